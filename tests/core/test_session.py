"""The session on disk: what a crash leaves is found again, and corrections survive."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from desktop_ocr.core.images import LoadError
from desktop_ocr.core.results import Line, PageResult
from desktop_ocr.core.session import SessionData, SessionFiles, SessionPage, encode_session, page_source


def _record(text="hello", edited=True):
    r = PageResult("/x/a.png", None, 100, 40, lines=[Line("helo", [[0, 0], [50, 0], [50, 20], [0, 20]], 0.9)])
    if edited:
        r.set_line_text(0, text)
    return SessionPage("/x/a.png", None, "done", r.to_dict()).to_dict()


def test_the_last_runs_session_is_taken_once_and_kept_as_previous(tmp_path):
    files = SessionFiles(tmp_path)
    files.write(encode_session([_record(), SessionPage("/x/b.pdf", 2).to_dict()], "berlin"))
    again = SessionFiles(tmp_path)
    data = again.take_previous()
    assert data is not None and not data.clean and data.keywords == "berlin"
    assert [p.path for p in data.pages] == ["/x/a.png", "/x/b.pdf"] and data.pages[1].page == 2
    res = data.pages[0].page_result()
    assert res.lines[0].text == "hello" and res.lines[0].edited and data.edited == 1 and data.done == 1
    assert not files.current.exists() and files.previous.exists()
    # not yet restored or declined: offered again at the next start
    assert SessionFiles(tmp_path).take_previous().edited == 1
    again.settle_previous()  # the user answered
    assert SessionFiles(tmp_path).take_previous() is None  # nothing new was written
    assert again.load_previous().keywords == "berlin"  # still there for the File menu


def test_crashes_while_the_restore_question_is_open_lose_nothing(tmp_path):
    files = SessionFiles(tmp_path)
    files.write(encode_session([_record("first edit")], "berlin"))  # run 1 crashes after an edit
    # run 2 takes it, writes an empty session while the question is open, and crashes
    run2 = SessionFiles(tmp_path)
    assert run2.take_previous().edited == 1
    run2.write(encode_session([], ""))
    # run 3: the edit is still offered
    run3 = SessionFiles(tmp_path)
    data = run3.take_previous()
    assert data is not None and data.pending and data.pages[0].page_result().lines[0].text == "first edit"
    # run 3 opened a file of its own and added a keyword before crashing, still unanswered
    run3.write(encode_session([SessionPage("/x/new.png", None).to_dict()], "berlin\nlisbon"))
    data = SessionFiles(tmp_path).take_previous()  # run 4
    assert [p.path for p in data.pages] == ["/x/a.png", "/x/new.png"]
    assert data.keywords.splitlines() == ["berlin", "lisbon"] and data.edited == 1
    # a crash between writing the merged file and removing the run's file merges nothing twice
    SessionFiles(tmp_path).write(encode_session([SessionPage("/x/new.png", None).to_dict()], "lisbon"))
    data = SessionFiles(tmp_path).take_previous()
    assert [p.path for p in data.pages] == ["/x/a.png", "/x/new.png"]
    # declined, then a crash with an empty window: still there for the File menu
    run5 = SessionFiles(tmp_path)
    run5.settle_previous()
    run5.write(encode_session([], ""))
    assert SessionFiles(tmp_path).take_previous() is None
    assert len(run5.load_previous().pages) == 2
    # the next crashed run with work of its own replaces it, as before
    run5.write(encode_session([_record("later")], ""))
    data = SessionFiles(tmp_path).take_previous()
    assert data.pages[0].page_result().lines[0].text == "later" and len(data.pages) == 1


def test_a_clean_close_is_recorded(tmp_path):
    files = SessionFiles(tmp_path)
    files.write(encode_session([_record()], "", clean=True))
    assert files.take_previous().clean


def test_a_damaged_session_file_is_set_aside_not_fatal(tmp_path):
    files = SessionFiles(tmp_path)
    files.current.write_text('{"version": 1, "pages": [', encoding="utf-8")
    assert files.take_previous() is None
    assert (files.folder / "previous-session.bad").exists() or (files.folder / "session.bad").exists()


def test_round_trip_keeps_every_field():
    d = SessionData([SessionPage("c", None, "queued", None, "img.png")], "kw", clean=False)
    back = SessionData.from_json(d.to_json())
    assert back.pages[0].image_file == "img.png" and back.keywords == "kw"
    assert json.loads(d.to_json())["version"] == 1


def test_saved_images_are_kept_while_a_session_refers_to_them(tmp_path):
    files = SessionFiles(tmp_path)
    files.save_image("keep.png", b"x")
    files.save_image("old.png", b"y")
    files.write(encode_session([SessionPage("Clipboard 1", None, "done", None, "keep.png").to_dict()], ""))
    SessionFiles(tmp_path).take_previous()
    assert sorted(p.name for p in files.images.iterdir()) == ["keep.png"]


def test_page_source_finds_pages_again(tmp_path):
    arr = np.zeros((20, 30, 3), np.uint8)
    arr[:, :, 2] = 255
    Image.fromarray(arr[:, :, ::-1]).save(tmp_path / "red.png")
    src = page_source(str(tmp_path / "red.png"), None)
    assert src.load().shape == (20, 30, 3) and src.load()[0, 0].tolist() == [0, 0, 255]
    pasted = page_source("Clipboard 1", None, tmp_path / "red.png")
    assert pasted.path == "Clipboard 1" and pasted.load().shape == (20, 30, 3)
    frames = [Image.new("RGB", (10, 10), c) for c in ("white", "black")]
    frames[0].save(tmp_path / "two.tif", save_all=True, append_images=frames[1:])
    assert page_source(str(tmp_path / "two.tif"), 2).load().max() == 0
    with pytest.raises(LoadError):
        page_source(str(tmp_path / "gone.png"), None).load()


def test_a_damaged_page_result_is_read_again_and_the_others_are_kept(tmp_path):
    files = SessionFiles(tmp_path)
    bad = _record()
    bad["result"]["lines"][0]["alternates"] = [[0, "x"]]  # a runner-up reading cut short
    good = _record(text="kept")
    good["path"] = good["result"]["path"] = "/x/b.png"
    files.write(encode_session([bad, good], ""))
    data = SessionFiles(tmp_path).take_previous()
    assert data is not None and [p.path for p in data.pages] == ["/x/a.png", "/x/b.png"]
    assert data.pages[0].page_result() is None
    assert data.pages[1].page_result().lines[0].text == "kept"
