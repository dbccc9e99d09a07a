"""`desktop-ocr bench`: scheduling strategies side by side on one deterministic page set.

(i)   plain RapidOCR as shipped, page after page, with its default threads;
(ii)  our stages page after page on one worker;
(iii) producer-consumer: a fixed split of detect and recognise workers (each split, and the best);
(iv)  work-stealing on the QThreadPool runner the application uses.
For each: wall time, ideal (sum of single-threaded task times / workers), efficiency = ideal / wall,
and peak RSS while it ran. Then the interactive case (a screenshot submitted while a batch runs,
against the same screenshot alone) and RSS after repeated batches.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import queue
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from desktop_ocr.bench.fixtures import cjk_font_path
from desktop_ocr.core.images import PageSource

WORDS_EN = (
    "review the quarterly report before the meeting on Friday and send comments to the team "
    "invoice number total amount due customer support open settings export results"
).split()
WORDS_ZH = list("请在周五会议前审阅季度报告并将意见发送给团队发票编号应付总额客户支持打开设置导出结果")


def _font(size: int):
    from PIL import ImageFont

    path = cjk_font_path()
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def _sentence(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return " ".join(rng.choice(WORDS_EN) for _ in range(rng.randint(3, 8)))
    return "".join(rng.choice(WORDS_ZH) for _ in range(rng.randint(5, 14)))


def make_pages(n: int, seed: int = 7) -> list[np.ndarray]:
    """Frame-like pages (a few subtitle lines over a textured picture) and screenshot-like pages
    (1 to 20 lines on a flat background), alternating; BGR."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    pages = []
    for i in range(n):
        if i % 2 == 0:  # video frame: 960x540, textured background, 1-3 lines of white text
            w, h = 960, 540
            base = nprng.integers(0, 255, (h // 20, w // 20, 3), dtype=np.uint8)
            img = Image.fromarray(base).resize((w, h), Image.BILINEAR)
            d = ImageDraw.Draw(img)
            k = rng.randint(1, 3)
            font = _font(30)
            for j in range(k):
                y = h - 50 * (k - j) - 20
                d.text((80, y), _sentence(rng), font=font, fill="white", stroke_width=2, stroke_fill="black")
        else:  # screenshot: 1000x700 flat, 1-20 lines of dark text
            w, h = 1000, 700
            img = Image.new("RGB", (w, h), (245, 245, 245) if rng.random() < 0.7 else (30, 30, 36))
            fg = "black" if img.getpixel((0, 0))[0] > 128 else "white"
            d = ImageDraw.Draw(img)
            k = rng.randint(1, 20)
            font = _font(20)
            for j in range(k):
                d.text((30 + rng.randint(0, 40), 20 + j * 33), _sentence(rng), font=font, fill=fg)
        pages.append(np.ascontiguousarray(np.array(img)[:, :, ::-1]))
    return pages


def screenshot_page() -> np.ndarray:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (800, 300), "white")
    d = ImageDraw.Draw(img)
    font = _font(22)
    for j, t in enumerate(
        [
            "Quarterly report: revenue grew 12% to 4.2 million",
            "请在周五前把意见发给团队",
            "Open Settings > Export to save the results",
            "客户支持邮箱 support@example.com",
            "Invoice 2026-118 total due 1,250.00",
        ]
    ):
        d.text((20, 20 + j * 54), t, font=font, fill="black")
    return np.ascontiguousarray(np.array(img)[:, :, ::-1])


# -- measuring ------------------------------------------------------------------------------------
class RssSampler:
    """Peak resident memory while a block runs (sampled every 20 ms)."""

    def __init__(self):
        import psutil

        self.proc = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()

    def __enter__(self):
        self.peak = self.proc.memory_info().rss
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def _run(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self.proc.memory_info().rss)

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, self.proc.memory_info().rss)

    @property
    def peak_mb(self) -> float:
        return self.peak / 2**20


@dataclass
class Row:
    name: str
    wall_s: float
    peak_rss_mb: float
    ideal_s: float | None = None
    note: str = ""

    @property
    def efficiency(self) -> float | None:
        return None if self.ideal_s is None else self.ideal_s / self.wall_s


def _sources(pages: list[np.ndarray], prefix: str = "page") -> list[PageSource]:
    return [PageSource.from_array(p, name=f"{prefix}-{i:03d}") for i, p in enumerate(pages)]


def run_plain_rapidocr(pages) -> float:
    from rapidocr_onnxruntime import RapidOCR

    eng = RapidOCR()
    eng(pages[0])  # warm-up, as every strategy gets
    t0 = time.perf_counter()
    for p in pages:
        eng(p)
    return time.perf_counter() - t0


def run_serial(engine, pages) -> tuple[float, float]:
    """Our stages page after page on one worker; also the sum of single-threaded task times."""
    engine.ocr(pages[0])
    task_ms = 0.0
    t0 = time.perf_counter()
    for p in pages:
        r = engine.ocr(p)
        task_ms += r.timings_ms.get("detect", 0) + r.timings_ms.get("recognize", 0)
    return time.perf_counter() - t0, task_ms / 1000


