"""The three OCR stages on ONNX Runtime: text detection, orientation, recognition.

Every object here is built once and only read afterwards, so one instance serves all worker
threads at once: ONNX Runtime sessions may run concurrently, and nothing is stored per call
(RapidOCR's own ``TextDetector`` assigns ``self.preprocess_op`` on every call, and its
``RapidOCR.__call__`` rewrites post-processing thresholds, which is why they are not used here).
Each session runs single-threaded: parallelism comes from running many tasks at once.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import onnxruntime as ort
from rapidocr_onnxruntime.ch_ppocr_det.utils import DBPostProcess

from desktop_ocr.core.det_geometry import DetGeometry, Window, merge_tiled_boxes, plan_windows, read_scale

logger = logging.getLogger(__name__)


def make_session(path: Path, threads: int = 1, arena: bool = True) -> ort.InferenceSession:
    """``arena=False`` for a model whose inputs vary widely in size (detection): ONNX Runtime's
    CPU arena keeps the largest run's memory for the life of the session (a 2000x2536 page left
    the process at 906 MB instead of 142 MB), and it grows in doubling chunks (peak 945 MB
    instead of 671 MB)."""
    opts = ort.SessionOptions()
    opts.enable_cpu_mem_arena = arena
    opts.log_severity_level = 4
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # spinning worker threads would steal the core another task needs
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


@dataclass(frozen=True)
class DetOptions(DetGeometry):
    """The detection input's geometry (see :class:`DetGeometry`) and DBNet's thresholds."""

    thresh: float = 0.3
    box_thresh: float = 0.5
    unclip_ratio: float = 1.6


class Detector:
    """DBNet text detection: page (BGR) -> quadrilaterals in the page's own pixels."""

    def __init__(self, model: Path, options: DetOptions | None = None, threads: int = 1):
        self.opt = options or DetOptions()
        self.session = make_session(model, threads, arena=False)
        self.input_name = self.session.get_inputs()[0].name
        self.post = DBPostProcess(
            thresh=self.opt.thresh,
            box_thresh=self.opt.box_thresh,
            max_candidates=1000,
            unclip_ratio=self.opt.unclip_ratio,
            use_dilation=True,
            score_mode="fast",
        )

    def __call__(self, image: np.ndarray, run_options: ort.RunOptions | None = None) -> np.ndarray:
        """Return an (N, 4, 2) float32 array of boxes (tl, tr, br, bl) in ``image`` pixels.

        An image too small to hold text gives no boxes without running the model; a long strip is
        detected in overlapping windows (see :mod:`desktop_ocr.core.det_geometry`).
        ``run_options`` lets the scheduler abort the model call (``terminate``) to make room for
        an interactive capture."""
        windows = plan_windows(image.shape[0], image.shape[1], self.opt)
        if not windows:
            return np.zeros((0, 4, 2), np.float32)
        if len(windows) == 1:
            return self._detect(image, windows[0], run_options)
        logger.info("detecting a %dx%d image in %d windows", image.shape[1], image.shape[0], len(windows))
        return merge_tiled_boxes([(i, self._detect(image, w, run_options)) for i, w in enumerate(windows)])

    def _detect(self, image: np.ndarray, win: Window, run_options: ort.RunOptions | None) -> np.ndarray:
        img = image[win.y0 : win.y1, win.x0 : win.x1]
        raw_h, raw_w = image.shape[:2]
        if win.scale < 1.0:
            h, w = img.shape[:2]
            size = (max(1, round(w * win.scale)), max(1, round(h * win.scale)))
            img = cv2.resize(img, size, interpolation=cv2.INTER_AREA)
        if win.pad_top or win.pad_left:
            t, lft = win.pad_top, win.pad_left
            img = cv2.copyMakeBorder(img, t, t, lft, lft, cv2.BORDER_CONSTANT, value=(0, 0, 0))
        rh, rw = img.shape[:2]
        resized = cv2.resize(img, (win.tensor_w, win.tensor_h))
        del img
        bands = win.bands()
        if len(bands) == 1:
            pred = self._run(resized, run_options)
        else:  # the text map joined from bands of the input: memory of a band, boxes of the page
            pred = np.empty((1, 1, win.tensor_h, win.tensor_w), np.float32)
            for y0, _y1, use0, use1 in bands:
                part = self._run(resized[y0 : y0 + win.band_rows], run_options)
                pred[:, :, use0:use1] = part[:, :, use0 - y0 : use1 - y0]
                del part
        del resized
        boxes, _scores = self.post(pred, (rh, rw))
        out = []
        for box in boxes:
            box = order_points(box.astype(np.float32))
            box[:, 0] -= win.pad_left
            box[:, 1] -= win.pad_top
            box /= win.scale
            box[:, 0] += win.x0
            box[:, 1] += win.y0
            box[:, 0] = np.clip(box[:, 0], 0, raw_w - 1)
            box[:, 1] = np.clip(box[:, 1], 0, raw_h - 1)
            if np.linalg.norm(box[0] - box[1]) <= 3 or np.linalg.norm(box[0] - box[3]) <= 3:
                continue
            out.append(box)
        return np.array(out, dtype=np.float32).reshape(-1, 4, 2)

    def _run(self, resized: np.ndarray, run_options: ort.RunOptions | None) -> np.ndarray:
        """DBNet's text map of a model-sized BGR input, from its normalised NCHW float32 tensor,
        built in place in one buffer (no float64 copies)."""
        h, w = resized.shape[:2]
        x = np.empty((1, 3, h, w), np.float32)
        for c in range(3):
            # (v / 255 - 0.5) / 0.5 == v / 127.5 - 1
            np.multiply(resized[:, :, c], 1 / 127.5, out=x[0, c], casting="unsafe")
        x -= 1.0
        return self.session.run(None, {self.input_name: x}, run_options)[0]

    def read_scale(self, shape: tuple[int, ...]) -> float:
        """The scale detection saw the text at: lines are read at it too (see EngineOptions)."""
        return read_scale(shape[0], shape[1], self.opt)


