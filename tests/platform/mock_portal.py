"""A fake org.freedesktop.portal.Desktop for tests, run as a subprocess on a private session bus.

Implements GlobalShortcuts (CreateSession, BindShortcuts), Session.Close, Screenshot and the
Request/Response pattern. Like xdg-desktop-portal (GDBus), it rejects calls whose signature
differs from the interface's, so a client marshalling the wrong types fails here too.
Test control interface org.desktop_ocr.MockPortal on the same path:
  Activate(s shortcut_id)  -> emits GlobalShortcuts.Activated for every open session
  Calls() -> s             JSON log of the portal calls received (member, signature, args)
Environment: MOCK_PORTAL_BIND_CODE (Response code for BindShortcuts, default 0),
MOCK_PORTAL_DIR (where screenshots are written).
Prints "READY" on stdout once the name is owned.
"""

from __future__ import annotations

import json
import os
import sys
import time
from urllib.parse import quote

from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
from PIL import Image, ImageDraw

NAME = "org.freedesktop.portal.Desktop"
PATH = "/org/freedesktop/portal/desktop"
SIGNATURES = {
    ("org.freedesktop.portal.GlobalShortcuts", "CreateSession"): "a{sv}",
    ("org.freedesktop.portal.GlobalShortcuts", "BindShortcuts"): "oa(sa{sv})sa{sv}",
    ("org.freedesktop.portal.Screenshot", "Screenshot"): "sa{sv}",
    ("org.freedesktop.portal.Session", "Close"): "",
    ("org.desktop_ocr.MockPortal", "Activate"): "s",
    ("org.desktop_ocr.MockPortal", "Calls"): "",
}
# Screenshot content: left half red, right half blue (RGB), 64x32.
SHOT_SIZE = (64, 32)


def plain(value):
    """JSON-able copy of jeepney values (variants are (sig, value) tuples)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def main() -> None:
    conn = open_dbus_connection("SESSION")
    reply = conn.send_and_get_reply(message_bus.RequestName(NAME))
    assert reply.body[0] == 1, reply.body  # primary owner
    sessions: dict[str, str] = {}  # session path -> owner unique name
    calls: list = []
    bind_code = int(os.environ.get("MOCK_PORTAL_BIND_CODE", "0"))
    outdir = os.environ.get("MOCK_PORTAL_DIR", "/tmp")
    print("READY", flush=True)

    def sender_token(msg) -> str:
        return msg.header.fields[HeaderFields.sender].lstrip(":").replace(".", "_")

    def respond(msg, token: str, code: int, results: dict) -> None:
        path = f"{PATH}/request/{sender_token(msg)}/{token}"
        conn.send(new_method_return(msg, "o", (path,)))
        time.sleep(0.05)  # the real portal answers later; the client must already be listening
        conn.send(
            new_signal(
                DBusAddress(path, interface="org.freedesktop.portal.Request"),
                "Response",
                "ua{sv}",
                (code, results),
            )
        )

    while True:
        msg = conn.receive()
        if msg.header.message_type != MessageType.method_call:
            continue
        f = msg.header.fields
        iface, member = f.get(HeaderFields.interface), f.get(HeaderFields.member)
        sig = f.get(HeaderFields.signature, "")
        expected = SIGNATURES.get((iface, member))
        if expected is None:
            conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"{iface}.{member}",)))
            continue
        if sig != expected:
            conn.send(
                new_error(
                    msg,
                    "org.freedesktop.DBus.Error.InvalidArgs",
                    "s",
                    (f"Type of message, '({sig})' does not match expected type '({expected})'",),
                )
            )
            continue
        if iface != "org.desktop_ocr.MockPortal":
            calls.append(
                {
                    "member": member,
                    "signature": sig,
                    "path": f.get(HeaderFields.path),
                    "args": plain(msg.body),
                }
            )

        if member == "CreateSession":
            (opts,) = msg.body
            session = f"{PATH}/session/{sender_token(msg)}/{opts['session_handle_token'][1]}"
            sessions[session] = f[HeaderFields.sender]
            respond(msg, opts["handle_token"][1], 0, {"session_handle": ("s", session)})
        elif member == "BindShortcuts":
            session, shortcuts, _parent, opts = msg.body
            if sessions.get(session) != f[HeaderFields.sender]:
                conn.send(
                    new_error(msg, "org.freedesktop.portal.Error.InvalidArgument", "s", ("bad session",))
                )
                continue
            bound = [
                (
                    sid,
                    {
                        "description": sopts["description"],
                        "trigger_description": ("s", f"Press {sopts['preferred_trigger'][1]}"),
                    },
                )
                for sid, sopts in shortcuts
            ]
            results = {"shortcuts": ("a(sa{sv})", bound)} if bind_code == 0 else {}
            respond(msg, opts["handle_token"][1], bind_code, results)
        elif member == "Close":
            sessions.pop(f[HeaderFields.path], None)
            conn.send(new_method_return(msg))
        elif member == "Screenshot":
            _parent, opts = msg.body
            img = Image.new("RGB", SHOT_SIZE, (0, 0, 255))
            ImageDraw.Draw(img).rectangle([0, 0, SHOT_SIZE[0] // 2 - 1, SHOT_SIZE[1] - 1], fill=(255, 0, 0))
            path = os.path.join(outdir, f"Screenshot {len(calls)}.png")  # a space: URI must be quoted
            img.save(path)
            respond(msg, opts["handle_token"][1], 0, {"uri": ("s", "file://" + quote(path))})
        elif member == "Activate":
            (sid,) = msg.body
            for session in sessions:
                conn.send(
                    new_signal(
                        DBusAddress(PATH, interface="org.freedesktop.portal.GlobalShortcuts"),
                        "Activated",
                        "osta{sv}",
                        (session, sid, int(time.time() * 1000), {}),
                    )
                )
            conn.send(new_method_return(msg, "u", (len(sessions),)))
        elif member == "Calls":
            conn.send(new_method_return(msg, "s", (json.dumps(calls),)))


if __name__ == "__main__":
    sys.exit(main())
