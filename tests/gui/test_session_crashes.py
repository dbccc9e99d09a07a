"""Crashes at the worst moment lose nothing: during the restore question, and after a start from
another folder (the session keeps absolute paths)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.gui.fakes import CRASH_SCRIPT, REPO

# A second run: it opens a file given relative to its folder (as `desktop-ocr notes.png` does),
# is asked whether to restore the first run's session and crashes before the answer.
CRASH_DURING_QUESTION = textwrap.dedent(
    """
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, {repo!r})
    import desktop_ocr.gui
    from PySide6.QtWidgets import QApplication
    from desktop_ocr.gui.composition import GuiOptions, build_context

    def ask(title, text, default):
        print("asked", text.replace("\\n", " "), flush=True)
        t0 = time.time()
        while (win.busy or not win.model.entries) and time.time() - t0 < 60:
            app.processEvents(); time.sleep(0.01)
        win.session.flush()  # this run's own page is on disk, the question still open
        os._exit(3)

    app = QApplication([])
    ctx = build_context(GuiOptions(config_dir={cfg!r}), app, workers=2)
    ctx.ask = ask
    win = ctx.show_main_window()
    win.open_paths(["notes.png"])
    app.exec()
    """
)


def _run(script: str, cwd=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM_PLUGIN_PATH"}
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=180, env=env, cwd=cwd
    )


def test_a_crash_during_the_restore_question_keeps_every_edit(qtbot, make_window, pages, tmp_path):
    cfg = tmp_path / "cfg2"
    first = _run(CRASH_SCRIPT.format(repo=str(REPO), cfg=str(cfg), img=str(pages / "invoice.png")))
    assert first.returncode == 3 and "edited" in first.stdout, first.stderr[-2000:]
    second = _run(CRASH_DURING_QUESTION.format(repo=str(REPO), cfg=str(cfg)), cwd=str(pages))
    assert second.returncode == 3, second.stderr[-2000:]
    assert "Restore its 1 pages and 1 corrected lines?" in second.stdout, second.stdout
    assert os.getcwd() != str(pages)

    asked = []
    win = make_window(config=cfg, ask=lambda title, text, default: asked.append(text) or True)
    qtbot.waitUntil(lambda: bool(asked) and len(win.model.entries) == 2, timeout=10000)
    # the first run's correction is offered again, with the page the second run opened
    assert "1 corrected lines" in asked[0]
    invoice, notes = win.model.entries
    assert invoice.result.lines[1].text == "Shipping to Lisbon office" and invoice.result.lines[1].edited
    assert win.keywords.text() == "berlin"
    # the page opened as a relative name is found from this other folder
    assert notes.path == str(pages / "notes.png") and notes.state == "done"
    win.select_page(notes.key)
    qtbot.waitUntil(lambda: win.view.has_pixmap, timeout=5000)
    # answered: a crash now offers this run's session (which holds both pages), not the old one
    win2_files = win.session.files
    assert not win2_files.load_previous().pending
