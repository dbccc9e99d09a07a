"""The export-format table: one entry per format feeds the command line and the Export dialog."""

from __future__ import annotations

import pytest

from desktop_ocr.cli import build_parser
from desktop_ocr.core.formats import EXPORT_FORMATS, FORMATS, ExportFormat, export, export_text
from desktop_ocr.core.results import Hit, Line, PageResult

PAGE = PageResult(
    path="/x/scan.png",
    page=None,
    width=200,
    height=40,
    lines=[Line(text="pay Berlin now", box=[[0, 0], [140, 0], [140, 20], [0, 20]], score=0.9)],
    hits=[Hit(keyword="berlin", line=0, start=4, end=10)],
)


def test_every_format_is_offered_where_it_can_be_used():
    for name in FORMATS:  # the command line prints every text format
        assert build_parser().parse_args(["ocr", "x.png", "--format", name]).format == name
    assert list(EXPORT_FORMATS) == ["txt", "json", "csv", "md", "hits", "pdf"]
    assert {f.suffix for f in FORMATS.values()} >= {".txt", ".json", ".csv", ".md"}
    assert all(f.label and f.suffix.startswith(".") for f in FORMATS.values())


def test_each_format_exports_the_page():
    assert export_text([PAGE], "txt") == "pay Berlin now\n"
    assert (
        export_text([PAGE], "hits")
        .splitlines()[1]
        .startswith("/x/scan.png,,berlin,0,1,pay Berlin now,Berlin,")
    )
    with pytest.raises(ValueError, match="unknown export format"):
        export_text([PAGE], "docx")


def test_adding_a_binary_format_that_draws_pages_is_one_entry(monkeypatch):
    def to_png_sizes(results, page_image):
        return b"".join(page_image(r).tobytes() for r in results)

    extra = ExportFormat("png", "Pictures", ".png", to_png_sizes, binary=True, needs_pages=True)
    monkeypatch.setitem(FORMATS, "png", extra)
    with pytest.raises(ValueError, match="needs the page images"):
        export([PAGE], "png")
    import numpy as np

    assert export([PAGE], "png", page_image=lambda r: np.zeros((1, 2), np.uint8)) == b"\0\0"
    with pytest.raises(ValueError, match="not a text format"):
        export_text([PAGE], "png")
