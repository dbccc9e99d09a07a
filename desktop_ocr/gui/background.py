"""Work off the GUI thread, with its outcome handed back on the GUI thread.

``Background.submit(fn, *args, on_done=..., on_error=...)`` runs ``fn`` on a worker thread; the
callbacks run later on the thread the ``Background`` lives in. Outcomes travel through a Python
queue and an argument-less signal wakes the GUI thread (as ``QtRunner`` does: passing Python objects
through a cross-thread ``Signal(object)`` corrupted reference counts in PySide6). The GUI thread
drains the queue in slices of a few milliseconds, so a burst of outcomes (200 thumbnails) never
stalls it.
"""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

logger = logging.getLogger(__name__)

SLICE_S = 0.015  # longest the GUI thread spends on outcomes before it lets the event loop run


class Background(QObject):
    _wake = Signal()

    def __init__(self, threads: int = 1, name: str = "bg", parent: QObject | None = None):
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=f"desktop-ocr-{name}")
        self._outcomes: queue.SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...]]] = queue.SimpleQueue()
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        self._closed = False
        self._scheduled = False

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future | None:
        if self._closed:
            return None

        def job() -> None:
            try:
                out = fn(*args)
            except BaseException as e:  # reported on the GUI thread, never lost in a worker
                if on_error is not None:
                    self.post(on_error, e)
                else:
                    logger.exception("background task %s failed", getattr(fn, "__name__", fn))
                return
            if on_done is not None:
                self.post(on_done, out)

        return self._pool.submit(job)

    def post(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback(*args)`` on the GUI thread (callable from any thread)."""
        if self._closed:
            return
        self._outcomes.put((callback, args))
        try:
            self._wake.emit()
        except RuntimeError:  # the QObject is gone (application quitting)
            pass

    @Slot()
    def _drain(self) -> None:
        self._scheduled = False
        end = time.perf_counter() + SLICE_S
        while time.perf_counter() < end:
            try:
                callback, args = self._outcomes.get_nowait()
            except queue.Empty:
                return
            try:
                callback(*args)
            except Exception:
                logger.exception("callback %s failed", getattr(callback, "__name__", callback))
        if not self._scheduled:  # more left: continue after the event loop had its turn
            self._scheduled = True
            QTimer.singleShot(0, self._drain)

    def close(self, wait: bool = False) -> None:
        self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=True)
