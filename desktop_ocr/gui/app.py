"""Application start-up. ``build_app`` builds everything without entering the event loop, so
tests drive the same objects a user gets; ``run_gui`` adds ``exec()``."""

from __future__ import annotations

import argparse
import logging
import sys

from PySide6.QtWidgets import QApplication, QLabel

logger = logging.getLogger(__name__)


def build_app(args: argparse.Namespace):
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Desktop OCR")
    app.setOrganizationName("DesktopOCR")
    window = QLabel("Desktop OCR")
    window.resize(640, 400)
    window.show()
    return app, window


def run_gui(args: argparse.Namespace) -> int:
    app, _window = build_app(args)
    return app.exec()


def run_capture_command(args: argparse.Namespace) -> int:
    print("desktop-ocr: capture is not available yet", file=sys.stderr)
    return 1
