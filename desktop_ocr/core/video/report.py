"""What a reviewer gets for one video: events, keyword hits, evidence images; JSON/CSV/SRT."""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from desktop_ocr.core.caption import add_caption
from desktop_ocr.core.csv_cells import SafeCsvWriter
from desktop_ocr.core.files import TargetExists, write_atomic
from desktop_ocr.core.results import Line
from desktop_ocr.core.spans import span_quad
from desktop_ocr.core.video.events import TextEvent

os.environ.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)  # see docs/HELPERS.md

# "possible": 1 for a hit found through a look-alike reading (see VideoHit.possible)
CSV_COLUMNS = ["video", "start", "end", "text", "keyword", "box", "possible"]


@dataclass
class VideoHit:
    """A keyword seen at ``time_s`` in ``text`` (the line or event text), inside ``box``."""

    keyword: str
    text: str
    time_s: float
    box: list[list[float]] | None = None
    evidence: str | None = None  # path of the evidence PNG, when written
    # where the hit was read (not exported): the keyframe, the line index in that frame's lines
    # and the matched span, so that evidence can be drawn later (e.g. from the review view)
    frame_index: int | None = None
    line: int | None = None
    start: int | None = None
    end: int | None = None
    # the text as read shows a look-alike of the keyword (see ``Hit.possible``)
    possible: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "keyword": self.keyword,
            "text": self.text,
            "time_s": round(float(self.time_s), 3),
            "box": [[round(float(x), 1), round(float(y), 1)] for x, y in self.box] if self.box else None,
            "evidence": self.evidence,
        }
        if self.possible:
            d["possible"] = True
        return d


