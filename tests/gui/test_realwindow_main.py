"""`desktop-ocr FILE` in a real X server: the window reads the file, Ctrl+Shift+C puts its text on the clipboard.

Runs the installed command under a private Xvfb (no window manager), drives it with xdotool and
reads the clipboard with xclip, as a user's desktop would. Screenshots go to the test's folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import have_x_tools
from tests.helpers import DEJAVU, cer, render_lines, save_png
from tests.platform.xvfb import stop_process, xvfb

pytestmark = pytest.mark.realwindow

LINES = ["Invoice 2024-0117 total 42.50", "Shipping to Berlin office", "Payment due in 30 days"]


@pytest.fixture
def display():
    if not have_x_tools():
        pytest.skip("needs Xvfb, xdotool and xclip")
    with xvfb("1280x800x24") as d:
        yield d


def x(env, *cmd, check=True) -> str:
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=20)
    if check and out.returncode != 0:
        raise AssertionError(f"{cmd} failed: {out.stderr}")
    return out.stdout.strip()


def screenshot(env, path) -> None:
    code = f"import mss, mss.tools; s = mss.mss(); shot = s.grab(s.monitors[1]); mss.tools.to_png(shot.rgb, shot.size, output={str(path)!r})"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=30)


def test_desktop_ocr_file_then_ctrl_shift_c_copies_the_page_text(display, tmp_path):
    picture = tmp_path / "picture.png"
    save_png(render_lines(LINES, DEJAVU, width=600, size=26), picture)
    keywords = tmp_path / "keywords.txt"
    keywords.write_text("# evidence\nberlin\nre:\\d{4}-\\d{4}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM_PLUGIN_PATH", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    exe = shutil.which("desktop-ocr")
    cmd = [exe] if exe else [sys.executable, "-m", "desktop_ocr"]
    log = open(tmp_path / "app.log", "w")  # noqa: SIM115
    app = subprocess.Popen(
        [*cmd, "--config-dir", str(tmp_path / "cfg"), "--keywords", str(keywords), str(picture)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # the window shows up; its title names the page once the batch is through ("(1/1) ..." while busy)
        wid, name, deadline = "", "", time.time() + 60
        while time.time() < deadline:
            assert app.poll() is None, (tmp_path / "app.log").read_text()
            ids = x(env, "xdotool", "search", "--name", "Desktop OCR", check=False).split()
            if ids:
                wid = ids[-1]
                name = x(env, "xdotool", "getwindowname", wid, check=False)
                if name.startswith("picture.png") and "Desktop OCR" in name:
                    break
            time.sleep(0.3)
        assert name.startswith("picture.png"), f"window title: {name!r}"
        time.sleep(0.5)  # let the highlights paint
        x(env, "xdotool", "windowfocus", "--sync", wid)
        screenshot(env, tmp_path / "window.png")
        x(env, "xdotool", "key", "--clearmodifiers", "ctrl+shift+c")
        text, deadline = "", time.time() + 10
        while time.time() < deadline and not text:
            text = x(env, "xclip", "-o", "-selection", "clipboard", check=False)
            time.sleep(0.2)
        assert cer("\n".join(LINES), text) < 0.1, text
        assert len(text.splitlines()) == 3
        # F3 goes to the first hit: a screenshot with it outlined
        x(env, "xdotool", "key", "F3")
        time.sleep(0.5)
        screenshot(env, tmp_path / "hit.png")
        shots = os.environ.get("DESKTOP_OCR_SHOTS")  # a folder to keep the screenshots in, to look at
        if shots:
            for name in ("window.png", "hit.png"):
                shutil.copy(tmp_path / name, os.path.join(shots, name))
    finally:
        stop_process(app)
        log.close()
