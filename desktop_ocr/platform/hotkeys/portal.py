"""Wayland global hotkey through the XDG desktop portal's GlobalShortcuts interface.

Flow: CreateSession -> BindShortcuts (the desktop may show a dialog where the user confirms or
changes the trigger) -> Activated(session, shortcut_id, timestamp, options) signals.
The callback runs on this backend's listener thread. The portal decides the final trigger: the
``preferred_trigger`` we send is only a suggestion, see ``bound_trigger``.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from jeepney import MatchRule

from ..portal import SESSION_IFACE, SHORTCUTS_IFACE, PortalClient, PortalError, new_token
from .base import Combo, HotkeyError, keysym_name, parse_combo

logger = logging.getLogger(__name__)

SHORTCUT_ID = "capture-region"
_PORTAL_MODS = {"ctrl": "CTRL", "alt": "ALT", "shift": "SHIFT", "super": "LOGO"}


def portal_trigger(combo: Combo) -> str:
    """Trigger text in the XDG "shortcuts" syntax, e.g. "CTRL+ALT+o", "LOGO+F1"."""
    mods = [_PORTAL_MODS[m] for m in ("ctrl", "alt", "shift", "super") if m in combo.modifiers]
    return "+".join([*mods, keysym_name(combo)])


class PortalHotkeyBackend:
    """HotkeyBackend for Wayland sessions (GNOME 48+, KDE Plasma 5.27+, Hyprland...)."""

    name = "xdg-portal"

    def __init__(
        self, client: PortalClient | None = None, description: str = "Capture a screen region for OCR"
    ):
        try:
            self._client = client or PortalClient()
        except PortalError as exc:
            raise HotkeyError(
                f"Global shortcuts need the desktop portal, which is unavailable: {exc}"
            ) from exc
        self._description = description
        self._session: str | None = None
        self._callback: Callable[[], None] | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.bound_trigger: str | None = None  # what the desktop reports it actually bound
        rule = MatchRule(type="signal", interface=SHORTCUTS_IFACE, member="Activated")
        try:
            self._client.add_match(rule)
        except PortalError as exc:
            raise HotkeyError(f"Global shortcuts unavailable: {exc}") from exc
        self._filter_cm = self._client.filter(rule)
        self._activations: queue.Queue = self._filter_cm.__enter__()

    def register(self, combo: str, callback: Callable[[], None]) -> None:
        parsed = parse_combo(combo)
        self.unregister()
        try:
            created = self._client.request(
                SHORTCUTS_IFACE,
                "CreateSession",
                "a{sv}",
                lambda token: (
                    {"handle_token": ("s", token), "session_handle_token": ("s", new_token("session"))},
                ),
            )
            session = str(created["session_handle"])
            self._session = session
            bound = self._client.request(
                SHORTCUTS_IFACE,
                "BindShortcuts",
                "oa(sa{sv})sa{sv}",
                lambda token: (
                    session,
                    [
                        (
                            SHORTCUT_ID,
                            {
                                "description": ("s", self._description),
                                "preferred_trigger": ("s", portal_trigger(parsed)),
                            },
                        )
                    ],
                    "",
                    {"handle_token": ("s", token)},
                ),
            )
        except PortalError as exc:
            self._close_session()
            if exc.code == 1:
                raise HotkeyError(f"{parsed} was not enabled: the shortcut request was declined.") from exc
            raise HotkeyError(f"{parsed} could not be registered with the desktop: {exc}") from exc
        shortcuts = dict(bound.get("shortcuts", []))
        if SHORTCUT_ID not in shortcuts:
            self._close_session()
            raise HotkeyError(
                f"The desktop did not bind {parsed}; it may already be taken. Choose another shortcut in Settings."
            )
        self.bound_trigger = shortcuts[SHORTCUT_ID].get("trigger_description") or str(parsed)
        self._callback = callback
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(session,), name="portal-hotkey", daemon=True)
        self._thread.start()
        logger.info("portal shortcut %s bound as %r (session %s)", parsed, self.bound_trigger, session)

    def unregister(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._activations.put(None)  # wake the listener
            self._thread.join(5)
            self._thread = None
        self._close_session()
        self._callback = None
        self.bound_trigger = None

    def close(self) -> None:
        self.unregister()
        self._filter_cm.__exit__(None, None, None)
        self._client.close()

    def _close_session(self) -> None:
        if self._session is None:
            return
        try:
            self._client.call(SESSION_IFACE, "Close", "", (), path=self._session, timeout=5)
        except PortalError as exc:  # the session may already be gone (desktop restarted)
            logger.info("closing portal session failed: %s", exc)
        self._session = None

    def _run(self, session: str) -> None:
        while not self._stop.is_set():
            msg = self._activations.get()
            if msg is None or self._stop.is_set():
                continue
            session_handle, shortcut_id, *_ = msg.body
            if session_handle != session or shortcut_id != SHORTCUT_ID:
                continue
            callback = self._callback
            if callback is not None:
                try:
                    callback()
                except Exception:
                    logger.exception("hotkey callback failed")
