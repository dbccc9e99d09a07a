"""One node's worker: an engine loaded once and the project's own scheduler on the node's cores.

:class:`PageWorker` is a plain class; the client turns it into a Ray actor (``ray.remote``) with
restarts and task retries (a named, detached actor that every client shares), so nothing here
imports Ray at module level. Engines are loaded on first use, one per model set and options. Each ``ocr`` call is one page, submitted
to the node's :class:`~desktop_ocr.core.runner.ThreadRunner` as a one-page job with the priority
the client gave it (newer submissions first, then page order), so the node's workers steal detect
and recognise tasks across all the pages it holds, exactly as on one machine.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from desktop_ocr.core.decode import decode_image_bytes
from desktop_ocr.core.results import PageResult
from desktop_ocr.core.scheduler import JobFinished, PageDelivered

logger = logging.getLogger(__name__)

CANCELLED_KEPT = 10_000


@dataclass(frozen=True)
class EncodedImage:
    """An image file's own bytes, as the client read them: decoded on the node, by the worker
    that detects the page (a PNG or JPEG is several times smaller than its pixels on the wire,
    and the nodes, not the user's machine, do the decoding)."""

    data: bytes = field(repr=False)
    max_pixels: int | None


@dataclass(frozen=True)
class ArraySource:
    """A page the client sent: its pixels (or its file's bytes) and its name (no file behind it)."""

    path: str
    page: int | None
    image: np.ndarray | EncodedImage = field(repr=False)

    def load(self) -> np.ndarray:
        if isinstance(self.image, EncodedImage):
            return decode_image_bytes(self.image.data, self.path, 0, self.image.max_pixels)
        return self.image


@dataclass
class _Slot:
    done: threading.Event = field(default_factory=threading.Event)
    result: PageResult | None = None


class PageWorker:
    """Runs in a Ray actor process (threaded: several ``ocr`` calls wait at once)."""

    def __init__(self, workers: int):
        from desktop_ocr.core.runner import ThreadRunner

        self.workers = max(1, workers)
        self.engines: dict[str, object] = {}  # spec id -> engine
        # no default stages: every job names its engine (clients may want different ones)
        self.runner = ThreadRunner(None, workers=self.workers)
        self._lock = threading.Lock()
        self._slots: dict[int, _Slot] = {}
        self._jobs: dict[object, int] = {}  # client key -> local job id
        # pages cancelled before they arrived; bounded, since a cancel may also come after the page
        # was done (this worker lives as long as the cluster)
        self._cancelled: OrderedDict[object, None] = OrderedDict()
        threading.Thread(target=self._dispatch, name="cluster-dispatch", daemon=True).start()

    def pid(self) -> int:
        return os.getpid()

    def load(self, spec_id: str, box: list) -> int:
        """Load a client's engine now (its start fails here when the model set is broken); the
        node's worker count, which sets how many pages the client keeps in flight here."""
        self._engine(spec_id, box)
        return self.workers

    def _slot(self, jid: int) -> _Slot:
        with self._lock:
            return self._slots.setdefault(jid, _Slot())

    def _dispatch(self) -> None:
        for ev in self.runner.iter_events():
            if isinstance(ev, PageDelivered):
                self._slot(ev.job).result = ev.result
            elif isinstance(ev, JobFinished):
                self._slot(ev.job).done.set()

    def _engine(self, spec_id: str, box: list):
        """The engine of a job's model set and options, built on its first page (``box`` holds
        the reference to the spec, unresolved, so that it is fetched only then)."""
        with self._lock:
            engine = self.engines.get(spec_id)
        if engine is None:
            import ray

            engine = ray.get(box[0]).build()  # shared_engine: built once even when two race here
            with self._lock:
                self.engines[spec_id] = engine
        return engine

    def ocr(
        self,
        key: object,
        priority: int,
        name: str,
        page: int | None,
        image: np.ndarray | EncodedImage,
        spec_id: str,
        box: list,
        batch_ways: int | None = None,
    ):
        """One page's result (a failed page carries its message), or None when cancelled.
        ``batch_ways``: the worker count of the client's own machine (see ``Scheduler.submit``)."""
        with self._lock:
            if key in self._cancelled:
                del self._cancelled[key]
                return None
        stages = self._engine(spec_id, box)
        jid = self.runner.submit(
            [ArraySource(name, page, image)], priority=priority, stages=stages, batch_ways=batch_ways
        )
        with self._lock:
            self._jobs[key] = jid
            slot = self._slots.setdefault(jid, _Slot())
        slot.done.wait()
        with self._lock:
            self._slots.pop(jid, None)
            self._jobs.pop(key, None)
        return slot.result

    def cancel(self, keys: list) -> None:
        """Drop these pages: queued ones at once, running ones when their task returns."""
        for key in keys:
            with self._lock:
                jid = self._jobs.get(key)
                if jid is None:
                    self._cancelled[key] = None  # not arrived yet (or already done: harmless)
                    while len(self._cancelled) > CANCELLED_KEPT:
                        self._cancelled.popitem(last=False)
            if jid is not None:
                self.runner.cancel(jid)
