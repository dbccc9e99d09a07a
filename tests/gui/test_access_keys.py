"""Access keys (the underlined letter, Alt+letter in a menu bar, the letter in an open menu): in
English and in Chinese, no two entries of one menu share one, so a key press always reaches the
entry it names instead of only moving between the entries that share it."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from PySide6.QtWidgets import QMenu

from desktop_ocr.gui.translation import install_translators


def access_key(text: str) -> str | None:
    m = re.search(r"&([^&])", text.replace("&&", ""))
    return m.group(1).lower() if m else None


def clashes(texts: list[str]) -> dict[str, list[str]]:
    by_key = defaultdict(list)
    for t in texts:
        key = access_key(t)
        if key:
            by_key[key].append(t)
    return {k: v for k, v in by_key.items() if len(v) > 1}


def menus_of(win) -> dict[str, list[str]]:
    """Each menu's entries (the menu bar's too), submenus included."""
    out = {"<menu bar>": [a.text() for a in win.menuBar().actions()]}
    todo = [a.menu() for a in win.menuBar().actions() if a.menu()]
    while todo:
        menu: QMenu = todo.pop()
        out[menu.title()] = [a.text() for a in menu.actions() if not a.isSeparator()]
        todo += [a.menu() for a in menu.actions() if a.menu()]
    return out


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_two_entries_of_a_menu_share_an_access_key(qapp, qtbot, make_window, language):
    win = make_window(language=language)
    try:
        found = {title: c for title, texts in menus_of(win).items() if (c := clashes(texts))}
        assert not found, f"access keys used twice ({language}): {found}"
    finally:
        win.close()
        install_translators(qapp, "en")
