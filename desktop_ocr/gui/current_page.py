"""The page on screen: which one it is, its image and lines, their selection, and corrections.

The view (image with boxes) and the text panel show the same page; selecting a box selects its
line and the other way round. A correction typed in either is kept in the page's result, saved
with the session, matched again for keywords and used by every export.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPixmap

from desktop_ocr.gui.page_images import PageImages
from desktop_ocr.gui.page_list import KeyRole, PageEntry

# The parts get the main window itself (``win``) and use its public interface; they do not import
# it (the window imports them).
MainWindow = Any


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class CurrentPage:
    def __init__(self, win: MainWindow):
        self.win = win
        self.model = win.model
        self.view = win.view
        self.text_panel = win.text_panel
        self.key: int | None = None
        self.images = PageImages(
            win.model, win.images, win.thumbs, lambda: self.key, self._image_loaded, self._image_failed
        )
        win.page_list.selectionModel().currentChanged.connect(self._on_page_selected)
        self.view.line_clicked.connect(self._on_box_clicked)
        self.view.line_edited.connect(self.edit_line)
        self.text_panel.line_selected.connect(self.view.select_lines)
        self.text_panel.line_edited.connect(self.edit_line)

    def entry(self) -> PageEntry | None:
        return self.model.entry(self.key) if self.key is not None else None

    # -- which page -----------------------------------------------------------------------------------
    def select(self, key: int) -> None:
        row = self.model.row_of(key)
        if row is None:
            return
        idx = self.model.index(row)
        if self.win.page_list.currentIndex() == idx and self.key == key:
            return
        self.win.page_list.setCurrentIndex(idx)
        if self.key != key:  # setCurrentIndex did not signal (same index, model reset)
            self._set(key)

    def step(self, step: int) -> None:
        if not self.model.entries:
            return
        row = self.model.row_of(self.key) if self.key is not None else -1
        row = max(0, min(len(self.model.entries) - 1, (row if row is not None else -1) + step))
        self.select(self.model.entries[row].key)

    def clear(self) -> None:
        """Every page left the window."""
        self.key = None
        self.images.clear()
        self.show()

    def _on_page_selected(self, current, _previous) -> None:
        key = current.data(KeyRole) if current.isValid() else None
        if key is not None and key != self.key:
            self._set(int(key))

    def _set(self, key: int) -> None:
        self.key = key
        self.win.keyword_hits.page_changed(key)
        self.show()

    def show(self, keep_view: bool = False) -> None:
        """Show the current page's image, boxes, lines and hits (``keep_view``: zoom and scroll stay)."""
        e = self.entry()
        if e is None:
            self.view.clear_page()
            self.text_panel.set_page(None)
            self.win.update_title()
            return
        result = e.result if e.result is not None and e.result.error is None else None
        self.view.set_page(result, self.images.pixmap(e.key), keep_view=keep_view)
        self.text_panel.set_page(result)
        self.win.keyword_hits.refresh()
        if self.images.pixmap(e.key) is None:
            self.images.request(e)
        if e.state == "failed":
            self.win.show_status(e.error or tr("failed"))
        self.win.update_title()
        self.win.update_counts()

    def _image_loaded(self, key: int, pm: QPixmap) -> None:
        if key != self.key:
            return
        e = self.model.entry(key)
        if self.view.result is None and e is not None and e.result is not None and e.result.error is None:
            self.show(keep_view=True)
        else:
            self.view.set_pixmap(pm)

    def _image_failed(self, key: int, exc: BaseException) -> None:
        if key == self.key:
            self.win.show_status(tr("Cannot show the image: {0}").format(exc), 8000)

    # -- lines ----------------------------------------------------------------------------------------
    def _on_box_clicked(self, index: int) -> None:
        self.view.select_lines([index], ensure_visible=False)
        self.text_panel.select_lines([index])

    def select_line(self, index: int) -> None:
        self.view.select_lines([index])
        self.text_panel.select_lines([index])

    def edit_line(self, index: int, text: str) -> None:
        """A user's correction of line ``index`` of the current page: kept, saved, used by every
        export, and undoable (``win.corrections``: the window's undo stack)."""
        e = self.entry()
        if e is None or e.result is None or not 0 <= index < len(e.result.lines):
            return
        text = " ".join(text.split()) if "\n" in text else text.strip()
        if text == e.result.lines[index].text:
            self.text_panel.update_line(index)  # an edit that changed nothing (spaces) shows the line
            return
        self.win.corrections.correct(e.key, index, text)

    def edit_selected(self) -> None:
        lines = self.text_panel.selected_lines()
        if lines:
            self.text_panel.edit_line(lines[0])


__all__ = ["CurrentPage"]
