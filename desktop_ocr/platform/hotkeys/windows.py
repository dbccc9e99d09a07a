"""Windows global hotkey: RegisterHotKey + a thread running a GetMessageW loop.

Hotkeys registered with hWnd=NULL post WM_HOTKEY to the *registering thread's* queue, so
registration, the message loop and UnregisterHotKey all happen on one worker thread. This module
imports on any OS: ctypes.windll is only touched inside that thread.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Callable

from .base import Combo, HotkeyError, parse_combo, taken_message

logger = logging.getLogger(__name__)

MOD_ALT = 0x0001
MOD_CONTROL = 0x0002
MOD_SHIFT = 0x0004
MOD_WIN = 0x0008
MOD_NOREPEAT = 0x4000  # holding the keys down fires once, not at the keyboard repeat rate
WM_HOTKEY = 0x0312
WM_QUIT = 0x0012
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
_HOTKEY_ID = 0x0D0C  # any id in 0x0000..0xBFFF, unique within this thread

_MODS = {"ctrl": MOD_CONTROL, "alt": MOD_ALT, "shift": MOD_SHIFT, "super": MOD_WIN}
_VK_NAMED = {
    "Space": 0x20,
    "Tab": 0x09,
    "Return": 0x0D,
    "Escape": 0x1B,
    "BackSpace": 0x08,
    "Insert": 0x2D,
    "Delete": 0x2E,
    "Home": 0x24,
    "End": 0x23,
    "PageUp": 0x21,
    "PageDown": 0x22,
    "Left": 0x25,
    "Up": 0x26,
    "Right": 0x27,
    "Down": 0x28,
    "Print": 0x2C,  # VK_SNAPSHOT
    "Pause": 0x13,
}


def combo_to_windows(combo: Combo | str) -> tuple[int, int]:
    """(MOD_* flags without MOD_NOREPEAT, virtual-key code) for RegisterHotKey."""
    if isinstance(combo, str):
        combo = parse_combo(combo)
    mods = 0
    for mod in combo.modifiers:
        mods |= _MODS[mod]
    key = combo.key
    if len(key) == 1:  # VK codes of A-Z / 0-9 equal their upper-case ASCII codes
        vk = ord(key)
    elif key.startswith("F") and key[1:].isdigit():
        vk = 0x70 + int(key[1:]) - 1  # VK_F1 = 0x70 ... VK_F24 = 0x87
    else:
        vk = _VK_NAMED[key]
    return mods, vk


class WindowsHotkeyBackend:
    """HotkeyBackend for Windows. Not testable on Linux beyond combo_to_windows()."""

    name = "windows"

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._thread_id = 0
        self._callback: Callable[[], None] | None = None

    def register(self, combo: str, callback: Callable[[], None]) -> None:
        parsed = parse_combo(combo)
        mods, vk = combo_to_windows(parsed)
        self.unregister()
        ready = threading.Event()
        outcome: dict[str, object] = {}
        self._callback = callback
        self._thread = threading.Thread(
            target=self._run, args=(mods | MOD_NOREPEAT, vk, ready, outcome), name="win-hotkey", daemon=True
        )
        self._thread.start()
        if not ready.wait(5):
            raise HotkeyError(f"{parsed}: Windows did not answer the shortcut registration.")
        err = outcome.get("error")
        if err is not None:
            self._thread.join(2)
            self._thread = None
            if err == ERROR_HOTKEY_ALREADY_REGISTERED:
                raise HotkeyError(taken_message(parsed))
            raise HotkeyError(
                f"{parsed} could not be registered (Windows error {err}); choose another shortcut."
            )
        logger.info("Windows hotkey %s registered (mods=%#x vk=%#x)", parsed, mods, vk)

    def unregister(self) -> None:
        if self._thread is None:
            return
        user32 = ctypes.windll.user32  # type: ignore[attr-defined]
        user32.PostThreadMessageW(self._thread_id, WM_QUIT, 0, 0)
        self._thread.join(5)
        self._thread = None
        self._callback = None

    def close(self) -> None:
        self.unregister()

    def _run(self, mods: int, vk: int, ready: threading.Event, outcome: dict[str, object]) -> None:
        from ctypes import wintypes

        user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        self._thread_id = kernel32.GetCurrentThreadId()
        msg = wintypes.MSG()
        # Create this thread's message queue before anyone may PostThreadMessage to it.
        user32.PeekMessageW(ctypes.byref(msg), None, 0, 0, 0)
        if not user32.RegisterHotKey(None, _HOTKEY_ID, mods, vk):
            outcome["error"] = ctypes.get_last_error()
            ready.set()
            return
        ready.set()
        try:
            while user32.GetMessageW(ctypes.byref(msg), None, 0, 0) > 0:  # 0 = WM_QUIT, -1 = error
                if msg.message == WM_HOTKEY and msg.wParam == _HOTKEY_ID and self._callback is not None:
                    try:
                        self._callback()
                    except Exception:
                        logger.exception("hotkey callback failed")
        finally:
            user32.UnregisterHotKey(None, _HOTKEY_ID)
