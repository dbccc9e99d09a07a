"""Word spacing for Latin text.

The shipped recogniser often drops the space between English words ("forhelp"). CTC decoding
tells where each character sits in the crop; between two Latin characters we look at the crop's
ink: a blank run of columns wider than a fraction of the text height is a word space. CJK text
never gets spaces inserted.
"""

from __future__ import annotations

import cv2
import numpy as np

from desktop_ocr.core.stages import Recognized


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF  # radicals, punctuation, kana, CJK unified
        or 0xAC00 <= o <= 0xD7AF  # Hangul
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0x20000 <= o <= 0x2FA1F
    )


# Characters that never start a new word after a space ("word ," is wrong) or end one before a space.
_NO_SPACE_BEFORE = set(",.;:!?)]}%'’”…")
_NO_SPACE_AFTER = set("([{'‘“$#@/")


def ink_columns(crop: np.ndarray) -> np.ndarray | None:
    """Per column of the crop, whether it holds ink (the minority colour after Otsu)."""
    if crop.size == 0 or crop.shape[0] < 4 or crop.shape[1] < 4:
        return None
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = bw == 0
    if ink.mean() > 0.5:  # light text on a dark background
        ink = ~ink
    h = ink.shape[0]
    # ignore the outer rows: neighbouring lines and box edges reach into a crop there
    core = ink[h // 8 : h - h // 8] if h >= 16 else ink
    return core.sum(axis=0) > 0


def restore_spaces(rec: Recognized, crop: np.ndarray, gap_ratio: float = 0.22) -> str:
    """Insert a space between two Latin characters whose ink is separated by a wide blank run.

    ``gap_ratio`` is the blank run, as a fraction of the crop's height, that counts as a space:
    letter gaps in ordinary fonts are under a tenth of the text height, word spaces about a quarter.
    """
    text = rec.text
    if len(text) < 2 or len(rec.positions) != len(text):
        return text
    cols = ink_columns(crop)
    if cols is None:
        return text
    w = len(cols)
    h = crop.shape[0]
    min_gap = max(2, int(round(gap_ratio * h)))

    def latin_pair(a: str, b: str) -> bool:
        return a != " " and b != " " and not is_cjk(a) and not is_cjk(b)

    xs = [int(p * w) for p in rec.positions]
    # the line's character pitch: most neighbours are letters of one word, so the median is the
    # letter pitch; a dropped space makes its pair clearly wider than that
    pitches = [xs[i] - xs[i - 1] for i in range(1, len(text)) if latin_pair(text[i - 1], text[i])]
    pitch = sorted(pitches)[len(pitches) // 2] if pitches else 0
    out = [text[0]]
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if latin_pair(a, b) and b not in _NO_SPACE_BEFORE and a not in _NO_SPACE_AFTER:
            x0, x1 = xs[i - 1], xs[i]
            if x1 - x0 >= 1.4 * pitch and _longest_blank(cols[x0:x1]) >= min_gap:
                out.append(" ")
        out.append(b)
    return "".join(out)


def _longest_blank(cols: np.ndarray) -> int:
    best = run = 0
    for c in cols:
        run = 0 if c else run + 1
        best = max(best, run)
    return best
