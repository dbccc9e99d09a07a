"""Exports are written atomically, hits are placed on the right words, evidence images show them."""

from __future__ import annotations

import os

import numpy as np
import pytest

from desktop_ocr.core.export import keyword_colors, render_annotated
from desktop_ocr.core.files import TargetExists, write_atomic
from desktop_ocr.core.formats import export_text
from desktop_ocr.core.results import Hit, Line, PageResult
from desktop_ocr.core.spans import span_quad


def test_write_atomic_writes_replaces_and_leaves_no_temp_file(tmp_path):
    p = tmp_path / "out.txt"
    write_atomic(p, "héllo\n")
    assert p.read_text(encoding="utf-8") == "héllo\n"
    write_atomic(p, b"second")
    assert p.read_bytes() == b"second"
    assert os.listdir(tmp_path) == ["out.txt"]
    if os.name != "nt":
        assert p.stat().st_mode & 0o777 != 0o600  # not mkstemp's private mode


def test_write_atomic_refuses_to_overwrite_when_asked_not_to(tmp_path):
    p = tmp_path / "keep.txt"
    p.write_text("precious")
    with pytest.raises(TargetExists):
        write_atomic(p, "other", overwrite=False)
    assert p.read_text() == "precious"
    assert os.listdir(tmp_path) == ["keep.txt"]
    q = tmp_path / "new.txt"
    write_atomic(q, "fresh", overwrite=False)
    assert q.read_text() == "fresh"


def test_write_atomic_failure_keeps_the_old_file(tmp_path, monkeypatch):
    p = tmp_path / "a.json"
    p.write_text("old")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(p, "new")
    assert p.read_text() == "old" and os.listdir(tmp_path) == ["a.json"]


BOX = [[100.0, 10.0], [400.0, 10.0], [400.0, 40.0], [100.0, 40.0]]


def test_span_quad_is_the_words_share_of_the_box():
    text = "pay Berlin now"
    q = span_quad(BOX, text, 4, 10)  # "Berlin"
    xs = [p[0] for p in q]
    assert 100 < min(xs) < 200 and 250 < max(xs) < 340
    assert [p[1] for p in q] == [10.0, 10.0, 40.0, 40.0]
    assert span_quad(BOX, text, 0, len(text)) == BOX


def test_span_quad_counts_cjk_characters_double_width():
    # two CJK characters then four Latin ones: the CJK half takes half the box
    q = span_quad(BOX, "敏感abcd", 0, 2)
    assert max(p[0] for p in q) == pytest.approx(250.0)


def test_span_quad_follows_a_slanted_line():
    box = [[0.0, 0.0], [100.0, 50.0], [90.0, 70.0], [-10.0, 20.0]]
    q = span_quad(box, "abcdeabcde", 5, 10)
    assert q[0] == pytest.approx([50.0, 25.0]) and q[1] == pytest.approx([100.0, 50.0])


def test_render_annotated_fills_hits_in_their_colour_and_outlines_boxes():
    img = np.full((60, 500, 3), 255, np.uint8)
    res = PageResult(
        "p.png", None, 500, 60, lines=[Line("pay Berlin now", BOX, 0.9)], hits=[Hit("berlin", 0, 4, 10)]
    )
    colors = keyword_colors(["berlin"])
    out = render_annotated(img, res, colors)
    assert out.shape == img.shape and img.min() == 255  # the input is untouched
    r, g, b = colors["berlin"]
    q = np.array(span_quad(BOX, "pay Berlin now", 4, 10))
    cx, cy = q.mean(axis=0).astype(int)
    px = out[cy, cx].astype(int)  # BGR
    expect = 0.45 * np.array([b, g, r]) + 0.55 * 255
    assert np.abs(px - expect).max() <= 2
    assert (out[10, 250] != 255).any()  # the box outline, top edge
    assert (out[25, 380] == 255).all()  # inside the box, outside the hit: untouched


def test_export_text_matches_the_command_line_formats():
    res = PageResult("p.png", None, 10, 10, lines=[Line("a", BOX, 0.5)])
    assert export_text([res], "txt") == "a\n"
    assert export_text([res], "json").startswith("[")
    with pytest.raises(ValueError):
        export_text([res], "docx")


def test_hits_csv_has_one_row_per_hit_with_the_matched_span_and_possible_flag():
    import csv
    import io

    line = Line("你敢要我", [[0, 0], [400, 0], [400, 40], [0, 40]], 0.9)
    res = PageResult("shot.png", 2, 400, 40, lines=[line], hits=[Hit("敢耍我", 0, 1, 4, possible=True)])
    rows = list(csv.reader(io.StringIO(export_text([res, PageResult.failure("x.png", None, "bad")], "hits"))))
    assert rows[1][:7] == ["shot.png", "2", "敢耍我", "1", "1", "你敢要我", "敢要我"]
    assert [float(v) for v in rows[1][7:9]] == [100.0, 0.0]  # the span starts a quarter in
    assert len(rows) == 2  # a failed page has no hits
