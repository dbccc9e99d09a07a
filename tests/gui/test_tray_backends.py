"""The real hotkey backends wired into the app: X11 (private Xvfb) and the portal (mock on D-Bus)."""

from __future__ import annotations

import shutil
import subprocess
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QApplication

from desktop_ocr.gui.keyword_store import KeywordStore
from desktop_ocr.gui.settings_dialog import SettingsDialog
from desktop_ocr.gui.settings_store import SettingsStore
from desktop_ocr.gui.tray import TrayController
from tests.gui.fakes import FakeGrabber
from tests.platform.xvfb import xvfb

TAKEN = "Ctrl+Alt+O is already taken by another program; choose another shortcut in Settings."


def make_tray(runner, tmp_path, backend_factory):
    settings = SettingsStore(str(tmp_path / "cfg"))
    ctx = SimpleNamespace(
        qapp=QApplication.instance(),
        settings=settings,
        keywords=KeywordStore(settings),
        runner=runner,
        show_main_window=lambda: None,
    )
    tray = TrayController(ctx, hotkey_backend=backend_factory, tray_available=False)
    tray.capture.set_grabber(FakeGrabber())
    return tray


def dispose(tray, runner):
    tray.close()


@pytest.fixture
def x_display(monkeypatch):
    if shutil.which("xdotool") is None:
        pytest.skip("needs xdotool")
    with xvfb() as name:
        monkeypatch.setenv("DISPLAY", name)
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
        yield name


def grab_elsewhere(display: str, key: str = "o"):
    """Another X client ("another program") grabs Ctrl+Alt+<key>."""
    from Xlib import XK, X
    from Xlib import display as xdisplay

    other = xdisplay.Display(display)
    keycode = other.keysym_to_keycode(XK.string_to_keysym(key))
    other.screen().root.grab_key(keycode, X.ControlMask | X.Mod1Mask, True, X.GrabModeAsync, X.GrabModeAsync)
    other.sync()
    return other


@pytest.mark.realwindow
def test_x11_conflict_at_start_is_shown_and_a_free_key_can_be_chosen(qtbot, runner, tmp_path, x_display):
    from desktop_ocr.platform.hotkeys import choose_backend

    other = grab_elsewhere(x_display)
    tray = make_tray(runner, tmp_path, choose_backend)
    try:
        assert tray.capture.backend.name == "x11"
        assert ("Global shortcut not active", TAKEN) in tray.notices
        assert tray.capture.hotkey is None
        dlg = SettingsDialog(
            tray.settings, hotkey_apply=tray.capture.change_hotkey, current_hotkey=lambda: tray.capture.hotkey
        )
        qtbot.addWidget(dlg)
        dlg.fields["hotkey"].set("Ctrl+Alt+P")
        assert dlg.apply()
        assert tray.capture.hotkey == "Ctrl+Alt+P" and tray.settings.get("hotkey") == "Ctrl+Alt+P"
        subprocess.run(["xdotool", "key", "ctrl+alt+p"], env={"DISPLAY": x_display}, check=True, timeout=10)
        qtbot.waitUntil(tray.capture.selector.is_active, timeout=5000)
        tray.capture.selector.cancel()
    finally:
        dispose(tray, runner)
        other.close()


@pytest.mark.realwindow
def test_x11_conflict_in_settings_keeps_the_working_hotkey(qtbot, runner, tmp_path, x_display):
    from desktop_ocr.platform.hotkeys import choose_backend

    tray = make_tray(runner, tmp_path, choose_backend)
    other = grab_elsewhere(x_display, "t")
    try:
        assert tray.capture.hotkey == "Ctrl+Alt+O"
        dlg = SettingsDialog(
            tray.settings, hotkey_apply=tray.capture.change_hotkey, current_hotkey=lambda: tray.capture.hotkey
        )
        qtbot.addWidget(dlg)
        dlg.fields["hotkey"].set("Ctrl+Alt+T")
        assert not dlg.apply()
        assert dlg.fields["hotkey"].error.text() == TAKEN.replace("Ctrl+Alt+O", "Ctrl+Alt+T")
        assert tray.settings.get("hotkey") == "Ctrl+Alt+O"
        # the old shortcut still starts a capture
        subprocess.run(["xdotool", "key", "ctrl+alt+o"], env={"DISPLAY": x_display}, check=True, timeout=10)
        qtbot.waitUntil(tray.capture.selector.is_active, timeout=5000)
        tray.capture.selector.cancel()
    finally:
        dispose(tray, runner)
        other.close()


@pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon")
def test_portal_activation_starts_a_capture(qtbot, runner, tmp_path, portal_bus):
    from desktop_ocr.platform.hotkeys.portal import SHORTCUT_ID, PortalHotkeyBackend

    mock = portal_bus()
    tray = make_tray(runner, tmp_path, PortalHotkeyBackend)
    try:
        assert tray.capture.hotkey == "Ctrl+Alt+O" and tray.capture.backend.name == "xdg-portal"
        mock.activate(SHORTCUT_ID)
        qtbot.waitUntil(tray.capture.selector.is_active, timeout=5000)
        tray.capture.selector.cancel()
    finally:
        dispose(tray, runner)


@pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon")
def test_portal_refusal_is_reported_in_the_app(runner, tmp_path, portal_bus):
    from desktop_ocr.platform.hotkeys.portal import PortalHotkeyBackend

    portal_bus(bind_code=1)
    tray = make_tray(runner, tmp_path, PortalHotkeyBackend)
    try:
        assert (
            "Global shortcut not active",
            "Ctrl+Alt+O was not enabled: the shortcut request was declined.",
        ) in tray.notices
        assert tray.capture.hotkey is None
    finally:
        dispose(tray, runner)
