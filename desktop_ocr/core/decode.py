"""Decoding image files and in-memory pixels into BGR uint8 pages, with Pillow.

Every failure is a :class:`LoadError` naming the file and the reason; the user's pixel limit is
checked from the header before anything is decoded.
"""

from __future__ import annotations

import io
import logging
import os
import threading
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from desktop_ocr.core.pages import LoadError, exc_text, os_reason

logger = logging.getLogger(__name__)

_EXIF_ORIENTATION = 0x0112
# Pillow refuses above 2 x MAX_IMAGE_PIXELS (= this number) by default; we make that a setting of ours
# and check it ourselves from the header so the refusal names the file and its size.
DEFAULT_MAX_PIXELS = 178_956_970
# Guards the short swap of Pillow's global bomb limit while a header is read.
_PIL_LIMIT_LOCK = threading.Lock()


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


@dataclass(frozen=True)
class ImageLoader:
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
        raise LoadError(path, f"cannot read ({os_reason(e)})", page) from None


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


def mpx(pixels: float) -> str:
    v = pixels / 1e6
    return f"{v:.0f}" if v >= 10 else f"{v:.2g}"


def _check_size(w: int, h: int, max_pixels: int | None, name: str, page: int | None) -> None:
    if w <= 0 or h <= 0:
        raise LoadError(name, f"the image has no pixels ({w}x{h})", page)
    if max_pixels is not None and w * h > max_pixels:
        raise LoadError(
            name, f"image is {w}x{h} = {mpx(w * h)} Mpx, above the {mpx(max_pixels)} Mpx limit", page
        )


def frame_count(path: str) -> int:
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
        raise LoadError(path, f"the image is damaged ({exc_text(e)})") from None


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
        raise LoadError(name, f"not a readable image ({exc_text(e)})", page) from None
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
            raise LoadError(name, f"image is {w}x{h} = {mpx(w * h)} Mpx, too large to decode", page) from None
        except MemoryError:
            raise LoadError(
                name, f"not enough memory to decode a {im.size[0]}x{im.size[1]} image", page
            ) from None
        except OSError as e:
            # Pillow's wording for cut-off files is "image file is truncated (N bytes not processed)".
            text = exc_text(e)
            if "truncat" in text.lower() or "broken data stream" in text.lower():
                raise LoadError(name, f"the image file is truncated ({text})", page) from None
            raise LoadError(name, f"the image is damaged ({text})", page) from None
        except Exception as e:
            raise LoadError(name, f"the image is damaged ({exc_text(e)})", page) from None
        try:
            return _pil_to_bgr(im, name)
        except MemoryError:
            raise LoadError(
                name, f"not enough memory to convert a {im.size[0]}x{im.size[1]} image", page
            ) from None
        except Exception as e:
            raise LoadError(name, f"cannot convert the image ({exc_text(e)})", page) from None


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


__all__ = ["DEFAULT_MAX_PIXELS", "decode_image_bytes", "frame_count", "load_image", "to_bgr"]
