"""Pictures for the searchable PDF: an image file's own bytes where the PDF can take them, else lossless.

A JPEG goes in as it is (DCTDecode); a PNG as its own compressed pixel data, which FlateDecode with
PNG predictors reads directly; decoded pixels are PNG-encoded and go in the same way. An EXIF
orientation is not applied to the pixels but by the page's drawing matrix, so nothing is re-encoded.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from PIL import Image

from desktop_ocr.core.pdf_objects import pdf_number

# Screenshots and captures carry no resolution; 96 dpi is what desktops draw at, so a screenshot
# opens at the size it had on screen.
DEFAULT_IMAGE_DPI = 96.0
_EXIF_ORIENTATION = 0x0112


class PictureError(Exception):
    """Pixels that cannot be turned into a PDF image."""


@dataclass
class Picture:
    """An image XObject ready to write: its dictionary entries and data, its size, its orientation."""

    entries: bytes
    data: bytes
    width: int
    height: int
    dpi: tuple[float, float]
    orientation: int = 1


def _image_dpi(im: Image.Image) -> tuple[float, float]:
    dpi = im.info.get("dpi")
    try:
        x, y = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError, IndexError):
        return DEFAULT_IMAGE_DPI, DEFAULT_IMAGE_DPI
    # a missing or absurd resolution (0, 1, an aspect ratio only) means a screenshot-like default
    if not (10 <= x <= 10000 and 10 <= y <= 10000):
        return DEFAULT_IMAGE_DPI, DEFAULT_IMAGE_DPI
    # PNG stores pixels per metre: 96 dpi comes back as 96.012. The whole number is what was meant,
    # and it keeps the page a whole number of pixels when rendered at that resolution.
    return tuple(float(round(v)) if abs(v - round(v)) < 0.05 else v for v in (x, y))


def _orientation(im: Image.Image) -> int:
    try:
        o = int(im.getexif().get(_EXIF_ORIENTATION, 1) or 1)
    except Exception:  # a broken EXIF block: shown as stored, as the OCR loader does
        return 1
    return o if 1 <= o <= 8 else 1


def picture_from_file(path: str) -> Picture | None:
    """A JPEG or PNG file's own bytes as an image XObject; None for anything that must be decoded."""
    try:
        with open(path, "rb") as f:
            data = f.read()
        im = Image.open(io.BytesIO(data))
    except Exception:
        return None
    with im:
        w, h = im.size
        dpi = _image_dpi(im)
        orient = _orientation(im)
        if im.format == "JPEG" and im.mode in ("L", "RGB") and im.info.get("bits", 8) == 8:
            space = b"/DeviceGray" if im.mode == "L" else b"/DeviceRGB"
            entries = b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s" % (w, h, space)
            entries += b" /BitsPerComponent 8 /Filter /DCTDecode"
            return Picture(entries, data, w, h, dpi, orient)
        if im.format == "PNG":
            pic = _png_passthrough(data)
            if pic is not None:
                pic.dpi, pic.orientation = dpi, orient
                return pic
    return None


def _png_chunks(data: bytes):
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        yield kind, data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IEND":
            break


def _png_passthrough(data: bytes) -> Picture | None:
    """A PNG's compressed pixel data as it is: FlateDecode with PNG predictors reads it directly.

    Only for what a PDF image can show the same way: no alpha or transparency, not interlaced.
    """
    ihdr = None
    palette = b""
    idat = []
    for kind, body in _png_chunks(data):
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body[:13])
        elif kind == b"PLTE":
            palette = body
        elif kind == b"tRNS":
            return None
        elif kind == b"IDAT":
            idat.append(body)
    if ihdr is None or not idat:
        return None
    w, h, depth, ctype, _comp, _filter, interlace = ihdr
    if interlace:
        return None
    if ctype == 0 and depth in (1, 2, 4, 8, 16):
        space, colors = b"/DeviceGray", 1
    elif ctype == 2 and depth in (8, 16):
        space, colors = b"/DeviceRGB", 3
    elif ctype == 3 and depth in (1, 2, 4, 8) and palette:
        n = len(palette) // 3
        space, colors = b"[/Indexed /DeviceRGB %d <%s>]" % (n - 1, palette[: 3 * n].hex().encode()), 1
    else:
        return None
    entries = (
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent %d"
        b" /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors %d /BitsPerComponent %d /Columns %d >>"
        % (w, h, space, depth, colors, depth, w)
    )
    return Picture(entries, b"".join(idat), w, h, (DEFAULT_IMAGE_DPI, DEFAULT_IMAGE_DPI))


def picture_from_pixels(bgr) -> Picture:
    """Decoded pixels (upright already), lossless: PNG-encoded, and that PNG's data passed through."""
    import cv2

    ok, buf = cv2.imencode(".png", bgr)
    if not ok:
        raise PictureError("cannot encode the picture")
    pic = _png_passthrough(buf.tobytes())
    if pic is None:  # cv2 writes plain 8-bit RGB or gray PNGs, which always pass
        raise PictureError("cannot encode the picture")
    return pic


def orientation_matrix(orientation: int, page_w: float, page_h: float) -> bytes:
    """The ``cm`` matrix drawing the stored image (the unit square) upright on the page.

    For stored pixel (u, v) (0..1, v down), where it lands in the upright picture (X, Y), per EXIF.
    """
    where = {
        1: lambda u, v: (u, v),
        2: lambda u, v: (1 - u, v),
        3: lambda u, v: (1 - u, 1 - v),
        4: lambda u, v: (u, 1 - v),
        5: lambda u, v: (v, u),
        6: lambda u, v: (1 - v, u),
        7: lambda u, v: (1 - v, 1 - u),
        8: lambda u, v: (v, 1 - u),
    }[orientation]

    def page_point(a: float, b: float) -> tuple[float, float]:
        # image space (a, b), b up, is stored pixel (u, v) = (a, 1 - b)
        x, y = where(a, 1 - b)
        return x * page_w, (1 - y) * page_h

    ox, oy = page_point(0, 0)
    ax, ay = page_point(1, 0)
    bx, by = page_point(0, 1)
    return " ".join(pdf_number(v) for v in (ax - ox, ay - oy, bx - ox, by - oy, ox, oy)).encode()


__all__ = [
    "DEFAULT_IMAGE_DPI",
    "Picture",
    "PictureError",
    "orientation_matrix",
    "picture_from_file",
    "picture_from_pixels",
]
