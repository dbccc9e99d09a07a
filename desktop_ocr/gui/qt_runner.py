"""The scheduling policy on a QThreadPool: results reach the GUI thread by queued signals.

Each pool thread runs a worker loop (take a task, run it, report it) until the runner closes, so
the pool's size is the number of workers and any worker takes either kind of task. The lock, the
cancel contract and the race notes are those of ``core.runner.RunnerCore``.
"""

from __future__ import annotations

import logging
import queue
import threading
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


class QtRunner(QObject):
    """Signals are emitted in the thread this object lives in (the GUI thread)."""

    page_state = Signal(int, int, str)  # job, page index, PageState value
    page_done = Signal(int, int, object)  # job, page index, PageResult
    page_failed = Signal(int, int, object)  # job, page index, PageResult with .error
    job_progress = Signal(int, int, int)  # job, pages delivered, pages total
    job_finished = Signal(object)  # JobFinished
    _wake = Signal()

    def __init__(self, stages: Stages, workers: int = 2, parent: QObject | None = None):
        super().__init__(parent)
        self.workers = max(1, workers)
        # Events are put on a Python queue under the policy's lock (so a job's pages keep their
        # order) and an argument-less signal wakes the GUI thread to drain it. Passing Python
        # objects through a cross-thread Signal(object) corrupted reference counts in PySide6 6.12
        # (a crash at interpreter exit), hence the queue.
        self._events: queue.SimpleQueue[Event] = queue.SimpleQueue()
        self.core = RunnerCore(stages, self.workers, self._post)
        self._wake.connect(self._drain)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(self.workers)
        self.pool.setExpiryTimeout(-1)
        for _ in range(self.workers):
            self.pool.start(_Worker(self.core))

    def submit(
        self,
        sources: Sequence[Source],
        *,
        interactive: bool = False,
        stop_when=None,
        open_ended: bool = False,
        stages: Stages | None = None,
    ) -> int:
        """Queue a job; ``stages`` runs this job's tasks on other stages in the same pool."""
        return self.core.submit(
            sources, interactive=interactive, stop_when=stop_when, open_ended=open_ended, stages=stages
        )

    def extend(self, job_id: int, sources: Sequence[Source]) -> None:
        """More pages for an open-ended job (a video whose keyframes are still being found)."""
        self.core.extend(job_id, sources)

    def seal(self, job_id: int) -> None:
        self.core.seal(job_id)

    def cancel(self, job_id: int | None = None) -> None:
        self.core.cancel(job_id)

    def shutdown(self, wait_ms: int = 30000) -> bool:
        """Drop all work and stop the workers; True when they all stopped in time."""
        self.core.cancel(None)
        self.core.close()
        return self.pool.waitForDone(wait_ms)

    def _post(self, ev: Event) -> None:
        self._events.put(ev)
        self._wake.emit()

    @Slot()
    def _drain(self) -> None:
        while True:
            try:
                ev = self._events.get_nowait()
            except queue.Empty:
                return
            self._dispatch(ev)

    def _dispatch(self, ev: Event) -> None:
        if isinstance(ev, PageDelivered):
            (self.page_failed if ev.result.error is not None else self.page_done).emit(
                ev.job, ev.index, ev.result
            )
        elif isinstance(ev, PageStateChanged):
            self.page_state.emit(ev.job, ev.index, ev.state.value)
        elif isinstance(ev, JobProgress):
            self.job_progress.emit(ev.job, ev.done, ev.total)
        elif isinstance(ev, JobFinished):
            self.job_finished.emit(ev)
            # once the receivers are done with the job, give the freed heap back to the OS (off
            # the GUI thread): glibc keeps it mapped otherwise and memory seems to grow per batch
            QTimer.singleShot(
                500, lambda: threading.Thread(target=trim_heap, name="trim-heap", daemon=True).start()
            )
