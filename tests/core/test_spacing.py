"""Word spaces the recogniser drops are restored from the ink gaps; CJK text gets none."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_ocr.core.spacing import restore_spaces
from desktop_ocr.core.stages import Recognized
from tests.helpers import DEJAVU, cer, render_lines

DEJAVU_SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"

SENTENCES = [
    "Contact support@example.com for help.",
    "The office staff will find fifty different affairs",
    "Please send the signed form back by Friday",
]


def _fonts(cjk_font):
    # at these small sizes the recogniser drops most spaces ("Theofficestaffwill..."); at the
    # larger ones it keeps them and restoring must not add false ones
    return [(DEJAVU, 16), (DEJAVU_SERIF, 18), (DEJAVU, 22), (DEJAVU, 30), (DEJAVU_SERIF, 26), (cjk_font, 28)]


@pytest.mark.parametrize("which", range(6))
def test_spaces_between_english_words_are_restored(engine, cjk_font, which):
    font, size = _fonts(cjk_font)[which]
    page = render_lines(SENTENCES, font, size=size, width=1100)
    res = engine.ocr(page)
    got = res.text.splitlines()
    assert len(got) == len(SENTENCES)
    for want, line in zip(SENTENCES, got):
        assert cer(want, line) <= 0.05, line
        # every word boundary is where the page has it: nothing dropped, nothing split
        # ("office", "staff", "find", "fifty", "affairs" stay whole)
        assert line.split() == want.split(), line


def test_no_spaces_are_inserted_into_chinese(engine, cjk_font):
    lines = ["这是一个中文测试句子", "今天天气很好我们去公园散步", "价格是100元，包含English单词"]
    res = engine.ocr(render_lines(lines, cjk_font, size=30, width=800))
    got = res.text.splitlines()
    assert " " not in got[0] and " " not in got[1]
    assert cer("\n".join(lines), res.text) <= 0.08


def _strip(widths_gaps: list[tuple[int, int]], h: int = 40) -> tuple[np.ndarray, list[float]]:
    """A white crop with black bars (ink) of the given widths after the given gaps; bar centres."""
    total = sum(w + g for w, g in widths_gaps) + 10
    crop = np.full((h, total, 3), 255, np.uint8)
    x, centres = 5, []
    for w, g in widths_gaps:
        x += g
        crop[h // 4 : 3 * h // 4, x : x + w] = 0
        centres.append((x + w / 2) / total)
        x += w
    return crop, centres


def test_a_wide_ink_gap_between_letters_becomes_a_space():
    # "forhelp": letters 3 px apart, a 14 px (0.35 h) blank between "r" and "h"
    gaps = [0, 3, 3, 14, 3, 3, 3]
    crop, xs = _strip([(8, g) for g in gaps])
    rec = Recognized("forhelp", 0.9, tuple(xs), (0.9,) * 7)
    assert restore_spaces(rec, crop) == "for help"


def test_uniform_letter_gaps_get_no_space_and_cjk_never_does():
    crop, xs = _strip([(8, 5)] * 6)
    assert restore_spaces(Recognized("office", 0.9, tuple(xs), (0.9,) * 6), crop) == "office"
    crop, xs = _strip([(30, 2), (30, 16), (30, 2)])
    assert restore_spaces(Recognized("中文字", 0.9, tuple(xs), (0.9,) * 3), crop) == "中文字"


def test_tabular_digits_and_punctuation_get_no_space():
    # a narrow "1" in tabular figures leaves a space-sized blank beside it
    crop, xs = _strip([(8, 0), (3, 10), (8, 10), (8, 3)])
    assert restore_spaces(Recognized("2115", 0.9, tuple(xs), (0.9,) * 4), crop) == "2115"
    crop, xs = _strip([(8, 0), (8, 3), (3, 14)])
    assert restore_spaces(Recognized("ab.", 0.9, tuple(xs), (0.9,) * 3), crop) == "ab."


def test_the_issue_example_keeps_its_words_whole(engine, cjk_font):
    # "Contactsupport@example.com forhelp." was the recogniser's reading before restoration; a
    # loose 6 px letter gap in "support" (twice the line's typical gap) must not become a space
    from tests.helpers import render_lines

    page = render_lines(["Contact support@example.com for help."], cjk_font, size=28, width=800)
    assert engine.ocr(page).text == "Contact support@example.com for help."
