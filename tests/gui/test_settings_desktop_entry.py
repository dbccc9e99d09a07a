"""Settings › Applications menu: the same desktop entry as --install-desktop-entry, from the dialog."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt

from desktop_ocr.gui.settings_dialog import SettingsDialog
from desktop_ocr.gui.settings_store import SettingsStore

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG desktop entries")


def test_add_with_autostart_then_remove(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    dlg = SettingsDialog(SettingsStore(str(tmp_path / "cfg")))
    qtbot.addWidget(dlg)
    assert not dlg.remove_entry_button.isEnabled()  # nothing installed yet

    dlg.autostart_box.setChecked(True)
    qtbot.mouseClick(dlg.install_entry_button, Qt.MouseButton.LeftButton)
    menu = tmp_path / "data/applications/desktop-ocr.desktop"
    autostart = tmp_path / "config/autostart/desktop-ocr.desktop"
    assert menu.exists() and autostart.exists()
    assert (tmp_path / "data/icons/hicolor/scalable/apps/desktop-ocr.svg").exists()
    assert "login" in dlg.status.text()

    qtbot.mouseClick(dlg.remove_entry_button, Qt.MouseButton.LeftButton)
    assert not menu.exists() and not autostart.exists()
    assert not dlg.remove_entry_button.isEnabled()
