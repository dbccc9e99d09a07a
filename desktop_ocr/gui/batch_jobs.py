"""The main window's batch: pages coming in (opened, dropped, pasted, captured) and their OCR jobs.

Listing what was opened (``expand_inputs`` opens PDFs to count pages) runs on a thread of its own
and hands pages over in chunks, which extend one open-ended job per open operation. Each job's
events arrive on its own :class:`~desktop_ocr.gui.qt_runner.JobHandle`; this part keeps which list
entry each page index of a job is, the batch's progress, and the summary when the batch ends.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer

from desktop_ocr.core.export import encode_png
from desktop_ocr.core.images import LoadError, PageSource, expand_inputs
from desktop_ocr.core.progress import Estimate, clock_text
from desktop_ocr.core.results import PageResult
from desktop_ocr.core.video.pipeline import VIDEO_EXTS
from desktop_ocr.gui.page_list import PageEntry
from desktop_ocr.gui.qt_runner import JobHandle

# The parts get the main window itself (``win``) and use its public interface; they do not import
# it (the window imports them).
MainWindow = Any

logger = logging.getLogger(__name__)

CHUNK = 32  # pages handed from the lister thread to the window at a time
CHUNK_S = 0.1  # ... or whatever was found in this long


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


@dataclass
class _Job:
    """A submitted job: the list entry of each of its pages (by page index), deliveries so far."""

    handle: JobHandle
    keys: list[int | None] = field(default_factory=list)  # None: the page was removed or read again
    delivered: int = 0


@dataclass
class _Listing:
    """One open operation: its lister thread's progress and the job its pages go to."""

    paths: list[str]
    stop: threading.Event = field(default_factory=threading.Event)
    job: _Job | None = None
    shown: bool = False  # its first new page was made the current page


