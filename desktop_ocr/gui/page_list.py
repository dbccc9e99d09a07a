"""The pages of the window: what each one is, its state and result, and the list that shows them.

``PageEntry`` is the window's record of a page. ``PageListModel`` shows the entries with a
thumbnail and their state; thumbnails are asked for (``thumb_wanted``) only when the view paints a
row, so dropping 200 pages never makes 200 thumbnails at once, and they are made off the GUI thread.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyledItemDelegate

from desktop_ocr.core.images import PageSource
from desktop_ocr.core.results import PageResult

logger = logging.getLogger(__name__)

THUMB_PX = 64
KeyRole = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    return QCoreApplication.translate("PageList", text)


def state_text(state: str) -> str:
    """The page state as a user reads it."""
    names = {
        "queued": tr("queued"),
        "detecting": tr("detecting"),
        "recognizing": tr("recognising"),
        "done": tr("done"),
        "failed": tr("failed"),
        "skipped": tr("cancelled"),
        "loading": tr("opening"),
    }
    return names.get(state, state)


@dataclass(eq=False)
class PageEntry:
    key: int
    path: str
    page: int | None
    state: str = "queued"
    result: PageResult | None = None
    source: PageSource | None = field(default=None, repr=False)
    image_file: str | None = None  # a pasted image, saved in the session folder (file name)
    error: str | None = None
    job: int | None = None
    thumb: QPixmap | None = field(default=None, repr=False)
    thumb_requested: bool = False
    record: dict[str, Any] | None = field(default=None, repr=False)  # cached session record

    @property
    def label(self) -> str:
        name = os.path.basename(self.path) or self.path
        return f"{name} p.{self.page}" if self.page is not None else name

    @property
    def hits(self) -> list:
        return (self.result.hits or []) if self.result is not None else []

    def summary(self) -> str:
        """Second line of the list row: the state, and for a read page its lines and hits."""
        if self.state == "failed":
            return tr("failed: {0}").format(self.error or "")
        if self.state == "done" and self.result is not None:
            text = tr("lines: {0}").format(len(self.result.lines))
            if self.hits:
                text += " · " + tr("hits: {0}").format(len(self.hits))
            if any(ln.edited for ln in self.result.lines):
                text += " · " + tr("edited")
            return text
        return state_text(self.state)


class PageListModel(QAbstractListModel):
    thumb_wanted = Signal(int)  # entry key: the view is showing a row without its thumbnail

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[PageEntry] = []
        self._rows: dict[int, int] = {}
        self._placeholder = QPixmap(THUMB_PX, THUMB_PX)
        self._placeholder.fill(QColor(225, 225, 225))

    # -- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or index.row() >= len(self.entries):
            return None
        e = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{e.label}\n{e.summary()}"
        if role == Qt.ItemDataRole.DecorationRole:
            if e.thumb is None:
                if not e.thumb_requested and (e.source is not None):
                    e.thumb_requested = True
                    self.thumb_wanted.emit(e.key)
                return self._placeholder
            return e.thumb
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = e.path if e.page is None else f"{e.path} (p.{e.page})"
            return f"{tip}\n{e.summary()}"
        if role == Qt.ItemDataRole.ForegroundRole and e.state == "failed":
            return QColor(180, 0, 0)
        if role == KeyRole:
            return e.key
        return None

    # -- changes ----------------------------------------------------------------------------
    def add(self, entries: list[PageEntry]) -> None:
        if not entries:
            return
        first = len(self.entries)
        self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
        for i, e in enumerate(entries):
            self._rows[e.key] = first + i
            self.entries.append(e)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self.entries.clear()
        self._rows.clear()
        self.endResetModel()

    def remove(self, key: int) -> None:
        row = self._rows.get(key)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.entries[row]
        self._rows = {e.key: i for i, e in enumerate(self.entries)}
        self.endRemoveRows()

    def row_of(self, key: int) -> int | None:
        return self._rows.get(key)

    def entry(self, key: int) -> PageEntry | None:
        row = self._rows.get(key)
        return self.entries[row] if row is not None else None

    def changed(self, key: int) -> None:
        row = self._rows.get(key)
        if row is not None:
            idx = self.index(row)
            self.dataChanged.emit(idx, idx)


class _RowDelegate(QStyledItemDelegate):
    """Rows as wide as the list, so long names and reasons are elided instead of scrolling sideways."""

    def sizeHint(self, option, index) -> QSize:
        base = super().sizeHint(option, index)
        view = option.widget
        width = view.viewport().width() - 6 if view is not None else base.width()
        return QSize(max(80, width), max(base.height(), THUMB_PX + 8))


class PageListView(QListView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.setUniformItemSizes(True)  # row heights are not measured row by row: fast with many pages
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # Delete removes them
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setItemDelegate(_RowDelegate(self))
        self.setSpacing(2)
        self.setAccessibleName(tr("Pages"))
