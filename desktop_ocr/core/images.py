"""Turn what the user gives (files, folders, PDFs, in-memory pixels) into pages of BGR pixels.

Two steps, so that thousands of pages can be queued cheaply:

* :func:`expand_inputs` lists the pages (one :class:`PageSource` per image, TIFF frame or PDF page)
  and reports every input it cannot use as a :class:`LoadError` instead of raising.
* :meth:`PageSource.load` decodes one page when a worker gets to it. Its loader holds a path and a
  page number, never pixels.

Loading never crashes: every failure becomes a :class:`LoadError` whose message is one line naming
the file and the reason. No Qt here.
"""

from __future__ import annotations

import io
import logging
import math
import os
import re
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

IMAGE_EXTS = {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".gif"}
PDF_EXTS = {".pdf"}
TIFF_EXTS = {".tif", ".tiff"}
MULTI_FRAME_EXTS = TIFF_EXTS | {".gif"}
_EXIF_ORIENTATION = 0x0112
# Pillow refuses above 2 x MAX_IMAGE_PIXELS (= this number) by default; we make that a setting of ours
# and check it ourselves from the header so the refusal names the file and its size.
DEFAULT_MAX_PIXELS = 178_956_970
DEFAULT_PDF_DPI = 200

# pdfium is not thread-safe: every call into it, including closing documents, goes through this lock.
# Anyone else in the app calling pypdfium2 (thumbnails, previews) must take it too.
PDFIUM_LOCK = threading.RLock()
# Guards the short swap of Pillow's global bomb limit while a header is read.
_PIL_LIMIT_LOCK = threading.Lock()

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


class LoadError(Exception):
    """A file (or one page of it) that cannot be turned into pixels, with a reason a user can read."""

    def __init__(self, path: str | os.PathLike[str], reason: str, page: int | None = None):
        self.path = os.fspath(path)
        self.reason = reason
        self.page = page
        super().__init__(self.message)

    @property
    def label(self) -> str:
        name = display_name(self.path)
        return f"{name} p.{self.page}" if self.page is not None else name

    @property
    def message(self) -> str:
        """One line: ``"scan.pdf: the PDF is encrypted (password protected)"``."""
        return " ".join(f"{self.label}: {self.reason}".split())

    def __reduce__(self):  # survive pickling (process pools, queues) despite the custom __init__
        return (type(self), (self.path, self.reason, self.page))


@dataclass(frozen=True)
class PageSource:
    """One page to read: a path, its page number (1-based; None for a single image) and a loader.

    The loader is called by a worker thread when the page is processed; it must only hold what it
    needs to find the page again (never decoded pixels), since thousands may wait in a queue.
    """

    path: str
    page: int | None
    loader: Callable[[], np.ndarray] = field(repr=False, compare=False)

    def load(self) -> np.ndarray:
        """The page as a contiguous BGR uint8 HxWx3 array. Raises :class:`LoadError` only."""
        try:
            arr = self.loader()
        except LoadError:
            raise
        except MemoryError:
            raise LoadError(self.path, "not enough memory to load this page", self.page) from None
        except Exception as e:  # a loader bug must still not take the worker down
            logger.exception("loading %s failed", self.label)
            raise LoadError(self.path, f"cannot load ({_exc_text(e)})", self.page) from e
        return arr

    @property
    def label(self) -> str:
        name = display_name(self.path)
        return f"{name} p.{self.page}" if self.page is not None else name

    @staticmethod
    def from_array(arr: np.ndarray, name: str = "<capture>") -> PageSource:
        """An in-memory image (capture, clipboard, video frame): gray, BGR or BGRA, any integer/float dtype.

        The array is converted (and so copied) now: the caller may reuse its buffer afterwards.
        Each load returns a fresh copy, so a consumer that draws on it does not change the source.
        """
        bgr = to_bgr(arr)
        if np.shares_memory(bgr, arr):  # already BGR uint8: to_bgr returned the caller's buffer
            bgr = bgr.copy()
        bgr.setflags(write=False)
        return PageSource(path=name, page=None, loader=bgr.copy)


# -- public helpers ----------------------------------------------------------------------------------


