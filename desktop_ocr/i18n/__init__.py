"""The interface languages: which ones exist, which one to use, where their catalogues are.

Plain Python (no Qt): ``desktop_ocr.settings`` marks its texts with ``QT_TRANSLATE_NOOP`` from
here, and ``gui.translation`` installs the Qt translators. The catalogues are Qt ``.ts`` files in
this folder, compiled to the ``.qm`` files shipped next to them; ``python -m
desktop_ocr.i18n.update`` extracts the strings from the code, updates the ``.ts`` files and
compiles them (see that module).
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
CATALOGUE = "desktop_ocr"  # desktop_ocr_<lang>.ts / .qm
SOURCE_LANGUAGE = "en"
# what the language setting offers, besides "system"; each has a catalogue but the source language
LANGUAGES = ("en", "zh_CN")
# each language named in itself: a user who cannot read the current language still finds theirs
NATIVE_NAMES = {"en": "English", "zh_CN": "简体中文"}


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's name, found by the extractor)
    """Mark ``text`` for translation in ``context``; it is translated where it is shown."""
    return text


def ts_path(language: str) -> Path:
    return FOLDER / f"{CATALOGUE}_{language}.ts"


def qm_path(language: str) -> Path:
    return FOLDER / f"{CATALOGUE}_{language}.qm"


def translated_languages() -> tuple[str, ...]:
    return tuple(lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE)


def resolve_language(setting: str, ui_languages: list[str] | tuple[str, ...]) -> str:
    """The language to show: the setting, or for "system" the first of the system's preferred
    languages (``QLocale.system().uiLanguages()``, e.g. ``["zh-CN", "en-US"]``) that we have.

    Any Chinese locale gets the Simplified Chinese catalogue (the only Chinese one we have; it
    reads better to a zh_TW user than English does). Anything else is English.
    """
    if setting in LANGUAGES:
        return setting
    for name in ui_languages:
        tag = name.replace("-", "_")
        if tag in LANGUAGES:
            return tag
        base = tag.split("_")[0].lower()
        if base == "zh":
            return "zh_CN"
        if base == SOURCE_LANGUAGE:
            return SOURCE_LANGUAGE
    return SOURCE_LANGUAGE
