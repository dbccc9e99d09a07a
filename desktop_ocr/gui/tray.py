"""The system-tray side of the app: tray icon and menu, the global hotkey, captures, notices.

``TrayController(ctx)`` is built by the composition root (``gui.composition.build_app``) for every
GUI start. It works without a system tray too (a bare X server, some desktops): the app then says
so once (log + a small non-blocking notice), keeps running, and the hotkey, a second start and
``desktop-ocr capture`` still reach it. It builds nothing of the app itself: the one-shot
``desktop-ocr capture`` lives in ``gui.capture_command``.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QFont, QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QSystemTrayIcon, QVBoxLayout, QWidget

from desktop_ocr.gui.capture_controller import CaptureController, CaptureOutcome
from desktop_ocr.gui.single_instance import InstanceServer
from desktop_ocr.i18n import QT_TRANSLATE_NOOP
from desktop_ocr.platform.desktop_entry import ICON

logger = logging.getLogger(__name__)

APP_TITLE = "Desktop OCR"  # the product's name, in every language
NOTICE_KEY = "notices/no_system_tray_shown"  # declared in desktop_ocr.settings.STATE
# which one is true depends on whether closing the last window ends the app (a --tray start
# keeps running; a window start quits with its window)
NO_TRAY_MESSAGE = QT_TRANSLATE_NOOP(
    "Tray",
    "This desktop has no system tray, so Desktop OCR has no tray icon. It keeps running in the "
    "background: press {hotkey} to capture text, or run `desktop-ocr` again to open the window.",
)
NO_TRAY_WINDOW_MESSAGE = QT_TRANSLATE_NOOP(
    "Tray",
    "This desktop has no system tray, so Desktop OCR has no tray icon. While its window is open, "
    "press {hotkey} or use OCR › Capture text to capture text; Settings are in the OCR menu.",
)


def tr(text: str) -> str:
    return QCoreApplication.translate("Tray", text)


def make_icon(size: int = 64) -> QIcon:
    """The tray icon: the application's icon (the one the desktop entry installs); a drawn "T"
    when that cannot be loaded (no SVG support)."""
    icon = QIcon(str(ICON))
    if not icon.isNull() and not icon.pixmap(22).isNull():
        return icon
    icon = QIcon()
    for s in (16, 22, 24, 32, 48, size):
        pm = QPixmap(s, s)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(QColor(0, 120, 215))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(QRect(0, 0, s, s), s * 0.2, s * 0.2)
        pen = p.pen()
        p.setPen(QColor(255, 255, 255))
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(8, int(s * 0.7)))
        p.setFont(font)
        p.drawText(QRect(0, 0, s, s), Qt.AlignmentFlag.AlignCenter, "T")
        p.setPen(pen)
        p.end()
        icon.addPixmap(pm)
    return icon


class Toast(QWidget):
    """A small notice in the bottom-right corner that closes itself; never takes focus.

    Used where there is no tray to show notifications: a blocking dialog in a tray-only start
    would wait for a click the user may never make.
    """

    def __init__(self) -> None:
        super().__init__(
            None,
            Qt.WindowType.ToolTip
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus,
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setObjectName("desktopOcrToast")
        self.setStyleSheet(
            "#desktopOcrToast { background: #202020; border: 1px solid #0078d7; }QLabel { color: white; }"
        )
        self._title = QLabel()
        f = self._title.font()
        f.setBold(True)
        self._title.setFont(f)
        self._body = QLabel()
        self._body.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 10)
        lay.addWidget(self._title)
        lay.addWidget(self._body)
        self.setFixedWidth(380)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)

    def show_message(self, title: str, message: str, msecs: int = 6000) -> None:
        self._title.setText(title)
        self._body.setText(message)
        # the wrapped body's height for the toast's fixed width: adjustSize() alone measured it
        # too short with the CJK font and the first and last lines were cut
        m = self.layout().contentsMargins()
        inner = self.width() - m.left() - m.right()
        body_h = max(self._body.heightForWidth(inner), self._body.sizeHint().height())
        spacing = max(self.layout().spacing(), 0)
        self.setFixedHeight(m.top() + self._title.sizeHint().height() + spacing + body_h + m.bottom())
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.move(area.bottomRight() - QPoint(self.width() + 16, self.height() + 16))
        self.show()
        self.raise_()
        self._timer.start(msecs)

    def mousePressEvent(self, _event) -> None:  # a click dismisses it
        self.hide()


class TrayController(QObject):
    """Tray icon + menu (Capture, Open window, Settings, Quit), the hotkey and the captures."""

    def __init__(self, ctx, *, hotkey_backend: Any = "auto", tray_available: bool | None = None):
        super().__init__(ctx.qapp)
        self.ctx = ctx
        self.settings = ctx.settings
        self.notices: list[tuple[str, str]] = []  # every notification shown, newest last
        self.toast: Toast | None = None
        self.settings_dialog = None
        self.server: InstanceServer | None = None
        kwargs = {} if hotkey_backend == "auto" else {"hotkey_backend": hotkey_backend}
        self.capture = CaptureController(
            ctx.settings,
            ctx.runner,
            keywords=ctx.keywords,
            notify=self.notify,
            show_result=self.show_in_main_window,
            parent=self,
            **kwargs,
        )
        self.menu = self._build_menu()
        self.available = QSystemTrayIcon.isSystemTrayAvailable() if tray_available is None else tray_available
        self.icon: QSystemTrayIcon | None = None
        if self.available:
            self.icon = QSystemTrayIcon(make_icon(), self)
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._on_activated)
            self.icon.show()
        error = self.capture.register_hotkey(self.settings.get("hotkey"))
        self.capture.hotkey_changed.connect(self._update_labels)
        self.capture.about_to_grab.connect(self._hide_notices)
        self._update_labels()
        if error is not None:
            self.notify(tr("Global shortcut not active"), error)
        if not self.available:
            self._no_tray_notice()
        self.settings.changed.connect(self._on_setting_changed)

    # -- menu -------------------------------------------------------------------------------------
    def _build_menu(self) -> QMenu:
        menu = QMenu()
        menu.setTitle(APP_TITLE)
        self.capture_action = QAction(tr("Capture text"), menu)
        self.capture_action.triggered.connect(self.start_capture)
        self.open_action = QAction(tr("Open window"), menu)
        self.open_action.triggered.connect(self.open_window)
        self.settings_action = QAction(tr("Settings…"), menu)
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action = QAction(tr("Quit"), menu)
        self.quit_action.triggered.connect(self.quit)
        menu.addAction(self.capture_action)
        menu.addAction(self.open_action)
        menu.addSeparator()
        menu.addAction(self.settings_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        return menu

    def _update_labels(self, *_args) -> None:
        hotkey = self.capture.hotkey
        self.capture_action.setText(tr("Capture text") + (f"\t{hotkey}" if hotkey else ""))
        if self.icon is not None:
            tip = (
                tr("Desktop OCR: click or press {0} to capture text").format(hotkey) if hotkey else APP_TITLE
            )
            self.icon.setToolTip(tip)

    def _on_activated(self, reason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:  # a left click captures
            self.start_capture()

    # -- actions ----------------------------------------------------------------------------------
    def start_capture(self) -> None:
        # Let the menu close first: the grab must not contain it.
        QTimer.singleShot(0 if not self.menu.isVisible() else 150, self.capture.start_capture)

    def open_window(self):
        return self.ctx.show_main_window()

    def open_settings(self) -> None:
        from desktop_ocr.gui.settings_dialog import SettingsDialog

        if self.settings_dialog is None:
            self.settings_dialog = SettingsDialog(
                self.settings,
                hotkey_apply=self.capture.change_hotkey,
                current_hotkey=lambda: self.capture.hotkey,
            )
        self.settings_dialog.reload()
        self.settings_dialog.show()
        self.settings_dialog.raise_()
        self.settings_dialog.activateWindow()

    def quit(self) -> None:
        self.ctx.qapp.quit()

    def show_in_main_window(self, outcome: CaptureOutcome) -> None:
        self.open_window().add_result(outcome.result, outcome.image)

    # -- notifications ----------------------------------------------------------------------------
    def notify(self, title: str, message: str) -> None:
        self.notices.append((title, message))
        logger.info("notice: %s: %s", title, message.replace("\n", " | "))
        if self.icon is not None and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 5000)
            return
        if self.toast is None:
            self.toast = Toast()
        self.toast.show_message(title, message)

    def _hide_notices(self) -> None:
        if self.toast is not None and self.toast.isVisible():
            self.toast.hide()
            # the X server must have unmapped it before the grab
            QApplication.processEvents()
            if hasattr(QApplication, "sync"):  # Qt >= 6.? : round trip to the window system
                QApplication.sync()

    def _no_tray_notice(self) -> None:
        hotkey = self.capture.hotkey or tr("the capture shortcut")
        background = not self.ctx.qapp.quitOnLastWindowClosed()
        message = tr(NO_TRAY_MESSAGE if background else NO_TRAY_WINDOW_MESSAGE).format(hotkey=hotkey)
        logger.warning("no system tray: %s", message)
        if self.settings.state(NOTICE_KEY):
            return
        self.settings.set_state(NOTICE_KEY, True)
        self.settings.sync()
        self.notify(tr("No system tray"), message)

    def _on_setting_changed(self, name: str) -> None:
        if name != "hotkey":
            return
        wanted = self.settings.get("hotkey")
        error = self.capture.change_hotkey(wanted)
        if error is not None:
            self.notify(tr("Shortcut not changed"), error)

    # -- single instance --------------------------------------------------------------------------
    def attach_server(self, server: InstanceServer) -> None:
        self.server = server
        server.handler = self.handle_request

    def handle_request(self, request: dict) -> dict:
        cmd = request.get("cmd")
        if cmd == "capture":
            self.start_capture()
            return {"ok": True}
        if cmd == "activate":
            files = [str(f) for f in request.get("files") or []]
            if files:
                self.open_window().open_paths(files)
            elif not request.get("tray"):
                self.open_window()
            return {"ok": True}
        return {"ok": False, "error": f"unknown request {cmd!r}"}

    def close(self) -> None:
        self.capture.close()
        if self.server is not None:
            self.server.close()
        if self.icon is not None:
            self.icon.hide()
        if self.toast is not None:
            self.toast.close()
