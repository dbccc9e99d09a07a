"""Removing pages with Delete, and actions with nothing to act on disabled (real models, small pages)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from tests.helpers import DEJAVU, render_lines, save_png

TEXTS = {
    "first.png": ["First page about invoices"],
    "second.png": ["Second page about shipping"],
    "third.png": ["Third page about payments"],
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    d = tmp_path_factory.mktemp("pages")
    for name, lines in TEXTS.items():
        save_png(render_lines(lines, DEJAVU, width=520), d / name)
    return [d / name for name in TEXTS]


def wait_read(qtbot, win, n: int) -> None:
    qtbot.waitUntil(lambda: len(win.model.entries) >= n and not win.busy, timeout=30000)


def labels(win) -> list[str]:
    return [e.label for e in win.model.entries]


def select_rows(win, rows: list[int]) -> None:
    sel = win.page_list.selectionModel()
    sel.clearSelection()
    for r in rows:
        sel.select(win.model.index(r), QItemSelectionModel.SelectionFlag.Select)


def page_actions(win):
    return {
        "export page": win.act_export_page,
        "export all": win.act_export_all,
        "annotated": win.act_annotated,
        "copy lines": win.act_copy,
        "copy page": win.act_copy_page,
        "correct": win.act_edit,
        "close all": win.act_clear,
        "remove": win.page_actions.act_remove,
        "cancel": win.act_cancel,
    }


def test_actions_with_nothing_to_act_on_are_disabled_until_a_page_is_read(qtbot, make_window, pages):
    win = make_window()
    assert not any(a.isEnabled() for a in page_actions(win).values())
    for a in (win.act_open, win.act_paste, win.app_actions.capture, win.app_actions.settings):
        assert a.isEnabled()
    win.open_paths([pages[0]])
    wait_read(qtbot, win, 1)
    qtbot.waitUntil(lambda: win.current_entry() is not None)
    enabled = {name: a.isEnabled() for name, a in page_actions(win).items()}
    assert enabled == {name: name != "cancel" for name in enabled}  # idle: nothing to cancel


def test_delete_in_the_page_list_removes_the_selected_pages(qtbot, make_window, pages):
    win = make_window(files=pages)
    wait_read(qtbot, win, 3)
    win.select_page(win.model.entries[0].key)
    select_rows(win, [0, 1])
    win.activateWindow()
    win.page_list.setFocus()
    qtbot.waitUntil(win.page_list.hasFocus)
    qtbot.keyClick(win.page_list, Qt.Key.Key_Delete)
    assert labels(win) == ["third.png"]
    assert win.current_entry().label == "third.png"  # the page that took the removed one's place
    assert "payments" in "\n".join(win.text_panel.item(i).text() for i in range(win.text_panel.count()))
    qtbot.waitUntil(lambda: win.counts_label.text() == "Pages: 1")
    # Delete in the keyword box deletes text, not pages
    win.keywords.editor.setPlainText("xyz")
    win.keywords.editor.setFocus()
    qtbot.waitUntil(win.keywords.editor.hasFocus)
    qtbot.keyClick(win.keywords.editor, Qt.Key.Key_Home)
    qtbot.keyClick(win.keywords.editor, Qt.Key.Key_Delete)
    assert win.keywords.editor.toPlainText() == "yz" and labels(win) == ["third.png"]
    # the last page removed: an empty window whose page actions are off again
    win.page_actions.act_remove.trigger()
    assert labels(win) == [] and win.current_entry() is None
    assert not win.act_export_all.isEnabled() and not win.page_actions.act_remove.isEnabled()


def test_removing_a_corrected_page_asks_first(qtbot, make_window, pages):
    answers = []

    def ask(title, text, default):
        answers.append((title, text))
        return len(answers) > 1  # "No" the first time, "Yes" the second

    win = make_window(files=pages[:2], ask=ask)
    wait_read(qtbot, win, 2)
    win.select_page(win.model.entries[0].key)
    win.edit_line(0, "First page about invoices, corrected")
    assert win.remove_pages([win.model.entries[0].key]) == 0
    assert labels(win) == ["first.png", "second.png"]
    assert answers[0][0] == "Remove corrected pages?"
    assert win.remove_pages([win.model.entries[0].key]) == 1
    assert labels(win) == ["second.png"] and len(answers) == 2
    assert win.remove_pages([win.model.entries[0].key]) == 1  # no correction: no question
    assert len(answers) == 2