def display_name(path: str | os.PathLike[str]) -> str:
    """A file's name for a one-line message: quoted like ``repr`` when it holds a newline or another
    control character (which would break the line or hide part of the name), plain otherwise."""
    p = os.fspath(path)
    name = os.path.basename(p) or p
    if any(ch.isspace() and ch != " " or not ch.isprintable() for ch in name):
        return repr(name)
    return name


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
            yield LoadError(path, f"cannot access ({_os_reason(e)})")
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_dir(path, pdf_dpi, max_pixels)
            continue
        ext = _ext(path)
        if ext not in IMAGE_EXTS and ext not in PDF_EXTS:
            sniffed = _sniff(path)
            if sniffed is None:
                kind = f"unsupported type {ext}" if ext else "no file extension"
                yield LoadError(path, f"not an image or PDF ({kind})")
                continue
            logger.info("%s: no known extension, but its content is %s", path, sniffed)
            ext = sniffed
        yield from _expand_file(path, ext, st.st_size, pdf_dpi, max_pixels)


def load_image(path: str | os.PathLike[str], max_pixels: int | None = DEFAULT_MAX_PIXELS) -> np.ndarray:
    """A single image file (first frame) as BGR uint8. Raises :class:`LoadError`."""
    return _load_image_file(os.fspath(path), 0, None, max_pixels)


def decode_image_bytes(
    data: bytes, name: str, frame: int = 0, max_pixels: int | None = DEFAULT_MAX_PIXELS
) -> np.ndarray:
    """Encoded image bytes (from a file, the clipboard, a download) as BGR uint8. Raises :class:`LoadError`.

    ``name`` is only used in messages. ``frame`` is 0-based (a page of a multi-page TIFF).
    """
    page = frame + 1 if frame else None
    if not data:
        raise LoadError(name, "the file is empty (0 bytes)", page)
    return _decode_stream(io.BytesIO(data), name, frame, page, max_pixels)


def to_bgr(arr: np.ndarray) -> np.ndarray:
    """Gray (HxW or HxWx1), BGR or BGRA (alpha composited on white) of any dtype -> contiguous BGR uint8."""
    a = np.asarray(arr)
    if a.ndim == 3 and a.shape[2] == 1:
        a = a[:, :, 0]
    if a.ndim not in (2, 3) or (a.ndim == 3 and a.shape[2] not in (3, 4)) or a.size == 0:
        raise ValueError(f"expected a gray, BGR or BGRA image, got an array of shape {a.shape}")
    if a.dtype == np.bool_:
        a = a.astype(np.uint8) * 255
    elif a.dtype != np.uint8:
        a = _to_uint8(a)
    if a.ndim == 2:
        return np.ascontiguousarray(np.repeat(a[:, :, None], 3, axis=2))
    if a.shape[2] == 4:
        return _composite_on_white(a[:, :, :3], a[:, :, 3])
    return np.ascontiguousarray(a)


# -- expansion ---------------------------------------------------------------------------------------


def _ext(path: str) -> str:
    return os.path.splitext(path)[1].lower()


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
        ext = _ext(entry.name)
        if ext not in IMAGE_EXTS and ext not in PDF_EXTS:
            logger.debug("skipping %s: not an image or PDF", entry.path)
            continue
        try:
            size = entry.stat().st_size
        except OSError as e:
            yield LoadError(entry.path, f"cannot access ({_os_reason(e)})")
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
        return LoadError(folder, f"cannot read folder ({_os_reason(e)})")


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
            yield PageSource(path, i + 1, _PdfPageLoader(path, i, pdf_dpi, max_pixels))
        return
    if ext in MULTI_FRAME_EXTS:  # multi-page TIFF, animated GIF: every frame is a page
        try:
            n = _frame_count(path)
        except LoadError as e:
            yield e
            return
        if n > 1:
            for i in range(n):
                yield PageSource(path, i + 1, _ImageLoader(path, i, i + 1, max_pixels))
            return
    yield PageSource(path, None, _ImageLoader(path, 0, None, max_pixels))


# -- images ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ImageLoader:
    """Loads frame ``frame`` of an image file when called. Holds no pixels."""

    path: str
    frame: int
    page: int | None
    max_pixels: int | None

    def __call__(self) -> np.ndarray:
        return _load_image_file(self.path, self.frame, self.page, self.max_pixels)


def _load_image_file(path: str, frame: int, page: int | None, max_pixels: int | None) -> np.ndarray:
    # Python's open() handles any path (cv2.imread cannot read non-ASCII paths on Windows); Pillow
    # then reads only what it needs from the open file.
    try:
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size == 0:
                raise LoadError(path, "the file is empty (0 bytes)", page)
            return _decode_stream(f, path, frame, page, max_pixels)
    except FileNotFoundError:
        raise LoadError(path, "file not found", page) from None
    except IsADirectoryError:
        raise LoadError(path, "is a folder, not a file", page) from None
    except PermissionError:
        raise LoadError(path, "cannot open (permission denied)", page) from None
    except OSError as e:
        raise LoadError(path, f"cannot read ({_os_reason(e)})", page) from None