def order_points(pts: np.ndarray) -> np.ndarray:
    """tl, tr, br, bl: left pair sorted by y, right pair sorted by y."""
    xs = pts[np.argsort(pts[:, 0], kind="stable")]
    left = xs[:2][np.argsort(xs[:2, 1], kind="stable")]
    right = xs[2:][np.argsort(xs[2:, 1], kind="stable")]
    return np.array([left[0], right[0], right[1], left[1]], dtype=np.float32)


def crop_box(
    image: np.ndarray, box: np.ndarray, pad: float = 0.0, scale: float = 1.0, min_height: int = 0
) -> np.ndarray:
    """Perspective-rectify the quadrilateral into an upright crop; tall crops are turned 90°.

    ``pad`` grows the box by that fraction of its height on every side (clipped to the image)
    so that glyphs the detector clipped are whole again. ``scale`` < 1 shrinks the crop with
    area averaging, but never below ``min_height`` pixels of text height.
    """
    pts = box.astype(np.float32).copy()
    if pad > 0:
        height = max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2]))
        d = pad * height
        u = pts[1] - pts[0]
        u /= max(np.linalg.norm(u), 1e-6)
        v = np.array([-u[1], u[0]], dtype=np.float32)
        for i, (su, sv) in enumerate(((-1, -1), (1, -1), (1, 1), (-1, 1))):
            pts[i] += su * d * u + sv * d * v
        h, w = image.shape[:2]
        pts[:, 0] = np.clip(pts[:, 0], 0, w - 1)
        pts[:, 1] = np.clip(pts[:, 1], 0, h - 1)
    cw = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
    ch = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
    cw, ch = max(cw, 1), max(ch, 1)
    dst = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(pts, dst)
    crop = cv2.warpPerspective(image, m, (cw, ch), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)
    short = min(cw, ch)  # the text height, whichever way the line runs
    scale = max(scale, min(1.0, min_height / short))
    if scale < 1.0:
        size = (max(1, round(cw * scale)), max(1, round(ch * scale)))
        crop = cv2.resize(crop, size, interpolation=cv2.INTER_AREA)
    if ch / cw >= 1.5:
        crop = np.rot90(crop)
    return np.ascontiguousarray(crop)


