"""Screen capture from anywhere: hotkey -> grab every screen -> region selector -> OCR -> clipboard.

Threads: a hotkey backend calls ``hotkey_callback`` on ITS thread; that only stamps the time and
emits ``_hotkey`` (an argument-less signal of this GUI-thread object), which Qt queues to the GUI
thread, where the capture starts. Everything else runs in the GUI thread; the OCR runs as an
interactive job on the shared runner, ahead of any batch.

Detection size: the detector brings a page's SHORT side up to 736 px so that small print gets
enough pixels. A screen crop of 800x300 would be upscaled 2.45x (1952x736, ~1.4 MP) although
screen text is already large and crisp enough at 1:1 (measured: 10 px DejaVu text reads without
error at 1:1). A capture crop is therefore padded with its background colour up to 736 px
instead of being upscaled (~0.6 MP for 800x300): detection gets ~2.4x cheaper, boxes keep the
crop's own pixel coordinates (the padding is at the right and bottom), and the padding is
trimmed from the result again. See ``bench_capture`` for the figures.

Orientation: screen text is upright, and the 0/180° classifier misreads crisp rendered text: on
12 crops of 5 rendered lines (12-24 px, three fonts) it flipped whole lines, mean CER 8.5% with
it vs 0.2% without (stock detection), 12.8% vs 0.1% (padded). A capture job therefore runs on
``upright_stages``: the same engine and sessions with the classifier off, passed to the scheduler
as that job's stages, so other jobs are untouched.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication

from desktop_ocr.core.images import PageSource
from desktop_ocr.core.joining import join_text
from desktop_ocr.core.results import PageResult
from desktop_ocr.gui.keyword_store import KeywordStore
from desktop_ocr.gui.selector import RegionSelector
from desktop_ocr.platform.capture import CaptureError, ScreenGrabber, choose_grabber
from desktop_ocr.platform.hotkeys import HotkeyBackend, HotkeyError, choose_backend, parse_combo

logger = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("CaptureController", text)


DEFAULT_DET_SIDE = 736  # DetOptions.limit_side_len, used when the engine does not say


# -- the crop as an OCR page ------------------------------------------------------------------------
def background_colour(image: np.ndarray) -> tuple[int, int, int]:
    """The crop's background: the median colour of its one-pixel border."""
    border = np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]]).reshape(-1, 3)
    return tuple(int(v) for v in np.median(border, axis=0))


def pad_for_detection(image: np.ndarray, min_side: int = DEFAULT_DET_SIDE) -> np.ndarray:
    """Pad right/bottom with the background colour so that both sides are >= ``min_side``:
    the detector then reads the text at 1:1 instead of upscaling the whole crop."""
    h, w = image.shape[:2]
    if min(h, w) >= min_side:
        return image
    out = np.empty((max(h, min_side), max(w, min_side), 3), np.uint8)
    out[:] = background_colour(image)
    out[:h, :w] = image
    return out


def capture_source(crop: np.ndarray, name: str, min_side: int = DEFAULT_DET_SIDE) -> PageSource:
    padded = pad_for_detection(np.ascontiguousarray(crop), min_side)
    padded.setflags(write=False)
    return PageSource(path=name, page=None, loader=lambda: padded.copy())


def upright_stages(engine: Any) -> Any:
    """The engine without the orientation classifier: a shallow copy sharing its sessions."""
    options = getattr(engine, "options", None)
    if not (dataclasses.is_dataclass(options) and getattr(options, "use_cls", False)):
        return engine
    upright = copy.copy(engine)
    upright.options = dataclasses.replace(options, use_cls=False)
    return upright


def trim_result(result: PageResult, width: int, height: int) -> PageResult:
    """Undo the padding: the page is the crop again and no box reaches into the padding."""
    result.width, result.height = int(width), int(height)
    for ln in result.lines:
        ln.box = [
            [min(max(float(x), 0.0), width - 1.0), min(max(float(y), 0.0), height - 1.0)] for x, y in ln.box
        ]
    return result


def det_side(engine: Any) -> int:
    opts = getattr(getattr(engine, "options", None), "det", None)
    return int(getattr(opts, "limit_side_len", DEFAULT_DET_SIDE))


def first_line(text: str, limit: int = 80) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


@dataclass
class CaptureOutcome:
    """One finished capture, as the notification and the main window see it."""

    result: PageResult
    image: np.ndarray  # the crop, BGR
    rect: tuple[int, int, int, int]  # virtual-desktop physical px
    text: str  # joined per capture_join_mode
    copied: bool
    keywords: list[str] = field(default_factory=list)  # labels of the keywords found
    timings: dict[str, float] = field(default_factory=dict)  # ms


@dataclass
class _Pending:
    crop: np.ndarray
    rect: tuple[int, int, int, int]
    t_release: float


