"""What a user does to pages and lines from their context menus, and Delete in the page list.

On pages (the selected ones in the page list): remove, read again, show in folder, copy text. On
lines (the selected ones in the text panel): copy, correct, add as keyword. An action with nothing
to act on is disabled (a pasted image has no folder, a page not read yet has no text), and so are
the window's own actions (``update_enabled``: export, copy and correct need a page that was read,
Close all needs pages), set at once on every change the window counts.

Removing a page drops it from the window and the session; its OCR is dropped if it has not started
(a page being read finishes and its result is not used). Showing the folder goes through ``open_url`` (``QDesktopServices.openUrl``;
tests hand in their own to see the URL asked for).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop_ocr.core.session import page_source
from desktop_ocr.gui.page_list import KeyRole, PageEntry

# The parts get the main window itself (``win``) and use its public interface; they do not import
# it (the window imports them).
MainWindow = Any

logger = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def _has_text(e: PageEntry) -> bool:
    return e.result is not None and e.result.error is None and bool(e.result.lines)


def _edited(entries: list[PageEntry]) -> int:
    return sum(ln.edited for e in entries if e.result is not None for ln in e.result.lines)


class PageActions:
    def __init__(self, win: MainWindow, open_url: Callable[[QUrl], Any] | None = None):
        self.win = win
        self.model = win.model
        self.open_url = open_url or QDesktopServices.openUrl
        self.last_menu: QMenu | None = None  # the menu on screen (tests and screenshots look at it)
        lst = win.page_list
        lst.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        lst.customContextMenuRequested.connect(self._page_menu)
        panel = win.text_panel
        panel.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        panel.customContextMenuRequested.connect(self._line_menu)
        # Delete in the page list removes the selected pages (elsewhere Delete edits text); the
        # one action with that shortcut: two would cancel each other
        self.act_remove = QAction(tr("Re&move selected pages"), lst)
        self.act_remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.act_remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_remove.setStatusTip(tr("Remove the selected pages from the window (the files stay)"))
        self.act_remove.triggered.connect(lambda _c=False: self.remove_pages(self.selected_keys()))
        lst.addAction(self.act_remove)

    # -- pages ---------------------------------------------------------------------------------------
    def selected_keys(self) -> list[int]:
        """The pages selected in the list, in list order (the current page when none is)."""
        rows = sorted(i.row() for i in self.win.page_list.selectionModel().selectedRows())
        keys = [self.model.entries[r].key for r in rows if 0 <= r < len(self.model.entries)]
        if not keys and self.win.current_key is not None:
            keys = [self.win.current_key]
        return keys

    def _entries(self, keys: list[int]) -> list[PageEntry]:
        return [e for k in keys if (e := self.model.entry(k)) is not None]

    def page_menu_for(self, keys: list[int]) -> QMenu:
        """The context menu of these pages (built, not shown)."""
        entries = self._entries(keys)
        menu = QMenu(self.win)
        n = len(entries)
        remove = menu.addAction(tr("&Remove from the list") if n <= 1 else tr("&Remove {0} pages").format(n))
        remove.setShortcut(self.act_remove.shortcut())
        remove.triggered.connect(lambda _c=False: self.remove_pages(keys))
        again = menu.addAction(tr("Read &again"))
        again.triggered.connect(lambda _c=False: self.read_again(keys))
        folder = menu.addAction(tr("Show in &folder"))
        folder.triggered.connect(lambda _c=False: self.show_in_folder(keys[0]))
        copy = menu.addAction(tr("&Copy text"))
        copy.triggered.connect(lambda _c=False: self.copy_text(keys))
        remove.setEnabled(n > 0)
        again.setEnabled(any(self._readable(e) for e in entries))
        folder.setEnabled(n == 1 and self._folder(entries[0]) is not None)
        copy.setEnabled(any(_has_text(e) for e in entries))
        return menu

    def _page_menu(self, pos: QPoint) -> None:
        lst = self.win.page_list
        idx = lst.indexAt(pos)
        if not idx.isValid():
            return
        key = idx.data(KeyRole)
        keys = self.selected_keys()
        if key not in keys:  # a right-click outside the selection acts on that page
            lst.setCurrentIndex(idx)
            keys = [int(key)]
        self._show(self.page_menu_for(keys), lst.viewport().mapToGlobal(pos))

    def _show(self, menu: QMenu, at: QPoint) -> None:
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_menu = menu
        menu.popup(at)

    def remove_pages(self, keys: list[int]) -> int:
        """Take these pages out of the window and the session; their pending OCR is dropped. Asks
        first when one holds corrections (they would be lost). Returns how many were removed."""
        entries = self._entries(keys)
        if not entries or not self._corrections_may_go(
            entries, tr("Remove corrected pages?"), tr("{0} corrected lines are lost with them.")
        ):
            return 0
        win = self.win
        current = win.current_key
        row = self.model.row_of(current) if current is not None else None
        gone = {e.key for e in entries}
        win.batch.forget(gone)
        for e in entries:
            win.keywords.set_page_hits(e.key, 0, e.label, [], [], {})
            self.model.remove(e.key)
        if current in gone:
            if self.model.entries:
                row = min(row or 0, len(self.model.entries) - 1)
                win.select_page(self.model.entries[row].key)
            else:
                win.page.clear()
        win.session.touch(soon=True)
        win.update_counts()
        win.update_progress()
        n = len(entries)
        logger.info("removed %d pages", n)
        win.show_status(tr("Removed {0} pages").format(n) if n > 1 else tr("Removed the page"), 4000)
        return n

    def _corrections_may_go(self, entries: list[PageEntry], title: str, text: str) -> bool:
        """True when none of these pages holds a corrected line, or the user agrees to lose them
        (``text`` has ``{0}`` for their number)."""
        edited = _edited(entries)
        return not edited or self.win.dialogs.confirm(title, text.format(edited))

    def update_enabled(self) -> None:
        """The window's actions enabled only with something to act on."""
        w = self.win
        entries = w.model.entries
        cur = w.current_entry()
        read = cur is not None and cur.state == "done" and cur.result is not None and cur.result.error is None
        has_lines = read and bool(cur.result.lines)
        for a in (w.act_export_page, w.act_annotated):
            a.setEnabled(read)
        for a in (w.act_copy, w.act_copy_page, w.act_edit):
            a.setEnabled(has_lines)
        w.act_export_all.setEnabled(any(e.state == "done" for e in entries))
        w.act_clear.setEnabled(bool(entries))
        self.act_remove.setEnabled(bool(entries))

    @staticmethod
    def _readable(e: PageEntry) -> bool:
        return e.source is not None or (e.image_file is None and os.path.exists(e.path))

    def read_again(self, keys: list[int]) -> int:
        """OCR these pages again (their corrections go, after a question when there are any)."""
        entries = [e for e in self._entries(keys) if self._readable(e)]
        if not entries or not self._corrections_may_go(
            entries, tr("Read the pages again?"), tr("{0} corrected lines are replaced by a new reading.")
        ):
            return 0
        win = self.win
        pdf_dpi = win.settings.get("pdf_dpi")
        for e in entries:
            if e.source is None:
                e.source = page_source(e.path, e.page, None, pdf_dpi)
            e.result, e.error, e.record, e.state = None, None, None, "queued"
            win.keywords.set_page_hits(e.key, 0, e.label, [], [], {})
            self.model.changed(e.key)
        win.batch.forget({e.key for e in entries})  # a reading still under way is not waited for
        win.batch.read(entries)
        if win.current_key in {e.key for e in entries}:
            win.show_current(keep_view=True)
        win.session.touch(soon=True)
        return len(entries)

    @staticmethod
    def _folder(e: PageEntry) -> str | None:
        if e.image_file is not None or not os.path.exists(e.path):
            return None  # a pasted or captured image lives in no folder of the user's
        return os.path.dirname(os.path.abspath(e.path))

    def show_in_folder(self, key: int) -> bool:
        e = self.model.entry(key)
        folder = self._folder(e) if e is not None else None
        if folder is None:
            return False
        self.open_url(QUrl.fromLocalFile(folder))
        return True

    def copy_text(self, keys: list[int]) -> str:
        """The text of these pages, each joined as the exports join it, blank lines between pages."""
        entries = [e for e in self._entries(keys) if _has_text(e)]
        if not entries:
            return ""
        mode = self.win.settings.get("join_mode")
        text = "\n\n".join(e.result.joined(mode) for e in entries if e.result is not None)
        QGuiApplication.clipboard().setText(text)
        self.win.show_status(tr("Copied the text of {0} pages").format(len(entries)), 4000)
        return text

    # -- lines ---------------------------------------------------------------------------------------
    def line_menu_for(self, lines: list[int]) -> QMenu:
        win = self.win
        menu = QMenu(win)
        copy = menu.addAction(tr("&Copy"))
        copy.triggered.connect(lambda _c=False: win.exporter.copy_selected())
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))  # shown: the window's Ctrl+C
        edit = menu.addAction(tr("C&orrect…"))
        edit.setShortcut(QKeySequence("F2"))
        edit.triggered.connect(lambda _c=False: win.text_panel.edit_line(lines[0]))
        keyword = menu.addAction(tr("Add as &keyword"))
        keyword.triggered.connect(lambda _c=False: self.add_as_keyword(lines))
        for a in (copy, keyword):
            a.setEnabled(bool(lines))
        edit.setEnabled(len(lines) == 1)
        return menu

    def _line_menu(self, pos: QPoint) -> None:
        panel = self.win.text_panel
        item = panel.itemAt(pos)
        if item is None:
            return
        lines = panel.selected_lines()
        row = panel.row(item)
        if row not in lines:
            panel.select_lines([row])
            self.win.view.select_lines([row])
            lines = [row]
        self._show(self.line_menu_for(lines), panel.viewport().mapToGlobal(pos))

    def add_as_keyword(self, lines: list[int]) -> list[str]:
        """The text of these lines as keywords of the app's one list (a line each)."""
        e = self.win.current_entry()
        if e is None or e.result is None:
            return []
        panel = self.win.keywords
        have = {k.strip() for k in panel.text().splitlines()}
        words = []
        for i in lines:
            if 0 <= i < len(e.result.lines):
                text = e.result.lines[i].text.strip()
                if text and text not in have and text not in words:
                    words.append(text)
        if words:
            panel.append_text("\n".join(words))
            self.win.show_status(tr("Added as keyword: {0}").format(", ".join(words)), 5000)
        return words


__all__ = ["PageActions"]
