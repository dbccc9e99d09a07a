"""Portal hotkey + screenshot against tests/platform/mock_portal.py on a private D-Bus."""

from __future__ import annotations

import os
import shutil
import threading

import numpy as np
import pytest

pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon")


def test_bind_sends_the_portal_signature_and_activation_calls_back(portal_bus):
    from desktop_ocr.platform.hotkeys.portal import SHORTCUT_ID, PortalHotkeyBackend

    mock = portal_bus()
    backend = PortalHotkeyBackend()
    fired = threading.Event()
    try:
        backend.register("Ctrl+Alt+O", fired.set)
        bind = [c for c in mock.calls() if c["member"] == "BindShortcuts"]
        assert len(bind) == 1
        assert bind[0]["signature"] == "oa(sa{sv})sa{sv}"
        ((shortcut_id, opts),) = bind[0]["args"][1]
        assert shortcut_id == SHORTCUT_ID
        assert opts["preferred_trigger"] == ["s", "CTRL+ALT+o"]
        assert backend.bound_trigger == "Press CTRL+ALT+o"
        assert not fired.is_set()
        assert mock.activate("some-other-shortcut") == 1
        assert not fired.wait(0.3), "an unrelated shortcut must not trigger the capture"
        mock.activate(SHORTCUT_ID)
        assert fired.wait(2), "Activated signal did not reach the callback"
    finally:
        backend.close()
    # close() closes the portal session, so later activations go nowhere
    assert mock.activate(SHORTCUT_ID) == 0
    assert any(c["member"] == "Close" for c in mock.calls())


def test_unregister_stops_callbacks(portal_bus):
    from desktop_ocr.platform.hotkeys.portal import SHORTCUT_ID, PortalHotkeyBackend

    mock = portal_bus()
    backend = PortalHotkeyBackend()
    hits = []
    try:
        backend.register("ctrl+shift+f1", lambda: hits.append(1))
        backend.unregister()
        mock.activate(SHORTCUT_ID)
        threading.Event().wait(0.3)
        assert hits == []
    finally:
        backend.close()


def test_refused_binding_raises_user_facing_error(portal_bus):
    from desktop_ocr.platform.hotkeys.base import HotkeyError
    from desktop_ocr.platform.hotkeys.portal import PortalHotkeyBackend

    portal_bus(bind_code=1)  # the user clicked "Cancel" in the desktop's dialog
    backend = PortalHotkeyBackend()
    try:
        with pytest.raises(HotkeyError, match=r"Ctrl\+Alt\+O was not enabled"):
            backend.register("Ctrl+Alt+O", lambda: None)
    finally:
        backend.close()


def test_no_portal_on_the_bus_is_reported(portal_bus):
    from desktop_ocr.platform.hotkeys.base import HotkeyError
    from desktop_ocr.platform.hotkeys.portal import PortalHotkeyBackend

    backend = PortalHotkeyBackend()  # bus is up, but nobody owns org.freedesktop.portal.Desktop
    try:
        with pytest.raises(HotkeyError, match="could not be registered"):
            backend.register("Ctrl+Alt+O", lambda: None)
    finally:
        backend.close()


def test_screenshot_portal_returns_the_image(portal_bus):
    from desktop_ocr.platform.capture.portal_backend import PortalGrabber
    from desktop_ocr.platform.portal import take_screenshot

    mock = portal_bus()
    path = take_screenshot()
    assert os.path.exists(path) and " " in os.path.basename(path)  # URI was unquoted
    call = [c for c in mock.calls() if c["member"] == "Screenshot"][0]
    assert call["args"][1]["interactive"] == ["b", False]

    shots = PortalGrabber().grab_all()
    assert len(shots) == 1
    shot = shots[0]
    assert (shot.left, shot.top, shot.width, shot.height) == (0, 0, 64, 32)
    # BGR: left half red, right half blue
    assert shot.image[5, 5].tolist() == [0, 0, 255]
    assert shot.image[5, 60].tolist() == [255, 0, 0]
    assert shot.image.dtype == np.uint8 and shot.image.shape == (32, 64, 3)
