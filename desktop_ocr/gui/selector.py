"""Full-screen region selector over frozen screenshots.

Usage (GUI thread)::

    selector = RegionSelector()
    selector.selected.connect(on_region)      # (crop: np.ndarray BGR, rect: (left, top, w, h))
    selector.cancelled.connect(on_cancel)
    selector.start(grabber.grab_all())        # grab BEFORE showing anything

One opaque, frameless, always-on-top overlay per QScreen paints that screen's frozen shot (no
translucency: it needs a compositor and X11 without one paints it black), dims everything outside
the selection and shows the selection size in physical pixels.

Behaviour decisions:
- Left drag selects; the selection stays on the overlay (screen) where the drag began and is
  clamped to it -- a crop never spans two monitors with different scales.
- A drag smaller than MIN_DRAG_PX physical pixels in either direction is treated as a click and
  ignored: the selection is cleared and the selector stays open for another try.
- Esc or a right click on any overlay cancels.
- ``rect`` is in virtual-desktop physical pixels (ScreenShot coordinates, as mss reports them);
  ``crop`` is a copy of the frozen pixels, so it is exactly what the user saw.
"""

from __future__ import annotations

import logging

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen, QScreen
from PySide6.QtWidgets import QWidget

from ..i18n import QT_TRANSLATE_NOOP
from ..platform.capture.base import ScreenShot
from ..platform.geometry import MonitorGeometry, ScreenGeometry, logical_to_image, match_screens

logger = logging.getLogger(__name__)

MIN_DRAG_PX = 4
_DIM = QColor(0, 0, 0, 110)
_ACCENT = QColor(0, 160, 255)
_HINT = QT_TRANSLATE_NOOP(
    "RegionSelector", "Drag to select the text to read  ·  Esc or right-click to cancel"
)


def tr(text: str) -> str:
    return QCoreApplication.translate("RegionSelector", text)


def screen_geometry(screen: QScreen) -> ScreenGeometry:
    g = screen.geometry()
    return ScreenGeometry(g.x(), g.y(), g.width(), g.height(), screen.devicePixelRatio(), screen.name())


def bgr_to_qimage(image: np.ndarray) -> QImage:
    """Deep-copied QImage (the ndarray may be freed afterwards)."""
    image = np.ascontiguousarray(image)
    h, w = image.shape[:2]
    return QImage(image.data, w, h, image.strides[0], QImage.Format.Format_BGR888).copy()


class _Overlay(QWidget):
    def __init__(self, selector: RegionSelector, screen: QScreen, shot: ScreenShot) -> None:
        super().__init__(
            None,
            Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.Tool
            # Also cover panels/docks and keep window managers from moving or decorating us.
            | Qt.WindowType.X11BypassWindowManagerHint,
        )
        self._selector = selector
        self.shot = shot
        self.qscreen = screen
        self._frozen = bgr_to_qimage(shot.image)
        self._origin: QPointF | None = None
        self._current: QPointF | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # we paint every pixel
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setWindowTitle(tr("Desktop OCR – select a region"))

    # -- geometry helpers -------------------------------------------------------------------------
    def selection_logical(self) -> QRectF | None:
        if self._origin is None or self._current is None:
            return None
        return QRectF(self._origin, self._current).normalized()

    def selection_image_rect(self) -> tuple[int, int, int, int] | None:
        sel = self.selection_logical()
        if sel is None:
            return None
        return logical_to_image(
            (sel.x(), sel.y(), sel.width(), sel.height()),
            (self.width(), self.height()),
            (self.shot.width, self.shot.height),
        )

    def _clamp(self, p: QPointF) -> QPointF:
        return QPointF(min(max(p.x(), 0.0), float(self.width())), min(max(p.y(), 0.0), float(self.height())))

    # -- events -----------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.RightButton:
            self._selector.cancel()
        elif event.button() == Qt.MouseButton.LeftButton:
            self._origin = self._current = self._clamp(event.position())
            self.update()

    def mouseMoveEvent(self, event) -> None:
        if self._origin is not None:
            self._current = self._clamp(event.position())
            self.update()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._origin is None:
            return
        self._current = self._clamp(event.position())
        rect = self.selection_image_rect()
        self._origin = self._current = None
        self.update()
        if rect is None or rect[2] < MIN_DRAG_PX or rect[3] < MIN_DRAG_PX:
            logger.debug("selection %s too small: treated as a click", rect)
            return
        self._selector._finish(self.shot, rect)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._selector.cancel()
        else:
            super().keyPressEvent(event)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        full = QRectF(self.rect())
        # Physical image into the logical rect: on a dpr-2 backing store this is 1:1, i.e. crisp.
        p.drawImage(full, self._frozen)
        sel = self.selection_logical()
        if sel is None or sel.isEmpty():
            p.fillRect(full, _DIM)
            self._paint_label(p, tr(_HINT), QPointF(full.center().x(), 24.0), centered=True)
            return
        # Dim the four bands around the selection (no compositing of the selected part).
        for band in (
            QRectF(0, 0, full.width(), sel.top()),
            QRectF(0, sel.bottom(), full.width(), full.height() - sel.bottom()),
            QRectF(0, sel.top(), sel.left(), sel.height()),
            QRectF(sel.right(), sel.top(), full.width() - sel.right(), sel.height()),
        ):
            p.fillRect(band, _DIM)
        p.setPen(QPen(_ACCENT, 1))
        p.drawRect(sel.adjusted(0, 0, -1, -1))
        _x, _y, w, h = self.selection_image_rect() or (0, 0, 0, 0)
        anchor = QPointF(sel.left(), sel.top() - 6 if sel.top() > 28 else sel.bottom() + 22)
        self._paint_label(p, f"{w} × {h}", anchor)

    def _paint_label(self, p: QPainter, text: str, anchor: QPointF, centered: bool = False) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0))
        p.setFont(font)
        fm = p.fontMetrics()
        box = QRectF(fm.boundingRect(text)).adjusted(-6, -3, 6, 3)
        x = anchor.x() - box.width() / 2 if centered else anchor.x()
        x = min(max(x, 2.0), self.width() - box.width() - 2)
        box.moveTo(x, anchor.y() - box.height())
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(20, 20, 20, 220))
        p.drawRoundedRect(box, 4, 4)
        p.setPen(QColor(255, 255, 255))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


