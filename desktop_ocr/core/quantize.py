"""INT8 detection and recognition, made here from the FP32 models on first use (never downloaded).

Not offered as a setting (``model_sets.OFFER_INT8``): measured faster, but less accurate than
the +0.003 CER the project allows (scribe line CER 0.040 -> 0.064).

Recipe (measured in issue 14; dynamic INT8 was 1.5-2x *slower* than FP32 on these convolutional
models, ConvInteger having no fast kernel, so it is not offered): static QDQ quantisation with
per-channel INT8 weights and UINT8 activations, calibrated (min/max) on pages rendered here with
Pillow, English and Chinese, at several text sizes. The PaddleOCR exports are opset 12, whose
DequantizeLinear has no ``axis``: they are converted to opset 13 first.

The result is cached in the user's cache folder under the source file's digest, so it is made once
(a few seconds). It needs the ``onnx`` package (``desktop-ocr[int8]``); ONNX Runtime alone runs the
quantised files.

    python -m desktop_ocr.core.quantize      # build (or find) the INT8 files and print their paths
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import random
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np

from desktop_ocr.core.models import ModelSet, ModelSetError

logger = logging.getLogger(__name__)

RECIPE = "qdq-u8s8-minmax-v1"  # part of the cache key: a changed recipe makes new files
INSTALL = "pip install 'desktop-ocr[int8]'"
_lock = threading.Lock()

_WORDS = (
    "the quick brown fox jumps over lazy dog invoice total amount 2024 report page section results "
    "table figure court filing March receipt subtotal $12.50 No. 4711 e-mail www.example.com"
).split()
_ZH = "没人告诉他空间早就进不去了吗什么情况敢耍我怎么回事总部就派您一个人来了吗还有我对付不了的敌人会议将于下周举行请准备工作总结"
_CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.environ.get("LOCALAPPDATA") if sys.platform == "win32" else None
    )
    return Path(base or Path.home() / ".cache") / "desktop-ocr" / "int8"


def _digest(path: Path) -> str:
    h = hashlib.sha256(RECIPE.encode())
    h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _font(size: int, cjk: bool):
    from PIL import ImageFont

    if cjk:
        for p in _CJK_FONTS:
            if os.path.exists(p):
                return ImageFont.truetype(p, size)
        return None
    try:
        return ImageFont.load_default(size)
    except TypeError:  # Pillow < 10.1: one bitmap size
        return ImageFont.load_default()


def calibration_pages(n: int = 12, seed: int = 1) -> list[np.ndarray]:
    """White pages of random English and (where a CJK font exists) Chinese lines, BGR."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    pages = []
    for i in range(n):
        cjk = i % 2 == 1
        size = rnd.choice((16, 22, 30, 40))
        font = _font(size, cjk)
        if font is None:
            font, cjk = _font(size, False), False
        if cjk:
            lines = ["".join(rnd.choice(_ZH) for _ in range(rnd.randint(4, 16))) for _ in range(8)]
        else:
            lines = [" ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(3, 9))) for _ in range(10)]
        img = Image.new("RGB", (1100, int(60 + size * 1.8 * len(lines))), "white")
        d = ImageDraw.Draw(img)
        for k, text in enumerate(lines):
            d.text((30, 30 + k * size * 1.8), text, font=font, fill="black")
        pages.append(np.ascontiguousarray(np.array(img)[:, :, ::-1]))
    return pages


def _calibration(models: ModelSet) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Detection inputs and recognition inputs, preprocessed exactly as the stages do."""
    from desktop_ocr.core.stages import Detector, Recognizer, crop_box

    det = Detector(models.det)
    rec = Recognizer(models.rec, models.dictionary, layout=models.dictionary_layout)
    det_in, rec_in = [], []
    for page in calibration_pages():
        det_in.append(det._preprocess(page)[0])
        for box in det(page)[:6]:
            crop = crop_box(page, box)
            width = max(rec.base_width, int(rec.height * crop.shape[1] / max(crop.shape[0], 1)))
            rec_in.append(rec._norm(crop, width)[0][None])
    return det_in, rec_in


def _quantize(src: Path, dst: Path, inputs: list[np.ndarray], tmp: Path) -> None:
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    pre = tmp / f"{src.stem}.pre.onnx"
    quant_pre_process(str(src), str(pre), skip_symbolic_shape=True)
    model = onnx.load(str(pre))
    if next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx")) < 13:
        onnx.save(version_converter.convert_version(model, 13), str(pre))
    name = model.graph.input[0].name

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.it = iter([{name: x} for x in inputs])

        def get_next(self):
            return next(self.it, None)

    out = tmp / dst.name
    quantize_static(
        str(pre),
        str(out),
        Reader(),
        quant_format=QuantFormat.QDQ,
        per_channel=True,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        calibrate_method=CalibrationMethod.MinMax,
    )
    os.replace(out, dst)


def quantized_set(models: ModelSet) -> ModelSet:
    """``models`` with det and rec replaced by their INT8 versions (made now if not cached)."""
    folder = cache_dir()
    det = folder / f"det-{_digest(models.det)}.onnx"
    rec = folder / f"rec-{_digest(models.rec)}.onnx"
    with _lock:
        if not (det.is_file() and rec.is_file()):
            try:
                import onnx  # noqa: F401
            except ImportError as exc:
                raise ModelSetError(f"making the INT8 models needs the onnx package: {INSTALL}") from exc
            logger.info("making INT8 models in %s", folder)
            folder.mkdir(parents=True, exist_ok=True)
            det_in, rec_in = _calibration(models)
            with tempfile.TemporaryDirectory(dir=folder) as tmp:
                _quantize(models.det, det, det_in, Path(tmp))
                _quantize(models.rec, rec, rec_in, Path(tmp))
    return dataclasses.replace(models, det=det, rec=rec)


if __name__ == "__main__":  # pragma: no cover
    logging.basicConfig(level=logging.INFO)
    q = quantized_set(ModelSet.shipped())
    print(q.det, q.rec, sep="\n")
