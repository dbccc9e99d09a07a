"""Pick the frames of a video worth OCRing, decoding on a thread of its own.

Why a white-text mask and not plain pixel differences: hard subtitles are white (high value, low
saturation) text over moving pictures. A plain grey-level difference fires on every camera move; a
mask of "white-ish" pixels only changes when white things change, and the change metric below
(the strongest change inside one text-line-high window of rows) favours a line of text appearing or
disappearing over lights twinkling all over the band. Measured on a 41 s, 24 fps animated clip with
12 subtitle events (see the module's report in the video-review notes): ~40 keyframes out of 984
frames, every subtitle start and end caught within 1/8 s.

Each emitted :class:`Keyframe` carries the FULL frame (so OCR boxes stay in full-frame pixels) and the
``region`` it was detected in; ``crop()`` gives the band.
"""

from __future__ import annotations

import hashlib
import logging
import os
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from desktop_ocr.core.filetypes import IMAGE_EXTS
from desktop_ocr.core.images import LoadError, load_image
from desktop_ocr.core.pages import display_name

logger = logging.getLogger(__name__)

# cv2 points Qt at its own plugins; the GUI must not inherit that (see docs/HELPERS.md).
os.environ.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)

Region = tuple[int, int, int, int]  # x, y, w, h in full-frame pixels

MASK_WIDTH = 320  # change detection runs on the mask scaled to this width
WHITE_V = 190  # HSV value at or above which a pixel may be subtitle text
WHITE_S = 50  # ... and saturation at or below (white, not yellow street lights or skin)
MASK_FILL = 0.15  # a mask cell counts as "text" when this share of its pixels is white
LINE_WINDOW = 0.025  # height of one text line as a share of MASK_WIDTH (about 8 cells)
DEFAULT_DIFF_THRESHOLD = 30  # changed cells within one line window; a 3-CJK-char subtitle is ~150
DEFAULT_PHASH_DISTANCE = 4  # near-duplicate: mask pHash within this Hamming distance ...
STRONG_CHANGE_FACTOR = 3  # ... and a change metric under this many thresholds


class VideoError(Exception):
    """A video (or frame folder) that cannot be read. ``str()`` is one line naming the file."""

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{display_name(self.path)}: {reason}")


@dataclass
class Keyframe:
    """A frame whose (subtitle) content differs from the previous keyframe.

    ``time_s`` is the time of the first examined frame showing the change (None for a frame folder
    without an assumed frame rate); ``image`` is the full BGR frame; ``region`` is where the change
    was looked for (None = whole frame).
    """

    index: int
    time_s: float | None
    image: np.ndarray = field(repr=False)
    phash: int
    region: Region | None = None
    path: str | None = None  # the image file, for frame folders

    def crop(self) -> np.ndarray:
        if self.region is None:
            return self.image
        x, y, w, h = self.region
        return self.image[y : y + h, x : x + w]


# -- hashing ----------------------------------------------------------------------------------


def phash(image: np.ndarray) -> int:
    """64-bit DCT perceptual hash of a grey (or BGR, or float mask) image."""
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    small = cv2.resize(image.astype(np.float32), (32, 32), interpolation=cv2.INTER_AREA)
    low = cv2.dct(small)[:8, :8].flatten()
    bits = low > np.median(low[1:])  # the DC term would dominate the median
    return int("".join("1" if b else "0" for b in bits), 2)


def hamming(a: int, b: int) -> int:
    return bin(a ^ b).count("1")


