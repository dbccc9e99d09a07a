"""The OCR stages on rendered English and Chinese text, with the real shipped models."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from desktop_ocr.core.engine import OcrEngine
from desktop_ocr.core.models import ModelSet, ModelSetError
from tests.helpers import DEJAVU, cer, render_lines

EN = ["Contact support@example.com for help.", "The quick brown fox jumps over the lazy dog"]
ZH = ["这是一个中文测试句子", "今天天气很好我们去公园散步"]


def test_english_lines_with_word_spacing(engine):
    page = render_lines(EN, DEJAVU, size=26, width=800)
    res = engine.ocr(page)
    # spaces between English words kept, pieces of one visual line joined with a space
    assert res.text == "\n".join(EN)
    for ln in res.lines:
        x0, y0, x1, y1 = ln.bounds
        assert 0 <= x0 < x1 <= page.shape[1] and 0 <= y0 < y1 <= page.shape[0]
        assert ln.score > 0.8


def test_chinese_and_mixed_text_without_inserted_spaces(engine, cjk_font):
    lines = [*ZH, "包含English单词的句子"]
    page = render_lines(lines, cjk_font, size=30, width=700)
    res = engine.ocr(page)
    assert cer("\n".join(lines), res.text) <= 0.05
    assert " " not in res.lines[0].text and " " not in res.lines[1].text


def test_upside_down_text_is_turned_before_reading(engine):
    page = render_lines(["Upside down sentence here"], DEJAVU, size=30, width=600)
    res = engine.ocr(np.ascontiguousarray(page[::-1, ::-1]))
    # each box is read the right way up (the order of the pieces on a page turned over is not)
    assert sorted(res.text.split()) == sorted("Upside down sentence here".split())


def test_boxes_stay_in_original_pixels_when_a_large_page_is_downscaled(engine):
    small = render_lines(["Large page test line"], DEJAVU, size=40, width=700, margin=40)
    big = np.full((3000, 2600, 3), 255, np.uint8)  # above the 2000 px detection limit
    big[2000 : 2000 + small.shape[0], 1500 : 1500 + small.shape[1]] = small
    res = engine.ocr(big)
    assert cer("Large page test line", res.text) <= 0.1
    x0, y0, x1, y1 = res.lines[0].bounds
    assert 1500 <= x0 <= 1600 and 2000 <= y0 <= 2080  # where the text really is


def test_blank_page_gives_no_lines(engine):
    res = engine.ocr(np.full((200, 300, 3), 255, np.uint8))
    assert res.lines == [] and res.text == ""


def test_stages_can_run_from_several_threads_at_once(engine, cjk_font):
    pages = [render_lines([f"Thread number {i} reads this"], DEJAVU, size=28, width=600) for i in range(4)]
    out: dict[int, str] = {}

    def work(i):
        boxes = engine.detect(pages[i])
        lines = engine.recognize(pages[i], boxes)
        out[i] = engine.assemble("p", None, pages[i].shape, lines, {}).text

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [out[i] for i in range(4)] == [f"Thread number {i} reads this" for i in range(4)]


def test_model_folder_is_validated_with_a_clear_message(tmp_path):
    with pytest.raises(ModelSetError, match="no det model"):
        ModelSet.from_folder(tmp_path)
    shipped = ModelSet.shipped()
    for role in ("det", "cls", "rec"):
        (tmp_path / f"my_{role}.onnx").write_bytes(
            getattr(shipped, role).read_bytes() if role != "rec" else b"junk"
        )
    with pytest.raises(ModelSetError, match="not a loadable ONNX model"):
        ModelSet.from_folder(tmp_path)
    (tmp_path / "my_rec.onnx").write_bytes(shipped.rec.read_bytes())
    ms = ModelSet.from_folder(tmp_path)
    assert (
        OcrEngine(ms).ocr(render_lines(["Custom models work"], DEJAVU, width=500)).text
        == "Custom models work"
    )


LONG = [
    "reserves. We believe that even a single weaker reserve update at the mine would matter",
    "rating and target price. Though we appreciate the growing production, long-term risks remain",
    "see upside, albeit more limited than the recent trend, from both of the mines in the region",
    "share price return over the past three years. This performance has been remarkable overall",
    "are regarding the amount of upside left, given the strong performance to date, and more",
]


def test_long_upright_lines_the_classifier_calls_upside_down_are_read_upright(engine):
    from desktop_ocr.core.stages import crop_box

    serif = DEJAVU.replace("DejaVuSans.ttf", "DejaVuSerif.ttf")
    pages = [render_lines(LONG, DEJAVU, size=16, width=1600), render_lines(LONG, serif, size=20, width=1600)]
    flagged = 0
    for page in pages:
        # the orientation model squeezes a 30:1 line into 192x48 px and calls some upside down
        flagged += sum(engine.classifier.upside_down([crop_box(page, b) for b in engine.detect(page)]))
        res = engine.ocr(page)
        assert cer("\n".join(LONG), res.text) <= 0.03, res.text
    assert flagged >= 1  # otherwise this test checks nothing


def test_small_print_on_a_large_page_is_read(engine):
    # a 3000 px wide scan: lines are read at the detection scale, but small print is not shrunk
    small = render_lines(["Small print at the foot of a large page"], DEJAVU, size=15, width=600, margin=20)
    page = np.full((2400, 3000, 3), 255, np.uint8)
    page[2200 : 2200 + small.shape[0], 300 : 300 + small.shape[1]] = small
    res = engine.ocr(page)
    assert res.text == "Small print at the foot of a large page"


def test_decoder_keeps_the_runner_up_of_an_uncertain_character(engine):
    rec = engine.recognizer
    cs = rec.charset
    a, b, c, alt = (cs.index(ch) for ch in "敢要我耍")
    pred = np.zeros((12, len(cs)), dtype=np.float32)
    pred[:, 0] = 1.0  # blank everywhere ...
    for col, k, p in ((1, a, 0.99), (2, a, 0.98), (5, b, 0.7), (6, b, 0.8), (9, c, 0.97)):
        pred[col, 0] = 0.0
        pred[col, k] = p
    pred[5, alt], pred[6, alt] = 0.28, 0.15  # ... and 耍 behind 要 over both of its columns
    pred[9, alt] = 0.02  # too unlikely to keep
    r = rec._decode(pred, 1.0)
    assert r.text == "敢要我"
    assert r.alternates == ((1, "耍", 0.28),)


def test_alternates_follow_added_spaces_and_stripped_ends():
    from desktop_ocr.core.engine import map_alternates

    # " forhelp"[4] is the h, at "for help"[4]; the stripped space at 0 has no place
    assert map_alternates(" forhelp", "for help", ((4, "b", 0.2), (0, "x", 0.3))) == [(4, "b", 0.2)]
    assert map_alternates("abc", "abc", ()) == []
    # the texts disagree beyond spaces: nothing is placed rather than misplaced
    assert map_alternates("abc", "abd", ((0, "x", 0.3),)) == []


def test_rendered_look_alike_is_found_by_its_keyword(engine, cjk_font):
    from desktop_ocr.core.keywords import KeywordMatcher

    img = render_lines(["他说你敢耍我吗"], cjk_font, size=28, width=400, bg="#141428", fg="white")
    result = engine.ocr(img)
    hits = KeywordMatcher(["敢耍我"]).match_page(result)
    assert [h.keyword for h in hits] == ["敢耍我"], (result.text, [ln.alternates for ln in result.lines])
    assert hits[0].possible == ("敢耍我" not in result.lines[hits[0].line].text)


def test_elapsed_times_of_a_batch_on_one_worker_add_up_to_at_most_the_run(engine):
    """Each page reports its own time, not the time since the run started: on one worker the
    pages' times add up to no more than the run took."""
    import time

    from desktop_ocr.core.pagesource import PageSource
    from desktop_ocr.core.runner import ThreadRunner

    names = ["First", "Second", "Third"]
    pages = [render_lines([f"{n} page of the batch", "has two lines"], DEJAVU, width=600) for n in names]
    sources = [PageSource.from_array(p, f"p{i}") for i, p in enumerate(pages)]
    with ThreadRunner(engine, workers=1) as runner:
        t0 = time.perf_counter()
        results = runner.run_job(sources)
        wall_ms = (time.perf_counter() - t0) * 1000
    assert [cer(f"{n} page of the batch has two lines", r.text) <= 0.1 for n, r in zip(names, results)] == [
        True
    ] * 3
    assert all(r.elapsed_ms > 0 for r in results)
    assert sum(r.elapsed_ms for r in results) <= wall_ms
