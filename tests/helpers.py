"""Test images rendered with Pillow."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def render_lines(
    lines: list[str],
    font_path: str,
    size: int = 28,
    width: int = 1000,
    margin: int = 30,
    spacing: float = 1.8,
    bg: str = "white",
    fg: str = "black",
) -> np.ndarray:
    """White page with one text line per entry; returns BGR."""
    font = ImageFont.truetype(font_path, size)
    height = int(margin * 2 + size * spacing * len(lines))
    img = Image.new("RGB", (width, max(height, 60)), bg)
    d = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        d.text((margin, margin + i * size * spacing), text, font=font, fill=fg)
    return np.ascontiguousarray(np.array(img)[:, :, ::-1])


def save_png(arr_bgr: np.ndarray, path) -> None:
    Image.fromarray(arr_bgr[:, :, ::-1]).save(path)


def cer(ref: str, hyp: str) -> float:
    from rapidfuzz.distance import Levenshtein

    ref = "".join(ref.split())
    hyp = "".join(hyp.split())
    return Levenshtein.distance(ref, hyp) / max(len(ref), 1)
