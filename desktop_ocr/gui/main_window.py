"""The main window: open or drop pages, see the text on the image, correct it, check keywords, export.

Layout: the page list on the left (thumbnail and state of each page), the page image with its boxes
and keyword hits in the middle, the page's lines and the keyword panel on the right, the batch's
progress with a Cancel button in the status bar.

What runs where (the GUI thread must never wait):

* listing the pages of what was opened (``expand_inputs`` opens PDFs to count pages) runs on a
  thread of its own and hands pages over in chunks, which extend one open-ended scheduler job;
* OCR runs in the scheduler's pool (``ctx.runner``); its signals update one list row at a time;
* page images for the view and thumbnails are decoded on worker threads (``Background``);
  thumbnails only for rows the list actually paints;
* keyword matching (regexes included) and session writes run on another worker thread.

Every change to a result (a page read, a line corrected, hits found) is saved to the session file
in the data folder shortly after; the next start offers to restore a session that did not end
cleanly.
"""

from __future__ import annotations

import copy
import gc
import logging
import os
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QMimeData, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
)

from desktop_ocr.core.export import (
    EXPORT_FORMATS,
    encode_png,
    export_text,
    keyword_colors,
    render_annotated,
    write_atomic,
)
from desktop_ocr.core.images import LoadError, PageSource, expand_inputs
from desktop_ocr.core.keywords import KeywordFileError, KeywordList, KeywordMatcher
from desktop_ocr.core.results import Hit, PageResult
from desktop_ocr.core.session import SessionData, SessionFiles, SessionPage, page_source
from desktop_ocr.core.video.pipeline import VIDEO_EXTS
from desktop_ocr.gui.background import Background
from desktop_ocr.gui.image_view import ImageView
from desktop_ocr.gui.imaging import load_page_image, make_thumbnail, qimage_to_bgr
from desktop_ocr.gui.keyword_panel import KeywordPanel
from desktop_ocr.gui.page_list import KeyRole, PageEntry, PageListModel, PageListView
from desktop_ocr.gui.session_store import SessionWriter
from desktop_ocr.gui.text_panel import TextPanel

logger = logging.getLogger(__name__)

