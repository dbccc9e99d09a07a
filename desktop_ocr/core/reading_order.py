"""Reading order a person expects: blocks top to bottom, columns left to right, table rows whole.

The page is cut by the gaps between its boxes (a gap-based segmentation, the idea behind
Umi-OCR's multi-column parser, grown from a recursive XY-cut):

* the boxes are grouped into row bands (boxes that overlap vertically);
* consecutive bands that leave a common vertical gap (a gutter: no box in it, at least
  ``COLUMN_GAP`` line heights wide, with text on both sides) form one *run*; a full-width title,
  a centred author line or a wide figure caption crosses every gutter and starts a new run;
* a run with a gutter is split into columns there (two, three, ...), each column is cut again
  the same way (a footnote or a table inside a column is a run of its own); a run without one is
  a text block, read row by row;
* a run whose gutter separates short, row-aligned cells is a table: it is read row by row, the
  cells of a row left to right.

A single box that crosses a gutter the bands above and below it share (two lines the detector
merged across a narrow gutter) does not end the run: it is read in the column where it starts.

The leaves are returned as :class:`Block` values; ``order_lines`` flattens them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any, Protocol

from desktop_ocr.core.scripts import is_cjk

# A gutter between columns is at least this many median line heights wide. Paper columns are set
# about one line height apart (some less, at 144 dpi about 0.9).
COLUMN_GAP = 0.75
# A text line this many median line heights long is prose, not a table cell.
LONG_LINE = 25.0
MID_LINE = 15.0
LONG_SHARE = 0.3
# Bands a run must hold for its gutter to make columns (fewer: rows, read left to right).
MIN_BANDS = 3
# Bands a run must hold on both sides of one crossing box to carry its gutter through it.
CARRY_BANDS = 3


class Boxed(Protocol):
    text: str

    @property
    def bounds(self) -> tuple[float, float, float, float]: ...


@dataclass
class Block:
    """A leaf of the segmentation: lines in reading order; for a table, its rows of cells."""

    lines: list
    rows: list[list] | None = None  # a table: cells of each row, left to right

    @property
    def is_table(self) -> bool:
        return self.rows is not None


def order_lines(lines: Sequence[Boxed]) -> list:
    """Return ``lines`` in reading order."""
    return [ln for b in layout(lines) for ln in b.lines]


Splitter = Callable[[Any, "tuple[float, float]"], "tuple[Any, Any] | None"]


def layout(lines: Sequence[Boxed], split: Splitter | None = None) -> list[Block]:
    """The page's blocks in reading order (see the module docstring).

    ``split(line, (x0, x1))``: the two parts of a box that crosses the gutter from x0 to x1
    (None: keep it whole); the parts then go to their own columns.
    """
    if len(lines) <= 1:
        return [Block(list(lines))] if lines else []
    # the bounds are read many times over: each box's are computed once
    items = [_Item(ln) for ln in lines]
    unit = max(median(it.bounds[3] - it.bounds[1] for it in items), 1.0)
    out: list[Block] = []
    wrapped = None if split is None else _wrap_split(split)
    _cut(items, unit, out, 0, wrapped)
    return [
        Block(
            [it.line for it in b.lines], None if b.rows is None else [[it.line for it in r] for r in b.rows]
        )
        for b in out
    ]


class _Item:
    """A box with its bounds computed once."""

    __slots__ = ("bounds", "line", "text")

    def __init__(self, line: Any):
        self.line = line
        self.text = line.text
        self.bounds = line.bounds


def _wrap_split(split: Splitter) -> Splitter:
    def cut(it: _Item, gap: tuple[float, float]) -> tuple[_Item, _Item] | None:
        parts = split(it.line, gap)
        return None if parts is None else (_Item(parts[0]), _Item(parts[1]))

    return cut


# -- the recursive cut ------------------------------------------------------------------------
def _cut(items: list, unit: float, out: list[Block], depth: int, split: Splitter | None) -> None:
    if len(items) <= 1 or depth > 12:
        out.append(Block(_rows_in_order(items)))
        return
    bands = group_bands(items)
    runs = _runs(bands, unit)
    if len(runs) == 1 and runs[0][1] is None:
        out.append(Block(_rows_in_order(items)))
        return
    for run_items, gutters in runs:
        if gutters is None:
            if len(runs) == 1:
                out.append(Block(_rows_in_order(run_items)))
            else:
                _cut(run_items, unit, out, depth + 1, split)
            continue
        if len(gutters) > 1:
            # several gutters: cut first where the two sides share fewest rows (a table beside a
            # column of text is cut from it before its own cells are looked at)
            scored = [(_alignment(_split_columns(run_items, [g]), gutters), g) for g in gutters]
            share, g = min(scored)
            if share < 0.5:
                for c in _split_columns(_apart(run_items, [g], split), [g]):
                    _cut(c, unit, out, depth + 1, split)
                continue
        run_items = _apart(run_items, gutters, split)
        cols = _split_columns(run_items, gutters)
        if _is_table([[ln for ln in c if not _crosses(ln, gutters)] or c for c in cols], unit):
            rows = group_rows(run_items)
            # a single line above or below the cells (a title, a caption, a total) is text
            head = 0
            while head < len(rows) - 2 and len(rows[head]) == 1:
                head += 1
            tail = len(rows)
            while tail > head + 2 and len(rows[tail - 1]) == 1:
                tail -= 1
            if head:
                out.append(Block([ln for r in rows[:head] for ln in r]))
            body = rows[head:tail]
            out.append(Block([ln for r in body for ln in r], rows=body))
            if tail < len(rows):
                out.append(Block([ln for r in rows[tail:] for ln in r]))
            continue
        for c in cols:
            _cut(c, unit, out, depth + 1, split)


def group_bands(items: list) -> list[list]:
    """Boxes grouped into horizontal bands: a band ends where no box continues below it."""
    bands: list[list] = []
    end = None
    for ln in sorted(items, key=lambda ln: ln.bounds[1]):
        b = ln.bounds
        # boxes overlapping vertically by a sliver (descenders, loose boxes) do not join bands
        slack = 0.25 * (b[3] - b[1])
        if end is None or b[1] + slack >= end:
            bands.append([ln])
            end = b[3]
        else:
            bands[-1].append(ln)
            end = max(end, b[3])
    return bands


Interval = tuple[float, float]


def _free(band: list, lo: float, hi: float) -> list[Interval]:
    """The x intervals of ``[lo, hi]`` no box of ``band`` covers."""
    spans = sorted((ln.bounds[0], ln.bounds[2]) for ln in band)
    free: list[Interval] = []
    x = lo
    for a, b in spans:
        if a > x:
            free.append((x, a))
        x = max(x, b)
    if x < hi:
        free.append((x, hi))
    return free


def _intersect(a: list[Interval], b: list[Interval], min_w: float) -> list[Interval]:
    out = []
    for a0, a1 in a:
        for b0, b1 in b:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi - lo >= min_w:
                out.append((lo, hi))
    return out


def _common(frees: list[list[Interval]], min_w: float) -> list[Interval]:
    f = frees[0]
    for g in frees[1:]:
        f = _intersect(f, g, min_w)
    return f


def _inner(free: list[Interval], items: list) -> list[Interval]:
    """The gaps with boxes of ``items`` on both sides: gutters."""
    x0 = min(ln.bounds[0] for ln in items)
    x1 = max(ln.bounds[2] for ln in items)
    return [(a, b) for a, b in free if a > x0 and b < x1]


def _runs(bands: list[list], unit: float) -> list[tuple[list, list[Interval] | None]]:
    """Consecutive bands sharing a gutter; each run with its gutters (None: a plain block)."""
    lo = min(ln.bounds[0] for band in bands for ln in band) - 1
    hi = max(ln.bounds[2] for band in bands for ln in band) + 1
    min_w = COLUMN_GAP * unit
    frees = [[f for f in _free(b, lo, hi) if f[1] - f[0] >= min_w] for b in bands]
    runs: list[tuple[list, list[Interval] | None]] = []
    i = 0
    n = len(bands)
    while i < n:
        items = list(bands[i])
        free = frees[i]
        gut: list[Interval] = []
        j = i + 1
        while j < n:
            nxt = _intersect(free, frees[j], min_w)
            inner = _inner(nxt, items + bands[j])
            if inner:
                free, gut = nxt, inner
                items += bands[j]
                j += 1
                continue
            # one box crossing the gutter (two lines the detector merged across it): carried
            # if the bands after it keep the gutter and the run already holds it over several
            if gut and j - i >= CARRY_BANDS and j + 1 < n:
                rest = [ln for ln in bands[j] if not _crosses(ln, gut)]
                if len(rest) >= len(bands[j]) - 1:
                    ahead = _intersect(_intersect(free, _free(rest, lo, hi), min_w), frees[j + 1], min_w)
                    if _inner(ahead, items + bands[j + 1]):
                        free = ahead
                        items += bands[j]
                        j += 1
                        continue
            break
        # the run ends at band j. Its last bands may belong with band j instead: the lines just
        # above a two-column body whose text touches the body's gutter (an "Abstract" heading
        # beside the first lines of the right column) start the next run. Bands that keep away
        # from that gutter (a row of author names above the columns) stay where they are.
        if j < n and j - i >= 2:
            f = frees[j]
            tail = list(bands[j])
            k = j
            while k - 1 > i:
                g = _intersect(f, frees[k - 1], min_w)
                inner = _inner(g, tail + bands[k - 1])
                if not inner or not _snug(bands[k - 1], inner, unit):
                    break
                f, k = g, k - 1
                tail += bands[k]
            if k < j:
                j = k
                items = [ln for band in bands[i:k] for ln in band]
                gut = _inner(_common(frees[i:k], min_w), items) if k - i > 1 else []
        # a band or two with a gap in them are rows, read left to right like any other rows
        runs.append((items, gut if gut and j - i >= MIN_BANDS else None))
        i = j
    # a run of one band that lies beside nothing is a plain line; merge plain neighbours so that
    # a paragraph is not cut into one block per line
    merged: list[tuple[list, list[Interval] | None]] = []
    for items, gut in runs:
        if merged and gut is None and merged[-1][1] is None:
            merged[-1] = (merged[-1][0] + items, None)
        else:
            merged.append((items, gut))
    return merged


def _alignment(sides: list[list], gutters: list[Interval]) -> float:
    """The share of the boxes on both sides of a cut that sit on a row with a box of the other
    side (boxes crossing a gutter left out)."""
    if len(sides) < 2:
        return 1.0
    a, b = ([ln for ln in side if not _crosses(ln, gutters)] for side in sides)
    if not a or not b:
        return 1.0

    def paired(xs: list, ys: list) -> int:
        spans = sorted((o.bounds[1], o.bounds[3]) for o in ys)
        tops = [sp[0] for sp in spans]
        tallest = max(sp[1] - sp[0] for sp in spans)
        n = 0
        for ln in xs:
            y0, y1 = ln.bounds[1], ln.bounds[3]
            # only spans starting between y0 - tallest and y1 can overlap this box
            lo, hi = bisect_left(tops, y0 - tallest), bisect_right(tops, y1)
            n += any(_v_overlap((y0, y1), sp) > 0.5 for sp in spans[lo:hi])
        return n

    return (paired(a, b) + paired(b, a)) / (len(a) + len(b))


def _crosses(ln, gutters: list[Interval]) -> bool:
    return any(ln.bounds[0] < a and ln.bounds[2] > b for a, b in gutters)


def _snug(band: list, gutters: list[Interval], unit: float) -> bool:
    """Some box of ``band`` ends or starts at a gutter's edge (within two line heights)."""
    for a, b in gutters:
        for ln in band:
            x0, _, x1, _ = ln.bounds
            if a - 2 * unit <= x1 <= a + 1 or b - 1 <= x0 <= b + 2 * unit:
                return True
    return False


