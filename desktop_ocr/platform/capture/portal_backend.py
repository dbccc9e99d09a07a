"""Wayland screen grab through the XDG Screenshot portal (non-interactive).

The portal returns ONE image of the whole desktop. Without extra information it becomes a single
ScreenShot at (0, 0). With ``screens`` (the Qt screens' logical geometries, see
geometry.ScreenGeometry) it is cut per screen: Wayland compositors lay the image out like the
logical desktop, scaled uniformly to the image size.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

import numpy as np
from PIL import Image

from ..geometry import ScreenGeometry
from ..portal import PortalError, take_screenshot
from .base import CaptureError, ScreenShot

logger = logging.getLogger(__name__)


class PortalGrabber:
    name = "xdg-portal"

    def __init__(self, screens: Callable[[], list[ScreenGeometry]] | None = None, keep_file: bool = False):
        self._screens = screens
        self._keep_file = keep_file

    def grab_all(self) -> list[ScreenShot]:
        try:
            path = take_screenshot(interactive=False)
        except PortalError as exc:
            raise CaptureError(f"The desktop did not provide a screenshot: {exc}") from exc
        try:
            with Image.open(path) as img:
                rgb = np.asarray(img.convert("RGB"))
        finally:
            if not self._keep_file:
                try:
                    os.remove(path)  # portals save into ~/Pictures; don't litter it
                except OSError:
                    pass
        image = np.ascontiguousarray(rgb[:, :, ::-1])
        screens = self._screens() if self._screens else []
        if len(screens) <= 1:
            return [ScreenShot.from_image(image)]
        return split_desktop_image(image, screens)


def split_desktop_image(image: np.ndarray, screens: list[ScreenGeometry]) -> list[ScreenShot]:
    """Cut a whole-desktop image into per-screen shots (uniform scale, bounding box at 0,0)."""
    x0 = min(s.x for s in screens)
    y0 = min(s.y for s in screens)
    x1 = max(s.x + s.width for s in screens)
    y1 = max(s.y + s.height for s in screens)
    h, w = image.shape[:2]
    sx, sy = w / (x1 - x0), h / (y1 - y0)
    shots = []
    for s in screens:
        left, top = round((s.x - x0) * sx), round((s.y - y0) * sy)
        right, bottom = round((s.x + s.width - x0) * sx), round((s.y + s.height - y0) * sy)
        crop = image[top:bottom, left:right]
        shots.append(ScreenShot.from_image(crop, left, top))
    return shots
