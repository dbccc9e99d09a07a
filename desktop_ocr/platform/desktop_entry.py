"""The application's desktop entry, icon and autostart entry in the user's XDG folders.

``desktop-ocr --install-desktop-entry [--autostart]`` and the Settings dialog's button write

- ``$XDG_DATA_HOME/applications/desktop-ocr.desktop`` (the menu entry; default ~/.local/share),
- ``$XDG_DATA_HOME/icons/hicolor/scalable/apps/desktop-ocr.svg`` (its icon),
- with autostart, ``$XDG_CONFIG_HOME/autostart/desktop-ocr.desktop`` (``--tray`` at login;
  default ~/.config),

and ``--uninstall-desktop-entry`` removes exactly these files. The entries start the install that
wrote them: the bundle's executable, or this virtual environment's ``desktop-ocr`` script. Their
text is the shipped ``resources/desktop-ocr.desktop`` with the ``Exec`` lines pointed there.
Plain Python, no Qt: the command line and the GUI both call it.
"""

from __future__ import annotations

import logging
import os
import shlex
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

APP_ID = "desktop-ocr"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
TEMPLATE = RESOURCES / f"{APP_ID}.desktop"
ICON = RESOURCES / f"{APP_ID}.svg"
MARKER = "X-Desktop-OCR-Installed=true"  # only files we wrote are removed again


@dataclass(frozen=True)
class EntryPaths:
    desktop: Path
    icon: Path
    autostart: Path

    def all(self) -> tuple[Path, Path, Path]:
        return (self.desktop, self.icon, self.autostart)


def _xdg(env: Mapping[str, str], name: str, default: str) -> Path:
    value = env.get(name, "")
    # the XDG spec: a relative path is invalid and must be ignored
    if value and os.path.isabs(value):
        return Path(value)
    return Path(env.get("HOME") or os.path.expanduser("~")) / default


def entry_paths(env: Mapping[str, str] | None = None) -> EntryPaths:
    env = os.environ if env is None else env
    data = _xdg(env, "XDG_DATA_HOME", ".local/share")
    config = _xdg(env, "XDG_CONFIG_HOME", ".config")
    return EntryPaths(
        desktop=data / "applications" / f"{APP_ID}.desktop",
        icon=data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        autostart=config / "autostart" / f"{APP_ID}.desktop",
    )


def launcher() -> list[str]:
    """The command that starts this install of the application."""
    if getattr(sys, "frozen", False):  # the PyInstaller bundle: its own executable
        return [str(Path(sys.executable).resolve())]
    script = Path(sys.executable).with_name(APP_ID)  # the venv's console script
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "desktop_ocr"]


def exec_quote(arg: str) -> str:
    """One Exec argument as the Desktop Entry spec asks: in double quotes with " ` $ \\ escaped by a
    backslash and % doubled, then every backslash doubled again (the string-value escape)."""
    if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`%"):
        return arg
    quoted = "".join("\\" + c if c in '"`$\\' else c for c in arg).replace("%", "%%")
    return '"' + quoted.replace("\\", "\\\\") + '"'


def render(template: str, command: list[str], autostart: bool = False) -> str:
    """The template with each ``Exec=desktop-ocr ARGS`` line starting ``command`` instead."""
    prefix = " ".join(exec_quote(a) for a in command)
    out = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            rest = line[len("Exec=") :].split(" ", 1)
            args = rest[1] if len(rest) > 1 else ""
            if autostart and not line_in_action(out):
                args = "--tray"
            line = f"Exec={prefix} {args}".rstrip()
        out.append(line)
        if line == "[Desktop Entry]":
            out.append(MARKER)
            if autostart:
                out.append("X-GNOME-Autostart-enabled=true")
    return "\n".join(out) + "\n"


def line_in_action(lines: list[str]) -> bool:
    """Whether the lines written so far are inside a [Desktop Action ...] group."""
    for line in reversed(lines):
        if line.startswith("["):
            return line.startswith("[Desktop Action")
    return False


def install(autostart: bool = False, env: Mapping[str, str] | None = None) -> list[Path]:
    """Write the menu entry and icon (and the autostart entry); returns the files written."""
    paths = entry_paths(env)
    command = launcher()
    template = TEMPLATE.read_text(encoding="utf-8")
    files = [(paths.desktop, render(template, command).encode()), (paths.icon, ICON.read_bytes())]
    if autostart:
        files.append((paths.autostart, render(template, command, autostart=True).encode()))
    elif _ours(paths.autostart):
        paths.autostart.unlink()  # installing without autostart turns an earlier one off
    for path, data in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    logger.info("desktop entry installed: %s", ", ".join(str(p) for p, _ in files))
    return [p for p, _ in files]


def _ours(path: Path) -> bool:
    try:
        return MARKER in path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def uninstall(env: Mapping[str, str] | None = None) -> list[Path]:
    """Remove the files ``install`` writes (an entry only when we wrote it); returns those removed."""
    paths = entry_paths(env)
    removed = []
    for path in paths.all():
        if not path.exists():
            continue
        if path.suffix == ".desktop" and not _ours(path):
            logger.warning("%s was not written by desktop-ocr: left alone", path)
            continue
        path.unlink()
        removed.append(path)
    return removed


def installed(env: Mapping[str, str] | None = None) -> tuple[bool, bool]:
    """(menu entry present, autostart entry present), counting only entries we wrote."""
    paths = entry_paths(env)
    return _ours(paths.desktop), _ours(paths.autostart)


def run_command(install_entry: bool, uninstall_entry: bool, autostart: bool) -> int:
    """``desktop-ocr --install-desktop-entry [--autostart]`` / ``--uninstall-desktop-entry``."""
    if sys.platform == "win32":
        print(
            "desktop-ocr: the Windows installer creates the Start menu and autostart entries", file=sys.stderr
        )
        return 2
    try:
        files = uninstall() if uninstall_entry else install(autostart=autostart)
    except OSError as exc:
        print(f"desktop-ocr: error: {exc}", file=sys.stderr)
        return 1
    verb = "removed" if uninstall_entry else "wrote"
    for f in files:
        print(f"{verb} {f}")
    if uninstall_entry and not files:
        print("nothing to remove")
    if install_entry:
        print(f"starts: {shlex.join(launcher())}")
    return 0
