"""Screen grabbing with mss (X11, Windows, macOS). mss >= 10 API: ``mss.MSS()``."""

from __future__ import annotations

import logging

import mss
import numpy as np

from .base import CaptureError, ScreenShot

logger = logging.getLogger(__name__)


class MssGrabber:
    name = "mss"

    def __init__(self, display: str | None = None) -> None:
        self._display = display  # X11 display name; None = $DISPLAY

    def grab_all(self) -> list[ScreenShot]:
        kwargs = {"display": self._display} if self._display else {}
        try:
            # A fresh MSS per grab: its handles are tied to the creating thread on some platforms.
            with mss.MSS(**kwargs) as sct:
                shots = []
                for monitor in sct.monitors[1:]:  # [0] is the union of all monitors
                    raw = sct.grab(monitor)
                    bgra = np.asarray(raw)  # H x W x 4, BGRA
                    image = np.ascontiguousarray(bgra[:, :, :3])
                    shots.append(ScreenShot(image, raw.left, raw.top, raw.width, raw.height))
        except mss.ScreenShotError as exc:
            raise CaptureError(f"Could not capture the screen: {exc}") from exc
        logger.debug("mss grabbed %s", [s.rect for s in shots])
        return shots
