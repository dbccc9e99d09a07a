"""``desktop-ocr ocr FILE|DIR...``: OCR images, PDFs and folders and print each page as it is done.

Pages go out in input order, failed inputs included (as failed pages). Exit codes: 0 all
succeeded, 1 some input failed, 2 usage error.

A file written with ``--output`` is what the window's Export writes (CSV with a UTF-8 byte order
mark, see ``core.formats``); printed output has no byte order mark. Binary formats (docx) are
written only to a file.
"""

from __future__ import annotations

import argparse
import os
import sys

from desktop_ocr import settings

from .errors import UsageError
from .loading import load_matcher, make_engine


def cmd_ocr(args: argparse.Namespace) -> int:
    from desktop_ocr.core.files import write_atomic
    from desktop_ocr.core.formats import FORMATS, export_file, export_text
    from desktop_ocr.core.images import LoadError, expand_inputs
    from desktop_ocr.core.results import PageResult
    from desktop_ocr.core.runner import ThreadRunner
    from desktop_ocr.core.scheduler import PageDelivered

    conf = settings.from_args(args)
    if conf["workers"] < 1:
        raise UsageError("--workers must be at least 1")
    if args.format == "hits" and not conf["keywords"]:
        raise UsageError("--format hits needs --keywords FILE")
    fmt = FORMATS[args.format]
    if fmt.binary and not args.output:
        raise UsageError(f"--format {fmt.name} writes a file: give --output FILE{fmt.suffix}")
    if args.output and not os.path.isdir(os.path.dirname(os.path.abspath(args.output))):
        # said before the pages are read, not after
        raise UsageError(f"cannot write {args.output}: its folder does not exist")
    matcher = load_matcher(conf["keywords"])

    # jsonl is written as each page comes; every other format once, at the end, atomically
    streamed = args.output if args.format == "jsonl" else None
    try:
        out = open(streamed, "w", encoding="utf-8", newline="") if streamed else sys.stdout  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"cannot write {streamed}: {exc.strerror or exc}") from None
    failed = False
    # The input list mixes pages and per-file errors; each goes out in input order.
    items = list(expand_inputs(args.inputs, pdf_dpi=conf["pdf_dpi"]))
    sources = [it for it in items if not isinstance(it, LoadError)]
    engine = make_engine(conf["model_dir"])
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
        if args.format != "jsonl" and args.output:
            try:
                write_atomic(args.output, export_file(results, args.format))
            except OSError as exc:
                print(f"desktop-ocr: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
                return 1
        elif args.format != "jsonl":
            out.write(export_text(results, args.format))
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if failed else 0
