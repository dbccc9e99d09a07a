"""The argument parsers: ``build_parser`` (the subcommands) and ``build_gui_parser`` (no subcommand:
the main window on the FILEs given)."""

from __future__ import annotations

import argparse

from desktop_ocr import __version__, settings
from desktop_ocr.core.formats import CLI_FORMATS

SUBCOMMANDS = ("ocr", "bench", "capture", "video", "training-data")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"desktop-ocr {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (-vv for debug)")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="desktop-ocr",
        description="Local, offline OCR for screenshots, documents and video frames. "
        "With no subcommand, opens the main window (on the FILEs given).",
    )
    _common(p)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    o = sub.add_parser(
        "ocr",
        help="OCR images, PDFs and folders; print the text",
        description=(
            "OCR images, PDFs and folders. Each page is printed as soon as it is done (jsonl), "
            "in input order. Exit code 0: all succeeded, 1: some input failed, 2: usage error."
        ),
    )
    o.add_argument("inputs", nargs="+", metavar="FILE|DIR")
    o.add_argument(
        "--format",
        "-f",
        choices=CLI_FORMATS,
        default="jsonl",
        help="output format (default: jsonl; hits: the keyword hits as CSV, with --keywords; "
        "pdf: one searchable PDF of all pages, with --output)",
    )
    o.add_argument("--output", "-o", metavar="PATH", help="write to PATH instead of standard output")
    settings.add_arguments(o)
    _common(o)

    b = sub.add_parser("bench", help="measure scheduling strategies side by side")
    b.add_argument("--pages", type=int, default=32, help="pages in the batch (default: 32)")
    b.add_argument("--workers", type=int, default=2, help="worker threads (default: 2)")
    b.add_argument("--json", action="store_true", help="print the figures as JSON")
    b.add_argument("--rounds", type=int, default=3, help="repeated batches for the memory check (default: 3)")
    b.add_argument("--only", default="", help="comma-separated subset of sections to run (debugging)")
    b.add_argument(
        "--memory",
        action="store_true",
        help="instead: peak RSS of one worker on a 2000x2536 page, RSS after a batch, and RSS "
        "growth over --small-pages small pages, each in a fresh process",
    )
    b.add_argument("--small-pages", type=int, default=600, help="pages for the growth figure (default: 600)")
    settings.add_arguments(b, only=settings.ENGINE_SETTINGS)
    _common(b)

    c = sub.add_parser("capture", help="start a screen capture (bind this to a desktop shortcut)")
    c.add_argument(
        "--config-dir", metavar="PATH", help="the settings and session folder of the instance to ask"
    )
    settings.add_arguments(c, include_gui_only=True)
    _common(c)

    v = sub.add_parser("video", help="review videos or frame folders against keywords")
    v.add_argument("inputs", nargs="+", metavar="FILE|DIR")
    v.add_argument("--keywords", metavar="FILE", help="keyword list file")
    settings.add_arguments(v, only=("whole_words",))
    v.add_argument(
        "--stop-at-first-hit", action="store_true", help="stop a video's OCR at its first keyword hit"
    )
    v.add_argument("--region", metavar="x,y,w,h", help="only watch this region of the frame for changes")
    v.add_argument("--format", "-f", choices=("json", "csv", "srt"), default="json")
    v.add_argument("--output", "-o", metavar="PATH")
    v.add_argument("--evidence-dir", metavar="DIR", help="write an annotated PNG per keyword hit here")
    v.add_argument("--workers", type=int, default=None, help="OCR worker threads")
    settings.add_arguments(v, only=(*settings.ENGINE_SETTINGS, "cluster"))
    _common(v)

    t = sub.add_parser(
        "training-data",
        help="export corrected lines as PaddleOCR training data",
        description=(
            "Write the corrected lines of a session file or of 'desktop-ocr ocr' JSON/JSONL as "
            "PaddleOCR recognition training data (crop_img/ and rec_gt.txt) and their pages in "
            "PPOCRLabel's Label.txt format."
        ),
    )
    t.add_argument("inputs", nargs="+", metavar="SESSION|JSON")
    t.add_argument("--output", "-o", required=True, metavar="DIR", help="folder to write into")
    t.add_argument("--all-lines", action="store_true", help="every line, not only the corrected ones")
    _common(t)
    return p


def build_gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="desktop-ocr",
        description="Local, offline OCR. Opens the main window on the FILEs given; "
        f"subcommands for headless work: {', '.join(SUBCOMMANDS)} (desktop-ocr COMMAND --help).",
    )
    _common(p)
    p.add_argument("files", nargs="*", metavar="FILE", help="images, PDFs, videos or folders to open")
    p.add_argument("--tray", action="store_true", help="start in the system tray only")
    p.add_argument("--config-dir", metavar="PATH", help="keep settings and session data in PATH")
    d = p.add_mutually_exclusive_group()
    d.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add Desktop OCR to this user's applications menu (XDG folders) and exit",
    )
    d.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help="remove the menu entry, icon and autostart entry written by --install-desktop-entry",
    )
    p.add_argument(
        "--autostart", action="store_true", help="with --install-desktop-entry: start in the tray at login"
    )
    settings.add_arguments(p, include_gui_only=True)
    return p
