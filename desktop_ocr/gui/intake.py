"""How pages reach the main window from the user: the Open dialogs, the clipboard, drag and drop.

What was chosen is handed to the batch (``BatchJobs``): files and folders are listed and read,
an image (pasted, dropped from a browser) is read as an in-memory page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMimeData
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog

from desktop_ocr.core.filetypes import DOCUMENT_EXTS
from desktop_ocr.gui.imaging import qimage_to_bgr

# The parts get the main window itself (``win``) and use its public interface; they do not import
# it (the window imports them).
MainWindow = Any

# what the Open dialog offers (the loader reads these; anything else is tried too)
OPEN_PATTERNS = " ".join("*" + ext for ext in DOCUMENT_EXTS)


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def _start_folder(win: MainWindow) -> str:
    return win.settings.state("gui/open_dir") or str(Path.home())


def open_dialog(win: MainWindow) -> None:
    files, _ = QFileDialog.getOpenFileNames(
        win,
        tr("Open images and PDFs"),
        _start_folder(win),
        tr("Images and PDFs") + f" ({OPEN_PATTERNS});;" + tr("All files") + " (*)",
    )
    if files:
        win.settings.set_state("gui/open_dir", os.path.dirname(files[0]))
        win.open_paths(files)


def open_folder_dialog(win: MainWindow) -> None:
    folder = QFileDialog.getExistingDirectory(win, tr("Open a folder of images and PDFs"), _start_folder(win))
    if folder:
        win.settings.set_state("gui/open_dir", folder)
        win.open_paths([folder])


def paste(win: MainWindow) -> None:
    """Ctrl+V: an image on the clipboard is read; copied files are opened."""
    cb = QGuiApplication.clipboard()
    mime = cb.mimeData()
    if mime is not None and mime.hasImage():
        img = cb.image()
        if not img.isNull():
            win.add_image(qimage_to_bgr(img))
            return
    if mime is not None and mime.hasUrls():
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if paths:
            win.open_paths(paths)
            return
    win.show_status(tr("The clipboard holds no image or files"), 5000)


def droppable(mime: QMimeData | None) -> bool:
    """A drag the window takes: local files or folders, or an image."""
    if mime is None:
        return False
    return mime.hasImage() or (mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()))


def drop(win: MainWindow, mime: QMimeData) -> bool:
    """Open what was dropped; False when it holds nothing the window can read."""
    if mime.hasUrls():
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if paths:
            win.open_paths(paths)
            return True
    if mime.hasImage():
        img = QImage(mime.imageData())
        if not img.isNull():
            win.add_image(qimage_to_bgr(img), tr("Dropped image"))
            return True
    return False


__all__ = ["droppable", "drop", "open_dialog", "open_folder_dialog", "paste"]