class CaptureController(QObject):
    """Owns the hotkey registration, the selector and the capture jobs.

    ``notify(title, message)`` (set by the tray) shows a notification; ``show_result(outcome)``
    opens a result in the main window. Both are optional. ``keywords`` is the app's keyword list
    (the one the main window's panel edits); without one, a list of its own is read from the
    settings.
    """

    about_to_grab = Signal()  # hide our own notices: they must not end up in the frozen screen
    capture_started = Signal()
    selector_shown = Signal()  # the first overlay painted
    finished = Signal(object)  # CaptureOutcome
    failed = Signal(str)
    cancelled = Signal()
    hotkey_changed = Signal(str)  # the registered combination ("" when none)
    _hotkey = Signal()

    def __init__(
        self,
        settings,
        runner,
        *,
        keywords: KeywordStore | None = None,
        grabber: ScreenGrabber | None = None,
        hotkey_backend: Callable[[], HotkeyBackend | None] | None = choose_backend,
        notify: Callable[[str, str], None] | None = None,
        show_result: Callable[[CaptureOutcome], None] | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.settings = settings
        self.runner = runner
        self._grabber = grabber
        self._backend_factory = hotkey_backend
        self.backend: HotkeyBackend | None = None
        self.hotkey: str | None = None  # the combination currently registered
        self.hotkey_error: str | None = None  # why the wanted one is not registered
        self.notify = notify
        self.show_result = show_result
        self.selector = RegionSelector(self)
        self.selector.selected.connect(self._on_selected)
        self.selector.cancelled.connect(self._on_cancelled)
        self.keywords = keywords if keywords is not None else KeywordStore(settings, self)
        self._jobs: dict[object, _Pending] = {}  # JobHandle -> its crop
        self._t_trigger: float | None = None
        self._painted = False
        self._t_start = 0.0
        self.last_timings: dict[str, float] = {}
        # Cross-thread emission is queued; the explicit type also defers a same-thread emit,
        # so a backend that fires synchronously still never re-enters the GUI code.
        self._hotkey.connect(self.start_capture, Qt.ConnectionType.QueuedConnection)
        self._stages = upright_stages(getattr(getattr(runner, "core", None), "stages", None))

    # -- hotkey -----------------------------------------------------------------------------------
    def hotkey_callback(self) -> None:
        """Called by the hotkey backend on its own thread: stamp the time, hand over to Qt."""
        self._t_trigger = time.perf_counter()
        self._hotkey.emit()

    def _ensure_backend(self) -> HotkeyBackend | None:
        if self.backend is None and self._backend_factory is not None:
            self.backend = self._backend_factory()
            self._backend_factory = None  # try once: a missing X display will not appear later
        return self.backend

    def register_hotkey(self, combo: str) -> str | None:
        """Register ``combo`` (first time). Returns None or the message telling why it failed."""
        backend = self._ensure_backend()
        if backend is None:
            self.hotkey_error = tr(
                "Global shortcuts are not available on this desktop; start a capture from the tray menu "
                "or bind the command `desktop-ocr capture` to a shortcut in the desktop's settings."
            )
            logger.warning(self.hotkey_error)
            return self.hotkey_error
        try:
            backend.register(combo, self.hotkey_callback)
        except HotkeyError as exc:
            self.hotkey_error = str(exc)  # the backend's sentence names the shortcut and the fix
            logger.warning("hotkey %s: %s", combo, exc)
            return self.hotkey_error
        self.hotkey = str(parse_combo(combo))
        self.hotkey_error = None
        logger.info("global hotkey %s registered (%s)", self.hotkey, getattr(backend, "name", "?"))
        self.hotkey_changed.emit(self.hotkey)
        return None

    def change_hotkey(self, combo: str) -> str | None:
        """Switch to ``combo``; on failure the previous combination is registered again and the
        message is returned (the caller shows it and keeps the old setting)."""
        try:
            wanted = str(parse_combo(combo))
        except HotkeyError as exc:
            return str(exc)
        if wanted == self.hotkey:
            return None
        previous = self.hotkey
        error = self.register_hotkey(combo)
        if error is None:
            return None
        if previous is not None and self.backend is not None:
            try:
                self.backend.register(previous, self.hotkey_callback)
                self.hotkey = previous
            except HotkeyError as exc:  # lost the old one meanwhile: say so, nothing is registered
                logger.warning("re-registering %s failed: %s", previous, exc)
                self.hotkey = None
                self.hotkey_changed.emit("")
        self.hotkey_error = error
        return error

    def close(self) -> None:
        self.selector.cancel()
        if self.backend is not None:
            try:
                self.backend.close()
            except Exception:
                logger.exception("closing the hotkey backend failed")
            self.backend = None
        self.hotkey = None

    # -- capture ----------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """The selector is open or a capture is still being read."""
        return self.selector.is_active() or bool(self._jobs)

    def set_grabber(self, grabber: ScreenGrabber | None) -> None:
        """Use this screen grabber (None: the platform's, found on the next capture)."""
        self._grabber = grabber

    def grabber(self) -> ScreenGrabber | None:
        if self._grabber is None:
            self._grabber = choose_grabber()
        return self._grabber

    def start_capture(self) -> bool:
        """Grab every screen, then show the selector. False when it could not start."""
        t0 = self._t_trigger or time.perf_counter()
        self._t_trigger = None
        if self.selector.is_active():
            logger.info("capture requested while the selector is open: ignored")
            return False
        grabber = self.grabber()
        if grabber is None:
            return self._fail(tr("Screen capture is not available: no graphical session was found."))
        self.about_to_grab.emit()
        try:
            shots = grabber.grab_all()
        except CaptureError as exc:
            return self._fail(tr("The screen could not be captured: {0}").format(exc))
        t_grab = time.perf_counter()
        self.last_timings = {"grab_ms": (t_grab - t0) * 1000}
        self._t_start = t0
        self._painted = False
        self.capture_started.emit()
        self.selector.start(shots)
        for overlay in self.selector.overlays:
            overlay.installEventFilter(self)
        return self.selector.is_active()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            self.last_timings["selector_visible_ms"] = (time.perf_counter() - self._t_start) * 1000
            logger.info(
                "selector visible %.0f ms after the request", self.last_timings["selector_visible_ms"]
            )
            self.selector_shown.emit()
        return False

    def _on_cancelled(self) -> None:
        logger.info("capture cancelled")
        self.cancelled.emit()

    def _on_selected(self, crop: np.ndarray, rect: tuple) -> None:
        self.submit_crop(crop, tuple(rect))

    def submit_crop(self, crop: np.ndarray, rect: tuple[int, int, int, int] = (0, 0, 0, 0)):
        """Read ``crop`` as an interactive job (what a finished selection does); its JobHandle."""
        t_release = time.perf_counter()
        name = datetime.now().strftime("capture-%Y%m%d-%H%M%S.png")
        job = self.runner.submit(
            [capture_source(crop, name, det_side(self._stages))], interactive=True, stages=self._stages
        )
        self._jobs[job] = _Pending(np.ascontiguousarray(crop), rect, t_release)
        job.page_done.connect(lambda _i, result, j=job: self._on_page(j, result))
        job.page_failed.connect(lambda _i, result, j=job: self._on_page_failed(j, result))
        job.finished.connect(lambda _ev, j=job: self._jobs.pop(j, None))  # a cancelled job delivers nothing
        return job

    def _on_page(self, job, result: PageResult) -> None:
        pending = self._jobs.pop(job, None)
        if pending is None:
            return
        h, w = pending.crop.shape[:2]
        trim_result(result, w, h)
        hits = self.keyword_labels(result)
        text = join_text(result.lines, self.settings.get("capture_join_mode"))
        copied = False
        if text and self.settings.get("copy_to_clipboard"):
            QGuiApplication.clipboard().setText(text)
            copied = True
        t_done = time.perf_counter()
        timings = dict(self.last_timings)
        timings["release_to_clipboard_ms"] = (t_done - pending.t_release) * 1000
        outcome = CaptureOutcome(result, pending.crop, pending.rect, text, copied, hits, timings)
        logger.info(
            "capture read in %.0f ms: %d lines, copied=%s",
            timings["release_to_clipboard_ms"],
            len(result.lines),
            copied,
        )
        self._announce(outcome)
        if self.settings.get("open_result_window") and self.show_result is not None:
            try:
                self.show_result(outcome)
            except Exception:  # the capture's text is on the clipboard already; don't lose that
                logger.exception("showing the capture in the main window failed")
        self.finished.emit(outcome)

    def _on_page_failed(self, job, result: PageResult) -> None:
        if self._jobs.pop(job, None) is not None:
            self._fail(tr("Reading the capture failed: {0}").format(result.error))

    def _fail(self, message: str) -> bool:
        logger.error("capture: %s", message)
        if self.notify is not None:
            self.notify(tr("Capture failed"), message)
        self.failed.emit(message)
        return False

    def _announce(self, outcome: CaptureOutcome) -> None:
        if self.notify is None:
            return
        if not outcome.text:
            self.notify(tr("No text found"), tr("The selected region holds no text that could be read."))
            return
        if outcome.keywords:
            title = tr("Text copied – keywords found") if outcome.copied else tr("Text read – keywords found")
        else:
            title = tr("Text copied") if outcome.copied else tr("Text read")
        message = first_line(outcome.text)
        n = sum(1 for ln in outcome.text.splitlines() if ln.strip())  # blank lines part paragraphs
        if n == 2:
            message += "  " + tr("(+1 more line)")
        elif n > 2:
            message += "  " + tr("(+{0} more lines)").format(n - 1)
        if outcome.keywords:
            message += "\n" + tr("Keywords: {0}").format(", ".join(outcome.keywords))
        self.notify(title, message)

    # -- keywords ---------------------------------------------------------------------------------
    def keyword_labels(self, result: PageResult) -> list[str]:
        """The keywords of the app's list found in ``result``, as the notification names them."""
        matcher = self.keywords.matcher()
        if matcher is None:
            return []
        hits = matcher.match_page(result)
        plain = {h.keyword for h in hits if not h.possible}
        labels: list[str] = []
        for h in hits:
            # a keyword seen only as a look-alike reading says so in the notification
            label = h.keyword if h.keyword in plain else f"{h.keyword} (possible)"
            if label not in labels:
                labels.append(label)
        return labels
