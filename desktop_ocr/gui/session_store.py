"""Saving the session as it changes, without making the window wait.

Changes are debounced (a burst of 200 finished pages is one write) and written on a worker thread;
an edit asks for a quicker write. ``flush`` writes synchronously (at quit, and in tests).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, QTimer

from desktop_ocr.core.session import SessionFiles, encode_session
from desktop_ocr.gui.background import Background

logger = logging.getLogger(__name__)

DELAY_MS = 500
SOON_MS = 50

Snapshot = Callable[[], tuple[list[dict[str, Any]], str]]


class SessionWriter(QObject):
    def __init__(self, files: SessionFiles, snapshot: Snapshot, background: Background, parent=None):
        super().__init__(parent)
        self.files = files
        self._snapshot = snapshot
        self._bg = background
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._write_async)
        self._inflight: Future | None = None
        self._again = False
        self.writes = 0  # completed writes (tests wait on it)
        self.enabled = True

    def touch(self, soon: bool = False) -> None:
        """Something changed: write it out shortly."""
        if not self.enabled:
            return
        delay = SOON_MS if soon else DELAY_MS
        if not self._timer.isActive() or self._timer.remainingTime() > delay:
            self._timer.start(delay)

    @property
    def pending(self) -> bool:
        return self._timer.isActive() or self._inflight is not None

    def _write_async(self) -> None:
        if not self.enabled:
            return
        if self._inflight is not None:  # one write at a time, in order: the newest follows
            self._again = True
            return
        records, keywords = self._snapshot()
        self._inflight = self._bg.submit(
            self._write, records, keywords, False, on_done=self._written, on_error=self._failed
        )

    def _write(self, records: list[dict[str, Any]], keywords: str, clean: bool) -> None:
        self.files.write(encode_session(records, keywords, clean))

    def _written(self, _out: Any) -> None:
        self._inflight = None
        self.writes += 1
        if self._again:
            self._again = False
            self._write_async()

    def _failed(self, exc: BaseException) -> None:
        self._inflight = None
        logger.error("cannot save the session: %s", exc)
        if self._again:
            self._again = False
            self._write_async()

    def flush(self, clean: bool = False) -> None:
        """Write now, on this thread (waiting for a write in flight, so the newest lands last).

        ``clean`` marks the session closed normally; nothing is written after it.
        """
        self._timer.stop()
        self._again = False
        if clean:
            self.enabled = False
        if self._inflight is not None:
            try:
                self._inflight.result(timeout=10)
            except Exception:
                pass
            self._inflight = None
        records, keywords = self._snapshot()
        try:
            self._write(records, keywords, clean)
            self.writes += 1
        except OSError as e:
            logger.error("cannot save the session: %s", e)
