"""PDF pages through pdfium: counting them and rendering one on white at a DPI.

pdfium is not thread-safe: every call into it, including closing documents, goes through
``PDFIUM_LOCK``. Anyone else in the app calling pypdfium2 (thumbnails, previews) must take it too.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np

from desktop_ocr.core.decode import DEFAULT_MAX_PIXELS, mpx
from desktop_ocr.core.pages import LoadError, exc_text, os_reason

logger = logging.getLogger(__name__)

DEFAULT_PDF_DPI = 200
PDFIUM_LOCK = threading.RLock()


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
        reason = f"the PDF cannot be read ({exc_text(e)})"
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
            raise LoadError(self.path, f"cannot read ({os_reason(e)})", self.page) from None
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
class PdfPageLoader:
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
                    mpx(max_pixels),
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
            raise LoadError(path, f"page {page_no} cannot be rendered ({exc_text(e)})", page_no) from None
        finally:
            for obj in (bitmap, page):
                if obj is not None:
                    try:
                        obj.close()
                    except Exception:  # closing must not hide the real error
                        logger.debug("closing a pdfium object failed", exc_info=True)


__all__ = ["DEFAULT_PDF_DPI", "PDFIUM_LOCK", "pdf_page_count", "render_pdf_page"]
