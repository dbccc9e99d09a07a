"""`--cluster`: the same output as a local run, on a Ray the tests start themselves (2 CPUs, no
dashboard); no page lost nor delivered twice when a worker process is killed; a stop condition
stops the pages not yet sent; without Ray, a one-line message and nothing else changes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading

import pytest

from desktop_ocr.cli import main
from desktop_ocr.core.jobevents import JobFinished, PageDelivered
from desktop_ocr.core.pagesource import PageSource
from tests.core.video.conftest import write_video
from tests.helpers import DEJAVU, render_lines, save_png

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]


def _page(i: int):
    word = WORDS[i % len(WORDS)]
    return render_lines([f"{word} invoice number", f"{word} total due today"], DEJAVU, size=28, width=560)


@pytest.fixture(scope="module")
def ray_session():
    ray = pytest.importorskip("ray")
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def runner(ray_session):
    from desktop_ocr.core.cluster.client import ClusterRunner

    with ClusterRunner("auto") as r:
        yield r


@pytest.fixture(scope="module")
def page_files(tmp_path_factory) -> list[str]:
    d = tmp_path_factory.mktemp("pages")
    paths = []
    for i in range(4):
        save_png(_page(i), d / f"page{i}.png")
        paths.append(str(d / f"page{i}.png"))
    (d / "damaged.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    paths.insert(2, str(d / "damaged.png"))
    return paths


def _records(out: str) -> list[dict]:
    recs = [json.loads(line) for line in out.splitlines()]
    for r in recs:
        r.pop("elapsed_ms", None)  # the one field that differs between two runs
    return recs


def test_ocr_prints_the_same_records_as_a_local_run(capsys, ray_session, page_files):
    rc_local = main(["ocr", *page_files, "--workers", "2"])
    local_out, local_err = capsys.readouterr()
    rc = main(["ocr", *page_files, "--cluster", "auto"])
    out, err = capsys.readouterr()
    assert rc == rc_local == 1  # the damaged file fails, in both
    assert _records(out) == _records(local_out)
    recs = _records(out)
    assert [r["path"] for r in recs] == page_files  # input order
    assert "damaged.png" in recs[2]["error"] and "damaged.png" in err
    assert all("invoice number" in r["text"] for i, r in enumerate(recs) if i != 2)


def test_video_report_is_the_same_as_a_local_run(capsys, ray_session, tmp_path):
    clip = write_video(str(tmp_path / "clip.mp4"), duration=5.0)
    assert main(["video", clip, "--workers", "2"]) == 0
    local = json.loads(capsys.readouterr()[0])
    assert main(["video", clip, "--cluster", "auto"]) == 0
    remote = json.loads(capsys.readouterr()[0])
    local.pop("elapsed_s")
    remote.pop("elapsed_s")
    assert remote == local
    assert [e["text"] for e in remote["events"]] == ["你好世界", "今天天气很好", "再见朋友"]


def test_video_stop_at_first_hit_on_the_cluster(capsys, ray_session, tmp_path):
    clip = write_video(str(tmp_path / "clip.mp4"))
    kw = tmp_path / "keywords.txt"
    kw.write_text("再见\n敖丙\n", encoding="utf-8")
    rc = main(["video", clip, "--keywords", str(kw), "--stop-at-first-hit", "--cluster", "auto"])
    assert rc == 0
    d = json.loads(capsys.readouterr()[0])
    assert d["stopped"] is True
    assert [h["keyword"] for h in d["hits"]] == ["再见"]  # 敖丙 (7 s) was never read
    assert not any("敖丙" in e["text"] for e in d["events"])


def test_killed_worker_process_loses_no_page(runner):
    n = 10
    sources = [PageSource.from_array(_page(i), f"p{i}.png") for i in range(n)]
    before = runner.actor_pids()
    jid = runner.submit(sources)
    delivered: list[int] = []
    results = {}
    finished = None
    for ev in runner.iter_events({jid}):
        if isinstance(ev, PageDelivered):
            delivered.append(ev.index)
            results[ev.index] = ev.result
            if len(delivered) == 1:
                os.kill(before[0], signal.SIGKILL)  # mid-run: the other pages are on that process
        elif isinstance(ev, JobFinished):
            finished = ev
    assert delivered == list(range(n))  # each page once, in order
    assert finished is not None and finished.done == n and finished.failed == 0
    for i, r in results.items():
        assert r.error is None and WORDS[i] in r.text
    assert runner.actor_pids() != before  # it really died and was restarted


def test_pages_whose_files_vanished_before_sending_fail_and_the_job_ends(runner, tmp_path):
    # more pages than the node holds at once, every one failing here before it is sent
    from desktop_ocr.core.images import expand_inputs

    paths = []
    for i in range(7):
        save_png(_page(i), tmp_path / f"gone{i}.png")
        paths.append(str(tmp_path / f"gone{i}.png"))
    sources = list(expand_inputs(paths))
    for p in paths:
        os.remove(p)  # moved or deleted while the batch waited
    jid = runner.submit(sources)
    events: list = []
    reader = threading.Thread(target=lambda: events.extend(runner.iter_events({jid})), daemon=True)
    reader.start()
    reader.join(120)
    assert not reader.is_alive(), f"the job never finished: {events}"
    failed = [ev for ev in events if isinstance(ev, PageDelivered)]
    assert [ev.index for ev in failed] == list(range(7))
    assert all(ev.result.error and "gone" in ev.result.path for ev in failed)
    assert events[-1] == JobFinished(jid, stopped=False, cancelled=False, done=0, failed=7, total=7)


def test_stop_condition_stops_the_remaining_pages(runner):
    n = 16
    sources = [PageSource.from_array(_page(i), f"p{i}.png") for i in range(n)]
    sent_before = runner.stats["sent"]
    jid = runner.submit(sources, stop_when=lambda r: "charlie" in r.text)
    events = list(runner.iter_events({jid}))
    delivered = [ev.index for ev in events if isinstance(ev, PageDelivered)]
    assert delivered == [0, 1, 2]
    assert events[-1] == JobFinished(jid, stopped=True, cancelled=False, done=3, failed=0, total=3)
    assert runner.stats["sent"] - sent_before < n  # the pages after the hit were never sent


def test_cluster_without_ray_says_how_to_install_it(capsys, monkeypatch, page_files):
    from desktop_ocr.core.cluster import connect

    monkeypatch.setattr(connect, "ray_available", lambda: False)
    rc = main(["ocr", page_files[0], "--cluster", "auto"])
    out, err = capsys.readouterr()
    assert rc == 2 and out == ""
    assert err.strip() == "desktop-ocr: error: a cluster needs Ray: pip install 'desktop-ocr[cluster]'"


def test_a_local_run_never_imports_ray(page_files):
    code = (
        "import sys; from desktop_ocr.cli import main; rc = main(['ocr', sys.argv[1]]); "
        "print('ray loaded' if 'ray' in sys.modules else 'no ray', file=sys.stderr); sys.exit(rc)"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, page_files[0]], capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip().endswith("no ray")
    assert "alpha invoice number" in json.loads(r.stdout)["text"]


def test_window_runner_sends_batches_to_the_cluster_and_keeps_captures_here(qtbot, ray_session):
    from desktop_ocr.core.cluster.routing import CLUSTER_FIRST_ID
    from desktop_ocr.core.engine import build_engine
    from desktop_ocr.core.video.frames import video_stages
    from desktop_ocr.gui.qt_runner import QtRunner

    runner = QtRunner(build_engine(), workers=2, cluster="auto")
    try:
        batch = runner.submit([PageSource.from_array(_page(i), f"p{i}.png") for i in range(3)])
        # the video review's jobs carry their own stages: those travel with the job
        video = runner.submit([PageSource.from_array(_page(4), "frame")], stages=video_stages())
        capture = runner.submit([PageSource.from_array(_page(5), "<capture>")], interactive=True)
        got: dict[str, list] = {"batch": [], "video": [], "capture": []}
        for name, h in (("batch", batch), ("video", video), ("capture", capture)):
            h.page_done.connect(lambda i, r, n=name: got[n].append((i, r.text)))
            h.page_failed.connect(lambda i, r, n=name: got[n].append((i, r.error)))
        qtbot.waitUntil(lambda: batch.done and video.done and capture.done, timeout=120000)
        assert batch.id >= CLUSTER_FIRST_ID and video.id >= CLUSTER_FIRST_ID and capture.id < CLUSTER_FIRST_ID
        assert [i for i, _ in got["batch"]] == [0, 1, 2]
        assert all(WORDS[i] in text for i, text in got["batch"])
        assert "echo invoice" in got["video"][0][1] and "foxtrot invoice" in got["capture"][0][1]
        assert runner.core.cluster.stats["sent"] == 4  # the capture never left this machine
    finally:
        assert runner.shutdown(5000)
