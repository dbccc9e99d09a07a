"""What leaves the main window: copied text, exports in every format, the annotated page image.

The text of an export is made on the GUI thread from what is on screen (corrections included) and
written atomically on a worker thread; the annotated image is rendered off the GUI thread. An
existing file is replaced only when the user agrees.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from desktop_ocr.core.export import encode_png, render_annotated
from desktop_ocr.core.files import write_atomic
from desktop_ocr.core.formats import EXPORT_FORMATS, FORMATS, export_file
from desktop_ocr.core.joining import join_text
from desktop_ocr.core.results import PageResult

# The parts get the main window itself (``win``) and use its public interface; they do not import
# it (the window imports them).
MainWindow = Any

# the file-type names of the save dialog, per export format (translated when shown)


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def format_label(name: str) -> str:
    """An export format's label (core.formats) in the interface language."""
    return QCoreApplication.translate("ExportFormat", FORMATS[name].label)


class Exporter:
    def __init__(self, win: MainWindow):
        self.win = win

    # -- the clipboard --------------------------------------------------------------------------------
    def copy_page_text(self) -> str:
        e = self.win.current_entry()
        if e is None or e.result is None or e.result.error is not None:
            self.win.show_status(tr("No text on this page yet"), 4000)
            return ""
        text = e.result.joined(self.win.settings.get("join_mode"))
        QGuiApplication.clipboard().setText(text)
        self.win.show_status(tr("Copied the page's text ({0} lines)").format(len(e.result.lines)), 4000)
        return text

    def copy_selected(self) -> str:
        e = self.win.current_entry()
        lines = self.win.selected_lines()
        if e is None or e.result is None or not lines:
            return self.copy_page_text() if e is not None and e.result is not None and not lines else ""
        picked = [e.result.lines[i] for i in lines if 0 <= i < len(e.result.lines)]
        text = join_text(picked, self.win.settings.get("join_mode"))
        QGuiApplication.clipboard().setText(text)
        self.win.show_status(tr("Copied {0} lines").format(len(lines)), 4000)
        return text

    # -- files ----------------------------------------------------------------------------------------
    def results(self, scope: str = "batch") -> list[PageResult]:
        """What an export holds: the current page, or every page read so far, in list order."""
        if scope == "page":
            e = self.win.current_entry()
            return [e.result] if e is not None and e.result is not None else []
        return [e.result for e in self.win.model.entries if e.result is not None]

    def export_dialog(self, scope: str) -> None:
        results = self.results(scope)
        if not results:
            self.win.show_status(tr("Nothing to export yet"), 4000)
            return
        settings = self.win.settings
        filters = [f"{format_label(f)} (*{ext})" for f, ext in EXPORT_FORMATS.items()]
        last = settings.state("gui/export_format")
        stem = Path(results[0].path).stem if scope == "page" else "ocr-results"
        start = os.path.join(
            _folder(settings.state("gui/export_dir")), stem + EXPORT_FORMATS.get(last, ".txt")
        )
        path, chosen = QFileDialog.getSaveFileName(
            self.win,
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
        settings.set_state("gui/export_dir", os.path.dirname(path))
        settings.set_state("gui/export_format", fmt)
        self.win.export(scope, fmt, path)

    def export(self, scope: str, fmt: str, path: str | os.PathLike[str]) -> bool:
        """Save the page or the batch as ``fmt`` at ``path`` (atomic; an existing file only if the user agrees).

        What is on screen (edits included) is taken now; the file (a CSV with its byte order mark,
        a Word document) is made and written on the worker thread.
        """
        path = os.fspath(path)
        results = self.results(scope)
        if not results:
            self.win.show_status(tr("Nothing to export yet"), 4000)
            return False
        if os.path.exists(path) and not self.win.dialogs.confirm_overwrite(path):
            return False
        if FORMATS[fmt].to_file:
            return self.export_to_file(scope, fmt, path)
        snapshot = copy.deepcopy(results)
        join_mode = self.win.settings.get("join_mode")

        def write() -> None:
            write_atomic(path, export_file(snapshot, fmt, join_mode=join_mode))

        self.win.work.submit(
            write,
            on_done=lambda _: self.win.show_status(tr("Saved {0}").format(path), 6000),
            on_error=lambda exc: self.win.dialogs.show_error(tr("Cannot save the file"), f"{path}\n\n{exc}"),
        )
        return True

    def export_to_file(self, scope: str, fmt: str, path: str) -> bool:
        """A format that writes its file page by page (the searchable PDF), on the worker thread.

        Each page goes in with a copy of its result as it is now (corrections included) and its
        source, which the writer reads again (a PDF page is copied, a JPEG passed through).
        """
        win = self.win
        entries = [win.current_entry()] if scope == "page" else win.model.entries
        pages = [
            (copy.deepcopy(e.result), e.source) for e in entries if e is not None and e.result is not None
        ]
        total = len(pages)
        writing = tr("Writing the file: {0} / {1} pages")

        def progress(n: int) -> None:
            win.work.post(win.show_status, writing.format(n, total))

        def done(problems: list[str] | None) -> None:
            if problems:
                win.show_status(
                    tr("Saved {0}; {1} pages without their text, see the log").format(path, len(problems)),
                    10000,
                )
            else:
                win.show_status(tr("Saved {0}").format(path), 6000)

        win.show_status(writing.format(0, total))
        win.work.submit(
            lambda: FORMATS[fmt].export(path, pages, progress=progress),
            on_done=done,
            on_error=lambda exc: win.dialogs.show_error(tr("Cannot save the file"), f"{path}\n\n{exc}"),
        )
        return True

    def annotated_dialog(self) -> None:
        e = self.win.current_entry()
        if e is None or e.result is None or e.result.error is not None:
            self.win.show_status(tr("No read page to save"), 4000)
            return
        settings = self.win.settings
        start = os.path.join(_folder(settings.state("gui/export_dir")), Path(e.label).stem + "-annotated.png")
        path, _ = QFileDialog.getSaveFileName(
            self.win,
            tr("Save annotated image"),
            start,
            tr("PNG image") + " (*.png)",
            "",
            QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            settings.set_state("gui/export_dir", os.path.dirname(path))
            self.save_annotated(path)

    def save_annotated(self, path: str | os.PathLike[str]) -> bool:
        """The current page as PNG with its boxes and keyword hits drawn (rendered off the GUI thread)."""
        path = os.fspath(path)
        e = self.win.current_entry()
        if e is None or e.result is None or e.result.error is not None or e.source is None:
            self.win.show_status(tr("No read page to save"), 4000)
            return False
        if os.path.exists(path) and not self.win.dialogs.confirm_overwrite(path):
            return False
        result = copy.deepcopy(e.result)
        colors = self.win.keyword_hits.colors_rgb()
        source = e.source

        def render() -> None:
            write_atomic(path, encode_png(render_annotated(source.load(), result, colors)))

        self.win.images.submit(
            render,
            on_done=lambda _: self.win.show_status(tr("Saved {0}").format(path), 6000),
            on_error=lambda exc: self.win.dialogs.show_error(
                tr("Cannot save the annotated image"), f"{path}\n\n{exc}"
            ),
        )
        return True


def _folder(remembered: str) -> str:
    """The folder a file dialog starts in: the one remembered, else the home folder."""
    return remembered or str(Path.home())


__all__ = ["Exporter"]