def _open_header(fp: BinaryIO) -> Image.Image:
    """``Image.open`` (which reads only the header) without Pillow's own bomb limit: ours is checked
    next, from the same header, with a message that names the file and uses the user's setting."""
    with _PIL_LIMIT_LOCK:
        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = None
        try:
            return Image.open(fp)
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def _allow_pillow_decode(max_pixels: int | None) -> None:
    # Some decoders (TIFF tiles, GIF frames) check Pillow's global limit again while decoding, outside
    # the header lock. When the user's limit is above Pillow's, raise Pillow's so it does not refuse
    # what we accepted. It is only ever raised, to the user's own setting.
    if max_pixels is None:
        return
    with _PIL_LIMIT_LOCK:
        cur = Image.MAX_IMAGE_PIXELS
        if cur is not None and 2 * cur < max_pixels:
            Image.MAX_IMAGE_PIXELS = max_pixels // 2 + 1
            logger.info("raised Pillow's pixel limit to the user's %d pixels", max_pixels)


def _mpx(pixels: float) -> str:
    v = pixels / 1e6
    return f"{v:.0f}" if v >= 10 else f"{v:.2g}"


def _check_size(w: int, h: int, max_pixels: int | None, name: str, page: int | None) -> None:
    if w <= 0 or h <= 0:
        raise LoadError(name, f"the image has no pixels ({w}x{h})", page)
    if max_pixels is not None and w * h > max_pixels:
        raise LoadError(
            name, f"image is {w}x{h} = {_mpx(w * h)} Mpx, above the {_mpx(max_pixels)} Mpx limit", page
        )


def _frame_count(path: str) -> int:
    try:
        with open(path, "rb") as f:
            with _open_header(f) as im:
                return max(1, int(getattr(im, "n_frames", 1)))
    except FileNotFoundError:
        raise LoadError(path, "file not found") from None
    except PermissionError:
        raise LoadError(path, "cannot open (permission denied)") from None
    except UnidentifiedImageError:
        raise LoadError(path, "not a readable image (unknown format or damaged file)") from None
    except Exception as e:  # damaged IFD chain and the like
        raise LoadError(path, f"the image is damaged ({_exc_text(e)})") from None


def _decode_stream(
    fp: BinaryIO, name: str, frame: int, page: int | None, max_pixels: int | None
) -> np.ndarray:
    try:
        im = _open_header(fp)
    except UnidentifiedImageError:
        raise LoadError(name, "not a readable image (unknown format or damaged file)", page) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LoadError(name, "image is too large (Pillow's decompression-bomb limit)", page) from None
    except Exception as e:
        raise LoadError(name, f"not a readable image ({_exc_text(e)})", page) from None
    with im:
        try:
            if frame:
                n = int(getattr(im, "n_frames", 1))
                if frame >= n:
                    raise LoadError(name, f"page {frame + 1} does not exist (the file has {n})", page)
                im.seek(frame)
            w, h = im.size
            _check_size(w, h, max_pixels, name, page)
            _allow_pillow_decode(max_pixels)
            im.load()
        except LoadError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            w, h = im.size
            raise LoadError(
                name, f"image is {w}x{h} = {_mpx(w * h)} Mpx, too large to decode", page
            ) from None
        except MemoryError:
            raise LoadError(
                name, f"not enough memory to decode a {im.size[0]}x{im.size[1]} image", page
            ) from None
        except OSError as e:
            # Pillow's wording for cut-off files is "image file is truncated (N bytes not processed)".
            text = _exc_text(e)
            if "truncat" in text.lower() or "broken data stream" in text.lower():
                raise LoadError(name, f"the image file is truncated ({text})", page) from None
            raise LoadError(name, f"the image is damaged ({text})", page) from None
        except Exception as e:
            raise LoadError(name, f"the image is damaged ({_exc_text(e)})", page) from None
        try:
            return _pil_to_bgr(im, name)
        except MemoryError:
            raise LoadError(
                name, f"not enough memory to convert a {im.size[0]}x{im.size[1]} image", page
            ) from None
        except Exception as e:
            raise LoadError(name, f"cannot convert the image ({_exc_text(e)})", page) from None


