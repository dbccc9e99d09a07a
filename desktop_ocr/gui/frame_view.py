"""A video frame with its line boxes (hits in red) and the subtitle band, which can be dragged.

Used by the video review (``gui.video_review``): ``FrameView.set_frame`` shows a frame, and in
band mode a drag selects the band (``band_selected``, in frame pixels); ``lines_thumbnail`` is an
event's row picture.
"""

from __future__ import annotations

import os

import cv2
import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QWidget

from desktop_ocr.core.results import Line
from desktop_ocr.core.video.keyframes import Region, clip_region


def to_qimage(bgr: np.ndarray) -> QImage:
    rgb = np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def first_frame(path: str) -> np.ndarray | None:
    """The first frame of a video or the first image of a frame folder (for the band selection)."""
    if os.path.isdir(path):
        from desktop_ocr.core.filetypes import IMAGE_EXTS
        from desktop_ocr.core.video.keyframes import _read_image

        for name in sorted(os.listdir(path)):
            if name.lower().endswith(IMAGE_EXTS):
                img = _read_image(os.path.join(path, name))
                if img is not None:
                    return img
        return None
    cap = cv2.VideoCapture(path)
    try:
        ok, frame = cap.read()
        return frame if ok else None
    finally:
        cap.release()


def lines_thumbnail(frame: np.ndarray, lines: list[Line], size: QSize) -> QPixmap:
    """The lines cut from their frame (a whole frame is unreadable that small), centred on a dark
    pixmap of ``size``: one size for every row, so a list's columns line up."""
    h, w = frame.shape[:2]
    crop = frame
    if lines:
        x0 = min(ln.bounds[0] for ln in lines)
        y0 = min(ln.bounds[1] for ln in lines)
        x1 = max(ln.bounds[2] for ln in lines)
        y1 = max(ln.bounds[3] for ln in lines)
        pad = (y1 - y0) * 0.3
        crop = frame[
            max(0, int(y0 - pad)) : min(h, int(y1 + pad)), max(0, int(x0 - pad)) : min(w, int(x1 + pad))
        ]
    scaled = QPixmap.fromImage(to_qimage(crop)).scaled(
        size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    pix = QPixmap(size)
    pix.fill(QColor(30, 30, 30))
    painter = QPainter(pix)
    painter.drawPixmap((size.width() - scaled.width()) // 2, (size.height() - scaled.height()) // 2, scaled)
    painter.end()
    return pix


class FrameView(QWidget):
    """A frame scaled to fit, with line boxes (hits in red) and the band; drag to select a band."""

    band_selected = Signal(int, int, int, int)  # x, y, w, h in frame pixels

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.image: QImage | None = None
        self.lines: list[Line] = []
        self.hit_lines: set[int] = set()
        self.band: Region | None = None
        self.selecting = False
        self._drag: tuple[QPointF, QPointF] | None = None
        self.setMinimumSize(320, 180)
        self.setMouseTracking(False)

    def set_frame(self, bgr: np.ndarray | None, lines: list[Line] | None = None, hit_lines=()) -> None:
        self.image = to_qimage(bgr) if bgr is not None else None
        self.lines = list(lines or [])
        self.hit_lines = set(hit_lines)
        self.update()

    def set_selecting(self, on: bool) -> None:
        self.selecting = on
        self._drag = None
        self.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)
        self.update()

    def image_rect(self) -> QRectF:
        """Where the frame is drawn in the widget (scaled to fit, centred)."""
        if self.image is None:
            return QRectF()
        iw, ih = self.image.width(), self.image.height()
        s = min(self.width() / iw, self.height() / ih)
        w, h = iw * s, ih * s
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def _to_frame(self, p: QPointF) -> QPointF:
        t = self.image_rect()
        s = t.width() / self.image.width()
        return QPointF((p.x() - t.x()) / s, (p.y() - t.y()) / s)

    def paintEvent(self, _ev) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(40, 40, 40))
        if self.image is None:
            p.setPen(QColor(200, 200, 200))
            p.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                QCoreApplication.translate("VideoReview", "Open a video to review its text"),
            )
            return
        t = self.image_rect()
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.drawImage(t, self.image)
        s = t.width() / self.image.width()

        def poly(box) -> QPolygonF:
            return QPolygonF([QPointF(t.x() + x * s, t.y() + y * s) for x, y in box])

        for i, ln in enumerate(self.lines):
            hit = i in self.hit_lines
            p.setPen(QPen(QColor(230, 30, 30) if hit else QColor(40, 220, 40), 3 if hit else 1.5))
            p.setBrush(QBrush(QColor(255, 255, 0, 70)) if hit else Qt.BrushStyle.NoBrush)
            p.drawPolygon(poly(ln.box))
        p.setBrush(Qt.BrushStyle.NoBrush)
        band = None
        if self._drag is not None:
            band = QRectF(self._drag[0], self._drag[1]).normalized()
        elif self.band is not None:
            x, y, w, h = self.band
            band = QRectF(t.x() + x * s, t.y() + y * s, w * s, h * s)
        if band is not None:
            p.setPen(QPen(QColor(255, 200, 0), 2, Qt.PenStyle.DashLine))
            p.drawRect(band)

    def mousePressEvent(self, ev) -> None:  # noqa: N802
        if self.selecting and self.image is not None and ev.button() == Qt.MouseButton.LeftButton:
            self._drag = (ev.position(), ev.position())
            self.update()

    def mouseMoveEvent(self, ev) -> None:  # noqa: N802
        if self._drag is not None:
            self._drag = (self._drag[0], ev.position())
            self.update()

    def mouseReleaseEvent(self, ev) -> None:  # noqa: N802
        if self._drag is None:
            return
        a, b = self._to_frame(self._drag[0]), self._to_frame(ev.position())
        self._drag = None
        x0, x1 = sorted((a.x(), b.x()))
        y0, y1 = sorted((a.y(), b.y()))
        if x1 - x0 < 8 or y1 - y0 < 8:  # a click, not a drag
            self.update()
            return
        x, y, w, h = clip_region(
            (round(x0), round(y0), round(x1 - x0), round(y1 - y0)), self.image.width(), self.image.height()
        )
        self.band = (x, y, w, h)
        self.update()
        self.band_selected.emit(x, y, w, h)


__all__ = ["FrameView", "first_frame", "lines_thumbnail", "to_qimage"]
