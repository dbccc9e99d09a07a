"""Removing pages from the window (Delete), and which of the window's actions have something to
act on: export, copy and correct need a page that was read, Close all needs pages.

The states are set at once on every change the window counts (``MainWindow.update_counts``), so an
action is never enabled with nothing behind it, nor disabled a moment after a page was read.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence

from desktop_ocr.gui.page_list import KeyRole

# the window itself (its public interface); not imported: the window imports this module
MainWindow = Any

logger = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("PageActions", text)


class PageActions:
    def __init__(self, win: MainWindow):
        self.win = win
        self.remove = QAction(tr("&Remove selected pages"), win.page_list)
        self.remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        # Delete in the page list only: in the keyword box and the line editor it deletes text
        self.remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove.setStatusTip(tr("Remove the selected pages from the window (the files stay)"))
        self.remove.triggered.connect(lambda _checked=False: self.remove_selected())
        win.page_list.addAction(self.remove)
        # the list's right-click menu: its own actions
        win.page_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def selected_keys(self) -> list[int]:
        """The pages selected in the list (in list order); the current page when none is."""
        rows = sorted(self.win.page_list.selectionModel().selectedRows(), key=lambda i: i.row())
        keys = [int(i.data(KeyRole)) for i in rows if i.data(KeyRole) is not None]
        if not keys and self.win.current_key is not None:
            keys = [self.win.current_key]
        return keys

    def remove_selected(self) -> int:
        return self.remove_pages(self.selected_keys())

    def remove_pages(self, keys: list[int]) -> int:
        """Remove these pages from the window; asks first when one holds corrections (they would be
        lost). Their OCR still running finishes unseen. Returns how many were removed."""
        model = self.win.model
        entries = [e for e in (model.entry(k) for k in keys) if e is not None]
        if not entries:
            return 0
        edited = [e for e in entries if e.result is not None and any(ln.edited for ln in e.result.lines)]
        if edited and not self.win.dialogs.confirm(
            tr("Remove corrected pages?"),
            tr("{0} of the pages to remove hold corrections; they will be lost.").format(len(edited)),
        ):
            return 0
        current = self.win.current_key
        row = model.row_of(current) if current is not None else None
        removed_current = any(e.key == current for e in entries)
        for e in entries:
            model.remove(e.key)
        if removed_current:
            if model.entries:  # the page that took the removed one's place
                self.win.select_page(model.entries[min(row or 0, len(model.entries) - 1)].key)
            else:
                self.win.page.clear()
        logger.info("removed %d pages", len(entries))
        n = len(entries)
        self.win.show_status(tr("Removed {0} pages").format(n) if n > 1 else tr("Removed the page"), 4000)
        self.win.session.touch(soon=True)
        self.win.update_counts()
        return len(entries)

    def update_enabled(self) -> None:
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
        self.remove.setEnabled(bool(entries))
