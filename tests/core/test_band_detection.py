"""A large page is detected in bands of its model input (bounded memory) and read as one
detection of the whole page reads it: every line once and whole, lines on the band seams too;
and a table row's cells that detection joined across a wide blank come back as lines of their own."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from desktop_ocr.core.det_geometry import plan_windows
from desktop_ocr.core.engine import EngineOptions, OcrEngine
from desktop_ocr.core.stages import DetOptions
from tests.helpers import DEJAVU, SERIF, bgr

WORDS = "amber birch cedar delta ember fjord grove harbor island jasper kettle lumen".split()


def test_a_page_in_bands_reads_every_line_once_as_the_whole_page_does(engine):
    w, h = 2000, 2536
    (win,) = plan_windows(h, w, engine.detector.opt)
    assert len(win.bands()) > 2  # this page is run in bands
    # a line on every seam between two bands (in page rows), and lines between them
    on_seams = [int(u0 / win.scale) - 14 for _, _, u0, _ in win.bands()[1:]]
    between = [y for y in range(150, h - 100, 260) if all(abs(y - s) > 60 for s in on_seams)]
    rows = sorted(on_seams + between)
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(DEJAVU, 30)
    expected = []
    for i, y in enumerate(rows):
        text = f"{WORDS[i % len(WORDS)]} and {WORDS[(5 * i + 3) % len(WORDS)]} on the page"
        d.text((160, y), text, font=font, fill="black")
        expected.append(text)
    page = bgr(img)
    whole = OcrEngine(options=EngineOptions(det=DetOptions(max_pixels=10**9)))
    assert len(plan_windows(h, w, whole.detector.opt)[0].bands()) == 1
    banded, single = engine.ocr(page), whole.ocr(page)
    assert sorted(ln.text for ln in banded.lines) == sorted(expected)
    assert [ln.text for ln in banded.lines] == [ln.text for ln in single.lines]
    for a, b in zip(banded.lines, single.lines):
        assert np.abs(np.array(a.box) - np.array(b.box)).max() <= 4  # the same boxes, to a few pixels


def test_table_cells_joined_by_detection_across_a_wide_blank_are_lines_of_their_own(engine):
    # a small serif table: two cells close together, the third after a blank 1.4 text heights wide
    # (detection joins all three into one box, as on a scanned financial report)
    rows = [["$(0.12)A", "$0.01A", "$(0.36)A"], ["$(0.14)A", "$(0.08)A", "$(0.17)E"]]
    size = 18
    font = ImageFont.truetype(SERIF, size)
    img = Image.new("RGB", (1400, 900), "white")
    d = ImageDraw.Draw(img)
    third_x = []
    for j, row in enumerate(rows):
        x = 100.0
        for k, cell in enumerate(row):
            if k == 2:
                third_x.append(x)
            d.text((x, 100 + j * size * 1.3), cell, font=font, fill="black")
            x += d.textlength(cell, font=font) + size * (0.6 if k == 0 else 1.4)
    res = engine.ocr(bgr(img))
    assert [ln.text for ln in res.lines] == ["$(0.12)A $0.01A", "$(0.36)A", "$(0.14)A $(0.08)A", "$(0.17)E"]
    for ln, x in zip(res.lines[1::2], third_x):
        assert abs(ln.bounds[0] - x) <= 8  # the third cell's box starts where its text does
    for a, b in zip(res.lines[0::2], res.lines[1::2]):
        assert a.bounds[2] < b.bounds[0]  # the first part's box ends before the blank's far side
    assert res.joined("lines").splitlines() == [" ".join(r) for r in rows]  # each row still reads whole
