"""Many videos on a ThreadRunner (the command line): identical inputs read once, a few videos at a
time, each as a :class:`VideoJob`."""

from __future__ import annotations

import copy
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_ocr.core.scheduler import JobFinished, PageDelivered
from desktop_ocr.core.video.keyframes import (
    VideoError,
    file_digest,
)
from desktop_ocr.core.video.pipeline import VideoJob, VideoOptions
from desktop_ocr.core.video.report import VideoHit, VideoReport

logger = logging.getLogger(__name__)


def _join(thread: threading.Thread, timeout: float) -> None:
    """Join, through a second Ctrl-C too (the wait is bounded by one decoded frame)."""
    deadline = time.monotonic() + timeout
    while thread.is_alive() and time.monotonic() < deadline:
        try:
            thread.join(0.2)
        except KeyboardInterrupt:
            continue


def duplicate_map(paths: Sequence[str]) -> list[int | None]:
    """For each path, the index of an earlier input with identical bytes (or the same file), or
    None. Only files of equal size are hashed."""
    out: list[int | None] = [None] * len(paths)
    by_key: dict[Any, int] = {}
    sizes: dict[int, list[int]] = {}
    for i, p in enumerate(paths):
        real = os.path.realpath(p)
        if real in by_key:
            out[i] = by_key[real]
            continue
        by_key[real] = i
        if os.path.isfile(p):
            sizes.setdefault(os.path.getsize(p), []).append(i)
    for group in sizes.values():
        if len(group) < 2:
            continue
        first_of: dict[str, int] = {}
        for i in group:
            try:
                digest = file_digest(paths[i])
            except OSError:
                continue
            if digest in first_of:
                out[i] = first_of[digest]
            else:
                first_of[digest] = i
    return out


@dataclass
class _Active:
    index: int
    job: VideoJob
    thread: threading.Thread
    new_hits: list[VideoHit] = field(default_factory=list)


def run_videos(
    paths: Sequence[str | os.PathLike[str]],
    runner: Any,
    *,
    matcher: Any = None,
    options: VideoOptions | None = None,
    parallel: int = 2,
    on_report: Callable[[VideoReport], None] | None = None,
) -> list[VideoReport]:
    """Review ``paths`` on a ``ThreadRunner``: one open-ended job per video, up to ``parallel`` at
    once (the next video decodes while the last one's tail is OCRed). Reports come back in input
    order; an unreadable video gets a report with ``error`` and the others go on."""
    paths = [os.fspath(p) for p in paths]
    options = options or VideoOptions()
    dups = duplicate_map(paths)
    reports: list[VideoReport | None] = [None] * len(paths)
    todo = [i for i, d in enumerate(dups) if d is None]
    active: dict[int, _Active] = {}

    def done(i: int, report: VideoReport) -> None:
        reports[i] = report
        if on_report is not None:
            on_report(report)

    try:
        while todo or active:
            while todo and len(active) < max(1, parallel):
                i = todo.pop(0)
                job = VideoJob(paths[i], matcher, options)
                try:
                    job.open()
                except VideoError as exc:
                    done(i, VideoReport(paths[i], error=str(exc)))
                    continue
                jid = runner.submit([], stop_when=job.stop_when, open_ended=True)
                active[jid] = _Active(i, job, job.start_feeding(runner, jid))
            if not active:
                break
            ev = runner.events.get()
            a = active.get(getattr(ev, "job", None))
            if a is None:
                continue
            if isinstance(ev, PageDelivered):
                a.job.on_page(ev.index, ev.result)
            elif isinstance(ev, JobFinished):
                report = a.job.finish(ev)
                a.thread.join(timeout=10)
                del active[ev.job]
                done(a.index, report)
    finally:
        for jid, a in active.items():  # interrupted (Ctrl+C): stop what is running
            runner.cancel(jid)
            a.job.close()
        # ...and wait for the feeders, which join their decoders: a decoder thread still inside
        # OpenCV or ONNX Runtime when the interpreter shuts down can abort the process.
        for a in active.values():
            _join(a.thread, 10.0)
    for i, d in enumerate(dups):
        if d is not None and reports[d] is not None:
            dup = copy.copy(reports[d])
            dup.path, dup.duplicate_of, dup.elapsed_s = paths[i], paths[d], 0.0
            reports[i] = dup
            if on_report is not None:
                on_report(dup)
    return [r for r in reports if r is not None]
