"""Typed OCR results that know how to export themselves.

The JSON record of a page is a contract read by outside scorers (``ocr_eval.py``) and by the
session store: keys and types stay stable, new keys may only be added.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

from desktop_ocr.core.csv_cells import SafeCsvWriter
from desktop_ocr.core.pages import page_label
from desktop_ocr.core.spans import span_quad
from desktop_ocr.settings import BY_NAME

DEFAULT_JOIN_MODE: str = BY_NAME["join_mode"].default

Point = list[float]


@dataclass
class Hit:
    """A keyword found in line ``line`` (index into ``PageResult.lines``) at ``[start, end)``.

    ``possible``: found only when a character of the span is read as its runner-up (see
    ``Line.alternates``): the text as read shows a look-alike of the keyword, for a person to check.
    """

    keyword: str
    line: int
    start: int
    end: int
    possible: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"keyword": self.keyword, "line": self.line, "start": self.start, "end": self.end}
        if self.possible:
            d["possible"] = True
        return d


@dataclass
class Line:
    """One detected text box: its text, its quadrilateral in original-image pixels, its score."""

    text: str
    box: list[Point]
    score: float
    edited: bool = False
    # (index in text, character, probability): the recogniser's runner-up reading of uncertain
    # characters, used only to find possible keyword hits; dropped when the user edits the text
    alternates: list[tuple[int, str, float]] = field(default_factory=list)
    # where the line sits in the page's layout (set when the page is read; see core.joining):
    # its block and paragraph, counted over the page, and in a table its cell's column
    block: int | None = None
    paragraph: int | None = None
    column: int | None = None

    def correct(self, text: str) -> None:
        """A user's correction: marked as edited; the runner-up readings of the old text go."""
        if self.text != text:
            self.text = text
            self.edited = True
            self.alternates = []

    def restore(self, text: str, edited: bool, alternates: list[tuple[int, str, float]]) -> None:
        """Undo of a correction: the text, edited flag and runner-up readings it had before."""
        self.text = text
        self.edited = edited
        self.alternates = list(alternates)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.box]
        ys = [p[1] for p in self.box]
        return min(xs), min(ys), max(xs), max(ys)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "box": [[round(float(x), 1), round(float(y), 1)] for x, y in self.box],
            "score": round(float(self.score), 4),
        }
        if self.edited:
            d["edited"] = True
        if self.alternates:
            d["alternates"] = [[i, ch, round(float(p), 3)] for i, ch, p in self.alternates]
        if self.block is not None:
            d["block"] = self.block
            d["paragraph"] = self.paragraph
        if self.column is not None:
            d["column"] = self.column
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Line:
        return cls(
            text=d["text"],
            box=[[float(x), float(y)] for x, y in d["box"]],
            score=float(d.get("score", 0.0)),
            edited=bool(d.get("edited", False)),
            alternates=[(int(i), str(ch), float(p)) for i, ch, p in d.get("alternates", [])],
            block=_opt_int(d.get("block")),
            paragraph=_opt_int(d.get("paragraph")),
            column=_opt_int(d.get("column")),
        )


def _opt_int(v: Any) -> int | None:
    return None if v is None else int(v)


