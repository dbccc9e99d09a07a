"""The ``desktop-ocr`` command: the GUI with no subcommand, headless work with one.

Exit codes: 0 when every input succeeded, 1 when any input failed, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from desktop_ocr import __version__, settings

logger = logging.getLogger(__name__)

SUBCOMMANDS = ("ocr", "bench", "capture", "video", "training-data")
FORMATS = ("jsonl", "json", "txt", "csv", "md", "hits")


class UsageError(Exception):
    pass


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
        choices=FORMATS,
        default="jsonl",
        help="output format (default: jsonl; hits: the keyword hits as CSV, with --keywords)",
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
    v.add_argument(
        "--stop-at-first-hit", action="store_true", help="stop a video's OCR at its first keyword hit"
    )
    v.add_argument("--region", metavar="x,y,w,h", help="only watch this region of the frame for changes")
    v.add_argument("--format", "-f", choices=("json", "csv", "srt"), default="json")
    v.add_argument("--output", "-o", metavar="PATH")
    v.add_argument("--evidence-dir", metavar="DIR", help="write an annotated PNG per keyword hit here")
    v.add_argument("--workers", type=int, default=None, help="OCR worker threads")
    settings.add_arguments(v, only=settings.ENGINE_SETTINGS)
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
    settings.add_arguments(p, include_gui_only=True)
    return p


def setup_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in argv if not a.startswith("-")), None)
    if first in SUBCOMMANDS or any(a in ("-h", "--help") for a in argv[:1]):
        args = build_parser().parse_args(argv)
        setup_logging(args.verbose)
        if args.command is None:
            return _gui(build_gui_parser().parse_args([]))
        try:
            if args.command == "ocr":
                return cmd_ocr(args)
            if args.command == "bench":
                from desktop_ocr.bench import run_bench

                return run_bench(args)
            if args.command == "capture":
                from desktop_ocr.gui.app import run_capture_command

                return run_capture_command(args)
            if args.command == "video":
                from desktop_ocr.core.video.cli import cmd_video

                return cmd_video(args)
            if args.command == "training-data":
                return cmd_training_data(args)
        except UsageError as exc:
            print(f"desktop-ocr: error: {exc}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            return 130
        return 2
    args = build_gui_parser().parse_args(argv)
    setup_logging(args.verbose)
    return _gui(args)


def _gui(args: argparse.Namespace) -> int:
    from desktop_ocr.gui.app import run_gui

    return run_gui(args)


def make_engine(conf: dict | None = None, options=None):
    """The engine for resolved settings (``settings.from_args``); a refused choice is a usage error."""
    from desktop_ocr.core.engine import build_engine
    from desktop_ocr.core.models import ModelSetError
    from desktop_ocr.core.script import ScriptError

    conf = conf or {}
    try:
        return build_engine(
            conf.get("model_dir", ""),
            conf.get("models", ""),
            conf.get("script", "as-read"),
            options=options,
        )
    except (ModelSetError, ScriptError) as exc:
        raise UsageError(str(exc)) from exc


def cmd_ocr(args: argparse.Namespace) -> int:
    from desktop_ocr.core.export import export_text
    from desktop_ocr.core.images import LoadError, expand_inputs
    from desktop_ocr.core.results import PageResult
    from desktop_ocr.core.runner import ThreadRunner
    from desktop_ocr.core.scheduler import PageDelivered

    conf = settings.from_args(args)
    if conf["workers"] < 1:
        raise UsageError("--workers must be at least 1")
    if args.format == "hits" and not conf["keywords"]:
        raise UsageError("--format hits needs --keywords FILE")
    matcher = None
    if conf["keywords"]:
        from desktop_ocr.core.keywords import KeywordFileError, KeywordList, KeywordMatcher

        try:
            matcher = KeywordMatcher(KeywordList.from_file(conf["keywords"]))
        except KeywordFileError as exc:
            raise UsageError(str(exc)) from exc
        for w in matcher.warnings:
            print(f"desktop-ocr: warning: {w}", file=sys.stderr)

    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
    failed = False
    # The input list mixes pages and per-file errors; each goes out in input order.
    items = list(expand_inputs(args.inputs, pdf_dpi=conf["pdf_dpi"]))
    sources = [it for it in items if not isinstance(it, LoadError)]
    engine = make_engine(conf)
    results: list[PageResult] = []

    def emit(result: PageResult) -> None:
        nonlocal failed
        if result.error is not None:
            failed = True
            print(f"desktop-ocr: {result.error}", file=sys.stderr)
        elif matcher is not None:
            matcher.match_page(result)
        if args.format == "jsonl":
            out.write(result.to_json() + "\n")
            out.flush()
        else:
            results.append(result)

    try:
        with ThreadRunner(engine, workers=conf["workers"]) as runner:
            jid = runner.submit(sources) if sources else None
            src_iter = iter(range(len(sources)))
            delivered = runner.iter_events({jid}) if jid is not None else iter(())
            for it in items:
                if isinstance(it, LoadError):
                    emit(PageResult.failure(it.path, it.page, it.message))
                    continue
                next(src_iter)
                for ev in delivered:
                    if isinstance(ev, PageDelivered):
                        res = ev.result
                        if res.error is not None and not res.error.startswith(os.path.basename(res.path)):
                            res.error = f"{os.path.basename(res.path)}: {res.error}"
                        emit(res)
                        break
        if args.format != "jsonl":
            out.write(export_text(results, args.format))
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if failed else 0


def cmd_training_data(args: argparse.Namespace) -> int:
    from desktop_ocr.core.training_data import TrainingDataError, export_training_data, read_pages

    pages = []
    for path in args.inputs:
        try:
            pages += read_pages(path)
        except TrainingDataError as exc:
            raise UsageError(str(exc)) from exc
    try:
        done = export_training_data(pages, args.output, all_lines=args.all_lines)
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot write ({exc.strerror or exc})") from exc
    print(done.summary(), file=sys.stderr)
    for problem in done.problems:
        print(f"desktop-ocr: {problem}", file=sys.stderr)
    return 1 if done.problems else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
