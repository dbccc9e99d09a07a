"""`desktop-ocr video` end to end on generated videos (real models, in-process)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil

import pytest

from desktop_ocr.cli import main
from tests.core.video.conftest import DURATION, FPS, SUBTITLES, write_video
from tests.helpers import cer


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> str:
    return write_video(str(tmp_path_factory.mktemp("cli") / "clip.mp4"))


def _run(capsys, *argv) -> tuple[int, str, str]:
    rc = main(["video", *argv, "--workers", "2"])
    out, err = capsys.readouterr()
    return rc, out, err


def test_json_report_of_one_video(capsys, clip):
    rc, out, err = _run(capsys, clip)
    assert rc == 0, err
    d = json.loads(out)
    assert isinstance(d, dict)
    assert d["path"] == clip and d["error"] is None and d["hits"] == []
    assert d["frames_total"] == round(DURATION * FPS)
    assert 0 < d["frames_ocr"] <= 20
    assert d["duration_s"] == pytest.approx(DURATION, abs=0.1)
    assert len(d["events"]) == len(SUBTITLES)
    for ev, (start, end, text) in zip(d["events"], SUBTITLES, strict=True):
        assert set(ev) == {"start_s", "end_s", "text", "lines"}
        assert (
            cer(text, ev["text"]) <= 0.25
            and abs(ev["start_s"] - start) <= 0.5
            and abs(ev["end_s"] - end) <= 0.5
        )
        assert ev["lines"] and len(ev["lines"][0]["box"]) == 4


def test_keywords_stop_at_first_hit_csv_and_evidence(capsys, clip, tmp_path):
    kw = tmp_path / "keywords.txt"
    kw.write_text("# watch list\n再见\n敖丙\n", encoding="utf-8")
    ev_dir = tmp_path / "evidence"
    rc, out, err = _run(
        capsys,
        clip,
        "--keywords",
        str(kw),
        "--stop-at-first-hit",
        "--evidence-dir",
        str(ev_dir),
        "--format",
        "csv",
    )
    assert rc == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["video", "start", "end", "text", "keyword", "box", "possible"]
    hits = [r for r in rows[1:] if r[4]]
    assert [r[4] for r in hits] == ["再见"]  # stopped there: 敖丙 (7 s) was never read
    assert abs(float(hits[0][1]) - 4.5) <= 0.5 and hits[0][2] == ""
    assert len(json.loads(hits[0][5])) == 4
    events = [r for r in rows[1:] if not r[4]]
    assert not any("敖丙" in r[3] for r in events)
    files = os.listdir(ev_dir)
    assert len(files) == 1 and files[0].startswith("clip_00m04.") and files[0].endswith("_再见.png")


def test_srt_output_to_file(capsys, clip, tmp_path):
    out_file = tmp_path / "subs.srt"
    rc, out, _ = _run(capsys, clip, "--format", "srt", "-o", str(out_file))
    assert rc == 0 and out == ""
    blocks = out_file.read_text(encoding="utf-8").strip().split("\n\n")
    assert len(blocks) == len(SUBTITLES)
    number, times, text = blocks[0].split("\n")
    assert number == "1" and " --> " in times and times.startswith("00:00:0")
    assert cer(SUBTITLES[0][2], text) <= 0.25


def test_corrupt_file_fails_with_message_and_others_go_on(capsys, clip, tmp_path):
    bad = tmp_path / "broken.mkv"
    bad.write_bytes(os.urandom(30_000))
    rc, out, err = _run(capsys, str(bad), clip)
    assert rc == 1
    assert "broken.mkv" in err and "Traceback" not in err
    d = json.loads(out)
    assert isinstance(d, list) and len(d) == 2
    assert "broken.mkv" in d[0]["error"] and d[0]["events"] == []
    assert d[1]["error"] is None and len(d[1]["events"]) == len(SUBTITLES)


def test_identical_file_listed_with_duplicate_of(capsys, clip, tmp_path):
    copy = str(tmp_path / "same.mp4")
    shutil.copyfile(clip, copy)
    rc, out, _ = _run(capsys, clip, copy)
    assert rc == 0
    first, second = json.loads(out)
    assert second["path"] == copy and second["duplicate_of"] == clip
    assert [e["text"] for e in second["events"]] == [e["text"] for e in first["events"]]


@pytest.mark.parametrize("region", ["1,2,3", "x,0,10,10", "0,0,0,5"])
def test_bad_region_is_a_usage_error(capsys, clip, region):
    rc, out, err = _run(capsys, clip, "--region", region)
    assert rc == 2 and out == ""
    assert "--region" in err and "x,y,w,h" in err


def test_region_option_is_used(capsys, clip):
    rc, out, _ = _run(capsys, clip, "--region", "0,280,640,70")
    assert rc == 0
    d = json.loads(out)
    assert len(d["events"]) == len(SUBTITLES)
    assert all(280 <= y <= 350 for e in d["events"] for ln in e["lines"] for _, y in ln["box"])


def test_missing_keyword_file_is_a_usage_error(capsys, clip, tmp_path):
    rc, _, err = _run(capsys, clip, "--keywords", str(tmp_path / "none.txt"))
    assert rc == 2 and "none.txt" in err


def test_a_damaged_middle_is_skipped_reported_and_exits_1(capsys, clip, tmp_path):
    data = bytearray(open(clip, "rb").read())
    a, b = int(len(data) * 0.4), int(len(data) * 0.55)
    data[a:b] = bytes((i * 7919 + 13) % 256 for i in range(b - a))  # garbage in the middle
    bad = tmp_path / "damaged.mp4"
    bad.write_bytes(bytes(data))
    rc, out, err = _run(capsys, str(bad))
    d = json.loads(out)
    assert rc == 1  # frames were lost: the review is incomplete
    assert d["damaged"], "the damage is reported"
    for gap in d["damaged"]:
        assert 0 < gap["start_s"] < gap["end_s"] < DURATION
    assert d["duration_s"] == pytest.approx(DURATION, abs=0.2)  # not cut short at the damage
    last_start, _end, last_text = SUBTITLES[-1]
    assert any(cer(last_text, ev["text"]) <= 0.25 for ev in d["events"])  # read after the damage
    line = next(ln for ln in err.splitlines() if "damaged" in ln)
    assert "damaged.mp4" in line and "s" in line


def test_an_undamaged_video_reports_no_damage(capsys, clip):
    rc, out, _err = _run(capsys, clip)
    assert rc == 0 and json.loads(out)["damaged"] == []
