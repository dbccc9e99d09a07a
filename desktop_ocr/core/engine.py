"""The OCR pipeline as a few named, timed steps: detect, recognise (orient + read), order.

``detect`` and ``recognize`` are each one unit of work that any thread may run at any time; the
scheduler splits a page into one detect task and several recognise tasks over its boxes.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import cv2
import numpy as np

from desktop_ocr.core.chinese_script import convert_alternates, converter
from desktop_ocr.core.joining import structure
from desktop_ocr.core.line_split import part_box, split_at_blanks
from desktop_ocr.core.memory import limit_heap_retention
from desktop_ocr.core.models import ModelSet
from desktop_ocr.core.results import Line, PageResult
from desktop_ocr.core.spacing import restore_spaces
from desktop_ocr.core.stages import Classifier, Detector, DetOptions, Recognized, Recognizer, crop_box

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EngineOptions:
    det: DetOptions = field(default_factory=DetOptions)
    text_score: float = 0.5  # lines read with less confidence are dropped, as RapidOCR does
    crop_pad: float = 0.0  # grow each box by this fraction of its height before cropping
    # Lines are read at the detection scale (pages over det.max_side_len are shrunk, with area
    # averaging), as RapidOCR reads them: on noisy or dithered scans the full-resolution crop
    # keeps the noise and reads worse (form scan: 26% -> 10% line CER). Text is never shrunk
    # below this height in pixels, so small print on a large page keeps its strokes.
    crop_min_height: int = 24
    use_cls: bool = True
    restore_spaces: bool = True
    # Chinese script of the text handed on (core.chinese_script): converted per line after recognition,
    # so that keyword matching, exports and the clipboard all see the same script
    script: str = "as-read"


@contextmanager
def timed(timings: dict[str, float], step: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        timings[step] = timings.get(step, 0.0) + (time.perf_counter() - t0) * 1000


class OcrEngine:
    """The three stages with their sessions, loaded once and shared by every worker thread."""

    def __init__(
        self, models: ModelSet | None = None, options: EngineOptions | None = None, threads: int = 1
    ):
        # Parallelism comes from running several tasks at once, one core each: OpenCV's own
        # thread pool would fight the workers for the same cores.
        cv2.setNumThreads(1)
        limit_heap_retention()
        self.models = models or ModelSet.shipped()
        self.options = options or EngineOptions()
        self.convert = converter(self.options.script)
        t0 = time.perf_counter()
        self.detector = Detector(self.models.det, self.options.det, threads)
        self.classifier = Classifier(self.models.cls, threads)
        self.recognizer = Recognizer(
            self.models.rec, self.models.dictionary, threads, self.models.dictionary_layout
        )
        logger.info("models %s loaded in %.0f ms", self.models.name, (time.perf_counter() - t0) * 1000)

    # -- the units of work ------------------------------------------------------------------
    def detect(self, image: np.ndarray, run_options=None) -> np.ndarray:
        """Page (BGR) -> (N, 4, 2) boxes in the page's pixels (``run_options``: see Detector)."""
        return self.detector(image, run_options)

    def recognize(self, image: np.ndarray, boxes: np.ndarray) -> list[list[Line]]:
        """Read the given boxes of the page: per box its lines, usually one; none below the score
        threshold, several where a wide blank parts the box (``core.line_split``: table cells)."""
        if len(boxes) == 0:
            return []
        opt = self.options
        scale = self.detector.read_scale(image.shape)
        crops = [crop_box(image, b, opt.crop_pad, scale, opt.crop_min_height) for b in boxes]
        flipped = self.classifier.upside_down(crops) if opt.use_cls else [False] * len(crops)
        crops = [cv2.rotate(c, cv2.ROTATE_180) if f else c for c, f in zip(crops, flipped)]
        recs = self.recognizer(crops)
        # The classifier squeezes a long line into 192 px and calls many upright lines upside
        # down; the turned reading is kept only if the recogniser is surer of it than of the
        # line as it stands. Only the (few) turned lines are read twice.
        turned = [i for i, f in enumerate(flipped) if f]
        if turned:
            upright = self.recognizer([cv2.rotate(crops[i], cv2.ROTATE_180) for i in turned])
            for i, rec in zip(turned, upright):
                if rec.score >= recs[i].score:
                    crops[i], recs[i] = cv2.rotate(crops[i], cv2.ROTATE_180), rec
        out: list[list[Line]] = []
        for box, crop, rec, turned in zip(boxes, crops, recs, flipped):
            # a cut follows the crop's columns along the box's top edge: not for a vertical line
            # (its crop was turned 90 degrees) nor one read upside down
            across = np.linalg.norm(box[1] - box[0]) * 1.5 > np.linalg.norm(box[3] - box[0])
            parts = split_at_blanks(rec, crop) if across and not turned else [(rec, 0.0, 1.0)]
            lines = [
                self._line(sub, crop, box if len(parts) == 1 else part_box(box, f0, f1, opt.crop_pad))
                for sub, f0, f1 in parts
            ]
            out.append([ln for ln in lines if ln is not None])
        return out

    def _line(self, rec: Recognized, crop: np.ndarray, box: np.ndarray) -> Line | None:
        """A reading as a line of the page, or None below the score threshold."""
        text = restore_spaces(rec, crop) if self.options.restore_spaces else rec.text
        text = text.strip()
        if not text or rec.score < self.options.text_score:
            return None
        alts = map_alternates(rec.text, text, rec.alternates)
        if self.convert.active:
            read, text = text, self.convert(text)
            alts = convert_alternates(read, text, alts, self.convert)
        return Line(text=text, box=box.tolist(), score=rec.score, alternates=alts)

    @staticmethod
    def assemble(
        path: str,
        page: int | None,
        shape: tuple[int, ...],
        lines: list[list[Line]],
        timings: dict[str, float],
    ) -> PageResult:
        with timed(timings, "order"):
            ordered = structure([ln for box_lines in lines for ln in box_lines])
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


