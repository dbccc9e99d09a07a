"""`desktop-ocr bench --memory`: the three memory figures, each in a fresh process.

* peak RSS of one worker on one 2000x2536 page (a dense document page);
* RSS after a batch of pages, once the runner has given memory back;
* RSS growth over 600 small pages (after the first 50, which warm the allocators up).

Each figure is measured in its own child process (``python -m desktop_ocr.bench.memory STEP``), so
the peak of one cannot hide in the next, and the model load is counted the same way in each.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import time

import numpy as np

STEPS = ("peak", "batch", "growth")
PAGE_SIZE = (2000, 2536)  # width, height: an A4 page scanned at about 240 dpi


def dense_page(width: int = PAGE_SIZE[0], height: int = PAGE_SIZE[1], seed: int = 3) -> np.ndarray:
    """A full document page: 60 lines of mixed English and Chinese text (BGR)."""
    from PIL import Image, ImageDraw

    from desktop_ocr.bench.scheduling import _font, _sentence

    rng = random.Random(seed)
    img = Image.new("RGB", (width, height), "white")
    d = ImageDraw.Draw(img)
    font = _font(30)
    for j in range(60):
        d.text((120, 100 + j * 38), " ".join(_sentence(rng) for _ in range(3)), font=font, fill="black")
    return np.ascontiguousarray(np.array(img)[:, :, ::-1])


def small_pages(n: int, seed: int = 11) -> list[np.ndarray]:
    """``n`` small screenshots (400x120, two lines each) that differ from each other."""
    from PIL import Image, ImageDraw

    from desktop_ocr.bench.scheduling import _font, _sentence

    rng = random.Random(seed)
    font = _font(20)
    out = []
    for _ in range(n):
        img = Image.new("RGB", (400 + rng.randint(0, 60), 120), "white")
        d = ImageDraw.Draw(img)
        d.text((10, 15), _sentence(rng), font=font, fill="black")
        d.text((10, 65), _sentence(rng), font=font, fill="black")
        out.append(np.ascontiguousarray(np.array(img)[:, :, ::-1]))
    return out


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _peak_mb() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def _run(engine, pages: list[np.ndarray], workers: int) -> None:
    from desktop_ocr.core.images import PageSource
    from desktop_ocr.core.runner import ThreadRunner
    from desktop_ocr.core.scheduler import JobFinished

    sources = [PageSource.from_array(p, f"page-{i:04d}") for i, p in enumerate(pages)]
    with ThreadRunner(engine, workers=workers) as runner:
        jid = runner.submit(sources)
        for ev in runner.iter_events({jid}):
            if isinstance(ev, JobFinished):
                break


def measure(step: str, workers: int = 1, pages: int = 600) -> dict:
    """One figure, in this process (call it in a fresh one)."""
    from desktop_ocr.core.engine import OcrEngine
    from desktop_ocr.core.memory import trim_heap

    engine = OcrEngine()
    loaded = _rss_mb()
    if step == "peak":
        page = dense_page()
        t0 = time.perf_counter()
        _run(engine, [page], workers=1)
        return {
            "step": step,
            "peak_rss_mb": round(_peak_mb(), 1),
            "models_loaded_mb": round(loaded, 1),
            "page_s": round(time.perf_counter() - t0, 2),
        }
    if step == "batch":
        from desktop_ocr.bench.scheduling import make_pages

        batch = make_pages(30)
        _run(engine, [dense_page(), *batch], workers=workers)
        del batch
        trim_heap()  # what the application's runner does when a job ends
        return {
            "step": step,
            "rss_after_batch_mb": round(_rss_mb(), 1),
            "peak_rss_mb": round(_peak_mb(), 1),
            "models_loaded_mb": round(loaded, 1),
            "pages": 31,
            "workers": workers,
        }
    if step == "growth":
        warm, rest = small_pages(50, seed=1), small_pages(pages - 50, seed=2)
        _run(engine, warm, workers=workers)
        trim_heap()
        before = _rss_mb()
        _run(engine, rest, workers=workers)
        trim_heap()
        after = _rss_mb()
        return {
            "step": step,
            "rss_after_50_mb": round(before, 1),
            "rss_after_all_mb": round(after, 1),
            "growth_mb": round(after - before, 1),
            "pages": pages,
            "workers": workers,
        }
    raise ValueError(f"unknown step {step!r}")


def run_memory_bench(workers: int = 2, pages: int = 600, as_json: bool = False) -> int:
    """Each step in a fresh child process; prints the three figures."""
    results = {}
    for step in STEPS:
        cmd = [sys.executable, "-m", "desktop_ocr.bench.memory", step, str(workers), str(pages)]
        if not as_json:
            print(f"memory: {step} ...", file=sys.stderr, flush=True)
        proc = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy(), check=False)
        if proc.returncode != 0:
            tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
            print(f"desktop-ocr: memory step {step} failed: {tail}", file=sys.stderr)
            return 1
        results[step] = json.loads(proc.stdout.strip().splitlines()[-1])
    if as_json:
        print(json.dumps(results))
        return 0
    peak, batch, growth = results["peak"], results["batch"], results["growth"]
    w, h = PAGE_SIZE
    print(f"peak RSS, one worker, one {w}x{h} page:    {peak['peak_rss_mb']:8.1f} MB")
    print(
        f"RSS after a batch of {batch['pages']} pages ({batch['workers']} workers): "
        f"{batch['rss_after_batch_mb']:8.1f} MB (peak {batch['peak_rss_mb']:.1f} MB)"
    )
    print(
        f"RSS growth over {growth['pages']} small pages:         {growth['growth_mb']:8.1f} MB "
        f"({growth['rss_after_50_mb']:.1f} MB after 50 -> "
        f"{growth['rss_after_all_mb']:.1f} MB)"
    )
    return 0


if __name__ == "__main__":  # the child process of one step
    step, n_workers, n_pages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    print(json.dumps(measure(step, n_workers, n_pages)))
