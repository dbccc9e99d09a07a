"""Odd image shapes: tiny, thin and long images get a bounded detection input, and long strips are
read in overlapping windows (issue: a 1x1 PNG took 7 GB, a 30000x200 strip lost all its text)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from desktop_ocr.core.det_geometry import DetGeometry, merge_tiled_boxes, plan_windows
from desktop_ocr.core.stages import DetOptions
from tests.helpers import DEJAVU

G = DetOptions()
# the bound whatever the image's shape: 2048 x 2048 (48 MB as float32, not gigabytes)
MAX_INPUT = 2048 * 2048


@pytest.mark.parametrize("h,w", [(1, 1), (40, 1), (1, 40), (300, 1), (1, 300), (8, 8), (5, 4000)])
def test_images_too_small_to_hold_text_get_no_detection_input(h, w):
    assert plan_windows(h, w, G) == []


@pytest.mark.parametrize(
    "h,w",
    [(8, 16), (9, 300), (16, 16), (10, 5000), (5000, 10), (60, 1920), (2536, 2000), (20000, 1280)]
    + [(200, 30000), (30000, 200), (8, 100_000), (40_000, 40_000), (12, 2000), (2000, 12)],
)
def test_detection_input_is_bounded_in_area_and_aspect(h, w):
    windows = plan_windows(h, w, G)
    assert windows
    for win in windows:
        assert win.tensor_h * win.tensor_w <= MAX_INPUT
        assert max(win.tensor_h, win.tensor_w) / min(win.tensor_h, win.tensor_w) <= 9
    # the windows cover the whole image
    covered = np.zeros(max(h, w), bool)
    for win in windows:
        if w >= h:
            covered[win.x0 : win.x1] = True
        else:
            covered[win.y0 : win.y1] = True
    assert covered.all()


def test_an_ordinary_page_is_one_window_as_before():
    (win,) = plan_windows(700, 1000, G)
    assert (win.tensor_h, win.tensor_w) == (736, 1056)  # the short side brought to 736, as RapidOCR
    (band,) = plan_windows(60, 1920, G)
    assert 3.5 < band.tensor_w / band.tensor_h < 4.5  # a subtitle band: padded to 1920 x 480


def test_a_large_page_is_detected_in_bands_of_one_input():
    (win,) = plan_windows(2536, 2000, G)
    assert win.scale == 2000 / 2536 and (win.tensor_h, win.tensor_w) == (1984, 1568)  # long side 2000
    assert win.band_rows and win.tensor_pixels <= G.max_pixels  # bounded memory per worker
    bands = win.bands()
    assert len(bands) > 1 and all(y0 % 32 == 0 and y1 - y0 == win.band_rows for y0, y1, _, _ in bands)
    # every input row's map comes from exactly one band, at least 48 rows from that band's cut edges
    used = [r for _, _, u0, u1 in bands for r in range(u0, u1)]
    assert used == list(range(win.tensor_h))
    for i, (y0, y1, u0, u1) in enumerate(bands):
        assert i == 0 or u0 - y0 >= G.band_overlap // 2
        assert i == len(bands) - 1 or y1 - u1 >= G.band_overlap // 2


def test_tiny_images_are_skipped_without_an_error(engine):
    for h, w in [(1, 1), (1, 40), (300, 1), (8, 8)]:
        res = engine.ocr(np.full((h, w, 3), 255, np.uint8))
        assert res.error is None and res.lines == []


def test_boxes_found_twice_in_an_overlap_or_cut_by_a_window_edge_are_merged():
    def quad(x0, y0, x1, y1):
        return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)

    left = np.array([quad(100, 50, 300, 90), quad(1450, 50, 1600, 90)])  # second one cut at 1600
    right = np.array([quad(1420, 52, 1700, 91), quad(2000, 50, 2100, 90)])  # the same line, whole
    merged = merge_tiled_boxes([(0, left), (1, right)])
    assert len(merged) == 3
    spans = sorted((float(b[:, 0].min()), float(b[:, 0].max())) for b in merged)
    assert spans[1] == (1420, 1700)
    # two lines stacked in the overlap are not merged
    upper, lower = np.array([quad(1400, 10, 1700, 30)]), np.array([quad(1400, 31, 1700, 51)])
    assert len(merge_tiled_boxes([(0, upper), (1, lower)])) == 2


def test_a_line_one_band_sees_whole_and_the_next_cuts_in_pieces_is_kept_once():
    def quad(x0, y0, x1, y1):
        return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)

    whole = np.array([quad(100, 466, 900, 488)])  # the band above saw the line whole
    pieces = np.array([quad(100, 472, 520, 487), quad(540, 472, 900, 487)])  # cut at y=472, in two
    merged = merge_tiled_boxes([(0, whole), (1, pieces)])
    assert len(merged) == 1
    assert (float(merged[0][:, 0].min()), float(merged[0][:, 0].max())) == (100, 900)


WORDS = (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet "
    "kilo lima mike november oscar papa quebec romeo sierra tango"
).split()


def test_every_word_of_a_30000_px_strip_is_read_once(engine):
    img = Image.new("RGB", (30000, 200), "white")
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(DEJAVU, 60)
    for i, word in enumerate(WORDS):
        d.text((200 + i * 1490, 60), word, font=font, fill="black")
    res = engine.ocr(np.ascontiguousarray(np.array(img)[:, :, ::-1]))
    assert sorted(ln.text for ln in res.lines) == sorted(WORDS)  # each read, none twice
    xs = [ln.bounds[0] for ln in sorted(res.lines, key=lambda ln: ln.bounds[0])]
    assert [round((x - 200) / 1490) for x in xs] == list(range(20))  # in the page's pixels


def test_a_line_longer_than_the_overlap_across_a_window_cut_is_read_whole(engine):
    text = "the quick brown fox jumps over the lazy dog"
    img = Image.new("RGB", (9000, 120), "white")
    d = ImageDraw.Draw(img)
    d.text((900, 35), text, font=ImageFont.truetype(DEJAVU, 40), fill="black")  # across x = 1200
    res = engine.ocr(np.ascontiguousarray(np.array(img)[:, :, ::-1]))
    assert res.text == text


def test_geometry_defaults_match_the_detector_options():
    assert isinstance(G, DetGeometry) and G.max_upscaled_pixels == MAX_INPUT
