"""Tray controller: menu, no-tray notice, hotkey messages, single-instance requests."""

from __future__ import annotations

import logging
import socket
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QApplication

from desktop_ocr.gui.app import instance_request_for
from desktop_ocr.gui.keyword_store import KeywordStore
from desktop_ocr.gui.settings_store import SettingsStore
from desktop_ocr.gui.single_instance import InstanceServer, send_request, server_name
from desktop_ocr.gui.tray import TrayController
from tests.gui.fakes import FakeBackend, FakeGrabber, FakeMainWindow, ask_from_another_process, run_capture


@pytest.fixture
def make_tray(qtbot, runner, tmp_path):
    made = []

    def make(config="cfg", backend=None, tray_available=False):
        win = FakeMainWindow()

        def show_main_window():
            win.shown += 1
            return win

        settings = SettingsStore(str(tmp_path / config))
        ctx = SimpleNamespace(
            qapp=QApplication.instance(),
            settings=settings,
            keywords=KeywordStore(settings),
            runner=runner,
            show_main_window=show_main_window,
            window=win,
        )
        tray = TrayController(
            ctx, hotkey_backend=lambda: backend or FakeBackend(), tray_available=tray_available
        )
        tray.capture.set_grabber(FakeGrabber())
        made.append(tray)
        return tray

    yield make
    for t in made:
        t.close()


def test_menu_has_the_four_entries_and_shows_the_hotkey(make_tray):
    tray = make_tray()
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts == ["Capture text\tCtrl+Alt+O", "Open window", "Settings…", "Quit"]


def test_no_system_tray_is_said_once_and_the_app_keeps_its_hotkey(make_tray, caplog):
    caplog.set_level(logging.WARNING)
    backend = FakeBackend()
    tray = make_tray(backend=backend)
    assert tray.icon is None
    assert tray.notices[0][0] == "No system tray" and "Ctrl+Alt+O" in tray.notices[0][1]
    assert tray.toast is not None and tray.toast.isVisible()  # a notice, not a modal dialog
    assert QApplication.activeModalWidget() is None
    assert "no system tray" in caplog.text
    assert backend.registered == "Ctrl+Alt+O"
    again = make_tray()  # next start with the same config: logged, not shown again
    assert all(t != "No system tray" for t, _ in again.notices)


def test_the_no_tray_notice_says_background_only_when_the_app_stays(make_tray):
    app = QApplication.instance()
    before = app.quitOnLastWindowClosed()
    try:
        app.setQuitOnLastWindowClosed(False)  # a --tray start: the app outlives its windows
        stays = make_tray(config="tray-start")
        assert "keeps running in the background" in stays.notices[0][1]
        app.setQuitOnLastWindowClosed(True)  # a window start: closing the window quits
        title, message = make_tray(config="window-start").notices[0]
    finally:
        app.setQuitOnLastWindowClosed(before)
    assert title == "No system tray" and "Ctrl+Alt+O" in message
    assert "background" not in message and "While its window is open" in message


def test_taken_hotkey_at_start_is_reported(make_tray):
    tray = make_tray(backend=FakeBackend(taken=["Ctrl+Alt+O"]))
    assert (
        "Global shortcut not active",
        "Ctrl+Alt+O is already taken by another program; choose another shortcut in Settings.",
    ) in tray.notices
    assert tray.menu.actions()[0].text() == "Capture text"  # no shortcut shown that does not work


def test_capture_action_and_capture_request_open_the_selector(qtbot, make_tray):
    tray = make_tray()
    tray.capture_action.trigger()
    qtbot.waitUntil(tray.capture.selector.is_active, timeout=2000)
    tray.capture.selector.cancel()
    assert tray.handle_request({"cmd": "capture"}) == {"ok": True}
    qtbot.waitUntil(tray.capture.selector.is_active, timeout=2000)
    tray.capture.selector.cancel()


def test_activate_request_opens_files_in_the_main_window(make_tray, tmp_path):
    tray = make_tray()
    args = SimpleNamespace(files=["a.png", "docs/b.pdf"], tray=False)
    req = instance_request_for(args)
    assert all(f.startswith("/") for f in req["files"])
    assert tray.handle_request(req) == {"ok": True}
    assert tray.ctx.window.opened == [req["files"]]
    assert tray.handle_request({"cmd": "activate", "files": [], "tray": True}) == {"ok": True}
    assert tray.ctx.window.shown == 1  # a second tray-only start does not pop the window up
    assert tray.handle_request({"cmd": "dance"})["ok"] is False


def test_capture_result_opens_in_the_main_window_when_asked(qtbot, make_tray):
    tray = make_tray()
    tray.settings.set("open_result_window", True)
    outcome = run_capture(qtbot, tray.capture, tray.capture.grabber())
    ((result, image),) = tray.ctx.window.results
    assert result is outcome.result and image.shape == outcome.image.shape


def test_second_start_reaches_the_first_through_the_socket(qtbot, make_tray, tmp_path):
    tray = make_tray()
    name = server_name(str(tmp_path / "cfg"))
    assert name != server_name(str(tmp_path / "other"))  # one instance per config folder
    server = InstanceServer(name)
    assert server.listen()
    tray.attach_server(server)
    reply = ask_from_another_process(qtbot, name, {"cmd": "activate", "files": ["/x/a.png"]})
    assert reply == {"ok": True} and tray.ctx.window.opened == [["/x/a.png"]]
    second = InstanceServer(name)
    assert not second.listen()  # a live instance is not replaced
    server.close()


def test_socket_left_by_a_crashed_instance_is_replaced(tmp_path):
    from PySide6.QtNetwork import QLocalServer

    name = server_name(str(tmp_path / "crashed"))
    probe = QLocalServer()
    assert probe.listen(name)
    path = probe.fullServerName()
    probe.close()
    s = socket.socket(socket.AF_UNIX)  # a socket file nobody listens on, as after a crash
    s.bind(path)
    s.close()
    assert send_request(name, {"cmd": "ping"}) is None
    server = InstanceServer(name)
    assert server.listen()
    server.close()