def file_digest(path: str | os.PathLike[str], chunk: int = 1 << 20) -> str:
    """sha256 of the file's bytes (streamed): identical files get identical digests."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


# -- change detection -------------------------------------------------------------------------


def default_region(width: int, height: int) -> Region:
    """Bottom third of the frame: where hard subtitles live, without knowing the exact band."""
    top = height * 2 // 3
    return 0, top, width, height - top


def clip_region(region: Region, width: int, height: int) -> Region:
    x, y, w, h = (int(v) for v in region)
    x0, y0 = max(0, min(x, width - 1)), max(0, min(y, height - 1))
    x1, y1 = max(x0 + 1, min(x + w, width)), max(y0 + 1, min(y + h, height))
    return x0, y0, x1 - x0, y1 - y0


def text_mask(band_bgr: np.ndarray, width: int = MASK_WIDTH) -> np.ndarray:
    """Boolean cells (``width`` wide) where the band holds white, unsaturated pixels."""
    hsv = cv2.cvtColor(band_bgr, cv2.COLOR_BGR2HSV)
    white = ((hsv[..., 2] >= WHITE_V) & (hsv[..., 1] <= WHITE_S)).astype(np.float32)
    h = max(1, round(white.shape[0] * width / white.shape[1]))
    return cv2.resize(white, (width, h), interpolation=cv2.INTER_AREA) > MASK_FILL


def change_metric(a: np.ndarray, b: np.ndarray) -> int:
    """Changed cells inside the worst text-line-high window of rows.

    Subtitle changes concentrate in one line; background changes spread over the band, so a
    window scores them lower than a plain count would.
    """
    rows = np.count_nonzero(a ^ b, axis=1)
    win = max(1, round(a.shape[1] * LINE_WINDOW))
    if len(rows) <= win:
        return int(rows.sum())
    return int(np.convolve(rows, np.ones(win, dtype=np.int64), "valid").max())


class _Detector:
    """Decides, frame by frame, whether the band changed since the last keyframe."""

    def __init__(self, diff_threshold: int, phash_distance: int, min_gap_s: float):
        self.diff_threshold = diff_threshold
        self.phash_distance = phash_distance
        self.min_gap_s = min_gap_s
        self.key_mask: np.ndarray | None = None
        self.key_hash: int | None = None
        self.key_time: float | None = None
        self.pending_time: float | None = None
        self.duplicates = 0

    def feed(self, band: np.ndarray, t: float | None) -> tuple[bool, float | None, int]:
        """Returns (emit?, time of the change onset, mask pHash)."""
        mask = text_mask(band)
        mhash = phash(mask.astype(np.float32))
        if self.key_mask is None or self.key_mask.shape != mask.shape:
            self._accept(mask, mhash, t)
            return True, t, mhash
        metric = change_metric(mask, self.key_mask)
        if metric <= self.diff_threshold:
            self.pending_time = None  # a flash that reverted
            return False, None, mhash
        if (
            self.key_hash is not None
            and hamming(mhash, self.key_hash) <= self.phash_distance
            and metric < self.diff_threshold * STRONG_CHANGE_FACTOR
        ):
            # Perceptually the same band and only a weak change: background noise, not new text.
            # Re-base on this frame so slow drifts do not keep firing.
            self.duplicates += 1
            self.key_mask = mask
            return False, None, mhash
        onset = self.pending_time if self.pending_time is not None else t
        if t is not None and self.key_time is not None and self.min_gap_s > 0:
            if t - self.key_time < self.min_gap_s:
                self.pending_time = onset
                return False, None, mhash
        self._accept(mask, mhash, t)
        return True, onset, mhash

    def _accept(self, mask: np.ndarray, mhash: int, t: float | None) -> None:
        self.key_mask, self.key_hash, self.key_time, self.pending_time = mask, mhash, t, None


# -- the stream -------------------------------------------------------------------------------

_END = object()


class KeyframeStream:
    """Iterate keyframes produced by a background thread through a bounded queue.

    ``stats`` is updated live: frames_total, keyframes, duplicates_dropped, fps, duration_s (and
    decode_s). ``close()`` stops decoding early (e.g. at the first keyword hit) and joins the thread.
    """

    def __init__(
        self,
        source: Iterator[Any],
        stats: dict[str, Any],
        queue_size: int,
        name: str,
        stop: threading.Event | None = None,
    ):
        self.stats = stats
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=max(1, queue_size))
        # shared with the source so that decoding stops within a frame, not at the next keyframe
        self._stop = stop if stop is not None else threading.Event()
        self._error: BaseException | None = None
        self._source = source
        self.thread = threading.Thread(target=self._run, name=f"keyframes:{name}", daemon=True)
        self.thread.start()

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            for kf in self._source:
                if self._stop.is_set() or not self._put(kf):
                    break
        except BaseException as e:  # noqa: BLE001 - handed to the consumer
            self._error = e
        finally:
            close = getattr(self._source, "close", None)
            if close is not None:
                close()  # runs the generator's cleanup (releases the capture) on this thread
            self._put(_END)

    def __iter__(self) -> Iterator[Keyframe]:
        while True:
            try:
                item = self._queue.get(timeout=0.1)
            except queue.Empty:
                if not self.thread.is_alive() and self._queue.empty():
                    break
                continue
            if item is _END:
                break
            yield item
        if self._error is not None:
            err = self._error
            if isinstance(err, VideoError):
                raise err
            raise VideoError(self.stats.get("path", "?"), f"decoding failed: {err}") from err

    def close(self, timeout: float = 5.0) -> None:
        self._stop.set()
        while True:  # unblock a producer waiting on a full queue
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self.thread.join(timeout)

    def __enter__(self) -> KeyframeStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open_video(path: str) -> tuple[cv2.VideoCapture, np.ndarray]:
    if not os.path.isfile(path):
        raise VideoError(path, "file not found")
    cap = cv2.VideoCapture(path)
    if not cap.isOpened():
        cap.release()
        raise VideoError(path, "cannot open as a video (corrupt or unsupported format)")
    ok, first = cap.read()
    if not ok or first is None or first.size == 0:
        cap.release()
        raise VideoError(path, "no decodable frame (corrupt or unsupported codec)")
    return cap, first


def iter_keyframes(
    path: str | os.PathLike[str],
    region: Region | None = None,
    *,
    diff_threshold: int = DEFAULT_DIFF_THRESHOLD,
    min_gap_s: float = 0.0,
    phash_distance: int = DEFAULT_PHASH_DISTANCE,
    samples_per_s: float = 8.0,
    queue_size: int = 8,
) -> KeyframeStream:
    """Start decoding ``path`` on a thread; iterate the result for :class:`Keyframe` objects.

    ``region`` (x, y, w, h, full-frame pixels) is where subtitles are looked for; None means the
    bottom third of the frame. About ``samples_per_s`` frames a second are examined (the others are
    only grabbed, not converted), which bounds time precision to 1/samples_per_s. ``min_gap_s`` > 0
    holds a change back until that long after the previous keyframe (its onset time is kept), so
    fades yield one settled frame instead of several. Raises :class:`VideoError` at once when the
    file cannot be opened or its first frame does not decode.
    """
    path = os.fspath(path)
    cap, first = _open_video(path)
    fps = cap.get(cv2.CAP_PROP_FPS)
    if not fps or not np.isfinite(fps) or fps <= 0 or fps > 1000:
        fps = 25.0  # containers without a rate: times become approximate
    count = int(cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)  # may lie; only a first estimate
    height, width = first.shape[:2]
    band = clip_region(region, width, height) if region is not None else default_region(width, height)
    step = max(1, round(fps / samples_per_s))
    stats: dict[str, Any] = {
        "path": path,
        "frames_total": 0,
        "keyframes": 0,
        "duplicates_dropped": 0,
        "fps": float(fps),
        "duration_s": round(count / fps, 3) if count > 0 else None,
        "decode_s": 0.0,
        "width": width,
        "height": height,
        "region": band,
        "complete": False,
        "damaged": [],  # [{"start_s", "end_s"}]: time ranges that could not be decoded
        "frames_lost": 0,
    }
    detector = _Detector(diff_threshold, phash_distance, min_gap_s)
    x, y, w, h = band
    stop = threading.Event()

    def frames() -> Iterator[Keyframe]:
        t0 = time.perf_counter()
        index, frame = 0, first
        try:
            while not stop.is_set():
                if frame is not None:
                    t = index / fps
                    emit, onset, mhash = detector.feed(frame[y : y + h, x : x + w], t)
                    stats["duplicates_dropped"] = detector.duplicates
                    if emit:
                        stats["keyframes"] += 1
                        yield Keyframe(index, round(onset if onset is not None else t, 3), frame, mhash, band)
                index += 1
                if index % step == 0:
                    ok, frame = cap.read()
                else:
                    ok, frame = cap.grab(), None  # skip the colour conversion of frames we ignore
                if not ok:
                    resumed = _skip_damage(cap, index, count, fps, stop)
                    if resumed is None:
                        if count - index > fps:  # over a second the container promised is unreadable
                            _note_damage(stats, index, count, fps)
                        stats["complete"] = True  # the end of the stream (or of what is readable)
                        break
                    _note_damage(stats, index, resumed[0], fps)
                    index, frame = resumed
                stats["frames_total"] = index + 1
                stats["decode_s"] = round(time.perf_counter() - t0, 3)
        finally:
            stats["frames_total"] = max(stats["frames_total"], 1)
            stats["duration_s"] = round(stats["frames_total"] / fps, 3)
            stats["decode_s"] = round(time.perf_counter() - t0, 3)
            cap.release()

    stats["frames_total"] = 1
    return KeyframeStream(frames(), stats, queue_size, os.path.basename(path), stop)


def _skip_damage(
    cap: cv2.VideoCapture, index: int, count: int, fps: float, stop: threading.Event
) -> tuple[int, np.ndarray] | None:
    """After a failed read at frame ``index`` before the container's end: seek forward a second at
    a time until a frame decodes again. Returns that frame and its index, or None when nothing
    after ``index`` is readable (or the container gives no frame count to seek by).

    FFmpeg stops a stream at a damaged packet (a clip with 300 KB garbled in the middle ended at
    15 of its 41 s, silently); seeking makes it start again from the next keyframe it can read.
    """
    if count <= index + 1:
        return None
    jump = max(1, round(fps))
    target = index + 1
    while target < count and not stop.is_set():
        if cap.set(cv2.CAP_PROP_POS_FRAMES, target):
            ok, frame = cap.read()
            if ok and frame is not None and frame.size:
                at = int(cap.get(cv2.CAP_PROP_POS_FRAMES)) - 1
                return max(at, index + 1), frame
        target += jump
    return None


def _note_damage(stats: dict[str, Any], start: int, end: int, fps: float) -> None:
    logger.warning(
        "%s: frames %d to %d (%.2f-%.2f s) could not be decoded; skipped",
        stats.get("path"),
        start,
        end,
        start / fps,
        end / fps,
    )
    stats["damaged"].append({"start_s": round(start / fps, 3), "end_s": round(end / fps, 3)})
    stats["frames_lost"] += max(0, end - start)


def _read_image(path: str) -> np.ndarray | None:
    """A frame image as BGR, or None when it cannot be read (the folder walk skips it)."""
    try:
        return load_image(path)
    except LoadError as exc:
        logger.debug("%s", exc)
        return None


def iter_frame_folder(
    directory: str | os.PathLike[str],
    region: Region | None = None,
    *,
    fps_assumed: float | None = 1.0,
    diff_threshold: int = DEFAULT_DIFF_THRESHOLD,
    phash_distance: int = DEFAULT_PHASH_DISTANCE,
    queue_size: int = 8,
) -> KeyframeStream:
    """Keyframes from a folder of frame images (sorted by name), with the same de-duplication.

    Unlike a video, ``region=None`` means the whole image (folders often hold subtitle strips
    already). ``time_s`` = position / ``fps_assumed``, or None when ``fps_assumed`` is None.
    Unreadable images are skipped and counted in ``stats["unreadable"]``.
    """
    directory = os.fspath(directory)
    if not os.path.isdir(directory):
        raise VideoError(directory, "not a folder")
    files = sorted(f for f in os.listdir(directory) if f.lower().endswith(IMAGE_EXTS))
    stats: dict[str, Any] = {
        "path": directory,
        "frames_total": len(files),
        "keyframes": 0,
        "duplicates_dropped": 0,
        "fps": fps_assumed,
        "duration_s": round(len(files) / fps_assumed, 3) if fps_assumed else None,
        "unreadable": 0,
        "complete": False,
    }
    detector = _Detector(diff_threshold, phash_distance, 0.0)

    def frames() -> Iterator[Keyframe]:
        for index, name in enumerate(files):
            full = os.path.join(directory, name)
            img = _read_image(full)
            if img is None:
                logger.warning("skipping unreadable frame image %s", full)
                stats["unreadable"] += 1
                continue
            hh, ww = img.shape[:2]
            band = clip_region(region, ww, hh) if region is not None else None
            x, y, w, h = band if band is not None else (0, 0, ww, hh)
            t = round(index / fps_assumed, 3) if fps_assumed else None
            emit, onset, mhash = detector.feed(img[y : y + h, x : x + w], t)
            stats["duplicates_dropped"] = detector.duplicates
            if emit:
                stats["keyframes"] += 1
                yield Keyframe(index, onset, img, mhash, band, full)
        stats["complete"] = True

    return KeyframeStream(frames(), stats, queue_size, os.path.basename(directory))
