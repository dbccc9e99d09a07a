"""X11 global hotkey: XGrabKey on the root window through python-xlib.

The backend owns its own X connection (separate from Qt's xcb one): key grabs belong to the
client that made them, so the same connection is read by a daemon thread that calls the callback.
Grab/ungrab happen only while that thread is stopped, so the connection is never used from two
threads at once.
"""

from __future__ import annotations

import logging
import os
import select
import threading
from collections.abc import Callable

from Xlib import XK, X, error
from Xlib import display as xdisplay

from .base import Combo, HotkeyError, keysym_name, parse_combo, taken_message

logger = logging.getLogger(__name__)

_X_MODIFIER_MASKS = {"ctrl": X.ControlMask, "alt": X.Mod1Mask, "shift": X.ShiftMask, "super": X.Mod4Mask}


def modifier_mask(combo: Combo) -> int:
    mask = 0
    for mod in combo.modifiers:
        mask |= _X_MODIFIER_MASKS[mod]
    return mask


class X11HotkeyBackend:
    """HotkeyBackend for X11 sessions (and Xvfb). ``display_name`` defaults to $DISPLAY."""

    name = "x11"

    def __init__(self, display_name: str | None = None) -> None:
        try:
            self._display = xdisplay.Display(display_name)
        except (error.DisplayError, error.ConnectionClosedError, OSError) as exc:
            raise HotkeyError(
                f"Cannot connect to the X display {display_name or os.environ.get('DISPLAY', '')!r}: {exc}"
            ) from exc
        self._root = self._display.screen().root
        self._grabs: list[tuple[int, int]] = []  # (keycode, modifiers) actually grabbed
        self._combo: Combo | None = None
        self._callback: Callable[[], None] | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._wake_r, self._wake_w = os.pipe()
        self._closed = False

    # -- public API -------------------------------------------------------------------------------
    def register(self, combo: str, callback: Callable[[], None]) -> None:
        if self._closed:
            raise HotkeyError("The hotkey service was already shut down.")
        parsed = parse_combo(combo)
        self.unregister()
        keysym = XK.string_to_keysym(keysym_name(parsed))
        keycode = self._display.keysym_to_keycode(keysym) if keysym else 0
        if not keycode:
            raise HotkeyError(
                f"{parsed}: the key {parsed.key} is not on this keyboard layout; choose another."
            )
        base = modifier_mask(parsed)
        catcher = error.CatchError(error.BadAccess)
        # Lock-type modifiers (Caps/Num/Scroll Lock) change the event state; grab every combination
        # of them so the shortcut still works with NumLock on.
        grabs = [(keycode, base | extra) for extra in self._lock_mask_combinations()]
        for kc, mods in grabs:
            self._root.grab_key(kc, mods, True, X.GrabModeAsync, X.GrabModeAsync, onerror=catcher)
        self._display.sync()  # errors are asynchronous in X: sync makes BadAccess arrive now
        if catcher.get_error() is not None:
            for kc, mods in grabs:  # drop the variants that did succeed
                self._root.ungrab_key(kc, mods)
            self._display.sync()
            logger.info("X11 grab of %s refused (BadAccess)", parsed)
            raise HotkeyError(taken_message(parsed))
        self._grabs = grabs
        self._combo = parsed
        self._callback = callback
        self._valid_mask = base
        self._keycode = keycode
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="x11-hotkey", daemon=True)
        self._thread.start()
        logger.info("X11 hotkey %s registered (keycode %d, %d grabs)", parsed, keycode, len(grabs))

    def unregister(self) -> None:
        self._stop_thread()
        if self._grabs:
            for kc, mods in self._grabs:
                self._root.ungrab_key(kc, mods)
            self._display.sync()
            logger.info("X11 hotkey %s unregistered", self._combo)
        self._grabs = []
        self._combo = None
        self._callback = None

    def close(self) -> None:
        if self._closed:
            return
        self.unregister()
        self._closed = True
        self._display.close()
        os.close(self._wake_r)
        os.close(self._wake_w)

    # -- internals --------------------------------------------------------------------------------
    def _lock_mask_combinations(self) -> list[int]:
        locks = [X.LockMask, self._mask_of_keysym("Num_Lock") or X.Mod2Mask]
        scroll = self._mask_of_keysym("Scroll_Lock")
        if scroll:
            locks.append(scroll)
        locks = sorted(set(locks))
        combos = []
        for bits in range(1 << len(locks)):
            mask = 0
            for i, lock in enumerate(locks):
                if bits & (1 << i):
                    mask |= lock
            combos.append(mask)
        return combos

    def _mask_of_keysym(self, name: str) -> int:
        """The ModN mask a lock key is mapped to on this server (varies between setups)."""
        keycode = self._display.keysym_to_keycode(XK.string_to_keysym(name))
        if not keycode:
            return 0
        for index, keycodes in enumerate(self._display.get_modifier_mapping()):
            if keycode in keycodes:
                return 1 << index
        return 0

    def _stop_thread(self) -> None:
        if self._thread is None:
            return
        self._stop.set()
        os.write(self._wake_w, b"x")
        self._thread.join(timeout=5)
        if self._thread.is_alive():
            logger.warning("X11 hotkey thread did not stop")
        self._thread = None
        while select.select([self._wake_r], [], [], 0)[0]:  # drain wake-ups
            os.read(self._wake_r, 64)

    def _run(self) -> None:
        ignored = X.LockMask | X.Mod2Mask | X.Mod3Mask | X.Mod5Mask
        fd = self._display.fileno()
        while not self._stop.is_set():
            # pending_events() first: python-xlib may already have buffered events off the socket.
            if not self._display.pending_events():
                ready, _, _ = select.select([fd, self._wake_r], [], [], 1.0)
                if self._wake_r in ready or self._stop.is_set():
                    break
                if fd not in ready:
                    continue
            try:
                while self._display.pending_events():
                    event = self._display.next_event()
                    if (
                        event.type == X.KeyPress
                        and event.detail == self._keycode
                        and (event.state & ~ignored) == self._valid_mask
                    ):
                        self._fire()
            except error.ConnectionClosedError:
                logger.warning("X connection closed; hotkey %s stops working", self._combo)
                return

    def _fire(self) -> None:
        callback = self._callback
        if callback is None:
            return
        try:
            callback()
        except Exception:  # a broken callback must not kill the hotkey thread
            logger.exception("hotkey callback failed")
