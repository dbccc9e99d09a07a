"""Which kind of graphical session this process runs in; decides the hotkey and capture backends."""

from __future__ import annotations

import os
import sys


def session_kind(env: dict[str, str] | None = None, platform: str | None = None) -> str | None:
    """ "windows", "wayland", "x11" or None (no graphical session), decided from the environment."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if platform.startswith("win"):
        return "windows"
    if env.get("XDG_SESSION_TYPE", "").lower() == "wayland" or env.get("WAYLAND_DISPLAY"):
        # XWayland also sets DISPLAY, but X grabs there only see X clients: use the portal.
        return "wayland"
    if env.get("DISPLAY"):
        return "x11"
    return None
