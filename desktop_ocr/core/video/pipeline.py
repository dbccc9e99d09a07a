"""One video (or frame folder) as one OCR job: keyframes -> scheduler -> events -> hits -> report.

Qt-free. The same :class:`VideoJob` serves the command line (driven by ``batch.run_videos`` on a
``ThreadRunner``) and the review view (driven by ``QtRunner`` signals):

1. ``open()`` starts decoding on the stream's own thread (raises :class:`VideoError` at once for an
   unreadable file);
2. ``feed(runner, job_id)`` runs on a thread of its own: it ``extend``\\ s the open-ended job with a
   :class:`FrameSource` per keyframe and ``seal``\\ s it at the end of the stream, never running
   more than ``max_ahead`` pages ahead of the OCR (a keyframe holds a full frame);
3. the owner passes each delivered page to ``on_page`` and the job's end to ``finish``.

Why a crop and a smaller detection input: text detection costs grow with pixels and the shipped
engine brings a page's short side up to 736 px, which turns a 1920x267 subtitle band into a
5300x736 input (~4 s a frame on one core). A video frame's text is large; a source therefore hands
the scheduler only its band, scaled so that the frame would be ~560 px high, and the stages run
with no upscaling (:func:`video_stages`). Boxes are mapped back to full-frame pixels on delivery.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from desktop_ocr.core.filetypes import VIDEO_EXTS  # noqa: F401  (re-exported for the GUI)
from desktop_ocr.core.pages import display_name
from desktop_ocr.core.progress import Estimate
from desktop_ocr.core.results import Hit, Line, PageResult
from desktop_ocr.core.scheduler import JobFinished
from desktop_ocr.core.video.events import TextEvent, merge_events, normalise, same_text
from desktop_ocr.core.video.frames import (  # noqa: F401  (parse_region, video_stages: re-exported)
    FrameSource,
    detection_scale,
    encode_jpeg,
    parse_region,
    video_stages,
)
from desktop_ocr.core.video.keyframes import (
    Keyframe,
    KeyframeStream,
    Region,
    VideoError,
    clip_region,
    iter_frame_folder,
    iter_keyframes,
)
from desktop_ocr.core.video.report import VideoHit, VideoReport, write_evidence

logger = logging.getLogger(__name__)

os.environ.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)  # see docs/HELPERS.md

# default band only: a line counts when its centre is at most this share of the width off the middle
CENTRE_TOLERANCE = 0.25
PRUNE_EVERY = 32  # pages between drops of frames no event or hit needs (review view only)


# -- one video -------------------------------------------------------------------------------


@dataclass
class VideoOptions:
    region: Region | None = None  # None: the bottom third, lines off the middle dropped
    stop_at_first_hit: bool = False
    evidence_dir: str | None = None  # write an evidence PNG per hit as it is found
    keep_frames: bool = False  # keep event/hit frames (JPEG in memory) for the review view
    max_ahead: int = 12  # keyframes handed to the scheduler and not yet delivered
    similarity: float = 85.0
    folder_fps: float | None = 1.0  # frame folders: assumed frames per second


class VideoJob:
    """One video's OCR job, independent of the runner that executes it (see module docs)."""

    def __init__(
        self, path: str | os.PathLike[str], matcher: Any = None, options: VideoOptions | None = None
    ):
        self.path = os.fspath(path)
        self.name = os.path.basename(self.path.rstrip("/\\")) or self.path
        self.matcher = matcher
        self.options = options or VideoOptions()
        self.is_folder = os.path.isdir(self.path)
        self.stream: KeyframeStream | None = None
        self.sources: list[FrameSource] = []  # page index -> source, in submission order
        self.pages: dict[int, PageResult] = {}  # page index -> full-frame result
        self.hits: list[VideoHit] = []
        self.error: str | None = None
        self.stopped = False
        self.cancelled = False
        self.finished = False
        self.stop_page: int | None = None  # the page whose hit stopped the job
        self.t0 = time.perf_counter()
        self.elapsed_s: float | None = None
        self._by_frame: dict[int, int] = {}  # frame index -> page index
        self._frames: dict[int, bytes] = {}  # frame index -> JPEG (keep_frames)
        self._cond = threading.Condition()
        self._delivered = 0
        self._closed = False
        self._exhausted = False
        self._expected_frames = 0
        self._prev_text = ""
        self._prev_keywords: set[str] = set()

    # -- decoding and feeding ----------------------------------------------------------------
    def open(self) -> None:
        """Start decoding. Raises :class:`VideoError` (one line naming the file) when unreadable."""
        self.t0 = time.perf_counter()
        if self.is_folder:
            self.stream = iter_frame_folder(
                self.path, self.options.region, fps_assumed=self.options.folder_fps
            )
        else:
            self.stream = iter_keyframes(self.path, self.options.region)
            st = self.stream.stats
            if st.get("duration_s") and st.get("fps"):
                self._expected_frames = round(st["duration_s"] * st["fps"])

    @property
    def stats(self) -> dict[str, Any]:
        return self.stream.stats if self.stream is not None else {}

    def _source_for(self, kf: Keyframe) -> FrameSource:
        h, w = kf.image.shape[:2]
        if kf.region is not None:
            crop = clip_region(kf.region, w, h)
        else:
            crop = (0, 0, w, h)
        return FrameSource(self.path, kf, crop, detection_scale(h, w, self.is_folder))

    def iter_sources(self) -> Iterator[FrameSource]:
        """Page sources as keyframes arrive; waits while ``max_ahead`` pages are undelivered."""
        assert self.stream is not None, "open() first"
        try:
            for kf in self.stream:
                with self._cond:
                    while not self._closed and len(self.sources) - self._delivered >= self.options.max_ahead:
                        self._cond.wait(0.2)
                    if self._closed:
                        break
                    src = self._source_for(kf)
                    self._by_frame[src.index] = len(self.sources)
                    self.sources.append(src)
                yield src
            else:
                self._exhausted = not self._closed
        except VideoError as exc:
            logger.warning("%s", exc)
            self.error = str(exc)
        finally:
            self.stream.close()

    def feed(self, runner: Any, job_id: int) -> None:
        """Hand keyframes to ``runner``'s open-ended job ``job_id``, then seal it (run on a thread)."""
        try:
            for src in self.iter_sources():
                runner.extend(job_id, [src])
        except Exception as exc:  # a bug here must still seal the job, or it would never finish
            logger.exception("feeding %s failed", self.path)
            self.error = self.error or f"{display_name(self.name)}: {type(exc).__name__}: {exc}"
        finally:
            runner.seal(job_id)

    def start_feeding(self, runner: Any, job_id: int) -> threading.Thread:
        t = threading.Thread(
            target=self.feed, args=(runner, job_id), name=f"video-feed:{self.name}", daemon=True
        )
        t.start()
        return t

    def close(self) -> None:
        """Stop handing out keyframes and stop decoding (does not wait for the decoder)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self.stream is not None:
            self.stream._stop.set()  # the feeder's ``finally`` joins the thread

    # -- OCR results ---------------------------------------------------------------------------
    def _keep_line(self, src: FrameSource, line: Line) -> bool:
        """Default band only: subtitles are centred; signs and captions off the middle are noise."""
        if self.options.region is not None or self.is_folder:
            return True
        x0, _y0, x1, _y1 = line.bounds
        return abs((x0 + x1) / 2 - src.width / 2) <= CENTRE_TOLERANCE * src.width

    def stop_when(self, result: PageResult) -> bool:
        """The scheduler's stop condition (runs on a worker thread under the runner's lock)."""
        if not self.options.stop_at_first_hit or self.matcher is None or result.error is not None:
            return False
        page = self._by_frame.get(result.page) if result.page is not None else None
        if page is None:
            return False
        src = self.sources[page]
        kept = [ln for ln in src.to_frame(result).lines if self._keep_line(src, ln)]
        # a possible hit (a look-alike reading) stops too: either way a person looks at the video
        if not kept or not self.matcher.first_hit([ln.text for ln in kept], [ln.alternates for ln in kept]):
            return False
        self.stop_page = page
        self.stopped = True
        with self._cond:  # no more keyframes: the rest of this video is not needed
            self._closed = True
            self._cond.notify_all()
        return True

    def on_page(self, index: int, result: PageResult) -> list[VideoHit]:
        """A delivered page (in page order); returns the new keyword hits it holds."""
        with self._cond:
            self._delivered += 1
            self._cond.notify_all()
        if not 0 <= index < len(self.sources):
            logger.warning("page %d of %s is unknown", index, self.path)
            return []
        src = self.sources[index]
        try:
            if self.stop_page is not None and index > self.stop_page:
                return []  # finished while the hit was being found: past the stop, not reported
            if result.error is not None:
                logger.warning("%s frame %d: %s", self.name, src.index, result.error)
                self.pages[index] = result
                self._prev_text, self._prev_keywords = "", set()
                return []
            full = src.to_frame(result)
            full.lines = [ln for ln in full.lines if self._keep_line(src, ln)]
            self.pages[index] = full
            hits = self._match(src, full)
            if self.options.keep_frames and src.image is not None and (full.lines or hits):
                data = encode_jpeg(src.image)
                if data is not None:
                    self._frames[src.index] = data
                if len(self.pages) % PRUNE_EVERY == 0:
                    self._prune_frames()
            return hits
        finally:
            src.release()

    def _match(self, src: FrameSource, page: PageResult) -> list[VideoHit]:
        """Keyword hits of a page; a keyword already hit in the previous page's same text is the
        same sighting (one subtitle spans several keyframes) and is not reported again."""
        text = page.text
        if self.matcher is None or not normalise(text):
            self._prev_text, self._prev_keywords = text, set()
            return []
        found = self.matcher.match_page(page)
        continuing = bool(self._prev_text) and same_text(text, self._prev_text, self.options.similarity)
        new: list[VideoHit] = []
        for keyword in dict.fromkeys(h.keyword for h in found):
            if continuing and keyword in self._prev_keywords:
                continue
            same = [h for h in found if h.keyword == keyword]
            hit = _video_hit(same, page.lines, src.t, src.index)
            if self.options.evidence_dir and src.image is not None:
                try:
                    hit.evidence = write_evidence(
                        src.image, page.lines, same, self.options.evidence_dir, self.name, src.t
                    )
                except OSError as exc:
                    logger.error("%s: cannot write evidence: %s", self.name, exc)
            new.append(hit)
        self.hits.extend(new)
        self._prev_text, self._prev_keywords = text, {h.keyword for h in found}
        return new

    def finish(self, ev: JobFinished | None = None) -> VideoReport:
        """The job ended (all pages through, stopped at a hit, or cancelled): the final report."""
        if ev is not None:
            self.stopped = self.stopped or ev.stopped
            self.cancelled = ev.cancelled
        self.finished = True
        self.elapsed_s = time.perf_counter() - self.t0
        self.close()
        return self.report()

    def estimate(self) -> Estimate | None:
        """How far the review is: the video time of the last frame read, of the video's length,
        after the time spent so far; None while that is unknown."""
        duration = self.stats.get("duration_s")
        last = max(self.pages) if self.pages else -1
        if not duration or not 0 <= last < len(self.sources):
            return None
        return Estimate(self.sources[last].t, duration, time.perf_counter() - self.t0)

    # -- the report ----------------------------------------------------------------------------
    def _items(self) -> list[tuple[FrameSource, PageResult]]:
        return [(self.sources[i], r) for i, r in sorted(self.pages.items())]

    def _end_time(self) -> float | None:
        """Where the last event ends: the end of the video, or, when OCR stopped early, the next
        keyframe after the last page read (the first frame known to differ)."""
        st = self.stats
        if self._exhausted and not self.stopped and not self.cancelled:
            return st.get("duration_s")
        last = max(self.pages) if self.pages else -1
        if last + 1 < len(self.sources):
            return self.sources[last + 1].t
        fps = st.get("fps")
        if fps and st.get("frames_total"):
            return st["frames_total"] / fps
        return None

    def events(self) -> list[TextEvent]:
        return merge_events(self._items(), similarity=self.options.similarity, video_end_s=self._end_time())

    def report(self) -> VideoReport:
        """The report so far (final once ``finish`` was called)."""
        st = self.stats
        frames_total = int(st.get("frames_total") or 0)
        if not self._exhausted:  # stopped early: the container's count says how long the video is
            frames_total = max(frames_total, self._expected_frames)
        fps = st.get("fps")
        duration = frames_total / fps if fps and frames_total else st.get("duration_s")
        return VideoReport(
            path=self.path,
            duration_s=duration,
            frames_total=frames_total,
            frames_ocr=sum(1 for r in self.pages.values() if r.error is None),
            events=self.events(),
            hits=list(self.hits),
            error=self.error,
            keyframes=int(st.get("keyframes") or 0),
            stopped=self.stopped,
            elapsed_s=self.elapsed_s if self.elapsed_s is not None else time.perf_counter() - self.t0,
            damaged=[dict(d) for d in st.get("damaged") or []],
        )

    # -- frames for the review view -------------------------------------------------------------
    def frame(self, frame_index: int) -> np.ndarray | None:
        """A kept frame (``keep_frames``) as BGR, or None."""
        data = self._frames.get(frame_index)
        if data is None:
            return None
        return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)

    def page_of_frame(self, frame_index: int) -> PageResult | None:
        page = self._by_frame.get(frame_index)
        return self.pages.get(page) if page is not None else None

    def _prune_frames(self) -> None:
        """Keep only frames an event (its best frame), a hit, or the still-open last event needs."""
        events = self.events()
        keep = {e.frame_index for e in events} | {h.frame_index for h in self.hits}
        if events:
            last_start = events[-1].start_s
            keep |= {s.index for s in self.sources if s.t >= last_start}
        for fi in [fi for fi in self._frames if fi not in keep]:
            del self._frames[fi]

    def rematch_event(self, event: TextEvent) -> list[VideoHit]:
        """After the user edited an event's lines: its hits again, from the edited text."""
        end = event.end_s if event.end_s > event.start_s else event.start_s + 1e-6
        self.hits = [h for h in self.hits if not (event.start_s <= h.time_s < end)]
        new: list[VideoHit] = []
        if self.matcher is not None:
            found = self.matcher.match_lines(
                [ln.text for ln in event.lines], [ln.alternates for ln in event.lines]
            )
            for keyword in dict.fromkeys(h.keyword for h in found):
                same = [h for h in found if h.keyword == keyword]
                new.append(_video_hit(same, event.lines, event.start_s, event.frame_index))
        self.hits = sorted(self.hits + new, key=lambda h: h.time_s)
        return new