def map_alternates(
    read: str, text: str, alternates: tuple[tuple[int, str, float], ...]
) -> list[tuple[int, str, float]]:
    """Move alternates from indices into the recogniser's ``read`` to indices into ``text``.

    ``text`` is ``read`` with spaces added between words and the ends stripped (nothing else), so
    the two are walked side by side.
    """
    if not alternates:
        return []
    where: dict[int, int] = {}
    j = 0
    for i, ch in enumerate(text):
        while j < len(read) and read[j] != ch and read[j] == " ":
            j += 1  # a space stripped from the start
        if j < len(read) and read[j] == ch:
            where[j] = i
            j += 1
        elif ch != " ":  # not an added space: the texts differ, give up rather than misplace
            return []
    return [(where[k], ch, p) for k, ch, p in alternates if k in where and text[where[k]] != ch]


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


def resolve_models(model_dir: str = "", models: str = "") -> ModelSet:
    """The model set for the settings: the user's folder when given, else the named set."""
    from desktop_ocr.core.model_sets import resolve

    return ModelSet.from_folder(model_dir) if model_dir else resolve(models)


def build_engine(
    model_dir: str = "", models: str = "", script: str = "as-read", options: EngineOptions | None = None
) -> OcrEngine:
    """The engine for the settings: a model folder, else the named set (empty: the default set).

    Raises ``ModelSetError`` (one line, naming the folder or the set and how to install it) when
    the models are refused, ``ScriptError`` when the script conversion cannot be set up; the
    command line turns either into a usage error, the GUI says so and falls back to the defaults.
    ``options`` (video: no upscaling) gets the script setting too.
    """
    options = dataclasses.replace(options or EngineOptions(), script=script)
    return shared_engine(resolve_models(model_dir, models), options)
