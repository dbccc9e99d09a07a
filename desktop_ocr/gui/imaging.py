"""Pixels between numpy and Qt, and the image work the window does off the GUI thread.

``load_page_image`` and ``make_thumbnail`` run on worker threads (QImage, unlike QPixmap, may be
made there); the GUI thread only turns the result into a QPixmap.
"""

from __future__ import annotations

import os

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from desktop_ocr.core.filetypes import IMAGE_EXTS, PDF_EXTS
from desktop_ocr.core.images import PageSource, render_pdf_page

THUMB_PX = 64


def bgr_to_qimage(image: np.ndarray) -> QImage:
    """A deep-copied QImage of a BGR uint8 array (the array may be freed afterwards)."""
    image = np.ascontiguousarray(image)
    h, w = image.shape[:2]
    return QImage(image.data, w, h, image.strides[0], QImage.Format.Format_BGR888).copy()


def qimage_to_bgr(img: QImage) -> np.ndarray:
    """A BGR uint8 copy of any QImage (alpha is dropped onto white by ``to_bgr`` later if present)."""
    if img.hasAlphaChannel():
        img = img.convertToFormat(QImage.Format.Format_RGBA8888)
        channels = 4
    else:
        img = img.convertToFormat(QImage.Format.Format_BGR888)
        channels = 3
    w, h, bpl = img.width(), img.height(), img.bytesPerLine()
    buf = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes()).reshape(h, bpl)
    arr = buf[:, : w * channels].reshape(h, w, channels).copy()
    if channels == 4:  # RGBA -> BGRA for to_bgr
        arr = arr[:, :, [2, 1, 0, 3]]
    return arr


def load_page_image(source: PageSource, thumb: int = THUMB_PX) -> tuple[QImage, QImage]:
    """The whole page as a QImage, and its thumbnail (worker thread). Raises ``LoadError``."""
    img = bgr_to_qimage(source.load())
    small = img.scaled(
        thumb, thumb, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    return img, small


def make_thumbnail(source: PageSource, size: int = THUMB_PX) -> QImage:
    """A small picture of the page (worker thread), decoding no more than needed.

    Image files are decoded at reduced size where the format allows (JPEG draft mode); PDF pages
    are rendered at a low resolution; anything else (pasted images) is loaded and scaled.
    """
    ext = os.path.splitext(source.path)[1].lower()
    img: QImage | None = None
    if ext in PDF_EXTS and source.page is not None and os.path.exists(source.path):
        arr = render_pdf_page(source.path, source.page - 1, dpi=24)
        img = bgr_to_qimage(arr)
    elif ext in IMAGE_EXTS and os.path.exists(source.path):
        from PIL import Image, ImageOps

        with Image.open(source.path) as im:
            if source.page:
                im.seek(source.page - 1)
            im.draft("RGB", (size * 2, size * 2))
            im = ImageOps.exif_transpose(im) or im
            im.thumbnail((size * 2, size * 2))
            rgb = np.asarray(im.convert("RGB"))
        img = bgr_to_qimage(np.ascontiguousarray(rgb[:, :, ::-1]))
    if img is None:
        img = bgr_to_qimage(source.load())
    return img.scaled(
        size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
