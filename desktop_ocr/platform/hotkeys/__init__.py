"""Global hotkeys: ``choose_backend()`` returns a HotkeyBackend for the running session or None."""

from desktop_ocr.platform.session import session_kind

from .base import Combo, HotkeyBackend, HotkeyError, parse_combo
from .registry import choose_backend

__all__ = ["Combo", "HotkeyBackend", "HotkeyError", "choose_backend", "parse_combo", "session_kind"]
