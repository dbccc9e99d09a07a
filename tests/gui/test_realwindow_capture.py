"""The whole capture path under a private Xvfb, driven like a user: hotkey, drag, paste.

A frameless window shows rendered text at a known place; `desktop-ocr --tray` runs as its own
process; xdotool presses Ctrl+Alt+O and drags over the text; xclip reads the clipboard.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import have_x_tools
from tests.helpers import DEJAVU, cer, render_lines, save_png
from tests.platform.xvfb import stop_process, xvfb

pytestmark = [
    pytest.mark.realwindow,
    pytest.mark.skipif(not have_x_tools(), reason="needs Xvfb, xdotool and xclip"),
]

ROOT = Path(__file__).resolve().parents[2]
LINES = [
    "Quarterly report: revenue grew 12% to 4.2 million",
    "Meeting moved to Thursday 14:30 in room B-204",
    "Please send the signed contract by Friday",
]
WIN_POS = (120, 140)
SELECT_TITLE = "select a region"

SHOW_PNG = r"""
import sys
import desktop_ocr.gui
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
label.setPixmap(QPixmap(sys.argv[1]))
label.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.X11BypassWindowManagerHint)
label.move(int(sys.argv[2]), int(sys.argv[3]))
label.adjustSize()
label.show()
print("READY", flush=True)
app.exec()
"""


class Session:
    def __init__(
        self, display: str, env: dict, png_size: tuple[int, int], app: subprocess.Popen, log: list[str]
    ):
        self.display, self.env, self.png_size, self.app, self.log = display, env, png_size, app, log

    def run(self, *cmd: str, **kw) -> subprocess.CompletedProcess:
        return subprocess.run(
            list(cmd), env=self.env, check=True, timeout=20, capture_output=True, text=True, **kw
        )

    def set_clipboard(self, text: str) -> None:
        # xclip forks a child that serves the selection until another program takes it
        subprocess.run(
            ["xclip", "-selection", "clipboard"], input=text, text=True, env=self.env, check=True, timeout=10
        )

    def clipboard(self) -> str:
        r = subprocess.run(
            ["xclip", "-o", "-selection", "clipboard"],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
        )
        return r.stdout

    def selector_visible(self) -> bool:
        r = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", SELECT_TITLE],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
        )
        return r.returncode == 0 and bool(r.stdout.strip())

    def wait(self, cond, timeout: float, what: str) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if cond():
                return
            assert self.app.poll() is None, "the app exited:\n" + "".join(self.log[-30:])
            time.sleep(0.1)
        pytest.fail(f"timed out waiting for {what}; app log:\n" + "".join(self.log[-30:]))

    def hotkey_until_selector(self) -> None:
        self.run("xdotool", "key", "ctrl+alt+o")
        self.wait(self.selector_visible, 10, "the selector after Ctrl+Alt+O")
        time.sleep(0.3)  # the overlay has grabbed the pointer and keyboard

    def drag(self, x0: int, y0: int, x1: int, y1: int) -> None:
        self.run("xdotool", "mousemove", str(x0), str(y0))
        time.sleep(0.1)
        self.run("xdotool", "mousedown", "1")
        time.sleep(0.1)
        for f in (0.3, 0.7, 1.0):
            self.run("xdotool", "mousemove", str(int(x0 + (x1 - x0) * f)), str(int(y0 + (y1 - y0) * f)))
            time.sleep(0.08)
        self.run("xdotool", "mouseup", "1")


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("realwindow")
    with xvfb("1280x800x24") as display:
        env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
        env.update(DISPLAY=display, XDG_SESSION_TYPE="x11", QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT))
        img = render_lines(LINES, DEJAVU, size=20, width=640, margin=16, spacing=1.9)
        png = tmp / "text.png"
        save_png(img, png)
        window = subprocess.Popen(
            [sys.executable, "-c", SHOW_PNG, str(png), *map(str, WIN_POS)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert window.stdout.readline().strip() == "READY"
        log: list[str] = []
        app = subprocess.Popen(
            [sys.executable, "-m", "desktop_ocr", "--tray", "--config-dir", str(tmp / "cfg"), "-v"],
            env=env,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            cwd=str(ROOT),
        )
        threading.Thread(target=lambda: log.extend(iter(app.stderr.readline, "")), daemon=True).start()
        s = Session(display, env, (img.shape[1], img.shape[0]), app, log)
        try:
            s.wait(
                lambda: any("global hotkey Ctrl+Alt+O registered" in ln for ln in log),
                60,
                "the app to register its hotkey",
            )
            yield s
        finally:
            stop_process(app)
            window.terminate()
            window.wait(5)


def test_escape_leaves_the_clipboard_as_it_was(session):
    session.set_clipboard("known value 42")
    assert session.clipboard() == "known value 42"
    session.hotkey_until_selector()
    session.run("xdotool", "key", "Escape")
    session.wait(lambda: not session.selector_visible(), 5, "the selector to close on Esc")
    time.sleep(0.5)
    assert session.clipboard() == "known value 42"
    assert any("capture cancelled" in ln for ln in session.log)


def test_hotkey_then_drag_puts_the_text_on_the_clipboard(session):
    session.set_clipboard("known value 42")
    session.hotkey_until_selector()
    x, y = WIN_POS
    w, h = session.png_size
    session.drag(x - 6, y - 6, x + w + 6, y + h + 6)
    session.wait(lambda: session.clipboard() not in ("known value 42", ""), 60, "the text on the clipboard")
    text = session.clipboard()
    assert cer("\n".join(LINES), text) <= 0.02, text
    assert len(text.splitlines()) == 3  # join mode "lines" (the default)


def test_capture_command_asks_the_running_instance(session):
    code = (
        "import sys, argparse; from desktop_ocr.gui.app import run_capture_command; "
        "sys.exit(run_capture_command(argparse.Namespace(config_dir=sys.argv[1])))"
    )
    cfg = next(ln.split("--config-dir", 1)[1].split()[0] for ln in [" ".join(session.app.args)])
    started = time.monotonic()
    r = subprocess.run([sys.executable, "-c", code, cfg], env=session.env, timeout=30, cwd=str(ROOT))
    assert r.returncode == 0 and time.monotonic() - started < 10  # a hand-over, no model loading
    session.wait(session.selector_visible, 10, "the selector after `desktop-ocr capture`")
    time.sleep(0.3)
    session.run("xdotool", "key", "Escape")
    session.wait(lambda: not session.selector_visible(), 5, "the selector to close")


def test_second_start_hands_over_and_exits(session):
    cfg = " ".join(session.app.args).split("--config-dir", 1)[1].split()[0]
    r = subprocess.run(
        [sys.executable, "-m", "desktop_ocr", "--tray", "--config-dir", cfg],
        env=session.env,
        timeout=30,
        cwd=str(ROOT),
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert session.app.poll() is None
    assert any("request from another start: activate" in ln for ln in session.log)
