from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass

import cv2
import numpy as np

from desktop_ocr.core.results import Hit, Line, PageResult
from desktop_ocr.core.video.events import TextEvent, merge_events, same_text
from desktop_ocr.core.video.report import VideoHit, VideoReport, evidence_caption, srt_time, write_evidence


@dataclass
class KF:
    index: int
    time_s: float | None


def page(*texts: str, score: float = 0.9) -> PageResult:
    lines = [
        Line(t, [[10, 10 + 40 * i], [210, 10 + 40 * i], [210, 40 + 40 * i], [10, 40 + 40 * i]], score)
        for i, t in enumerate(texts)
    ]
    return PageResult(path="v.mp4", page=None, width=640, height=360, lines=lines)


def test_fuzzy_equal_frames_merge_and_best_text_wins():
    items = [
        (KF(0, 0.0), page()),
        (KF(12, 0.5), page("你好世屆", score=0.6)),
        (KF(24, 1.0), page("你好 世界", score=0.95)),
        (KF(48, 2.0), page("今天天气很好")),
        (KF(84, 3.5), page()),
        (KF(108, 4.5), page("再见朋友")),
    ]
    ev = merge_events(items, video_end_s=6.0)
    assert [(e.start_s, e.end_s) for e in ev] == [(0.5, 2.0), (2.0, 3.5), (4.5, 6.0)]
    assert ev[0].text == "你好世界" or ev[0].text == "你好 世界"
    assert ev[0].frame_index == 24 and ev[0].lines[0].score == 0.95
    assert ev[0].image is None  # frames are not kept unless asked
    assert [e.text for e in ev[1:]] == ["今天天气很好", "再见朋友"]


def test_different_texts_do_not_merge_and_order_is_by_time():
    items = [(KF(30, 3.0), page("完全不同")), (KF(0, 0.0), page("你好世界"))]
    ev = merge_events(items)
    assert [e.text for e in ev] == ["你好世界", "完全不同"]
    assert ev[0].end_s == 3.0 and ev[1].end_s == 3.0  # last event ends at its last keyframe
    assert not same_text("你好", "你们")  # two-character subtitles need an exact match
    assert same_text("敢耍我", "敢要我")


def test_failed_page_ends_an_event():
    bad = PageResult.failure("v.mp4", None, "engine crashed")
    ev = merge_events([(KF(0, 0.0), page("你好世界")), (KF(5, 1.0), bad)], video_end_s=9)
    assert [(e.start_s, e.end_s) for e in ev] == [(0.0, 1.0)]


def _report() -> VideoReport:
    ev = [
        TextEvent(0.5, 2.0, "你好世界", page("你好世界").lines, 12),
        TextEvent(3725.25, 3726.0, "敖丙来了", page("敖丙来了").lines, 99),
    ]
    hits = [VideoHit("敖丙", "敖丙来了", 3725.25, [[10, 10], [210, 10], [210, 40], [10, 40]], "/out/x.png")]
    return VideoReport("v.mp4", 3726.0, 89424, 40, ev, hits)


def test_json_shape_is_the_contract():
    d = json.loads(_report().to_json())
    assert list(d)[:7] == ["path", "duration_s", "frames_total", "frames_ocr", "events", "hits", "error"]
    assert list(d["events"][0]) == ["start_s", "end_s", "text", "lines"]
    assert d["events"][0]["lines"][0] == {
        "text": "你好世界",
        "box": [[10.0, 10.0], [210.0, 10.0], [210.0, 40.0], [10.0, 40.0]],
        "score": 0.9,
    }
    assert d["hits"][0] == {
        "keyword": "敖丙",
        "text": "敖丙来了",
        "time_s": 3725.25,
        "box": [[10.0, 10.0], [210.0, 10.0], [210.0, 40.0], [10.0, 40.0]],
        "evidence": "/out/x.png",
    }
    assert d["error"] is None
    assert VideoReport("bad.mp4", error="bad.mp4: corrupt").to_dict()["error"] == "bad.mp4: corrupt"


def test_srt_export():
    srt = _report().to_srt()
    assert srt == (
        "1\n00:00:00,500 --> 00:00:02,000\n你好世界\n\n2\n01:02:05,250 --> 01:02:06,000\n敖丙来了\n"
    )
    assert srt_time(59.9999) == "00:01:00,000"


def test_csv_export_one_row_per_event_and_per_hit():
    rows = list(csv.reader(io.StringIO(_report().to_csv())))
    assert rows[0] == ["video", "start", "end", "text", "keyword", "box", "possible"]
    assert rows[1] == ["v.mp4", "0.500", "2.000", "你好世界", "", "", ""]
    assert rows[3][:5] == ["v.mp4", "3725.250", "", "敖丙来了", "敖丙"]
    assert json.loads(rows[3][5])[0] == [10.0, 10.0]
    assert rows[3][6] == "0"
    assert len(rows) == 4


