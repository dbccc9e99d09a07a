"""The units of work the scheduling policy hands out, and what a worker runs with them.

``Task`` (a page's detection, or one batch of its recognition) and ``Finishing`` (a page's
assembly and stop condition) hold their own references to what they read, taken under the
runner's lock, and run outside it; ``busy_ms`` is a page's own time from its tasks' spans.
``Source`` and ``Stages`` are the shapes of a page and of the OCR stages (fakes in tests).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from desktop_ocr.core.results import Line, PageResult

logger = logging.getLogger(__name__)


class Source(Protocol):
    """What a page comes from: ``core.images.PageSource`` or anything with the same shape."""

    path: str
    page: int | None

    def load(self) -> np.ndarray: ...


class Stages(Protocol):
    """The two units of work (``core.engine.OcrEngine`` in production, fakes in tests)."""

    def detect(self, image: np.ndarray, run_options: Any = None) -> np.ndarray: ...

    def recognize(self, image: np.ndarray, boxes: np.ndarray) -> list[list[Line]]: ...

    def assemble(
        self, path: str, page: int | None, shape: tuple[int, ...], lines: list, timings: dict
    ) -> PageResult: ...


@dataclass
class Task:
    """One unit of work. It holds its own references to what it reads, taken under the lock, so
    a cancel that releases the page meanwhile cannot pull the image from under a running task."""

    kind: str  # "detect" or "recognize"
    job: int
    index: int
    batch: int = -1  # which recognise batch of the page
    source: Source | None = field(default=None, repr=False)
    image: np.ndarray | None = field(default=None, repr=False)
    boxes: np.ndarray | None = field(default=None, repr=False)
    stages: Stages | None = field(default=None, repr=False)  # the job's own stages, if it has them
    interactive: bool = False
    # set by the runner on batch detect tasks so that an interactive capture can abort one
    run_options: Any = field(default=None, repr=False)
    preempted: bool = False

    def run(self, stages: Stages) -> Any:
        """The work itself, run by a worker outside the scheduler's lock."""
        stages = self.stages or stages
        if self.kind == "detect":
            assert self.source is not None
            t0 = time.perf_counter()
            image = self.source.load()
            t1 = time.perf_counter()
            boxes = stages.detect(image, run_options=self.run_options)
            t2 = time.perf_counter()
            return image, boxes, {"load": (t1 - t0) * 1000, "detect": (t2 - t1) * 1000}, (t0, t2)
        t0 = time.perf_counter()
        lines = stages.recognize(self.image, self.boxes)
        t1 = time.perf_counter()
        return lines, (t1 - t0) * 1000, (t0, t1)


def busy_ms(spans: Sequence[tuple[float, float]]) -> float:
    """How long at least one of the (start, end) spans was running, in ms: a page's own time.

    A page's recognise batches may run on several workers at once, so the sum of its task times
    can exceed the run itself (30 s "elapsed" in a 20 s run); their union cannot.
    """
    total, end = 0.0, float("-inf")
    for a, b in sorted(spans):
        if b > end:
            total += b - max(a, end)
            end = b
    return total * 1000


@dataclass
class Finishing:
    """A page whose lines are all read, to be assembled (reading order) and checked against the
    job's stop condition (keyword matching, with its regex time limit) OUTSIDE the lock: both can
    take long enough to stall the other worker. It holds copies of what it reads; the runner calls
    :meth:`run`, then hands the outcome back with :meth:`Scheduler.finish_page` under the lock."""

    job: int
    index: int
    page: Any = field(repr=False)  # the scheduler's record of the page (its source is read)
    stages: Stages = field(repr=False)
    stop_when: Callable[[PageResult], bool] | None = field(repr=False)
    shape: tuple[int, ...] = ()
    lines: list = field(default_factory=list, repr=False)
    timings: dict = field(default_factory=dict, repr=False)
    spans: list = field(default_factory=list, repr=False)  # (start, end) of the page's tasks

    def run(self) -> tuple[PageResult | None, bool, str | None]:
        """(result, stop condition held, error message). Never raises."""
        src = self.page.source
        try:
            t0 = time.perf_counter()
            result = self.stages.assemble(src.path, src.page, self.shape, self.lines, self.timings)
            # the page's own wall time: its tasks and its assembly, overlaps counted once
            result.elapsed_ms = busy_ms([*self.spans, (t0, time.perf_counter())])
        except Exception as exc:
            logger.exception("finishing page %d of job %d failed", self.index, self.job)
            return None, False, f"{type(exc).__name__}: {exc}"
        hit = False
        if self.stop_when is not None:
            try:
                hit = bool(self.stop_when(result))
            except Exception:  # a broken condition must not take the job down
                logger.exception("stop condition of job %d failed", self.job)
        return result, hit, None


__all__ = ["Finishing", "Source", "Stages", "Task", "busy_ms"]
