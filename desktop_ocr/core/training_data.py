"""Corrections become training data: the corrected lines and their pages in PaddleOCR's formats.

A team corrects what the recogniser got wrong on its own material; exported here, those
corrections can fine-tune the recogniser (PaddleOCR's recognition training), and the result is
loaded back as a user model folder. The layout is PPOCRLabel's own export, so PaddleOCR's
tools read it as is:

- ``crop_img/<page>_<line>.png``: each corrected line cut out of its page (perspective-rectified,
  at the page's full resolution, as ``stages.crop_box`` cuts lines for the recogniser);
- ``rec_gt.txt``: ``crop_img/<name>.png<TAB>text`` per crop (recognition training labels);
- ``images/<page>.png`` and ``Label.txt``: each page that holds a correction, with every line
  (``images/<page>.png<TAB>[{"transcription", "points", "difficult"}]``, detection labels).

The input is what the application already writes: the GUI's session file (edits marked
``"edited": true``, pasted images in its ``images`` folder) or ``desktop-ocr ocr`` JSON/JSONL whose
texts someone corrected. No Qt here.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from desktop_ocr.core.files import write_atomic
from desktop_ocr.core.images import LoadError, PageSource
from desktop_ocr.core.results import PageResult
from desktop_ocr.core.session import IMAGES, SessionData, page_source
from desktop_ocr.core.stages import crop_box

logger = logging.getLogger(__name__)

CROPS = "crop_img"
REC_GT = "rec_gt.txt"
PAGES = "images"
LABEL = "Label.txt"


class TrainingDataError(ValueError):
    """An input that cannot be read as pages; the message says why, for the user."""


@dataclass
class ExportedPage:
    """A page to export: its result (corrections included) and where its image is."""

    result: PageResult
    image_file: str | None = None  # a pasted image saved beside the session
    source: PageSource | None = None  # how the window loads the page (wins over the path)


@dataclass
class TrainingExport:
    """What an export wrote, for the one-line summary."""

    folder: Path
    crops: int = 0
    pages: int = 0
    problems: list[str] = field(default_factory=list)  # pages that could not be loaded

    def summary(self) -> str:
        s = f"{self.crops} corrected lines from {self.pages} pages written to {self.folder}"
        if self.problems:
            s += f" ({len(self.problems)} pages skipped: {self.problems[0]}"
            s += ", ...)" if len(self.problems) > 1 else ")"
        return s


def read_pages(path: str | os.PathLike[str]) -> list[ExportedPage]:
    """The pages of a session file, a JSON list of page records or ``desktop-ocr ocr`` JSONL."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TrainingDataError(f"{path.name}: cannot read ({exc})") from exc
    records: list[tuple[dict, str | None]] = []
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None
        try:  # JSONL: one page per line
            records = [(json.loads(ln), None) for ln in text.splitlines() if ln.strip()]
        except json.JSONDecodeError as exc:
            raise TrainingDataError(f"{path.name}: neither JSON nor JSON lines ({exc})") from exc
    if isinstance(data, dict) and "pages" in data:  # the GUI's session file
        try:
            session = SessionData.from_json(text)
        except (ValueError, KeyError, TypeError) as exc:
            raise TrainingDataError(f"{path.name}: not a readable session file ({exc})") from exc
        for p in session.pages:
            if p.result:
                image = str(path.parent / IMAGES / p.image_file) if p.image_file else None
                records.append((p.result, image))
    elif isinstance(data, dict):
        records = [(data, None)]
    elif isinstance(data, list):
        records = [(d, None) for d in data]
    pages = []
    for rec, image in records:
        if not isinstance(rec, dict) or rec.get("error"):
            continue
        try:
            pages.append(ExportedPage(PageResult.from_dict(rec), image))
        except (KeyError, ValueError, TypeError) as exc:
            raise TrainingDataError(f"{path.name}: a page record is damaged ({exc!r})") from exc
    return pages


def _stem(result: PageResult, used: set[str]) -> str:
    base = os.path.splitext(os.path.basename(result.path))[0] or "page"
    base = re.sub(r"[^\w.-]+", "_", base)[:80]
    if result.page is not None:
        base += f"_p{result.page}"
    stem, n = base, 2
    while stem in used:  # two pages of the same name from different folders
        stem, n = f"{base}_{n}", n + 1
    used.add(stem)
    return stem


def _write_png(path: Path, image: np.ndarray) -> None:
    ok, buf = cv2.imencode(".png", image)
    if not ok:
        raise OSError(f"cannot encode {path.name}")
    write_atomic(path, buf.tobytes())


def export_training_data(
    pages: Iterable[ExportedPage], folder: str | os.PathLike[str], all_lines: bool = False
) -> TrainingExport:
    """Write the corrected lines (every line with ``all_lines``) and their pages into ``folder``.

    A page whose image cannot be loaded any more is skipped and named in ``problems``; the
    others are written. Labels are appended to nothing: the files are written whole, once.
    """
    folder = Path(folder)
    (folder / CROPS).mkdir(parents=True, exist_ok=True)
    (folder / PAGES).mkdir(parents=True, exist_ok=True)
    out = TrainingExport(folder)
    rec_gt: list[str] = []
    label: list[str] = []
    used: set[str] = set()
    for item in pages:
        res = item.result
        chosen = [i for i, ln in enumerate(res.lines) if (all_lines or ln.edited) and ln.text.strip()]
        if not chosen:
            continue
        try:
            source = item.source or page_source(res.path, res.page, item.image_file)
            image = source.load()
        except LoadError as exc:
            out.problems.append(exc.message)
            continue
        # boxes are in the page's own pixels; a page loaded at another size scales them
        sx = image.shape[1] / res.width if res.width else 1.0
        sy = image.shape[0] / res.height if res.height else 1.0
        stem = _stem(res, used)
        page_rel = f"{PAGES}/{stem}.png"
        _write_png(folder / page_rel, image)
        shapes = []
        for i, ln in enumerate(res.lines):
            pts = [[round(x * sx, 1), round(y * sy, 1)] for x, y in ln.box]
            shapes.append({"transcription": ln.text, "points": pts, "difficult": False})
            if i not in chosen:
                continue
            crop = crop_box(image, np.array(pts, dtype=np.float32))
            crop_rel = f"{CROPS}/{stem}_{i:03d}.png"
            _write_png(folder / crop_rel, crop)
            # a tab or newline in the text would break the label file's one-line records
            rec_gt.append(f"{crop_rel}\t{' '.join(ln.text.split())}")
            out.crops += 1
        label.append(f"{page_rel}\t{json.dumps(shapes, ensure_ascii=False)}")
        out.pages += 1
    write_atomic(folder / REC_GT, "".join(s + "\n" for s in rec_gt))
    write_atomic(folder / LABEL, "".join(s + "\n" for s in label))
    logger.info("%s", out.summary())
    return out


def read_rec_gt(folder: str | os.PathLike[str]) -> list[tuple[Path, str]]:
    """``rec_gt.txt`` read back: (crop path, text) per line, as PaddleOCR's loader splits it."""
    folder = Path(folder)
    out = []
    for ln in (folder / REC_GT).read_text(encoding="utf-8").splitlines():
        rel, text = ln.split("\t", 1)
        out.append((folder / rel, text))
    return out
