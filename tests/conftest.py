"""Shared test set-up: widgets render offscreen unless a test brings its own X server."""

import os
import shutil

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import desktop_ocr.gui  # noqa: E402,F401  (undoes opencv's Qt plugin path before Qt starts)
from desktop_ocr.bench.fixtures import cjk_font_path  # noqa: E402


@pytest.fixture(scope="session")
def cjk_font() -> str:
    path = cjk_font_path()
    if path is None:
        pytest.fail("no CJK font installed (the test runner installs fonts-noto-cjk)")
    return path


@pytest.fixture(scope="session")
def engine():
    from desktop_ocr.core.engine import shared_engine

    return shared_engine()


def have_x_tools() -> bool:
    return all(shutil.which(t) for t in ("Xvfb", "xdotool", "xclip"))


def pytest_collection_modifyitems(config, items):
    """On CI the real-window tests must run, not skip: their tools are installed by the runner."""
    if os.environ.get("CI") and not have_x_tools() and any("realwindow" in i.keywords for i in items):
        raise pytest.UsageError(
            "CI: Xvfb, xdotool and xclip are missing; installer/run-tests.sh installs them"
        )
