"""The OCR pipeline as a few named, timed steps: detect, recognise (orient + read), order.

``detect`` and ``recognize`` are each one unit of work that any thread may run at any time; the
scheduler splits a page into one detect task and several recognise tasks over its boxes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import cv2
import numpy as np

from desktop_ocr.core.models import ModelSet
from desktop_ocr.core.reading_order import order_lines
from desktop_ocr.core.results import Line, PageResult
from desktop_ocr.core.spacing import restore_spaces
from desktop_ocr.core.stages import Classifier, Detector, DetOptions, Recognizer, crop_box

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EngineOptions:
    det: DetOptions = field(default_factory=DetOptions)
    text_score: float = 0.5  # lines read with less confidence are dropped, as RapidOCR does
    crop_pad: float = 0.0  # grow each box by this fraction of its height before cropping
    use_cls: bool = True
    restore_spaces: bool = True


@contextmanager
def timed(timings: dict[str, float], step: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        timings[step] = timings.get(step, 0.0) + (time.perf_counter() - t0) * 1000


class OcrEngine:
    """The three stages with their sessions, loaded once and shared by every worker thread."""

    def __init__(self, models: ModelSet | None = None, options: EngineOptions | None = None, threads: int = 1):
        # Parallelism comes from running several tasks at once, one core each: OpenCV's own
        # thread pool would fight the workers for the same cores.
        cv2.setNumThreads(1)
        self.models = models or ModelSet.shipped()
        self.options = options or EngineOptions()
        t0 = time.perf_counter()
        self.detector = Detector(self.models.det, self.options.det, threads)
        self.classifier = Classifier(self.models.cls, threads)
        self.recognizer = Recognizer(self.models.rec, self.models.dictionary, threads)
        logger.info("models %s loaded in %.0f ms", self.models.name, (time.perf_counter() - t0) * 1000)

    # -- the units of work ------------------------------------------------------------------
    def detect(self, image: np.ndarray) -> np.ndarray:
        """Page (BGR) -> (N, 4, 2) boxes in the page's pixels."""
        return self.detector(image)

    def recognize(self, image: np.ndarray, boxes: np.ndarray) -> list[Line | None]:
        """Read the given boxes of the page; a line below the score threshold comes back as None."""
        if len(boxes) == 0:
            return []
        crops = [crop_box(image, b, self.options.crop_pad) for b in boxes]
        if self.options.use_cls:
            crops = self.classifier(crops)
        out: list[Line | None] = []
        for box, crop, rec in zip(boxes, crops, self.recognizer(crops)):
            text = restore_spaces(rec, crop) if self.options.restore_spaces else rec.text
            text = text.strip()
            if not text or rec.score < self.options.text_score:
                out.append(None)
                continue
            out.append(Line(text=text, box=box.tolist(), score=rec.score))
        return out

    @staticmethod
    def assemble(
        path: str, page: int | None, shape: tuple[int, ...], lines: list[Line | None], timings: dict[str, float]
    ) -> PageResult:
        with timed(timings, "order"):
            ordered = order_lines([ln for ln in lines if ln is not None])
        return PageResult(
            path=path,
            page=page,
            width=int(shape[1]),
            height=int(shape[0]),
            lines=ordered,
            elapsed_ms=sum(timings.values()),
            timings_ms=dict(timings),
        )

    # -- the whole pipeline on one thread ---------------------------------------------------
    def ocr(self, image: np.ndarray, path: str = "<image>", page: int | None = None) -> PageResult:
        timings: dict[str, float] = {}
        with timed(timings, "detect"):
            boxes = self.detect(image)
        with timed(timings, "recognize"):
            lines = self.recognize(image, boxes)
        return self.assemble(path, page, image.shape, lines, timings)


_shared: dict[tuple, OcrEngine] = {}
_shared_lock = threading.Lock()


def shared_engine(models: ModelSet | None = None, options: EngineOptions | None = None) -> OcrEngine:
    """One engine per model set and options in the process: sessions are loaded once."""
    models = models or ModelSet.shipped()
    options = options or EngineOptions()
    key = (models, options)
    with _shared_lock:
        eng = _shared.get(key)
        if eng is None:
            eng = _shared[key] = OcrEngine(models, options)
        return eng
