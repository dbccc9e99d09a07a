"""Exports from the window as a user saves them: the Export dialog offers a Word document, and the
CSV carries the byte order mark Excel needs for Chinese."""

from __future__ import annotations

import csv
import io

import pytest
from PySide6.QtWidgets import QFileDialog

from tests.helpers import DEJAVU, cer, render_lines, save_png

docx = pytest.importorskip("docx")

FIRST = ["Invoice for the Berlin office", "Total due by Friday"]
SECOND = ["Meeting notes for Monday", "Budget approved by Anna"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    d = tmp_path_factory.mktemp("pages")
    save_png(render_lines(FIRST, DEJAVU, width=600), d / "invoice.png")
    save_png(render_lines(SECOND, DEJAVU, width=600), d / "notes.png")
    return d


def test_export_dialog_offers_word_and_writes_a_document_with_a_page_per_page(
    qtbot, make_window, pages, tmp_path, monkeypatch
):
    from docx.oxml.ns import qn

    win = make_window(files=[pages / "invoice.png", pages / "notes.png"])
    qtbot.waitUntil(lambda: len(win.model.entries) == 2 and not win.busy, timeout=30000)
    offered = []

    def save_dialog(parent, title, start, filters, chosen, options):
        offered.extend(filters.split(";;"))
        return str(tmp_path / "results"), "Word document (*.docx)"  # the user picks Word, types no suffix

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    win.export_dialog("batch")
    assert "Word document (*.docx)" in offered and "CSV (*.csv)" in offered
    out = tmp_path / "results.docx"
    qtbot.waitUntil(out.exists, timeout=10000)
    doc = docx.Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    breaks = [
        i
        for i, p in enumerate(doc.paragraphs)
        if any(br.get(qn("w:type")) == "page" for br in p._p.iter(qn("w:br")))
    ]
    assert texts[0] == "invoice.png" and len(breaks) == 1 and texts[breaks[0] + 1] == "notes.png"
    assert cer(" ".join(FIRST), " ".join(texts[1 : breaks[0]])) <= 0.05
    assert cer(" ".join(SECOND), " ".join(texts[breaks[0] + 2 :])) <= 0.05
    assert win.settings.state("gui/export_format") == "docx"  # offered first next time


def test_csv_from_the_window_starts_with_a_byte_order_mark(qtbot, make_window, pages, tmp_path):
    win = make_window(files=[pages / "invoice.png"])
    qtbot.waitUntil(lambda: len(win.model.entries) == 1 and not win.busy, timeout=30000)
    out = tmp_path / "page.csv"
    assert win.export("page", "csv", out)
    qtbot.waitUntil(out.exists, timeout=10000)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["path", "page", "line", "text"] and rows[1][0].endswith("invoice.png")
