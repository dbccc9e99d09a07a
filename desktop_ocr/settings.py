"""Every user setting, declared once: name, type, default, help.

The same declarations feed the command-line flags (``add_arguments``) and QSettings
(``gui.settings_store``), so a setting cannot exist in one and be missing in the other.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str  # QSettings key and, with dashes, the --flag
    type: type
    default: Any
    help: str
    choices: tuple[str, ...] | None = None
    gui_only: bool = False  # not a flag of the `ocr` command (e.g. the hotkey)

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


JOIN_MODES = ("lines", "one-line", "paragraphs")

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "workers",
        int,
        max(1, min(os.cpu_count() or 2, 8)),
        "OCR worker threads (each runs one task at a time)",
    ),
    Setting("pdf_dpi", int, 200, "resolution at which PDF pages are rendered"),
    Setting(
        "model_dir",
        str,
        "",
        "folder with det, cls, rec .onnx models and the dictionary (empty: shipped models)",
    ),
    Setting(
        "keywords",
        str,
        "",
        "keyword list file (UTF-8, one per line, '#' comments, 're:' for a regular expression)",
    ),
    Setting(
        "cluster",
        str,
        "",
        "address of a Ray cluster to OCR on: auto (Ray on this machine), ray://HOST:10001 (empty: this machine)",
    ),
    Setting("hotkey", str, "Ctrl+Alt+O", "global shortcut that starts a screen capture", gui_only=True),
    Setting("copy_to_clipboard", bool, True, "put a capture's text on the clipboard", gui_only=True),
    Setting("open_result_window", bool, False, "open a capture's result in the main window", gui_only=True),
    Setting("join_mode", str, "lines", "how a capture's lines are joined", choices=JOIN_MODES, gui_only=True),
)

BY_NAME = {s.name: s for s in SETTINGS}

# What the app remembers between runs without the user setting it: neither a flag nor a field of
# the Settings dialog (normcap keeps its window state the same way). The QSettings key is the name.
# ``object`` values (window geometry) are stored as QSettings gives them back.
STATE: tuple[Setting, ...] = (
    Setting("gui/open_dir", str, "", "folder the last Open dialog showed (empty: home)"),
    Setting("gui/export_dir", str, "", "folder of the last export (empty: home)"),
    Setting("gui/export_format", str, "txt", "format of the last export"),
    Setting("gui/keywords", str, "", "the keyword panel's text: the app's keyword list"),
    Setting("gui/main_geometry", object, None, "the main window's size and place"),
    Setting("gui/main_state", object, None, "the main window's docks and toolbars"),
    Setting("notices/no_system_tray_shown", bool, False, "the no-tray notice was shown once"),
)

STATE_BY_NAME = {s.name: s for s in STATE}


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def coerce(setting: Setting, value: Any) -> Any:
    """QSettings hands back strings on some platforms; bring a stored value back to its type."""
    if value is None:
        return setting.default
    if setting.type is object:
        return value
    try:
        if setting.type is bool:
            return parse_bool(value)
        value = setting.type(value)
    except (TypeError, ValueError):
        return setting.default
    if setting.choices and value not in setting.choices:
        return setting.default
    return value


def add_arguments(parser: argparse.ArgumentParser, include_gui_only: bool = False) -> None:
    """One flag per setting; the default is None so that an unset flag falls back to QSettings."""
    for s in SETTINGS:
        if s.gui_only and not include_gui_only:
            continue
        if s.type is bool:
            parser.add_argument(
                s.flag,
                dest=s.name,
                default=None,
                action=argparse.BooleanOptionalAction,
                help=f"{s.help} (default: {'on' if s.default else 'off'})",
            )
        else:
            parser.add_argument(
                s.flag,
                dest=s.name,
                type=s.type,
                default=None,
                choices=s.choices,
                metavar=s.name.upper(),
                help=f"{s.help} (default: {s.default!r})",
            )


def from_args(args: argparse.Namespace, stored: dict[str, Any] | None = None) -> dict[str, Any]:
    """Resolve each setting: the flag if given, else the stored value, else the default."""
    stored = stored or {}
    out = {}
    for s in SETTINGS:
        v = getattr(args, s.name, None)
        out[s.name] = coerce(s, v if v is not None else stored.get(s.name))
    return out
