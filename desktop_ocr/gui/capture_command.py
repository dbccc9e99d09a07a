"""`desktop-ocr capture`: ask the running instance to capture, or capture once in this process.

``run_capture_command`` asks the running instance to capture through the single-instance socket.
If none runs, it builds the app's parts through the composition root (no window, no tray),
captures once and exits once the text is safe:

* Windows and macOS keep clipboard text after the process exits (Qt flushes it to the system);
* on X11 and Wayland the clipboard is a promise of the owning process: the text disappears when it
  exits. With a clipboard manager (most desktops run one) Qt hands the text to it at exit, so the
  process exits at once. Without one, the process stays in the background, invisible, until another
  program takes the clipboard (the user copied something else) or ``CLIPBOARD_LINGER_S`` passes.
  Keeping ``desktop-ocr --tray`` running (autostart) avoids this and loading the models per capture.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from desktop_ocr.gui.capture_controller import CaptureController, CaptureOutcome
from desktop_ocr.gui.composition import GuiOptions, build_context, qapplication
from desktop_ocr.gui.single_instance import send_request, server_name
from desktop_ocr.gui.tray import Toast

logger = logging.getLogger(__name__)

CLIPBOARD_LINGER_S = 2 * 3600


def run_capture_command(args: Any = None) -> int:
    """Exit code 0: the running instance took the request, or the text is on the clipboard;
    1: the capture failed, found no text or was cancelled."""
    options = GuiOptions.from_args(args)
    reply = send_request(server_name(options.config_dir), {"cmd": "capture"})
    if reply is not None:
        if reply.get("ok"):
            return 0
        print(
            f"desktop-ocr: {reply.get('error', 'the running instance refused the capture')}", file=sys.stderr
        )
        return 1
    return one_shot_capture(options)


def one_shot_capture(options: GuiOptions) -> int:
    """No instance runs: capture once in this process, then exit (see the module docstring)."""
    options.tray = True  # no window: the app must not quit when a notice closes
    app = qapplication(tray=True)
    ctx = build_context(options, app)
    toast = Toast()
    state = {"rc": 1}
    controller = CaptureController(
        ctx.settings,
        ctx.runner,
        keywords=ctx.keywords,
        hotkey_backend=None,
        notify=lambda t, m: toast.show_message(t, m, 3000),
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
    ctx.shutdown()
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