def _apart(items: list, gutters: list[Interval], split: Splitter | None) -> list:
    """Boxes crossing a gutter (two lines the detector merged across it) cut in two there."""
    if split is None:
        return items
    out = []
    for ln in items:
        g = next(((a, b) for a, b in gutters if ln.bounds[0] < a and ln.bounds[2] > b), None)
        parts = split(ln, g) if g is not None else None
        out.extend(parts if parts else [ln])
    return out


def _split_columns(items: list, gutters: list[Interval]) -> list[list]:
    """Boxes of a run split at its gutters; a box crossing one goes to the column it starts in."""
    edges = sorted((a + b) / 2 for a, b in gutters)
    cols: list[list] = [[] for _ in range(len(edges) + 1)]
    for ln in items:
        x0 = ln.bounds[0]
        k = sum(1 for e in edges if x0 > e)
        cols[k].append(ln)
    return [c for c in cols if c]


# -- tables -----------------------------------------------------------------------------------
def _is_table(cols: list[list], unit: float) -> bool:
    """Row-aligned short cells on both sides of a gutter: a table, read row by row.

    Text columns hold long lines that fill their column; table cells are short and sit on
    shared rows. Both must hold for a table: typeset columns often share a baseline grid too.
    """
    if len(cols) < 2:
        return False
    widths = []
    for c in cols:
        x0 = min(ln.bounds[0] for ln in c)
        x1 = max(ln.bounds[2] for ln in c)
        widths.append(max(x1 - x0, 1.0))
    med = [median([(ln.bounds[2] - ln.bounds[0]) for ln in c]) for c in cols]

    # a text column's lines fill it. Beside two or more others they must also be long (about 25
    # characters and more) or hold several words: a column of phone numbers fills its width too,
    # but is a table's. Two filled blocks side by side (two addresses) are read one after the other.
    def prose_like(c: list, m: float, w: float) -> bool:
        if len(cols) == 2:
            return w >= 10 * unit
        # narrow magazine columns hold a few words a line; table cells one to three
        words = median(len(ln.text.split()) for ln in c)
        return m >= 12 * unit or words >= 4

    text_columns = sum(
        1 for c, m, w in zip(cols, med, widths) if m / w > 0.6 and len(c) >= 3 and prose_like(c, m, w)
    )
    if text_columns >= 2:
        return False
    # every side holds sentences (several words a line): regions of text side by side, such as a
    # column beside a block that has columns of its own
    if all(len(c) >= 3 and median(len(ln.text.split()) for ln in c) >= 4 for c in cols):
        return False
    # one side is running text (many filled lines of sentences in lower case, not a column of
    # capitalised item names): a report's text column beside its tables and charts
    for c, m, w in zip(cols, med, widths):
        if (
            len(c) >= 6
            and m / w > 0.6
            and median(len(ln.text.split()) for ln in c) >= 5
            and _lower_share(c) > 0.6
        ):
            return False
    # a column of prose lines (longer than any table cell) beside a margin of line numbers or
    # notes is read column by column too
    if any(_is_prose(c, unit) for c in cols):
        return False
    # the rows of a table's columns pair up: most rows of the longer column sit beside a row of
    # its neighbour. A table beside a column of text holds many more rows than the text has lines.
    aligned = total = 0
    for a, b in zip(cols, cols[1:]):
        ra, rb = group_rows(a), group_rows(b)
        if len(ra) < len(rb):
            ra, rb = rb, ra
        spans = [(min(x.bounds[1] for x in r), max(x.bounds[3] for x in r)) for r in rb]
        for r in ra:
            y = (min(x.bounds[1] for x in r), max(x.bounds[3] for x in r))
            total += 1
            if any(_v_overlap(y, s) > 0.5 for s in spans):
                aligned += 1
    return total > 0 and aligned / total >= 0.6


