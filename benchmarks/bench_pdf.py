"""Searchable PDF figures: round trip, placement, appearance, size and memory.

    python -m benchmarks.bench_pdf SET_DIR [--pages 5] [--zh 2] [--memory 30,300]

SET_DIR holds page images (an ``images`` folder inside it is used if there is one). For the first
``--pages`` of them, and for ``--zh`` rendered Chinese pages, each page is read by the app, written
as a searchable PDF, and checked with poppler (pdftotext, pdftoppm):

* CER of ``pdftotext -raw`` (the text in the order it is stored: the app's reading order) against
  the app's own text, whitespace aside; also of plain ``pdftotext``, which reorders by its own layout
  analysis (columns, table cells), so its CER measures reading-order differences as well;
* the share of ``pdftotext -bbox`` word boxes inside the app's line boxes (at least 90% of a word
  box's area within one line box's bounds, 1 pt of slack);
* mean absolute pixel difference (0-255) of ``pdftoppm`` at the image's resolution against the
  input, and of pdfium's rendering (poppler smooths an image drawn at 1:1, pdfium does not);
* output size / input size for the PNG as given, the same page as JPEG, and as an image-only PDF.

``--memory``: peak RSS of a child process writing an N-page image-only PDF as a searchable PDF.
The writer alone is measured: one page is read once and its result reused for every page (the OCR
of 300 pages would take most of an hour here and says nothing about the writer).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
ZH_LINES = [
    "桌面文字识别软件可以离线运行",
    "导出可搜索的PDF文件，文字可以选中和复制",
    "每一页保留原来的图片，文字层放在上面",
    "发票号码：二〇二六年十二月三日，金额合计",
    "会议纪要：项目预算与办公室搬迁安排",
]


def _cer(ref: str, hyp: str) -> float:
    from rapidfuzz.distance import Levenshtein

    ref, hyp = "".join(ref.split()), "".join(hyp.split())
    return Levenshtein.distance(ref, hyp) / max(len(ref), 1)


def _words(pdf: str) -> list[tuple[int, float, float, float, float]]:
    """(page, x0, y0, x1, y1) of every word pdftotext finds, in points, y down."""
    import re

    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    out = []
    for page_no, page in enumerate(html.split("<page ")[1:]):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', page):
            out.append((page_no, *(float(v) for v in m.groups())))
    return out


def _inside(word, boxes, slack: float = 1.0) -> bool:
    _, x0, y0, x1, y1 = word
    area = max((x1 - x0) * (y1 - y0), 1e-6)
    for bx0, by0, bx1, by1 in boxes:
        ix = min(x1, bx1 + slack) - max(x0, bx0 - slack)
        iy = min(y1, by1 + slack) - max(y0, by0 - slack)
        if ix > 0 and iy > 0 and ix * iy >= 0.9 * area:
            return True
    return False


def _page_check(result, pdf: str, page_w_pt: float, page_h_pt: float) -> tuple[float, float, int, int]:
    def text(*opts: str) -> str:
        return subprocess.run(
            ["pdftotext", *opts, pdf, "-"], capture_output=True, text=True, check=True
        ).stdout

    cer = _cer(result.text, text("-raw"))
    cer_default = _cer(result.text, text())
    sx, sy = page_w_pt / result.width, page_h_pt / result.height
    boxes = []
    for ln in result.lines:
        x0, y0, x1, y1 = ln.bounds
        boxes.append((x0 * sx, y0 * sy, x1 * sx, y1 * sy))
    words = _words(pdf)
    return cer, cer_default, sum(_inside(w, boxes) for w in words), len(words)


def _pdf_size(pdf: str) -> tuple[float, float]:
    import pikepdf

    with pikepdf.open(pdf) as p:
        box = p.pages[0].mediabox
        return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])


def _mean_abs_diff(pdf: str, image_path: str, tmp: str, engine: str = "poppler") -> float:
    import numpy as np
    from PIL import Image

    b = np.asarray(Image.open(image_path).convert("RGB"), dtype=np.int16)
    # at the page's own resolution (-scale-to resamples, which alone differs by a few levels)
    dpi = 72 * b.shape[1] / _pdf_size(pdf)[0]
    subprocess.run(
        ["pdftoppm", "-r", f"{dpi:.4f}", "-png", "-singlefile", pdf, os.path.join(tmp, "render")], check=True
    )
    a = np.asarray(Image.open(os.path.join(tmp, "render.png")).convert("RGB"), dtype=np.int16)
    if engine == "pdfium":  # draws an image at 1:1 as it is; poppler smooths it a little
        import pypdfium2

        doc = pypdfium2.PdfDocument(pdf)
        try:
            a = np.asarray(doc[0].render(scale=dpi / 72).to_pil().convert("RGB"), dtype=np.int16)
        finally:
            doc.close()
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    return float(np.abs(a[:h, :w] - b[:h, :w]).mean())


def _write(out: str, result, path: str | None = None) -> None:
    from desktop_ocr.core.pdf_writer import SearchablePdfWriter

    with SearchablePdfWriter(out) as w:
        if path is not None:
            result.path = path
        w.add_page(result)


def round_trip(images: list[str], tmp: str) -> dict:
    from PIL import Image

    from desktop_ocr.core.engine import build_engine
    from desktop_ocr.core.images import load_image
    from desktop_ocr.core.pdf_images import _image_dpi

    engine = build_engine("")
    rows = []
    for path in images:
        result = engine.ocr(load_image(path), path, None)
        row = {"page": os.path.basename(path), "lines": len(result.lines)}
        with Image.open(path) as im:
            dpi = _image_dpi(im)[0]
            rgb = im.convert("RGB")
        variants = {"png": path}
        if not path.lower().endswith((".jpg", ".jpeg")):
            jpg = os.path.join(tmp, "page.jpg")
            rgb.save(jpg, quality=85, dpi=(dpi, dpi))
            variants["jpeg"] = jpg
        scan = os.path.join(tmp, "scan.pdf")
        Image.open(variants.get("jpeg", path)).save(scan, resolution=dpi)  # an image-only PDF (JPEG inside)
        variants["pdf"] = scan
        for kind, src in variants.items():
            out = os.path.join(tmp, f"out-{kind}.pdf")
            res = result
            if kind == "pdf":
                res = type(result).from_dict(result.to_dict())
                res.page = 1
            t = time.perf_counter()
            _write(out, res, src)
            row[f"{kind}_write_ms"] = round((time.perf_counter() - t) * 1000, 1)
            row[f"{kind}_size_ratio"] = round(os.path.getsize(out) / os.path.getsize(src), 4)
            if kind == "png":
                w_pt, h_pt = _pdf_size(out)
                cer, cer_default, inside, words = _page_check(result, out, w_pt, h_pt)
                row.update(cer=round(cer, 4), cer_reordered=round(cer_default, 4), words=words)
                row.update(words_inside=inside, mean_abs_diff=round(_mean_abs_diff(out, path, tmp), 3))
                row["mean_abs_diff_pdfium"] = round(_mean_abs_diff(out, path, tmp, "pdfium"), 3)
        result.path = path
        rows.append(row)
        print(json.dumps(row), flush=True)
    return _summary(rows)


def _summary(rows: list[dict]) -> dict:
    words = sum(r["words"] for r in rows)
    inside = sum(r["words_inside"] for r in rows)
    out = {
        "pages": len(rows),
        "max_cer": max(r["cer"] for r in rows),
        "max_cer_pdftotext_reordered": max(r["cer_reordered"] for r in rows),
        "words_inside_share": round(inside / max(words, 1), 4),
        "max_mean_abs_diff": max(r["mean_abs_diff"] for r in rows),
        "max_mean_abs_diff_pdfium": max(r["mean_abs_diff_pdfium"] for r in rows),
    }
    for kind in ("png", "jpeg", "pdf"):
        ratios = [r[f"{kind}_size_ratio"] for r in rows if f"{kind}_size_ratio" in r]
        if ratios:
            out[f"max_{kind}_size_ratio"] = max(ratios)
    return out


def chinese_pages(n: int, tmp: str) -> list[str]:
    from PIL import Image, ImageDraw, ImageFont

    paths = []
    font = ImageFont.truetype(CJK_FONT, 34)
    for p in range(n):
        img = Image.new("RGB", (1100, 420), "white")
        d = ImageDraw.Draw(img)
        for i in range(len(ZH_LINES)):
            d.text((40, 30 + i * 75), ZH_LINES[(i + p) % len(ZH_LINES)], font=font, fill="black")
        path = os.path.join(tmp, f"zh-{p + 1}.png")
        img.save(path)
        paths.append(path)
    return paths


def memory(pages: int, tmp: str) -> dict:
    """Peak RSS of a child writing a ``pages``-page searchable PDF (see the module's note)."""
    code = (
        "import json,sys,time\n"
        "from desktop_ocr.core.results import PageResult\n"
        "from desktop_ocr.core.pdf_writer import SearchablePdfWriter\n"
        "res=PageResult.from_dict(json.load(open(sys.argv[1])))\n"
        "t=time.perf_counter()\n"
        "with SearchablePdfWriter(sys.argv[3]) as w:\n"
        "    for i in range(int(sys.argv[4])):\n"
        "        r=PageResult.from_dict(res.to_dict()); r.path=sys.argv[2]; r.page=i+1; w.add_page(r)\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent through fork and exec
        "hwm=[l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print(json.dumps({'seconds':round(time.perf_counter()-t,2),'peak_rss_mb':round(int(hwm)/1024,1)}))\n"
    )
    from PIL import Image

    from desktop_ocr.core.engine import build_engine
    from desktop_ocr.core.images import load_image

    page_png = chinese_pages(1, tmp)[0]
    page_jpg = os.path.join(tmp, "mem.jpg")
    Image.open(page_png).convert("RGB").resize((2480, 947)).save(page_jpg, quality=85)
    scan = os.path.join(tmp, f"scan-{pages}.pdf")
    frames = (Image.open(page_jpg) for _ in range(pages - 1))
    Image.open(page_jpg).save(scan, save_all=True, append_images=frames, resolution=300)
    result_json = os.path.join(tmp, "mem-result.json")
    if not os.path.exists(result_json):
        result = build_engine("").ocr(load_image(page_jpg), page_jpg, None)
        with open(result_json, "w") as f:
            f.write(result.to_json())
    out = os.path.join(tmp, f"out-{pages}.pdf")
    env = {**os.environ, "PYTHONPATH": os.getcwd() + os.pathsep + os.environ.get("PYTHONPATH", "")}
    run = subprocess.run(
        [sys.executable, "-c", code, result_json, scan, out, str(pages)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    fig = json.loads(run.stdout.strip().splitlines()[-1])
    fig.update(pages=pages, input_mb=round(os.path.getsize(scan) / 2**20, 1))
    fig["output_mb"] = round(os.path.getsize(out) / 2**20, 1)
    return fig


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_pdf", description=__doc__.split("\n")[0])
    ap.add_argument("set_dir", nargs="?", help="folder of page images (or with an images/ folder)")
    ap.add_argument("--pages", type=int, default=5, help="pages of SET_DIR to check (default: 5)")
    ap.add_argument("--zh", type=int, default=2, help="rendered Chinese pages to check (default: 2)")
    ap.add_argument("--memory", default="", help="comma-separated page counts for the memory figure")
    a = ap.parse_args(argv)
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        if a.set_dir:
            folder = (
                os.path.join(a.set_dir, "images")
                if os.path.isdir(os.path.join(a.set_dir, "images"))
                else a.set_dir
            )
            if not os.path.isdir(folder):
                print(f"bench_pdf: no such folder: {folder}", file=sys.stderr)
                return 2
            names = sorted(n for n in os.listdir(folder) if n.lower().endswith((".png", ".jpg", ".jpeg")))
            figures["set"] = round_trip([os.path.join(folder, n) for n in names[: a.pages]], tmp)
        if a.zh:
            figures["chinese"] = round_trip(chinese_pages(a.zh, tmp), tmp)
        for n in filter(None, a.memory.split(",")):
            figures[f"memory_{n}"] = memory(int(n), tmp)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
