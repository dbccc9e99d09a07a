"""Writing what the user exports: atomic files, keyword colours, hit sub-boxes, annotated evidence images.

No Qt here: the GUI and the command line share it, and the annotated image is drawn with OpenCV so
that it can be rendered on a worker thread.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import unicodedata
from collections.abc import Sequence

import numpy as np

from desktop_ocr.core.results import EXPORTERS, PageResult

# Formats a user can save, with the extension each gets.
EXPORT_FORMATS: dict[str, str] = {
    "txt": ".txt",
    "json": ".json",
    "csv": ".csv",
    "md": ".md",
    "hits": ".csv",
    "pdf": ".pdf",  # written page by page by core.pdf_writer, not as text
}

# Distinct, colour-blind-friendlier hues (Okabe-Ito plus two), as RGB. A keyword keeps its colour
# for as long as it keeps its place in the list.
PALETTE: tuple[tuple[int, int, int], ...] = (
    (230, 159, 0),
    (86, 180, 233),
    (0, 158, 115),
    (240, 228, 66),
    (204, 121, 167),
    (213, 94, 0),
    (0, 114, 178),
    (148, 103, 189),
    (140, 86, 75),
    (127, 127, 127),
)
BOX_RGB = (30, 120, 255)

_UMASK: int | None = None


def _umask() -> int:
    global _UMASK
    if _UMASK is None:
        if os.name == "nt":
            _UMASK = 0
        else:  # reading the umask means setting it; done once
            _UMASK = os.umask(0o022)
            os.umask(_UMASK)
    return _UMASK


class TargetExists(FileExistsError):
    """``write_atomic(..., overwrite=False)`` found the file already there."""


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` so that a reader (or a crash) sees the old file or the new one, never half.

    The data goes to a temporary file in the same folder, is flushed to disk and renamed over the
    target. With ``overwrite=False`` an existing target is never replaced (:class:`TargetExists`);
    asking the user first is the caller's job. ``str`` is written as UTF-8.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    target = AtomicFile(path, overwrite=overwrite)
    try:
        target.open().write(data)
    except BaseException:
        target.discard()
        raise
    target.commit()


class AtomicFile:
    """A file written under a temporary name in its folder and renamed over ``path`` on :meth:`commit`,
    for writers that stream (a long PDF); :meth:`discard` removes it. See :func:`write_atomic`."""

    def __init__(self, path: str | os.PathLike[str], *, overwrite: bool = True):
        self.path = os.fspath(path)
        self.overwrite = overwrite
        self.folder = os.path.dirname(os.path.abspath(self.path))
        self._tmp = ""
        self._fp = None

    def open(self):
        if not self.overwrite and os.path.lexists(self.path):
            raise TargetExists(self.path)
        fd, self._tmp = tempfile.mkstemp(
            prefix="." + os.path.basename(self.path) + ".", suffix=".tmp", dir=self.folder
        )
        self._fp = os.fdopen(fd, "wb")
        return self._fp

    def discard(self) -> None:
        if self._fp is not None:
            self._fp.close()
            self._fp = None
        if self._tmp and os.path.exists(self._tmp):
            os.unlink(self._tmp)
        self._tmp = ""

    def commit(self) -> None:
        path, tmp = self.path, self._tmp
        try:
            f, self._fp = self._fp, None
            f.flush()
            os.fsync(f.fileno())
            f.close()
            # mkstemp makes the file private (0600); an exported file gets the usual permissions.
            if os.name != "nt":
                try:
                    mode = os.stat(path).st_mode & 0o7777 if os.path.exists(path) else 0o666 & ~_umask()
                    os.chmod(tmp, mode)
                except OSError:
                    pass
            if self.overwrite:
                os.replace(tmp, path)
            else:
                try:  # link fails if the target appeared meanwhile: no race with another writer
                    os.link(tmp, path)
                except FileExistsError:
                    raise TargetExists(path) from None
                except OSError:  # file systems without hard links
                    if os.path.lexists(path):
                        raise TargetExists(path) from None
                    os.replace(tmp, path)
                else:
                    os.unlink(tmp)
            self._tmp = ""
            if os.name != "nt":  # make the rename itself durable
                try:
                    dfd = os.open(self.folder, os.O_RDONLY)
                    try:
                        os.fsync(dfd)
                    finally:
                        os.close(dfd)
                except OSError:
                    pass
        finally:
            self.discard()


HITS_CSV_HEADER = ["path", "page", "keyword", "possible", "line", "text", "match"] + [
    f"{a}{i}" for i in range(4) for a in "xy"
]


def to_hits_csv(results: Sequence[PageResult]) -> str:
    """The keyword hits as evidence, one row each: where, which keyword, whether only a look-alike
    reading made it (possible), the line, the matched characters and their quadrilateral."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HITS_CSV_HEADER)
    for r in results:
        for h in r.hits or []:
            if not 0 <= h.line < len(r.lines):
                continue
            ln = r.lines[h.line]
            quad = span_quad(ln.box, ln.text, h.start, h.end)
            where = [r.path, "" if r.page is None else r.page]
            what = [h.keyword, int(h.possible), h.line + 1, ln.text, ln.text[h.start : h.end]]
            w.writerow([*where, *what, *(round(v, 1) for p in quad for v in p)])
    return buf.getvalue()


