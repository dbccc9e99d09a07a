"""The page images the main window shows: a few decoded pages for the view, thumbnails for the list.

Both are decoded on worker threads (``Background``): the view's images on one, thumbnails on
another, and thumbnails only for the rows the list actually paints. At most ``IMAGE_CACHE`` page
images stay decoded; the page on screen is never the one dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QImage, QPixmap

from desktop_ocr.gui.background import Background
from desktop_ocr.gui.imaging import load_page_image, make_thumbnail
from desktop_ocr.gui.page_list import PageEntry, PageListModel

logger = logging.getLogger(__name__)

IMAGE_CACHE = 4  # page images kept decoded for the view


class PageImages:
    """``loaded(key, pixmap)`` and ``failed(key, exc)`` are called on the GUI thread when a page
    image asked for with ``request`` is ready or cannot be decoded."""

    def __init__(
        self,
        model: PageListModel,
        images: Background,
        thumbs: Background,
        current: Callable[[], int | None],
        loaded: Callable[[int, QPixmap], None],
        failed: Callable[[int, BaseException], None],
    ):
        self.model = model
        self.images = images
        self.thumbs = thumbs
        self._current = current
        self._loaded = loaded
        self._failed = failed
        self._pixmaps: dict[int, QPixmap] = {}
        self._order: list[int] = []  # least recently loaded first
        self._pending: set[int] = set()
        model.thumb_wanted.connect(self.want_thumb)

    def pixmap(self, key: int) -> QPixmap | None:
        return self._pixmaps.get(key)

    def request(self, e: PageEntry) -> None:
        """Decode the page's image for the view (and its thumbnail), unless it is under way."""
        if e.source is None or e.key in self._pending or e.key in self._pixmaps:
            return
        self._pending.add(e.key)
        key = e.key
        self.images.submit(
            load_page_image,
            e.source,
            on_done=lambda img: self._image_loaded(key, img),
            on_error=lambda exc: self._image_failed(key, exc),
        )

    def clear(self) -> None:
        self._pixmaps.clear()
        self._order.clear()

    def _image_loaded(self, key: int, images: tuple[QImage, QImage]) -> None:
        self._pending.discard(key)
        img, thumb = images
        pm = QPixmap.fromImage(img)
        self._pixmaps[key] = pm
        self._order = [k for k in self._order if k != key] + [key]
        current = self._current()
        while len(self._order) > IMAGE_CACHE:
            old = next((k for k in self._order if k != current), None)
            if old is None:
                break
            self._order.remove(old)
            self._pixmaps.pop(old, None)
        e = self.model.entry(key)
        if e is not None and e.thumb is None:
            e.thumb = QPixmap.fromImage(thumb)
            self.model.changed(key)
        self._loaded(key, pm)

    def _image_failed(self, key: int, exc: BaseException) -> None:
        self._pending.discard(key)
        self._failed(key, exc)

    def want_thumb(self, key: int) -> None:
        e = self.model.entry(key)
        if e is None or e.source is None:
            return
        self.thumbs.submit(
            make_thumbnail,
            e.source,
            on_done=lambda img: self._thumb_made(key, img),
            on_error=lambda exc: logger.debug("no thumbnail for %s: %s", key, exc),
        )

    def _thumb_made(self, key: int, img: QImage) -> None:
        e = self.model.entry(key)
        if e is not None:
            e.thumb = QPixmap.fromImage(img)
            self.model.changed(key)


__all__ = ["IMAGE_CACHE", "PageImages"]
