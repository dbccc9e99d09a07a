"""``desktop-ocr ocr FILE|DIR...``: OCR images, PDFs and folders and print each page as it is done.

Pages go out in input order, failed inputs included (as failed pages). Exit codes: 0 all
succeeded, 1 some input failed, 2 usage error.

A file written with ``--output`` is what the window's Export writes (CSV with a UTF-8 byte order
mark, see ``core.formats``); printed output has no byte order mark. Binary formats (docx) are
written only to a file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from desktop_ocr import settings
from desktop_ocr.core.files import output_problem
from desktop_ocr.core.pages import display_name

from .errors import UsageError
from .loading import cluster_runner, load_matcher, make_engine


def cmd_ocr(args: argparse.Namespace) -> int:
    from desktop_ocr.core.files import AtomicOutput, write_atomic
    from desktop_ocr.core.formats import FORMATS, export_file, export_text
    from desktop_ocr.core.images import LoadError, expand_inputs
    from desktop_ocr.core.results import PageResult
    from desktop_ocr.core.runner import ThreadRunner
    from desktop_ocr.core.scheduler import PageDelivered

    conf = settings.from_args(args)
    fmt = FORMATS[args.format]
    if conf["workers"] < 1:
        raise UsageError("--workers must be at least 1")
    if args.format == "hits" and not conf["keywords"]:
        raise UsageError("--format hits needs --keywords FILE")
    if (fmt.to_file or fmt.binary) and not args.output:
        raise UsageError(f"--format {fmt.name} needs --output FILE{fmt.suffix}")
    matcher = load_matcher(conf["keywords"], conf["whole_words"])

    check_output(args.output, args.inputs)
    failed = False
    # The input list mixes pages and per-file errors; each goes out in input order.
    items = list(expand_inputs(args.inputs, pdf_dpi=conf["pdf_dpi"]))
    sources = [it for it in items if not isinstance(it, LoadError)]
    check_output(args.output, [s.path for s in sources])  # a page found inside a folder
    engine = None if conf["cluster"] else make_engine(conf)

    def make_runner():
        """This machine's workers, or the cluster's (``--cluster``: Ray is imported only then)."""
        return cluster_runner(conf) if conf["cluster"] else ThreadRunner(engine, workers=conf["workers"])

    def in_order(runner: ThreadRunner):
        """Every input's result, in input order, as soon as it and those before it are read."""
        nonlocal failed
        jid = runner.submit(sources) if sources else None
        delivered = runner.iter_events({jid}) if jid is not None else iter(())
        for it in items:
            if isinstance(it, LoadError):
                res = PageResult.failure(it.path, it.page, it.message)
            else:
                res = next(ev.result for ev in delivered if isinstance(ev, PageDelivered))
                name = display_name(res.path)
                if res.error is not None and not res.error.startswith(name):
                    res.error = f"{name}: {res.error}"
            if res.error is not None:
                failed = True
                print(f"desktop-ocr: {res.error}", file=sys.stderr)
            elif matcher is not None:
                matcher.match_page(res)
            yield res

    if fmt.to_file:
        # written page by page as the pages come: a long document is never all in memory
        from desktop_ocr.core.pdf_writer import PdfPageError

        try:
            with make_runner() as runner:
                fmt.export(args.output, ((r, None) for r in in_order(runner)))
        except PdfPageError as exc:
            print(f"desktop-ocr: {exc}", file=sys.stderr)
            return 1
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        return 1 if failed else 0

    # The output is written under a temporary name and renamed at the end: an interrupted or
    # failed run leaves the old file as it was.
    # a CSV file starts with a UTF-8 byte order mark (Excel), printed output never does
    out = AtomicOutput(args.output, bom=fmt.bom) if args.output and not fmt.binary else sys.stdout
    results: list[PageResult] = []
    try:
        with make_runner() as runner:
            for res in in_order(runner):
                if args.format == "jsonl":
                    out.write(res.to_json() + "\n")
                    out.flush()
                else:
                    results.append(res)
        if fmt.binary:  # a Word document: made from every page at the end
            try:
                write_atomic(args.output, export_file(results, args.format, join_mode=conf["join_mode"]))
            except OSError as exc:
                raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        elif args.format != "jsonl":
            out.write(export_text(results, args.format, conf["join_mode"]))
        if isinstance(out, AtomicOutput):
            out.commit()
    finally:
        if isinstance(out, AtomicOutput) and not out.closed:
            out.discard()
    return 1 if failed else 0


def check_output(output: str | None, inputs: Sequence[str]) -> None:
    """Refuse an ``--output`` that cannot be written or would replace an input, before any work."""
    problem = output_problem(output, inputs) if output else None
    if problem:
        raise UsageError(problem)
