"""Start a private D-Bus session bus and drive tests/platform/mock_portal.py on it (the
``portal_bus`` fixture in tests/conftest.py uses these)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from jeepney import DBusAddress, new_method_call
from jeepney.io.blocking import open_dbus_connection

MOCK = Path(__file__).with_name("mock_portal.py")


def start_bus():
    proc = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    address = proc.stdout.readline().strip()
    assert address.startswith("unix:"), address
    return proc, address


class MockControl:
    addr = DBusAddress(
        "/org/freedesktop/portal/desktop",
        bus_name="org.freedesktop.portal.Desktop",
        interface="org.desktop_ocr.MockPortal",
    )

    def _call(self, method, sig=None, body=()):
        with open_dbus_connection("SESSION") as conn:
            return conn.send_and_get_reply(new_method_call(self.addr, method, sig, body), timeout=5).body

    def activate(self, shortcut_id: str) -> int:
        return self._call("Activate", "s", (shortcut_id,))[0]

    def calls(self) -> list:
        return json.loads(self._call("Calls")[0])
