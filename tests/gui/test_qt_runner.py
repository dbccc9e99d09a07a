"""The QThreadPool runner delivers the policy's events to the GUI thread, in order."""

from PySide6.QtCore import QThread

from desktop_ocr.gui.qt_runner import QtRunner
from tests.core.fakes import FakeSource, FakeStages


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


def test_each_job_handle_hears_only_its_own_job(qtbot):
    runner = QtRunner(FakeStages(det_s=0.002, rec_s=0.001), workers=2)
    try:
        a = runner.submit([FakeSource(f"a{i}") for i in range(6)])
        b = runner.submit([FakeSource(f"b{i}") for i in range(3)] + [FakeSource("bx", fail_load=True)])
        heard = {"a": [], "b": []}
        for name, h in (("a", a), ("b", b)):
            h.page_done.connect(lambda i, r, n=name: heard[n].append(("done", i, r.path)))
            h.page_failed.connect(lambda i, r, n=name: heard[n].append(("failed", i, r.path)))
            h.progress.connect(lambda done, total, n=name: heard[n].append(("progress", done, total)))
            h.finished.connect(lambda ev, n=name: heard[n].append(("finished", ev.job)))
        qtbot.waitUntil(lambda: a.done and b.done, timeout=10000)
        pages = {n: [e[2] for e in heard[n] if e[0] in ("done", "failed")] for n in heard}
        assert pages == {"a": [f"a{i}" for i in range(6)], "b": ["b0", "b1", "b2", "bx"]}
        assert [e for e in heard["b"] if e[0] == "failed"] == [("failed", 3, "bx")]
        assert heard["a"][-1] == ("finished", a.id) and heard["b"][-1] == ("finished", b.id)
        assert ("progress", 6, 6) in heard["a"]
        assert runner.handle(a.id) is None  # the runner lets go of a finished job
    finally:
        assert runner.shutdown(5000)


def test_an_open_ended_job_is_extended_sealed_and_cancelled_through_its_handle(qtbot):
    runner = QtRunner(FakeStages(det_s=0.03, rec_s=0.03), workers=2)
    try:
        h = runner.submit([], open_ended=True)
        done, finished = [], []
        h.page_done.connect(lambda i, r: done.append(r.path))
        h.finished.connect(finished.append)
        h.extend([FakeSource("p0"), FakeSource("p1")])
        qtbot.waitUntil(lambda: len(done) == 2, timeout=5000)
        assert not finished  # open-ended: more pages may come
        h.extend([FakeSource(f"q{i}") for i in range(50)])
        h.seal()
        h.cancel()
        qtbot.waitUntil(lambda: bool(finished), timeout=5000)
        assert finished[0].cancelled and h.done and len(done) < 52
    finally:
        assert runner.shutdown(5000)
