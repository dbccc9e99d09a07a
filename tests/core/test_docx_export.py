"""The Word export, read back with python-docx: each page's paragraphs (read by the real models from
rendered pages), its name as a heading, a page break between pages."""

from __future__ import annotations

import io

import pytest

from desktop_ocr.core.formats import FORMATS, export_file
from desktop_ocr.core.results import PageResult
from tests.helpers import DEJAVU, cer, render_lines

docx = pytest.importorskip("docx")  # a main dependency; a clear skip if an install lacks it

# monospace and full-width characters: the wrapped lines of a paragraph end at one right edge,
# which is what tells wrapped prose from lines broken by their writer (see core.joining)
MONO = DEJAVU.replace("DejaVuSans.ttf", "DejaVuSansMono.ttf")
EN = [
    [
        "The committee met on Monday to review the",
        "budget for the coming year and agreed to",
        "three new projects.",
    ],
    ["Work on the first project starts in March", "and the team will report back in June at", "the latest."],
]
ZH = [
    ["会议在星期一审查了明年的预算并同意了三个", "新的项目，第一个项目将于三月开始，团队将", "在六月汇报。"],
    [
        "所有成员都对这个计划表示满意，并且感谢大",
        "家在过去一年里的辛勤工作和无私的奉献，会",
        "议在中午结束。",
    ],
]


def page(engine, paragraphs, font, path, size):
    lines = paragraphs[0] + [""] + paragraphs[1]  # a blank line between the two paragraphs
    result = engine.ocr(render_lines(lines, font, size=size, width=760))
    result.path = path
    return result


def body(data: bytes) -> list[tuple[str, str, bool]]:
    """(style, text, holds a page break) of each paragraph of a .docx, in order."""
    from docx.oxml.ns import qn

    doc = docx.Document(io.BytesIO(data))
    out = []
    for p in doc.paragraphs:
        brk = any(br.get(qn("w:type")) == "page" for br in p._p.iter(qn("w:br")))
        out.append((p.style.name, p.text, brk))
    return out


def test_docx_holds_each_pages_paragraphs_with_a_page_break_between_pages(engine, cjk_font):
    en = page(engine, EN, MONO, "/scans/minutes.png", 24)
    zh = page(engine, ZH, cjk_font, "/scans/会议.png", 28)
    fmt = FORMATS["docx"]
    assert fmt.binary and fmt.suffix == ".docx"
    data = export_file([en, zh, PageResult.failure("/scans/broken.png", None, "cannot read")], "docx")
    assert data[:2] == b"PK"  # a .docx is a zip
    paras = body(data)
    breaks = [i for i, (_, _, brk) in enumerate(paras) if brk]
    headings = [(i, text) for i, (style, text, _) in enumerate(paras) if style.startswith("Heading")]
    assert [t for _, t in headings] == ["minutes.png", "会议.png", "broken.png"]
    # each page after the first starts on a new page: a break just before its heading
    assert breaks == [headings[1][0] - 1, headings[2][0] - 1]
    en_paras = [t for _, t, brk in paras[headings[0][0] + 1 : breaks[0]] if not brk]
    zh_paras = [t for _, t, brk in paras[headings[1][0] + 1 : breaks[1]] if not brk]
    # one paragraph per paragraph of the page, its wrapped lines joined (no hard line breaks)
    assert len(en_paras) == 2 and len(zh_paras) == 2
    for got, want in zip(en_paras + zh_paras, EN + ZH):
        assert cer("".join(want), got) <= 0.05, (got, want)  # the CER ignores spaces
    assert en_paras[0].startswith("The committee") and "\n" not in en_paras[0]
    assert paras[headings[2][0] + 1][1] == "Error: cannot read"
    styles = docx.Document(io.BytesIO(data)).styles.element.xml
    assert 'w:eastAsia="zh-CN"' in styles  # Han characters in the Chinese font


def test_a_corrected_line_is_what_the_docx_says(engine):
    result = page(engine, EN, MONO, "/scans/minutes.png", 24)
    last = max(range(len(result.lines)), key=lambda i: result.lines[i].bounds[1])
    result.set_line_text(last, "the latest, in July.")
    texts = [t for _, t, _ in body(export_file([result], "docx"))]
    assert texts[-1].endswith("report back in June at the latest, in July.")
