"""A detected line cut at a wide blank: the cells of a table row, or two columns' lines, that
detection joined into one box.

DBNet joins text whose regions touch in its map: two cells of a table row with a narrow gap
between them come back as one box and one line ("$(0.12)A $0.01A $(0.36)A" for three cells of a
financial table), and the lines of two columns across a narrow gutter too. Reading order and the
table export then see one cell where there are three. Recognition says where each character
sits in the crop and the crop's ink says how wide the blank between two characters is: a blank
of at least :data:`SPLIT_RATIO` of the crop's height separates two lines, each with its part of
the box. A word space, even in justified text, is a fraction of that.
"""

from __future__ import annotations

import numpy as np

from desktop_ocr.core.spacing import ink_columns, widest_blank
from desktop_ocr.core.stages import Recognized

# Blank between two characters, as a share of the crop's height (the detector's box is about 1.5x
# the text height), from which they belong to two lines. Measured on the scribe set's tables and
# two-column pages: 1.0-1.5 give the same line CER; word spaces of justified text stay below 0.7.
SPLIT_RATIO = 1.0


def split_at_blanks(rec: Recognized, crop: np.ndarray) -> list[tuple[Recognized, float, float]]:
    """``rec`` in parts separated by wide blanks: each part's reading and the span of the crop's
    width it covers (fractions, from the end of the blank before it to the start of the next).
    One part, the whole reading, when there is no such blank."""
    text, positions = rec.text, rec.positions
    whole = [(rec, 0.0, 1.0)]
    if len(text) < 2 or len(positions) != len(text):
        return whole
    cols = ink_columns(crop)
    if cols is None:
        return whole
    h, w = crop.shape[:2]
    cuts: list[tuple[int, float, float]] = []  # (first character after the blank, blank start, end)
    prev = None
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        if prev is not None:
            a, b = int(positions[prev] * w), int(positions[i] * w)
            start, width = widest_blank(cols[a:b])
            if width >= SPLIT_RATIO * h:
                cuts.append((i, (a + start) / w, (a + start + width) / w))
        prev = i
    if not cuts:
        return whole
    parts = []
    bounds = [(0, 0.0), *[(i, e) for i, _s, e in cuts]]
    ends = [*[(i, s) for i, s, _e in cuts], (len(text), 1.0)]
    for (i0, f0), (i1, f1) in zip(bounds, ends):
        sub = _sub(rec, i0, i1)
        if sub.text.strip():
            parts.append((sub, f0, f1))
    return parts or whole


def part_box(box: np.ndarray, f0: float, f1: float, pad: float = 0.0) -> np.ndarray:
    """The part of ``box`` (tl, tr, br, bl) between fractions ``f0`` and ``f1`` of its crop's
    width (the crop was grown by ``pad`` of the box's height on each side, see ``crop_box``)."""
    tl, tr, br, bl = (np.asarray(p, np.float32) for p in box)
    width = float(np.linalg.norm(tr - tl))
    height = float(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    d = pad * height

    def at(f: float) -> float:  # crop fraction -> fraction of the box's own width
        return float(np.clip((f * (width + 2 * d) - d) / max(width, 1e-6), 0.0, 1.0))

    g0, g1 = at(f0), at(f1)
    return np.array(
        [tl + g0 * (tr - tl), tl + g1 * (tr - tl), bl + g1 * (br - bl), bl + g0 * (br - bl)], np.float32
    )


def _sub(rec: Recognized, i0: int, i1: int) -> Recognized:
    """Characters ``i0``..``i1`` of a reading, spaces at its ends dropped."""
    while i0 < i1 and rec.text[i0].isspace():
        i0 += 1
    while i1 > i0 and rec.text[i1 - 1].isspace():
        i1 -= 1
    scores = rec.char_scores[i0:i1]
    return Recognized(
        text=rec.text[i0:i1],
        score=float(np.mean(scores)) if scores else 0.0,
        positions=rec.positions[i0:i1],
        char_scores=scores,
        alternates=tuple((i - i0, c, p) for i, c, p in rec.alternates if i0 <= i < i1),
    )
