"""``desktop-ocr ocr --format pdf``: one searchable PDF of every page, in input order."""

from __future__ import annotations

import subprocess
import sys

import pypdfium2

from tests.helpers import DEJAVU, render_lines, save_png


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "desktop_ocr", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def test_pdf_needs_an_output_file(tmp_path):
    r = run("ocr", tmp_path, "--format", "pdf")
    assert r.returncode == 2
    assert "--output" in r.stderr


def test_all_pages_in_input_order_with_their_text(tmp_path):
    first, second = tmp_path / "b-first.png", tmp_path / "a-second.png"
    save_png(render_lines(["First page heading"], DEJAVU, size=30, width=500), first)
    save_png(render_lines(["Second page footer"], DEJAVU, size=30, width=500), second)
    out = tmp_path / "out.pdf"
    r = run("ocr", first, second, tmp_path / "missing.png", "--format", "pdf", "-o", out)
    assert r.returncode == 1  # the missing file is reported, the others are written
    assert "missing.png" in r.stderr
    doc = pypdfium2.PdfDocument(str(out))
    try:
        texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
    assert len(texts) == 2
    assert "First page heading" in texts[0] and "Second page footer" in texts[1]
