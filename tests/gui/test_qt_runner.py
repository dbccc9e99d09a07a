"""The QThreadPool runner delivers the policy's events to the GUI thread, in order."""

from PySide6.QtCore import QThread

from desktop_ocr.gui.qt_runner import QtRunner
from tests.core.test_scheduler import FakeSource, FakeStages


def test_pages_arrive_in_order_on_the_gui_thread(qtbot):
    runner = QtRunner(FakeStages(det_s=0.003, rec_s=0.002), workers=2)
    got, threads = [], []
    runner.page_done.connect(
        lambda j, i, r: (got.append((i, r.path)), threads.append(QThread.currentThread()))
    )
    failed = []
    runner.page_failed.connect(lambda j, i, r: failed.append((i, r.error)))
    try:
        finished = []
        runner.job_finished.connect(finished.append)
        jid = runner.submit(
            [FakeSource(f"p{i}", n_boxes=i % 5) for i in range(20)] + [FakeSource("x", fail_load=True)]
        )
        qtbot.waitUntil(lambda: bool(finished), timeout=10000)
        assert finished[0].job == jid and finished[0].failed == 1
        assert [p for _, p in got] == [f"p{i}" for i in range(20)]
        assert failed and "cannot read" in failed[0][1]
        assert all(t is QThread.currentThread() for t in threads)
    finally:
        assert runner.shutdown(5000)


def test_cancel_finishes_the_job_and_frees_the_pool(qtbot):
    runner = QtRunner(FakeStages(det_s=0.05, rec_s=0.05), workers=2)
    try:
        finished = []
        runner.job_finished.connect(finished.append)
        jid = runner.submit([FakeSource(f"p{i}") for i in range(100)])
        qtbot.wait(150)
        runner.cancel(jid)
        qtbot.waitUntil(lambda: bool(finished), timeout=2000)
        assert finished[0].cancelled
    finally:
        assert runner.shutdown(2000)
