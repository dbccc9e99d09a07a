"""The video review view on a generated video with the real models (offscreen)."""

from __future__ import annotations

import json
import os
import re

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from desktop_ocr.core.progress import parse_clock
from desktop_ocr.core.video.pipeline import video_stages
from desktop_ocr.gui.qt_runner import QtRunner
from desktop_ocr.gui.video_review import HIT_BACKGROUND, VideoReviewWidget
from tests.core.video.conftest import SUBTITLES, H, W, write_video
from tests.helpers import cer


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> str:
    return write_video(str(tmp_path_factory.mktemp("gui") / "clip.mp4"))


@pytest.fixture
def review(qtbot):
    runner = QtRunner(video_stages(), workers=2)
    w = VideoReviewWidget(runner, keywords=["再见"])
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    yield w
    w.shutdown()
    assert runner.shutdown(10000)


def _open_and_wait(qtbot, w, path, **kw):
    done: list = []
    w.report_ready.connect(done.append)
    assert w.open_video(path, **kw)
    qtbot.waitUntil(lambda: bool(done), timeout=30000)
    return done[0]


def test_events_listed_with_times_thumbnails_and_hit_highlighted(qtbot, review, clip, tmp_path):
    shown = []  # every status the review showed
    review.status.setText = lambda text, f=review.status.setText: (shown.append(text), f(text))
    report = _open_and_wait(qtbot, review, clip)
    # while it ran: where in the video it is and of how long (mm:ss.mmm); the time left (mm:ss)
    # once there is a rate to tell it from (a fast run may end before that)
    running = [t for t in shown if t.startswith("Reviewing") and " of 00:0" in t]
    assert running, shown
    for t in running:
        assert re.search(r"\d\d:\d\d\.\d{3} of 00:0\d\.\d{3}(, \d\d:\d\d left)?…", t), t
    tree = review.tree
    assert re.fullmatch(r"\d\d:\d\d\.\d{3}", tree.topLevelItem(0).text(0))
    assert tree.topLevelItemCount() == len(SUBTITLES)
    for i, (start, end, text) in enumerate(SUBTITLES):
        item = tree.topLevelItem(i)
        assert abs(parse_clock(item.text(0)) - start) <= 0.5 and abs(parse_clock(item.text(1)) - end) <= 0.5
        assert cer(text, item.text(2)) <= 0.25
        assert not item.icon(0).isNull()  # a thumbnail of the event's text
    hit_rows = [i for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).text(3)]
    assert hit_rows == [2]
    assert tree.topLevelItem(2).background(2).color() == HIT_BACKGROUND
    assert tree.topLevelItem(0).background(2).color() != HIT_BACKGROUND
    assert "216 frames" in review.status.text() and "1 hit " in review.status.text()
    assert report.frames_ocr == report.keyframes

    # selecting the hit event shows its frame with the hit line framed in red
    review.select_event(2)
    fv = review.frame_view
    assert fv.image is not None and (fv.image.width(), fv.image.height()) == (W, H)
    assert fv.hit_lines == {0} and len(fv.lines) == 1
    review.grab().save(str(tmp_path / "review.png"))
    shot = cv2.imread(str(tmp_path / "review.png"))
    red = (shot[..., 2] > 200) & (shot[..., 1] < 60) & (shot[..., 0] < 60)
    assert red.sum() > 30
    if os.environ.get("SAVE_SCREENSHOT"):
        review.grab().save(os.environ["SAVE_SCREENSHOT"])


def test_edit_line_updates_text_hits_and_exports(qtbot, review, clip, tmp_path):
    _open_and_wait(qtbot, review, clip)
    review.select_event(0)
    table = review.lines_table
    assert table.item(0, 0).flags() & Qt.ItemFlag.ItemIsEditable
    table.item(0, 0).setText("你好再见")  # as a user typing a correction
    item = review.tree.topLevelItem(0)
    assert item.text(2) == "你好再见" and item.text(3) == "再见"
    assert item.background(2).color() == HIT_BACKGROUND
    assert sorted(h.time_s for h in review.report.hits)[0] == pytest.approx(parse_clock(item.text(0)))

    data = json.loads(open(review.export_json(str(tmp_path / "r.json")), encoding="utf-8").read())
    assert data["events"][0]["text"] == "你好再见" and data["events"][0]["lines"][0]["edited"] is True
    assert [h["keyword"] for h in data["hits"]] == ["再见", "再见"]
    csv_data = open(review.export_csv(str(tmp_path / "r.csv")), "rb").read()
    assert csv_data.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel needs for Chinese
    csv_text = csv_data.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "video,start,end,text,keyword,box,possible" and "你好再见" in csv_text
    srt = open(review.export_srt(str(tmp_path / "r.srt")), encoding="utf-8").read()
    assert srt.startswith("1\n00:00:0") and "你好再见" in srt
    files = review.export_evidence(str(tmp_path / "ev"))
    assert len(files) == 2 and all(os.path.basename(f).startswith("clip_00m0") for f in files)
    img = cv2.imdecode(np.fromfile(files[0], np.uint8), cv2.IMREAD_COLOR)
    assert img.shape[1:] == (W, 3) and img.shape[0] > H  # the frame, and its caption below


