"""Widget tests share one QApplication: each test leaves no window or dialog behind for the next.

The app under test is built by the composition root (``gui.composition``), as a start builds it.
"""

from pathlib import Path

import pytest

from desktop_ocr.gui.composition import GuiOptions, build_context
from tests.gui.fakes import LINES, OTHER
from tests.helpers import DEJAVU, render_lines, save_png


@pytest.fixture(autouse=True)
def _close_leftover_windows(qapp):
    yield
    from PySide6.QtWidgets import QApplication

    for _ in range(5):  # a closed dialog may reveal another modal one under it
        modal = QApplication.activeModalWidget()
        if modal is None:
            break
        modal.close()
    for w in QApplication.topLevelWidgets():
        if w.isVisible():
            w.close()
    QApplication.processEvents()


@pytest.fixture(scope="module")
def runner(engine, qapp):
    """One runner for a module's capture and tray tests (each job reports to its own handle)."""
    from desktop_ocr.gui.qt_runner import QtRunner

    r = QtRunner(engine, workers=2, parent=qapp)
    yield r
    r.shutdown(5000)


@pytest.fixture
def make_context(qapp, engine, tmp_path):
    """``make_context(config=None, ask=None, **overrides)``: the app's parts from the composition
    root, with the tests' shared engine; ``ask`` answers the window's Yes/No questions."""
    made = []

    def make(config: Path | None = None, ask=None, files=(), **overrides):
        options = GuiOptions(
            files=[str(f) for f in files],
            config_dir=str(config or tmp_path / "cfg"),
            overrides=overrides,
        )
        ctx = build_context(options, qapp, engine=engine, workers=2)
        ctx.ask = ask
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        if ctx.main_window is not None:
            ctx.main_window.shutdown()
            ctx.main_window.close()
        if ctx.video_review is not None:
            ctx.video_review.shutdown()
        assert ctx.runner.shutdown(10000)


@pytest.fixture
def make_window(make_context):
    """``make_window(config=None, files=(), ask=None, **overrides)``: the main window of a new app."""

    def make(config: Path | None = None, files=(), ask=None, **overrides):
        ctx = make_context(config=config, ask=ask, **overrides)
        win = ctx.show_main_window()
        if files:
            win.open_paths([str(f) for f in files])
        return win

    return make


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """A folder with two rendered pages (``LINES`` in invoice.png, ``OTHER`` in notes.png) and a
    file that is not a PNG."""
    d = tmp_path_factory.mktemp("pages")
    save_png(render_lines(LINES, DEJAVU, width=600), d / "invoice.png")
    save_png(render_lines(OTHER, DEJAVU, width=600), d / "notes.png")
    (d / "broken.png").write_bytes(b"this is not a PNG file")
    return d
