"""Reading order a person expects: columns left to right, lines top to bottom, boxes left to right.

The page is split by a recursive XY-cut on the boxes' projections. A horizontal cut separates
blocks stacked vertically; a vertical cut (a gutter no box crosses) separates columns. Strips that
share one gutter are cut into columns together, so a two-column body under a full-width title is
read column by column, not paragraph pair by paragraph pair. A gutter between short, row-aligned
cells is a table: it is read row by row instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median
from typing import Protocol

from desktop_ocr.core.scripts import is_cjk

# A gutter between columns is at least this many median line heights wide.
COLUMN_GAP = 1.2
# A text line this many median line heights long is prose, not a table cell.
LONG_LINE = 25.0
MID_LINE = 15.0
LONG_SHARE = 0.3


class Boxed(Protocol):
    text: str

    @property
    def bounds(self) -> tuple[float, float, float, float]: ...


def order_lines(lines: Sequence[Boxed]) -> list:
    """Return ``lines`` in reading order."""
    items = list(lines)
    if len(items) <= 1:
        return items
    heights = [b[3] - b[1] for b in (ln.bounds for ln in items)]
    unit = max(median(heights), 1.0)
    return _xy_cut(items, unit)


def _xy_cut(items: list, unit: float) -> list:
    if len(items) <= 1:
        return items
    cols = _column_groups(items, unit)
    if len(cols) > 1 and not _is_table(cols, unit):
        return [x for c in cols for x in _xy_cut(c, unit)]
    strips = _gaps(items, axis=1, min_gap=0.0)
    if len(strips) > 1:
        merged = _merge_strips(strips, unit)
        if len(merged) > 1:
            return [x for s in merged for x in _xy_cut(s, unit)]
    return _rows_in_order(items)


def _gaps(items: list, axis: int, min_gap: float) -> list[list]:
    """Split along ``axis`` (0: x, 1: y) wherever the projections leave a gap wider than ``min_gap``."""
    lo, hi = (0, 2) if axis == 0 else (1, 3)
    spans = sorted(items, key=lambda ln: ln.bounds[lo])
    groups: list[list] = []
    end = None
    for ln in spans:
        b = ln.bounds
        # boxes overlapping vertically by a sliver (descenders, loose boxes) are still one row band
        slack = 0.0 if axis == 0 else 0.25 * (b[3] - b[1])
        if end is None or b[lo] + slack - end > min_gap:
            groups.append([ln])
            end = b[hi]
        else:
            groups[-1].append(ln)
            end = max(end, b[hi])
    return groups


def _column_groups(items: list, unit: float) -> list[list]:
    return _gaps(items, axis=0, min_gap=COLUMN_GAP * unit)


def _is_table(cols: list[list], unit: float) -> bool:
    """Row-aligned short cells on both sides of a gutter: a table, read row by row.

    Text columns hold long lines that fill their column; table cells are short and sit on
    shared rows. Both must hold for a table: typeset columns often share a baseline grid too.
    """
    widths = []
    for c in cols:
        x0 = min(ln.bounds[0] for ln in c)
        x1 = max(ln.bounds[2] for ln in c)
        widths.append(max(x1 - x0, 1.0))
    fill = [median([(ln.bounds[2] - ln.bounds[0]) for ln in c]) / w for c, w in zip(cols, widths)]
    text_columns = sum(1 for c, f, w in zip(cols, fill, widths) if f > 0.6 and len(c) >= 3 and w >= 10 * unit)
    if text_columns >= 2:
        return False
    # a column of prose lines (longer than any table cell) beside a margin of line numbers or
    # notes is read column by column too
    if any(_is_prose(c, unit) for c in cols):
        return False
    aligned = total = 0
    for a, b in zip(cols, cols[1:]):
        for ln in a:
            total += 1
            y0, y1 = ln.bounds[1], ln.bounds[3]
            if any(_v_overlap((y0, y1), (o.bounds[1], o.bounds[3])) > 0.5 for o in b):
                aligned += 1
    return total > 0 and aligned / total >= 0.5


def _is_prose(col: list, unit: float) -> bool:
    """A column of running text rather than a stack of table cells.

    Either many of its lines are longer than table cells get, or it holds lines of a paragraph's
    length that sit side by side on most rows (a region of the page with its own columns, such
    as the pages of a deposition transcript beside their line numbers).
    """

    def share_longer(units: float) -> float:
        n = sum(1 for ln in col if ln.bounds[2] - ln.bounds[0] >= units * unit)
        return n / len(col) if n >= 3 else 0.0

    if share_longer(LONG_LINE) >= LONG_SHARE:
        return True
    if share_longer(MID_LINE) < LONG_SHARE:
        return False
    rows = group_rows(col)
    return sum(1 for r in rows if len(r) > 1) >= 0.5 * len(rows)


def _v_overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return max(0.0, inter) / max(min(a[1] - a[0], b[1] - b[0]), 1e-6)


def _merge_strips(strips: list[list], unit: float) -> list[list]:
    """Join consecutive horizontal strips that share a column gutter."""
    merged: list[list] = [strips[0]]
    for s in strips[1:]:
        cand = merged[-1] + s
        if len(_column_groups(cand, unit)) > 1 and len(_column_groups(merged[-1], unit)) > 1:
            merged[-1] = cand
        elif (
            len(_column_groups(s, unit)) > 1 and len(merged[-1]) == 1 and len(_column_groups(cand, unit)) > 1
        ):
            merged[-1] = cand
        else:
            merged.append(s)
    return merged


def _rows_in_order(items: list) -> list:
    rows = group_rows(items)
    return [ln for row in rows for ln in row]


def group_rows(items: Sequence[Boxed]) -> list[list]:
    """Group boxes into visual lines (vertical overlap), rows top to bottom, boxes left to right."""
    rows: list[tuple[float, float, list]] = []
    for ln in sorted(items, key=lambda ln: (ln.bounds[1] + ln.bounds[3]) / 2):
        x0, y0, x1, y1 = ln.bounds
        for i, (ry0, ry1, members) in enumerate(rows):
            if _v_overlap((y0, y1), (ry0, ry1)) > 0.5:
                members.append(ln)
                rows[i] = (min(ry0, y0), max(ry1, y1), members)
                break
        else:
            rows.append((y0, y1, [ln]))
    rows.sort(key=lambda r: (r[0] + r[1]) / 2)
    return [sorted(m, key=lambda ln: ln.bounds[0]) for _, _, m in rows]


def join_pieces(a: str, b: str) -> str:
    """Join two texts on one visual line: a space between Latin words, none between CJK."""
    if not a:
        return b
    if not b:
        return a
    if is_cjk(a[-1]) or is_cjk(b[0]) or a[-1].isspace() or b[0].isspace():
        return a + b
    return a + " " + b


def compose_text(lines: Sequence[Boxed]) -> str:
    """The page text: ordered boxes on one visual line joined, visual lines joined by newlines.

    Consecutive boxes are on one visual line when they overlap vertically and the second one
    starts to the right of the first one.
    """
    out: list[str] = []
    prev = None
    for ln in lines:
        if (
            prev is not None
            and ln.bounds[0] >= prev.bounds[0]
            and _v_overlap((prev.bounds[1], prev.bounds[3]), (ln.bounds[1], ln.bounds[3])) > 0.5
        ):
            out[-1] = join_pieces(out[-1], ln.text)
        else:
            out.append(ln.text)
        prev = ln
    return "\n".join(out)
