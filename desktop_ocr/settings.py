"""Every user setting, declared once: name, type, default, help.

The same declarations feed the command-line flags (``add_arguments``) and QSettings
(``gui.settings_store``), so a setting cannot exist in one and be missing in the other.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import Any

from desktop_ocr.core import chinese_script as script
from desktop_ocr.core import model_sets
from desktop_ocr.i18n import LANGUAGES, NATIVE_NAMES, QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class Setting:
    name: str  # QSettings key and, with dashes, the --flag
    type: type
    default: Any
    help: str
    choices: tuple[str, ...] | None = None
    gui_only: bool = False  # not a flag of the `ocr` command (e.g. the hotkey)
    # the Settings dialog's name for it and for each choice; translated there ("Settings" context)
    label: str = ""
    choice_labels: tuple[str, ...] | None = None
    group: str = ""  # the Settings dialog's section (a key of GROUPS)

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


JOIN_MODES = ("lines", "one-line", "paragraphs")
JOIN_MODE_LABELS = (  # as the Settings dialog names JOIN_MODES, in their order
    QT_TRANSLATE_NOOP("Settings", "one line per line"),
    QT_TRANSLATE_NOOP("Settings", "all on one line"),
    QT_TRANSLATE_NOOP("Settings", "paragraphs"),
)
LANGUAGE_CHOICES = ("system", *LANGUAGES)


# The Settings dialog's sections, in the order users think of them; SETTINGS is declared in this
# order (a test checks that each group's settings stand together), so the dialog, the command
# line's --help and QSettings list them the same way.
GROUPS: dict[str, str] = {
    "capture": QT_TRANSLATE_NOOP("Settings", "Screen capture"),
    "keywords": QT_TRANSLATE_NOOP("Settings", "Keywords"),
    "reading": QT_TRANSLATE_NOOP("Settings", "Reading and models"),
    "performance": QT_TRANSLATE_NOOP("Settings", "Performance"),
    "interface": QT_TRANSLATE_NOOP("Settings", "Interface"),
}

# The help texts are the command line's --help too (in English there: the CLI is not translated).
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "hotkey",
        str,
        "Ctrl+Alt+O",
        QT_TRANSLATE_NOOP("Settings", "global shortcut that starts a screen capture"),
        gui_only=True,
        label=QT_TRANSLATE_NOOP("Settings", "Hotkey"),
        group="capture",
    ),
    Setting(
        "copy_to_clipboard",
        bool,
        True,
        QT_TRANSLATE_NOOP("Settings", "put a capture's text on the clipboard"),
        gui_only=True,
        label=QT_TRANSLATE_NOOP("Settings", "Copy to clipboard"),
        group="capture",
    ),
    Setting(
        "open_result_window",
        bool,
        False,
        QT_TRANSLATE_NOOP("Settings", "open a capture's result in the main window"),
        gui_only=True,
        label=QT_TRANSLATE_NOOP("Settings", "Open result window"),
        group="capture",
    ),
    Setting(
        "capture_join_mode",
        str,
        # a capture is a few lines of a screen (a dialog, a table's cells, an address): kept as they
        # are unless the user asks for paragraphs
        "lines",
        QT_TRANSLATE_NOOP("Settings", "how a screen capture's lines are joined on the clipboard"),
        choices=JOIN_MODES,
        gui_only=True,
        label=QT_TRANSLATE_NOOP("Settings", "Capture join mode"),
        choice_labels=JOIN_MODE_LABELS,
        group="capture",
    ),
    Setting(
        "keywords",
        str,
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "keyword list file (UTF-8, one per line, '#' comments; 'w:' whole word, 's:' also inside words,"
            " 're:' a regular expression)",
        ),
        label=QT_TRANSLATE_NOOP("Settings", "Keyword file"),
        group="keywords",
    ),
    Setting(
        "whole_words",
        bool,
        True,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Latin keywords match whole words only ('the' is not found in 'their'); CJK keywords match anywhere",
        ),
        label=QT_TRANSLATE_NOOP("Settings", "Whole words"),
        group="keywords",
    ),
    Setting(
        "models",
        str,
        model_sets.DEFAULT,
        QT_TRANSLATE_NOOP(
            "Settings",
            "model set (ppocr-v5 reads Chinese better, e.g. film subtitles; it needs: "
            "pip install 'desktop-ocr[v5]')",
        ),
        choices=model_sets.NAMES,
        label=QT_TRANSLATE_NOOP("Settings", "Model set"),
        group="reading",
    ),
    Setting(
        "model_dir",
        str,
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "folder with det, cls, rec .onnx models and the dictionary (empty: the model set above)",
        ),
        label=QT_TRANSLATE_NOOP("Settings", "Model folder"),
        group="reading",
    ),
    Setting(
        "script",
        str,
        script.AS_READ,
        QT_TRANSLATE_NOOP(
            "Settings", "Chinese script of the text: as read, or converted to simplified or traditional forms"
        ),
        choices=script.SCRIPTS,
        label=QT_TRANSLATE_NOOP("Settings", "Chinese script"),
        choice_labels=(
            QT_TRANSLATE_NOOP("Settings", "as read"),
            QT_TRANSLATE_NOOP("Settings", "simplified"),
            QT_TRANSLATE_NOOP("Settings", "traditional"),
        ),
        group="reading",
    ),
    Setting(
        "join_mode",
        str,
        "paragraphs",
        QT_TRANSLATE_NOOP(
            "Settings",
            "how lines are joined in text, Markdown and the clipboard: paragraphs (blank line between "
            "them, table rows kept whole), lines (as read), one-line",
        ),
        choices=JOIN_MODES,
        label=QT_TRANSLATE_NOOP("Settings", "Join mode"),
        choice_labels=JOIN_MODE_LABELS,
        group="reading",
    ),
    Setting(
        "pdf_dpi",
        int,
        200,
        QT_TRANSLATE_NOOP("Settings", "resolution at which PDF pages are rendered"),
        label=QT_TRANSLATE_NOOP("Settings", "PDF DPI"),
        group="reading",
    ),
    Setting(
        "workers",
        int,
        max(1, min(os.cpu_count() or 2, 8)),
        QT_TRANSLATE_NOOP("Settings", "OCR worker threads (each runs one task at a time)"),
        label=QT_TRANSLATE_NOOP("Settings", "Workers"),
        group="performance",
    ),
    Setting(
        "cluster",
        str,
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "address of a Ray cluster to OCR on: auto (Ray on this machine), ray://HOST:10001 "
            "(empty: this machine)",
        ),
        label=QT_TRANSLATE_NOOP("Settings", "Cluster address"),
        group="performance",
    ),
    Setting(
        "language",
        str,
        "system",
        QT_TRANSLATE_NOOP("Settings", "interface language (system: follow the system's language)"),
        choices=LANGUAGE_CHOICES,
        gui_only=True,
        label=QT_TRANSLATE_NOOP("Settings", "Language"),
        # each language in its own name, so a user lost in the other language finds theirs
        choice_labels=(
            QT_TRANSLATE_NOOP("Settings", "System language"),
            *(NATIVE_NAMES[x] for x in LANGUAGES),
        ),
        group="interface",
    ),
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


def _one_of(setting: Setting) -> str:
    """The choices of a choice flag, for its help (its metavar alone would hide them)."""
    return f"; one of: {', '.join(setting.choices)}" if setting.choices else ""


# the settings that choose the engine: every subcommand that reads text takes their flags
ENGINE_SETTINGS = ("models", "model_dir", "script")


def add_arguments(
    parser: argparse.ArgumentParser, include_gui_only: bool = False, only: tuple[str, ...] | None = None
) -> None:
    """One flag per setting; the default is None so that an unset flag falls back to QSettings.

    ``only``: just these settings (a subcommand with flags of its own for the others)."""
    for s in SETTINGS:
        if s.gui_only and not include_gui_only:
            continue
        if only is not None and s.name not in only:
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
                help=f"{s.help}{_one_of(s)} (default: {s.default!r})",
            )


def from_args(args: argparse.Namespace, stored: dict[str, Any] | None = None) -> dict[str, Any]:
    """Resolve each setting: the flag if given, else the stored value, else the default."""
    stored = stored or {}
    out = {}
    for s in SETTINGS:
        v = getattr(args, s.name, None)
        out[s.name] = coerce(s, v if v is not None else stored.get(s.name))
    return out
