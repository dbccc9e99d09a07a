"""``desktop-ocr ocr FILE|DIR...``: OCR images, PDFs and folders and print each page as it is done.

Pages go out in input order, failed inputs included (as failed pages). Exit codes: 0 all
succeeded, 1 some input failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys

from desktop_ocr import settings

from .errors import UsageError
from .loading import cluster_runner, load_matcher, make_engine


def cmd_ocr(args: argparse.Namespace) -> int:
    from desktop_ocr.core.formats import export_text
    from desktop_ocr.core.images import LoadError, expand_inputs
    from desktop_ocr.core.results import PageResult
    from desktop_ocr.core.runner import ThreadRunner
    from desktop_ocr.core.scheduler import PageDelivered

    conf = settings.from_args(args)
    if conf["workers"] < 1:
        raise UsageError("--workers must be at least 1")
    if args.format == "hits" and not conf["keywords"]:
        raise UsageError("--format hits needs --keywords FILE")
    matcher = load_matcher(conf["keywords"])

    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
    failed = False
    # The input list mixes pages and per-file errors; each goes out in input order.
    items = list(expand_inputs(args.inputs, pdf_dpi=conf["pdf_dpi"]))
    sources = [it for it in items if not isinstance(it, LoadError)]
    if conf["cluster"]:
        runner = cluster_runner(conf["cluster"], conf["model_dir"])
    else:
        runner = ThreadRunner(make_engine(conf["model_dir"]), workers=conf["workers"])
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
        with runner:
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
