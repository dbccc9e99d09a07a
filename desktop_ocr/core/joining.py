"""How a capture's lines become the text put on the clipboard (the ``join_mode`` setting).

* ``lines``: one line of text per visual line, as the page text (``PageResult.text``);
* ``one-line``: everything on one line (to paste into a search box or a spreadsheet cell);
* ``paragraphs``: the lines of a paragraph joined, one paragraph per line (to paste wrapped text
  into a word processor without its hard line breaks).

Lines are joined with a space between Latin words and nothing between CJK characters; a word
hyphenated at the end of a line ("exam-" + "ple") is joined back. A new paragraph starts where
the vertical gap is larger than the usual line gap, where the next line is indented, where the
text moves to another column, or after a line that stops well short of the block's right edge;
when most lines stop short of it (a list, a table) every line is its own paragraph.
Qt-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from desktop_ocr.core.reading_order import Boxed, compose_text, join_pieces
from desktop_ocr.settings import JOIN_MODES  # declared once, with the setting

__all__ = ["JOIN_MODES", "join_text", "paragraphs", "visual_lines"]


@dataclass
class VisualLine:
    """The boxes of one visual line joined: its text and bounds (x0, y0, x1, y1)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def _v_overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return max(0.0, inter) / max(min(a[1] - a[0], b[1] - b[0]), 1e-6)


def visual_lines(lines: Sequence[Boxed]) -> list[VisualLine]:
    """Consecutive boxes (in reading order) on one visual line merged, as ``compose_text`` does."""
    out: list[VisualLine] = []
    prev = None
    for ln in lines:
        x0, y0, x1, y1 = ln.bounds
        if (
            prev is not None
            and x0 >= prev.bounds[0]
            and _v_overlap((prev.bounds[1], prev.bounds[3]), (y0, y1)) > 0.5
        ):
            v = out[-1]
            v.text = join_pieces(v.text, ln.text)
            v.x0, v.y0, v.x1, v.y1 = min(v.x0, x0), min(v.y0, y0), max(v.x1, x1), max(v.y1, y1)
        else:
            out.append(VisualLine(ln.text, x0, y0, x1, y1))
        prev = ln
    return out


def join_wrapped(a: str, b: str) -> str:
    """Join the end of one line to the start of the next: dehyphenate "exam-" + "ple"."""
    a = a.rstrip()
    b = b.lstrip()
    if len(a) >= 2 and a[-1] in "-\u00ad" and a[-2].isalpha() and b[:1].islower():
        return a[:-1] + b
    return join_pieces(a, b)


def paragraphs(vlines: Sequence[VisualLine]) -> list[list[VisualLine]]:
    """Group visual lines into paragraphs (see the module docstring for the rules)."""
    if not vlines:
        return []
    unit = max(median(v.height for v in vlines), 1.0)
    gaps = [b.y0 - a.y1 for a, b in zip(vlines, vlines[1:], strict=False) if b.y0 >= a.y0]
    usual_gap = max(median(gaps), 0.0) if gaps else 0.0
    left = min(v.x0 for v in vlines)
    right = max(v.x1 for v in vlines)
    width = right - left
    if sum(right - v.x1 > 0.25 * width for v in vlines) * 2 > len(vlines):
        # most lines stop well short of the right edge: a list or a table, not wrapped prose
        return [[v] for v in vlines]
    groups: list[list[VisualLine]] = [[vlines[0]]]
    for prev, cur in zip(vlines, vlines[1:], strict=False):
        gap = cur.y0 - prev.y1
        new_para = (
            cur.y0 < prev.y0  # moved up: the next column
            or abs(cur.x0 - prev.x0) > 3 * unit
            and cur.x0 > prev.x1  # beside: another column
            or gap > max(usual_gap * 1.8, usual_gap + 0.6 * unit)  # a blank line between
            or cur.x0 - left > 1.2 * unit
            and cur.x0 - prev.x0 > 1.2 * unit  # first-line indent
            or width > 8 * unit
            and right - prev.x1 > 0.25 * width  # a short last line
        )
        if new_para:
            groups.append([cur])
        else:
            groups[-1].append(cur)
    return groups


def join_text(lines: Sequence[Boxed], mode: str = "lines") -> str:
    """The text of ``lines`` (in reading order, e.g. ``PageResult.lines``) joined per ``mode``."""
    if mode not in JOIN_MODES:
        raise ValueError(f"unknown join mode {mode!r}; one of {', '.join(JOIN_MODES)}")
    if mode == "lines":
        return compose_text(lines)
    vlines = visual_lines(lines)
    if mode == "one-line":
        text = ""
        for v in vlines:
            text = join_wrapped(text, v.text) if text else v.text.strip()
        return text
    out = []
    for group in paragraphs(vlines):
        text = ""
        for v in group:
            text = join_wrapped(text, v.text) if text else v.text.strip()
        out.append(text)
    return "\n".join(out)
