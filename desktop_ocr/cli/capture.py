"""``desktop-ocr capture``: ask the running instance for a screen capture, or do a one-shot one."""

from __future__ import annotations

import argparse


def cmd_capture(args: argparse.Namespace) -> int:
    from desktop_ocr.gui.app import run_capture_command

    return run_capture_command(args)
