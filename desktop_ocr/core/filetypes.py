"""The file types the app reads, by suffix (lower case, with the dot), written once.

Tuples, so that both ``ext in IMAGE_EXTS`` and ``name.lower().endswith(IMAGE_EXTS)`` work. The
GUI's file-dialog filters are built from these.
"""

from __future__ import annotations

import os

IMAGE_EXTS: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".gif")
TIFF_EXTS: tuple[str, ...] = (".tif", ".tiff")  # may hold several pages
MULTI_FRAME_EXTS: tuple[str, ...] = (*TIFF_EXTS, ".gif")  # multi-page TIFF, animated GIF: a page per frame
PDF_EXTS: tuple[str, ...] = (".pdf",)
VIDEO_EXTS: tuple[str, ...] = (
    ".mp4",
    ".mkv",
    ".avi",
    ".mov",
    ".webm",
    ".m4v",
    ".mpg",
    ".mpeg",
    ".wmv",
    ".flv",
    ".ts",
)
DOCUMENT_EXTS: tuple[str, ...] = IMAGE_EXTS + PDF_EXTS  # what `ocr` and the main window read


def suffix(path: str | os.PathLike[str]) -> str:
    """The file's suffix, lower case, with its dot (``""`` without one)."""
    return os.path.splitext(os.fspath(path))[1].lower()


__all__ = ["DOCUMENT_EXTS", "IMAGE_EXTS", "MULTI_FRAME_EXTS", "PDF_EXTS", "TIFF_EXTS", "VIDEO_EXTS", "suffix"]
