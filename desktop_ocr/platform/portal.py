"""Minimal client for the XDG desktop portal (org.freedesktop.portal.Desktop) on the session bus.

Why jeepney and not QtDBus: BindShortcuts takes ``a(sa{sv})``; PySide6's QtDBus cannot marshal an
array of structs (QDBusArgument.beginArray needs a D-Bus-registered metatype and
qDBusRegisterMetaType is not exposed to Python), and the portal only accepts session calls from
the connection that created the session. jeepney is pure Python, marshals any signature, and its
router thread delivers signals without needing a Qt event loop.

Portal calls are asynchronous: the method returns a Request object path and the result comes
later as its ``org.freedesktop.portal.Request.Response(u code, a{sv} results)`` signal
(code 0 = success, 1 = cancelled by the user, 2 = other error).
"""

from __future__ import annotations

import logging
import queue
import secrets
import threading
import time
from urllib.parse import unquote, urlparse

from jeepney import DBusAddress, HeaderFields, MatchRule, Message, MessageType, message_bus, new_method_call
from jeepney.io.threading import DBusRouter, open_dbus_connection

logger = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.portal.Desktop"
OBJECT_PATH = "/org/freedesktop/portal/desktop"
REQUEST_IFACE = "org.freedesktop.portal.Request"
SESSION_IFACE = "org.freedesktop.portal.Session"
SCREENSHOT_IFACE = "org.freedesktop.portal.Screenshot"
SHORTCUTS_IFACE = "org.freedesktop.portal.GlobalShortcuts"


class PortalError(Exception):
    """The portal is missing, answered with an error, or the user cancelled (``code`` == 1)."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


def new_token(prefix: str = "desktop_ocr") -> str:
    return f"{prefix}_{secrets.token_hex(6)}"


def unwrap_variant(value):
    """jeepney gives variants as ("sig", value): strip them, recursing into the shapes portals use."""
    sig, inner = value
    if sig == "a{sv}":
        return unwrap_vardict(inner)
    if sig == "a(sa{sv})":
        return [(name, unwrap_vardict(opts)) for name, opts in inner]
    if sig == "v":
        return unwrap_variant(inner)
    return inner


def unwrap_vardict(d: dict) -> dict:
    return {k: unwrap_variant(v) for k, v in d.items()}


class PortalClient:
    """One session-bus connection to the portal. Thread-safe for calls; close() when done."""

    def __init__(self, bus: str = "SESSION") -> None:
        try:
            self._conn = open_dbus_connection(bus)
        except (OSError, KeyError, ValueError) as exc:
            raise PortalError(f"No D-Bus session bus: {exc}") from exc
        self._router = DBusRouter(self._conn)
        self._matches: list[MatchRule] = []
        self._lock = threading.Lock()
        self.desktop = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME)
        # The portal names Request/Session objects after our unique name (":1.42" -> "1_42").
        self.sender_token = self._router.unique_name.lstrip(":").replace(".", "_")

    @property
    def unique_name(self) -> str:
        return self._router.unique_name

    def add_match(self, rule: MatchRule) -> None:
        """Ask the bus daemon to route matching signals to us (filters only see routed messages)."""
        reply = self._router.send_and_get_reply(message_bus.AddMatch(rule), timeout=10)
        if reply.header.message_type == MessageType.error:
            raise PortalError(f"AddMatch failed: {reply.body}")
        self._matches.append(rule)

    def filter(self, rule: MatchRule, bufsize: int = 64):
        """Context manager yielding a queue of messages matching ``rule`` (see jeepney)."""
        return self._router.filter(rule, bufsize=bufsize)

    def call(
        self,
        interface: str,
        method: str,
        signature: str,
        body: tuple,
        *,
        path: str = OBJECT_PATH,
        timeout: float = 10,
    ) -> tuple:
        """Plain method call on the portal; returns the reply body, raises PortalError on D-Bus errors."""
        addr = DBusAddress(path, bus_name=BUS_NAME, interface=interface)
        msg = new_method_call(addr, method, signature, body)
        try:
            reply = self._router.send_and_get_reply(msg, timeout=timeout)
        except TimeoutError as exc:
            raise PortalError(f"{interface}.{method}: no answer from the desktop portal") from exc
        if reply.header.message_type == MessageType.error:
            detail = reply.body[0] if reply.body else reply.header.fields
            raise PortalError(f"{interface}.{method} failed: {detail}")
        return reply.body

    def request(
        self, interface: str, method: str, signature: str, build_body, *, timeout: float = 120
    ) -> dict:
        """Call a Request-returning portal method and wait for its Response.

        ``build_body(handle_token)`` returns the call's body; it must put ``handle_token`` into the
        method's options so the Request path is known before the call (no race with the signal).
        Returns the unwrapped results dict; raises PortalError for code != 0 or a timeout.
        """
        token = new_token()
        expected = f"{OBJECT_PATH}/request/{self.sender_token}/{token}"
        rule = MatchRule(type="signal", interface=REQUEST_IFACE, member="Response")
        with self._lock:
            if not any(r.header_fields == rule.header_fields for r in self._matches):
                self.add_match(rule)
        with self.filter(rule) as responses:
            (handle,) = self.call(interface, method, signature, build_body(token))
            paths = {expected, handle}  # old portals (< 0.9) ignore handle_token
            msg = _wait_for(responses, lambda m: m.header.fields.get(_PATH) in paths, timeout)
        if msg is None:
            raise PortalError(f"{interface}.{method}: the desktop portal did not respond")
        code, results = msg.body
        if code != 0:
            what = "cancelled" if code == 1 else "failed"
            raise PortalError(f"{interface}.{method} {what} (response code {code})", code=code)
        return unwrap_vardict(results)

    def close(self) -> None:
        try:
            self._router.close()
        finally:
            self._conn.close()


_PATH = HeaderFields.path


def _wait_for(q: queue.Queue, predicate, timeout: float) -> Message | None:
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        try:
            msg = q.get(timeout=left)
        except queue.Empty:
            return None
        if predicate(msg):
            return msg


def take_screenshot(
    client: PortalClient | None = None, *, interactive: bool = False, timeout: float = 60
) -> str:
    """Screenshot portal: returns the local file path of the image the desktop saved.

    interactive=False asks for a plain full-desktop shot (GNOME may still show a one-time
    permission dialog). Raises PortalError (code 1 when the user refused).
    """
    own = client is None
    client = client or PortalClient()
    try:
        results = client.request(
            SCREENSHOT_IFACE,
            "Screenshot",
            "sa{sv}",
            lambda token: ("", {"handle_token": ("s", token), "interactive": ("b", interactive)}),
            timeout=timeout,
        )
    finally:
        if own:
            client.close()
    uri = results.get("uri", "")
    parsed = urlparse(uri)
    if parsed.scheme != "file" or not parsed.path:
        raise PortalError(f"Screenshot portal returned an unusable URI {uri!r}")
    return unquote(parsed.path)
