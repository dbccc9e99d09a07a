"""``desktop-ocr training-data``: corrected lines as PaddleOCR recognition training data."""

from __future__ import annotations

import argparse
import sys

from .errors import UsageError


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