# the command line's formats and the keyword hits
_EXPORTERS = {**EXPORTERS, "hits": to_hits_csv}


def export_text(results: Sequence[PageResult], fmt: str) -> str:
    """The text of ``results`` in ``fmt`` (txt, json, jsonl, csv, md, or hits: the keyword hits as
    CSV): what the command line prints."""
    exporter = _EXPORTERS.get(fmt)
    if exporter is None:
        raise ValueError(f"unknown export format {fmt!r}")
    return exporter(list(results))


def keyword_colors(labels: Sequence[str]) -> dict[str, tuple[int, int, int]]:
    """RGB colour per keyword label, by its place in the list."""
    return {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(labels)}


_NARROW = frozenset(" .,:;'!|ilIjtf()[]")
_WIDE = frozenset("MWmw@%")


def _char_width(ch: str) -> float:
    # Rough advance widths in ems of a Latin letter: CJK and fullwidth characters are about twice as
    # wide, spaces and thin letters about half. Good enough to put a highlight on the right word.
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2.0
    if unicodedata.combining(ch):
        return 0.0
    if ch in _NARROW or ch.isspace():
        return 0.55
    if ch in _WIDE:
        return 1.4
    return 1.0


def span_quad(box: Sequence[Sequence[float]], text: str, start: int, end: int) -> list[list[float]]:
    """The part of a line's box that holds ``text[start:end]``, as a quadrilateral.

    The box is PP-OCR's (top-left, top-right, bottom-right, bottom-left); the span's share of the
    line is estimated from character widths (CJK counted double), along the top and bottom edges,
    so it follows a slanted line.
    """
    widths = [_char_width(c) for c in text]
    total = sum(widths)
    if total <= 0 or not text:
        return [list(map(float, p)) for p in box]
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    a = sum(widths[:start]) / total
    b = sum(widths[:end]) / total
    tl, tr, br, bl = (np.asarray(p, dtype=float) for p in box[:4])

    def lerp(p: np.ndarray, q: np.ndarray, t: float) -> list[float]:
        return [float(v) for v in p + (q - p) * t]

    return [lerp(tl, tr, a), lerp(tl, tr, b), lerp(bl, br, b), lerp(bl, br, a)]


def render_annotated(
    image_bgr: np.ndarray,
    result: PageResult,
    colors: dict[str, tuple[int, int, int]] | None = None,
) -> np.ndarray:
    """A copy of the page with every line's box outlined and every keyword hit filled in its colour."""
    import cv2

    out = np.ascontiguousarray(image_bgr.copy())
    h, w = out.shape[:2]
    thick = max(1, round(min(w, h) / 600))
    colors = colors or {}
    hits = result.hits or []
    spans = []  # (quad, BGR colour) of each hit whose line exists
    for i, hit in enumerate(hits):
        if 0 <= hit.line < len(result.lines):
            ln = result.lines[hit.line]
            quad = np.round(np.array(span_quad(ln.box, ln.text, hit.start, hit.end))).astype(np.int32)
            r, g, b = colors.get(hit.keyword, PALETTE[i % len(PALETTE)])
            spans.append((quad, (b, g, r)))
    if spans:
        overlay = out.copy()
        for quad, bgr in spans:
            cv2.fillPoly(overlay, [quad], bgr)
        out = cv2.addWeighted(overlay, 0.45, out, 0.55, 0)
        for quad, bgr in spans:
            cv2.polylines(out, [quad], True, bgr, thick + 1, cv2.LINE_AA)
    r, g, b = BOX_RGB
    for ln in result.lines:
        pts = np.round(np.array(ln.box)).astype(np.int32)
        cv2.polylines(out, [pts], True, (b, g, r), thick, cv2.LINE_AA)
    return out


def encode_png(image_bgr: np.ndarray) -> bytes:
    import cv2

    ok, buf = cv2.imencode(".png", image_bgr)
    if not ok:
        raise OSError("cannot encode the image as PNG")
    return buf.tobytes()


__all__ = [
    "EXPORT_FORMATS",
    "AtomicFile",
    "PALETTE",
    "TargetExists",
    "encode_png",
    "export_text",
    "keyword_colors",
    "render_annotated",
    "span_quad",
    "write_atomic",
]
