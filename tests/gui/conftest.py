"""Widget tests share one QApplication: each test leaves no window or dialog behind for the next."""

import pytest


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