def test_dragging_a_band_restarts_inside_it(qtbot, review, clip):
    _open_and_wait(qtbot, review, clip)
    review.band_button.setChecked(True)
    fv = review.frame_view
    t = fv.image_rect()
    s = t.width() / W
    a = QPoint(round(t.x() + 5 * s), round(t.y() + (H - 85) * s))
    b = QPoint(round(t.x() + (W - 5) * s), round(t.y() + (H - 10) * s))
    done: list = []
    review.report_ready.connect(done.append)
    qtbot.mousePress(fv, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(fv, b)
    qtbot.mouseRelease(fv, Qt.MouseButton.LeftButton, pos=b)
    assert review.region is not None
    x, y, w, h = review.region
    assert abs(y - (H - 85)) <= 3 and abs(y + h - (H - 10)) <= 3 and w > W - 20
    qtbot.waitUntil(lambda: bool(done), timeout=30000)
    assert len(done[0].events) == len(SUBTITLES)
    assert not review.band_button.isChecked()


def test_stop_at_first_hit_and_unreadable_video(qtbot, review, clip, tmp_path):
    review.stop_box.setChecked(True)
    report = _open_and_wait(qtbot, review, clip)
    assert report.stopped and "stopped at the first hit" in review.status.text()
    assert "再见" in review.tree.topLevelItem(review.tree.topLevelItemCount() - 1).text(2)

    bad = tmp_path / "broken.mp4"
    bad.write_bytes(os.urandom(20_000))
    errors: list = []
    review.failed.connect(errors.append)
    assert not review.open_video(str(bad))
    assert errors and "broken.mp4" in errors[0]
    assert "broken.mp4" in review.status.text() and review.tree.topLevelItemCount() == 0


def test_look_alike_reading_is_a_possible_hit_with_its_uncertain_character_shown(qtbot, tmp_path):
    # the shipped model reads 耍 as 要 in this clip; the reviewer's keyword still marks the event
    subs = [(0.5, 2.0, "你好世界"), (2.5, 4.0, "你敢耍我")]
    path = write_video(str(tmp_path / "look.mp4"), subs=subs, duration=5.0)
    runner = QtRunner(video_stages(), workers=2)
    w = VideoReviewWidget(runner, keywords=["敢耍我"])
    qtbot.addWidget(w)
    try:
        _open_and_wait(qtbot, w, path)
        rows = [w.tree.topLevelItem(i) for i in range(w.tree.topLevelItemCount())]
        hit_rows = [r for r in rows if r.text(3)]
        assert len(hit_rows) == 1 and abs(parse_clock(hit_rows[0].text(0)) - 2.5) <= 0.5
        if "敢耍我" in hit_rows[0].text(2):  # read right: a plain hit
            assert hit_rows[0].text(3) == "敢耍我"
            return
        assert hit_rows[0].text(3) == "敢耍我 (possible)"
        w.tree.setCurrentItem(hit_rows[0])
        assert "(or 耍" in w.lines_table.item(0, 0).toolTip()
        assert w.lines_table.item(0, 0).background().color() == HIT_BACKGROUND
    finally:
        w.shutdown()
        assert runner.shutdown(10000)


def test_the_review_reads_the_apps_keyword_list_for_each_video(qtbot, tmp_path):
    from types import SimpleNamespace

    from desktop_ocr.gui.keyword_store import KeywordStore
    from desktop_ocr.gui.settings_store import SettingsStore

    settings = SettingsStore(str(tmp_path / "cfg"))
    keywords = KeywordStore(settings)  # the list the main window's keyword panel edits
    keywords.set_text("再见\n# a comment\nre:\\d{3}")
    w = VideoReviewWidget(SimpleNamespace(settings=settings, keywords=keywords, engine=None, runner=None))
    qtbot.addWidget(w)
    assert w.keywords_label.text() == "2 keywords"
    keywords.set_text("")
    assert not w.open_video(str(tmp_path / "missing.mp4"))  # the list is read again for a new video
    assert w.keywords_label.text() == "No keyword list" and w.matcher is None


def test_a_review_with_its_own_list_edits_it_in_its_keyword_panel(qtbot, review, clip):
    report = _open_and_wait(qtbot, review, clip)
    assert review.keyword_panel.text() == "再见" and [h.keyword for h in report.hits] == ["再见"]
    assert review.keyword_panel.whole_words_box.isVisible() and review.keyword_panel.help_button.isVisible()
    review.keyword_panel.editor.setPlainText("天气\n朋友")
    review.keyword_panel.flush()
    # the finished review's events are matched again: the rows and the report follow
    assert sorted(h.keyword for h in review.report.hits) == ["天气", "朋友"]
    rows = [review.tree.topLevelItem(i).text(3) for i in range(review.tree.topLevelItemCount())]
    assert rows == ["", "天气", "朋友", ""]
    assert review.keywords_label.text() == "2 keywords"


def test_a_damaged_video_says_which_time_range_could_not_be_read(qtbot, review, clip, tmp_path):
    data = bytearray(open(clip, "rb").read())
    a, b = int(len(data) * 0.4), int(len(data) * 0.55)
    data[a:b] = bytes((i * 7919 + 13) % 256 for i in range(b - a))
    bad = tmp_path / "damaged.mp4"
    bad.write_bytes(bytes(data))
    report = _open_and_wait(qtbot, review, str(bad))
    assert report.damaged
    status = review.status.text()
    assert "damaged video: could not read" in status and report.damage_text in status
    assert "#c00000" in review.status.styleSheet()  # shown as a problem
    if os.environ.get("SAVE_SCREENSHOT"):
        review.grab().save(os.environ["SAVE_SCREENSHOT"])
