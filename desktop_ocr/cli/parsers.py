"""The argument parsers: ``build_parser`` (the subcommands) and ``build_gui_parser`` (no subcommand:
the main window on the FILEs given).

``desktop-ocr --help`` is the window's parser: its own options, then the subcommands (their
one-line summaries, written once in ``SUBCOMMAND_HELP``); ``desktop-ocr COMMAND --help`` is the
subcommand's own help, with help text for every option and the choices of every choice option.
"""

from __future__ import annotations

import argparse
import textwrap

from desktop_ocr import __version__, settings
from desktop_ocr.core.formats import CLI_FORMATS, FORMATS

# each subcommand's one-line summary: `desktop-ocr --help` lists them, their parsers show them
SUBCOMMAND_HELP: dict[str, str] = {
    "ocr": "OCR images, PDFs and folders; print the text or write a file",
    "bench": "measure scheduling strategies side by side",
    "capture": "start a screen capture (bind this to a desktop shortcut)",
    "video": "review videos or frame folders against keywords",
    "training-data": "export corrected lines as PaddleOCR training data",
}
SUBCOMMANDS = tuple(SUBCOMMAND_HELP)
VIDEO_FORMATS = ("json", "csv", "srt")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"desktop-ocr {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (-vv for debug)")


def _format_help() -> str:
    """The ``ocr --format`` help, from the format table: what each format is, what needs a file."""
    names = ", ".join(f"{n} ({FORMATS[n].label})" for n in CLI_FORMATS)
    files = " and ".join(n for n in CLI_FORMATS if FORMATS[n].binary or FORMATS[n].to_file)
    bom = " and ".join(n for n in CLI_FORMATS if FORMATS[n].bom)
    return (
        f"output format, one of: {names} (default: jsonl). hits needs --keywords; "
        f"{files} need --output. A {bom} file written with --output starts with a UTF-8 byte "
        "order mark so that Excel reads Chinese; standard output never gets one"
    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="desktop-ocr",
        description="Local, offline OCR for screenshots, documents and video frames. "
        "With no subcommand, opens the main window (on the FILEs given; see desktop-ocr --help).",
    )
    _common(p)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    o = sub.add_parser(
        "ocr",
        help=SUBCOMMAND_HELP["ocr"],
        description=(
            "OCR images, PDFs and folders. Pages go out in input order; with jsonl (the default) "
            "each page is printed as soon as it is done. "
            "Exit code 0: all succeeded, 1: some input failed, 2: usage error."
        ),
    )
    o.add_argument(
        "inputs", nargs="+", metavar="FILE|DIR", help="images, PDFs, multi-page TIFFs or folders of them"
    )
    o.add_argument("--format", "-f", choices=CLI_FORMATS, default="jsonl", help=_format_help())
    o.add_argument("--output", "-o", metavar="PATH", help="write to PATH instead of standard output")
    settings.add_arguments(o)
    _common(o)

    b = sub.add_parser(
        "bench",
        help=SUBCOMMAND_HELP["bench"],
        description="Measure the scheduling strategies on rendered pages, side by side in one run, "
        "and print the figures (pages per second, memory).",
    )
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

    c = sub.add_parser(
        "capture",
        help=SUBCOMMAND_HELP["capture"],
        description="Ask the running window to start a screen capture; with none running, capture "
        "once and exit. Bind this to a desktop shortcut where the global hotkey cannot work "
        "(Wayland). The flags below apply to this capture.",
    )
    c.add_argument(
        "--config-dir", metavar="PATH", help="the settings and session folder of the instance to ask"
    )
    settings.add_arguments(c, include_gui_only=True)
    _common(c)

    v = sub.add_parser(
        "video",
        help=SUBCOMMAND_HELP["video"],
        description="Read the frames where the picture changes, group them into events and find "
        "the keywords. Exit codes like ocr: 0 all inputs read, 1 any input failed, 2 usage error.",
    )
    v.add_argument("inputs", nargs="+", metavar="FILE|DIR", help="video files or folders of frame images")
    v.add_argument("--keywords", metavar="FILE", help="keyword list file")
    settings.add_arguments(v, only=("whole_words",))
    v.add_argument(
        "--stop-at-first-hit", action="store_true", help="stop a video's OCR at its first keyword hit"
    )
    v.add_argument("--region", metavar="x,y,w,h", help="only watch this region of the frame for changes")
    v.add_argument(
        "--format",
        "-f",
        choices=VIDEO_FORMATS,
        default="json",
        help="output format, one of: json (a report per video), csv (events and hits, one table; "
        "a file written with --output starts with a UTF-8 byte order mark), srt (the events as "
        "subtitles) (default: json)",
    )
    v.add_argument(
        "--output",
        "-o",
        metavar="PATH",
        help="write to PATH instead of standard output (srt of several videos: a folder)",
    )
    v.add_argument("--evidence-dir", metavar="DIR", help="write an annotated PNG per keyword hit here")
    v.add_argument("--workers", type=int, default=None, help="OCR worker threads")
    settings.add_arguments(v, only=(*settings.ENGINE_SETTINGS, "cluster"))
    _common(v)

    t = sub.add_parser(
        "training-data",
        help=SUBCOMMAND_HELP["training-data"],
        description=(
            "Write the corrected lines of a session file or of 'desktop-ocr ocr' JSON/JSONL as "
            "PaddleOCR recognition training data (crop_img/ and rec_gt.txt) and their pages in "
            "PPOCRLabel's Label.txt format."
        ),
    )
    t.add_argument(
        "inputs",
        nargs="+",
        metavar="SESSION|JSON",
        help="session files saved by the window, or JSON/JSONL written by desktop-ocr ocr",
    )
    t.add_argument("--output", "-o", required=True, metavar="DIR", help="folder to write into")
    t.add_argument("--all-lines", action="store_true", help="every line, not only the corrected ones")
    _common(t)
    return p


def build_gui_parser() -> argparse.ArgumentParser:
    commands = "\n".join(f"  {name:<10} {text}" for name, text in SUBCOMMAND_HELP.items())
    p = argparse.ArgumentParser(
        prog="desktop-ocr",
        usage="%(prog)s [options] [FILE ...]\n       %(prog)s COMMAND [options] ...",
        # the raw formatter keeps the command list's lines; the description is wrapped here
        description=textwrap.fill(
            "Local, offline OCR for screenshots, documents and video frames. With no command, "
            "opens the main window on the FILEs given (a running window takes them instead).",
            78,
        ),
        epilog=f"commands for headless work (desktop-ocr COMMAND --help):\n{commands}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(p)
    p.add_argument("files", nargs="*", metavar="FILE", help="images, PDFs, videos or folders to open")
    p.add_argument(
        "--tray", action="store_true", help="start in the system tray only, without showing the window"
    )
    p.add_argument(
        "--config-dir", metavar="PATH", help="keep settings and session data in PATH (a separate instance)"
    )
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
