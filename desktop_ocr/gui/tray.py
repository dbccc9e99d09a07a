"""The system-tray side of the app: tray icon and menu, global hotkey, captures, `desktop-ocr capture`.

``TrayController(ctx)`` is built by ``gui.app.build_app`` for every GUI start. It works without a
system tray too (a bare X server, some desktops): the app then says so once (log + a small
non-blocking notice), keeps running, and the hotkey, a second start and ``desktop-ocr capture``
still reach it.

``desktop-ocr capture`` (``run_capture_command``) asks the running instance to capture through the
single-instance socket. If none runs, it captures once itself and exits once the text is safe:

* Windows and macOS keep clipboard text after the process exits (Qt flushes it to the system);
* on X11 and Wayland the clipboard is a promise of the owning process: the text disappears when it
  exits. With a clipboard manager (most desktops run one) Qt hands the text to it at exit, so the
  process exits at once. Without one, the process stays in the background, invisible, until another
  program takes the clipboard (the user copied something else) or ``CLIPBOARD_LINGER_S`` passes.
  Keeping ``desktop-ocr --tray`` running (autostart) avoids this and loading the models per capture.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QFont, QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QSystemTrayIcon, QVBoxLayout, QWidget

from desktop_ocr.gui.capture_controller import CaptureController, CaptureOutcome
from desktop_ocr.gui.single_instance import InstanceServer, send_request, server_name
from desktop_ocr.i18n import QT_TRANSLATE_NOOP

logger = logging.getLogger(__name__)

APP_TITLE = "Desktop OCR"  # the product's name, in every language
NOTICE_KEY = "notices/no_system_tray_shown"  # internal state, not a user setting
CLIPBOARD_LINGER_S = 2 * 3600
NO_TRAY_MESSAGE = QT_TRANSLATE_NOOP(
    "Tray",
    "This desktop has no system tray, so Desktop OCR has no tray icon. It keeps running in the "
    "background: press {hotkey} to capture text, or run `desktop-ocr` again to open the window.",
)


def tr(text: str) -> str:
    return QCoreApplication.translate("Tray", text)


def make_icon(size: int = 64) -> QIcon:
    """The tray icon, drawn (no image files to ship): a dashed selection frame around a "T"."""
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
        self.adjustSize()
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
        try:
            return self.ctx.show_main_window()
        except ImportError as exc:  # the main window is built elsewhere and may not exist yet
            logger.warning("main window unavailable: %s", exc)
            self.notify(tr("Window unavailable"), tr("The main window could not be opened."))
            return None

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
        win = self.open_window()
        add = getattr(win, "add_result", None)
        if add is None:
            logger.warning("the main window cannot show captures yet (no add_result)")
            return
        add(outcome.result, outcome.image)

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
        message = tr(NO_TRAY_MESSAGE).format(hotkey=hotkey)
        logger.warning("no system tray: %s", message)
        qs = self.settings.qsettings
        if str(qs.value(NOTICE_KEY, "false")).lower() == "true":
            return
        qs.setValue(NOTICE_KEY, True)
        qs.sync()
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
                win = self.open_window()
                if win is not None:
                    win.open_paths(files)
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


# -- `desktop-ocr capture` ----------------------------------------------------------------------------
def run_capture_command(args: argparse.Namespace) -> int:
    """Exit code 0: the running instance took the request, or the text is on the clipboard;
    1: the capture failed, found no text or was cancelled."""
    config_dir = getattr(args, "config_dir", None)
    reply = send_request(server_name(config_dir), {"cmd": "capture"})
    if reply is not None:
        if reply.get("ok"):
            return 0
        print(
            f"desktop-ocr: {reply.get('error', 'the running instance refused the capture')}", file=sys.stderr
        )
        return 1
    return one_shot_capture(config_dir, args)


def one_shot_capture(config_dir: str | None, args: argparse.Namespace | None = None) -> int:
    """No instance runs: capture once in this process, then exit (see the module docstring)."""
    from desktop_ocr import settings as decl
    from desktop_ocr.gui.app import _engine
    from desktop_ocr.gui.qt_runner import QtRunner
    from desktop_ocr.gui.settings_store import SettingsStore
    from desktop_ocr.gui.translation import install_translators

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName("DesktopOCR")
    app.setQuitOnLastWindowClosed(False)
    overrides = {s.name: getattr(args, s.name, None) for s in decl.SETTINGS} if args is not None else {}
    settings = SettingsStore(config_dir, overrides)
    install_translators(app, settings.get("language"))
    runner = QtRunner(_engine(settings), workers=settings.get("workers"), parent=app)
    toast = Toast()
    state = {"rc": 1}
    controller = CaptureController(
        settings, runner, hotkey_backend=None, notify=lambda t, m: toast.show_message(t, m, 3000)
    )

    def done(outcome: CaptureOutcome) -> None:
        if outcome.copied:
            state["rc"] = 0
            keep_clipboard_then(app.quit)
        else:
            QTimer.singleShot(3000, app.quit)  # let the "no text" notice be read

    controller.finished.connect(done)
    controller.failed.connect(lambda _m: QTimer.singleShot(3000, app.quit))
    controller.cancelled.connect(app.quit)
    QTimer.singleShot(0, lambda: controller.start_capture() or None)
    app.exec()
    controller.close()
    runner.shutdown(5000)
    return state["rc"]


def x11_clipboard_manager_running() -> bool:
    """Whether an X clipboard manager owns CLIPBOARD_MANAGER (Qt hands it our text at exit)."""
    try:
        from Xlib import X, display

        d = display.Display()
        try:
            return d.get_selection_owner(d.intern_atom("CLIPBOARD_MANAGER")) != X.NONE
        finally:
            d.close()
    except Exception:  # no python-xlib, no display: assume none
        return False


def keep_clipboard_then(quit_fn, poll_ms: int = 500, linger_s: float = CLIPBOARD_LINGER_S) -> None:
    """Call ``quit_fn`` once exiting no longer loses the clipboard text (module docstring)."""
    platform = QGuiApplication.platformName()
    if platform not in ("xcb", "wayland") or (platform == "xcb" and x11_clipboard_manager_running()):
        QTimer.singleShot(0, quit_fn)
        return
    clipboard = QGuiApplication.clipboard()
    logger.info("keeping the clipboard text until another program takes the clipboard")
    timer = QTimer(clipboard)
    deadline = [linger_s * 1000 / poll_ms]

    def check() -> None:
        deadline[0] -= 1
        if not clipboard.ownsClipboard() or deadline[0] <= 0:
            timer.stop()
            quit_fn()

    timer.timeout.connect(check)
    timer.start(poll_ms)


def instance_request_for(args: argparse.Namespace) -> dict:
    """What a second GUI start asks the first one to do (paths made absolute: other cwd)."""
    files = [os.path.abspath(f) for f in (getattr(args, "files", None) or [])]
    return {"cmd": "activate", "files": files, "tray": bool(getattr(args, "tray", False))}