class Classifier:
    """Text orientation (0° or 180°): upside-down crops are turned before recognition."""

    shape = (3, 48, 192)
    batch = 6
    thresh = 0.9

    def __init__(self, model: Path, threads: int = 1):
        self.session = make_session(model, threads)
        self.input_name = self.session.get_inputs()[0].name

    def __call__(self, crops: list[np.ndarray]) -> list[np.ndarray]:
        """The crops, those that look upside down turned by 180°."""
        return [cv2.rotate(c, cv2.ROTATE_180) if f else c for c, f in zip(crops, self.upside_down(crops))]

    def upside_down(self, crops: list[np.ndarray]) -> list[bool]:
        """Per crop, whether it looks upside down.

        The model sees a line squeezed into 192x48 pixels, so a long line (30:1) is often called
        upside down when it is not: callers should confirm a turn with the recogniser.
        """
        out = [False] * len(crops)
        order = np.argsort([c.shape[1] / c.shape[0] for c in crops])
        for b in range(0, len(crops), self.batch):
            idx = order[b : b + self.batch]
            batch = np.stack([self._norm(crops[i]) for i in idx])
            prob = self.session.run(None, {self.input_name: batch})[0]
            for i, p in zip(idx, prob):
                out[i] = bool(int(p.argmax()) == 1 and p[1] > self.thresh)
        return out

    def _norm(self, img: np.ndarray) -> np.ndarray:
        c, h, w = self.shape
        rw = min(w, int(math.ceil(h * img.shape[1] / img.shape[0])))
        x = cv2.resize(img, (max(rw, 1), h)).astype(np.float32).transpose(2, 0, 1) / 255.0
        pad = np.zeros((c, h, w), dtype=np.float32)
        pad[:, :, :rw] = (x - 0.5) / 0.5
        return pad


# A character's runner-up reading is kept when the recogniser gives it at least this probability
# somewhere over that character's columns. Look-alike glyphs the model confuses sit well above it
# (a film subtitle's 耍, read as 要: 0.11-0.28), and keyword matching only uses them to report a
# *possible* hit, so a low bar costs little.
ALTERNATE_MIN = 0.05


@dataclass(frozen=True)
class Recognized:
    """One crop's text with, per character, its centre as a fraction of the crop's width.

    ``alternates`` lists ``(index in text, character, probability)`` for characters whose runner-up
    reading reached :data:`ALTERNATE_MIN`.
    """

    text: str
    score: float
    positions: tuple[float, ...]
    char_scores: tuple[float, ...]
    alternates: tuple[tuple[int, str, float], ...] = ()


class DictionaryError(ValueError):
    """A dictionary that does not fit its recognition model; the message says how."""


def output_classes(session: ort.InferenceSession) -> int | None:
    """The recogniser's number of classes when the model states it (None when dynamic)."""
    last = session.get_outputs()[0].shape[-1]
    return last if isinstance(last, int) and last > 0 else None


def load_charset(lines: list[str], layout: str = "paddle", classes: int | None = None) -> tuple[str, ...]:
    """The recogniser's classes in output order, index 0 the CTC blank (as "").

    Packs lay their dictionary out differently: PaddleOCR's own lists the characters only (the
    blank before them and a space after them are implied: ``paddle``); others list every class,
    a ``blank`` token first and the space last (``full``). Read with the wrong layout every
    character comes out shifted by one (敢耍我 read as 逮耐告), so ``auto`` tells them apart by
    the model's number of classes, and a stated layout is checked against it.
    """
    if layout == "auto":
        if classes is None or classes == len(lines) + 2:
            layout = "paddle"
        elif classes == len(lines):
            layout = "full"
        elif classes == len(lines) + 1:
            return ("", *lines)  # a dictionary that lists the space itself
        else:
            raise DictionaryError(
                f"{len(lines)} characters do not fit the recognition model's {classes} classes"
            )
    if layout == "paddle":
        charset = ("", *lines, " ")
    elif layout == "full":
        charset = ("", *lines[1:])
    else:
        raise DictionaryError(f"unknown dictionary layout {layout!r}")
    if classes is not None and len(charset) != classes:
        raise DictionaryError(
            f"{len(lines)} lines ({layout} layout) do not fit the recognition model's {classes} classes"
        )
    return charset


