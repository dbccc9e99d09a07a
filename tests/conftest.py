"""Shared test set-up: widgets render offscreen unless a test brings its own X server."""

import os
import shutil
import subprocess
import sys

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


@pytest.fixture
def portal_bus(monkeypatch, tmp_path):
    """Yield a starter: start_mock(bind_code=0) -> control helpers; private bus in the env.
    Here because the platform and the tray tests both use it; jeepney is imported only then."""
    from tests.platform.portal_control import MOCK, MockControl, start_bus

    bus, address = start_bus()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    mocks = []

    def start_mock(bind_code: int = 0):
        env = dict(os.environ, MOCK_PORTAL_BIND_CODE=str(bind_code), MOCK_PORTAL_DIR=str(tmp_path))
        proc = subprocess.Popen([sys.executable, str(MOCK)], env=env, stdout=subprocess.PIPE, text=True)
        mocks.append(proc)
        assert proc.stdout.readline().strip() == "READY"
        return MockControl()

    yield start_mock
    for proc in mocks:
        proc.terminate()
        proc.wait(5)
    bus.terminate()
    bus.wait(5)
