"""Fakes and helpers shared by the GUI tests: a screen with text on it, hotkey backends, a main window
stand-in, the text of the ``pages`` fixture, a crashing run, a request from a second process."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from desktop_ocr.platform.capture.base import ScreenShot
from desktop_ocr.platform.hotkeys.base import HotkeyError, parse_combo, taken_message
from tests.helpers import DEJAVU, render_lines

CAPTURE_LINES = [
    "Meeting moved to Thursday 14:30",
    "Invoice INV-2024-0815 is unpaid",
    "Please reply before Friday",
]
TEXT_AT = (60, 80)  # where the text block sits on the fake screen


class FakeGrabber:
    """A screen of the primary screen's size with ``CAPTURE_LINES`` rendered at ``TEXT_AT``."""

    name = "fake"

    def __init__(self):
        geo = QGuiApplication.primaryScreen().geometry()
        screen = np.full((geo.height(), geo.width(), 3), 235, np.uint8)
        block = render_lines(CAPTURE_LINES, DEJAVU, size=18, width=420, margin=10, spacing=1.7)
        x, y = TEXT_AT
        screen[y : y + block.shape[0], x : x + block.shape[1]] = block
        self.block_size = block.shape[1], block.shape[0]
        self.shot = ScreenShot.from_image(screen, geo.x(), geo.y())
        self.calls = 0

    def grab_all(self):
        self.calls += 1
        return [self.shot]


class FakeBackend:
    """A hotkey backend: ``taken`` combinations are held by 'another program'."""

    name = "fake"

    def __init__(self, taken=()):
        self.taken = {str(parse_combo(c)) for c in taken}
        self.registered: str | None = None
        self.callback = None

    def register(self, combo, callback):
        c = parse_combo(combo)
        if str(c) in self.taken:
            raise HotkeyError(taken_message(c))
        self.registered, self.callback = str(c), callback

    def unregister(self):
        self.registered = None

    def close(self):
        self.registered = None


class FakeMainWindow:
    """What the tray asks of the main window, recorded."""

    def __init__(self):
        self.opened, self.results, self.shown = [], [], 0

    def open_paths(self, paths):
        self.opened.append(list(paths))

    def add_result(self, result, image):
        self.results.append((result, image))


def drag_over_text(controller, grabber, pad=8):
    """Drag over the fake screen's text block on the selector, as a user would."""
    (overlay,) = controller.selector.overlays
    x, y = TEXT_AT
    w, h = grabber.block_size
    start, end = QPoint(x - pad, y - pad), QPoint(x + w + pad, y + h + pad)
    QTest.mousePress(overlay, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(overlay, QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    QTest.mouseMove(overlay, end)
    QTest.mouseRelease(overlay, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def run_capture(qtbot, controller, grabber):
    """A whole capture: start, wait for the frozen screen, drag over the text, wait for the outcome."""
    done, shown = [], []
    controller.finished.connect(done.append)
    controller.selector_shown.connect(lambda: shown.append(1))
    assert controller.start_capture()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)  # the frozen screen was painted
    drag_over_text(controller, grabber)
    qtbot.waitUntil(lambda: bool(done), timeout=60000)
    return done[0]


# -- the main window's pages and runs ------------------------------------------------------------

LINES = ["Invoice 2024-0117 total 42.50", "Shipping to Berlin office"]  # invoice.png of ``pages``
OTHER = ["Meeting notes for Monday", "Budget approved by Anna"]  # notes.png of ``pages``
REPO = Path(__file__).resolve().parents[2]


def wait_idle(qtbot, win, n: int, timeout: int = 30000) -> None:
    qtbot.waitUntil(lambda: len(win.model.entries) >= n and not win.busy, timeout=timeout)


def entry_named(win, name):
    return next(e for e in win.model.entries if e.label == name)


CRASH_SCRIPT = textwrap.dedent(
    """
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, {repo!r})
    import desktop_ocr.gui
    from PySide6.QtWidgets import QApplication, QLineEdit
    from desktop_ocr.gui.composition import GuiOptions, build_context

    app = QApplication([])
    ctx = build_context(GuiOptions(config_dir={cfg!r}), app, workers=2)
    win = ctx.show_main_window()
    win.keywords.set_text("berlin")
    win.open_paths([{img!r}])
    t0 = time.time()
    while (win.busy or not win.model.entries) and time.time() - t0 < 60:
        app.processEvents(); time.sleep(0.01)
    win.edit_line(1, "Shipping to Lisbon office")
    writes = win.session.writes
    while win.session.writes == writes and time.time() - t0 < 60:
        app.processEvents(); time.sleep(0.01)
    print("edited", flush=True)
    os._exit(3)  # a crash: no clean shutdown
    """
)


def ask_from_another_process(qtbot, name: str, request: dict) -> dict | None:
    """send_request as a second start does it: from another process (a Python thread would
    block in waitForReadyRead holding the GIL the GUI thread needs to answer)."""
    code = (
        "import json, sys, desktop_ocr.gui; from desktop_ocr.gui.single_instance import send_request; "
        "print(json.dumps(send_request(sys.argv[1], json.loads(sys.argv[2]))))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, name, json.dumps(request)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=str(REPO),
    )
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20000)
    return json.loads(proc.stdout.read())
