import pytest

from desktop_ocr.platform.hotkeys.base import (
    HotkeyError,
    keysym_name,
    parse_combo,
    session_kind,
    taken_message,
)
from desktop_ocr.platform.hotkeys.portal import portal_trigger
from desktop_ocr.platform.hotkeys.windows import (
    MOD_ALT,
    MOD_CONTROL,
    MOD_SHIFT,
    MOD_WIN,
    combo_to_windows,
)


@pytest.mark.parametrize(
    "text, mods, key, shown",
    [
        ("Ctrl+Alt+O", {"ctrl", "alt"}, "O", "Ctrl+Alt+O"),
        ("ctrl+shift+f1", {"ctrl", "shift"}, "F1", "Ctrl+Shift+F1"),
        (" control + alt + o ", {"ctrl", "alt"}, "O", "Ctrl+Alt+O"),
        ("Win+Shift+S", {"super", "shift"}, "S", "Shift+Super+S"),
        ("Alt+Ctrl+PgUp", {"ctrl", "alt"}, "PageUp", "Ctrl+Alt+PageUp"),
        ("Print", set(), "Print", "Print"),
        ("F12", set(), "F12", "F12"),
        ("Ctrl+Alt+7", {"ctrl", "alt"}, "7", "Ctrl+Alt+7"),
    ],
)
def test_parse_combo(text, mods, key, shown):
    combo = parse_combo(text)
    assert combo.modifiers == frozenset(mods)
    assert combo.key == key
    assert str(combo) == shown


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "empty"),
        ("Ctrl+Alt", "has no key"),
        ("Ctrl++O", 'single "+"'),
        ("Ctrl+Alt+O+P", "two keys"),
        ("Ctrl+Hyper+O", '"Hyper"'),
        ("Ctrl+Ctrl+O", "Ctrl twice"),
        ("O", "block normal typing"),
        ("Shift+O", "block normal typing"),
        ("Ctrl+F25", '"F25"'),
    ],
)
def test_garbage_combo_gives_clear_error(text, fragment):
    with pytest.raises(HotkeyError) as info:
        parse_combo(text)
    assert fragment in str(info.value)


def test_taken_message_names_the_combination_and_the_fix():
    msg = taken_message(parse_combo("ctrl+alt+o"))
    assert msg == "Ctrl+Alt+O is already taken by another program; choose another shortcut in Settings."


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ctrl+Alt+O", (MOD_CONTROL | MOD_ALT, ord("O"))),
        ("ctrl+shift+f1", (MOD_CONTROL | MOD_SHIFT, 0x70)),
        ("Super+F24", (MOD_WIN, 0x87)),
        ("Ctrl+Alt+5", (MOD_CONTROL | MOD_ALT, 0x35)),
        ("Print", (0, 0x2C)),
        ("Ctrl+Alt+Space", (MOD_CONTROL | MOD_ALT, 0x20)),
        ("Ctrl+Alt+PageDown", (MOD_CONTROL | MOD_ALT, 0x22)),
    ],
)
def test_windows_mapping(text, expected):
    assert combo_to_windows(text) == expected


def test_keysym_and_portal_trigger_names():
    assert keysym_name(parse_combo("Ctrl+Alt+O")) == "o"
    assert keysym_name(parse_combo("Ctrl+PageUp")) == "Prior"
    assert portal_trigger(parse_combo("win+ctrl+f1")) == "CTRL+LOGO+F1"


@pytest.mark.parametrize(
    "env, platform, kind",
    [
        ({}, "win32", "windows"),
        ({"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}, "linux", "wayland"),
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux", "wayland"),
        ({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, "linux", "x11"),
        ({"DISPLAY": ":1"}, "linux", "x11"),
        ({}, "linux", None),
    ],
)
def test_session_kind(env, platform, kind):
    assert session_kind(env, platform) == kind


def test_choose_backend_without_session_is_none(monkeypatch):
    from desktop_ocr.platform.hotkeys import choose_backend

    for var in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"):
        monkeypatch.delenv(var, raising=False)
    assert choose_backend() is None
