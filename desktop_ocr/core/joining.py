"""How a page's lines become text: per visual line, on one line, or in paragraphs (``join_mode``).

* ``paragraphs`` (the default): the lines of a paragraph joined, paragraphs separated by a blank
  line, the cells of a table row kept together (separated by tabs);
* ``lines``: one line of text per visual line, as the page text (``PageResult.text``), as read;
* ``one-line``: everything on one line (to paste into a search box or a spreadsheet cell).

Lines are joined with a space between Latin words and nothing between CJK characters; a word
hyphenated at the end of a line ("exam-" + "ple") is joined back, a compound ("state-of-the-" +
"art") keeps its hyphen. The page's blocks come from :mod:`desktop_ocr.core.reading_order`; inside
a text block a new paragraph starts where the vertical gap is larger than the usual line gap,
where the next line is indented, or after a line that stops well short of the block's right edge;
when most lines stop short of it (a list), or only one line reaches it (nothing shows a column
width the text was wrapped at), every line is its own paragraph. ``assign_structure``
writes the block and paragraph of every line once, when the page is read; the texts are built
from those indices. Qt-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median

from desktop_ocr.core.reading_order import (
    Block,
    Boxed,
    compose_text,
    join_pieces,
    layout,
    same_visual_line,
    table_columns,
)
from desktop_ocr.settings import JOIN_MODES  # declared once, with the setting

__all__ = ["JOIN_MODES", "assign_structure", "join_text", "paragraphs", "visual_lines"]


@dataclass
class VisualLine:
    """The boxes of one visual line joined: its text, bounds (x0, y0, x1, y1) and boxes."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    members: list = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def visual_lines(lines: Sequence[Boxed]) -> list[VisualLine]:
    """Consecutive boxes (in reading order) on one visual line merged, as ``compose_text`` does."""
    out: list[VisualLine] = []
    prev = None
    for ln in lines:
        x0, y0, x1, y1 = ln.bounds
        if prev is not None and same_visual_line(prev, ln):
            v = out[-1]
            v.text = join_pieces(v.text, ln.text)
            v.x0, v.y0, v.x1, v.y1 = min(v.x0, x0), min(v.y0, y0), max(v.x1, x1), max(v.y1, y1)
            v.members.append(ln)
        else:
            out.append(VisualLine(ln.text, x0, y0, x1, y1, [ln]))
        prev = ln
    return out


def join_wrapped(a: str, b: str) -> str:
    """Join the end of one line to the start of the next: dehyphenate "exam-" + "ple".

    The hyphen stays before a capital or a digit ("INV-" + "2024") and in a compound that already
    holds one ("state-of-the-" + "art").
    """
    a = a.rstrip()
    b = b.lstrip()
    if len(a) >= 2 and a[-1] in "-\u00ad" and a[-2].isalpha() and b[:1].islower():
        word = a[:-1].rsplit(None, 1)[-1]
        if "-" in word and a[-1] == "-":
            return a + b
        return a[:-1] + b
    return join_pieces(a, b)


def paragraphs(vlines: Sequence[VisualLine]) -> list[list[VisualLine]]:
    """Group the visual lines of one block into paragraphs (see the module docstring)."""
    if not vlines:
        return []
    unit = max(median(v.height for v in vlines), 1.0)
    gaps = [b.y0 - a.y1 for a, b in zip(vlines, vlines[1:], strict=False) if b.y0 >= a.y0]
    usual_gap = max(median(gaps), 0.0) if gaps else 0.0
    left = min(v.x0 for v in vlines)
    right = max(v.x1 for v in vlines)
    width = right - left
    if sum(right - v.x1 > 0.25 * width for v in vlines) * 2 > len(vlines):
        # most lines stop well short of the right edge: a list, not wrapped prose
        return [[v] for v in vlines]
    if sum(right - v.x1 <= max(unit, 0.04 * width) for v in vlines) < 2:
        # only one line reaches the right edge: nothing shows a column width the text was wrapped
        # at (three short lines of an invoice, a label and its value), so the breaks are the writer's
        return [[v] for v in vlines]
    groups: list[list[VisualLine]] = [[vlines[0]]]
    for prev, cur in zip(vlines, vlines[1:], strict=False):
        gap = cur.y0 - prev.y1
        new_para = (
            cur.y0 < prev.y0  # moved up: the next column
            or abs(cur.x0 - prev.x0) > 3 * unit
            and cur.x0 > prev.x1  # beside: another column
            or gap > max(usual_gap * 1.8, usual_gap + 0.6 * unit)  # a blank line between
            or cur.x0 - left > 0.6 * unit
            and cur.x0 - prev.x0 > 0.6 * unit  # first-line indent (about 1 em in print)
            or width > 8 * unit
            and right - prev.x1 > 0.25 * width  # a short last line
        )
        if new_para:
            groups.append([cur])
        else:
            groups[-1].append(cur)
    return groups


def assign_structure(blocks: Sequence[Block]) -> list:
    """The lines of ``blocks`` in reading order, each given its ``block`` and ``paragraph`` index
    (counted over the page) and, in a table, its cell's ``column``; a table row is one paragraph."""
    out: list = []
    para = 0
    for bi, block in enumerate(blocks):
        if block.rows is not None:
            for row, cols in zip(block.rows, table_columns(block.rows), strict=True):
                for ln, c in zip(row, cols, strict=True):
                    ln.block, ln.paragraph, ln.column = bi, para, c
                    out.append(ln)
                para += 1
            continue
        for group in paragraphs(visual_lines(block.lines)):
            for v in group:
                for ln in v.members:
                    ln.block, ln.paragraph, ln.column = bi, para, None
                    out.append(ln)
            para += 1
    return out


