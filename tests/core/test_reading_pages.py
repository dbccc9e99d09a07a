"""Whole pages read in order with the real models: columns with a narrow gutter under a title
across them, a footnote, paragraphs joined (hyphenation), a table read row by row, Chinese."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from desktop_ocr.core.results import to_markdown, to_txt
from tests.helpers import DEJAVU, bgr, render_paper


def test_two_columns_with_a_narrow_gutter_are_read_column_by_column(engine):
    res = engine.ocr(render_paper())
    text = res.text
    lines = text.splitlines()
    assert lines[0].startswith("A Title Set"), text
    # no visual line mixes the two columns (a merged row would hold both)
    assert not any("Column one" in ln and "Column two" in ln for ln in lines), text
    pos = [text.find(s) for s in ("Column one", "A second", "Footnote", "Column two", "The last")]
    assert all(p >= 0 for p in pos) and pos == sorted(pos), text
    # JSON: every line carries its block and paragraph; each column is a block, the title another
    d = res.to_dict()
    assert all("block" in ln and "paragraph" in ln for ln in d["lines"])
    where = {ln["text"][:10]: (ln["block"], ln["paragraph"]) for ln in d["lines"]}
    assert len({where["A Title Se"][0], where["Column one"][0], where["Column two"][0]}) == 3
    assert where["short clai"] == where["Column one"] != where["A second p"] != where["1 Footnote"]


def test_paragraphs_are_joined_and_dehyphenated_in_txt_and_md(engine):
    res = engine.ocr(render_paper())
    txt = to_txt([res])
    paras = [p for p in txt.strip().split("\n\n")]
    starts = [p[:10] for p in paras]
    assert starts == ["A Title Se", "Column one", "A second p", "1 Footnote", "Column two", "The last p"], txt
    assert "the method indicates a better order" in paras[1]
    assert "state-of-the-art systems" in paras[4]
    assert "\n" not in paras[1] and "\n" not in paras[4]
    md = to_markdown([res])
    assert "the method indicates a better order" in md and "state-of-the-art" in md
    # the setting that keeps the lines as read
    kept = to_txt([res], join_mode="lines")
    assert "the method indi-\ncates" in kept


def render_table() -> tuple[np.ndarray, list[list[str]]]:
    rows = [
        ["Item", "Qty", "Price"],
        ["Apples", "12", "3.40"],
        ["Bread", "2", "5.10"],
        ["Coffee", "1", "9.99"],
    ]
    font = ImageFont.truetype(DEJAVU, 26)
    img = Image.new("RGB", (900, 420), "white")
    d = ImageDraw.Draw(img)
    d.text((40, 30), "Shopping list for the week ahead", font=font, fill="black")
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            d.text((60 + c * 260, 120 + r * 60), cell, font=font, fill="black")
    return bgr(img), rows


def test_a_table_is_read_row_by_row_tabs_in_txt_and_a_markdown_table(engine):
    page, rows = render_table()
    res = engine.ocr(page)
    txt = to_txt([res])
    got = [ln.split("\t") for ln in txt.splitlines() if "\t" in ln]
    assert got == rows, txt
    md = to_markdown([res]).splitlines()
    i = md.index("| Item | Qty | Price |")
    assert md[i + 1] == "| --- | --- | --- |"
    assert md[i + 2 : i + 5] == ["| Apples | 12 | 3.40 |", "| Bread | 2 | 5.10 |", "| Coffee | 1 | 9.99 |"]
    assert {ln.column for ln in res.lines if ln.text in ("Qty", "12", "2", "1")} == {1}


ZH_LEFT = ["今天我们讨论文字识别的阅读", "顺序问题，左栏先读完整段再", "读右栏。"]
ZH_RIGHT = ["右栏的内容从页面上方开始，", "一直写到这一栏的最底部为止", "结束。"]


@pytest.fixture
def chinese_page(cjk_font) -> np.ndarray:
    font = ImageFont.truetype(cjk_font, 30)
    img = Image.new("RGB", (1000, 360), "white")
    d = ImageDraw.Draw(img)
    d.text((300, 20), "双栏中文页面", font=ImageFont.truetype(cjk_font, 40), fill="black")
    for i, (a, b) in enumerate(zip(ZH_LEFT, ZH_RIGHT, strict=True)):
        d.text((40, 110 + i * 50), a, font=font, fill="black")
        d.text((530, 116 + i * 50), b, font=font, fill="black")
    return bgr(img)


def test_two_column_chinese_page_is_read_by_columns_and_joined_without_spaces(engine, chinese_page):
    res = engine.ocr(chinese_page)
    paras = to_txt([res]).strip().split("\n\n")
    assert paras[0] == "双栏中文页面"
    assert paras[1] == "".join(ZH_LEFT), paras
    assert paras[2] == "".join(ZH_RIGHT), paras
