"""The work-stealing scheduling policy: which detect or recognise task an idle worker takes next.

Pure Python and deterministic; not thread-safe by itself: a runner (``core.runner`` with plain
threads, ``gui.qt_runner`` on a QThreadPool) calls it under one lock and runs the returned tasks
outside that lock.

Rules, in order of application:
  a. recognition before detection, the earliest page of the highest-priority job first, so pages
     complete early and in order (and few detected pages wait in memory);
  b. when fewer pages of a job wait for detection than there are workers, its detection goes first,
     so no worker idles at the tail waiting for another's detection;
  c. interactive jobs (a screen capture) come before batches; among batches the newest first;
  d. a job may carry a stop condition (a keyword hit): once it holds, the job's remaining tasks are
     dropped and the tasks in flight finish and are discarded;
  e. one job, or all, can be cancelled at any time (same dropping as d);
  f. a failing task fails its page with a message, never the worker or the job.

Pages of a job are delivered in page order: a page finished early waits for its predecessors.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from desktop_ocr.core.jobevents import (  # noqa: F401  (re-exported: the runners' consumers import them here)
    Event,
    JobFinished,
    JobProgress,
    PageDelivered,
    PageState,
    PageStateChanged,
)
from desktop_ocr.core.results import Line, PageResult
from desktop_ocr.core.tasks import (  # noqa: F401  (re-exported: the runners and tests import them here)
    Finishing,
    Source,
    Stages,
    Task,
    busy_ms,
)

logger = logging.getLogger(__name__)

SKIPPED_MESSAGE = "removed before it was read"  # the result of a page dropped by ``skip``


@dataclass
class _Page:
    index: int
    source: Source
    state: PageState = PageState.QUEUED
    image: np.ndarray | None = None
    boxes: np.ndarray | None = None
    batches: list[np.ndarray] = field(default_factory=list)
    lines: list[list[Line] | None] = field(default_factory=list)  # per box, once its batch is read
    pending: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    spans: list[tuple[float, float]] = field(default_factory=list)  # when its tasks ran
    result: PageResult | None = None


@dataclass
class _Job:
    id: int
    seq: int
    interactive: bool
    pages: list[_Page]
    stop_when: Callable[[PageResult], bool] | None
    next_detect: int = 0
    rec_heap: list[tuple[int, int]] = field(default_factory=list)  # (page index, batch)
    next_deliver: int = 0
    done: int = 0
    failed: int = 0
    in_flight: int = 0
    stopped: bool = False
    cancelled: bool = False
    finished: bool = False
    sealed: bool = True  # False while a stream (video keyframes) may still add pages
    stages: Stages | None = None  # e.g. video keyframes run a band-sized engine in the same pool
    stop_at: int | None = None  # the earliest page whose result met the stop condition
    redo: list[int] = field(default_factory=list)  # pages whose detection was preempted, to redo first
    batch_ways: int = 1  # recognition batches are split as for this many workers (see _split)

    @property
    def waiting_detect(self) -> int:
        return len(self.pages) - self.next_detect + len(self.redo)


class Scheduler:
    def __init__(self, workers: int, max_batch: int = 12, min_batch: int = 3):
        self.workers = max(1, workers)
        self.max_batch = max_batch
        self.min_batch = min_batch
        self._jobs: dict[int, _Job] = {}
        self._ids = itertools.count(1)

    # -- submitting and stopping ----------------------------------------------------------------
    def submit(
        self,
        sources: Sequence[Source],
        *,
        interactive: bool = False,
        stop_when: Callable[[PageResult], bool] | None = None,
        open_ended: bool = False,
        stages: Stages | None = None,
        priority: int | None = None,
        batch_ways: int | None = None,
    ) -> tuple[int, list[Event]]:
        """Add a job. An ``open_ended`` job takes more pages with ``extend`` until ``seal``;
        ``stages`` replaces the runner's stages for this job's tasks; ``priority`` replaces the
        submission order in rule c (higher first: a cluster node orders the pages it is sent by
        their submission on the client, not by their arrival); ``batch_ways`` splits each page's
        lines into recognition batches as this many workers would (default: this scheduler's),
        so that a cluster node reads a page exactly as the client's own machine would."""
        jid = next(self._ids)
        job = _Job(
            jid,
            jid if priority is None else priority,
            interactive,
            [_Page(i, s) for i, s in enumerate(sources)],
            stop_when,
        )
        job.sealed = not open_ended
        job.stages = stages
        job.batch_ways = max(1, batch_ways or self.workers)
        self._jobs[jid] = job
        events: list[Event] = []
        if not job.pages and job.sealed:
            events.append(self._finish(job))
        return jid, events

    def extend(self, job_id: int, sources: Sequence[Source]) -> list[Event]:
        """More pages for an open-ended job; ignored once it is finished (stopped, cancelled)."""
        job = self._jobs.get(job_id)
        if job is None or job.finished or job.stop_at is not None:
            return []
        base = len(job.pages)
        job.pages.extend(_Page(base + i, s) for i, s in enumerate(sources))
        return []

    def seal(self, job_id: int) -> list[Event]:
        """No more pages will come: the job finishes once its pages are through."""
        job = self._jobs.get(job_id)
        if job is None or job.finished:
            return []
        job.sealed = True
        return self._deliver(job)

    def cancel(self, job_id: int) -> list[Event]:
        job = self._jobs.get(job_id)
        if job is None or job.finished:
            return []
        job.cancelled = True
        return self._drop_rest(job)

    def cancel_all(self) -> list[Event]:
        events: list[Event] = []
        for jid in list(self._jobs):
            events += self.cancel(jid)
        return events

    def skip(self, job_id: int, indexes: Sequence[int]) -> list[Event]:
        """Drop these pages of a job before they are read (the user removed them). A page not
        started yet is delivered at its turn as skipped (a failure result, ``SKIPPED_MESSAGE``)
        with no work done; a page already being read is finished as usual."""
        job = self._jobs.get(job_id)
        if job is None or job.finished:
            return []
        events: list[Event] = []
        redo = set(job.redo)
        for i in sorted(set(indexes)):
            if not job.next_deliver <= i < len(job.pages):
                continue
            page = job.pages[i]
            if page.state != PageState.QUEUED or (i < job.next_detect and i not in redo):
                continue
            page.state = PageState.SKIPPED
            page.result = PageResult.failure(page.source.path, page.source.page, SKIPPED_MESSAGE)
            events.append(PageStateChanged(job.id, i, PageState.SKIPPED))
        job.redo = [i for i in job.redo if job.pages[i].state != PageState.SKIPPED]
        heapq.heapify(job.redo)
        self._pass_skipped(job)
        return events + self._deliver(job)

    @staticmethod
    def _pass_skipped(job: _Job) -> None:
        while job.next_detect < len(job.pages) and job.pages[job.next_detect].state == PageState.SKIPPED:
            job.next_detect += 1

    @property
    def busy(self) -> bool:
        return any(not j.finished or j.in_flight for j in self._jobs.values())

    def is_finished(self, job_id: int) -> bool:
        job = self._jobs.get(job_id)
        return job is None or job.finished

    # -- the policy ------------------------------------------------------------------------------
    def next_task(self) -> Task | None:
        """The task an idle worker should run now, or None when nothing is ready."""
        jobs = sorted(
            (j for j in self._jobs.values() if not j.finished),
            key=lambda j: (not j.interactive, -j.seq),
        )
        for job in jobs:
            self._pass_skipped(job)
            detect_first = job.waiting_detect > 0 and (not job.rec_heap or job.waiting_detect < self.workers)
            if detect_first:
                if job.redo:
                    page = job.pages[heapq.heappop(job.redo)]
                else:
                    page = job.pages[job.next_detect]
                    job.next_detect += 1
                job.in_flight += 1
                page.state = PageState.DETECTING
                return Task(
                    "detect",
                    job.id,
                    page.index,
                    source=page.source,
                    stages=job.stages,
                    interactive=job.interactive,
                )
            if job.rec_heap:
                index, batch = heapq.heappop(job.rec_heap)
                job.in_flight += 1
                page = job.pages[index]
                return Task(
                    "recognize",
                    job.id,
                    index,
                    batch,
                    image=page.image,
                    boxes=page.boxes[page.batches[batch]],
                    stages=job.stages,
                )
        return None

    def state_event(self, task: Task) -> Event | None:
        """The page-state change that taking ``task`` means to a user (detecting), if any."""
        if task.kind == "detect":
            return PageStateChanged(task.job, task.index, PageState.DETECTING)
        return None

    def complete(self, task: Task, outcome: Any, stages: Stages) -> list[Event]:
        """``complete_task`` and, when it leaves a page to finish, finishing it at once: for a
        caller that runs everything on one thread (tests)."""
        events, finishing = self.complete_task(task, outcome, stages)
        if finishing is not None:
            events += self.finish_page(finishing, *finishing.run())
        return events

    def complete_task(self, task: Task, outcome: Any, stages: Stages) -> tuple[list[Event], Finishing | None]:
        """Take a task's outcome. When it was the page's last, the page is returned as a
        :class:`Finishing` for the caller to run outside its lock."""
        job = self._jobs[task.job]
        stages = job.stages or stages
        job.in_flight -= 1
        if task.index >= len(job.pages):  # dropped by a stop while the task ran
            return self._forget_if_idle(job), None
        page = job.pages[task.index]
        if job.finished:  # cancelled or stopped while the task ran: discard its work
            self._release(page)
            return self._forget_if_idle(job), None
        if page.state == PageState.FAILED:  # another batch of this page failed: nothing to add
            return [], None
        events: list[Event] = []
        finishing = None
        if task.kind == "detect":
            image, boxes, timings, span = outcome
            page.image, page.boxes = image, boxes
            page.timings.update(timings)
            page.spans.append(span)
            page.lines = [None] * len(boxes)
            page.batches = self._split(boxes, job.batch_ways)
            page.pending = len(page.batches)
            if page.pending == 0:
                finishing = self._finishing(job, page, stages)
            else:
                page.state = PageState.RECOGNIZING
                events.append(PageStateChanged(job.id, page.index, PageState.RECOGNIZING))
                for b in range(page.pending):
                    heapq.heappush(job.rec_heap, (page.index, b))
        else:
            lines, ms, span = outcome
            for i, ln in zip(page.batches[task.batch], lines):
                page.lines[int(i)] = ln
            page.timings["recognize"] = page.timings.get("recognize", 0.0) + ms
            page.spans.append(span)
            page.pending -= 1
            if page.pending == 0:
                finishing = self._finishing(job, page, stages)
        return events, finishing

    def requeue(self, task: Task) -> list[Event]:
        """A detect task aborted to make room for an interactive job: its page waits again."""
        job = self._jobs[task.job]
        job.in_flight -= 1
        if job.finished or task.index >= len(job.pages):
            return self._forget_if_idle(job)
        page = job.pages[task.index]
        page.state = PageState.QUEUED
        heapq.heappush(job.redo, task.index)
        return [PageStateChanged(job.id, page.index, PageState.QUEUED)]

    def fail(self, task: Task, message: str) -> list[Event]:
        job = self._jobs[task.job]
        job.in_flight -= 1
        if task.index >= len(job.pages):  # dropped by a stop while the task ran
            return self._forget_if_idle(job)
        page = job.pages[task.index]
        if job.finished:
            self._release(page)
            return self._forget_if_idle(job)
        if page.state == PageState.FAILED:  # another batch of the same page failed first
            return []
        # the page's other recognise batches are dropped; those already running are discarded
        job.rec_heap = [(i, b) for i, b in job.rec_heap if i != page.index]
        heapq.heapify(job.rec_heap)
        page.state = PageState.FAILED
        page.result = PageResult.failure(page.source.path, page.source.page, message)
        self._release(page)
        job.failed += 1
        return self._deliver(job)

    # -- internals -------------------------------------------------------------------------------
    def _split(self, boxes: np.ndarray, ways: int) -> list[np.ndarray]:
        """Recognise batches, sized so that ``ways`` workers can share one page's lines.

        Boxes of similar width share a batch so that the recogniser pads little. A batch pads its
        lines to its widest, which can change a rare character: the same split gives the same text.
        """
        n = len(boxes)
        if n == 0:
            return []
        size = max(self.min_batch, min(self.max_batch, math.ceil(n / ways)))
        widths = np.linalg.norm(boxes[:, 1] - boxes[:, 0], axis=1) / np.maximum(
            np.linalg.norm(boxes[:, 3] - boxes[:, 0], axis=1), 1.0
        )
        order = np.argsort(widths, kind="stable")
        return [order[i : i + size] for i in range(0, n, size)]

    def _finishing(self, job: _Job, page: _Page, stages: Stages) -> Finishing:
        # the page stays in flight until finish_page: a cancel meanwhile must not forget the job
        job.in_flight += 1
        fin = Finishing(
            job.id,
            page.index,
            page,
            stages,
            job.stop_when,
            page.image.shape,
            list(page.lines),
            dict(page.timings),
            list(page.spans),
        )
        self._release(page)
        return fin

    def finish_page(
        self, fin: Finishing, result: PageResult | None, hit: bool, error: str | None
    ) -> list[Event]:
        """A finished page comes back (see :class:`Finishing`). The job may have been cancelled or
        stopped at an earlier page meanwhile: the result is then discarded."""
        job = self._jobs.get(fin.job)
        if job is None:
            return []
        job.in_flight -= 1
        if fin.index >= len(job.pages) or job.pages[fin.index] is not fin.page or job.finished:
            return self._forget_if_idle(job)
        page = fin.page
        if error is not None or result is None:
            page.state = PageState.FAILED
            page.result = PageResult.failure(page.source.path, page.source.page, error or "no result")
            job.failed += 1
            return self._deliver(job)
        page.result = result
        page.state = PageState.DONE
        job.done += 1
        events: list[Event] = []
        if hit and (job.stop_at is None or page.index < job.stop_at):
            # Stop at this page: pages after it are dropped; pages before it still finish,
            # since one of them may hold an earlier hit (the first hit is the one that counts).
            job.stopped = True
            job.stop_at = page.index
            events += self._drop_after(job, page.index)
        return events + self._deliver(job)

    def _drop_after(self, job: _Job, index: int) -> list[Event]:
        events: list[Event] = []
        job.rec_heap = [(i, b) for i, b in job.rec_heap if i <= index]
        heapq.heapify(job.rec_heap)
        job.redo = [i for i in job.redo if i <= index]
        heapq.heapify(job.redo)
        for page in job.pages[index + 1 :]:
            if page.state not in (PageState.DONE, PageState.FAILED, PageState.SKIPPED):
                page.state = PageState.SKIPPED
                events.append(PageStateChanged(job.id, page.index, PageState.SKIPPED))
            page.result = None
            self._release(page)
        del job.pages[index + 1 :]  # the job now ends at the hit
        job.next_detect = min(job.next_detect, len(job.pages))
        job.sealed = True
        return events

    def _deliver(self, job: _Job) -> list[Event]:
        """Pass on finished pages in page order, then finish the job when all are through."""
        events: list[Event] = []
        while job.next_deliver < len(job.pages):
            page = job.pages[job.next_deliver]
            if page.result is None:
                break
            state = PageState.DONE if page.result.error is None else PageState.FAILED
            if page.state == PageState.SKIPPED:
                state = PageState.SKIPPED
            events.append(PageStateChanged(job.id, page.index, state))
            events.append(PageDelivered(job.id, page.index, page.result))
            page.result = None  # the receiver owns it now
            job.next_deliver += 1
            events.append(JobProgress(job.id, job.next_deliver, len(job.pages)))
        if job.sealed and job.next_deliver == len(job.pages) and not job.finished:
            events.append(self._finish(job))
        return events

    def _drop_rest(self, job: _Job) -> list[Event]:
        """Stop or cancel: drop every queued task and finish the job.

        On a stop, the pages already finished are still delivered in order (the hit among
        them); pages not finished are skipped. On a cancel nothing more is delivered.
        """
        events: list[Event] = []
        job.rec_heap.clear()
        job.redo.clear()
        for page in job.pages[job.next_deliver :]:
            if page.result is not None and not job.cancelled:
                events.append(PageStateChanged(job.id, page.index, page.state))
                events.append(PageDelivered(job.id, page.index, page.result))
            elif page.state not in (PageState.DONE, PageState.FAILED):
                page.state = PageState.SKIPPED
                events.append(PageStateChanged(job.id, page.index, PageState.SKIPPED))
            page.result = None
            self._release(page)
        job.next_deliver = job.next_detect = len(job.pages)
        events.append(self._finish(job))
        return events

    def _finish(self, job: _Job) -> JobFinished:
        job.finished = True
        ev = JobFinished(job.id, job.stopped, job.cancelled, job.done, job.failed, len(job.pages))
        self._forget_if_idle(job)
        return ev

    def _forget_if_idle(self, job: _Job) -> list[Event]:
        if job.finished and job.in_flight == 0:
            self._jobs.pop(job.id, None)
        return []

    @staticmethod
    def _release(page: _Page) -> None:
        page.image = None
        page.boxes = None
        page.batches = []
