"""A keyframe as a page for the scheduler (:class:`FrameSource`: its band, scaled for detection)
and the OCR stages that read it (:func:`video_stages`). See ``pipeline`` for why a crop and a
smaller detection input."""

from __future__ import annotations

import copy
import dataclasses
import logging

import cv2
import numpy as np

from desktop_ocr.core.results import PageResult
from desktop_ocr.core.video.keyframes import (
    Keyframe,
    Region,
)

logger = logging.getLogger(__name__)

DET_FRAME_HEIGHT = 560  # a frame is OCRed as if it were this high: subtitle text ~25-40 px
DET_SCALE_MIN, DET_SCALE_MAX = 0.4, 2.0
FOLDER_MAX_WIDTH = 1280  # frame-folder images (often strips) are only ever scaled down to this


def parse_region(text: str) -> Region:
    """``"x,y,w,h"`` in frame pixels; ValueError with a user message otherwise."""
    parts = [p.strip() for p in str(text).split(",")]
    try:
        values = [int(float(p)) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or any(v < 0 for v in values) or values[2] < 1 or values[3] < 1:
        raise ValueError(f"--region must be x,y,w,h in pixels (w, h > 0), not {text!r}")
    return values[0], values[1], values[2], values[3]


def video_engine_options():
    """Engine options for video bands: detection runs at the size the source hands over."""
    from desktop_ocr.core.engine import EngineOptions
    from desktop_ocr.core.stages import DetOptions

    return EngineOptions(det=DetOptions(limit_side_len=32))


def video_stages(models=None, script: str = "as-read"):
    """The OCR engine for video frames (its own sessions; loaded once per process)."""
    import dataclasses

    from desktop_ocr.core.engine import shared_engine

    return shared_engine(models, dataclasses.replace(video_engine_options(), script=script))


class FrameSource:
    """A keyframe as the scheduler's page source: ``load()`` gives its scaled OCR crop.

    ``index`` and ``time_s`` make it usable by :func:`merge_events` too. The frame is dropped
    (``release``) once its page is delivered.
    """

    def __init__(self, video: str, kf: Keyframe, crop: Region, scale: float):
        self.path = video
        self.page: int | None = kf.index
        self.index = kf.index
        self.time_s = kf.time_s
        self.crop = crop
        self.scale = scale
        self.image: np.ndarray | None = kf.image
        self.frame_path = kf.path
        self.height, self.width = kf.image.shape[:2]

    @property
    def t(self) -> float:
        return float(self.time_s) if self.time_s is not None else float(self.index)

    def load(self) -> np.ndarray:
        img = self.image
        if img is None:
            raise RuntimeError("frame already released")
        x, y, w, h = self.crop
        band = img[y : y + h, x : x + w]
        if self.scale != 1.0:
            size = (max(1, round(w * self.scale)), max(1, round(h * self.scale)))
            band = cv2.resize(band, size, interpolation=cv2.INTER_AREA if self.scale < 1 else cv2.INTER_CUBIC)
        return np.ascontiguousarray(band)

    def release(self) -> None:
        self.image = None

    def to_frame(self, result: PageResult) -> PageResult:
        """The crop's result in full-frame pixels (boxes scaled back and offset by the crop)."""
        x, y = self.crop[0], self.crop[1]
        lines = [
            dataclasses.replace(ln, box=[[px / self.scale + x, py / self.scale + y] for px, py in ln.box])
            for ln in result.lines
        ]
        out = copy.copy(result)
        out.lines, out.width, out.height = lines, self.width, self.height
        out.page = self.index
        return out


def detection_scale(frame_h: int, frame_w: int, folder: bool) -> float:
    if folder:
        return min(1.0, FOLDER_MAX_WIDTH / max(frame_w, 1))
    return float(min(DET_SCALE_MAX, max(DET_SCALE_MIN, DET_FRAME_HEIGHT / max(frame_h, 1))))


def encode_jpeg(img: np.ndarray) -> bytes | None:
    ok, data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 92])
    return data.tobytes() if ok else None