class RegionSelector(QObject):
    """Shows the overlays; emits exactly one of ``selected`` / ``cancelled`` per start()."""

    selected = Signal(object, tuple)  # (np.ndarray BGR crop, (left, top, width, height) virtual physical px)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._overlays: list[_Overlay] = []

    @property
    def overlays(self) -> list[QWidget]:
        """The live overlay widgets (one per matched screen); empty when not running."""
        return list(self._overlays)

    def is_active(self) -> bool:
        return bool(self._overlays)

    def start(self, shots: list[ScreenShot], screens: list[QScreen] | None = None) -> None:
        """Show one overlay per screen that has a shot. ``screens`` defaults to all QScreens.
        Emits ``cancelled`` right away if no shot can be matched to a screen."""
        self._close_overlays()
        screens = list(screens if screens is not None else QGuiApplication.screens())
        mapping = match_screens(
            [screen_geometry(s) for s in screens], [MonitorGeometry(*shot.rect) for shot in shots]
        )
        for screen, index in zip(screens, mapping, strict=True):
            if index is None:
                logger.warning("no screenshot for screen %s; it gets no overlay", screen.name())
                continue
            overlay = _Overlay(self, screen, shots[index])
            geo: QRect = screen.geometry()
            # Explicit geometry: showFullScreen() needs a window manager (Xvfb has none: 640x480).
            overlay.setScreen(screen)
            overlay.setGeometry(geo)
            overlay.show()
            overlay.raise_()
            self._overlays.append(overlay)
        if not self._overlays:
            logger.error("no screen matched the screenshots %s", [s.rect for s in shots])
            self.cancelled.emit()
            return
        focus = self._overlay_under_cursor() or self._overlays[0]
        focus.activateWindow()
        focus.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        # Without a WM (or with bypass-WM windows) nothing gives us focus: grab the keyboard for Esc.
        focus.grabKeyboard()

    def cancel(self) -> None:
        if not self._overlays:
            return
        self._close_overlays()
        self.cancelled.emit()

    def _overlay_under_cursor(self) -> _Overlay | None:
        from PySide6.QtGui import QCursor

        pos = QCursor.pos()
        return next((o for o in self._overlays if o.geometry().contains(pos)), None)

    def _finish(self, shot: ScreenShot, rect: tuple[int, int, int, int]) -> None:
        x, y, w, h = rect
        crop = shot.image[y : y + h, x : x + w].copy()
        virtual = (shot.left + x, shot.top + y, w, h)
        self._close_overlays()
        logger.info("region selected: %s", virtual)
        self.selected.emit(crop, virtual)

    def _close_overlays(self) -> None:
        overlays, self._overlays = self._overlays, []
        for overlay in overlays:
            overlay.releaseKeyboard()
            overlay.close()
