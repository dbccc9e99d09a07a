"""Screen-grab contract: every monitor as a BGR image plus its place in the virtual desktop."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np


@dataclass(frozen=True, eq=False)
class ScreenShot:
    """One monitor's pixels, frozen at grab time.

    image: H x W x 3 uint8, BGR (OpenCV order), C-contiguous.
    left, top, width, height: the monitor's rectangle in the virtual desktop in PHYSICAL pixels,
    as mss reports it (left/top may be negative for monitors left of / above the primary).
    width/height equal the image size.
    """

    image: np.ndarray
    left: int
    top: int
    width: int
    height: int

    @property
    def rect(self) -> tuple[int, int, int, int]:
        return (self.left, self.top, self.width, self.height)

    @classmethod
    def from_image(cls, image: np.ndarray, left: int = 0, top: int = 0) -> ScreenShot:
        h, w = image.shape[:2]
        return cls(np.ascontiguousarray(image), int(left), int(top), int(w), int(h))


@runtime_checkable
class ScreenGrabber(Protocol):
    name: str

    def grab_all(self) -> list[ScreenShot]:
        """Every monitor, in the platform's order. Raises CaptureError when grabbing fails."""
        ...


class CaptureError(Exception):
    """Grabbing the screen failed; the message can be shown to the user."""
