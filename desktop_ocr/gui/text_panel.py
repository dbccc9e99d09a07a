"""The lines of the current page, one row each, with keyword hits highlighted; double-click or F2 edits.

A row shows the line's text; the rows of one paragraph sit together, a gap comes before each new
paragraph (a wider one before a new block: a column, a table), so the page reads as it is laid out
while each line stays editable on its own. Hit spans get their keyword's colour as background (the current hit,
the one F3 went to, is outlined). A corrected line is shown in italics. Selecting rows selects the
boxes in the image view and back.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QPen, QTextCharFormat, QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate

from desktop_ocr.core.results import Hit, Line, PageResult

logger = logging.getLogger(__name__)

LineRole = Qt.ItemDataRole.UserRole + 1
SpansRole = Qt.ItemDataRole.UserRole + 2  # [(start, end, QColor, is_current)]
GapRole = Qt.ItemDataRole.UserRole + 3  # empty pixels above the row: a new paragraph or block


def tr(text: str) -> str:
    return QCoreApplication.translate("TextPanel", text)


def uncertain_note(line: Line) -> str:
    """'Uncertain: 要 (or 耍, 13%)' for the characters the recogniser was unsure of, or ''."""
    parts = [
        tr("{0} (or {1}, {2:.0%})").format(line.text[i], ch, p)
        for i, ch, p in line.alternates
        if 0 <= i < len(line.text)
    ]
    return tr("Uncertain: {0}").format(", ".join(parts)) if parts else ""


def _layout(text: str, font, width: float, formats=()) -> tuple[QTextLayout, float]:
    """The row's text laid out (wrapped) in ``width``; its height. Used to paint and to size rows."""
    layout = QTextLayout(text, font)
    to = QTextOption()
    to.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(to)
    if formats:
        layout.setFormats(list(formats))
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(20.0, width))
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout, y


class _HitDelegate(QStyledItemDelegate):
    """Paints the row's text with its hit spans highlighted (QTextLayout: right for CJK too)."""

    PAD_X, PAD_Y = 6, 4

    def paint(self, painter, option, index) -> None:
        spans = index.data(SpansRole) or []
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        self.initStyleOption(option, index)
        gap = index.data(GapRole) or 0
        if gap:  # the gap above a paragraph stays empty
            option.rect = option.rect.adjusted(0, gap, 0, 0)
        style = option.widget.style() if option.widget else None
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect = option.rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y)
        formats = []
        for start, end, color, current in spans:
            fr = QTextLayout.FormatRange()
            fr.start, fr.length = start, end - start
            fmt = QTextCharFormat()
            bg = QColor(color)
            bg.setAlpha(170)
            fmt.setBackground(bg)
            fmt.setForeground(QColor(0, 0, 0))
            if current:
                fmt.setFontUnderline(True)
            fr.format = fmt
            formats.append(fr)
        layout, height = _layout(text, option.font, rect.width(), formats)
        painter.save()
        painter.setClipRect(option.rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(option.palette.color(role))
        top = rect.top() + max(0.0, (rect.height() - height) / 2)
        layout.draw(painter, QPointF(rect.left(), top))
        if any(s[3] for s in spans):  # the hit F3 went to
            painter.setPen(QPen(QColor(200, 0, 0), 2))
            painter.drawRect(QRectF(option.rect).adjusted(1, 1, -1, -1))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        view = option.widget
        width = (view.viewport().width() if view is not None else 400) - 2 * self.PAD_X
        self.initStyleOption(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        _layout_, height = _layout(text, option.font, width)
        return QSize(max(20, width), int(height) + 2 * self.PAD_Y + (index.data(GapRole) or 0))


class TextPanel(QListWidget):
    line_selected = Signal(list)  # line indexes selected by the user
    line_edited = Signal(int, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setItemDelegate(_HitDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setWordWrap(True)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)  # rows re-wrap when the panel is resized
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAlternatingRowColors(True)
        self.setAccessibleName(tr("Recognised text"))
        self.result: PageResult | None = None
        self._filling = False
        self.itemChanged.connect(self._on_item_changed)
        self.itemSelectionChanged.connect(self._on_selection)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.setFont(font)

    def set_page(self, result: PageResult | None) -> None:
        self._filling = True
        try:
            self.clear()
            self.result = result
            if result is None or result.error is not None:
                return
            step = self.fontMetrics().height()
            prev = None
            for i, ln in enumerate(result.lines):
                item = QListWidgetItem(ln.text)
                item.setData(LineRole, i)
                if prev is not None and ln.block != prev.block:
                    item.setData(GapRole, step)
                elif prev is not None and ln.paragraph != prev.paragraph:
                    item.setData(GapRole, step // 2)
                prev = ln
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self._decorate(item, i)
                self.addItem(item)
        finally:
            self._filling = False

    def _decorate(self, item: QListWidgetItem, i: int) -> None:
        assert self.result is not None
        ln = self.result.lines[i]
        font = QFont(self.font())
        font.setItalic(ln.edited)
        item.setFont(font)
        tip = tr("Line {0} · score {1:.2f}").format(i + 1, ln.score)
        if ln.edited:
            tip += " · " + tr("corrected by hand")
        uncertain = uncertain_note(ln)
        if uncertain:
            tip += "\n" + uncertain
        item.setToolTip(tip + "\n" + tr("Double-click or F2 to correct"))

    def set_hits(self, hits: list[Hit], colors: dict[str, QColor], current: int | None = None) -> None:
        per_line: dict[int, list] = {}
        for i, h in enumerate(hits):
            per_line.setdefault(h.line, []).append(
                (h.start, h.end, colors.get(h.keyword, QColor(255, 200, 0)), i == current)
            )
        self._filling = True
        try:
            for row in range(self.count()):
                self.item(row).setData(SpansRole, per_line.get(row, []))
        finally:
            self._filling = False

    def update_line(self, index: int) -> None:
        if self.result is None or not 0 <= index < self.count():
            return
        self._filling = True
        try:
            item = self.item(index)
            item.setText(self.result.lines[index].text)
            self._decorate(item, index)
        finally:
            self._filling = False

    def select_lines(self, indexes: list[int]) -> None:
        self._filling = True
        try:
            self.clearSelection()
            for i in indexes:
                if 0 <= i < self.count():
                    self.item(i).setSelected(True)
            if indexes and 0 <= indexes[0] < self.count():
                self.setCurrentRow(indexes[0], self.selectionModel().SelectionFlag.NoUpdate)
                self.scrollToItem(self.item(indexes[0]))
        finally:
            self._filling = False

    def selected_lines(self) -> list[int]:
        return sorted(self.row(it) for it in self.selectedItems())

    def edit_line(self, index: int) -> None:
        if 0 <= index < self.count():
            self.setCurrentRow(index)
            self.editItem(self.item(index))

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling or self.result is None:
            return
        i = item.data(LineRole)
        if i is None or not 0 <= i < len(self.result.lines):
            return
        text = item.text()
        if text != self.result.lines[i].text:
            self.line_edited.emit(i, text)

    def _on_selection(self) -> None:
        if not self._filling:
            self.line_selected.emit(self.selected_lines())
