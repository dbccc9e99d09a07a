"""Turn what the user gives (files, folders, PDFs) into pages to read.

Two steps, so that thousands of pages can be queued cheaply:

* :func:`expand_inputs` lists the pages (one :class:`PageSource` per image, TIFF frame or PDF page)
  and reports every input it cannot use as a :class:`LoadError` instead of raising.
* :meth:`PageSource.load` decodes one page when a worker gets to it. Its loader holds a path and a
  page number, never pixels.

Loading never crashes: every failure becomes a :class:`LoadError` whose message is one line naming
the file and the reason. No Qt here. Decoding is in ``decode`` (images) and ``pdf`` (PDF pages);
this module re-exports their public names.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator

from desktop_ocr.core.decode import (
    DEFAULT_MAX_PIXELS,
    ImageLoader,
    decode_image_bytes,
    frame_count,
    load_image,
    to_bgr,
)
from desktop_ocr.core.filetypes import IMAGE_EXTS, MULTI_FRAME_EXTS, PDF_EXTS, suffix
from desktop_ocr.core.pages import LoadError, display_name, os_reason
from desktop_ocr.core.pagesource import PageSource
from desktop_ocr.core.pdf import DEFAULT_PDF_DPI, PDFIUM_LOCK, PdfPageLoader, pdf_page_count, render_pdf_page

logger = logging.getLogger(__name__)

# Magic numbers to recognise an explicitly given file without (or with a wrong kind of) extension.
_MAGIC = [
    (b"%PDF-", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
    (b"BM", ".bmp"),
    (b"II*\x00", ".tif"),
    (b"MM\x00*", ".tif"),
]


def expand_inputs(
    paths: Iterable[str | os.PathLike[str]],
    pdf_dpi: int = DEFAULT_PDF_DPI,
    max_pixels: int | None = DEFAULT_MAX_PIXELS,
) -> Iterator[PageSource | LoadError]:
    """Every page in ``paths``, in the order given; a problem with an input is yielded, not raised.

    Folders are walked recursively in natural order ("p2" before "p10"), taking images and PDFs and
    skipping hidden entries and other types. A file given explicitly that is not an image or PDF is
    reported. PDFs and TIFFs are opened here to count their pages; other images are only opened by
    their loader.
    """
    if pdf_dpi <= 0:
        raise ValueError(f"pdf_dpi must be positive, got {pdf_dpi}")
    for p in paths:
        path = os.fspath(p)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            yield LoadError(path, "file not found")
            continue
        except OSError as e:
            yield LoadError(path, f"cannot access ({os_reason(e)})")
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_dir(path, pdf_dpi, max_pixels)
            continue
        ext = suffix(path)
        if ext not in IMAGE_EXTS and ext not in PDF_EXTS:
            sniffed = _sniff(path)
            if sniffed is None:
                kind = f"unsupported type {ext}" if ext else "no file extension"
                yield LoadError(path, f"not an image or PDF ({kind})")
                continue
            logger.info("%s: no known extension, but its content is %s", path, sniffed)
            ext = sniffed
        yield from _expand_file(path, ext, st.st_size, pdf_dpi, max_pixels)


def _natural_key(name: str) -> list[tuple[int, int | str]]:
    # Digits compare as numbers, the rest case-insensitively: page2 < page10 < Page11.
    return [(0, int(t)) if t.isdigit() else (1, t.casefold()) for t in re.split(r"(\d+)", name) if t]


def _is_hidden(entry: os.DirEntry[str]) -> bool:
    if entry.name.startswith("."):
        return True
    try:  # Windows: the hidden attribute (also desktop.ini, Thumbs.db are marked hidden+system)
        attrs = getattr(entry.stat(follow_symlinks=False), "st_file_attributes", 0)
    except OSError:
        return False
    return bool(attrs & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def _walk_dir(root: str, pdf_dpi: int, max_pixels: int | None) -> Iterator[PageSource | LoadError]:
    """Depth-first, in natural order, with an explicit stack of folder listings (a folder nested
    1,100 levels deep overflowed Python's recursion). Links to folders are followed only when they
    stay inside ``root`` (one link to /usr/share queued 5,001 outside pages), and no folder is
    walked twice (loops)."""
    try:
        top = os.path.realpath(root)
    except (OSError, ValueError):
        top = os.path.abspath(root)
    seen: set[tuple[int, int]] = set()
    stack: list[Iterator[os.DirEntry[str]]] = []
    listing = _list_folder(root, seen)
    if isinstance(listing, LoadError):
        yield listing
        return
    stack.append(iter(listing))
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if _is_hidden(entry):
            logger.debug("skipping hidden %s", entry.path)
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if entry.is_symlink() and not _inside(entry.path, top):
                logger.info("not following %s: the link leads outside %s", entry.path, root)
                continue
            listing = _list_folder(entry.path, seen)
            if isinstance(listing, LoadError):
                yield listing
            elif listing:
                stack.append(iter(listing))
            continue
        ext = suffix(entry.name)
        if ext not in IMAGE_EXTS and ext not in PDF_EXTS:
            logger.debug("skipping %s: not an image or PDF", entry.path)
            continue
        try:
            size = entry.stat().st_size
        except OSError as e:
            yield LoadError(entry.path, f"cannot access ({os_reason(e)})")
            continue
        yield from _expand_file(entry.path, ext, size, pdf_dpi, max_pixels)


def _list_folder(folder: str, seen: set[tuple[int, int]]) -> list[os.DirEntry[str]] | LoadError:
    """The folder's entries in natural order; empty when it was walked already (a symlink loop)."""
    try:
        st = os.stat(folder)
        key = (st.st_dev, st.st_ino)
        if key in seen:
            logger.debug("skipping %s: already visited", folder)
            return []
        seen.add(key)
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: _natural_key(e.name))
    except OSError as e:
        return LoadError(folder, f"cannot read folder ({os_reason(e)})")


def _inside(path: str, top: str) -> bool:
    try:
        target = os.path.realpath(path)
    except (OSError, ValueError):
        return False
    return target == top or target.startswith(top.rstrip(os.sep) + os.sep)


def _sniff(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError:
        return None
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    for magic, ext in _MAGIC:
        if head.startswith(magic):
            return ext
    return None


def _expand_file(
    path: str, ext: str, size: int, pdf_dpi: int, max_pixels: int | None
) -> Iterator[PageSource | LoadError]:
    if size == 0:
        yield LoadError(path, "the file is empty (0 bytes)")
        return
    if ext in PDF_EXTS:
        try:
            n = pdf_page_count(path)
        except LoadError as e:
            yield e
            return
        for i in range(n):
            yield PageSource(path, i + 1, PdfPageLoader(path, i, pdf_dpi, max_pixels))
        return
    if ext in MULTI_FRAME_EXTS:  # multi-page TIFF, animated GIF: every frame is a page
        try:
            n = frame_count(path)
        except LoadError as e:
            yield e
            return
        if n > 1:
            for i in range(n):
                yield PageSource(path, i + 1, ImageLoader(path, i, i + 1, max_pixels))
            return
    yield PageSource(path, None, ImageLoader(path, 0, None, max_pixels))


__all__ = [
    "DEFAULT_MAX_PIXELS",
    "DEFAULT_PDF_DPI",
    "IMAGE_EXTS",
    "PDFIUM_LOCK",
    "PDF_EXTS",
    "LoadError",
    "PageSource",
    "decode_image_bytes",
    "display_name",
    "expand_inputs",
    "load_image",
    "pdf_page_count",
    "render_pdf_page",
    "to_bgr",
]
