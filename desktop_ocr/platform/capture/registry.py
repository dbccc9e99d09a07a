"""Choosing the screen grabber for the running session (outside ``base``, which the grabbers
import: the contract module must not know its implementations)."""

from __future__ import annotations

import sys

from desktop_ocr.platform.capture.base import ScreenGrabber
from desktop_ocr.platform.session import session_kind


def choose_grabber() -> ScreenGrabber | None:
    """Wayland -> screenshot portal (X-based grabbing only sees XWayland windows there);
    Windows, macOS and X11 -> mss; no graphical session -> None."""
    kind = session_kind()
    if kind == "wayland":
        from .portal_backend import PortalGrabber

        return PortalGrabber()
    if kind in ("windows", "x11") or sys.platform == "darwin":
        from .mss_backend import MssGrabber

        return MssGrabber()
    return None
