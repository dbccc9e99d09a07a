"""The scheduling policy on a QThreadPool: results reach the GUI thread by queued signals.

Each pool thread runs a worker loop (take a task, run it, report it) until the runner closes, so
the pool's size is the number of workers and any worker takes either kind of task. The lock, the
cancel contract and the race notes are those of ``core.runner.RunnerCore``.

``submit`` returns a :class:`JobHandle`: the job's own events, so a window hears only the jobs it
submitted. The runner's own signals carry every job's events for observers of the whole pool
(the benchmarks).
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import weakref
from collections.abc import Sequence

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from desktop_ocr.core.memory import trim_heap
from desktop_ocr.core.runner import RunnerCore
from desktop_ocr.core.scheduler import (
    Event,
    JobFinished,
    JobProgress,
    PageDelivered,
    PageStateChanged,
    Source,
    Stages,
)

logger = logging.getLogger(__name__)


class _Worker(QRunnable):
    def __init__(self, core: RunnerCore):
        super().__init__()
        self.core = core
        self.setAutoDelete(True)

    def run(self) -> None:
        # RunnerCore.execute never raises; this guard is for a bug in take() itself, since an
        # exception escaping a QRunnable would end the whole process.
        try:
            while (task := self.core.take()) is not None:
                self.core.execute(task)
        except Exception:
            logger.exception("OCR worker stopped by an unexpected error")


class JobHandle(QObject):
    """One submitted job: its events (emitted on the GUI thread) and its controls.

    The runner keeps the handle until the job finishes; whoever submitted it keeps it as long as
    it wants the job's ``id`` or ``done``. Events of a job reach its handle from the next turn of
    the event loop after ``submit`` returned, so connecting right after ``submit`` misses nothing.
    """

    page_state = Signal(int, str)  # page index, PageState value
    page_done = Signal(int, object)  # page index, PageResult
    page_failed = Signal(int, object)  # page index, PageResult with .error
    progress = Signal(int, int)  # pages delivered, pages total
    finished = Signal(object)  # core.scheduler.JobFinished

    def __init__(self, runner: QtRunner, job_id: int):
        super().__init__()
        self.runner = runner
        self.id = job_id
        self.done = False  # the job finished (all delivered, or cancelled)

    def extend(self, sources: Sequence[Source]) -> None:
        """More pages for an open-ended job."""
        self.runner.core.extend(self.id, sources)

    def seal(self) -> None:
        """No more pages will come: the job finishes once those given are delivered."""
        self.runner.core.seal(self.id)

    def skip(self, indexes: Sequence[int]) -> None:
        """Drop these pages before they are read (removed by the user); they are delivered as
        skipped at their turn, so the job still finishes."""
        self.runner.core.skip(self.id, indexes)

    def cancel(self) -> None:
        """Drop the pages still waiting; ``finished`` (cancelled) may be emitted before this returns."""
        self.runner.core.cancel(self.id)

    # A handle stands for its job id where an id is expected (``runner.cancel(handle)``, a
    # whole-pool observer comparing ``ev.job == handle``): the id is written once, here.
    def __int__(self) -> int:
        return self.id

    __index__ = __int__

    def __eq__(self, other: object) -> bool:
        if isinstance(other, JobHandle):
            return other.id == self.id
        if isinstance(other, int):
            return other == self.id
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"<JobHandle {self.id}{' done' if self.done else ''}>"


def _close_at_exit(core_ref: weakref.ref[RunnerCore]) -> None:
    core = core_ref()
    if core is not None:
        core.cancel(None)
        core.close()


class QtRunner(QObject):
    """Signals are emitted in the thread this object lives in (the GUI thread)."""

    page_state = Signal(int, int, str)  # job, page index, PageState value
    page_done = Signal(int, int, object)  # job, page index, PageResult
    page_failed = Signal(int, int, object)  # job, page index, PageResult with .error
    job_progress = Signal(int, int, int)  # job, pages delivered, pages total
    job_finished = Signal(object)  # JobFinished
    _wake = Signal()

    def __init__(self, stages: Stages, workers: int = 2, parent: QObject | None = None, cluster: str = ""):
        """``cluster``: a Ray cluster address (the "Cluster" setting); batch jobs then run there
        (``core.cluster.routing``) and screen captures stay on this machine's workers."""
        super().__init__(parent)
        self.workers = max(1, workers)
        # Events are put on a Python queue under the policy's lock (so a job's pages keep their
        # order) and an argument-less signal wakes the GUI thread to drain it. Passing Python
        # objects through a cross-thread Signal(object) corrupted reference counts in PySide6 6.12
        # (a crash at interpreter exit), hence the queue.
        self._events: queue.SimpleQueue[Event] = queue.SimpleQueue()
        self.core = RunnerCore(stages, self.workers, self._post)
        self._handles: dict[int, JobHandle] = {}
        self._holding = False  # submit() in progress: its job's handle does not exist yet
        self._wake.connect(self._drain)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(self.workers)
        self.pool.setExpiryTimeout(-1)
        for _ in range(self.workers):
            self.pool.start(_Worker(self.core))
        # A runner left open at interpreter exit would hang it: the pool's destructor waits for
        # workers that wait for work. Closing the core at exit lets them return.
        atexit.register(_close_at_exit, weakref.ref(self.core))
        if cluster:
            from desktop_ocr.core.cluster.routing import RoutingCore

            self.core = RoutingCore(self.core, cluster, stages, self._post)

    def submit(
        self,
        sources: Sequence[Source],
        *,
        interactive: bool = False,
        stop_when=None,
        open_ended: bool = False,
        stages: Stages | None = None,
    ) -> JobHandle:
        """Queue a job; ``stages`` runs this job's tasks on other stages in the same pool."""
        self._holding = True
        try:
            job_id = self.core.submit(
                sources, interactive=interactive, stop_when=stop_when, open_ended=open_ended, stages=stages
            )
        finally:
            self._holding = False
        handle = self._handles[job_id] = JobHandle(self, job_id)
        # events the submit itself produced wait until the caller has connected to the handle
        QTimer.singleShot(0, self._drain)
        return handle

    def extend(self, job_id: int | JobHandle, sources: Sequence[Source]) -> None:
        """More pages for an open-ended job (a video whose keyframes are still being found; the
        core's ``VideoJob`` feeds by job id from its own thread)."""
        self.core.extend(int(job_id), sources)

    def seal(self, job_id: int | JobHandle) -> None:
        self.core.seal(int(job_id))

    def cancel(self, job_id: int | JobHandle | None = None) -> None:
        """Cancel one job, or every job (None)."""
        self.core.cancel(None if job_id is None else int(job_id))

    def shutdown(self, wait_ms: int = 30000) -> bool:
        """Drop all work and stop the workers; True when they all stopped in time."""
        self.core.cancel(None)
        self.core.close()
        return self.pool.waitForDone(wait_ms)

    def handle(self, job_id: int) -> JobHandle | None:
        """The handle of a job still running (None once it finished)."""
        return self._handles.get(job_id)

    def _post(self, ev: Event) -> None:
        self._events.put(ev)
        self._wake.emit()

    @Slot()
    def _drain(self) -> None:
        if self._holding:
            return
        while True:
            try:
                ev = self._events.get_nowait()
            except queue.Empty:
                return
            self._dispatch(ev)

    def _dispatch(self, ev: Event) -> None:
        h = self._handles.get(ev.job)
        if isinstance(ev, PageDelivered):
            failed = ev.result.error is not None
            if h is not None:
                (h.page_failed if failed else h.page_done).emit(ev.index, ev.result)
            (self.page_failed if failed else self.page_done).emit(ev.job, ev.index, ev.result)
        elif isinstance(ev, PageStateChanged):
            if h is not None:
                h.page_state.emit(ev.index, ev.state.value)
            self.page_state.emit(ev.job, ev.index, ev.state.value)
        elif isinstance(ev, JobProgress):
            if h is not None:
                h.progress.emit(ev.done, ev.total)
            self.job_progress.emit(ev.job, ev.done, ev.total)
        elif isinstance(ev, JobFinished):
            if h is not None:
                del self._handles[ev.job]
                h.done = True
                h.finished.emit(ev)
            self.job_finished.emit(ev)
            # once the receivers are done with the job, give the freed heap back to the OS (off
            # the GUI thread): glibc keeps it mapped otherwise and memory seems to grow per batch
            QTimer.singleShot(
                500, lambda: threading.Thread(target=trim_heap, name="trim-heap", daemon=True).start()
            )
