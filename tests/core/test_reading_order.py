"""Reading order: columns, rows, joining, on synthetic boxes and a rendered two-column page."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from desktop_ocr.core.reading_order import compose_text, join_pieces, order_lines
from desktop_ocr.core.results import Line
from tests.helpers import DEJAVU, cer


def box(x0, y0, x1, y1, text):
    return Line(text=text, box=[[x0, y0], [x1, y0], [x1, y1], [x0, y1]], score=1.0)


def test_boxes_on_one_visual_line_are_joined_left_to_right():
    lines = [box(300, 10, 500, 40, "world"), box(10, 12, 250, 42, "Hello"), box(10, 60, 200, 90, "next")]
    ordered = order_lines(lines)
    assert [ln.text for ln in ordered] == ["Hello", "world", "next"]
    assert compose_text(ordered) == "Hello world\nnext"


def test_cjk_pieces_join_without_space_latin_with_space():
    assert join_pieces("中文", "文本") == "中文文本"
    assert join_pieces("Hello", "world") == "Hello world"
    assert join_pieces("价格", "100") == "价格100"


def test_two_columns_under_a_full_width_title_read_column_by_column():
    lines = [box(20, 10, 980, 50, "TITLE")]
    for i in range(6):
        y = 80 + i * 40
        lines.append(box(20, y, 470, y + 28, f"L{i}"))
        lines.append(box(530, y + 5, 980, y + 33, f"R{i}"))
    lines.append(box(20, 400, 980, 430, "FOOTER"))
    ordered = [ln.text for ln in order_lines(lines)]
    assert ordered == ["TITLE"] + [f"L{i}" for i in range(6)] + [f"R{i}" for i in range(6)] + ["FOOTER"]


def test_table_cells_are_read_row_by_row():
    lines = []
    for r in range(4):
        y = 20 + r * 40
        for c in range(3):
            lines.append(box(20 + c * 300, y, 120 + c * 300, y + 25, f"r{r}c{c}"))
    assert [ln.text for ln in order_lines(lines)] == [f"r{r}c{c}" for r in range(4) for c in range(3)]


def test_table_with_a_long_description_column_is_read_row_by_row():
    # a price list: code | description (long cells) | two prices, every row filled
    lines = []
    for r in range(8):
        y = 20 + r * 40
        lines.append(box(20, y, 220, y + 28, f"code{r}"))
        lines.append(box(280, y, 930, y + 28, f"description of item {r}"))
        lines.append(box(1000, y, 1120, y + 28, f"p{r}"))
        lines.append(box(1160, y, 1280, y + 28, f"q{r}"))
    got = [ln.text for ln in order_lines(lines)]
    assert got == [t for r in range(8) for t in (f"code{r}", f"description of item {r}", f"p{r}", f"q{r}")]


def test_line_numbered_transcript_pages_are_read_page_by_page():
    # two transcript pages side by side, each line numbered in its margin (a deposition)
    lines = [box(100, 10, 1900, 40, "HEADER")]
    for i in range(10):
        y = 80 + i * 34
        lines.append(box(20, y, 50, y + 26, f"n{i}"))
        lines.append(box(100, y, 900, y + 26, f"left {i}"))
        lines.append(box(1000, y, 1030, y + 26, f"m{i}"))
        lines.append(box(1080, y, 1880, y + 26, f"right {i}"))
    got = [ln.text for ln in order_lines(lines)]
    left = [t for t in got if t.startswith("left")]
    right = [t for t in got if t.startswith("right")]
    assert left == [f"left {i}" for i in range(10)] and right == [f"right {i}" for i in range(10)]
    # the whole left page comes before the right one
    assert got.index("left 9") < got.index("right 0")


def _render_two_column_page() -> tuple:
    left = ["The first column starts", "with this line of text", "and goes on down here", "to its very end."]
    right = [
        "A second column follows",
        "right beside the first",
        "with its own sentences",
        "in reading order.",
    ]
    img = Image.new("RGB", (1300, 520), "white")
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(DEJAVU, 30)
    d.text((40, 30), "Two Column Page Heading", font=ImageFont.truetype(DEJAVU, 40), fill="black")
    for i, (a, b) in enumerate(zip(left, right)):
        d.text((40, 130 + i * 80), a, font=font, fill="black")
        d.text((700, 150 + i * 80), b, font=font, fill="black")  # baselines not aligned, as in print
    import numpy as np

    return np.array(img)[:, :, ::-1].copy(), left, right


def test_rendered_two_column_page_text_has_each_column_in_order(engine):
    page, left, right = _render_two_column_page()
    text = engine.ocr(page).text
    expected = "\n".join(["Two Column Page Heading", *left, *right])
    assert cer(expected, text) < 0.05
    got = text.splitlines()
    assert got[0].startswith("Two Column")
    assert [g[:10] for g in got[1:5]] == [s[:10] for s in left]
    assert [g[:10] for g in got[5:9]] == [s[:10] for s in right]


def test_a_line_merged_across_a_narrow_gutter_is_cut_back_into_its_columns():
    # two columns 30 px apart (about one line height); the detector merged the fourth lines of
    # both columns into one box
    from desktop_ocr.core.joining import structure

    lines = [box(20, 10, 980, 40, "A TITLE ACROSS THE COLUMNS")]
    for i in range(8):
        y = 80 + i * 36
        if i == 3:
            lines.append(box(20, y, 980, y + 28, "left words of line three right words of line three"))
            continue
        lines.append(box(20, y, 485, y + 28, f"left line {i}"))
        lines.append(box(515, y + 4, 980, y + 32, f"right line {i}"))
    got = [ln.text for ln in structure(lines)]
    assert got[0] == "A TITLE ACROSS THE COLUMNS"
    left = [t for t in got if t.startswith("left")]
    assert got[1 : 1 + len(left)] == left  # the whole left column first
    assert "left words of line three" in left and "right words of line three" in got[1 + len(left) :]
    assert got.index("left line 2") < got.index("left words of line three") < got.index("left line 4")
    assert got.index("right line 2") < got.index("right words of line three") < got.index("right line 4")