def _pil_to_bgr(im: Image.Image, name: str) -> np.ndarray:
    try:
        # Phones store photos sideways plus an orientation tag; OCR needs the upright picture.
        # Checked first because exif_transpose copies the image even when there is nothing to do.
        if im.getexif().get(_EXIF_ORIENTATION, 1) not in (1, None):
            im = ImageOps.exif_transpose(im) or im
    except Exception as e:  # a broken EXIF block must not lose the image
        logger.info("%s: ignoring unreadable EXIF orientation (%s)", name, e)
    mode = im.mode
    if mode in ("I", "F") or mode.startswith("I;16"):
        return to_bgr(np.asarray(im))
    if mode == "1":
        im = im.convert("L")
        mode = "L"
    has_alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info
    if has_alpha:
        rgba = np.asarray(im.convert("RGBA"))
        return _composite_on_white(rgba[:, :, 2::-1], rgba[:, :, 3])
    if mode == "L":
        return to_bgr(np.asarray(im))
    # P, CMYK, YCbCr, LAB, HSV, RGBX...: Pillow knows how to get RGB from each of them.
    rgb = np.asarray(im if mode == "RGB" else im.convert("RGB"))
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _to_uint8(a: np.ndarray) -> np.ndarray:
    """Scale (never clip) high-bit-depth or float pixels to 8 bits.

    Integers: the image's bit depth is inferred from its largest value, so 16-bit data maps 65535 to
    255 and 12-bit scanner data (max 4095) maps 4095 to 255 instead of staying nearly black.
    Floats in [0, 1] are taken as fractions; other floats and signed data are stretched min..max.
    """
    if a.dtype.kind == "f":
        # float32 is precise enough for 8 bits out and halves the memory of float64 on big scans.
        a = np.nan_to_num(a.astype(np.float32, copy=False), nan=0.0, posinf=0.0, neginf=0.0)
        lo, hi = float(a.min()), float(a.max())
        if lo >= 0.0 and hi <= 1.0:
            return np.rint(a * 255.0).astype(np.uint8)
        return _stretch(a, lo, hi)
    if a.dtype.kind in "iu":
        lo, hi = int(a.min()), int(a.max())
        if lo < 0:
            return _stretch(a.astype(np.float32), float(lo), float(hi))
        bits = max(8, int(hi).bit_length())
        top = (1 << bits) - 1
        if bits <= 24:  # exact integer rounding in 4 bytes a pixel (x * 255 < 2**32)
            return ((a.astype(np.uint32) * 255 + top // 2) // top).astype(np.uint8)
        return np.rint(a.astype(np.float64) * (255.0 / top)).astype(np.uint8)
    raise ValueError(f"unsupported pixel type {a.dtype}")


def _stretch(a: np.ndarray, lo: float, hi: float) -> np.ndarray:
    if hi <= lo:
        return np.zeros(a.shape, np.uint8)
    return np.rint((a - lo) * (255.0 / (hi - lo))).astype(np.uint8)


def _composite_on_white(bgr: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    # Transparent pixels often hold black RGB: composited on black, black text on them would vanish.
    a = alpha.astype(np.uint16)[:, :, None]
    out = (bgr.astype(np.uint16) * a + 255 * (255 - a) + 127) // 255
    return np.ascontiguousarray(out.astype(np.uint8))


# -- PDF ---------------------------------------------------------------------------------------------


def _pdfium():
    import pypdfium2 as pdfium  # imported on first use: starting the app should not pay for it

    return pdfium


def _pdf_error(path: str, e: Exception, page: int | None = None) -> LoadError:
    import pypdfium2.raw as pdfium_c

    code = getattr(e, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        reason = "the PDF is encrypted (password protected)"
    elif code == pdfium_c.FPDF_ERR_SECURITY:
        reason = "the PDF uses an unsupported security (encryption) scheme"
    elif code == pdfium_c.FPDF_ERR_FORMAT:
        reason = "the PDF is damaged or not a PDF (cannot parse it)"
    elif code == pdfium_c.FPDF_ERR_FILE:
        reason = "cannot open the PDF file"
    elif code == pdfium_c.FPDF_ERR_SUCCESS:
        reason = "the PDF has no pages"
    else:
        reason = f"the PDF cannot be read ({_exc_text(e)})"
    return LoadError(path, reason, page)


class _OpenPdf:
    """``with _OpenPdf(path) as pdf``: a PdfDocument read through Python's open() (any path works).

    Must be used with PDFIUM_LOCK held: opening, reading and closing all call into pdfium.
    """

    def __init__(self, path: str, page: int | None = None):
        self.path = path
        self.page = page
        self._file: BinaryIO | None = None
        self._pdf = None

    def __enter__(self):
        try:
            self._file = open(self.path, "rb")
        except FileNotFoundError:
            raise LoadError(self.path, "file not found", self.page) from None
        except PermissionError:
            raise LoadError(self.path, "cannot open (permission denied)", self.page) from None
        except OSError as e:
            raise LoadError(self.path, f"cannot read ({_os_reason(e)})", self.page) from None
        try:
            if os.fstat(self._file.fileno()).st_size == 0:
                raise LoadError(self.path, "the file is empty (0 bytes)", self.page)
            self._pdf = _pdfium().PdfDocument(self._file)
        except LoadError:
            self._file.close()
            raise
        except Exception as e:
            self._file.close()
            raise _pdf_error(self.path, e, self.page) from None
        return self._pdf

    def __exit__(self, *exc) -> None:
        try:
            if self._pdf is not None:
                self._pdf.close()
        finally:
            if self._file is not None:
                self._file.close()


def pdf_page_count(path: str | os.PathLike[str]) -> int:
    """Number of pages, opening the PDF only as far as its page tree. Raises :class:`LoadError`."""
    path = os.fspath(path)
    with PDFIUM_LOCK, _OpenPdf(path) as pdf:
        return len(pdf)


@dataclass(frozen=True)
class _PdfPageLoader:
    """Renders page ``index`` (0-based) of a PDF when called: opens, renders, closes. Holds no pixels."""

    path: str
    index: int
    dpi: int
    max_pixels: int | None

    def __call__(self) -> np.ndarray:
        return render_pdf_page(self.path, self.index, self.dpi, self.max_pixels)


def render_pdf_page(
    path: str | os.PathLike[str],
    index: int,
    dpi: int = DEFAULT_PDF_DPI,
    max_pixels: int | None = DEFAULT_MAX_PIXELS,
) -> np.ndarray:
    """Page ``index`` (0-based) rendered on white at ``dpi`` as BGR uint8. Raises :class:`LoadError`.

    A page that would exceed ``max_pixels`` at that DPI (posters, drawings) is rendered at a lower
    scale instead of being refused.
    """
    import pypdfium2.raw as pdfium_c

    path = os.fspath(path)
    page_no = index + 1
    with PDFIUM_LOCK, _OpenPdf(path, page_no) as pdf:
        n = len(pdf)
        if not 0 <= index < n:
            raise LoadError(path, f"page {page_no} does not exist (the PDF has {n})", page_no)
        page = bitmap = None
        try:
            page = pdf[index]
            w_pt, h_pt = page.get_size()
            if not (w_pt > 0 and h_pt > 0 and math.isfinite(w_pt * h_pt)):
                raise LoadError(path, f"page {page_no} has an invalid size ({w_pt}x{h_pt} pt)", page_no)
            scale = dpi / 72.0
            w_px, h_px = math.ceil(w_pt * scale), math.ceil(h_pt * scale)
            if max_pixels is not None and w_px * h_px > max_pixels:
                shrink = math.sqrt(max_pixels / (w_px * h_px)) * 0.999
                scale *= shrink
                logger.info(
                    "%s p.%d: %dx%d px at %d dpi is above the %s Mpx limit, rendering at %.0f dpi",
                    os.path.basename(path),
                    page_no,
                    w_px,
                    h_px,
                    dpi,
                    _mpx(max_pixels),
                    scale * 72,
                )
            bitmap = page.render(
                scale=scale,
                fill_color=(255, 255, 255, 255),
                force_bitmap_format=pdfium_c.FPDFBitmap_BGR,
                rev_byteorder=False,
                may_draw_forms=False,
            )
            # The array is a view on pdfium's buffer: copy it before the bitmap is closed.
            return np.array(bitmap.to_numpy()[:, :, :3], dtype=np.uint8, order="C", copy=True)
        except LoadError:
            raise
        except MemoryError:
            raise LoadError(path, "not enough memory to render this page", page_no) from None
        except Exception as e:
            raise LoadError(path, f"page {page_no} cannot be rendered ({_exc_text(e)})", page_no) from None
        finally:
            for obj in (bitmap, page):
                if obj is not None:
                    try:
                        obj.close()
                    except Exception:  # closing must not hide the real error
                        logger.debug("closing a pdfium object failed", exc_info=True)


# -- messages ----------------------------------------------------------------------------------------


def _exc_text(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return text or type(e).__name__


def _os_reason(e: OSError) -> str:
    return e.strerror or _exc_text(e)


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
