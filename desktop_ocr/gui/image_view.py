"""The page image with each line's box and each keyword hit drawn over it.

Wheel zooms around the pointer, dragging the image pans it, Ctrl+0 fits, Ctrl+1 shows actual
pixels. Hovering a box shows its text, clicking selects its line (``line_clicked``), double-clicking
edits the text in place (``line_edited``). Boxes and hits are drawn with cosmetic pens, so they look
the same at every zoom. Hits are the matched span of the line, its share of the box estimated from
character positions (``core.export.span_quad``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QLineEdit,
)

from desktop_ocr.core.results import Hit, PageResult
from desktop_ocr.core.spans import span_quad

logger = logging.getLogger(__name__)

BOX_COLOR = QColor(30, 120, 255)
SELECTED_COLOR = QColor(255, 60, 0)
MIN_SCALE, MAX_SCALE = 0.02, 32.0


def tr(text: str) -> str:
    return QCoreApplication.translate("ImageView", text)


def _polygon(points) -> QPolygonF:
    return QPolygonF([QPointF(float(x), float(y)) for x, y in points])


class LineItem(QGraphicsPolygonItem):
    """One line's box: hover shows its text, click selects, double-click edits."""

    def __init__(self, view: ImageView, index: int, points, text: str):
        super().__init__(_polygon(points))
        self.view = view
        self.index = index
        self.selected = False
        self.hovered = False
        self.setAcceptHoverEvents(True)
        self.setToolTip(text)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(2)
        self._style()

    def _style(self) -> None:
        color = SELECTED_COLOR if self.selected else BOX_COLOR
        pen = QPen(color, 3 if (self.selected or self.hovered) else 1.5)
        pen.setCosmetic(True)
        self.setPen(pen)
        fill = QColor(color)
        fill.setAlpha(45 if self.selected else 25 if self.hovered else 0)
        self.setBrush(QBrush(fill))

    def set_selected(self, on: bool) -> None:
        if self.selected != on:
            self.selected = on
            self._style()

    def hoverEnterEvent(self, event) -> None:
        self.hovered = True
        self._style()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = False
        self._style()
        super().hoverLeaveEvent(event)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()
            self.view.line_clicked.emit(self.index)
        else:
            event.ignore()

    def mouseDoubleClickEvent(self, event) -> None:
        event.accept()
        self.view.edit_line(self.index)


class _InlineEditor(QLineEdit):
    """Esc cancels, Enter or leaving the field commits."""

    def __init__(self, parent, on_commit, on_cancel):
        super().__init__(parent)
        self._on_commit, self._on_cancel = on_commit, on_cancel
        self._done = False
        self.returnPressed.connect(self.commit)

    def commit(self) -> None:
        if not self._done:
            self._done = True
            self._on_commit(self.text())

    def cancel(self) -> None:
        if not self._done:
            self._done = True
            self._on_cancel()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.commit()


