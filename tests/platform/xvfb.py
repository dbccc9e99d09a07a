"""A private Xvfb for a test (skipped without Xvfb); the start-up is shared with the benchmarks."""

from __future__ import annotations

import shutil
from contextlib import contextmanager

import pytest

from desktop_ocr.bench import fixtures
from desktop_ocr.bench.fixtures import stop_process

__all__ = ["stop_process", "xvfb"]


@contextmanager
def xvfb(size: str = "1280x800x24"):
    if shutil.which("Xvfb") is None:
        pytest.skip("needs Xvfb")
    with fixtures.xvfb(size) as display:
        yield display
