"""A page to read (:class:`PageSource`): a path, a page number and a loader that holds no pixels;
and the one way to find a known page again (:func:`page_source`)."""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from desktop_ocr.core.decode import DEFAULT_MAX_PIXELS, ImageLoader, load_image, to_bgr
from desktop_ocr.core.filetypes import PDF_EXTS
from desktop_ocr.core.pages import LoadError, exc_text, page_label
from desktop_ocr.core.pdf import DEFAULT_PDF_DPI, PdfPageLoader

logger = logging.getLogger(__name__)


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
            raise LoadError(self.path, f"cannot load ({exc_text(e)})", self.page) from e
        return arr

    @property
    def label(self) -> str:
        return page_label(self.path, self.page)

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


def page_source(
    path: str,
    page: int | None,
    image_file: str | os.PathLike[str] | None = None,
    pdf_dpi: int = DEFAULT_PDF_DPI,
    max_pixels: int | None = DEFAULT_MAX_PIXELS,
) -> PageSource:
    """A source for a page known by its path and page number (a restored page), without opening it now.

    ``image_file`` is where a pasted image was saved; the page keeps its own name (``path``). The
    loaders are the ones :func:`desktop_ocr.core.images.expand_inputs` uses, so a page reopens
    exactly as it was first read (a TIFF frame is decoded from the file, not read whole).
    """
    if image_file:
        return PageSource(
            path=path, page=page, loader=functools.partial(load_image, os.fspath(image_file), max_pixels)
        )
    if os.path.splitext(path)[1].lower() in PDF_EXTS and page is not None:
        return PageSource(path, page, PdfPageLoader(path, page - 1, pdf_dpi, max_pixels))
    if page is not None:  # a frame of a multi-page TIFF
        return PageSource(path, page, ImageLoader(path, page - 1, page, max_pixels))
    return PageSource(path, None, ImageLoader(path, 0, None, max_pixels))


__all__ = ["PageSource", "page_source"]
