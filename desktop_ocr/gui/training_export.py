"""File › Export corrections as training data: the window's corrected lines in PaddleOCR's formats.

The work is ``core.training_data.export_training_data`` run on the window's background worker
(pages are loaded again and crops written there); the window only picks the folder and reports.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from desktop_ocr.core.training_data import ExportedPage, TrainingExport, export_training_data

logger = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("TrainingExport", text)


ACTION_TEXT = "Export corrections as &training data…"


def corrected_pages(window: Any) -> list[ExportedPage]:
    """The window's pages that hold a corrected line, each with the source it was read from."""
    out = []
    for e in window.model.entries:
        res = e.result
        if res is None or res.error is not None or not any(ln.edited for ln in res.lines):
            continue
        image_file = str(window.session_files.image_path(e.image_file)) if e.image_file else None
        out.append(ExportedPage(res, image_file=image_file, source=e.source))
    return out


def export_corrections(window: Any, folder: str | None = None) -> bool:
    """Ask for a folder (unless given) and write the training data there on the worker thread."""
    pages = corrected_pages(window)
    if not pages:
        window.statusBar().showMessage(
            tr("No corrected lines yet: correct a line first (double-click it)"), 6000
        )
        return False
    if folder is None:
        folder = QFileDialog.getExistingDirectory(
            window, tr("Export corrections as training data"), str(Path.home())
        )
        if not folder:
            return False

    def done(result: TrainingExport) -> None:
        msg = tr("{0} corrected lines from {1} pages written to {2}").format(
            result.crops, result.pages, result.folder
        )
        if result.problems:
            msg += " · " + tr("{0} pages skipped: {1}").format(len(result.problems), result.problems[0])
        window.statusBar().showMessage(msg, 10000)

    window.work.submit(
        export_training_data,
        pages,
        folder,
        on_done=done,
        on_error=lambda exc: window.show_error(tr("Cannot export the training data"), f"{folder}\n\n{exc}"),
    )
    return True