@dataclass
class PageResult:
    """The OCR result of one page (an image, a PDF page, a TIFF frame, a video frame).

    ``lines`` are in reading order. ``text`` is the page's visual lines in that order joined by
    newlines, boxes on one visual line joined by a space between Latin words and nothing between
    CJK characters (see :mod:`desktop_ocr.core.reading_order`).
    """

    path: str
    page: int | None
    width: int
    height: int
    lines: list[Line] = field(default_factory=list)
    elapsed_ms: float = 0.0
    error: str | None = None
    hits: list[Hit] | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def text(self) -> str:
        from desktop_ocr.core.reading_order import compose_text

        return compose_text(self.lines)

    def joined(self, mode: str = DEFAULT_JOIN_MODE, *, markdown: bool = False) -> str:
        """The page's text joined per ``mode`` (see :mod:`desktop_ocr.core.joining`): by default
        paragraphs separated by blank lines and table rows with their cells together."""
        from desktop_ocr.core.joining import join_text

        return join_text(self.lines, mode, markdown=markdown)

    @property
    def ok(self) -> bool:
        return self.error is None

    def set_line_text(self, index: int, text: str) -> None:
        """A user's correction: kept in the result and used by every export.

        The line's hits were spans of its old text: they are dropped at once, so that no picture
        or export puts them on the new text (``KeywordMatcher.rematch_line`` finds the new ones).
        """
        if self.lines[index].text == text:
            return
        self.lines[index].correct(text)
        if self.hits is not None:
            self.hits = [h for h in self.hits if h.line != index]

    def restore_line(
        self, index: int, text: str, edited: bool, alternates: list[tuple[int, str, float]]
    ) -> None:
        """The undo of a correction: the line as it was (``Line.restore``); its hits, spans of the
        text it had, are dropped at once like a correction's."""
        self.lines[index].restore(text, edited, alternates)
        if self.hits is not None:
            self.hits = [h for h in self.hits if h.line != index]

    # -- export -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        if self.error is not None:
            return {"path": self.path, "page": self.page, "error": self.error}
        d: dict[str, Any] = {
            "path": self.path,
            "page": self.page,
            "width": self.width,
            "height": self.height,
            "text": self.text,
            "lines": [ln.to_dict() for ln in self.lines],
            "elapsed_ms": round(self.elapsed_ms, 1),
            "error": None,
        }
        if self.hits is not None:
            d["hits"] = [h.to_dict() for h in self.hits]
        return d

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PageResult:
        hits = d.get("hits")
        return cls(
            path=d["path"],
            page=d.get("page"),
            width=int(d.get("width") or 0),
            height=int(d.get("height") or 0),
            lines=[Line.from_dict(x) for x in d.get("lines", [])],
            elapsed_ms=float(d.get("elapsed_ms") or 0.0),
            error=d.get("error"),
            hits=[Hit(**h) for h in hits] if hits is not None else None,
        )

    @classmethod
    def failure(cls, path: str, page: int | None, message: str) -> PageResult:
        return cls(path=path, page=page, width=0, height=0, error=message)

    @property
    def label(self) -> str:
        """How the page is named to a user: the file name, with its page number if it has one."""
        return page_label(self.path, self.page)


CSV_HEADER = [
    "path",
    "page",
    "line",
    "text",
    "score",
    "x0",
    "y0",
    "x1",
    "y1",
    "x2",
    "y2",
    "x3",
    "y3",
    "edited",
]


def csv_rows(result: PageResult) -> list[list[Any]]:
    """One row per line with its box and score (a failed page gives one row holding its error)."""
    if result.error is not None:
        return [[result.path, result.page, "", f"ERROR: {result.error}", "", *[""] * 8, ""]]
    rows = []
    for i, ln in enumerate(result.lines):
        coords = [round(float(v), 1) for p in ln.box for v in p]
        rows.append(
            [
                result.path,
                result.page if result.page is not None else "",
                i + 1,
                ln.text,
                round(ln.score, 4),
                *coords,
                int(ln.edited),
            ]
        )
    return rows


def to_csv(results: list[PageResult], header: bool = True) -> str:
    buf = io.StringIO()
    w = SafeCsvWriter(buf)
    if header:
        w.writerow(CSV_HEADER)
    for r in results:
        w.writerows(csv_rows(r))
    return buf.getvalue()


def to_txt(results: list[PageResult], join_mode: str = DEFAULT_JOIN_MODE) -> str:
    parts = []
    for r in results:
        if len(results) > 1:
            parts.append(f"==> {r.label} <==")
        parts.append(r.joined(join_mode) if r.error is None else f"ERROR: {r.error}")
    return "\n".join(parts) + "\n"


def to_markdown(results: list[PageResult], join_mode: str = DEFAULT_JOIN_MODE) -> str:
    out = []
    for r in results:
        out.append(f"## {r.label}\n")
        if r.error is not None:
            out.append(f"> **Error:** {r.error}\n")
            continue
        out.append(r.joined(join_mode, markdown=True) + "\n")
    return "\n".join(out)


def to_json(results: list[PageResult]) -> str:
    return json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2) + "\n"


def to_jsonl(results: list[PageResult]) -> str:
    return "".join(r.to_json() + "\n" for r in results)


HITS_CSV_HEADER = ["path", "page", "keyword", "possible", "line", "text", "match"] + [
    f"{a}{i}" for i in range(4) for a in "xy"
]


def to_hits_csv(results: list[PageResult]) -> str:
    """The keyword hits as evidence, one row each: where, which keyword, whether only a look-alike
    reading made it (possible), the line, the matched characters and their quadrilateral."""
    buf = io.StringIO()
    w = SafeCsvWriter(buf)
    w.writerow(HITS_CSV_HEADER)
    for r in results:
        for h in r.hits or []:
            if not 0 <= h.line < len(r.lines):
                continue
            ln = r.lines[h.line]
            quad = span_quad(ln.box, ln.text, h.start, h.end)
            where = [r.path, "" if r.page is None else r.page]
            what = [h.keyword, int(h.possible), h.line + 1, ln.text, ln.text[h.start : h.end]]
            w.writerow([*where, *what, *(round(v, 1) for p in quad for v in p)])
    return buf.getvalue()