def run_producer_consumer(engine, pages, n_det: int, n_rec: int) -> float:
    """Fixed split: n_det threads only detect, n_rec threads only recognise (whole pages)."""
    todo: queue.Queue = queue.Queue()
    detected: queue.Queue = queue.Queue(maxsize=max(2, n_rec * 2))
    for i, p in enumerate(pages):
        todo.put((i, p))
    done = threading.Event()
    remaining = [len(pages)]
    lock = threading.Lock()

    def det_worker():
        while True:
            try:
                i, p = todo.get_nowait()
            except queue.Empty:
                return
            detected.put((i, p, engine.detect(p)))

    def rec_worker():
        while not done.is_set():
            try:
                i, p, boxes = detected.get(timeout=0.05)
            except queue.Empty:
                continue
            lines = engine.recognize(p, boxes)
            engine.assemble(f"p{i}", None, p.shape, lines, {})
            with lock:
                remaining[0] -= 1
                if remaining[0] == 0:
                    done.set()

    threads = [threading.Thread(target=det_worker) for _ in range(n_det)]
    threads += [threading.Thread(target=rec_worker) for _ in range(n_rec)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    done.wait()
    wall = time.perf_counter() - t0
    for t in threads:
        t.join()
    return wall


def _qt_app():
    from PySide6.QtCore import QCoreApplication

    import desktop_ocr.gui  # noqa: F401  (Qt plugin path fix before Qt starts)

    return QCoreApplication.instance() or QCoreApplication(sys.argv[:1])


def _wait(app, cond: Callable[[], bool], timeout_s: float = 3600) -> None:
    """Run the Qt event loop until ``cond`` holds. The loop sleeps between events (a timer
    checks ``cond``); polling processEvents() instead would spin a core the workers need."""
    from PySide6.QtCore import QEventLoop, QTimer

    if cond():
        return
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout_s
    timer = QTimer()
    timer.setInterval(2)

    def check():
        if cond() or time.perf_counter() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if not cond():
        raise TimeoutError("benchmark job did not finish")


def run_work_stealing(runner, app, pages, prefix="ws") -> float:
    finished: list = []
    jid_box: list[int] = []

    def on_finished(ev):
        if jid_box and ev.job == jid_box[0]:
            finished.append(ev)

    runner.job_finished.connect(on_finished)
    try:
        t0 = time.perf_counter()
        jid_box.append(runner.submit(_sources(pages, prefix)))
        _wait(app, lambda: bool(finished))
        return time.perf_counter() - t0
    finally:
        runner.job_finished.disconnect(on_finished)


def interactive_latency(runner, app, pages, shot) -> dict:
    """One screenshot alone, then the same screenshot submitted while a batch runs."""

    def one(during_batch: bool) -> float:
        done: list = []
        batch_done: list = []
        ids: dict[str, int] = {}

        def on_done(job, index, result):
            if job == ids.get("shot"):
                done.append(time.perf_counter())

        def on_fin(ev):
            if ev.job == ids.get("batch"):
                batch_done.append(ev)

        runner.page_done.connect(on_done)
        runner.job_finished.connect(on_fin)
        try:
            if during_batch:
                ids["batch"] = runner.submit(_sources(pages, "batch"))
                t_end = time.perf_counter() + 2.0  # let the batch get going
                _wait(app, lambda: time.perf_counter() > t_end)
            t0 = time.perf_counter()
            ids["shot"] = runner.submit([PageSource.from_array(shot, "capture")], interactive=True)
            _wait(app, lambda: bool(done))
            latency = done[0] - t0
            if during_batch:
                runner.cancel(ids["batch"])
                _wait(app, lambda: bool(batch_done))
                _wait(app, lambda: _idle(runner))
            return latency
        finally:
            runner.page_done.disconnect(on_done)
            runner.job_finished.disconnect(on_fin)

    alone = [one(False) for _ in range(3)]
    during = [one(True) for _ in range(3)]
    a, d = statistics.median(alone), statistics.median(during)
    return {
        "alone_s": round(a, 3),
        "during_batch_s": round(d, 3),
        "ratio": round(d / a, 3),
        "alone_runs": [round(x, 3) for x in alone],
        "during_runs": [round(x, 3) for x in during],
    }


def _idle(runner) -> bool:
    with runner.core.cond:
        return not runner.core.policy.busy


def run_bench(args: argparse.Namespace) -> int:
    from desktop_ocr import settings
    from desktop_ocr.core.chinese_script import ScriptError
    from desktop_ocr.core.engine import build_engine
    from desktop_ocr.core.models import ModelSetError
    from desktop_ocr.gui.qt_runner import QtRunner

    conf = settings.from_args(args)

    only = set(filter(None, (args.only or "").split(",")))

    def want(name: str) -> bool:
        return not only or name in only

    workers = max(1, args.workers)
    pages = make_pages(args.pages)
    try:
        engine = build_engine(conf["model_dir"], conf["models"], conf["script"])
    except (ModelSetError, ScriptError) as exc:
        print(f"desktop-ocr: error: {exc}", file=sys.stderr)
        return 2
    out: dict = {"pages": len(pages), "workers": workers, "cpus": os.cpu_count(), "strategies": []}
    rows: list[Row] = []
    log = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))

    log(f"{len(pages)} pages, {workers} workers; single-threaded task times first ...")
    with RssSampler() as m:
        serial_wall, task_s = run_serial(engine, pages)
    ideal = task_s / workers
    if want("plain"):
        with RssSampler() as m2:
            rows.append(Row("plain RapidOCR (default threads)", run_plain_rapidocr(pages), m2.peak_mb))
        log(f"  plain RapidOCR: {rows[-1].wall_s:.2f} s")
    rows.append(Row("our stages, 1 worker, serial", serial_wall, m.peak_mb, ideal_s=task_s))
    log(f"  serial: {serial_wall:.2f} s (task sum {task_s:.2f} s)")
    if want("pc") and workers > 1:
        best = None
        for d in range(1, workers):
            with RssSampler() as m3:
                wall = run_producer_consumer(engine, pages, d, workers - d)
            row = Row(f"producer-consumer {d} det : {workers - d} rec", wall, m3.peak_mb, ideal_s=ideal)
            rows.append(row)
            log(f"  {row.name}: {wall:.2f} s")
            if best is None or wall < best.wall_s:
                best = row
        out["best_producer_consumer"] = best.name
    app = _qt_app()
    runner = QtRunner(engine, workers=workers)
    rss_rounds = []
    if want("ws"):
        with RssSampler() as m4:
            ws_wall = run_work_stealing(runner, app, pages)
        rows.append(
            Row(f"work-stealing, {workers} workers (QThreadPool)", ws_wall, m4.peak_mb, ideal_s=ideal)
        )
        log(f"  work-stealing: {ws_wall:.2f} s")
        import psutil

        proc = psutil.Process()
        for r in range(args.rounds):
            run_work_stealing(runner, app, pages, prefix=f"round{r}")
            gc.collect()
            settle = time.perf_counter() + 1.0  # the runner trims the heap 0.5 s after each job
            _wait(app, lambda settle=settle: time.perf_counter() > settle)
            rss_rounds.append(round(proc.memory_info().rss / 2**20, 1))
        log(f"  RSS after {args.rounds} more rounds: {rss_rounds} MB")
    if want("interactive"):
        out["interactive"] = interactive_latency(runner, app, pages, screenshot_page())
        log(f"  interactive: {out['interactive']}")
    runner.shutdown()

    out["ideal_s"] = round(ideal, 3)
    out["task_sum_s"] = round(task_s, 3)
    out["rss_after_rounds_mb"] = rss_rounds
    for r in rows:
        out["strategies"].append(
            {
                "name": r.name,
                "wall_s": round(r.wall_s, 3),
                "peak_rss_mb": round(r.peak_rss_mb, 1),
                "efficiency": None if r.efficiency is None else round(r.efficiency, 3),
            }
        )
    plain = next((r for r in rows if r.name.startswith("plain")), None)
    ws = next((r for r in rows if r.name.startswith("work-stealing")), None)
    pcs = [r for r in rows if r.name.startswith("producer")]
    if ws and plain:
        out["ws_vs_plain"] = round(ws.wall_s / plain.wall_s, 3)
    if ws and pcs:
        out["ws_vs_best_pc"] = round(ws.wall_s / min(r.wall_s for r in pcs), 3)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(
        f"\n{len(pages)} pages, {workers} workers, {os.cpu_count()} CPUs; "
        f"ideal = sum of single-threaded task times / workers = {task_s:.2f} s / {workers} = {ideal:.2f} s"
    )
    print(f"{'strategy':46} {'wall s':>8} {'efficiency':>10} {'peak RSS MB':>12}")
    for r in rows:
        eff = "" if r.efficiency is None else f"{r.efficiency:.3f}"
        print(f"{r.name:46} {r.wall_s:8.2f} {eff:>10} {r.peak_rss_mb:12.1f}")
    if "ws_vs_plain" in out:
        print(f"work-stealing / plain RapidOCR wall: {out['ws_vs_plain']:.3f}")
    if "ws_vs_best_pc" in out:
        print(
            f"work-stealing / best producer-consumer ({out['best_producer_consumer']}): {out['ws_vs_best_pc']:.3f}"
        )
    if rss_rounds:
        print(f"RSS after each of {len(rss_rounds)} repeated batches (MB): {rss_rounds}")
    if "interactive" in out:
        it = out["interactive"]
        print(
            f"interactive screenshot: alone {it['alone_s']:.3f} s, during a {len(pages)}-page batch "
            f"{it['during_batch_s']:.3f} s, ratio {it['ratio']:.2f}"
        )
    return 0