class BatchJobs:
    def __init__(self, win: MainWindow):
        self.win = win
        self.model = win.model
        self._next_key = 1
        self._jobs: dict[int, _Job] = {}  # job id -> job
        self._listings: list[_Listing] = []
        self._failed: list[str] = []  # messages of the batch's failed pages
        self._pages = 0  # pages of the batch so far
        self._started = time.monotonic()  # when the batch began
        self._read = 0  # pages of the batch read (or failed) so far
        self.reading: str | None = None  # the page being read last, for the status bar
        self._paste_count = 0

    # -- state ------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return bool(self._jobs or self._listings)

    @property
    def listing(self) -> bool:
        """Pages are still being listed (their number is not known yet)."""
        return bool(self._listings)

    def progress(self) -> tuple[int, int]:
        """Pages delivered and pages submitted, over the jobs still running (removed pages not
        counted)."""
        done = total = 0
        for j in self._jobs.values():
            done += sum(k is not None for k in j.keys[: j.delivered])
            total += sum(k is not None for k in j.keys)
        return done, total

    def estimate(self) -> Estimate:
        """The batch's pages done and total, the time since it began: for rate and time left."""
        done, total = self.progress()
        return Estimate(self._read, self._read + total - done, time.monotonic() - self._started)

    def status_text(self) -> str:
        """'8.5 pages/min · 02:07 left · invoice.png' while the batch runs (the progress bar next
        to it shows the pages done of the total)."""
        done, total = self.progress()
        if self.listing and not total:
            return tr("Opening…")
        parts = []
        est = self.estimate()
        if est.per_minute is not None:
            parts.append(tr("{0:.1f} pages/min").format(est.per_minute))
        if est.left_s is not None and not self.listing:  # unknown while pages are still listed
            parts.append(tr("{0} left").format(clock_text(est.left_s, millis=False)))
        if self.reading:
            parts.append(self.reading)
        return " · ".join(parts)

    def _begin_batch(self) -> None:
        self._failed, self._pages, self._read = [], 0, 0
        self._started = time.monotonic()
        self.reading = None

    def forget(self, keys: set[int]) -> None:
        """These pages left the window or are read again: the jobs they were in drop them before
        they are read (a page already being read finishes; its result is not used)."""
        for job in list(self._jobs.values()):
            dropped = [i for i, k in enumerate(job.keys) if k in keys]
            if not dropped:
                continue
            for i in dropped:
                job.keys[i] = None
            pending = [i for i in dropped if i >= job.delivered]
            self._pages -= len(pending)
            if pending:
                job.handle.skip(pending)

    def new_entry(self, path: str, page: int | None, source: PageSource | None = None) -> PageEntry:
        e = PageEntry(key=self._next_key, path=path, page=page, source=source)
        self._next_key += 1
        return e

    # -- pages coming in ----------------------------------------------------------------------------
    def open_paths(self, paths) -> None:
        """Read these files and folders: pages are listed on a thread and reach the list in chunks."""
        # absolute: the session must find the files again after a restart from another folder
        paths = [os.path.abspath(os.fspath(p)) for p in paths if p]
        videos = [p for p in paths if os.path.splitext(p)[1].lower() in VIDEO_EXTS and os.path.isfile(p)]
        if videos:  # a video is its own job in the video review window
            for v in videos:
                self.win.ctx.open_video(v)
            paths = [p for p in paths if p not in videos]
        known = {e.path for e in self.model.entries}
        again = [p for p in paths if p in known]
        if again:  # not added twice: its page is shown and reading it again is offered
            paths = [p for p in paths if p not in known]
            self._offer_again(again)
        if not paths:
            return
        listing = _Listing(paths)
        self._listings.append(listing)
        if not self._jobs and len(self._listings) == 1:
            self._begin_batch()
        pdf_dpi = self.win.settings.get("pdf_dpi")
        t = threading.Thread(
            target=self._list_pages, args=(listing, pdf_dpi), name="desktop-ocr-list", daemon=True
        )
        t.start()
        self.win.show_status(
            tr("Opening {0}…").format(", ".join(os.path.basename(p) or p for p in paths[:3]))
        )
        self.win.update_progress()

    def _offer_again(self, paths: list[str]) -> None:
        entries = [e for e in self.model.entries if e.path in set(paths)]
        self.win.select_page(entries[0].key)
        names = ", ".join(os.path.basename(p) for p in paths[:3]) + ("…" if len(paths) > 3 else "")
        keys = [e.key for e in entries]

        def ask() -> None:  # after the drop or the second start's request has returned
            if self.win.dialogs.ask(
                tr("Already open"),
                tr("{0} is already in the list. Read it again?").format(names),
                False,
            ):
                self.win.page_actions.read_again(keys)

        QTimer.singleShot(0, ask)

    def _list_pages(self, listing: _Listing, pdf_dpi: int) -> None:
        """Lister thread: walk the inputs and post pages to the GUI thread in chunks."""
        chunk: list[PageSource | LoadError] = []
        last = time.perf_counter()
        work = self.win.work
        try:
            for item in expand_inputs(listing.paths, pdf_dpi=pdf_dpi):
                if listing.stop.is_set():
                    break
                chunk.append(item)
                if len(chunk) >= CHUNK or time.perf_counter() - last > CHUNK_S:
                    work.post(self._take_pages, listing, chunk, False)
                    chunk, last = [], time.perf_counter()
        except Exception as e:  # expand_inputs reports per input; this is a bug guard
            logger.exception("listing %s failed", listing.paths)
            chunk.append(LoadError(listing.paths[0], f"cannot list ({e})"))
        work.post(self._take_pages, listing, chunk, True)

    def _take_pages(self, listing: _Listing, items: list, final: bool) -> None:
        if listing.stop.is_set():
            items = []
        entries: list[PageEntry] = []
        sources: list[PageSource] = []
        known = {(e.path, e.page) for e in self.model.entries} if items else set()
        items = [it for it in items if (it.path, it.page) not in known]  # a folder opened again
        for it in items:
            if isinstance(it, LoadError):
                e = self.new_entry(it.path, it.page)
                e.state, e.error = "failed", it.message
                e.result = PageResult.failure(it.path, it.page, it.message)
                self._failed.append(it.message)
            else:
                e = self.new_entry(it.path, it.page, source=it)
                sources.append(it)
            entries.append(e)
        self._pages += len(entries)
        self.model.add(entries)
        if sources:
            readable = [e for e in entries if e.source is not None]
            if listing.job is None:
                listing.job = self._submit(readable, open_ended=True)
            else:
                listing.job.handle.extend(sources)
                self._track(listing.job, readable)
        if final:
            if listing in self._listings:
                self._listings.remove(listing)
            if listing.job is not None and listing.job.handle.id in self._jobs:
                listing.job.handle.seal()
            elif not self._listings and not self._jobs:
                self._batch_done(cancelled=listing.stop.is_set())
        if entries:
            if not listing.shown:  # what was just opened (dropped, handed over) is shown
                listing.shown = True
                self.win.select_page(entries[0].key)
            self.win.session.touch()
        self.win.update_progress()
        self.win.update_counts()

    def read(self, entries: list[PageEntry], interactive: bool = False) -> None:
        """OCR these entries (already in the list) as one job: restored pages not read yet."""
        if not self.busy:
            self._begin_batch()
        self._submit(entries, interactive=interactive)
        self._pages += len(entries)
        self.win.update_progress()

    def add_image(self, image_bgr, name: str | None = None, select: bool = True) -> int:
        """Read an in-memory image (a pasted or captured one); it is saved with the session."""
        self._paste_count += 1
        name = name or tr("Clipboard {0}").format(self._paste_count)
        source = PageSource.from_array(image_bgr, name)
        entry = self.new_entry(name, None, source=source)
        self._keep_image(entry, source)
        self.model.add([entry])
        self.read([entry], interactive=True)
        if select:
            self.win.select_page(entry.key)
        self.win.session.touch(soon=True)
        return entry.key

    def add_result(self, result: PageResult, image_bgr=None) -> int:
        """Show a page read elsewhere (a screen capture): no OCR is run again."""
        source = PageSource.from_array(image_bgr, result.path) if image_bgr is not None else None
        entry = self.new_entry(result.path, result.page, source=source)
        entry.result = result
        entry.state = "done" if result.error is None else "failed"
        entry.error = result.error
        if source is not None:
            self._keep_image(entry, source)
        self.model.add([entry])
        self.win.keyword_hits.match_page(entry)
        self.win.select_page(entry.key)
        self.win.session.touch(soon=True)
        return entry.key

    def _keep_image(self, entry: PageEntry, source: PageSource) -> None:
        """An in-memory page is saved in the session folder, so a restore can show it again."""
        entry.image_file = f"{uuid.uuid4().hex}.png"
        arr = source.load()
        files = self.win.session.files
        self.win.work.submit(
            lambda: files.save_image(entry.image_file, encode_png(arr)),
            on_error=lambda exc: logger.error("cannot keep the pasted image: %s", exc),
        )

    # -- jobs ---------------------------------------------------------------------------------------
    def _submit(
        self, entries: list[PageEntry], *, open_ended: bool = False, interactive: bool = False
    ) -> _Job:
        handle = self.win.runner.submit(
            [e.source for e in entries], open_ended=open_ended, interactive=interactive
        )
        job = self._jobs[handle.id] = _Job(handle)
        self._track(job, entries)
        handle.page_state.connect(lambda i, state, j=job: self._on_page_state(j, i, state))
        handle.page_done.connect(lambda i, result, j=job: self._on_page_done(j, i, result))
        handle.page_failed.connect(lambda i, result, j=job: self._on_page_failed(j, i, result))
        handle.finished.connect(lambda ev, j=job: self._on_finished(j, ev))
        return job

    @staticmethod
    def _track(job: _Job, entries: list[PageEntry]) -> None:
        for e in entries:
            e.job = job.handle.id
            job.keys.append(e.key)

    def _entry(self, job: _Job, index: int) -> PageEntry | None:
        """The list entry of a page of ``job``, or None when it was closed meanwhile."""
        key = job.keys[index] if 0 <= index < len(job.keys) else None
        return self.model.entry(key) if key is not None else None

    def _on_page_state(self, job: _Job, index: int, state: str) -> None:
        e = self._entry(job, index)
        if e is None or e.state in ("done", "failed"):
            return
        e.state = state
        self.model.changed(e.key)
        if state in ("detecting", "recognizing") and self.reading != e.label:
            self.reading = e.label
            self.win.update_progress()

    def _delivered(self, job: _Job, index: int) -> PageEntry | None:
        job.delivered += 1
        if 0 <= index < len(job.keys) and job.keys[index] is not None:
            self._read += 1
        self.win.update_progress()
        return self._entry(job, index)

    def _on_page_done(self, job: _Job, index: int, result: PageResult) -> None:
        e = self._delivered(job, index)
        if e is None:
            return
        e.result, e.state, e.error, e.record = result, "done", None, None
        self.model.changed(e.key)
        self.win.keyword_hits.match_page(e)
        if self.win.current_key == e.key:
            self.win.show_current(keep_view=True)
        elif self.win.current_key is None:
            self.win.select_page(e.key)
        self.win.session.touch()
        self.win.update_counts()

    def _on_page_failed(self, job: _Job, index: int, result: PageResult) -> None:
        e = self._delivered(job, index)
        if e is None:
            return
        message = result.error or tr("unknown error")
        if not message.startswith(e.label):
            message = f"{e.label}: {message}"
        e.result, e.state, e.error, e.record = result, "failed", message, None
        self._failed.append(message)
        self.model.changed(e.key)
        if self.win.current_key == e.key:
            self.win.show_current()
        self.win.session.touch()
        self.win.update_counts()

    def _on_finished(self, job: _Job, ev) -> None:
        self._jobs.pop(job.handle.id, None)
        for key in job.keys:
            e = self.model.entry(key) if key is not None else None
            if e is not None and e.state not in ("done", "failed"):
                e.state = "skipped"  # dropped by a cancel
                e.record = None
                self.model.changed(key)
        if not self._jobs and not self._listings:
            self._batch_done(ev.cancelled)
        self.win.update_progress()

    def _batch_done(self, cancelled: bool) -> None:
        n = self._pages
        failed = list(self._failed)
        self._failed, self._pages = [], 0
        self.reading = None
        if cancelled:
            self.win.show_status(tr("Cancelled"), 8000)
        else:
            self.win.show_status(tr("Done: {0} read, {1} failed").format(n - len(failed), len(failed)), 8000)
        if failed:
            shown = "\n".join(failed[:12]) + ("\n…" if len(failed) > 12 else "")
            self.win.dialogs.show_error(
                tr("Some pages could not be read"),
                tr("{0} of {1} pages could not be read:").format(len(failed), n) + "\n\n" + shown,
            )
        self.win.session.touch()

    def cancel(self) -> None:
        """Stop every page still waiting; pages already read stay."""
        self.win.show_status(tr("Cancelling…"))
        for listing in list(self._listings):
            listing.stop.set()
        for job in list(self._jobs.values()):
            job.handle.cancel()  # may finish the job right here (its events are delivered at once)

    def stop_listing(self) -> None:
        """The app quits: lister threads stop walking folders."""
        for listing in self._listings:
            listing.stop.set()


__all__ = ["BatchJobs"]
