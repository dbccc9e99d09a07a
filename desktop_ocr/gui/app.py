"""Application start-up.

``build_app`` builds everything a user gets without entering the event loop, so tests drive the
same objects; ``run_gui`` adds ``exec()``. One ``AppContext`` holds what the windows share: the
settings, the OCR engine, the scheduler's QThreadPool runner.
"""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QApplication

from desktop_ocr import __version__
from desktop_ocr import settings as decl
from desktop_ocr.gui.qt_runner import QtRunner
from desktop_ocr.gui.settings_store import SettingsStore

logger = logging.getLogger(__name__)


@dataclass
class AppContext:
    qapp: QApplication
    args: argparse.Namespace
    settings: SettingsStore
    engine: Any
    runner: QtRunner
    main_window: Any = None  # gui.main_window.MainWindow, built on first use
    video_review: Any = None  # gui.video_review.VideoReviewWidget, built on first use
    tray: Any = None  # gui.tray.TrayController, when the capture side is up
    extras: dict[str, Any] = field(default_factory=dict)

    def show_main_window(self):
        """The main window, built on first use (a tray-only start never builds it)."""
        if self.main_window is None:
            from desktop_ocr.gui.main_window import MainWindow

            self.main_window = MainWindow(self)
        self.main_window.show()
        self.main_window.raise_()
        self.main_window.activateWindow()
        return self.main_window

    def open_video(self, path: str) -> None:
        """Review a video in the video review window (one at a time; later ones queue)."""
        if self.video_review is None:
            from desktop_ocr.gui.video_review import VideoReviewWidget

            self.video_review = VideoReviewWidget(self)
            self.video_review.setWindowTitle(
                QApplication.translate("AppContext", "Video review — Desktop OCR")
            )
            self.video_review.resize(1200, 800)
            self.video_review.report_ready.connect(lambda _r: self._next_video())
            self.extras["video_queue"] = []
        self.video_review.show()
        self.video_review.raise_()
        if self.video_review.job is not None and not self.video_review.job.finished:
            self.extras["video_queue"].append(path)
        else:
            self.video_review.open_video(path)

    def _next_video(self) -> None:
        queue = self.extras.get("video_queue") or []
        if queue:
            self.video_review.open_video(queue.pop(0))

    def shutdown(self) -> None:
        if self.video_review is not None:
            self.video_review.shutdown()
        if self.tray is not None:
            self.tray.close()
        self.runner.shutdown(5000)


def _engine(settings: SettingsStore):
    from desktop_ocr.core.engine import build_engine
    from desktop_ocr.core.models import ModelSetError
    from desktop_ocr.core.script import ScriptError

    try:
        return build_engine(settings.get("model_dir"), settings.get("models"), settings.get("script"))
    except (ModelSetError, ScriptError) as exc:
        # the shipped models still work: say so and go on with them
        logger.error("models refused, using the shipped models: %s", exc)
        return build_engine()


def build_app(args: argparse.Namespace | None = None, qapp: QApplication | None = None) -> AppContext:
    from desktop_ocr.cli import build_gui_parser

    args = args if args is not None else build_gui_parser().parse_args([])
    app = qapp or QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Desktop OCR")
    app.setOrganizationName("DesktopOCR")
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(not getattr(args, "tray", False))
    overrides = {s.name: getattr(args, s.name, None) for s in decl.SETTINGS}
    settings = SettingsStore(getattr(args, "config_dir", None), overrides)
    engine = _engine(settings)
    runner = QtRunner(engine, workers=settings.get("workers"), parent=app)
    ctx = AppContext(app, args, settings, engine, runner)
    app.aboutToQuit.connect(ctx.shutdown)
    _install_tray(ctx)
    if not getattr(args, "tray", False):
        win = ctx.show_main_window()
        files = list(getattr(args, "files", []) or [])
        if files:
            win.open_paths(files)
    return ctx


def _install_tray(ctx: AppContext) -> None:
    try:
        from desktop_ocr.gui.tray import TrayController
    except ImportError:  # the capture side is optional at start-up
        logger.debug("tray not available", exc_info=True)
        return
    ctx.tray = TrayController(ctx)


def run_gui(args: argparse.Namespace) -> int:
    """Hand the start over to a running instance (same user and config folder), or become it."""
    from desktop_ocr.gui.single_instance import InstanceServer, send_request, server_name
    from desktop_ocr.gui.tray import instance_request_for

    name = server_name(getattr(args, "config_dir", None))
    request = instance_request_for(args)
    reply = send_request(name, request)
    if reply is None:
        app = QApplication.instance() or QApplication(sys.argv[:1])
        server = InstanceServer(name, app)
        if server.listen():
            # requests that arrive while the models load wait in the socket until exec()
            ctx = build_app(args, qapp=app)
            if ctx.tray is not None:
                ctx.tray.attach_server(server)
            return ctx.qapp.exec()
        reply = send_request(name, request)  # another start won the race: hand over to it
    if reply and reply.get("ok"):
        logger.info("handed over to the running instance")
        return 0
    print(
        f"desktop-ocr: {(reply or {}).get('error', 'the running instance did not answer')}", file=sys.stderr
    )
    return 1


def run_capture_command(args: argparse.Namespace) -> int:
    """`desktop-ocr capture`: ask the running instance for a capture, or capture and exit."""
    from desktop_ocr.gui.tray import run_capture_command as run

    return run(args)


__all__ = ["AppContext", "build_app", "run_gui", "run_capture_command"]
