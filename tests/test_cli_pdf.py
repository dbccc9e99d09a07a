"""``desktop-ocr ocr --format pdf``: one searchable PDF of every page, in input order."""

from __future__ import annotations

from tests.helpers import DEJAVU, pdf_texts, render_lines, run_cli, save_png


def test_pdf_needs_an_output_file(tmp_path):
    r = run_cli("ocr", tmp_path, "--format", "pdf")
    assert r.returncode == 2
    assert "--output" in r.stderr


def test_all_pages_in_input_order_with_their_text(tmp_path):
    first, second = tmp_path / "b-first.png", tmp_path / "a-second.png"
    save_png(render_lines(["First page heading"], DEJAVU, size=30, width=500), first)
    save_png(render_lines(["Second page footer"], DEJAVU, size=30, width=500), second)
    out = tmp_path / "out.pdf"
    r = run_cli("ocr", first, second, tmp_path / "missing.png", "--format", "pdf", "-o", out)
    assert r.returncode == 1  # the missing file is reported, the others are written
    assert "missing.png" in r.stderr
    texts = pdf_texts(out)
    assert len(texts) == 2
    assert "First page heading" in texts[0] and "Second page footer" in texts[1]
