"""Screen capture: ``choose_grabber()`` returns a ScreenGrabber for the running session or None."""

from .base import CaptureError, ScreenGrabber, ScreenShot
from .registry import choose_grabber

__all__ = ["CaptureError", "ScreenGrabber", "ScreenShot", "choose_grabber"]
