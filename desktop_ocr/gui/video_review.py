"""The video review view: a video's text events with times, thumbnails and keyword hits.

A standalone widget: ``VideoReviewWidget(ctx_or_runner)`` then ``open_video(path)``. The OCR runs as
one open-ended job (its events on the job's own handle) on a QtRunner whose stages are the video engine (``pipeline.video_stages``: the
main window's engine upscales every page to 736 px, far too slow for subtitle bands), fed by
:class:`desktop_ocr.core.video.pipeline.VideoJob` on a thread of its own. Selecting an event shows
its frame with the line boxes (hits in red); the lines are editable once the video is done, and
keyword hits follow the edits. The subtitle band can be dragged on the frame ("Select band"),
which restarts the review inside that band.

Keywords: the app's one list in a keyword panel of the review's own (``gui.video_keywords``),
read live; once a video is done, every event's hits follow a change of the list.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_ocr.core.filetypes import VIDEO_EXTS
from desktop_ocr.core.progress import clock_text
from desktop_ocr.core.reading_order import compose_text
from desktop_ocr.core.video.events import TextEvent
from desktop_ocr.core.video.keyframes import Region, VideoError
from desktop_ocr.core.video.pipeline import VideoJob, VideoOptions, video_stages
from desktop_ocr.core.video.report import VideoHit, VideoReport
from desktop_ocr.gui.frame_view import FrameView, first_frame, lines_thumbnail
from desktop_ocr.gui.text_panel import uncertain_note
from desktop_ocr.gui.video_exports import ReviewExports, count_text
from desktop_ocr.gui.video_keywords import ReviewKeywords
from desktop_ocr.i18n import QT_TRANSLATE_NOOP

logger = logging.getLogger(__name__)

HIT_BACKGROUND = QColor(255, 205, 205)
THUMB = QSize(160, 48)
REFRESH_MS = 250  # events are re-merged at most this often while pages stream in


def tr(text: str) -> str:
    return QCoreApplication.translate("VideoReview", text)


class VideoReviewWidget(QWidget):
    """Review one video at a time. ``ctx_or_runner``: the app's ``AppContext`` (a video runner is
    made from its settings and models), a ``QtRunner`` to use as is (its stages should be
    ``video_stages()``), or None (defaults)."""

    report_ready = Signal(object)  # VideoReport, when a video's review is finished
    failed = Signal(str)  # a video that cannot be read
    COLS = (
        QT_TRANSLATE_NOOP("VideoReview", "Start"),
        QT_TRANSLATE_NOOP("VideoReview", "End"),
        QT_TRANSLATE_NOOP("VideoReview", "Text"),
        QT_TRANSLATE_NOOP("VideoReview", "Keyword"),
    )

    def __init__(
        self,
        ctx_or_runner: Any = None,
        parent: QWidget | None = None,
        *,
        keywords: Any = None,
        workers: int | None = None,
    ):
        super().__init__(parent)
        self._runner = None
        self._own_runner = False
        self._models = None
        self._script = "as-read"  # the main engine's Chinese script setting, for the video engine too
        self._stages = None  # per-job stages when the runner is the application's shared one
        self._workers = workers or 2
        self._keyword_store = None  # the app's keyword list (gui.keyword_store), read per video
        self.exports = ReviewExports(self)  # JSON, CSV, SRT and evidence images
        if (
            ctx_or_runner is not None
            and hasattr(ctx_or_runner, "extend")
            and hasattr(ctx_or_runner, "page_done")
        ):
            self._runner = ctx_or_runner
        elif ctx_or_runner is not None:  # AppContext
            st = getattr(ctx_or_runner, "settings", None)
            if st is not None:
                self._workers = workers or int(st.get("workers"))
            self._keyword_store = getattr(ctx_or_runner, "keywords", None)
            engine = getattr(ctx_or_runner, "engine", None)
            self._models = getattr(engine, "models", None)
            self._script = getattr(getattr(engine, "options", None), "script", "as-read")
            shared = getattr(ctx_or_runner, "runner", None)
            if shared is not None:
                # one pool for everything: keyframes run on the band-sized video engine as this
                # job's own stages, beside the main window's and the captures' jobs
                self._runner = shared
                self._stages = video_stages(self._models, self._script)
        self.keywords = ReviewKeywords(self._keyword_store, keywords, self)
        self.keywords.changed.connect(self._rematch_all)

        self.job: VideoJob | None = None
        self.handle = None  # the runner's JobHandle of the video's OCR job
        self.report: VideoReport | None = None
        self.events: list[TextEvent] = []
        self.region: Region | None = None
        self.path: str | None = None
        self._thumbs: dict[int, QIcon] = {}
        self._filling = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._refresh)
        self._build()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.open_button = QPushButton(tr("Open video…"))
        self.open_button.clicked.connect(self._choose_video)
        self.band_button = QPushButton(tr("Select band"))
        self.band_button.setCheckable(True)
        self.band_button.setToolTip(tr("Drag the subtitle band on the frame; the review restarts inside it"))
        self.band_button.toggled.connect(self._band_mode)
        self.stop_box = QCheckBox(tr("Stop at first hit"))
        self.cancel_button = QPushButton(tr("Stop"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        top = QHBoxLayout()
        for w in (self.open_button, self.band_button, self.stop_box, self.cancel_button):
            top.addWidget(w)
        top.addWidget(self.keywords.label, 1)

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([tr(c) for c in self.COLS])
        self.tree.setIconSize(THUMB)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.currentItemChanged.connect(lambda *_: self._show_selected())

        self.frame_view = FrameView()
        self.frame_view.band_selected.connect(self._band_chosen)
        self.lines_table = QTableWidget(0, 2)
        self.lines_table.setHorizontalHeaderLabels([tr("Text"), tr("Score")])
        self.lines_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.lines_table.itemChanged.connect(self._line_edited)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.frame_view)
        right.addWidget(self.lines_table)
        right.setSizes([400, 120])
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.tree)
        left.addWidget(self.keywords.widget)
        left.setSizes([500, 200])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([520, 600])

        self.status = QLabel(tr("No video"))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_buttons = []
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        for label, slot in (
            (tr("Export JSON…"), self.export_json),
            (tr("Export CSV…"), self.export_csv),
            (tr("Export SRT…"), self.export_srt),
            (tr("Evidence PNGs…"), self.export_evidence),
        ):
            b = QPushButton(label)
            b.setEnabled(False)
            b.clicked.connect(lambda _=False, f=slot: f())
            bottom.addWidget(b)
            self.export_buttons.append(b)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addLayout(bottom)

    # -- keywords and runner ---------------------------------------------------------------------
    @property
    def matcher(self):
        """The current keyword list's matcher (None without keywords)."""
        return self.keywords.matcher

    @property
    def keywords_label(self) -> QLabel:
        return self.keywords.label

    @property
    def keyword_panel(self):
        return self.keywords.panel

    def set_keywords(self, keywords: Any) -> None:
        """A keyword list file path, a list of keywords, a KeywordMatcher, or None."""
        self.keywords.set_keywords(keywords)

    def _rematch_all(self) -> None:
        """Every event of the finished review matched against the current list (a review still
        running keeps the list it started with and is matched again when it finishes)."""
        job = self.job
        if job is None or self.report is None or job.matcher is self.matcher:
            return
        job.matcher = self.matcher
        job.hits = []
        for e in self.events:
            job.rematch_event(e)
        self.report.hits = list(job.hits)
        self._refresh()
        self._show_selected()

    def load_keyword_list(self, path: str | None = None) -> bool:
        """Add the keywords of a list file, as the main window's "Load list…" does."""
        ok = self.keywords.load_list(path)
        if self.keywords.load_error:
            self._set_status(self.keywords.load_error, error=True)
        return ok

    @property
    def runner(self):
        if self._runner is None:
            from desktop_ocr.gui.qt_runner import QtRunner

            self._runner = QtRunner(
                video_stages(self._models, self._script), workers=self._workers, parent=self
            )
            self._own_runner = True
        return self._runner

    @property
    def busy(self) -> bool:
        """A video is being reviewed (a new one would replace it)."""
        return self.job is not None and not self.job.finished

    def shutdown(self) -> None:
        """Stop the review; stop the runner if this widget made it."""
        self.cancel()
        if self._own_runner and self._runner is not None:
            self._runner.shutdown(5000)
            self._own_runner = False

    def closeEvent(self, ev) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(ev)

    # -- a video's review -------------------------------------------------------------------------
    def _choose_video(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("Open video"),
            "",
            tr("Videos") + " (" + " ".join("*" + e for e in VIDEO_EXTS) + ");;" + tr("All files") + " (*)",
        )
        if path:
            self.open_video(path)

    def open_video(self, path: str | os.PathLike[str], region: Region | None = None) -> bool:
        """Start reviewing ``path`` (a video file or a folder of frames); False when unreadable."""
        self.cancel()
        self.path = os.fspath(path)
        self.region = region
        self.report, self.events, self._thumbs = None, [], {}
        self.tree.clear()
        self.lines_table.setRowCount(0)
        for b in self.export_buttons:
            b.setEnabled(False)
        self.keywords.from_store()
        opts = VideoOptions(region=region, stop_at_first_hit=self.stop_box.isChecked(), keep_frames=True)
        job = VideoJob(self.path, self.matcher, opts)
        try:
            job.open()
        except VideoError as exc:
            self.frame_view.set_frame(None)
            self._set_status(str(exc), error=True)
            self.failed.emit(str(exc))
            return False
        self.frame_view.band = region if region is not None else job.stats.get("region")
        self.frame_view.set_frame(first_frame(self.path))
        self.job = job
        handle = self.runner.submit([], stop_when=job.stop_when, open_ended=True, stages=self._stages)
        handle.page_done.connect(lambda index, result, j=job: self._page(j, index, result))
        handle.page_failed.connect(lambda index, result, j=job: self._page(j, index, result))
        handle.finished.connect(lambda ev, j=job: self._finished(j, ev))
        self.handle = handle
        job.start_feeding(self.runner, handle.id)
        self.cancel_button.setEnabled(True)
        self._set_status(tr("Reviewing {0}…").format(job.name))
        return True

    def cancel(self) -> None:
        if self.job is not None and not self.job.finished:
            self.job.close()
            if self.handle is not None:
                self.handle.cancel()
        self.cancel_button.setEnabled(False)

    def _page(self, job: VideoJob, index: int, result) -> None:
        if job is not self.job or job.finished:  # a review replaced meanwhile
            return
        self.job.on_page(index, result)
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _finished(self, job: VideoJob, ev) -> None:
        if job is not self.job or job.finished:
            return
        self.report = self.job.finish(ev)
        self.cancel_button.setEnabled(False)
        for b in self.export_buttons:
            b.setEnabled(True)
        self.events = self.report.events
        self._rematch_all()  # the list changed while the video was read
        self._refresh()
        self.report_ready.emit(self.report)

    def _set_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #c00000;" if error else "")

    def _status_text(self) -> str:
        job = self.job
        st = job.stats
        r = self.report
        frames_ocr = r.frames_ocr if r else sum(1 for p in job.pages.values() if p.error is None)
        total = r.frames_total if r else st.get("frames_total", 0)

        parts = tr(", ").join(
            [
                count_text(total, tr("{0} frame"), tr("{0} frames")),
                count_text(st.get("keyframes", 0), tr("{0} keyframe"), tr("{0} keyframes")),
                tr("{0} OCRed").format(frames_ocr),
                count_text(len(self.events), tr("{0} event"), tr("{0} events")),
                count_text(len(job.hits), tr("{0} hit"), tr("{0} hits")),
            ]
        )
        if r is None:
            est = job.estimate()
            if est is not None:  # 00:42.000 of 03:10.000, 01:05 left
                parts += tr(", ") + tr("{0} of {1}").format(clock_text(est.done), clock_text(est.total))
                if est.left_s is not None:
                    parts += tr(", ") + tr("{0} left").format(clock_text(est.left_s, millis=False))
            return tr("Reviewing {0}: {1}…").format(job.name, parts)
        text = tr("{0}: {1} in {2:.1f} s").format(job.name, parts, r.elapsed_s or 0)
        if r.stopped:
            text += " — " + tr("stopped at the first hit")
        elif job.cancelled:
            text += " — " + tr("cancelled")
        if r.error:
            text += f" — {r.error}"
        if r.damaged:  # the review has a hole: say where
            text += " — " + tr("damaged video: could not read {ranges}").format(ranges=r.damage_text)
        return text

    # -- the event list ---------------------------------------------------------------------------
    def _hits_of(self, e: TextEvent) -> list[VideoHit]:
        hits = self.report.hits if self.report is not None else (self.job.hits if self.job else [])
        end = e.end_s if e.end_s > e.start_s else e.start_s + 1e-6
        return [h for h in hits if e.start_s <= h.time_s < end]

    def _refresh(self) -> None:
        if self.job is None:
            return
        current = self.tree.currentItem()
        keep = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        self.events = self.report.events if self.report is not None else self.job.events()
        self._filling = True
        try:
            self.tree.clear()
            select = None
            for i, e in enumerate(self.events):
                item = QTreeWidgetItem(self._row_texts(e))
                item.setData(0, Qt.ItemDataRole.UserRole, i)
                icon = self._thumb(e)
                if icon is not None:
                    item.setIcon(0, icon)
                self._paint_row(item, e)
                self.tree.addTopLevelItem(item)
                if keep == i:
                    select = item
            for c in (0, 1, 3):
                self.tree.resizeColumnToContents(c)
            if select is not None:
                self.tree.setCurrentItem(select)
        finally:
            self._filling = False
        self._set_status(
            self._status_text(), error=bool(self.report and (self.report.error or self.report.damaged))
        )

    def _row_texts(self, e: TextEvent) -> list[str]:
        # a look-alike reading is marked: "敢耍我 (possible)"
        keywords = ", ".join(
            dict.fromkeys(
                tr("{0} (possible)").format(h.keyword) if h.possible else h.keyword for h in self._hits_of(e)
            )
        )
        return [clock_text(e.start_s), clock_text(e.end_s), e.text.replace("\n", " / "), keywords]

    def _paint_row(self, item: QTreeWidgetItem, e: TextEvent) -> None:
        hit = bool(self._hits_of(e))
        for c in range(len(self.COLS)):
            item.setBackground(c, QBrush(HIT_BACKGROUND) if hit else QBrush())
        font = item.font(2)
        font.setBold(hit)
        item.setFont(2, font)
        item.setToolTip(2, e.text)

    def _thumb(self, e: TextEvent) -> QIcon | None:
        """The event's text lines cut from its frame (the whole frame is unreadable at this size)."""
        if e.frame_index in self._thumbs:
            return self._thumbs[e.frame_index]
        frame = self.job.frame(e.frame_index) if self.job else None
        if frame is None:
            return None
        icon = QIcon(lines_thumbnail(frame, e.lines, THUMB))
        if self.report is not None:  # frames are final only then; before, cache nothing
            self._thumbs[e.frame_index] = icon
        return icon

    def selected_event(self) -> TextEvent | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        i = item.data(0, Qt.ItemDataRole.UserRole)
        return self.events[i] if i is not None and 0 <= i < len(self.events) else None

    def select_event(self, i: int) -> None:
        self.tree.setCurrentItem(self.tree.topLevelItem(i))

    def _show_selected(self) -> None:
        e = self.selected_event()
        if e is None or self.job is None:
            return
        hit_lines = set()
        if self.matcher is not None and self._hits_of(e):
            hit_lines = {i for i, ln in enumerate(e.lines) if self.matcher.find(ln.text, ln.alternates)}
        self.frame_view.set_frame(self.job.frame(e.frame_index), e.lines, hit_lines)
        self._filling = True
        try:
            self.lines_table.setRowCount(len(e.lines))
            editable = self.report is not None
            for i, ln in enumerate(e.lines):
                t = QTableWidgetItem(ln.text)
                flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
                if editable:
                    flags |= Qt.ItemFlag.ItemIsEditable
                t.setFlags(flags)
                note = uncertain_note(ln)
                if note:
                    t.setToolTip(note)
                if i in hit_lines:
                    t.setBackground(QBrush(HIT_BACKGROUND))
                s = QTableWidgetItem(f"{ln.score:.2f}")
                s.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                self.lines_table.setItem(i, 0, t)
                self.lines_table.setItem(i, 1, s)
        finally:
            self._filling = False

    def _line_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0 or self.report is None:
            return
        self.edit_line(item.row(), item.text())

    def edit_line(self, row: int, text: str) -> None:
        """The user's correction of line ``row`` of the selected event; hits follow the new text."""
        e = self.selected_event()
        if e is None or not 0 <= row < len(e.lines) or self.job is None:
            return
        ln = e.lines[row]
        if ln.text == text:
            return
        ln.correct(text)
        e.text = compose_text(e.lines)
        self.job.rematch_event(e)
        if self.report is not None:
            self.report.hits = list(self.job.hits)
        item = self.tree.currentItem()
        self._filling = True
        try:
            for c, value in enumerate(self._row_texts(e)):
                item.setText(c, value)
            self._paint_row(item, e)
        finally:
            self._filling = False
        self._show_selected()
        self._set_status(self._status_text())

    # -- band selection ----------------------------------------------------------------------------
    def _band_mode(self, on: bool) -> None:
        if on and self.path is not None:
            self.frame_view.set_frame(first_frame(self.path))
        self.frame_view.set_selecting(on)

    def _band_chosen(self, x: int, y: int, w: int, h: int) -> None:
        self.band_button.setChecked(False)
        if self.path is not None:
            self.open_video(self.path, (x, y, w, h))

    # -- export (gui.video_exports) -------------------------------------------------------------
    def export_json(self, path: str | None = None) -> str | None:
        return self.exports.json(path)

    def export_csv(self, path: str | None = None) -> str | None:
        return self.exports.csv(path)

    def export_srt(self, path: str | None = None) -> str | None:
        return self.exports.srt(path)

    def export_evidence(self, out_dir: str | None = None) -> list[str]:
        return self.exports.evidence(out_dir)


__all__ = ["FrameView", "VideoReviewWidget", "first_frame"]  # FrameView, first_frame: from frame_view
