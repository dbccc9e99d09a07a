"""``main``: pick the subcommand (or the GUI) and turn usage errors into exit code 2.

Exit codes: 0 when every input succeeded, 1 when any input failed, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from .errors import UsageError
from .parsers import SUBCOMMANDS, build_gui_parser, build_parser

logger = logging.getLogger(__name__)


def setup_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    # each command's module is imported only when it runs: `desktop-ocr ocr` never loads Qt
    if args.command == "ocr":
        from .ocr import cmd_ocr

        return cmd_ocr(args)
    if args.command == "bench":
        if args.memory:
            from desktop_ocr.bench.memory import run_memory_bench

            return run_memory_bench(args.workers, max(60, args.small_pages), args.json)
        from desktop_ocr.bench import run_bench

        return run_bench(args)
    if args.command == "capture":
        from .capture import cmd_capture

        return cmd_capture(args)
    if args.command == "video":
        from .video import cmd_video

        return cmd_video(args)
    if args.command == "training-data":
        from .training_data import cmd_training_data

        return cmd_training_data(args)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in argv if not a.startswith("-")), None)
    if first in SUBCOMMANDS or any(a in ("-h", "--help") for a in argv[:1]):
        args = build_parser().parse_args(argv)
        setup_logging(args.verbose)
        if args.command is None:
            return _gui(build_gui_parser().parse_args([]))
        try:
            return _run(args)
        except UsageError as exc:
            print(f"desktop-ocr: error: {exc}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            # the runners have stopped their workers on the way out (see ThreadRunner.close)
            print("desktop-ocr: interrupted", file=sys.stderr)
            return 130
    args = build_gui_parser().parse_args(argv)
    setup_logging(args.verbose)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        from desktop_ocr.platform.desktop_entry import run_command

        return run_command(args.install_desktop_entry, args.uninstall_desktop_entry, args.autostart)
    return _gui(args)


def _gui(args: argparse.Namespace) -> int:
    from desktop_ocr.gui.app import run_gui

    return run_gui(args)
