"""Capture flow on the offscreen platform: frozen screen -> drag -> OCR job -> clipboard + notice."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from desktop_ocr.core.results import Line, PageResult
from desktop_ocr.gui.capture_controller import (
    CaptureController,
    capture_source,
    pad_for_detection,
    trim_result,
)
from desktop_ocr.gui.keyword_store import KeywordStore
from desktop_ocr.gui.settings_store import SettingsStore
from tests.gui.fakes import CAPTURE_LINES as LINES
from tests.gui.fakes import FakeBackend, FakeGrabber
from tests.gui.fakes import run_capture as _run_capture
from tests.helpers import cer


@pytest.fixture
def store(tmp_path):
    return SettingsStore(str(tmp_path / "cfg"))


@pytest.fixture
def make_controller(qtbot, runner, store):
    made = []

    def make(**kw):
        notices = []
        kw.setdefault("grabber", FakeGrabber())
        kw.setdefault("hotkey_backend", lambda: FakeBackend())
        c = CaptureController(store, runner, notify=lambda t, m: notices.append((t, m)), **kw)
        c.notices = notices
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()


def run_capture(qtbot, controller):
    return _run_capture(qtbot, controller, controller.grabber())


def test_drag_puts_the_text_on_the_clipboard_and_notifies(qtbot, make_controller, store):
    QGuiApplication.clipboard().setText("before")
    store.set("capture_join_mode", "lines")
    c = make_controller()
    outcome = run_capture(qtbot, c)
    clip = QGuiApplication.clipboard().text()
    assert cer("\n".join(LINES), clip) <= 0.02, clip
    assert clip.splitlines()[0].startswith("Meeting")  # lines mode keeps the lines
    assert outcome.copied and outcome.text == clip
    title, message = c.notices[-1]
    assert title == "Text copied"
    assert message.startswith("Meeting moved") and "+2 more lines" in message
    # the result is the crop's, not the padded page the detector saw
    assert (outcome.result.width, outcome.result.height) == outcome.image.shape[1::-1]
    assert all(
        0 <= x < outcome.result.width and 0 <= y < outcome.result.height
        for ln in outcome.result.lines
        for x, y in ln.box
    )
    assert "selector_visible_ms" in outcome.timings and outcome.timings["release_to_clipboard_ms"] > 0


def test_escape_leaves_the_clipboard_alone(qtbot, make_controller):
    QGuiApplication.clipboard().setText("keep me")
    c = make_controller()
    cancelled, done = [], []
    c.cancelled.connect(lambda: cancelled.append(1))
    c.finished.connect(done.append)
    assert c.start_capture()
    QTest.keyClick(c.selector.overlays[0], Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(cancelled), timeout=2000)
    qtbot.wait(200)
    assert not done and not c.busy
    assert QGuiApplication.clipboard().text() == "keep me"


def test_hotkey_from_a_backend_thread_opens_the_selector_in_the_gui_thread(qtbot, make_controller):
    c = make_controller()
    assert c.register_hotkey("Ctrl+Alt+O") is None
    threads = []
    c.capture_started.connect(lambda: threads.append(threading.current_thread()))
    t = threading.Thread(target=c.backend.callback, name="fake-hotkey")
    t.start()
    t.join()
    qtbot.waitUntil(lambda: c.selector.is_active(), timeout=2000)
    assert threads == [threading.main_thread()]
    c.selector.cancel()


def test_join_mode_and_keywords_reach_clipboard_and_notice(qtbot, make_controller, store, tmp_path):
    kw = tmp_path / "kw.txt"
    kw.write_text("# watch list\ninvoice\nre:INV-\\d{4}\n", encoding="utf-8")
    store.set("keywords", str(kw))
    store.set("capture_join_mode", "one-line")
    c = make_controller()
    outcome = run_capture(qtbot, c)
    clip = QGuiApplication.clipboard().text()
    assert "\n" not in clip and cer(" ".join(LINES), clip) <= 0.02
    assert sorted(outcome.keywords) == ["invoice", "re:INV-\\d{4}"]
    assert {h.keyword for h in outcome.result.hits} == {"invoice", "re:INV-\\d{4}"}
    title, message = c.notices[-1]
    assert "keywords found" in title and "Keywords: " in message and "invoice" in message


def test_result_window_only_when_asked_and_clipboard_off(qtbot, make_controller, store):
    shown = []
    c = make_controller(show_result=shown.append)
    run_capture(qtbot, c)
    assert shown == []  # off by default
    store.set("open_result_window", True)
    store.set("copy_to_clipboard", False)
    QGuiApplication.clipboard().setText("untouched")
    outcome = run_capture(qtbot, c)
    assert shown == [outcome]
    assert QGuiApplication.clipboard().text() == "untouched"
    assert c.notices[-1][0] == "Text read"


def test_taken_hotkey_keeps_the_old_one_and_says_why(make_controller):
    backend = FakeBackend(taken=["Ctrl+Shift+T"])
    c = make_controller(hotkey_backend=lambda: backend)
    assert c.register_hotkey("Ctrl+Alt+O") is None
    error = c.change_hotkey("ctrl+shift+t")
    assert error == "Ctrl+Shift+T is already taken by another program; choose another shortcut in Settings."
    assert c.hotkey == "Ctrl+Alt+O" and backend.registered == "Ctrl+Alt+O"
    assert c.change_hotkey("Ctrl+Alt+P") is None and backend.registered == "Ctrl+Alt+P"


def test_no_backend_gives_a_clear_message(make_controller):
    c = make_controller(hotkey_backend=lambda: None)
    error = c.register_hotkey("Ctrl+Alt+O")
    assert "not available" in error and "desktop-ocr capture" in error and c.hotkey is None


def test_crop_is_padded_not_upscaled_and_trimmed_back():
    crop = np.full((300, 800, 3), (250, 240, 230), np.uint8)
    crop[100:120, 50:400] = 0
    padded = pad_for_detection(crop, 736)
    assert padded.shape == (736, 800, 3)
    assert np.array_equal(padded[:300, :800], crop)
    assert padded[700, 10].tolist() == [250, 240, 230]  # background colour, no stretched text
    assert capture_source(crop, "c.png", 736).load().shape == (736, 800, 3)
    big = np.zeros((800, 900, 3), np.uint8)
    assert pad_for_detection(big, 736) is big
    r = PageResult("c.png", None, 800, 736, [Line("x", [[10, 290], [790, 290], [799, 310], [10, 310]], 0.9)])
    trim_result(r, 800, 300)
    assert (r.width, r.height) == (800, 300) and max(y for _, y in r.lines[0].box) == 299


def test_capture_pages_skip_the_orientation_classifier_other_pages_do_not():
    from dataclasses import dataclass

    from desktop_ocr.gui.capture_controller import upright_stages

    @dataclass(frozen=True)
    class Opts:
        use_cls: bool = True

    class Stages:
        options = Opts()

        def recognize(self, image, boxes):
            return [self.options.use_cls]

    engine = Stages()
    upright = upright_stages(engine)
    page = np.zeros((4, 4, 3), np.uint8)
    assert engine.recognize(page, None) == [True]
    assert upright.recognize(page, None) == [False]
    assert engine.options.use_cls is True  # the shared engine's options are untouched


def test_keyword_seen_only_as_a_look_alike_is_named_possible_in_the_notice(make_controller, store, tmp_path):
    kw = tmp_path / "kw.txt"
    kw.write_text("敢耍我\n你\n", encoding="utf-8")
    store.set("keywords", str(kw))
    c = make_controller()
    box = [[0, 0], [90, 0], [90, 30], [0, 30]]
    result = PageResult("capture", None, 100, 40, [Line("你敢要我", box, 0.9, alternates=[(2, "耍", 0.2)])])
    assert c.keyword_labels(result) == ["你", "敢耍我 (possible)"]


def test_a_capture_uses_the_keyword_list_of_the_window(make_controller, store, qtbot):
    # one list: what the keyword panel holds (the app's KeywordStore), not only a list file
    keywords = KeywordStore(store)
    c = make_controller(keywords=keywords)
    result = PageResult("c.png", None, 100, 40, lines=[Line("Invoice INV-2024-0815", [[0, 0]] * 4, 0.9)])
    assert c.keyword_labels(result) == []
    keywords.set_text("invoice\nnot there")
    assert c.keyword_labels(result) == ["invoice"]
    # a keyword file chosen in the settings replaces the list for every part of the app
    kw = store.config_dir / "kw.txt"
    kw.write_text("re:INV-\\d{4}\n", encoding="utf-8")
    store.set("keywords", str(kw))
    assert keywords.text() == "re:INV-\\d{4}\n"
    assert c.keyword_labels(result) == ["re:INV-\\d{4}"]
