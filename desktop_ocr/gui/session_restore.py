"""The main window's session: saved as it changes, offered back after a run that did not end cleanly.

Every change to a result (a page read, a line corrected, hits found) reaches the session file in
the data folder shortly after (``SessionWriter``); the next start offers to restore a session that
did not end cleanly, and File > Restore brings back the previous one at any time.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer

from desktop_ocr.core.session import SessionData, SessionFiles, SessionPage, page_source
from desktop_ocr.gui.page_list import PageEntry
from desktop_ocr.gui.session_store import SessionWriter

# The parts get the main window itself (``win``) and use its public interface; they do not import
# it (the window imports them).
MainWindow = Any


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class SessionKeeper:
    def __init__(self, win: MainWindow):
        self.win = win
        self.files = SessionFiles(win.settings.data_dir)
        self.previous: SessionData | None = self.files.take_previous()
        self.writer = SessionWriter(self.files, self._snapshot, win.work, win)

    # the writer's interface, used by every part that changes a result
    def touch(self, soon: bool = False) -> None:
        self.writer.touch(soon=soon)

    def flush(self, clean: bool = False) -> None:
        self.writer.flush(clean=clean)

    @property
    def writes(self) -> int:
        return self.writer.writes

    def _snapshot(self) -> tuple[list[dict[str, Any]], str]:
        records = []
        for e in self.win.model.entries:
            if e.record is None:
                state = e.state if e.state in ("done", "failed", "skipped") else "queued"
                e.record = SessionPage(
                    e.path, e.page, state, e.result.to_dict() if e.result else None, e.image_file
                ).to_dict()
            records.append(e.record)
        return records, self.win.keywords.text()

    # -- restore --------------------------------------------------------------------------------------
    def start(self) -> None:
        """At start-up: offer the session of a run that did not end cleanly (once the window shows)."""
        data = self.previous
        if data is not None and not data.clean and data.pages:
            QTimer.singleShot(0, self.offer_restore)

    def offer_restore(self, data: SessionData | None = None) -> bool:
        """Ask whether to bring back the session of a run that did not end cleanly; restore if yes."""
        data = data or self.previous
        if data is None or not data.pages:
            return False
        text = tr("Desktop OCR did not close normally last time.\n\nRestore its {0} pages").format(
            len(data.pages)
        )
        if data.edited:
            text += tr(" and {0} corrected lines").format(data.edited)
        text += "?"
        if not self.win.dialogs.ask(tr("Restore the last session?"), text, True):
            self.files.settle_previous()  # declined: not offered again, still in the menu
            return False
        self._restore_and_settle(data)
        return True

    def _restore_and_settle(self, data: SessionData) -> None:
        # The restored pages are on disk in this run's session before the previous one is marked
        # as settled: a crash in between loses nothing.
        self.restore(data)
        self.flush()
        self.files.settle_previous()

    def restore_previous(self) -> None:
        data = self.previous or self.files.load_previous()
        if data is None or not data.pages:
            self.win.show_status(tr("There is no previous session"), 4000)
            return
        self._restore_and_settle(data)

    def restore(self, data: SessionData) -> None:
        """Bring back the pages of ``data``: read pages with their edits, unread pages are read again."""
        win = self.win
        pdf_dpi = win.settings.get("pdf_dpi")
        entries: list[PageEntry] = []
        to_read: list[PageEntry] = []
        for p in data.pages:
            image_file = self.files.image_path(p.image_file) if p.image_file else None
            if image_file is not None and not image_file.exists():
                image_file = None
            source = None
            if image_file is not None or not p.image_file:
                source = page_source(p.path, p.page, image_file, pdf_dpi)
            e = win.batch.new_entry(p.path, p.page, source=source)
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
        win.model.add(entries)
        if data.keywords and not win.keywords.text().strip():
            win.keywords.set_text(data.keywords)
        else:
            for e in entries:
                win.keyword_hits.match_page(e)
        if to_read:
            win.batch.read(to_read)
        if entries and win.current_key is None:
            win.select_page(entries[0].key)
        self.previous = None
        self.touch(soon=True)
        win.update_progress()
        win.update_counts()
        win.show_status(tr("Restored {0} pages").format(len(entries)), 6000)


__all__ = ["SessionKeeper"]
