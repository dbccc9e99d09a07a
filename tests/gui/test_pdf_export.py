"""The window's "Searchable PDF" export: every page read so far, with the user's corrections."""

from __future__ import annotations

from tests.gui.fakes import entry_named, wait_idle
from tests.helpers import pdf_texts


def test_searchable_pdf_holds_every_page_with_its_correction(qtbot, make_window, pages, tmp_path):
    win = make_window(files=[pages / "invoice.png", pages / "notes.png"])
    wait_idle(qtbot, win, 2)
    win.select_page(entry_named(win, "invoice.png").key)
    win.edit_line(1, "Shipping to Paris office")
    out = tmp_path / "all.pdf"
    assert win.export("batch", "pdf", out)
    qtbot.waitUntil(out.exists, timeout=20000)
    texts = pdf_texts(out)
    assert len(texts) == 2
    assert "Shipping to Paris office" in texts[0] and "Berlin" not in texts[0]
    assert "Monday" in texts[1]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
