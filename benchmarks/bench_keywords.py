"""How well keyword review works on labelled pages: hits on the OCR text against hits on the truth.

    python -m benchmarks.bench_keywords SET_DIR [--jsonl FILE] [--keywords N] [--seed S]

SET_DIR holds ``images/`` and ``labels/<stem>.txt`` (one line of true text per line), as the
shared evaluation sets do. Without ``--jsonl`` the set is read with ``desktop-ocr ocr`` first.
``N`` keywords are drawn from the words of all labels (five letters or more), so most of them
occur on one page or a few and are absent from the rest. A (page, keyword) pair is *present* when
the keyword matches the page's true lines. Printed side by side: plain hits only, and plain plus
possible hits (runner-up readings of uncertain characters): recall of present pairs and the hits
that are not present (false alarms).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

from desktop_ocr.core.keywords import KeywordMatcher
from desktop_ocr.core.results import PageResult

_WORD = re.compile(r"[^\W\d_]{5,}")


def read_set(set_dir: str) -> dict[str, list[str]]:
    """Image stem -> true lines."""
    labels = os.path.join(set_dir, "labels")
    out = {}
    for name in sorted(os.listdir(labels)):
        if name.endswith(".txt"):
            with open(os.path.join(labels, name), encoding="utf-8") as f:
                out[name[:-4]] = [ln.rstrip("\n") for ln in f if ln.strip()]
    return out


def run_ocr(set_dir: str, stems: list[str]) -> list[PageResult]:
    images = os.path.join(set_dir, "images")
    paths = [os.path.join(images, n) for n in sorted(os.listdir(images)) if os.path.splitext(n)[0] in stems]
    exe = shutil.which("desktop-ocr")
    cmd = [exe] if exe else [sys.executable, "-m", "desktop_ocr"]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "ocr.jsonl")
        subprocess.run([*cmd, "ocr", "--workers", "2", "--format", "jsonl", "-o", out, *paths], check=False)
        return load_jsonl(out)


def load_jsonl(path: str) -> list[PageResult]:
    with open(path, encoding="utf-8") as f:
        return [PageResult.from_dict(json.loads(line)) for line in f if line.strip()]


def draw_keywords(truth: dict[str, list[str]], n: int, seed: int) -> list[str]:
    words: dict[str, str] = {}
    for lines in truth.values():
        for line in lines:
            for w in _WORD.findall(line):
                words.setdefault(w.casefold(), w)
    pool = sorted(words.values())
    return random.Random(seed).sample(pool, min(n, len(pool)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_keywords", description=__doc__.split("\n")[0]
    )
    ap.add_argument("set_dir")
    ap.add_argument("--jsonl", help="OCR output of the set's images (desktop-ocr ocr --format jsonl)")
    ap.add_argument("--keywords", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    try:
        truth = read_set(args.set_dir)
        pages = load_jsonl(args.jsonl) if args.jsonl else run_ocr(args.set_dir, list(truth))
    except (OSError, ValueError) as e:  # no labels/ or images/, an unreadable or damaged JSONL
        print(f"bench_keywords: {e}", file=sys.stderr)
        return 2
    keywords = draw_keywords(truth, args.keywords, args.seed)
    matcher = KeywordMatcher(keywords)

    present = plain_found = all_found = plain_false = possible_false = possible_true = 0
    lines = alt_lines = 0
    for page in pages:
        stem = os.path.splitext(os.path.basename(page.path))[0]
        if page.error is not None or stem not in truth:
            continue
        want = {h.keyword for h in matcher.match_lines(truth[stem])}
        hits = matcher.match_page(page)
        plain = {h.keyword for h in hits if not h.possible}
        possible = {h.keyword for h in hits if h.possible} - plain
        present += len(want)
        plain_found += len(plain & want)
        all_found += len((plain | possible) & want)
        plain_false += len(plain - want)
        possible_true += len(possible & want)
        possible_false += len(possible - want)
        lines += len(page.lines)
        alt_lines += sum(1 for ln in page.lines if ln.alternates)

    print(
        f"set: {os.path.basename(os.path.normpath(args.set_dir))}  pages {len(pages)}  keywords {len(keywords)}"
    )
    print(f"lines {lines}, with uncertain characters {alt_lines} ({alt_lines / max(lines, 1):.1%})")
    print(f"(page, keyword) pairs present in the truth: {present}")
    print(f"{'':28}{'found':>8}{'recall':>9}{'false alarms':>14}")
    print(f"{'plain hits':28}{plain_found:>8}{plain_found / max(present, 1):>9.1%}{plain_false:>14}")
    print(
        f"{'plain + possible hits':28}{all_found:>8}{all_found / max(present, 1):>9.1%}"
        f"{plain_false + possible_false:>14}"
    )
    print(f"possible hits: {possible_true} right, {possible_false} not in the truth")
    return 0


if __name__ == "__main__":
    sys.exit(main())
