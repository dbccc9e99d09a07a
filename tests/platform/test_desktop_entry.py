"""The desktop entry, icon and autostart entry in temporary XDG folders: written, pointing at this
install, and removed again exactly (nothing else in those folders is touched)."""

from __future__ import annotations

import configparser
import shlex
import subprocess
import sys

import pytest

from desktop_ocr.platform import desktop_entry as de

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="XDG desktop entries")


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    env = {
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return tmp_path


def read_entry(path):
    cp = configparser.ConfigParser(interpolation=None, strict=False)
    cp.optionxform = str  # keys are case-sensitive
    cp.read(path, encoding="utf-8")
    return cp


def test_install_writes_menu_entry_icon_and_autostart_that_start_this_install(xdg):
    written = de.install(autostart=True)
    desktop = xdg / "data/applications/desktop-ocr.desktop"
    icon = xdg / "data/icons/hicolor/scalable/apps/desktop-ocr.svg"
    autostart = xdg / "config/autostart/desktop-ocr.desktop"
    assert set(written) == {desktop, icon, autostart}
    assert icon.read_bytes().startswith(b"<svg")

    entry = read_entry(desktop)["Desktop Entry"]
    assert entry["Icon"] == "desktop-ocr" and entry["Type"] == "Application"
    assert entry["Name[zh_CN]"]  # the menu speaks Chinese on a Chinese desktop
    command = shlex.split(entry["Exec"])
    assert command[:-1] == de.launcher() and command[-1] == "%F"
    capture = shlex.split(read_entry(desktop)["Desktop Action Capture"]["Exec"])
    assert capture == [*de.launcher(), "capture"]
    assert shlex.split(read_entry(autostart)["Desktop Entry"]["Exec"]) == [*de.launcher(), "--tray"]

    # the command really is this install: it answers --version
    out = subprocess.run([*command[:-1], "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "desktop-ocr" in out.stdout


def test_uninstall_removes_exactly_the_installed_files(xdg):
    other = xdg / "data/applications/other-app.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\nName=Other\n", encoding="utf-8")
    written = de.install(autostart=True)
    assert sorted(de.uninstall()) == sorted(written)
    assert not any(p.exists() for p in written)
    assert other.exists()  # the folders and other programs' entries stay
    assert de.uninstall() == []


def test_an_entry_not_written_by_us_is_left_alone(xdg):
    mine = xdg / "data/applications/desktop-ocr.desktop"
    mine.parent.mkdir(parents=True)
    mine.write_text("[Desktop Entry]\nName=Hand-made\nExec=foo\n", encoding="utf-8")
    assert de.uninstall() == []
    assert mine.exists()


def test_installing_again_without_autostart_turns_autostart_off(xdg):
    de.install(autostart=True)
    assert de.installed() == (True, True)
    de.install(autostart=False)
    assert de.installed() == (True, False)


def test_exec_arguments_with_spaces_are_quoted_for_the_desktop_entry_spec():
    assert de.exec_quote("/opt/Desktop OCR/desktop-ocr") == '"/opt/Desktop OCR/desktop-ocr"'
    assert de.exec_quote("/usr/bin/desktop-ocr") == "/usr/bin/desktop-ocr"
    # the spec's two levels: \$ for the quoting, then the backslash doubled for the string value
    assert de.exec_quote("/a b/$y") == r'"/a b/\\$y"'
    assert de.exec_quote("/x/100%") == '"/x/100%%"'


def test_the_command_line_installs_and_uninstalls(xdg, capsys):
    from desktop_ocr.cli import main

    assert main(["--install-desktop-entry", "--autostart"]) == 0
    assert (xdg / "config/autostart/desktop-ocr.desktop").exists()
    assert "wrote" in capsys.readouterr().out
    assert main(["--uninstall-desktop-entry"]) == 0
    assert not (xdg / "data/applications/desktop-ocr.desktop").exists()
    assert not (xdg / "config/autostart/desktop-ocr.desktop").exists()
