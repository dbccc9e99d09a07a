"""What the command line writes: never over its own inputs, never half a file, usage errors in one
line, evidence images that do not overwrite each other, and a clean stop on Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_ocr.cli import main
from tests.core.video.conftest import write_video
from tests.helpers import DEJAVU, render_lines, run_cli, save_png

REPO = Path(__file__).resolve().parents[1]


def _usual_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


@pytest.fixture
def folder(tmp_path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    save_png(render_lines(["Invoice total 42.50"], DEJAVU, size=24, width=400), d / "v.png")
    return d


def _one_line_usage_error(proc, *words):
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("desktop-ocr: error:"), proc.stderr
    assert all(w in lines[0] for w in words), lines[0]


def test_an_output_that_is_an_input_is_refused_and_left_alone(folder):
    before = (folder / "v.png").read_bytes()
    _one_line_usage_error(run_cli("ocr", "v.png", "-o", "v.png", cwd=folder), "v.png", "one of the inputs")
    # also when the input is the folder that holds it
    _one_line_usage_error(run_cli("ocr", folder, "-o", folder / "v.png", "-f", "txt"), "one of the inputs")
    assert (folder / "v.png").read_bytes() == before
    assert sorted(os.listdir(folder)) == ["v.png"]  # no temporary file left either


def test_an_output_in_a_missing_folder_is_a_usage_error(folder):
    proc = run_cli("ocr", folder / "v.png", "-o", folder / "nope" / "out.txt")
    _one_line_usage_error(proc, "does not exist")
    assert not (folder / "nope").exists()
    proc = run_cli("video", folder / "v.png", "-o", folder / "nope" / "out.json")
    _one_line_usage_error(proc, "does not exist")
    _one_line_usage_error(run_cli("video", folder / "v.png", "-o", folder / "v.png"), "one of the inputs")


def test_the_output_replaces_the_old_file_at_the_end_with_the_usual_mode(folder, tmp_path):
    out = tmp_path / "out.txt"
    proc = run_cli("ocr", folder / "v.png", "-o", out, "-f", "txt")
    assert proc.returncode == 0, proc.stderr
    assert "42.50" in out.read_text(encoding="utf-8")
    assert out.stat().st_mode & 0o777 == _usual_mode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.txt"]


def test_ctrl_c_stops_cleanly_and_keeps_the_old_output(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(12):
        save_png(
            render_lines([f"Page {i} of the batch", "Total 42.50"], DEJAVU, size=24, width=400),
            pages / f"{i:02d}.png",
        )
    out = tmp_path / "out.jsonl"
    out.write_text("the old results\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop_ocr", "ocr", str(pages), "-o", str(out), "--workers", "2"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=str(REPO),
        # a test runner started in the background may ignore SIGINT; the child must not
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    t0 = time.time()
    while time.time() - t0 < 240 and proc.poll() is None:  # interrupt once pages are coming out
        tmp = [p for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl.")]
        if tmp and tmp[0].stat().st_size > 0:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["desktop-ocr: interrupted"]
    assert out.read_text(encoding="utf-8") == "the old results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "pages"]


def test_evidence_of_two_videos_with_the_same_name_is_kept_apart(capsys, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = write_video(str(tmp_path / "a" / "clip.mp4"))
    b = write_video(str(tmp_path / "b" / "clip.mp4"), seed=1)  # other frames: not a duplicate
    kw = tmp_path / "keywords.txt"
    kw.write_text("再见\n", encoding="utf-8")
    ev = tmp_path / "evidence"
    rc = main(["video", a, b, "--keywords", str(kw), "--stop-at-first-hit", "--evidence-dir", str(ev)])
    out, err = capsys.readouterr()
    assert rc == 0, err
    reports = json.loads(out)
    written = [h["evidence"] for r in reports for h in r["hits"]]
    assert len(written) == 2 and len(set(written)) == 2, written
    assert sorted(os.listdir(ev)) == sorted(os.path.basename(p) for p in written)
    for p in written:
        assert os.stat(p).st_mode & 0o777 == _usual_mode()
