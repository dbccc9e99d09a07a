"""The composition root: the one place that builds the app's parts and wires them together.

``build_context`` makes the settings, the keyword list, the OCR engine and the runner and puts them
in an :class:`AppContext`, which builds the windows on first use. Everything that starts the app
goes through here: the GUI (``gui.app.run_gui`` via ``build_app``), the one-shot
``desktop-ocr capture`` (``gui.capture_command``), the tests' fixtures and the responsiveness
benchmark. The caller says what it wants with a plain :class:`GuiOptions`; the GUI never parses
the command line itself.
"""

from __future__ import annotations

import gc
import logging
import sys
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop_ocr import __version__
from desktop_ocr import settings as decl
from desktop_ocr.gui.keyword_store import KeywordStore
from desktop_ocr.gui.qt_runner import QtRunner
from desktop_ocr.gui.settings_store import SettingsStore
from desktop_ocr.gui.translation import install_translators
from desktop_ocr.platform.desktop_entry import ICON

logger = logging.getLogger(__name__)

APP_NAME = "Desktop OCR"
ORGANIZATION = "DesktopOCR"
GUI_SWITCH_INTERVAL_S = 0.001


@dataclass
class GuiOptions:
    """What a start asks for: files to open, tray only, the config folder, settings for this run."""

    files: list[str] = field(default_factory=list)
    tray: bool = False
    config_dir: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)  # setting name -> value (None: unset)

    @classmethod
    def from_args(cls, args: Any = None) -> GuiOptions:
        """From anything with the attributes (the command line's argparse Namespace); missing
        attributes take their defaults."""
        if isinstance(args, GuiOptions):
            return args
        if args is None:
            return cls()
        return cls(
            files=[str(f) for f in (getattr(args, "files", None) or [])],
            tray=bool(getattr(args, "tray", False)),
            config_dir=getattr(args, "config_dir", None),
            overrides={s.name: getattr(args, s.name, None) for s in decl.SETTINGS},
        )


@dataclass
class AppContext:
    """What the windows share; built by :func:`build_context`."""

    qapp: QApplication
    options: GuiOptions
    settings: SettingsStore
    engine: Any
    runner: QtRunner
    keywords: KeywordStore
    main_window: Any = None  # gui.main_window.MainWindow, built on first use
    video_review: Any = None  # gui.video_review.VideoReviewWidget, built on first use
    tray: Any = None  # gui.tray.TrayController, when the capture side is up
    # gui.capture_controller.CaptureController when there is no TrayController (it owns the app's
    # one otherwise): built on first use by capture_controller()
    capture: Any = None
    video_queue: list[str] = field(default_factory=list)
    # the windows' Yes/No questions, ``ask(title, text, default) -> bool`` (gui.dialogs.Ask);
    # None: a message box. A test or a scripted start answers them itself.
    ask: Any = None

    def show_main_window(self):
        """The main window, built on first use (a tray-only start never builds it)."""
        if self.main_window is None:
            from desktop_ocr.gui.main_window import MainWindow

            self.main_window = MainWindow(self)
            tune_process()
        self.main_window.show()
        self.main_window.raise_()
        self.main_window.activateWindow()
        return self.main_window

    def capture_controller(self):
        """The app's one capture controller: the tray's, or (no tray side) one built here once,
        without a global hotkey, that reports in the main window."""
        if self.tray is not None:
            return self.tray.capture
        if self.capture is None:
            from desktop_ocr.gui.capture_controller import CaptureController

            self.capture = CaptureController(
                self.settings,
                self.runner,
                keywords=self.keywords,
                hotkey_backend=None,
                notify=self._notify_in_window,
                show_result=lambda outcome: self.show_main_window().add_result(outcome.result, outcome.image),
                parent=self.qapp,
            )
        return self.capture

    def start_capture(self, delay_ms: int = 0) -> None:
        """Start a screen capture after ``delay_ms`` (a menu that was just clicked must have left
        the screen before the grab)."""
        controller = self.capture_controller()
        QTimer.singleShot(delay_ms, lambda: controller.start_capture() or None)

    def _notify_in_window(self, title: str, message: str) -> None:
        logger.info("notice: %s: %s", title, message.replace("\n", " | "))
        if self.main_window is not None:
            self.main_window.show_status(f"{title}: {message.splitlines()[0]}", 8000)

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
        self.video_review.show()
        self.video_review.raise_()
        if self.video_review.busy:
            self.video_queue.append(path)
        else:
            self.video_review.open_video(path)

    def _next_video(self) -> None:
        if self.video_queue:
            self.video_review.open_video(self.video_queue.pop(0))

    def shutdown(self) -> None:
        if self.video_review is not None:
            self.video_review.shutdown()
        if self.tray is not None:
            self.tray.close()
        if self.capture is not None:
            self.capture.close()
        self.runner.shutdown(5000)