def _video_hit(same: list[Hit], lines: list[Line], time_s: float, frame_index: int) -> VideoHit:
    """The sighting of one keyword whose hits in ``lines`` are ``same``: at its first plain hit
    (a plain reading over a look-alike), possible only when every hit is."""
    first = min(same, key=lambda h: h.possible)
    line = lines[first.line]
    return VideoHit(
        keyword=first.keyword,
        text=line.text,
        time_s=time_s,
        box=[list(p) for p in line.box],
        frame_index=frame_index,
        line=first.line,
        start=first.start,
        end=first.end,
        possible=all(h.possible for h in same),
    )


def write_hit_evidence(
    hits: Sequence[VideoHit],
    frame_of: Callable[[int], np.ndarray | None],
    lines_of: Callable[[VideoHit], list[Line]],
    out_dir: str,
    video_name: str,
) -> list[str]:
    """Evidence PNGs for hits after the fact (the review view's export); sets ``hit.evidence``."""
    written = []
    for h in hits:
        if h.frame_index is None:
            continue
        frame = frame_of(h.frame_index)
        if frame is None:
            logger.warning("no frame kept for the hit at %.3f s", h.time_s)
            continue
        marks = [Hit(h.keyword, h.line, h.start, h.end, h.possible)] if h.line is not None else []
        h.evidence = write_evidence(frame, lines_of(h), marks, out_dir, video_name, h.time_s)
        written.append(h.evidence)
    return written