def _structured(lines: Sequence[Boxed]) -> list[list[list]]:
    """Blocks of paragraphs of lines, from the lines' indices (computed here for lines that have
    none, e.g. a page saved before they existed: its stored order is kept)."""
    if lines and all(getattr(ln, "paragraph", None) is not None for ln in lines):
        blocks: list[list[list]] = []
        last_b = last_p = None
        for ln in lines:
            if ln.block != last_b:
                blocks.append([])
                last_b, last_p = ln.block, None
            if ln.paragraph != last_p:
                blocks[-1].append([])
                last_p = ln.paragraph
            blocks[-1][-1].append(ln)
        return blocks
    return [[[ln for v in g for ln in v.members] for g in paragraphs(visual_lines(lines))]] if lines else []


def _is_table(block: list[list]) -> bool:
    return any(getattr(ln, "column", None) is not None for para in block for ln in para)


def _paragraph_text(lines: Sequence[Boxed]) -> str:
    text = ""
    for v in visual_lines(lines):
        text = join_wrapped(text, v.text) if text else v.text.strip()
    return text


def table_cells(block: list[list]) -> list[list[str]]:
    """A table block's rows as lists of cell texts, one per column (empty where a row has none)."""
    n = 1 + max(ln.column for row in block for ln in row)
    out = []
    for row in block:
        cells = [""] * n
        for ln in row:
            cells[ln.column] = join_pieces(cells[ln.column], ln.text)
        out.append(cells)
    return out


def join_text(lines: Sequence[Boxed], mode: str = "paragraphs", *, markdown: bool = False) -> str:
    """The text of ``lines`` (in reading order, e.g. ``PageResult.lines``) joined per ``mode``.

    ``markdown``: a table becomes a Markdown table (paragraphs mode) instead of tab-separated rows.
    """
    if mode not in JOIN_MODES:
        raise ValueError(f"unknown join mode {mode!r}; one of {', '.join(JOIN_MODES)}")
    if mode == "lines":
        return compose_text(lines)
    if mode == "one-line":
        text = ""
        for v in visual_lines(lines):
            text = join_wrapped(text, v.text) if text else v.text.strip()
        return text
    out = []
    for block in _structured(lines):
        if _is_table(block):
            rows = table_cells(block)
            if markdown:
                esc = [[c.replace("|", "\\|") for c in r] for r in rows]
                md = ["| " + " | ".join(esc[0]) + " |", "|" + " --- |" * len(esc[0])]
                md += ["| " + " | ".join(r) + " |" for r in esc[1:]]
                out.append("\n".join(md))
            else:
                out.append("\n".join("\t".join(r).rstrip("\t") for r in rows))
            continue
        texts = [_paragraph_text(p) for p in block]
        if len(texts) > 1 and all(len(visual_lines(p)) == 1 for p in block):
            # a list, a form or the labels of a screen: one line each, no blank lines between
            out.append("\n".join(t for t in texts if t))
        else:
            out.extend(texts)
    return "\n\n".join(t for t in out if t)


def structure(lines: Sequence[Boxed]) -> list:
    """Order ``lines`` and give each its block and paragraph (what the engine does to a page).
    A line the detector merged across a column gutter is cut in two there (see ``split_line``)."""
    return assign_structure(layout(lines, split_line))


def split_line(ln, gap: tuple[float, float]):
    """``ln`` (a ``Line``) cut at the word gap nearest to the gutter ``gap`` (x0, x1): two lines,
    the first ending by x0, the second starting from x1; None when no word gap lies near it.
    Where each character sits is estimated from its share of the text's width (narrow letters and
    spaces count about half), so the cut is only made at a space whose estimated place is within
    a tenth of the box's width from the gutter."""
    text = ln.text
    x = (gap[0] + gap[1]) / 2
    x0, _, x1, _ = ln.bounds
    weights = [0.55 if ch.isspace() or ch in ".,:;'!|ilIjtf()[]" else 1.0 for ch in text]
    total = sum(weights)
    if total <= 0 or x1 <= x0:
        return None
    best, best_d, acc = None, None, 0.0
    for i, (ch, w) in enumerate(zip(text, weights, strict=True)):
        if ch == " ":
            at = x0 + (acc + w / 2) / total * (x1 - x0)
            if best_d is None or abs(at - x) < best_d:
                best, best_d = i, abs(at - x)
        acc += w
    if best is None or best_d > 0.1 * (x1 - x0):
        return None
    left, right = text[:best].rstrip(), text[best + 1 :].lstrip()
    if not left or not right:
        return None
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = ln.box  # top-left, top-right, bottom-right, bottom-left

    def at(frac: float) -> tuple[list[float], list[float]]:
        return [ax + frac * (bx - ax), ay + frac * (by - ay)], [dx + frac * (cx - dx), dy + frac * (cy - dy)]

    def frac_of(px: float) -> float:
        return (px - x0) / (x1 - x0)

    # the left part ends before the space and by the gutter, the right one starts after both
    end_top, end_bottom = at(min(sum(weights[:best]) / total, frac_of(gap[0])))
    start_top, start_bottom = at(max(sum(weights[: best + 1]) / total, frac_of(gap[1])))
    cls = type(ln)
    a = cls(text=left, box=[[ax, ay], end_top, end_bottom, [dx, dy]], score=ln.score)
    b = cls(text=right, box=[start_top, [bx, by], [cx, cy], start_bottom], score=ln.score)
    return a, b
