"""Global hotkeys: ``choose_backend()`` returns a HotkeyBackend for the running session or None."""

from .base import Combo, HotkeyBackend, HotkeyError, choose_backend, parse_combo, session_kind

__all__ = ["Combo", "HotkeyBackend", "HotkeyError", "choose_backend", "parse_combo", "session_kind"]
