"""The main window reaches the whole app: Capture text (its hotkey named), Settings and About in its
menus and toolbar, also when there is no tray side; the tray's icon and its no-tray notice."""

from __future__ import annotations

from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QDialog

from desktop_ocr.gui.settings_dialog import SettingsDialog
from desktop_ocr.gui.tray import make_icon
from desktop_ocr.platform.capture import CaptureError
from desktop_ocr.platform.desktop_entry import ICON
from tests.gui.fakes import FakeGrabber


def menu_texts(win) -> dict[str, list[str]]:
    return {
        m.text().replace("&", ""): [
            a.text().replace("&", "") for a in m.menu().actions() if not a.isSeparator()
        ]
        for m in win.menuBar().actions()
    }


def test_capture_settings_and_about_are_in_the_menus_and_the_toolbar_and_enabled(make_window):
    win = make_window()
    menus = menu_texts(win)
    assert "Capture text\tCtrl+Alt+O" in menus["OCR"]
    assert "Settings…" in menus["OCR"] and "About Desktop OCR…" in menus["Help"]
    on_bar = [a for a in win.toolbar.actions() if not a.isSeparator()]
    acts = win.app_actions
    for a in (acts.capture, acts.settings, acts.about):
        assert a in on_bar and a.isEnabled() and a.isVisible()
    assert [a.iconText() for a in on_bar if a in (acts.capture, acts.settings, acts.about)] == [
        "Capture",
        "Settings",
        "About",
    ]
    assert win.toolbar.isVisible()


def test_the_capture_label_and_the_empty_hint_follow_the_hotkey_setting(make_window):
    win = make_window()
    assert "Capture text from the screen with Ctrl+Alt+O" in win.view.hint
    assert "Drop images" in win.view.hint
    win.settings.set("hotkey", "Ctrl+Shift+F9")
    assert win.app_actions.capture.text() == "&Capture text\tCtrl+Shift+F9"
    assert "Ctrl+Shift+F9" in win.view.hint and "Ctrl+Alt+O" not in win.view.hint


def test_capture_from_the_window_without_a_tray_opens_the_selector(qtbot, make_window):
    win = make_window()
    assert win.ctx.tray is None
    controller = win.ctx.capture_controller()
    assert controller is win.ctx.capture_controller()  # built once, by the composition root
    grabber = FakeGrabber()
    controller.set_grabber(grabber)
    win.app_actions.capture.trigger()
    assert not win.isVisible()  # out of the way of the screen to grab
    qtbot.waitUntil(controller.selector.is_active, timeout=3000)
    assert grabber.calls == 1
    controller.selector.cancel()
    assert not controller.selector.is_active()
    assert win.isVisible()  # back once the selector closed
    # a capture that cannot start brings the window back too
    failures = []
    controller.failed.connect(failures.append)
    controller.set_grabber(BrokenGrabber())
    win.app_actions.capture.trigger()
    assert not win.isVisible()
    qtbot.waitUntil(lambda: bool(failures), timeout=3000)
    assert win.isVisible() and "no screen today" in failures[0]


class BrokenGrabber:
    name = "broken"

    def grab_all(self):
        raise CaptureError("no screen today")


def test_settings_from_the_window_without_a_tray_is_one_dialog(qtbot, make_window):
    win = make_window()
    win.app_actions.settings.trigger()
    dialog = win.app_actions.settings_dialog
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    dialog.reject()
    win.app_actions.settings.trigger()
    assert win.app_actions.settings_dialog is dialog and dialog.isVisible()
    dialog.reject()


def test_about_opens_from_the_window(qtbot, make_window):
    win = make_window()
    win.app_actions.about.trigger()
    about = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    assert len(about) == 1 and "Desktop OCR" in about[0].windowTitle()
    about[0].close()


def test_the_tray_icon_is_the_application_icon(qapp):
    def pixels(icon):
        img = QImage(32, 32, QImage.Format.Format_ARGB32)
        img.fill(0)
        p = QPainter(img)
        icon.paint(p, 0, 0, 32, 32)
        p.end()
        return img

    from PySide6.QtGui import QIcon

    assert pixels(make_icon()) == pixels(QIcon(str(ICON)))