@dataclass
class VideoReport:
    path: str
    duration_s: float | None = None
    frames_total: int = 0
    frames_ocr: int = 0
    events: list[TextEvent] = field(default_factory=list)
    hits: list[VideoHit] = field(default_factory=list)
    error: str | None = None
    keyframes: int = 0
    stopped: bool = False  # OCR stopped at the first keyword hit
    duplicate_of: str | None = None  # an identical file (same bytes) earlier in the input list
    elapsed_s: float | None = None
    # time ranges that could not be decoded and were skipped: [{"start_s": ..., "end_s": ...}]
    damaged: list[dict[str, float]] = field(default_factory=list)

    @property
    def damage_text(self) -> str:
        """The damaged ranges for a one-line message ("8.2-15.4 s, 30.0-31.0 s"), or ""."""
        return ", ".join(f"{d['start_s']:.1f}-{d['end_s']:.1f} s" for d in self.damaged)

    def to_dict(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.duplicate_of is not None:
            extra["duplicate_of"] = self.duplicate_of
        return {
            "path": self.path,
            "duration_s": round(float(self.duration_s), 3) if self.duration_s is not None else None,
            "frames_total": int(self.frames_total),
            "frames_ocr": int(self.frames_ocr),
            "events": [e.to_dict() for e in self.events],
            "hits": [h.to_dict() for h in self.hits],
            "error": self.error,
            "keyframes": int(self.keyframes),
            "stopped": bool(self.stopped),
            "elapsed_s": round(float(self.elapsed_s), 3) if self.elapsed_s is not None else None,
            "damaged": [dict(d) for d in self.damaged],
            **extra,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def csv_rows(self) -> list[list[Any]]:
        """One row per event (keyword empty) then one per hit (end empty)."""
        rows: list[list[Any]] = []
        if self.error is not None:
            rows.append([self.path, "", "", f"ERROR: {self.error}", "", "", ""])
        for e in self.events:
            rows.append([self.path, format_seconds(e.start_s), format_seconds(e.end_s), e.text, "", "", ""])
        for h in self.hits:
            box = json.dumps(h.to_dict()["box"]) if h.box else ""
            rows.append([self.path, format_seconds(h.time_s), "", h.text, h.keyword, box, int(h.possible)])
        return rows

    def to_csv(self, header: bool = True) -> str:
        return reports_to_csv([self], header=header)

    def to_srt(self) -> str:
        out = []
        for i, e in enumerate(self.events, 1):
            text = "\n".join(t for t in e.text.splitlines() if t.strip()) or e.text
            out.append(f"{i}\n{srt_time(e.start_s)} --> {srt_time(e.end_s)}\n{text}\n")
        return "\n".join(out)


def reports_to_csv(reports: list[VideoReport], header: bool = True) -> str:
    buf = io.StringIO()
    w = SafeCsvWriter(buf)
    if header:
        w.writerow(CSV_COLUMNS)
    for r in reports:
        w.writerows(r.csv_rows())
    return buf.getvalue()


def format_seconds(t: float | None) -> str:
    return "" if t is None else f"{float(t):.3f}"


def srt_time(t: float) -> str:
    ms = max(0, round(float(t) * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


# -- evidence images ----------------------------------------------------------------------------

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def sanitise(name: str, limit: int = 60) -> str:
    """A file-name-safe version of ``name`` (keeps CJK, drops path separators and control chars)."""
    cleaned = _UNSAFE.sub("_", name).strip(" ._")
    return cleaned[:limit] or "_"


def evidence_name(video_name: str, time_s: float, keyword: str = "") -> str:
    stem = os.path.splitext(os.path.basename(video_name))[0]
    minutes, seconds = divmod(max(0.0, float(time_s)), 60)
    parts = [sanitise(stem), f"{int(minutes):02d}m{seconds:06.3f}s"]
    if keyword:
        parts.append(sanitise(keyword, 30))
    return "_".join(parts) + ".png"


def clock(time_s: float) -> str:
    """``01:02:03.456``"""
    ms = round(max(0.0, float(time_s)) * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    return f"{h:02d}:{m:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def evidence_caption(lines: list[Line], hits: list[Any], video_name: str, time_s: float) -> list[str]:
    """What an evidence image says under the frame: where it is from, then one line per keyword."""
    out = [f"{os.path.basename(video_name)}  ·  {clock(time_s)}"]
    for keyword in dict.fromkeys(getattr(h, "keyword", "") for h in hits):
        same = [h for h in hits if getattr(h, "keyword", "") == keyword]
        h = min(same, key=lambda x: bool(getattr(x, "possible", False)))
        idx = getattr(h, "line", None)
        text = lines[idx].text if idx is not None and 0 <= idx < len(lines) else ""
        start, end = getattr(h, "start", None), getattr(h, "end", None)
        if getattr(h, "possible", False) and start is not None and end is not None:
            where = f" in “{text}”" if text[start:end] != text else ""
            out.append(f"keyword “{keyword}”, possible: read as “{text[start:end]}”{where}")
        else:
            out.append(f"keyword “{keyword}” in “{text}”" if text else f"keyword “{keyword}”")
    return out


def write_evidence(
    frame_bgr: np.ndarray,
    lines: list[Line],
    hits: list[Any],
    out_dir: str | os.PathLike[str],
    video_name: str,
    time_s: float,
) -> str:
    """Draw all line boxes (thin green), hit lines (thick red) and the matched spans (filled
    yellow) on a copy of the frame, with a caption below naming the video, the time, the keyword
    and the line it was read in; write it atomically as a PNG named by video, time and keyword.

    ``hits`` are :class:`desktop_ocr.core.results.Hit` (``line`` index and ``[start, end)``) or
    anything with ``keyword`` and ``line`` (spans are skipped when ``start``/``end`` are missing).
    """
    out_dir = os.fspath(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    img = frame_bgr.copy()
    thick = max(2, round(max(img.shape[:2]) / 400))
    for ln in lines:
        cv2.polylines(img, [np.asarray(ln.box, dtype=np.int32)], True, (0, 200, 0), 1, cv2.LINE_AA)
    overlay = img.copy()
    for h in hits:
        idx = getattr(h, "line", None)
        if idx is None or not 0 <= idx < len(lines):
            continue
        ln = lines[idx]
        start, end = getattr(h, "start", None), getattr(h, "end", None)
        if start is not None and end is not None and end > start:
            quad = np.round(np.array(span_quad(ln.box, ln.text, start, end))).astype(np.int32)
            cv2.fillPoly(overlay, [quad], (0, 255, 255))
    img = cv2.addWeighted(overlay, 0.35, img, 0.65, 0)
    for h in hits:
        idx = getattr(h, "line", None)
        if idx is not None and 0 <= idx < len(lines):
            cv2.polylines(img, [np.asarray(lines[idx].box, dtype=np.int32)], True, (0, 0, 255), thick)
    keyword = getattr(hits[0], "keyword", "") if hits else ""
    img = add_caption(img, evidence_caption(lines, hits, video_name, time_s))
    name = evidence_name(video_name, time_s, keyword)
    ok, data = cv2.imencode(".png", img)
    if not ok:
        raise OSError(f"could not encode evidence image for {name}")
    # cv2.imwrite cannot handle non-ASCII paths on Windows: encode, then write the bytes ourselves,
    # atomically (never half a PNG under the final name) and never over an existing file: two
    # videos of the same name (a/clip.mp4, b/clip.mp4) get clip_…png and clip_…-2.png.
    stem, ext = os.path.splitext(name)
    for n in range(1, 10_000):
        path = os.path.join(out_dir, name if n == 1 else f"{stem}-{n}{ext}")
        try:
            write_atomic(path, data.tobytes(), overwrite=False)
            return path
        except TargetExists:
            continue
    raise OSError(f"too many evidence images named {name} in {out_dir}")
