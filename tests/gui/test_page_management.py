"""Daily use of the main window: undo of corrections, context menus on pages and lines, removing
pages, the same file opened twice, and the batch's progress in the status bar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop_ocr.core.session import SessionData
from desktop_ocr.gui.text_panel import SpansRole
from tests.helpers import DEJAVU, render_lines, save_png

LINES = ["Invoice 2024-0117 total 42.50", "Shipping to Berlin office"]
OTHER = ["Meeting notes for Monday", "Budget approved by Anna"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    # the two pages alone (the conftest's folder also holds a broken file): opening the folder
    # must add nothing new
    d = tmp_path_factory.mktemp("pages")
    save_png(render_lines(LINES, DEJAVU, width=600), d / "invoice.png")
    save_png(render_lines(OTHER, DEJAVU, width=600), d / "notes.png")
    return d


def wait_idle(qtbot, win, n: int, timeout: int = 60000) -> None:
    qtbot.waitUntil(lambda: len(win.model.entries) >= n and not win.busy, timeout=timeout)


def entry_named(win, name):
    return next(e for e in win.model.entries if e.label == name)


def set_keywords(qtbot, win, text: str) -> None:
    with qtbot.waitSignal(win.keyword_hits.applied, timeout=5000):
        win.keywords.editor.setPlainText(text)
        win.keywords.flush()


def berlin_line(e) -> int:
    return next(i for i, ln in enumerate(e.result.lines) if "Berlin" in ln.text)


def test_undo_and_redo_of_a_correction_bring_back_text_edited_mark_and_hits(qtbot, make_window, pages):
    win = make_window(files=[pages / "invoice.png"])
    wait_idle(qtbot, win, 1)
    set_keywords(qtbot, win, "Berlin")
    inv = entry_named(win, "invoice.png")
    qtbot.waitUntil(lambda: len(inv.hits) == 1, timeout=5000)
    i = berlin_line(inv)
    before = inv.result.lines[i].text
    assert not win.act_undo.isEnabled() and not win.act_redo.isEnabled()  # nothing to undo yet

    win.edit_line(i, "Shipping to Munich office")
    qtbot.waitUntil(lambda: inv.hits == [], timeout=5000)
    assert inv.result.lines[i].edited
    assert win.act_undo.isEnabled() and str(i + 1) in win.act_undo.text()

    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(win, Qt.Key.Key_Z, ctrl)  # undo: the read text, not marked as corrected, its hit back
    assert inv.result.lines[i].text == before and not inv.result.lines[i].edited
    assert win.text_panel.item(i).text() == before and not win.text_panel.item(i).font().italic()
    qtbot.waitUntil(lambda: len(inv.hits) == 1, timeout=5000)
    hit = inv.hits[0]
    assert before[hit.start : hit.end] == "Berlin"
    qtbot.waitUntil(lambda: bool(win.text_panel.item(i).data(SpansRole)), timeout=5000)
    assert win.act_redo.isEnabled() and not win.act_undo.isEnabled()

    qtbot.keyClick(win, Qt.Key.Key_Z, ctrl | shift)  # redo
    assert inv.result.lines[i].text == "Shipping to Munich office" and inv.result.lines[i].edited
    qtbot.waitUntil(lambda: inv.hits == [], timeout=5000)
    assert win.text_panel.item(i).font().italic()

    qtbot.keyClick(win, Qt.Key.Key_Z, ctrl)
    qtbot.keyClick(win, Qt.Key.Key_Y, ctrl)  # Ctrl+Y redoes too
    assert inv.result.lines[i].text == "Shipping to Munich office"
    # the session keeps the corrected line
    win.session.flush()
    saved = SessionData.from_json(win.session.files.current.read_text(encoding="utf-8"))
    assert saved.edited == 1
    qtbot.keyClick(win, Qt.Key.Key_Z, ctrl)
    win.session.flush()
    saved = SessionData.from_json(win.session.files.current.read_text(encoding="utf-8"))
    assert saved.edited == 0


def test_removing_pages_drops_them_from_list_hits_and_session_and_delete_removes_the_selection(
    qtbot, make_window, pages, tmp_path
):
    asked = []
    win = make_window(
        files=[pages / "invoice.png", pages / "notes.png"], ask=lambda *a: asked.append(a) or True
    )
    wait_idle(qtbot, win, 2)
    set_keywords(qtbot, win, "Berlin\nAnna")
    inv, notes = entry_named(win, "invoice.png"), entry_named(win, "notes.png")
    qtbot.waitUntil(lambda: len(inv.hits) == 1 and len(notes.hits) == 1, timeout=5000)
    assert win.keywords.tree.topLevelItemCount() == 2
    win.select_page(inv.key)

    # the page menu: every action has something to act on
    menu = win.page_actions.page_menu_for([inv.key])
    texts = [a.text() for a in menu.actions()]
    assert texts == ["&Remove from the list", "Read &again", "Show in &folder", "&Copy text"]
    assert all(a.isEnabled() for a in menu.actions())
    # show in folder asks the desktop for the page's folder
    urls = []
    win.page_actions.open_url = urls.append
    next(a for a in menu.actions() if a.text() == "Show in &folder").trigger()
    assert [u.toLocalFile() for u in urls] == [str(pages)]
    # copy text puts the page's text on the clipboard
    next(a for a in menu.actions() if a.text() == "&Copy text").trigger()
    assert "Berlin" in QGuiApplication.clipboard().text()

    # remove: gone from the list, the hit list and the session; the next page is shown
    win.edit_line(berlin_line(inv), "Shipping to Berlin offices")
    next(a for a in menu.actions() if a.text() == "&Remove from the list").trigger()
    assert asked and "corrected" in asked[0][1]  # a corrected page is removed only after a question
    assert [e.label for e in win.model.entries] == ["notes.png"]
    assert win.current_entry() is notes
    assert win.keywords.tree.topLevelItemCount() == 1
    qtbot.waitUntil(lambda: win.counts_label.text() == "Pages: 1 · hits: 1", timeout=2000)
    win.session.flush()
    saved = SessionData.from_json(win.session.files.current.read_text(encoding="utf-8"))
    assert [p.path for p in saved.pages] == [str(pages / "notes.png")]

    # Delete in the page list removes the selected pages
    win.page_list.setFocus()
    win.page_list.selectAll()
    qtbot.keyClick(win.page_list, Qt.Key.Key_Delete)
    assert win.model.entries == [] and win.current_entry() is None
    assert win.text_panel.count() == 0


def test_add_as_keyword_from_a_line_finds_it_on_every_page(qtbot, make_window, pages, tmp_path):
    win = make_window(files=[pages / "invoice.png", pages / "notes.png"])
    wait_idle(qtbot, win, 2)
    inv = entry_named(win, "invoice.png")
    win.select_page(inv.key)
    i = berlin_line(inv)
    win.select_line(i)
    menu = win.page_actions.line_menu_for([i])
    assert [a.text() for a in menu.actions()] == ["&Copy", "C&orrect…", "Add as &keyword"]
    with qtbot.waitSignal(win.keyword_hits.applied, timeout=5000):
        next(a for a in menu.actions() if a.text() == "Add as &keyword").trigger()
    line = inv.result.lines[i].text
    assert win.keywords.text().splitlines() == [line]
    assert win.ctx.keywords.text() == line  # the app's one list
    qtbot.waitUntil(lambda: len(inv.hits) == 1, timeout=5000)
    assert (inv.hits[0].start, inv.hits[0].end) == (0, len(line))
    assert bool(win.text_panel.item(i).data(SpansRole))


def test_the_same_file_opened_twice_is_not_added_twice_and_reading_it_again_is_offered(
    qtbot, make_window, pages
):
    answers = []  # the user's answers, in order; each question is recorded
    asked = []

    def ask(title, text, default):
        asked.append(text)
        return answers.pop(0)

    win = make_window(files=[pages / "invoice.png", pages / "notes.png"], ask=ask)
    wait_idle(qtbot, win, 2)
    inv, notes = entry_named(win, "invoice.png"), entry_named(win, "notes.png")
    win.select_page(notes.key)
    win.edit_line(0, "Meeting notes for Tuesday")

    # opened again (a second start hands it over): shown, not added; "No" keeps the page as it is
    answers.append(False)
    win.open_paths([pages / "invoice.png"])
    assert win.current_entry() is inv  # the page handed over is the current page
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=2000)
    assert "invoice.png" in asked[0] and "again" in asked[0]
    assert [e.label for e in win.model.entries] == ["invoice.png", "notes.png"] and not win.busy

    # a folder holding both: nothing added twice, no question for the folder's pages
    win.open_paths([pages])
    qtbot.waitUntil(lambda: not win.busy, timeout=10000)
    assert [e.label for e in win.model.entries] == ["invoice.png", "notes.png"]

    # "Yes" reads it again; its correction goes only after a second question
    answers += [True, True]
    win.open_paths([pages / "notes.png"])
    assert win.current_entry() is notes
    qtbot.waitUntil(lambda: len(asked) == 3, timeout=2000)
    assert "corrected" in asked[2]
    wait_idle(qtbot, win, 2)
    assert notes.state == "done" and not any(ln.edited for ln in notes.result.lines)
    assert "Monday" in notes.result.text
    assert len(win.model.entries) == 2


def test_a_file_handed_to_the_window_becomes_the_current_page(qtbot, make_window, pages):
    win = make_window(files=[pages / "invoice.png"])
    wait_idle(qtbot, win, 1)
    assert win.current_entry().label == "invoice.png"
    win.open_paths([pages / "notes.png"])  # a second start, a drop
    wait_idle(qtbot, win, 2)
    assert win.current_entry().label == "notes.png"
    assert "notes.png" in win.windowTitle()


def test_the_status_bar_shows_pages_done_of_total_rate_time_left_and_the_file(
    qtbot, make_window, pages, tmp_path
):
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(3):
        save_png(render_lines([f"Page {i + 1} of the batch"], DEJAVU, width=500), folder / f"b{i + 1}.png")
    win = make_window()
    shown = []  # (progress bar, status text) each time the batch's status changed, in order
    label = win.progress_label
    label.setText = lambda text, f=label.setText: (shown.append((win.progress.text(), text)), f(text))
    win.open_paths([folder])
    qtbot.waitUntil(lambda: label.isVisible(), timeout=5000)
    wait_idle(qtbot, win, 3)
    assert not label.isVisible() and not win.progress.isVisible()
    bars = [bar for bar, _text in shown]
    assert "0 / 3 pages" in bars and "2 / 3 pages" in bars
    later = [text for bar, text in shown if bar in ("1 / 3 pages", "2 / 3 pages")]
    assert later and all("pages/min" in t and " left" in t for t in later), shown
    left = later[-1].split(" · ")[1].removesuffix(" left")
    assert len(left) == 5 and left[2] == ":"  # mm:ss
    assert any(t.split(" · ")[-1] in {"b1.png", "b2.png", "b3.png"} for _bar, t in shown)


def test_removing_pages_still_waiting_drops_their_reading(qtbot, make_window, tmp_path):
    from desktop_ocr.core.scheduler import SKIPPED_MESSAGE

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(8):
        save_png(render_lines([f"Page {i + 1} waits"], DEJAVU, width=400), folder / f"w{i + 1}.png")
    win = make_window()
    skipped = []
    win.runner.page_failed.connect(lambda _job, _i, result: skipped.append(result.error))
    win.open_paths([folder])
    qtbot.waitUntil(lambda: len(win.model.entries) == 8, timeout=10000)
    last = win.model.entries[-2:]
    assert [e.state for e in last] == ["queued", "queued"]  # six pages are read before them
    assert win.page_actions.remove_pages([e.key for e in last]) == 2
    wait_idle(qtbot, win, 6)
    assert skipped == [SKIPPED_MESSAGE, SKIPPED_MESSAGE]  # never read
    assert [e.label for e in win.model.entries] == [f"w{i + 1}.png" for i in range(6)]
    assert all(e.state == "done" for e in win.model.entries) and not win.errors