APP_NAME = "Desktop OCR"
CHUNK = 32  # pages handed from the lister thread to the window at a time
CHUNK_S = 0.1  # ... or whatever was found in this long
IMAGE_CACHE = 4  # page images kept decoded for the view
REGEX_TIMEOUT_S = 0.25
GUI_SWITCH_INTERVAL_S = 0.001
FORMAT_NAMES = {
    "txt": "Text",
    "json": "JSON",
    "csv": "CSV",
    "md": "Markdown",
    "hits": "Keyword hits, CSV",
    "pdf": "Searchable PDF",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


@dataclass
class _Listing:
    """One open operation: its lister thread's progress and the job its pages go to."""

    paths: list[str]
    stop: threading.Event = field(default_factory=threading.Event)
    job: int | None = None
    count: int = 0  # pages submitted so far (their index in the job)
    finished: bool = False


class MainWindow(QMainWindow):
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
        self._build_layout()
        self._build_status_bar()
        self._build_actions()

        self._next_key = 1
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(30)
        self._counts_timer.timeout.connect(self._refresh_counts)
        self._current: int | None = None
        self._by_job: dict[tuple[int, int], int] = {}
        self._jobs: dict[int, list[int]] = {}  # job -> [delivered, total]
        self._listings: list[_Listing] = []
        self._batch_failed: list[str] = []
        self._batch_pages = 0
        self._pixmaps: dict[int, QPixmap] = {}
        self._pixmap_order: list[int] = []
        self._image_pending: set[int] = set()
        self._matcher: KeywordMatcher | None = None
        self._kw_gen = 0
        self._kw_colors: dict[str, QColor] = {}
        self._current_hit: tuple[int, int] | None = None
        self._paste_count = 0
        self.errors: list[tuple[str, str]] = []  # every error shown to the user (title, text)
        self._error_box: QMessageBox | None = None

        self.model.thumb_wanted.connect(self._want_thumb)
        self.page_list.selectionModel().currentChanged.connect(self._on_page_selected)
        self.view.line_clicked.connect(self._on_box_clicked)
        self.view.line_edited.connect(self.edit_line)
        self.view.zoom_changed.connect(lambda s: self._zoom_label.setText(f"{s * 100:.0f} %"))
        self.text_panel.line_selected.connect(self._on_lines_selected)
        self.text_panel.line_edited.connect(self.edit_line)
        self.keywords.keywords_changed.connect(self.set_keywords)
        self.keywords.load_requested.connect(self.load_keyword_list)
        self.keywords.hit_activated.connect(self.go_to_hit)
        self.runner.page_state.connect(self._on_page_state)
        self.runner.page_done.connect(self._on_page_done)
        self.runner.page_failed.connect(self._on_page_failed)
        self.runner.job_finished.connect(self._on_job_finished)

        self.session_files = SessionFiles(self.settings.data_dir)
        self.previous_session: SessionData | None = self.session_files.take_previous()
        self.session = SessionWriter(self.session_files, self._session_snapshot, self.work, self)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._closed = False

        self._restore_geometry()
        self._load_initial_keywords()
        self._update_title()
        self._update_counts()
        if self._should_offer_restore(self.previous_session):
            QTimer.singleShot(0, self.offer_restore)
        # Everything built so far (models, Qt wrappers, modules: ~50k objects) lives as long as the
        # app. Without this, each full garbage collection walks them all and holds the GIL for
        # 40-50 ms, a visible stall of the window in the middle of a batch.
        gc.collect()
        gc.freeze()
        # Up to five threads (two OCR workers, page lister, thumbnails, matching) may want the GIL
        # at once; with the default 5 ms switch interval the GUI thread can lose several rounds in a
        # row and stall for 100 ms. The workers spend their time in C code that releases the GIL, so a
        # shorter interval costs them little.
        if sys.getswitchinterval() > GUI_SWITCH_INTERVAL_S:
            sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)

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
        self._counts_label = QLabel(self)
        self._zoom_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.setFormat(tr("%v / %m pages"))
        self.progress.hide()
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.setToolTip(tr("Stop reading the pages still waiting"))
        self.cancel_button.clicked.connect(self.cancel_batch)
        self.cancel_button.hide()
        sb.addPermanentWidget(self._counts_label)
        sb.addPermanentWidget(self.progress)
        sb.addPermanentWidget(self.cancel_button)
        sb.addPermanentWidget(self._zoom_label)

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
            tr("&Open files…"), self.open_dialog, K.StandardKey.Open, tr("Open images and PDFs to read")
        )
        self.act_open_folder = self._action(tr("Open &folder…"), self.open_folder_dialog, "Ctrl+Shift+O")
        self.act_paste = self._action(
            tr("&Paste image"), self.paste, K.StandardKey.Paste, tr("Read the image on the clipboard")
        )
        self.act_export_page = self._action(tr("&Export page…"), lambda: self.export_dialog("page"), "Ctrl+S")
        self.act_export_all = self._action(
            tr("Export &all pages…"), lambda: self.export_dialog("batch"), "Ctrl+Shift+S"
        )
        self.act_annotated = self._action(
            tr("Save &annotated image…"),
            self.annotated_dialog,
            "Ctrl+Alt+S",
            tr("The page as PNG with boxes and keyword hits drawn: evidence"),
        )
        self.act_restore = self._action(tr("&Restore previous session"), self.restore_previous)
        self.act_clear = self._action(tr("&Close all pages"), self.close_all_pages, "Ctrl+Shift+W")
        self.act_quit = self._action(tr("&Quit"), self._quit, K.StandardKey.Quit)

        self.act_copy = self._action(tr("&Copy selected lines"), self.copy_selected, K.StandardKey.Copy)
        self.act_copy_page = self._action(tr("Copy page &text"), self.copy_page_text, "Ctrl+Shift+C")
        self.act_edit = self._action(tr("&Correct selected line"), self.edit_selected, "F2")
        self.act_next_hit = self._action(tr("&Next keyword hit"), lambda: self.next_hit(1), "F3")
        self.act_prev_hit = self._action(tr("&Previous keyword hit"), lambda: self.next_hit(-1), "Shift+F3")
        self.act_keywords = self._action(tr("&Keywords"), self._focus_keywords, "Ctrl+F")
        self.act_load_keywords = self._action(tr("&Load keyword list…"), self.load_keyword_list, "Ctrl+L")

        self.act_fit = self._action(tr("&Fit to window"), self.view.fit, "Ctrl+0")
        self.act_actual = self._action(tr("&Actual size"), self.view.actual_size, "Ctrl+1")
        self.act_zoom_in = self._action(
            tr("Zoom &in"), lambda: self.view.zoom_by(1.25), [K("Ctrl++"), K("Ctrl+=")]
        )
        self.act_zoom_out = self._action(tr("Zoom &out"), lambda: self.view.zoom_by(0.8), "Ctrl+-")
        self.act_next_page = self._action(tr("Next pa&ge"), lambda: self.step_page(1), "Ctrl+PgDown")
        self.act_prev_page = self._action(tr("Previous pag&e"), lambda: self.step_page(-1), "Ctrl+PgUp")
        self.act_cancel = self._action(tr("&Cancel reading"), self.cancel_batch)
        self.act_cancel.setEnabled(False)

        mb = self.menuBar()
        menus = (
            (
                tr("&File"),
                (
                    self.act_open,
                    self.act_open_folder,
                    self.act_paste,
                    None,
                    self.act_export_page,
                    self.act_export_all,
                    self.act_annotated,
                    None,
                    self.act_restore,
                    self.act_clear,
                    None,
                    self.act_quit,
                ),
            ),
            (
                tr("&Edit"),
                (
                    self.act_copy,
                    self.act_copy_page,
                    self.act_edit,
                    None,
                    self.act_next_hit,
                    self.act_prev_hit,
                    self.act_keywords,
                    self.act_load_keywords,
                ),
            ),
            (
                tr("&View"),
                (
                    self.act_fit,
                    self.act_actual,
                    self.act_zoom_in,
                    self.act_zoom_out,
                    None,
                    self.act_next_page,
                    self.act_prev_page,
                    None,
                ),
            ),
        )
        for title, actions in menus:
            m = mb.addMenu(title)
            for a in actions:  # None is a separator
                m.addSeparator() if a is None else m.addAction(a)
        m.addAction(self.pages_dock.toggleViewAction())
        m.addAction(self.text_dock.toggleViewAction())
        m = mb.addMenu(tr("&OCR"))
        m.addAction(self.act_cancel)

    # ------------------------------------------------------------------------------------------
    # opening pages
    def open_dialog(self) -> None:
        start = self._qs("gui/open_dir", str(Path.home()))
        files, _ = QFileDialog.getOpenFileNames(
            self,
            tr("Open images and PDFs"),
            start,
            tr("Images and PDFs")
            + " (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff *.gif *.pdf);;"
            + tr("All files")
            + " (*)",
        )
        if files:
            self._set_qs("gui/open_dir", os.path.dirname(files[0]))
            self.open_paths(files)

    def open_folder_dialog(self) -> None:
        start = self._qs("gui/open_dir", str(Path.home()))
        folder = QFileDialog.getExistingDirectory(self, tr("Open a folder of images and PDFs"), start)
        if folder:
            self._set_qs("gui/open_dir", folder)
            self.open_paths([folder])

    def open_paths(self, paths) -> None:
        """Read these files and folders: pages are listed on a thread and reach the list in chunks."""
        paths = [os.fspath(p) for p in paths if p]
        videos = [p for p in paths if os.path.splitext(p)[1].lower() in VIDEO_EXTS and os.path.isfile(p)]
        if videos:  # a video is its own job in the video review window
            for v in videos:
                self.ctx.open_video(v)
            paths = [p for p in paths if p not in videos]
        if not paths:
            return
        listing = _Listing(paths)
        self._listings.append(listing)
        if not self._jobs and len(self._listings) == 1:
            self._batch_failed, self._batch_pages = [], 0
        pdf_dpi = self.settings.get("pdf_dpi")
        t = threading.Thread(
            target=self._list_pages, args=(listing, pdf_dpi), name="desktop-ocr-list", daemon=True
        )
        t.start()
        self.statusBar().showMessage(
            tr("Opening {0}…").format(", ".join(os.path.basename(p) or p for p in paths[:3]))
        )
        self._update_progress()

    def _list_pages(self, listing: _Listing, pdf_dpi: int) -> None:
        """Lister thread: walk the inputs and post pages to the GUI thread in chunks."""
        chunk: list[PageSource | LoadError] = []
        last = time.perf_counter()
        try:
            for item in expand_inputs(listing.paths, pdf_dpi=pdf_dpi):
                if listing.stop.is_set():
                    break
                chunk.append(item)
                if len(chunk) >= CHUNK or time.perf_counter() - last > CHUNK_S:
                    self.work.post(self._take_pages, listing, chunk, False)
                    chunk, last = [], time.perf_counter()
        except Exception as e:  # expand_inputs reports per input; this is a bug guard
            logger.exception("listing %s failed", listing.paths)
            chunk.append(LoadError(listing.paths[0], f"cannot list ({e})"))
        self.work.post(self._take_pages, listing, chunk, True)

    def _take_pages(self, listing: _Listing, items: list, final: bool) -> None:
        if listing.stop.is_set():
            items = []
        entries: list[PageEntry] = []
        sources: list[PageSource] = []
        for it in items:
            if isinstance(it, LoadError):
                e = self._new_entry(it.path, it.page)
                e.state, e.error = "failed", it.message
                e.result = PageResult.failure(it.path, it.page, it.message)
                self._batch_failed.append(it.message)
            else:
                e = self._new_entry(it.path, it.page, source=it)
                sources.append(it)
            entries.append(e)
        self._batch_pages += len(entries)
        self.model.add(entries)
        if sources:
            if listing.job is None:
                listing.job = self.runner.submit(sources, open_ended=True)
                self._jobs[listing.job] = [0, 0]
            else:
                self.runner.extend(listing.job, sources)
            self._jobs[listing.job][1] += len(sources)
            i = listing.count
            for e in entries:
                if e.source is not None:
                    e.job = listing.job
                    self._by_job[(listing.job, i)] = e.key
                    i += 1
            listing.count = i
        if final:
            listing.finished = True
            if listing in self._listings:
                self._listings.remove(listing)
            if listing.job is not None and listing.job in self._jobs:
                self.runner.seal(listing.job)
            elif not self._listings and not self._jobs:
                self._batch_done(cancelled=listing.stop.is_set())
        if entries:
            if self._current is None:
                self.select_page(entries[0].key)
            self.session.touch()
        self._update_progress()
        self._update_counts()

    def _new_entry(self, path: str, page: int | None, source: PageSource | None = None) -> PageEntry:
        e = PageEntry(key=self._next_key, path=path, page=page, source=source)
        self._next_key += 1
        return e

    def add_image(self, image_bgr, name: str | None = None, select: bool = True) -> int:
        """Read an in-memory image (a pasted or captured one); it is saved with the session."""
        self._paste_count += 1
        name = name or tr("Clipboard {0}").format(self._paste_count)
        source = PageSource.from_array(image_bgr, name)
        entry = self._new_entry(name, None, source=source)
        entry.image_file = f"{uuid.uuid4().hex}.png"
        arr = source.load()
        self.work.submit(
            lambda: self.session_files.save_image(entry.image_file, encode_png(arr)),
            on_error=lambda exc: logger.error("cannot keep the pasted image: %s", exc),
        )
        self.model.add([entry])
        job = self.runner.submit([source], interactive=True)
        entry.job = job
        self._jobs[job] = [0, 1]
        self._by_job[(job, 0)] = entry.key
        self._batch_pages += 1
        if select:
            self.select_page(entry.key)
        self.session.touch(soon=True)
        self._update_progress()
        return entry.key

    def add_result(self, result: PageResult, image_bgr=None) -> int:
        """Show a page read elsewhere (a screen capture): no OCR is run again."""
        source = PageSource.from_array(image_bgr, result.path) if image_bgr is not None else None
        entry = self._new_entry(result.path, result.page, source=source)
        entry.result = result
        entry.state = "done" if result.error is None else "failed"
        entry.error = result.error
        if source is not None:
            entry.image_file = f"{uuid.uuid4().hex}.png"
            arr = source.load()
            self.work.submit(lambda: self.session_files.save_image(entry.image_file, encode_png(arr)))
        self.model.add([entry])
        self._match_page(entry)
        self.select_page(entry.key)
        self.session.touch(soon=True)
        return entry.key

    def paste(self) -> None:
        """Ctrl+V: an image on the clipboard is read; copied files are opened."""
        cb = QGuiApplication.clipboard()
        mime = cb.mimeData()
        if mime is not None and mime.hasImage():
            img = cb.image()
            if not img.isNull():
                self.add_image(qimage_to_bgr(img))
                return
        if mime is not None and mime.hasUrls():
            paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
            if paths:
                self.open_paths(paths)
                return
        self.statusBar().showMessage(tr("The clipboard holds no image or files"), 5000)

    # -- drag and drop ------------------------------------------------------------------------
    @staticmethod
    def _droppable(mime: QMimeData | None) -> bool:
        if mime is None:
            return False
        return mime.hasImage() or (mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._droppable(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self._droppable(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls():
            paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
            if paths:
                event.acceptProposedAction()
                self.open_paths(paths)
                return
        if mime.hasImage():
            img = QImage(mime.imageData())
            if not img.isNull():
                event.acceptProposedAction()
                self.add_image(qimage_to_bgr(img), tr("Dropped image"))
                return
        event.ignore()

    # ------------------------------------------------------------------------------------------
    # scheduler events
    def _on_page_state(self, job: int, index: int, state: str) -> None:
        key = self._by_job.get((job, index))
        if key is None:
            return  # another window's job (a screen capture)
        e = self.model.entry(key)
        if e is None or e.state in ("done", "failed"):
            return
        e.state = state
        self.model.changed(key)

    def _delivered_entry(self, job: int, index: int):
        """The entry of a page the runner delivered, or None for another window's job or a
        page cleared meanwhile; counts the delivery either way for our jobs."""
        key = self._by_job.get((job, index))
        if key is None:
            return None
        self._delivered(job)
        return self.model.entry(key)

    def _on_page_done(self, job: int, index: int, result: PageResult) -> None:
        e = self._delivered_entry(job, index)
        if e is None:
            return
        key = e.key
        e.result, e.state, e.error, e.record = result, "done", None, None
        self.model.changed(key)
        self._match_page(e)
        if self._current == key:
            self._show_current(keep_view=True)
        elif self._current is None:
            self.select_page(key)
        self.session.touch()
        self._update_counts()

    def _on_page_failed(self, job: int, index: int, result: PageResult) -> None:
        e = self._delivered_entry(job, index)
        if e is None:
            return
        key = e.key
        message = result.error or tr("unknown error")
        if not message.startswith(e.label):
            message = f"{e.label}: {message}"
        e.result, e.state, e.error, e.record = result, "failed", message, None
        self._batch_failed.append(message)
        self.model.changed(key)
        if self._current == key:
            self._show_current()
        self.session.touch()
        self._update_counts()

    def _delivered(self, job: int) -> None:
        if job in self._jobs:
            self._jobs[job][0] += 1
            self._update_progress()

    def _on_job_finished(self, ev) -> None:
        if ev.job not in self._jobs:
            return
        del self._jobs[ev.job]
        for k in [k for k in self._by_job if k[0] == ev.job]:
            key = self._by_job.pop(k)
            e = self.model.entry(key)
            if e is not None and e.state not in ("done", "failed"):
                e.state = "skipped"  # dropped by a cancel
                e.record = None
                self.model.changed(key)
        if not self._jobs and not self._listings:
            self._batch_done(ev.cancelled)
        self._update_progress()
        self._update_title()

    def _batch_done(self, cancelled: bool) -> None:
        n = self._batch_pages
        failed = list(self._batch_failed)
        self._batch_failed, self._batch_pages = [], 0
        if cancelled:
            self.statusBar().showMessage(tr("Cancelled"), 8000)
        else:
            self.statusBar().showMessage(
                tr("Done: {0} read, {1} failed").format(n - len(failed), len(failed)), 8000
            )
        if failed:
            shown = "\n".join(failed[:12]) + ("\n…" if len(failed) > 12 else "")
            self.show_error(
                tr("Some pages could not be read"),
                tr("{0} of {1} pages could not be read:").format(len(failed), n) + "\n\n" + shown,
            )
        self.session.touch()

    def cancel_batch(self) -> None:
        """Stop every page still waiting; pages already read stay."""
        self.statusBar().showMessage(tr("Cancelling…"))
        for listing in list(self._listings):
            listing.stop.set()
        for job in list(self._jobs):
            self.runner.cancel(job)  # may finish the job right here (its events are delivered at once)

    @property
    def busy(self) -> bool:
        return bool(self._jobs or self._listings)

    def _update_progress(self) -> None:
        done = sum(v[0] for v in self._jobs.values())
        total = sum(v[1] for v in self._jobs.values())
        busy = self.busy
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.act_cancel.setEnabled(busy)
        if busy:
            self.progress.setMaximum(max(total, 1) if total or not self._listings else 0)
            self.progress.setValue(done)
        self._update_title()

    # ------------------------------------------------------------------------------------------
    # the current page
    def entries(self) -> list[PageEntry]:
        return list(self.model.entries)

    def current_entry(self) -> PageEntry | None:
        return self.model.entry(self._current) if self._current is not None else None

    def select_page(self, key: int) -> None:
        row = self.model.row_of(key)
        if row is None:
            return
        idx = self.model.index(row)
        if self.page_list.currentIndex() == idx and self._current == key:
            return
        self.page_list.setCurrentIndex(idx)
        if self._current != key:  # setCurrentIndex did not signal (same index, model reset)
            self._set_current(key)

    def step_page(self, step: int) -> None:
        if not self.model.entries:
            return
        row = self.model.row_of(self._current) if self._current is not None else -1
        row = max(0, min(len(self.model.entries) - 1, (row if row is not None else -1) + step))
        self.select_page(self.model.entries[row].key)

    def _on_page_selected(self, current, _previous) -> None:
        key = current.data(KeyRole) if current.isValid() else None
        if key is not None and key != self._current:
            self._set_current(int(key))

    def _set_current(self, key: int) -> None:
        self._current = key
        if self._current_hit and self._current_hit[0] != key:
            self._current_hit = None
        self._show_current()

    def _show_current(self, keep_view: bool = False) -> None:
        e = self.current_entry()
        if e is None:
            self.view.clear_page()
            self.text_panel.set_page(None)
            self._update_title()
            return
        result = e.result if e.result is not None and e.result.error is None else None
        self.view.set_page(result, self._pixmaps.get(e.key), keep_view=keep_view)
        self.text_panel.set_page(result)
        self._refresh_hits()
        if e.key not in self._pixmaps:
            self._request_image(e)
        if e.state == "failed":
            self.statusBar().showMessage(e.error or tr("failed"))
        self._update_title()
        self._update_counts()

    def _request_image(self, e: PageEntry) -> None:
        if e.source is None or e.key in self._image_pending:
            return
        self._image_pending.add(e.key)
        key = e.key
        self.images.submit(
            load_page_image,
            e.source,
            on_done=lambda img: self._image_loaded(key, img),
            on_error=lambda exc: self._image_failed(key, exc),
        )

    def _image_loaded(self, key: int, images: tuple[QImage, QImage]) -> None:
        self._image_pending.discard(key)
        img, thumb = images
        pm = QPixmap.fromImage(img)
        self._pixmaps[key] = pm
        self._pixmap_order = [k for k in self._pixmap_order if k != key] + [key]
        while len(self._pixmap_order) > IMAGE_CACHE:
            old = next((k for k in self._pixmap_order if k != self._current), None)
            if old is None:
                break
            self._pixmap_order.remove(old)
            self._pixmaps.pop(old, None)
        e = self.model.entry(key)
        if e is not None and e.thumb is None:
            e.thumb = QPixmap.fromImage(thumb)
            self.model.changed(key)
        if key == self._current:
            if self.view.result is None and e is not None and e.result is not None and e.result.error is None:
                self._show_current(keep_view=True)
            else:
                self.view.set_pixmap(pm)

    def _image_failed(self, key: int, exc: BaseException) -> None:
        self._image_pending.discard(key)
        if key == self._current:
            self.statusBar().showMessage(tr("Cannot show the image: {0}").format(exc), 8000)

    def _want_thumb(self, key: int) -> None:
        e = self.model.entry(key)
        if e is None or e.source is None:
            return
        self.thumbs.submit(
            make_thumbnail,
            e.source,
            on_done=lambda img: self._thumb_made(key, img),
            on_error=lambda exc: logger.debug("no thumbnail for %s: %s", key, exc),
        )

    def _thumb_made(self, key: int, img: QImage) -> None:
        e = self.model.entry(key)
        if e is not None:
            e.thumb = QPixmap.fromImage(img)
            self.model.changed(key)

    # -- selection between the view and the text panel ---------------------------------------
    def _on_box_clicked(self, index: int) -> None:
        self.view.select_lines([index], ensure_visible=False)
        self.text_panel.select_lines([index])

    def _on_lines_selected(self, indexes: list[int]) -> None:
        self.view.select_lines(indexes)

    def selected_lines(self) -> list[int]:
        return self.text_panel.selected_lines()

    def select_line(self, index: int) -> None:
        self.view.select_lines([index])
        self.text_panel.select_lines([index])

    # -- corrections ---------------------------------------------------------------------------
    def edit_line(self, index: int, text: str) -> None:
        """A user's correction of line ``index`` of the current page: kept, saved, used by every export."""
        e = self.current_entry()
        if e is None or e.result is None or not 0 <= index < len(e.result.lines):
            return
        text = " ".join(text.split()) if "\n" in text else text.strip()
        if text == e.result.lines[index].text:
            return
        e.result.set_line_text(index, text)
        e.record = None
        self.view.update_line_text(index)
        self.text_panel.update_line(index)
        self.model.changed(e.key)
        self._match_page(e)
        self.session.touch(soon=True)
        self.statusBar().showMessage(tr("Line {0} corrected").format(index + 1), 4000)

    def edit_selected(self) -> None:
        lines = self.selected_lines()
        if lines:
            self.text_panel.edit_line(lines[0])

    # ------------------------------------------------------------------------------------------
    # keywords
    def _load_initial_keywords(self) -> None:
        path = self.settings.get("keywords")
        text = ""
        if path:
            try:
                KeywordList.from_file(path)  # validates (UTF-8, readable)
                text = Path(path).read_text(encoding="utf-8-sig")
            except (KeywordFileError, OSError) as exc:
                message = str(exc)
                QTimer.singleShot(0, lambda: self.show_error(tr("Cannot load the keyword list"), message))
        else:
            text = self._qs("gui/keywords", "")
        if text:
            self.keywords.set_text(text)

    def load_keyword_list(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                tr("Load a keyword list"),
                self._qs("gui/open_dir", ""),
                tr("Keyword lists") + " (*.txt *.lst *.csv);;" + tr("All files") + " (*)",
            )
            if not path:
                return False
        try:
            kl = KeywordList.from_file(path)
            text = Path(path).read_text(encoding="utf-8-sig")
        except (KeywordFileError, OSError) as e:
            self.show_error(tr("Cannot load the keyword list"), str(e))
            return False
        self.keywords.append_text(text)
        if kl.warnings:
            self.show_error(tr("Some keywords were skipped"), "\n".join(kl.warnings))
        self.statusBar().showMessage(
            tr("{0} keywords loaded from {1}").format(len(kl), os.path.basename(path)), 5000
        )
        return True

    def set_keywords(self, text: str) -> None:
        """New keyword text: build the matcher and match every page on the worker thread."""
        self._kw_gen += 1
        gen = self._kw_gen
        self._set_qs("gui/keywords", text)
        pages = [
            (e.key, [ln.text for ln in e.result.lines], [ln.alternates for ln in e.result.lines])
            for e in self.model.entries
            if e.result is not None and e.result.error is None
        ]
        self.work.submit(
            _build_and_match,
            text,
            pages,
            on_done=lambda out: self._matcher_ready(gen, out),
            on_error=lambda exc: self.show_error(tr("Cannot use the keywords"), str(exc)),
        )
        self.session.touch()

    def _matcher_ready(self, gen: int, out) -> None:
        matcher, labels, warnings, found = out
        if gen != self._kw_gen:
            if matcher is not None:
                matcher.close()
            return
        if self._matcher is not None:
            self._matcher.close()
        self._matcher = matcher
        self._kw_colors = {k: QColor(*rgb) for k, rgb in keyword_colors(labels).items()}
        self.keywords.set_warnings(warnings)
        if warnings:
            self.statusBar().showMessage(warnings[0], 8000)
        self._current_hit = None
        self.keywords.clear_hits()
        self._apply_found(gen, [e.key for e in self.model.entries], found)
        self._update_counts()

    def _apply_found(self, gen: int, keys: list[int], found: dict) -> None:
        """Hand the pages' new hits to the widgets a slice at a time: 200 pages' hit lists at once
        would hold the GUI thread for a visible moment."""
        if gen != self._kw_gen:
            return
        end = time.perf_counter() + 0.012
        while keys and time.perf_counter() < end:
            e = self.model.entry(keys.pop(0))
            if e is None or e.result is None or e.result.error is not None:
                continue
            if e.key in found:
                texts, hits = found[e.key]
                self._apply_hits(e.key, gen, texts, hits)
            else:
                self._match_page(e)
        if keys:
            QTimer.singleShot(0, lambda: self._apply_found(gen, keys, found))

    def _match_page(self, e: PageEntry) -> None:
        if e.result is None or e.result.error is not None:
            return
        if self._matcher is None:
            if e.result.hits is not None:
                e.result.hits = None
                e.record = None
                self._hits_changed(e)
            return
        gen, key, texts = self._kw_gen, e.key, [ln.text for ln in e.result.lines]
        alternates = [ln.alternates for ln in e.result.lines]
        matcher = self._matcher
        self.work.submit(
            _match,
            matcher,
            texts,
            alternates,
            on_done=lambda out: self._apply_hits(key, gen, texts, out[0], out[1]),
        )

    def _apply_hits(self, key: int, gen: int, texts: list[str], hits: list[Hit], warnings=None) -> None:
        if gen != self._kw_gen:
            return
        e = self.model.entry(key)
        if e is None or e.result is None:
            return
        if [ln.text for ln in e.result.lines] != texts:  # edited meanwhile: match the new text
            self._match_page(e)
            return
        if warnings is not None:
            self.keywords.set_warnings(warnings)
        e.result.hits = hits
        e.record = None
        self._hits_changed(e)

    def _hits_changed(self, e: PageEntry) -> None:
        row = self.model.row_of(e.key) or 0
        self.keywords.set_page_hits(
            e.key, row, e.label, e.hits, e.result.lines if e.result else [], self._kw_colors
        )
        self.model.changed(e.key)
        if e.key == self._current:
            self._refresh_hits()
        self._update_counts()
        self.session.touch()

    def _refresh_hits(self) -> None:
        e = self.current_entry()
        hits = e.hits if e is not None else []
        cur = (
            self._current_hit[1]
            if self._current_hit and e is not None and self._current_hit[0] == e.key
            else None
        )
        self.view.set_hits(hits, self._kw_colors, cur)
        self.text_panel.set_hits(hits, self._kw_colors, cur)

    def next_hit(self, step: int = 1) -> tuple[int, int] | None:
        """F3 / Shift+F3: the next (previous) keyword hit of the batch, wrapping around."""
        order = [(e.key, i) for e in self.model.entries for i in range(len(e.hits))]
        if not order:
            self.statusBar().showMessage(tr("No keyword hits"), 4000)
            return None
        if self._current_hit in order:
            j = (order.index(self._current_hit) + step) % len(order)
        else:
            row = self.model.row_of(self._current) if self._current is not None else 0
            rows = {e.key: r for r, e in enumerate(self.model.entries)}
            if step > 0:
                j = next((n for n, (k, _) in enumerate(order) if rows[k] >= (row or 0)), 0)
            else:
                j = next(
                    (n for n in range(len(order) - 1, -1, -1) if rows[order[n][0]] <= (row or 0)),
                    len(order) - 1,
                )
        self.go_to_hit(*order[j])
        return order[j]

    def go_to_hit(self, key: int, index: int) -> None:
        e = self.model.entry(key)
        if e is None or not 0 <= index < len(e.hits):
            return
        self._current_hit = (key, index)
        if self._current != key:
            self.select_page(key)
        self._current_hit = (key, index)
        self._refresh_hits()
        hit = e.hits[index]
        self.select_line(hit.line)
        self.view.show_hit(index)
        self.keywords.select_hit(key, index)
        total = sum(len(x.hits) for x in self.model.entries)
        pos = sum(len(x.hits) for x in self.model.entries[: self.model.row_of(key) or 0]) + index + 1
        self.statusBar().showMessage(
            tr("Hit {0} of {1}: {2} (line {3})").format(pos, total, hit.keyword, hit.line + 1)
        )

    def _focus_keywords(self) -> None:
        self.text_dock.show()
        self.keywords.editor.setFocus()

    # ------------------------------------------------------------------------------------------
    # copy and export
    def copy_page_text(self) -> str:
        e = self.current_entry()
        if e is None or e.result is None or e.result.error is not None:
            self.statusBar().showMessage(tr("No text on this page yet"), 4000)
            return ""
        text = e.result.text
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(
            tr("Copied the page's text ({0} lines)").format(len(e.result.lines)), 4000
        )
        return text

    def copy_selected(self) -> str:
        e = self.current_entry()
        lines = self.selected_lines()
        if e is None or e.result is None or not lines:
            return self.copy_page_text() if e is not None and e.result is not None and not lines else ""
        text = "\n".join(e.result.lines[i].text for i in lines if 0 <= i < len(e.result.lines))
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(tr("Copied {0} lines").format(len(lines)), 4000)
        return text

    def results(self, scope: str = "batch") -> list[PageResult]:
        """What an export holds: the current page, or every page read so far, in list order."""
        if scope == "page":
            e = self.current_entry()
            return [e.result] if e is not None and e.result is not None else []
        return [e.result for e in self.model.entries if e.result is not None]

    def export_dialog(self, scope: str) -> None:
        results = self.results(scope)
        if not results:
            self.statusBar().showMessage(tr("Nothing to export yet"), 4000)
            return
        filters = [f"{tr(FORMAT_NAMES[f])} (*{ext})" for f, ext in EXPORT_FORMATS.items()]
        last = self._qs("gui/export_format", "txt")
        stem = Path(results[0].path).stem if scope == "page" else "ocr-results"
        start = os.path.join(
            self._qs("gui/export_dir", str(Path.home())), stem + EXPORT_FORMATS.get(last, ".txt")
        )
        path, chosen = QFileDialog.getSaveFileName(
            self,
            tr("Export page") if scope == "page" else tr("Export all pages"),
            start,
            ";;".join(filters),
            filters[list(EXPORT_FORMATS).index(last)] if last in EXPORT_FORMATS else filters[0],
            QFileDialog.Option.DontConfirmOverwrite,  # asked below, also for the extension we add
        )
        if not path:
            return
        fmt = next((f for f, flt in zip(EXPORT_FORMATS, filters, strict=True) if flt == chosen), None)
        ext = os.path.splitext(path)[1].lower()
        if ext and (fmt is None or EXPORT_FORMATS[fmt] != ext):
            # a typed extension picks the format when it is not the chosen filter's own
            fmt = next((f for f, e in EXPORT_FORMATS.items() if e == ext), fmt)
        fmt = fmt or "txt"
        if not path.lower().endswith(EXPORT_FORMATS[fmt]):
            path += EXPORT_FORMATS[fmt]
        self._set_qs("gui/export_dir", os.path.dirname(path))
        self._set_qs("gui/export_format", fmt)
        self.export(scope, fmt, path)

    def export(self, scope: str, fmt: str, path: str | os.PathLike[str]) -> bool:
        """Save the page or the batch as ``fmt`` at ``path`` (atomic; an existing file only if the user agrees).

        The text is made now (what is on screen, edits included) and written on the worker thread.
        """
        path = os.fspath(path)
        results = self.results(scope)
        if not results:
            self.statusBar().showMessage(tr("Nothing to export yet"), 4000)
            return False
        if os.path.exists(path) and not self._confirm_overwrite(path):
            return False
        if fmt == "pdf":
            return self.export_pdf(scope, path)
        text = export_text(results, fmt)
        self.work.submit(
            write_atomic,
            path,
            text,
            on_done=lambda _: self.statusBar().showMessage(tr("Saved {0}").format(path), 6000),
            on_error=lambda exc: self.show_error(tr("Cannot save the file"), f"{path}\n\n{exc}"),
        )
        return True

    def export_pdf(self, scope: str, path: str) -> bool:
        """The page or the batch as one searchable PDF, written page by page on the worker thread.

        Each page goes in with a copy of its result as it is now (corrections included) and its
        source, which the writer reads again (a PDF page is copied, a JPEG passed through).
        """
        from desktop_ocr.core.pdf_writer import write_searchable_pdf

        entries = [self.current_entry()] if scope == "page" else self.model.entries
        pages = [
            (copy.deepcopy(e.result), e.source) for e in entries if e is not None and e.result is not None
        ]
        total = len(pages)
        writing = tr("Writing the PDF: {0} / {1} pages")
        status = self.statusBar().showMessage

        def progress(n: int) -> None:
            self.work.post(status, writing.format(n, total))

        def done(problems: list[str]) -> None:
            if problems:
                status(
                    tr("Saved {0}; {1} pages without their text, see the log").format(path, len(problems)),
                    10000,
                )
            else:
                status(tr("Saved {0}").format(path), 6000)

        status(writing.format(0, total))
        self.work.submit(
            lambda: write_searchable_pdf(path, pages, progress=progress),
            on_done=done,
            on_error=lambda exc: self.show_error(tr("Cannot save the file"), f"{path}\n\n{exc}"),
        )
        return True

    def annotated_dialog(self) -> None:
        e = self.current_entry()
        if e is None or e.result is None or e.result.error is not None:
            self.statusBar().showMessage(tr("No read page to save"), 4000)
            return
        start = os.path.join(
            self._qs("gui/export_dir", str(Path.home())), Path(e.label).stem + "-annotated.png"
        )
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("Save annotated image"),
            start,
            tr("PNG image") + " (*.png)",
            "",
            QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            self._set_qs("gui/export_dir", os.path.dirname(path))
            self.save_annotated(path)

    def save_annotated(self, path: str | os.PathLike[str]) -> bool:
        """The current page as PNG with its boxes and keyword hits drawn (rendered off the GUI thread)."""
        path = os.fspath(path)
        e = self.current_entry()
        if e is None or e.result is None or e.result.error is not None or e.source is None:
            self.statusBar().showMessage(tr("No read page to save"), 4000)
            return False
        if os.path.exists(path) and not self._confirm_overwrite(path):
            return False
        result = copy.deepcopy(e.result)
        colors = {k: (c.red(), c.green(), c.blue()) for k, c in self._kw_colors.items()}
        source = e.source

        def render() -> None:
            write_atomic(path, encode_png(render_annotated(source.load(), result, colors)))

        self.images.submit(
            render,
            on_done=lambda _: self.statusBar().showMessage(tr("Saved {0}").format(path), 6000),
            on_error=lambda exc: self.show_error(tr("Cannot save the annotated image"), f"{path}\n\n{exc}"),
        )
        return True

    # ------------------------------------------------------------------------------------------
    # session
    def _session_snapshot(self) -> tuple[list[dict[str, Any]], str]:
        records = []
        for e in self.model.entries:
            if e.record is None:
                state = e.state if e.state in ("done", "failed", "skipped") else "queued"
                e.record = SessionPage(
                    e.path, e.page, state, e.result.to_dict() if e.result else None, e.image_file
                ).to_dict()
            records.append(e.record)
        return records, self.keywords.text()

    @staticmethod
    def _should_offer_restore(data: SessionData | None) -> bool:
        return data is not None and not data.clean and bool(data.pages)

    def offer_restore(self, data: SessionData | None = None) -> bool:
        """Ask whether to bring back the session of a run that did not end cleanly; restore if yes."""
        data = data or self.previous_session
        if data is None or not data.pages:
            return False
        if not self._ask_restore(data):
            return False
        self.restore_session(data)
        return True

    def _ask_restore(self, data: SessionData) -> bool:
        """The question itself (tests replace it)."""
        text = tr("Desktop OCR did not close normally last time.\n\nRestore its {0} pages").format(
            len(data.pages)
        )
        if data.edited:
            text += tr(" and {0} corrected lines").format(data.edited)
        text += "?"
        answer = QMessageBox.question(
            self,
            tr("Restore the last session?"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def restore_previous(self) -> None:
        data = self.previous_session or self.session_files.load_previous()
        if data is None or not data.pages:
            self.statusBar().showMessage(tr("There is no previous session"), 4000)
            return
        self.restore_session(data)

    def restore_session(self, data: SessionData) -> None:
        """Bring back the pages of ``data``: read pages with their edits, unread pages are read again."""
        pdf_dpi = self.settings.get("pdf_dpi")
        entries: list[PageEntry] = []
        to_read: list[PageEntry] = []
        for p in data.pages:
            image_file = self.session_files.image_path(p.image_file) if p.image_file else None
            if image_file is not None and not image_file.exists():
                image_file = None
            source = None
            if image_file is not None or not p.image_file:
                source = page_source(p.path, p.page, image_file, pdf_dpi)
            e = self._new_entry(p.path, p.page, source=source)
            e.image_file = p.image_file if image_file is not None else None
            result = p.page_result()
            if result is not None:
                e.result = result
                e.state = "done" if result.error is None else "failed"
                e.error = result.error
            elif source is not None and p.state != "skipped":
                to_read.append(e)
            else:
                e.state = "skipped"
            entries.append(e)
        self.model.add(entries)
        if data.keywords and not self.keywords.text().strip():
            self.keywords.set_text(data.keywords)
        else:
            for e in entries:
                self._match_page(e)
        if to_read:
            job = self.runner.submit([e.source for e in to_read])
            self._jobs[job] = [0, len(to_read)]
            for i, e in enumerate(to_read):
                e.job = job
                self._by_job[(job, i)] = e.key
            self._batch_pages += len(to_read)
        if entries and self._current is None:
            self.select_page(entries[0].key)
        self.previous_session = None
        self.session.touch(soon=True)
        self._update_progress()
        self._update_counts()
        self.statusBar().showMessage(tr("Restored {0} pages").format(len(entries)), 6000)

    def close_all_pages(self) -> None:
        if not self.model.entries:
            return
        if not self._confirm(tr("Close all pages?"), tr("The pages and their corrections leave the window.")):
            return
        self.cancel_batch()
        self._by_job.clear()
        self._current = None
        self._current_hit = None
        self._pixmaps.clear()
        self._pixmap_order.clear()
        self.model.clear()
        self.keywords.clear_hits()
        self._show_current()
        self.session.touch(soon=True)

    # ------------------------------------------------------------------------------------------
    # dialogs (tests replace these)
    def _confirm_overwrite(self, path: str) -> bool:
        return self._confirm(
            tr("Replace the file?"), tr("{0} already exists. Replace it?").format(os.path.basename(path))
        )

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, text: str) -> None:
        """A message box that does not block (the window keeps working); every error is kept in ``errors``."""
        logger.warning("%s: %s", title, text)
        self.errors.append((title, text))
        if self._error_box is not None:
            self._error_box.close()
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(
            lambda _r, b=box: setattr(self, "_error_box", None) if self._error_box is b else None
        )
        self._error_box = box
        box.open()

    # ------------------------------------------------------------------------------------------
    # status, title, settings, closing
    def _update_counts(self) -> None:
        """Refresh the counts soon; a burst of finished pages is one refresh."""
        if not self._counts_timer.isActive():
            self._counts_timer.start()

    def _refresh_counts(self) -> None:
        entries = self.model.entries
        failed = sum(1 for e in entries if e.state == "failed")
        hits = sum(len(e.hits) for e in entries)
        pages_hit = sum(1 for e in entries if e.hits)
        text = tr("Pages: {0}").format(len(entries))
        if failed:
            text += " · " + tr("failed: {0}").format(failed)
        if self._matcher is not None:
            text += " · " + tr("hits: {0}").format(hits)
        self._counts_label.setText(text)
        cur = self.current_entry()
        if self._matcher is None:
            self.keywords.set_summary(tr("No keywords"))
        else:
            this = len(cur.hits) if cur is not None else 0
            n = len(self._matcher.keywords)
            self.keywords.set_summary(
                tr(
                    "Keywords: {0} · hits on this page: {1} · in all: {2}, on pages: {3} (F3: next, Shift+F3: previous)"
                ).format(n, this, hits, pages_hit)
            )

    def _update_title(self) -> None:
        e = self.current_entry()
        title = f"{e.label} – {APP_NAME}" if e is not None else APP_NAME
        if self.busy:
            done = sum(v[0] for v in self._jobs.values())
            total = sum(v[1] for v in self._jobs.values())
            title = f"({done}/{total}) {title}"
        if self.windowTitle() != title:
            self.setWindowTitle(title)

    def _qs(self, key: str, default: Any) -> Any:
        v = self.settings.qsettings.value(key, default)
        return default if v is None else v

    def _set_qs(self, key: str, value: Any) -> None:
        self.settings.qsettings.setValue(key, value)

    def _restore_geometry(self) -> None:
        geo = self.settings.qsettings.value("gui/main_geometry")
        state = self.settings.qsettings.value("gui/main_state")
        if isinstance(geo, QByteArray | bytes) and geo:
            self.restoreGeometry(QByteArray(geo))
        if isinstance(state, QByteArray | bytes) and state:
            self.restoreState(QByteArray(state))

    def save_geometry(self) -> None:
        self.settings.qsettings.setValue("gui/main_geometry", self.saveGeometry())
        self.settings.qsettings.setValue("gui/main_state", self.saveState())
        self.settings.qsettings.sync()

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
        for listing in self._listings:
            listing.stop.set()
        self.session.flush(clean=True)
        self.settings.qsettings.sync()
        if self._matcher is not None:
            self._matcher.close()
        for bg in (self.work, self.images, self.thumbs):
            bg.close()


# -- worker-thread functions ----------------------------------------------------------------------


def _build_and_match(text: str, pages: list[tuple[int, list[str], list]]):
    """Parse the keywords, build the matcher and match the given pages (worker thread)."""
    kl = KeywordList.from_text(text)
    if not kl:
        return None, [], list(kl.warnings), {}
    matcher = KeywordMatcher(kl, regex_timeout_s=REGEX_TIMEOUT_S)
    found = {key: (texts, matcher.match_lines(texts, alts)) for key, texts, alts in pages}
    return matcher, [kw.label for kw in kl], list(matcher.warnings), found


def _match(matcher: KeywordMatcher, texts: list[str], alternates: list):
    hits = matcher.match_lines(texts, alternates)
    return hits, list(matcher.warnings)


__all__ = ["MainWindow"]
