"""A caption strip under an image: evidence files travel alone, so they say what they show.

Text is drawn with Pillow in a font that has CJK glyphs when the system has one (keywords and
subtitles are often Chinese); without one, Latin text still reads and CJK shows as boxes, while
the file name keeps the keyword either way.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess

import numpy as np
from PIL import Image, ImageDraw, ImageFont

logger = logging.getLogger(__name__)

# Fonts with CJK glyphs where the common systems keep them (Debian/Ubuntu, Fedora/Arch, Windows,
# macOS); fc-list is asked when none of these exist.
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts", "msyh.ttc"),
    os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts", "simhei.ttf"),
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
)
LATIN_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",)


@functools.cache
def caption_font_path() -> str | None:
    """A font file that can draw Chinese, else any TrueType font we know of, else None."""
    for path in CJK_FONTS:
        if os.path.exists(path):
            return path
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(
                ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=5, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        files = sorted(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
        if files:
            return files[0]
    for path in LATIN_FONTS:
        if os.path.exists(path):
            return path
    logger.info("no TrueType font found for captions; using Pillow's built-in font")
    return None


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = caption_font_path()
    if path is not None:
        try:
            return ImageFont.truetype(path, size)
        except OSError as exc:
            logger.warning("cannot load font %s: %s", path, exc)
    return ImageFont.load_default(size)


def add_caption(image_bgr: np.ndarray, lines: list[str]) -> np.ndarray:
    """The image with a dark strip below it holding ``lines`` in white, sized to the image."""
    h, w = image_bgr.shape[:2]
    size = max(14, min(32, round(w / 50)))
    font = _font(size)
    pad = size // 2
    step = round(size * 1.4)
    strip = Image.new("RGB", (w, pad * 2 + step * len(lines)), (24, 24, 24))
    draw = ImageDraw.Draw(strip)
    for i, text in enumerate(lines):
        text = _fit(draw, text, font, w - 2 * pad)
        draw.text((pad, pad + i * step), text, font=font, fill=(255, 255, 255))
    below = np.asarray(strip)[:, :, ::-1]
    return np.ascontiguousarray(np.vstack([image_bgr, below]))


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> str:
    """``text``, cut with an ellipsis where it would run past ``width`` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if draw.textlength(text[:mid] + "…", font=font) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + "…"
