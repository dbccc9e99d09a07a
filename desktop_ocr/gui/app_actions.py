"""The main window's application-wide commands: Capture text, Settings…, About.

They reach beyond the window: a capture goes through the app's one capture controller (the tray's,
or the one the composition root builds when there is no tray side), Settings is the tray's dialog
(it applies a new hotkey) or a plain one. The window puts these actions in its menus and toolbar;
the capture's label names the hotkey and follows the ``hotkey`` setting. During a capture started
here the window hides, so that the frozen screen shows what is behind it.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence

logger = logging.getLogger(__name__)

# the window's menu must have left the screen before the grab (the tray waits as long)
CAPTURE_DELAY_MS = 200


def tr(text: str) -> str:
    return QCoreApplication.translate("AppActions", text)


class AppActions(QObject):
    """``capture``, ``settings`` and ``about``: QActions of ``window`` (a MainWindow)."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.settings_dialog = None  # the plain dialog, when there is no tray side
        self._watching = False  # connected to the capture controller's end signals
        self._stepped_aside = False  # the window hid itself for a capture
        self.capture = QAction(tr("&Capture text"), window)
        self.capture.setIconText(tr("Capture"))
        self.capture.triggered.connect(lambda _checked=False: self.start_capture())
        self.settings = QAction(tr("&Settings…"), window)
        self.settings.setIconText(tr("Settings"))
        self.settings.setShortcut(QKeySequence("Ctrl+,"))
        self.settings.setStatusTip(tr("Capture hotkey, keywords, models and performance"))
        self.settings.triggered.connect(lambda _checked=False: self.open_settings())
        self.about = QAction(tr("&About Desktop OCR…"), window)
        self.about.setIconText(tr("About"))
        self.about.triggered.connect(lambda _checked=False: self.open_about())
        for a in (self.capture, self.settings, self.about):
            window.addAction(a)
        self.ctx.settings.changed.connect(self._on_setting_changed)
        self.update_hotkey()

    def hotkey(self) -> str:
        """The capture hotkey as the settings name it ("" when none is set)."""
        return str(self.ctx.settings.get("hotkey") or "")

    def update_hotkey(self) -> None:
        hotkey = self.hotkey()
        # after a tab, a menu shows the text in its shortcut column; no window shortcut is made
        # (the hotkey is global: the capture controller's backend owns it)
        self.capture.setText(tr("&Capture text") + (f"\t{hotkey}" if hotkey else ""))
        tip = (
            tr("Capture text from the screen ({0})").format(hotkey)
            if hotkey
            else tr("Capture text from the screen")
        )
        self.capture.setToolTip(tip)
        self.capture.setStatusTip(tip)
        self.window.view.set_capture_hotkey(hotkey)

    def _on_setting_changed(self, name: str) -> None:
        if name == "hotkey":
            self.update_hotkey()

    # -- the commands --------------------------------------------------------------------------
    def start_capture(self) -> None:
        """The window steps aside while the screen is grabbed and a region chosen (the user wants
        what is behind it), and comes back when the selector closes."""
        controller = self.ctx.capture_controller()
        if controller.selector.is_active():
            return
        if not self._watching:
            self._watching = True
            controller.selector.selected.connect(self._come_back)
            controller.cancelled.connect(self._come_back)
            controller.failed.connect(self._come_back)
        if self.window.isVisible():
            self._stepped_aside = True
            self.window.hide()
        self.ctx.start_capture(CAPTURE_DELAY_MS)

    def _come_back(self, *_args) -> None:
        if self._stepped_aside:
            self._stepped_aside = False
            self.window.show()
            self.window.raise_()
            self.window.activateWindow()

    def open_settings(self) -> None:
        """The one Settings dialog: the tray's (it applies a new hotkey), or a plain one without it."""
        if getattr(self.ctx, "tray", None) is not None:
            self.ctx.tray.open_settings()
            return
        from desktop_ocr.gui.settings_dialog import SettingsDialog

        if self.settings_dialog is None:
            self.settings_dialog = SettingsDialog(self.ctx.settings, parent=self.window)
        self.settings_dialog.reload()
        self.settings_dialog.open()

    def open_about(self) -> None:
        from desktop_ocr.gui.about_dialog import AboutDialog

        AboutDialog(self.window).open()
