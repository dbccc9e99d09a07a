"""Real X11 grabs under a private Xvfb; keys are sent with xdotool."""

from __future__ import annotations

import shutil
import subprocess
import threading

import pytest

from tests.platform.xvfb import xvfb

pytestmark = [
    pytest.mark.realwindow,
    pytest.mark.skipif(shutil.which("xdotool") is None, reason="needs xdotool"),
]


@pytest.fixture
def display(monkeypatch):
    with xvfb() as name:
        monkeypatch.setenv("DISPLAY", name)
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
        yield name


def _press(display: str, keys: str) -> None:
    subprocess.run(["xdotool", "key", keys], check=True, env={"DISPLAY": display}, timeout=10)


def test_ctrl_alt_o_calls_back(display):
    from desktop_ocr.platform.hotkeys import choose_backend

    backend = choose_backend()
    assert backend is not None and backend.name == "x11"
    fired = threading.Event()
    calls: list[str] = []
    try:
        backend.register("Ctrl+Alt+O", lambda: (calls.append(threading.current_thread().name), fired.set()))
        _press(display, "ctrl+alt+p")  # a different key must not fire
        _press(display, "ctrl+o")  # missing modifier must not fire
        assert not fired.wait(0.3)
        _press(display, "ctrl+alt+o")
        assert fired.wait(2), "Ctrl+Alt+O did not reach the callback within 2 s"
        assert calls == ["x11-hotkey"]  # runs on the backend thread, not the caller's
        backend.unregister()
        _press(display, "ctrl+alt+o")
        threading.Event().wait(0.3)
        assert len(calls) == 1, "unregister must release the grab"
    finally:
        backend.close()


def test_hotkey_works_with_numlock_on(display):
    from desktop_ocr.platform.hotkeys.x11 import X11HotkeyBackend

    backend = X11HotkeyBackend()
    fired = threading.Event()
    try:
        backend.register("Ctrl+Alt+O", fired.set)
        _press(display, "Num_Lock")
        _press(display, "ctrl+alt+o")
        assert fired.wait(2)
    finally:
        _press(display, "Num_Lock")
        backend.close()


def test_combination_taken_by_another_client_is_reported(display):
    from Xlib import XK, X
    from Xlib import display as xdisplay

    from desktop_ocr.platform.hotkeys.base import HotkeyError
    from desktop_ocr.platform.hotkeys.x11 import X11HotkeyBackend

    other = xdisplay.Display(display)  # "another program"
    keycode = other.keysym_to_keycode(XK.string_to_keysym("o"))
    other.screen().root.grab_key(keycode, X.ControlMask | X.Mod1Mask, True, X.GrabModeAsync, X.GrabModeAsync)
    other.sync()
    backend = X11HotkeyBackend()
    try:
        with pytest.raises(HotkeyError) as info:
            backend.register("ctrl+alt+o", lambda: None)
        assert "Ctrl+Alt+O is already taken by another program" in str(info.value)
        assert "Settings" in str(info.value)
        # the failed attempt left nothing behind: once the other program lets go, it works
        other.close()
        fired = threading.Event()
        backend.register("Ctrl+Alt+O", fired.set)
        _press(display, "ctrl+alt+o")
        assert fired.wait(2)
    finally:
        backend.close()


def test_mss_grabber_returns_the_screen(display):
    from desktop_ocr.platform.capture import choose_grabber

    grabber = choose_grabber()
    assert grabber is not None and grabber.name == "mss"
    shots = grabber.grab_all()
    assert [s.rect for s in shots] == [(0, 0, 1280, 800)]
    assert shots[0].image.shape == (800, 1280, 3)
    assert shots[0].image.flags["C_CONTIGUOUS"]