class ImageView(QGraphicsView):
    line_clicked = Signal(int)
    line_edited = Signal(int, str)
    zoom_changed = Signal(float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setBackgroundBrush(QColor(70, 70, 74))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(tr("Page image"))
        self.result: PageResult | None = None
        self.line_items: list[LineItem] = []
        self.hit_items: list[QGraphicsPolygonItem] = []
        self._pixmap_item: QGraphicsPixmapItem | None = None
        self._paper: QGraphicsRectItem | None = None
        self._selected: set[int] = set()
        self._fit = True  # follow the window size until the user zooms
        self._editor: _InlineEditor | None = None
        self._hits: list[Hit] = []
        self._colors: dict[str, QColor] = {}
        self._current_hit: int | None = None
        self.hint = ""
        self.set_capture_hotkey("")

    def set_capture_hotkey(self, hotkey: str) -> None:
        """The empty view's hint names the capture hotkey ("": none set)."""
        self.hint = tr(
            "Drop images, PDFs or folders here\nor open them with Ctrl+O, paste an image with Ctrl+V"
        )
        if hotkey:
            self.hint += "\n\n" + tr("Capture text from the screen with {0}").format(hotkey)
        self.viewport().update()

    # -- content ----------------------------------------------------------------------------
    def clear_page(self) -> None:
        self._close_editor()
        self.scene().clear()
        self.line_items, self.hit_items = [], []
        self._pixmap_item = self._paper = None
        self.result = None
        self._selected = set()

    def set_page(self, result: PageResult | None, pixmap: QPixmap | None, keep_view: bool = False) -> None:
        """Show a page: its image (or a blank sheet of its size while the image loads) and its boxes."""
        self.clear_page()
        self.result = result
        scene = self.scene()
        w = result.width if result is not None and result.width else pixmap.width() if pixmap else 0
        h = result.height if result is not None and result.height else pixmap.height() if pixmap else 0
        self._paper = scene.addRect(
            QRectF(0, 0, w, h), QPen(Qt.PenStyle.NoPen), QBrush(QColor(250, 250, 250))
        )
        self._paper.setZValue(0)
        if pixmap is not None:
            self.set_pixmap(pixmap)
        if result is not None and result.error is None:
            for i, ln in enumerate(result.lines):
                item = LineItem(self, i, ln.box, ln.text)
                scene.addItem(item)
                self.line_items.append(item)
        scene.setSceneRect(QRectF(0, 0, max(w, 1), max(h, 1)))
        if not keep_view:
            self._fit = True
            self._apply_fit()

    def set_pixmap(self, pixmap: QPixmap) -> None:
        if self._pixmap_item is not None:
            self.scene().removeItem(self._pixmap_item)
        self._pixmap_item = self.scene().addPixmap(pixmap)
        self._pixmap_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._pixmap_item.setZValue(1)
        if self.result is None or not self.result.width:
            self.scene().setSceneRect(QRectF(pixmap.rect()))
            if self._paper is not None:
                self._paper.setRect(QRectF(pixmap.rect()))
            if self._fit:
                self._apply_fit()

    @property
    def has_pixmap(self) -> bool:
        return self._pixmap_item is not None

    def update_line_text(self, index: int) -> None:
        if self.result is not None and 0 <= index < len(self.line_items):
            self.line_items[index].setToolTip(self.result.lines[index].text)

    def set_hits(self, hits: list[Hit], colors: dict[str, QColor], current: int | None = None) -> None:
        """Draw each hit's span over its line, in its keyword's colour; ``current`` gets a bold outline."""
        for item in self.hit_items:
            self.scene().removeItem(item)
        self.hit_items = []
        self._hits, self._colors, self._current_hit = list(hits), colors, current
        if self.result is None:
            return
        for i, hit in enumerate(hits):
            if not 0 <= hit.line < len(self.result.lines):
                continue
            ln = self.result.lines[hit.line]
            quad = span_quad(ln.box, ln.text, hit.start, hit.end)
            color = QColor(colors.get(hit.keyword, QColor(255, 200, 0)))
            fill = QColor(color)
            fill.setAlpha(110)
            pen = QPen(color.darker(130) if i != current else QColor(200, 0, 0), 4 if i == current else 2)
            pen.setCosmetic(True)
            item = QGraphicsPolygonItem(_polygon(quad))
            item.setPen(pen)
            item.setBrush(QBrush(fill))
            item.setZValue(3 if i != current else 4)
            item.setToolTip(f"{hit.keyword}: {ln.text[hit.start : hit.end]}")
            # clicks go to the line box underneath
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, False)
            self.scene().addItem(item)
            self.hit_items.append(item)

    def select_lines(self, indexes: set[int] | list[int], ensure_visible: bool = True) -> None:
        self._selected = set(indexes)
        for item in self.line_items:
            item.set_selected(item.index in self._selected)
        if ensure_visible and len(self._selected) == 1:
            (i,) = self._selected
            if 0 <= i < len(self.line_items):
                self.ensureVisible(self.line_items[i], 40, 40)

    def show_hit(self, hit_index: int) -> None:
        if 0 <= hit_index < len(self.hit_items):
            self.ensureVisible(self.hit_items[hit_index], 60, 60)

    # -- zoom -------------------------------------------------------------------------------
    @property
    def scale_factor(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        new = min(MAX_SCALE, max(MIN_SCALE, self.scale_factor * factor))
        f = new / self.scale_factor
        if abs(f - 1.0) > 1e-6:
            self._fit = False
            self.scale(f, f)
            self.zoom_changed.emit(self.scale_factor)

    def fit(self) -> None:
        self._fit = True
        self._apply_fit()

    def actual_size(self) -> None:
        self._fit = False
        self.resetTransform()
        self.zoom_changed.emit(1.0)

    def _apply_fit(self) -> None:
        rect = self.scene().sceneRect()
        if rect.width() > 1 and rect.height() > 1:
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
            if self.scale_factor > 2.0:  # a small capture is not blown up into a blur
                self.resetTransform()
                self.scale(2.0, 2.0)
            self.zoom_changed.emit(self.scale_factor)

    def wheelEvent(self, event) -> None:
        dy = event.angleDelta().y()
        if dy == 0:
            return super().wheelEvent(event)
        self.zoom_by(1.25 ** (dy / 120.0))
        event.accept()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit:
            self._apply_fit()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawForeground(painter, rect)
        if self.hint and not self.scene().items():
            painter.save()
            painter.resetTransform()
            painter.setPen(QColor(220, 220, 225))
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * 1.3)
            painter.setFont(font)
            painter.drawText(
                self.viewport().rect().adjusted(20, 20, -20, -20),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.hint,
            )
            painter.restore()

    # -- in-place editing -------------------------------------------------------------------
    def edit_line(self, index: int) -> None:
        if self.result is None or not 0 <= index < len(self.result.lines):
            return
        self._close_editor()
        self.line_clicked.emit(index)
        item = self.line_items[index]
        rect = self.mapFromScene(item.boundingRect()).boundingRect()
        editor = _InlineEditor(
            self.viewport(),
            lambda text, i=index: self._commit(i, text),
            self._close_editor_later,
        )
        editor.setText(self.result.lines[index].text)
        font = QFont(editor.font())
        font.setPixelSize(max(11, min(40, int(rect.height() * 0.7))))
        editor.setFont(font)
        height = max(rect.height(), editor.fontMetrics().height() + 8)
        width = max(rect.width(), 160)
        editor.setGeometry(rect.x(), rect.y() + (rect.height() - height) // 2, width, height)
        editor.setToolTip(tr("Enter keeps the correction, Esc cancels"))
        editor.show()
        editor.setFocus()
        editor.selectAll()
        self._editor = editor

    @property
    def editor(self) -> QLineEdit | None:
        return self._editor

    def _commit(self, index: int, text: str) -> None:
        self._close_editor_later()
        if self.result is not None and 0 <= index < len(self.result.lines):
            if text != self.result.lines[index].text:
                self.line_edited.emit(index, text)

    def _close_editor_later(self) -> None:
        # the editor may be the sender (returnPressed): delete it once its event is handled
        if self._editor is not None:
            ed, self._editor = self._editor, None
            ed.hide()
            ed.deleteLater()

    def _close_editor(self) -> None:
        if self._editor is not None:
            self._editor.cancel()

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress and self._editor is not None:
            self._editor.commit()
        return super().viewportEvent(event)
