"""The main window: open or drop pages, see the text on the image, correct it, check keywords, export.

Layout: the page list on the left (thumbnail and state of each page), the page image with its boxes
and keyword hits in the middle, the page's lines and the keyword panel on the right, the batch's
progress with a Cancel button in the status bar.

This module is layout and wiring. Each job of the window is a part of its own, built here and
handed the window:

* ``intake``: the Open dialogs, paste, drag and drop;
* ``batch`` (:class:`BatchJobs`): listing what was opened, the OCR jobs and the batch's progress;
* ``page`` (:class:`CurrentPage`): the page on screen, its image cache, selection and corrections;
* ``corrections`` (:class:`Corrections`): the undo stack of text corrections;
* ``page_actions`` (:class:`PageActions`): the context menus of pages and lines, Delete;
* ``keyword_hits`` (:class:`KeywordHits`): keyword matching and F3 through the hits;
* ``exporter`` (:class:`Exporter`): copy, export, the annotated image;
* ``session`` (:class:`SessionKeeper`): the session file and restoring it;
* ``dialogs`` (:class:`Dialogs`): questions (an injectable ``ask``) and error messages.

What runs where (the GUI thread must never wait): listing pages on a thread of its own; OCR in the
runner's pool, each job's events on its own handle; page images and thumbnails on worker threads
(``Background``); keyword matching and session writes on another worker thread.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
)

from desktop_ocr.core.results import PageResult
from desktop_ocr.gui import intake
from desktop_ocr.gui.app_actions import AppActions
from desktop_ocr.gui.background import Background
from desktop_ocr.gui.batch_jobs import BatchJobs
from desktop_ocr.gui.corrections import Corrections
from desktop_ocr.gui.current_page import CurrentPage
from desktop_ocr.gui.dialogs import Dialogs
from desktop_ocr.gui.exporting import Exporter
from desktop_ocr.gui.image_view import ImageView
from desktop_ocr.gui.keyword_hits import KeywordHits
from desktop_ocr.gui.keyword_panel import KeywordPanel
from desktop_ocr.gui.page_actions import PageActions
from desktop_ocr.gui.page_list import PageEntry, PageListModel, PageListView
from desktop_ocr.gui.session_restore import SessionKeeper
from desktop_ocr.gui.text_panel import TextPanel
from desktop_ocr.gui.window_menus import build_menus, build_toolbar

logger = logging.getLogger(__name__)

APP_NAME = "Desktop OCR"


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    """``ctx`` is the composition root's ``AppContext``: settings, runner, the keyword list, and
    ``ask`` (optional) for the window's Yes/No questions."""

    def __init__(self, ctx: Any):
        super().__init__()
        self.ctx = ctx
        self.settings = ctx.settings
        self.runner = ctx.runner
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.resize(1280, 800)

        self.work = Background(1, "work", self)  # keyword matching, session and export writes
        self.images = Background(1, "images", self)  # page images for the view, annotated images
        self.thumbs = Background(1, "thumbs", self)

        self.model = PageListModel(self)
        self.page_list = PageListView(self)
        self.page_list.setModel(self.model)
        self.view = ImageView(self)
        self.text_panel = TextPanel(self)
        self.keywords = KeywordPanel(self)
        for w in (
            self.page_list,
            self.view,
            self.view.viewport(),
            self.text_panel,
            self.text_panel.viewport(),
        ):
            w.setAcceptDrops(False)  # drops go to the window

        self.dialogs = Dialogs(self, ctx.ask)
        self.session = SessionKeeper(self)
        self.batch = BatchJobs(self)
        self.keyword_hits = KeywordHits(self)
        self.page = CurrentPage(self)
        self.corrections = Corrections(self)
        self.exporter = Exporter(self)

        self._build_layout()
        self._build_status_bar()
        self._build_actions()
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(30)
        self._counts_timer.timeout.connect(self._refresh_counts)
        self.view.zoom_changed.connect(lambda s: self.zoom_label.setText(f"{s * 100:.0f} %"))
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._closed = False

        self._restore_geometry()
        self.keyword_hits.start()
        self.update_title()
        self.update_counts()
        self.session.start()

    # ------------------------------------------------------------------------------------------
    # layout
    def _build_layout(self) -> None:
        self.setCentralWidget(self.view)
        self.pages_dock = QDockWidget(tr("Pages"), self)
        self.pages_dock.setObjectName("pages_dock")
        self.pages_dock.setWidget(self.page_list)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.pages_dock)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.setObjectName("right_splitter")
        right.addWidget(self.text_panel)
        right.addWidget(self.keywords)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        self.right_splitter = right
        self.text_dock = QDockWidget(tr("Text and keywords"), self)
        self.text_dock.setObjectName("text_dock")
        self.text_dock.setWidget(right)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.text_dock)
        self.resizeDocks([self.pages_dock, self.text_dock], [230, 380], Qt.Orientation.Horizontal)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.counts_label = QLabel(self)
        self.zoom_label = QLabel(self)
        self.progress_label = QLabel(self)  # pages per minute, time left, the file being read
        self.progress_label.setContentsMargins(12, 0, 0, 0)
        self.progress_label.hide()
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.setFormat(tr("%v / %m pages"))
        self.progress.hide()
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.setToolTip(tr("Stop reading the pages still waiting"))
        self.cancel_button.clicked.connect(self.cancel_batch)
        self.cancel_button.hide()
        sb.addPermanentWidget(self.counts_label)
        sb.addPermanentWidget(self.progress_label)
        sb.addPermanentWidget(self.progress)
        sb.addPermanentWidget(self.cancel_button)
        sb.addPermanentWidget(self.zoom_label)

    def _action(self, text: str, slot, shortcut=None, tip: str | None = None) -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        if tip:
            a.setStatusTip(tip)
        a.triggered.connect(lambda _checked=False: slot())
        self.addAction(a)
        return a

    def _build_actions(self) -> None:
        K = QKeySequence
        self.act_open = self._action(
            tr("&Open files…"),
            lambda: intake.open_dialog(self),
            K.StandardKey.Open,
            tr("Open images and PDFs to read"),
        )
        self.act_open_folder = self._action(
            tr("Open &folder…"), lambda: intake.open_folder_dialog(self), "Ctrl+Shift+O"
        )
        self.act_paste = self._action(
            tr("&Paste image"),
            lambda: intake.paste(self),
            K.StandardKey.Paste,
            tr("Read the image on the clipboard"),
        )
        self.act_export_page = self._action(
            tr("&Export page…"), lambda: self.exporter.export_dialog("page"), "Ctrl+S"
        )
        self.act_export_all = self._action(
            tr("Export &all pages…"), lambda: self.exporter.export_dialog("batch"), "Ctrl+Shift+S"
        )
        self.act_annotated = self._action(
            tr("Save annotated &image…"),
            self.exporter.annotated_dialog,
            "Ctrl+Alt+S",
            tr("The page as PNG with boxes and keyword hits drawn: evidence"),
        )
        self.act_restore = self._action(tr("&Restore previous session"), self.session.restore_previous)
        self.act_clear = self._action(tr("&Close all pages"), self.close_all_pages, "Ctrl+Shift+W")
        self.act_quit = self._action(tr("&Quit"), self._quit, K.StandardKey.Quit)

        self.act_undo = self.corrections.stack.createUndoAction(self, tr("&Undo"))
        self.act_undo.setShortcuts([K("Ctrl+Z")])
        self.act_redo = self.corrections.stack.createRedoAction(self, tr("&Redo"))
        self.act_redo.setShortcuts([K("Ctrl+Shift+Z"), K("Ctrl+Y")])
        self.addActions([self.act_undo, self.act_redo])
        self.act_copy = self._action(
            tr("&Copy selected lines"), self.exporter.copy_selected, K.StandardKey.Copy
        )
        self.act_copy_page = self._action(tr("Copy page &text"), self.exporter.copy_page_text, "Ctrl+Shift+C")
        self.act_edit = self._action(tr("C&orrect selected line"), self.page.edit_selected, "F2")
        self.act_next_hit = self._action(tr("&Next keyword hit"), lambda: self.keyword_hits.next_hit(1), "F3")
        self.act_prev_hit = self._action(
            tr("&Previous keyword hit"), lambda: self.keyword_hits.next_hit(-1), "Shift+F3"
        )
        self.act_keywords = self._action(tr("&Keywords"), self._focus_keywords, "Ctrl+F")
        self.act_load_keywords = self._action(
            tr("&Load keyword list…"), self.keyword_hits.load_keyword_list, "Ctrl+L"
        )

        self.act_fit = self._action(tr("&Fit to window"), self.view.fit, "Ctrl+0")
        self.act_actual = self._action(tr("&Actual size"), self.view.actual_size, "Ctrl+1")
        self.act_zoom_in = self._action(
            tr("Zoom &in"), lambda: self.view.zoom_by(1.25), [K("Ctrl++"), K("Ctrl+=")]
        )
        self.act_zoom_out = self._action(tr("Zoom &out"), lambda: self.view.zoom_by(0.8), "Ctrl+-")
        self.act_next_page = self._action(tr("Next pa&ge"), lambda: self.page.step(1), "Ctrl+PgDown")
        self.act_prev_page = self._action(tr("Previous pag&e"), lambda: self.page.step(-1), "Ctrl+PgUp")
        self.act_cancel = self._action(tr("Ca&ncel reading"), self.cancel_batch)
        self.act_cancel.setEnabled(False)
        self.app_actions = AppActions(self)  # Capture text, Settings…, About
        self.page_actions = PageActions(self)  # context menus, Delete, what has something to act on

        build_menus(self)
        self.toolbar = build_toolbar(self)

    def open_settings(self) -> None:
        self.app_actions.open_settings()

    def open_about(self) -> None:
        self.app_actions.open_about()

    def start_capture(self) -> None:
        self.app_actions.start_capture()

    # ------------------------------------------------------------------------------------------
    # the window's public interface (the tray, the tests and the benchmark use these)
    @property
    def busy(self) -> bool:
        return self.batch.busy

    @property
    def errors(self) -> list[tuple[str, str]]:
        """Every error shown to the user (title, text)."""
        return self.dialogs.errors

    @property
    def current_key(self) -> int | None:
        return self.page.key

    def open_paths(self, paths) -> None:
        self.batch.open_paths(paths)

    def add_image(self, image_bgr, name: str | None = None, select: bool = True) -> int:
        return self.batch.add_image(image_bgr, name, select)

    def add_result(self, result: PageResult, image_bgr=None) -> int:
        return self.batch.add_result(result, image_bgr)

    def cancel_batch(self) -> None:
        self.batch.cancel()

    def entries(self) -> list[PageEntry]:
        return list(self.model.entries)

    def current_entry(self) -> PageEntry | None:
        return self.page.entry()

    def select_page(self, key: int) -> None:
        self.page.select(key)

    def show_current(self, keep_view: bool = False) -> None:
        self.page.show(keep_view)

    def selected_lines(self) -> list[int]:
        return self.text_panel.selected_lines()

    def select_line(self, index: int) -> None:
        self.page.select_line(index)

    def edit_line(self, index: int, text: str) -> None:
        self.page.edit_line(index, text)

    def load_keyword_list(self, path: str | None = None) -> bool:
        return self.keyword_hits.load_keyword_list(path)

    def next_hit(self, step: int = 1) -> tuple[int, int] | None:
        return self.keyword_hits.next_hit(step)

    def go_to_hit(self, key: int, index: int) -> None:
        self.keyword_hits.go_to_hit(key, index)

    def export_dialog(self, scope: str) -> None:
        self.exporter.export_dialog(scope)

    def export(self, scope: str, fmt: str, path: str | os.PathLike[str]) -> bool:
        return self.exporter.export(scope, fmt, path)

    def save_annotated(self, path: str | os.PathLike[str]) -> bool:
        return self.exporter.save_annotated(path)

    def offer_restore(self, data=None) -> bool:
        return self.session.offer_restore(data)

    def remove_pages(self, keys: list[int]) -> int:
        return self.page_actions.remove_pages(keys)

    def close_all_pages(self) -> None:
        if not self.model.entries:
            return
        if not self.dialogs.confirm(
            tr("Close all pages?"), tr("The pages and their corrections leave the window.")
        ):
            return
        self.batch.cancel()
        self.keyword_hits.clear()
        self.model.clear()
        self.page.clear()
        self.session.touch(soon=True)

    def _focus_keywords(self) -> None:
        self.text_dock.show()
        self.keywords.editor.setFocus()

    # -- drag and drop ------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if intake.droppable(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if intake.droppable(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if intake.drop(self, event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    # ------------------------------------------------------------------------------------------
    # status, title, progress, geometry, closing
    def show_status(self, text: str, msecs: int = 0) -> None:
        self.statusBar().showMessage(text, msecs)

    def update_progress(self) -> None:
        done, total = self.batch.progress()
        busy = self.busy
        self.progress.setVisible(busy)
        self.progress_label.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.act_cancel.setEnabled(busy)
        if busy:
            self.progress.setMaximum(max(total, 1) if total or not self.batch.listing else 0)
            self.progress.setValue(done)
            self.progress_label.setText(self.batch.status_text())
        self.update_title()

    def update_counts(self) -> None:
        """Refresh the counts soon; a burst of finished pages is one refresh."""
        self.page_actions.update_enabled()
        if not self._counts_timer.isActive():
            self._counts_timer.start()

    def _refresh_counts(self) -> None:
        entries = self.model.entries
        failed = sum(1 for e in entries if e.state == "failed")
        hits = sum(len(e.hits) for e in entries)
        pages_hit = sum(1 for e in entries if e.hits)
        matcher = self.keyword_hits.matcher
        text = tr("Pages: {0}").format(len(entries))
        if failed:
            text += " · " + tr("failed: {0}").format(failed)
        if matcher is not None:
            text += " · " + tr("hits: {0}").format(hits)
        self.counts_label.setText(text)
        cur = self.current_entry()
        if matcher is None:
            self.keywords.set_summary(tr("No keywords"))
        else:
            this = len(cur.hits) if cur is not None else 0
            self.keywords.set_summary(
                tr(
                    "Keywords: {0} · hits on this page: {1} · in all: {2}, on pages: {3} (F3: next, Shift+F3: previous)"
                ).format(len(matcher.keywords), this, hits, pages_hit)
            )

    def update_title(self) -> None:
        e = self.current_entry()
        title = f"{e.label} – {APP_NAME}" if e is not None else APP_NAME
        if self.busy:
            done, total = self.batch.progress()
            title = f"({done}/{total}) {title}"
        if self.windowTitle() != title:
            self.setWindowTitle(title)

    def _restore_geometry(self) -> None:
        geo = self.settings.state("gui/main_geometry")
        state = self.settings.state("gui/main_state")
        if isinstance(geo, QByteArray | bytes) and geo:
            self.restoreGeometry(QByteArray(geo))
        if isinstance(state, QByteArray | bytes) and state:
            self.restoreState(QByteArray(state))

    def save_geometry(self) -> None:
        self.settings.set_state("gui/main_geometry", self.saveGeometry())
        self.settings.set_state("gui/main_state", self.saveState())
        self.settings.sync()

    def closeEvent(self, event) -> None:
        self.save_geometry()
        self.session.flush()  # everything on disk; still an open session until the app quits
        super().closeEvent(event)

    def _quit(self) -> None:
        app = QApplication.instance()
        self.close()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        """The application ends normally: the session is marked clean and workers stop."""
        if self._closed:
            return
        self._closed = True
        self.batch.stop_listing()
        self.session.flush(clean=True)
        self.settings.sync()
        self.keyword_hits.close()
        for bg in (self.work, self.images, self.thumbs):
            bg.close()


__all__ = ["MainWindow"]
