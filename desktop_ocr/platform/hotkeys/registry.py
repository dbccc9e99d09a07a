"""Choosing the hotkey backend for the running session.

This lives outside ``base`` because it imports every concrete backend, and each backend imports
``base``: the contract module must not know its implementations.
"""

from __future__ import annotations

import logging

from desktop_ocr.platform.hotkeys.base import HotkeyBackend, HotkeyError
from desktop_ocr.platform.session import session_kind

logger = logging.getLogger(__name__)


def choose_backend() -> HotkeyBackend | None:
    """The backend for the running session, or None when global hotkeys are unavailable
    (no graphical session, or the backend's library/connection is missing — logged)."""
    kind = session_kind()
    try:
        if kind == "windows":
            from .windows import WindowsHotkeyBackend

            return WindowsHotkeyBackend()
        if kind == "wayland":
            from .portal import PortalHotkeyBackend

            return PortalHotkeyBackend()
        if kind == "x11":
            from .x11 import X11HotkeyBackend

            return X11HotkeyBackend()
    except (ImportError, OSError, HotkeyError) as exc:
        logger.warning("global hotkeys unavailable (%s session): %s", kind, exc)
    return None