class Recognizer:
    """CRNN/SVTR text recognition with CTC decoding that keeps each character's position."""

    height = 48
    base_width = 320
    batch = 6
    batch_columns = 6 * 480  # padded input columns per model call (see _batches)

    def __init__(self, model: Path, dictionary: Path | None = None, threads: int = 1, layout: str = "paddle"):
        self.session = make_session(model, threads)
        self.input_name = self.session.get_inputs()[0].name
        if dictionary is not None:
            chars = dictionary.read_text(encoding="utf-8").splitlines()
        else:
            chars = self.session.get_modelmeta().custom_metadata_map["character"].splitlines()
        self.charset: tuple[str, ...] = load_charset(chars, layout, output_classes(self.session))

    def __call__(self, crops: list[np.ndarray]) -> list[Recognized]:
        results: list[Recognized | None] = [None] * len(crops)
        ratios = [c.shape[1] / max(c.shape[0], 1) for c in crops]
        order = [int(i) for i in np.argsort(ratios, kind="stable")]  # similar widths batch together
        for idx in self._batches(order, ratios):
            max_ratio = max(self.base_width / self.height, *(ratios[i] for i in idx))
            width = int(self.height * max_ratio)
            tensors, fills = [], []
            for i in idx:
                t, used = self._norm(crops[i], width)
                tensors.append(t)
                fills.append(used / width)
            preds = self.session.run(None, {self.input_name: np.stack(tensors)})[0]
            for i, pred, fill in zip(idx, preds, fills):
                results[i] = self._decode(pred, fill)
        return results  # type: ignore[return-value]

    def _batches(self, order: list[int], ratios: list[float]) -> list[list[int]]:
        """Up to ``batch`` crops at a time, fewer when they are wide: a batch's memory grows with
        its padded width, and a batch of six 2000 px lines took 324 MB (one at a time: 157 MB,
        and no slower, since a line's cost does not shrink by sharing a model call)."""
        out: list[list[int]] = []
        cur: list[int] = []
        for i in order:  # widest last, so the padded width of ``cur + [i]`` is i's
            width = self.height * max(self.base_width / self.height, ratios[i])
            if cur and (len(cur) >= self.batch or width * (len(cur) + 1) > self.batch_columns):
                out.append(cur)
                cur = []
            cur.append(i)
        if cur:
            out.append(cur)
        return out

    def _norm(self, img: np.ndarray, width: int) -> tuple[np.ndarray, int]:
        h = self.height
        rw = min(width, int(math.ceil(h * img.shape[1] / max(img.shape[0], 1))))
        rw = max(rw, 1)
        x = cv2.resize(img, (rw, h)).astype(np.float32).transpose(2, 0, 1) / 255.0
        pad = np.zeros((3, h, width), dtype=np.float32)
        pad[:, :, :rw] = (x - 0.5) / 0.5
        return pad, rw

    def _decode(self, pred: np.ndarray, fill: float) -> Recognized:
        idx = pred.argmax(axis=1)
        prob = pred.max(axis=1)
        steps = len(idx)
        keep = np.ones(steps, dtype=bool)
        keep[1:] = idx[1:] != idx[:-1]
        keep &= idx != 0
        cols = np.nonzero(keep)[0]
        if len(cols) == 0:
            return Recognized("", 0.0, (), ())
        text = "".join(self.charset[i] for i in idx[cols])
        # column c covers [c, c+1) of the padded input; divide by the filled share of it
        positions = tuple(float(min(1.0, (c + 0.5) / steps / max(fill, 1e-6))) for c in cols)
        scores = tuple(float(p) for p in prob[cols])
        return Recognized(
            text, float(np.mean(scores)), positions, scores, self._alternates(pred, idx, prob, cols)
        )

    def _alternates(
        self, pred: np.ndarray, idx: np.ndarray, prob: np.ndarray, cols: np.ndarray
    ) -> tuple[tuple[int, str, float], ...]:
        out = []
        steps = len(idx)
        for k, c in enumerate(cols):
            end = c + 1
            while end < steps and idx[end] == idx[c]:
                end += 1
            # where the top class has 1 - ALTERNATE_MIN or more, no other class can reach the bar
            if prob[c:end].min() >= 1.0 - ALTERNATE_MIN:
                continue
            run = pred[c:end].max(axis=0)
            run[0] = run[idx[c]] = 0.0  # neither the blank nor the character itself
            j = int(run.argmax())
            ch = self.charset[j] if j < len(self.charset) else ""
            if run[j] >= ALTERNATE_MIN and ch.strip():
                out.append((k, ch, round(float(run[j]), 3)))
        return tuple(out)
