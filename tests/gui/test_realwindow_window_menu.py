"""`desktop-ocr` on a desktop without a system tray: Settings and a capture start from the main
window's menu (keyboard only, as a user without a tray icon would reach them).

A private Xvfb has no tray and no window manager; xdotool drives the menus. Screenshots go to the
test's folder (and to $DESKTOP_OCR_SHOTS when set, to look at).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import have_x_tools
from tests.platform.xvfb import stop_process, xvfb

pytestmark = [
    pytest.mark.realwindow,
    pytest.mark.skipif(not have_x_tools(), reason="needs Xvfb, xdotool and xclip"),
]

ROOT = Path(__file__).resolve().parents[2]


def run(env, *cmd, check=True) -> str:
    out = subprocess.run(list(cmd), env=env, capture_output=True, text=True, timeout=20)
    if check and out.returncode != 0:
        raise AssertionError(f"{cmd} failed: {out.stderr}")
    return out.stdout.strip()


def visible(env, name: str) -> list[str]:
    return run(env, "xdotool", "search", "--onlyvisible", "--name", name, check=False).split()


def screenshot(env, path) -> None:
    code = (
        "import mss, mss.tools; s = mss.mss(); shot = s.grab(s.monitors[1]); "
        f"mss.tools.to_png(shot.rgb, shot.size, output={str(path)!r})"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=30)


def wait(app, log, cond, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = cond()
        if value:
            return value
        assert app.poll() is None, "the app exited:\n" + "".join(log[-30:])
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}; app log:\n" + "".join(log[-30:]))


def poll(cond, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.2)
    return False


def ocr_menu_entry(env, app, log, wid: str, letter: str, cond, what: str) -> None:
    """Alt+O opens the OCR menu, ``letter`` picks an entry, until ``cond`` (a loaded machine may
    lose the first key presses: the menu was not open yet)."""
    for _ in range(3):
        run(env, "xdotool", "windowfocus", "--sync", wid)
        run(env, "xdotool", "key", "--clearmodifiers", "alt+o")
        time.sleep(0.7)
        run(env, "xdotool", "key", letter)
        if poll(cond, 8):
            return
        assert app.poll() is None, "the app exited:\n" + "".join(log[-30:])
        run(env, "xdotool", "key", "Escape")  # a menu left open
    pytest.fail(f"no {what} after OCR menu › {letter!r}; app log:\n" + "".join(log[-30:]))


def test_settings_and_capture_from_the_window_menu_without_a_tray(tmp_path):
    with xvfb("1280x800x24") as display:
        env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
        env.update(DISPLAY=display, XDG_SESSION_TYPE="x11", QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT))
        log: list[str] = []
        app = subprocess.Popen(
            [sys.executable, "-m", "desktop_ocr", "--config-dir", str(tmp_path / "cfg"), "-v"],
            env=env,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            cwd=str(ROOT),
        )
        threading.Thread(target=lambda: log.extend(iter(app.stderr.readline, "")), daemon=True).start()
        try:
            wid = wait(app, log, lambda: visible(env, "^Desktop OCR$"), 60, "the main window")[-1]
            wait(app, log, lambda: any("no system tray" in ln for ln in log), 20, "the no-tray notice")
            time.sleep(0.5)
            run(env, "xdotool", "windowfocus", "--sync", wid)
            run(env, "xdotool", "key", "--clearmodifiers", "alt+o")  # the OCR menu, to look at
            time.sleep(0.7)
            screenshot(env, tmp_path / "ocr_menu.png")
            run(env, "xdotool", "key", "Escape")
            # OCR › Settings… (Alt+O opens the OCR menu, S its Settings entry)
            ocr_menu_entry(env, app, log, wid, "s", lambda: visible(env, "Settings"), "Settings dialog")
            time.sleep(0.5)
            screenshot(env, tmp_path / "settings.png")
            dialog = visible(env, "Settings")[-1]
            run(env, "xdotool", "windowfocus", "--sync", dialog)
            run(env, "xdotool", "key", "Escape")
            wait(app, log, lambda: not visible(env, "Settings"), 10, "the Settings dialog to close")
            # OCR › Capture text: the frozen screen with its region selector; Escape cancels
            ocr_menu_entry(
                env, app, log, wid, "c", lambda: visible(env, "select a region"), "region selector"
            )
            assert not visible(env, "^Desktop OCR$")  # out of the way of the frozen screen
            time.sleep(0.5)
            screenshot(env, tmp_path / "selector.png")
            run(env, "xdotool", "key", "Escape")
            wait(app, log, lambda: not visible(env, "select a region"), 10, "the selector to close on Esc")
            wait(app, log, lambda: any("capture cancelled" in ln for ln in log), 5, "the cancel in the log")
            # the window stepped aside for the grab and is back
            wait(app, log, lambda: visible(env, "^Desktop OCR$"), 10, "the main window back")
            assert app.poll() is None
        finally:
            stop_process(app)
        shots = os.environ.get("DESKTOP_OCR_SHOTS")
        if shots:
            for name in ("ocr_menu.png", "settings.png", "selector.png"):
                shutil.copy(tmp_path / name, os.path.join(shots, name))
