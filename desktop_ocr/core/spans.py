"""Where a keyword hit sits inside its line's box: one estimate for every picture of a hit (the
window's highlight, the annotated page, the hits CSV and the video evidence PNG) so they agree."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np

_NARROW = frozenset(" .,:;'!|ilIjtf()[]")
_WIDE = frozenset("MWmw@%")


def _char_width(ch: str) -> float:
    # Rough advance widths in ems of a Latin letter: CJK and fullwidth characters are about twice as
    # wide, spaces and thin letters about half. Good enough to put a highlight on the right word.
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2.0
    if unicodedata.combining(ch):
        return 0.0
    if ch in _NARROW or ch.isspace():
        return 0.55
    if ch in _WIDE:
        return 1.4
    return 1.0


def span_quad(box: Sequence[Sequence[float]], text: str, start: int, end: int) -> list[list[float]]:
    """The part of a line's box that holds ``text[start:end]``, as a quadrilateral.

    The box is PP-OCR's (top-left, top-right, bottom-right, bottom-left); the span's share of the
    line is estimated from character widths (CJK counted double), along the top and bottom edges,
    so it follows a slanted line.
    """
    widths = [_char_width(c) for c in text]
    total = sum(widths)
    if total <= 0 or not text:
        return [list(map(float, p)) for p in box]
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    a = sum(widths[:start]) / total
    b = sum(widths[:end]) / total
    tl, tr, br, bl = (np.asarray(p, dtype=float) for p in box[:4])

    def lerp(p: np.ndarray, q: np.ndarray, t: float) -> list[float]:
        return [float(v) for v in p + (q - p) * t]

    return [lerp(tl, tr, a), lerp(tl, tr, b), lerp(bl, br, b), lerp(bl, br, a)]