def test_possible_hit_is_marked_in_json_and_csv():
    r = _report()
    r.hits.append(VideoHit("敢耍我", "敢要我", 16.75, None, possible=True))
    d = json.loads(r.to_json())
    assert "possible" not in d["hits"][0]
    assert d["hits"][1]["possible"] is True
    rows = list(csv.reader(io.StringIO(r.to_csv())))
    assert rows[-1][4:] == ["敢耍我", "", "1"]


def test_write_evidence_draws_hit_and_names_file(tmp_path):
    frame = np.zeros((360, 640, 3), np.uint8)
    lines = page("你好世界", "敖丙来了").lines
    out = tmp_path / "证据"
    path = write_evidence(frame, lines, [Hit("敖丙", 1, 0, 2)], out, "/videos/3_nezha.mp4", 12.345)
    assert os.path.basename(path) == "3_nezha_00m12.345s_敖丙.png"
    assert os.listdir(out) == ["3_nezha_00m12.345s_敖丙.png"]  # no temporary file left behind
    img = cv2.imdecode(np.fromfile(path, np.uint8), cv2.IMREAD_COLOR)
    assert img.shape[1] == frame.shape[1] and img.shape[0] > frame.shape[0]  # a caption below
    red = (img[..., 2] > 200) & (img[..., 1] < 80) & (img[..., 0] < 80)
    assert red[45:90, 5:215].any() and not red[5:45, 5:215].any()  # only the hit line is red
    assert img[55:75, 20:100, 1].mean() > img[55:75, 120:200, 1].mean() + 20  # matched span highlighted
    assert (img[5:45, 5:215, 1] > 150).any()  # the other line is boxed too


def test_evidence_name_is_sanitised(tmp_path):
    frame = np.zeros((100, 100, 3), np.uint8)
    path = write_evidence(frame, [], [Hit('a/b:c*"', 0, 0, 1)], tmp_path, "clip?.mp4", 75.5)
    assert os.path.basename(path) == "clip_01m15.500s_a_b_c.png"


def test_evidence_caption_says_video_time_keyword_and_line(tmp_path, engine):
    frame = np.zeros((360, 640, 3), np.uint8)
    lines = page("你好世界", "敖丙来了").lines
    path = write_evidence(frame, lines, [Hit("敖丙", 1, 0, 2)], tmp_path, "/videos/3_nezha.mp4", 3725.25)
    img = cv2.imdecode(np.fromfile(path, np.uint8), cv2.IMREAD_COLOR)
    caption = engine.ocr(img[360:]).text  # what a person reads under the frame
    assert "3_nezha.mp4" in caption and "01:02:05.250" in caption, caption
    assert "敖丙" in caption and "敖丙来了" in caption, caption


def test_evidence_caption_of_a_possible_hit_names_the_look_alike():
    lines = page("你敢要我").lines
    cap = evidence_caption(lines, [Hit("敢耍我", 0, 1, 4, possible=True)], "clip.mp4", 2.5)
    assert cap == ["clip.mp4  ·  00:00:02.500", "keyword “敢耍我”, possible: read as “敢要我” in “你敢要我”"]


def test_evidence_and_annotated_page_highlight_the_same_span(tmp_path):
    """A hit in mixed CJK and Latin text: CJK characters are about twice as wide, and both the
    video evidence and the annotated page export must put the highlight on the same pixels."""
    from desktop_ocr.core.export import render_annotated

    frame = np.zeros((360, 640, 3), np.uint8)
    result = page("敏感abcd")  # box x 10..210; "ab" is the middle quarter by width, not a third
    hit = Hit("ab", 0, 2, 4)
    result.hits = [hit]
    evidence = cv2.imdecode(
        np.fromfile(write_evidence(frame, result.lines, [hit], tmp_path, "v.mp4", 1.0), np.uint8), 1
    )
    annotated = render_annotated(frame, result)

    def lit_columns(img):
        band = img[15:35, 20:200, :].max(axis=2).max(axis=0)  # inside the line, away from its outline
        cols = np.flatnonzero(band > 60) + 20
        return cols.min(), cols.max()

    for img in (evidence, annotated):
        lo, hi = lit_columns(img)
        assert abs(lo - 110) <= 4 and abs(hi - 160) <= 4, (lo, hi)  # 10 + 200 * 4/8 .. 10 + 200 * 6/8
