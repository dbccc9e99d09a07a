"""Fakes shared by the scheduler and runner tests: page sources and OCR stages without models."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np

from desktop_ocr.core.results import Line, PageResult


@dataclass
class FakeSource:
    path: str
    page: int | None = None
    n_boxes: int = 4
    fail_load: bool = False

    def load(self) -> np.ndarray:
        if self.fail_load:
            raise ValueError(f"{self.path}: cannot read")
        img = np.zeros((10, 10, 3), np.uint8)
        img[0, 0, 0] = self.n_boxes
        return img


class FakeStages:
    """Detect yields n boxes (from the image), recognise names each box; optional delays."""

    def __init__(self, det_s: float = 0.0, rec_s: float = 0.0, fail_rec_on: str | None = None):
        self.det_s, self.rec_s, self.fail_rec_on = det_s, rec_s, fail_rec_on
        self.running = 0
        self.max_running = 0
        self.lock = threading.Lock()
        self.log: list[tuple[str, float]] = []

    def _enter(self, kind):
        with self.lock:
            self.running += 1
            self.max_running = max(self.max_running, self.running)
            self.log.append((kind, time.perf_counter()))

    def _leave(self):
        with self.lock:
            self.running -= 1

    def detect(self, image, run_options=None):
        self._enter("detect")
        try:
            end = time.perf_counter() + self.det_s
            while time.perf_counter() < end:  # a model call that honours RunOptions.terminate
                if run_options is not None and run_options.terminate:
                    raise RuntimeError("Exiting due to terminate flag being set to true.")
                time.sleep(0.002)
            n = int(image[0, 0, 0])
            return np.array(
                [[[0, i * 10], [50, i * 10], [50, i * 10 + 8], [0, i * 10 + 8]] for i in range(n)],
                dtype=np.float32,
            ).reshape(-1, 4, 2)
        finally:
            self._leave()

    def recognize(self, image, boxes):
        self._enter("recognize")
        try:
            time.sleep(self.rec_s)
            if self.fail_rec_on is not None and int(image[0, 0, 0]) == 99:
                raise RuntimeError("model exploded")
            return [Line(text=f"y{int(b[0][1])}", box=b.tolist(), score=1.0) for b in boxes]
        finally:
            self._leave()

    @staticmethod
    def assemble(path, page, shape, lines, timings):
        return PageResult(
            path=path,
            page=page,
            width=shape[1],
            height=shape[0],
            lines=[ln for ln in lines if ln is not None],
            timings_ms=dict(timings),
        )
