"""The set of model files the OCR stages run: detection, orientation, recognition and its dictionary.

The shipped set is the PP-OCRv4 det/rec and mobile v2 angle classifier inside the
``rapidocr-onnxruntime`` wheel; a folder of fine-tuned models can replace it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)


class ModelSetError(ValueError):
    """A model folder that cannot be used; the message says why, for the user."""


@dataclass(frozen=True)
class ModelSet:
    det: Path
    cls: Path
    rec: Path
    # None: the recogniser's dictionary is read from the rec model's metadata (the shipped models carry it)
    dictionary: Path | None = None
    name: str = "PP-OCRv4 mobile (shipped)"
    # how the dictionary lists the recogniser's classes (stages.load_charset): "paddle" (PaddleOCR's
    # own: the CTC blank and a final space are implied), "full" (the file holds every class, blank
    # first), "auto" (told apart by the model's number of classes; for a user's folder)
    dictionary_layout: str = "paddle"

    @classmethod
    def shipped(cls) -> ModelSet:
        import rapidocr_onnxruntime

        root = Path(rapidocr_onnxruntime.__file__).resolve().parent / "models"
        # core.model_sets names the same files; equal sets share one loaded engine
        return cls(
            det=root / "ch_PP-OCRv4_det_infer.onnx",
            cls=root / "ch_ppocr_mobile_v2.0_cls_infer.onnx",
            rec=root / "ch_PP-OCRv4_rec_infer.onnx",
        )

    @classmethod
    def from_folder(cls, folder: str | Path) -> ModelSet:
        """Find ``*det*.onnx``, ``*cls*.onnx``, ``*rec*.onnx`` and an optional ``*.txt`` dictionary."""
        folder = Path(folder)
        if not folder.is_dir():
            raise ModelSetError(f"{folder}: not a folder")
        onnx = sorted(folder.glob("*.onnx"))

        def pick(tag: str) -> Path:
            found = [p for p in onnx if tag in p.name.lower()]
            if not found:
                raise ModelSetError(f"{folder.name}: no {tag} model (*{tag}*.onnx) in the folder")
            if len(found) > 1:
                raise ModelSetError(
                    f"{folder.name}: several {tag} models ({', '.join(p.name for p in found)}); keep one"
                )
            return found[0]

        dicts = sorted(folder.glob("*.txt"))
        ms = cls(
            det=pick("det"),
            cls=pick("cls"),
            rec=pick("rec"),
            dictionary=dicts[0] if dicts else None,
            name=folder.name,
            dictionary_layout="auto",
        )
        ms.validate()
        return ms

    def validate(self) -> None:
        """Load each model once so that a broken folder is refused when chosen, not mid-batch."""
        import onnxruntime as ort

        for role in ("det", "cls", "rec"):
            path: Path = getattr(self, role)
            if not path.is_file():
                raise ModelSetError(f"{path.name}: {role} model file not found")
            try:
                sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
            except Exception as exc:  # onnxruntime raises several unrelated types
                raise ModelSetError(
                    f"{path.name}: not a loadable ONNX model ({str(exc).splitlines()[0]})"
                ) from exc
            if role == "rec" and self.dictionary is None:
                meta = sess.get_modelmeta().custom_metadata_map
                if "character" not in meta:
                    raise ModelSetError(
                        f"{path.name}: the recognition model carries no dictionary; add the dictionary .txt"
                    )
            if role == "rec" and self.dictionary is not None:
                self._check_dictionary(sess)

    def _check_dictionary(self, rec_session) -> None:
        from desktop_ocr.core.stages import DictionaryError, load_charset, output_classes

        assert self.dictionary is not None
        try:
            lines = self.dictionary.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ModelSetError(f"{self.dictionary.name}: unreadable dictionary ({exc})") from exc
        try:
            load_charset(lines, self.dictionary_layout, output_classes(rec_session))
        except DictionaryError as exc:
            raise ModelSetError(f"{self.dictionary.name}: {exc}") from exc
