"""The DOCX export: each page's name as a heading, its paragraphs, a page break between pages.

A word processor re-wraps a paragraph itself, so each paragraph goes out as one run of text
without the page's hard line breaks (a word hyphenated at a line end joined back). No Qt here;
python-docx is imported when a document is made, so reading pages never loads it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from desktop_ocr.core.results import PageResult


def page_paragraphs(result: PageResult) -> list[str]:
    """The text of each paragraph of a read page, in reading order: the page's own paragraphs
    (``Line.paragraph``, see ``core.joining``), a list's items and a table's rows (cells separated
    by tabs) one each."""
    return [p for p in result.joined("paragraphs").split("\n") if p.strip()]


def to_docx(results: Sequence[PageResult]) -> bytes:
    """``results`` as a Word document (.docx): per page a heading with its name, then its paragraphs;
    a failed page says why; each page after the first starts on a new page."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document()
    # Word picks the font for Han characters from the theme by the East Asian language: the blank
    # document says en-US; Simplified Chinese makes it use the theme's Chinese font (SimSun)
    lang = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    doc.core_properties.title = results[0].label if len(results) == 1 else "OCR results"
    for i, r in enumerate(results):
        if i:
            doc.add_page_break()
        doc.add_heading(r.label, level=2)
        if r.error is not None:
            doc.add_paragraph(f"Error: {r.error}")
            continue
        for para in page_paragraphs(r):
            doc.add_paragraph(para)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


__all__ = ["page_paragraphs", "to_docx"]
