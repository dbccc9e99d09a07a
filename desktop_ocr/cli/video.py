"""``desktop-ocr video FILE|DIR...``: review videos or frame folders against a keyword list.

Output: JSON (one object per video, a list when several), CSV (events and hits, one table) or SRT
(the events). Exit codes like ``ocr``: 0 all inputs read, 1 any input failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys

from desktop_ocr import settings
from desktop_ocr.core.files import output_problem, write_atomic
from desktop_ocr.core.formats import file_bytes
from desktop_ocr.core.pages import display_name
from desktop_ocr.core.video.report import VideoReport, reports_to_csv

from .errors import UsageError
from .loading import load_matcher

logger = logging.getLogger(__name__)


def _write_srt(reports: list[VideoReport], output: str | None) -> None:
    """One video: its SRT. Several: one ``<name>.srt`` each into the --output folder, or, on
    standard output, each preceded by a ``==> path <==`` line (as ``tail`` does)."""
    if output and len(reports) > 1 and (os.path.isdir(output) or output.endswith(("/", os.sep))):
        os.makedirs(output, exist_ok=True)
        taken: set[str] = set()
        for r in reports:
            stem = os.path.splitext(os.path.basename(r.path.rstrip("/\\")))[0] or "video"
            name, n = stem + ".srt", 1
            while name in taken:  # a/clip.mp4 and b/clip.mp4: clip.srt and clip-2.srt
                n += 1
                name = f"{stem}-{n}.srt"
            taken.add(name)
            write_atomic(os.path.join(output, name), r.to_srt())
        return
    if len(reports) == 1:
        text = reports[0].to_srt()
    else:
        text = "\n".join(f"==> {r.path} <==\n{r.to_srt()}" for r in reports)
    _write(text, output)


def _srt_folder(args: argparse.Namespace) -> bool:
    """``--format srt`` of several inputs into a folder: one file each (see _write_srt)."""
    out = args.output or ""
    return (
        args.format == "srt" and len(args.inputs) > 1 and (os.path.isdir(out) or out.endswith(("/", os.sep)))
    )


def _write(text: str, output: str | None, bom: bool = False) -> None:
    """``text`` to the ``output`` file, or printed; ``bom``: a file starts with a UTF-8 byte order
    mark, as the ocr command's CSV does (Excel reads Chinese then), printed text never does."""
    if output:
        write_atomic(output, file_bytes(text, bom))  # a temporary file renamed at the end: never half a file
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def cmd_video(args: argparse.Namespace) -> int:
    from desktop_ocr.core.video.batch import run_videos
    from desktop_ocr.core.video.frames import video_engine_options
    from desktop_ocr.core.video.pipeline import VideoOptions, parse_region

    from .loading import cluster_runner, make_engine

    region = None
    if args.region:
        try:
            region = parse_region(args.region)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
    conf = settings.from_args(args)
    workers = conf["workers"]
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.stop_at_first_hit and not args.keywords:
        print("desktop-ocr: warning: --stop-at-first-hit without --keywords never stops", file=sys.stderr)
    if args.output and not _srt_folder(args):
        problem = output_problem(args.output, args.inputs)
        if problem:
            raise UsageError(problem)
    engine = None if conf["cluster"] else make_engine(conf, video_engine_options())
    matcher = load_matcher(args.keywords, conf["whole_words"])
    options = VideoOptions(
        region=region, stop_at_first_hit=args.stop_at_first_hit, evidence_dir=args.evidence_dir
    )

    from desktop_ocr.core.runner import ThreadRunner

    def progress(r: VideoReport) -> None:
        if r.damaged:
            print(
                f"desktop-ocr: {display_name(r.path)}: damaged video, could not decode {r.damage_text} "
                "(skipped to the next readable frame)",
                file=sys.stderr,
            )
        if r.error is not None:
            print(f"desktop-ocr: {r.error}", file=sys.stderr)
        else:
            logger.info(
                "%s: %d frames, %d keyframes, %d OCRed, %d events, %d hits%s in %.1f s",
                r.path,
                r.frames_total,
                r.keyframes,
                r.frames_ocr,
                len(r.events),
                len(r.hits),
                " (stopped at the first hit)" if r.stopped else "",
                r.elapsed_s or 0.0,
            )

    parallel = 2  # the next video decodes while the last one's tail is OCRed
    try:
        if conf["cluster"]:
            runner = cluster_runner(conf, video_engine_options())
            parallel = max(parallel, 2 * runner.nodes)  # enough keyframes to keep every node busy
        else:
            runner = ThreadRunner(engine, workers=workers)
        with runner:
            reports = run_videos(
                args.inputs, runner, matcher=matcher, options=options, parallel=parallel, on_report=progress
            )
    finally:
        if matcher is not None:
            matcher.close()

    if args.format == "json":
        obj = reports[0].to_dict() if len(reports) == 1 else [r.to_dict() for r in reports]
        _write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", args.output)
    elif args.format == "csv":
        _write(reports_to_csv(reports), args.output, bom=True)
    else:
        _write_srt(reports, args.output)
    # frames lost to damage are a failed input too: the review is incomplete
    return 1 if any(r.error is not None or r.damaged for r in reports) else 0
