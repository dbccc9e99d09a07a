"""The export-format table: one entry per format feeds the command line and the Export dialog."""

from __future__ import annotations

import pytest

from desktop_ocr.cli import build_parser
from desktop_ocr.core.formats import EXPORT_FORMATS, FORMATS, ExportFormat, export, export_file, export_text
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
    assert list(EXPORT_FORMATS) == ["txt", "json", "csv", "md", "hits", "docx", "pdf"]
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
        export_text([PAGE], "xlsx")
    with pytest.raises(ValueError, match="not a text format"):
        export_text([PAGE], "docx")


def test_csv_files_start_with_a_byte_order_mark_so_excel_reads_chinese():
    import csv
    import io

    zh = PageResult(
        path="/x/发票.png",
        page=None,
        width=200,
        height=40,
        lines=[Line(text="付款给北京", box=[[0, 0], [100, 0], [100, 20], [0, 20]], score=0.9)],
        hits=[Hit(keyword="北京", line=0, start=3, end=5)],
    )
    for fmt in ("csv", "hits"):
        data = export_file([zh], fmt)
        assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows[0][0] == "path" and rows[1][0] == "/x/发票.png"  # the mark is not in the header
        assert "付款给北京" in rows[1]
        assert not export_text([zh], fmt).startswith("\ufeff")  # what is printed has none
    for fmt in ("txt", "json", "md"):  # other text formats are plain UTF-8
        assert export_file([zh], fmt) == export_text([zh], fmt).encode("utf-8")


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