def engine_for(settings: SettingsStore):
    """The OCR engine of the settings' model set, folder and script; the shipped models when
    those are refused."""
    from desktop_ocr.core.chinese_script import ScriptError
    from desktop_ocr.core.engine import build_engine
    from desktop_ocr.core.models import ModelSetError

    try:
        return build_engine(settings.get("model_dir"), settings.get("models"), settings.get("script"))
    except (ModelSetError, ScriptError) as exc:
        # the shipped models still work: say so and go on with them
        logger.error("models refused, using the shipped models: %s", exc)
        return build_engine()


def qapplication(tray: bool = False) -> QApplication:
    """The process's QApplication, named so that QSettings and the data folder find their place."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(not tray)
    return app


def build_context(
    options: GuiOptions | None = None,
    qapp: QApplication | None = None,
    *,
    engine: Any = None,
    workers: int | None = None,
) -> AppContext:
    """Settings, keyword list, engine (given, or the settings' one) and runner; no window yet."""
    options = options or GuiOptions()
    app = qapp or qapplication(options.tray)
    settings = SettingsStore(options.config_dir, options.overrides)
    # the language first: every widget built from here on reads its texts through the translators
    install_translators(app, settings.get("language"))
    app.setWindowIcon(QIcon(str(ICON)))  # the icon the desktop entry installs
    keywords = KeywordStore(settings)
    engine = engine if engine is not None else engine_for(settings)
    runner = QtRunner(
        engine, workers=workers or settings.get("workers"), parent=app, cluster=settings.get("cluster")
    )
    return AppContext(app, options, settings, engine, runner, keywords)


def install_tray(ctx: AppContext) -> None:
    try:
        from desktop_ocr.gui.tray import TrayController
    except ImportError:  # the capture side is optional at start-up
        logger.debug("tray not available", exc_info=True)
        return
    ctx.tray = TrayController(ctx)


def build_app(args: Any = None, qapp: QApplication | None = None) -> AppContext:
    """Everything a user gets, without entering the event loop (``run_gui`` adds ``exec()``)."""
    options = GuiOptions.from_args(args)
    app = qapp or qapplication(options.tray)
    app.setQuitOnLastWindowClosed(not options.tray)
    ctx = build_context(options, app)
    app.aboutToQuit.connect(ctx.shutdown)
    install_tray(ctx)
    if not options.tray:
        win = ctx.show_main_window()
        if options.files:
            win.open_paths(options.files)
    return ctx


def tune_process() -> None:
    """Process-wide tuning for a responsive window, once the long-lived objects exist."""
    # Everything built so far (models, Qt wrappers, modules: ~50k objects) lives as long as the
    # app. Without this, each full garbage collection walks them all and holds the GIL for
    # 40-50 ms, a visible stall of the window in the middle of a batch.
    gc.collect()
    gc.freeze()
    # Up to five threads (two OCR workers, page lister, thumbnails, matching) may want the GIL
    # at once; with the default 5 ms switch interval the GUI thread can lose several rounds in a
    # row and stall for 100 ms. The workers spend their time in C code that releases the GIL, so a
    # shorter interval costs them little.
    if sys.getswitchinterval() > GUI_SWITCH_INTERVAL_S:
        sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)


__all__ = [
    "AppContext",
    "GuiOptions",
    "build_app",
    "build_context",
    "engine_for",
    "qapplication",
    "tune_process",
]
