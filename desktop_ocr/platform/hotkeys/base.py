"""Global-hotkey contract shared by every backend, plus the shortcut-text parser.

A backend grabs ONE system-wide key combination and calls a plain Python callback when it is
pressed. Callbacks run on a backend thread (X11 event thread, Windows message-loop thread,
D-Bus receiver thread), never on the Qt GUI thread: the Qt integration must marshal them, e.g.
by emitting a signal of a QObject living in the GUI thread (Qt queues cross-thread emissions).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from desktop_ocr.platform.session import session_kind  # noqa: F401  (re-exported)

logger = logging.getLogger(__name__)


class HotkeyError(Exception):
    """Raised with a message that can be shown to the user as is."""


# Canonical modifier names, in the order they are displayed ("Ctrl+Alt+Shift+Super+O").
MODIFIERS = ("ctrl", "alt", "shift", "super")
_MODIFIER_ALIASES = {
    "ctrl": "ctrl",
    "control": "ctrl",
    "ctl": "ctrl",
    "alt": "alt",
    "option": "alt",
    "shift": "shift",
    "super": "super",
    "win": "super",
    "windows": "super",
    "meta": "super",
    "logo": "super",
    "cmd": "super",
}
_MODIFIER_LABELS = {"ctrl": "Ctrl", "alt": "Alt", "shift": "Shift", "super": "Super"}

# Named (non-character) keys: alias -> canonical name. Backends map canonical names to their codes.
NAMED_KEYS = {
    "space": "Space",
    "tab": "Tab",
    "enter": "Return",
    "return": "Return",
    "esc": "Escape",
    "escape": "Escape",
    "backspace": "BackSpace",
    "insert": "Insert",
    "ins": "Insert",
    "delete": "Delete",
    "del": "Delete",
    "home": "Home",
    "end": "End",
    "pageup": "PageUp",
    "pgup": "PageUp",
    "pagedown": "PageDown",
    "pgdown": "PageDown",
    "pgdn": "PageDown",
    "up": "Up",
    "down": "Down",
    "left": "Left",
    "right": "Right",
    "print": "Print",
    "printscreen": "Print",
    "prtsc": "Print",
    "prtscn": "Print",
    "sysrq": "Print",
    "pause": "Pause",
}
# Keys that may be used without a modifier: they do not type text, so grabbing them is harmless.
_STANDALONE_OK = {"Print", "Pause"} | {f"F{i}" for i in range(1, 25)}


@dataclass(frozen=True)
class Combo:
    """A parsed shortcut: ``modifiers`` is a subset of MODIFIERS, ``key`` a canonical key name:
    an upper-case letter "A".."Z", a digit "0".."9", "F1".."F24" or a value of NAMED_KEYS."""

    modifiers: frozenset[str]
    key: str

    def __str__(self) -> str:
        mods = [_MODIFIER_LABELS[m] for m in MODIFIERS if m in self.modifiers]
        return "+".join([*mods, self.key])


def _canonical_key(token: str) -> str | None:
    low = token.lower()
    if len(token) == 1 and token.isascii() and token.isalnum():
        return token.upper()
    if low.startswith("f") and low[1:].isdigit() and 1 <= int(low[1:]) <= 24:
        return f"F{int(low[1:])}"
    return NAMED_KEYS.get(low)


def parse_combo(text: str) -> Combo:
    """Parse "Ctrl+Alt+O", "ctrl+shift+f1", "Super+Print" (case-insensitive, spaces ignored).

    Raises HotkeyError with a user-facing explanation for anything else.
    """
    raw = (text or "").strip()
    if not raw:
        raise HotkeyError("The shortcut is empty; type one such as Ctrl+Alt+O.")
    tokens = [t.strip() for t in raw.replace(" ", "").split("+")]
    if any(not t for t in tokens):
        raise HotkeyError(
            f'"{raw}" is not a valid shortcut: separate keys with a single "+", e.g. Ctrl+Alt+O.'
        )
    mods: set[str] = set()
    key: str | None = None
    for tok in tokens:
        mod = _MODIFIER_ALIASES.get(tok.lower())
        if mod is not None:
            if mod in mods:
                raise HotkeyError(f'"{raw}" names {_MODIFIER_LABELS[mod]} twice.')
            mods.add(mod)
            continue
        canon = _canonical_key(tok)
        if canon is None:
            raise HotkeyError(f'"{tok}" in "{raw}" is not a key this app can use as a shortcut.')
        if key is not None:
            raise HotkeyError(
                f'"{raw}" has two keys ({key} and {canon}); a shortcut has modifiers and one key.'
            )
        key = canon
    if key is None:
        raise HotkeyError(f'"{raw}" has no key: add one after the modifiers, e.g. Ctrl+Alt+O.')
    if key not in _STANDALONE_OK and not (mods - {"shift"}):
        # A global grab of a plain (or Shift+) letter would swallow that key in every program.
        raise HotkeyError(f'"{raw}" would block normal typing everywhere; add Ctrl, Alt or Super.')
    return Combo(frozenset(mods), key)


# Canonical key name -> X/xkb keysym name where they differ (used by X11 and the portal trigger).
_KEYSYM_NAMES = {"Space": "space", "PageUp": "Prior", "PageDown": "Next"}


def keysym_name(combo: Combo) -> str:
    """X/xkb keysym name of the combo's key ("o" for O: the unshifted keysym names the key)."""
    if len(combo.key) == 1:
        return combo.key.lower()
    return _KEYSYM_NAMES.get(combo.key, combo.key)


def taken_message(combo: Combo) -> str:
    return f"{combo} is already taken by another program; choose another shortcut in Settings."


@runtime_checkable
class HotkeyBackend(Protocol):
    """One global shortcut at a time.

    - ``register(combo, callback)``: parse ``combo`` (see parse_combo) and grab it system-wide;
      replaces a previous registration. Raises HotkeyError (user-facing message) when the text is
      invalid, the combination is taken by another program or the desktop refuses it.
      ``callback()`` is called on a backend thread, see the module docstring.
    - ``unregister()``: release the grab; safe to call when nothing is registered.
    - ``close()``: unregister and free the connection/threads; the backend is unusable afterwards.
    """

    name: str

    def register(self, combo: str, callback: Callable[[], None]) -> None: ...

    def unregister(self) -> None: ...

    def close(self) -> None: ...