def _lower_share(col: list) -> float:
    letters = [ch for ln in col for ch in ln.text if ch.isalpha()]
    return sum(ch.islower() for ch in letters) / max(len(letters), 1)


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


def table_columns(rows: list[list]) -> list[list[int]]:
    """The column index of each cell of a table's rows: cells are matched to the column spans
    of the whole table (x extents that overlap belong to one column)."""
    spans: list[list[float]] = []
    for ln in sorted((ln for r in rows for ln in r), key=lambda ln: ln.bounds[0]):
        x0, _, x1, _ = ln.bounds
        if spans and x0 < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    out = []
    for r in rows:
        idx = []
        for ln in r:
            x0 = ln.bounds[0]
            k = max(i for i, s in enumerate(spans) if s[0] <= x0 + 1e-6) if spans else 0
            idx.append(k)
        out.append(idx)
    return out


# -- rows and visual lines --------------------------------------------------------------------
def _v_overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return max(0.0, inter) / max(min(a[1] - a[0], b[1] - b[0]), 1e-6)


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


def same_visual_line(prev: Boxed, ln: Boxed) -> bool:
    """Consecutive boxes (in reading order) on one visual line: overlapping vertically, the second
    one to the right of the first one."""
    return (
        ln.bounds[0] >= prev.bounds[0]
        and _v_overlap((prev.bounds[1], prev.bounds[3]), (ln.bounds[1], ln.bounds[3])) > 0.5
    )


def compose_text(lines: Sequence[Boxed]) -> str:
    """The page text: ordered boxes on one visual line joined, visual lines joined by newlines."""
    out: list[str] = []
    prev = None
    for ln in lines:
        if prev is not None and same_visual_line(prev, ln):
            out[-1] = join_pieces(out[-1], ln.text)
        else:
            out.append(ln.text)
        prev = ln
    return "\n".join(out)
