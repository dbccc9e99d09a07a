"""Corrections exported as PaddleOCR training data, read back as PaddleOCR would read them."""

from __future__ import annotations

import json

import cv2

from desktop_ocr.cli import main
from desktop_ocr.core.session import SessionData, SessionPage
from desktop_ocr.core.training_data import LABEL, export_training_data, read_pages, read_rec_gt
from tests.helpers import DEJAVU, render_lines, save_png


def test_corrected_lines_come_back_as_crops_with_their_texts(engine, tmp_path, capsys):
    img = render_lines(["Invoice number 4711", "Total amount due", "Thank you"], DEJAVU, width=700)
    page_png = tmp_path / "scan.png"
    save_png(img, page_png)
    result = engine.ocr(img, path=str(page_png))
    assert len(result.lines) == 3
    # the user corrects two lines (one only by a character), the third stays as read
    result.set_line_text(0, "Invoice number 4712")
    result.set_line_text(2, "Thank you!")
    session = tmp_path / "session" / "session.json"
    session.parent.mkdir()
    session.write_text(
        SessionData(pages=[SessionPage(str(page_png), None, "done", result.to_dict())]).to_json(),
        encoding="utf-8",
    )

    out = tmp_path / "train"
    assert main(["training-data", str(session), "-o", str(out)]) == 0
    assert "2 corrected lines from 1 pages" in capsys.readouterr().err

    rec = read_rec_gt(out)
    assert [t for _, t in rec] == ["Invoice number 4712", "Thank you!"]
    for crop_path, _ in rec:
        crop = cv2.imread(str(crop_path))
        assert crop is not None
        # one line: wider than high, about the text's height
        assert crop.shape[1] > 3 * crop.shape[0] and 20 <= crop.shape[0] <= 60
    # the crop is the corrected line: the recogniser reads (nearly) the corrected text from it
    assert "Invoice" in engine.recognizer([cv2.imread(str(rec[0][0]))])[0].text

    rel, shapes = (out / LABEL).read_text(encoding="utf-8").rstrip("\n").split("\t")
    assert (out / rel).is_file()
    labelled = json.loads(shapes)
    assert [s["transcription"] for s in labelled] == [ln.text for ln in result.lines]
    assert all(len(s["points"]) == 4 for s in labelled)


def test_jsonl_input_and_all_lines(engine, tmp_path):
    img = render_lines(["First line here", "Second line here"], DEJAVU, width=600)
    png = tmp_path / "p.png"
    save_png(img, png)
    jsonl = tmp_path / "out.jsonl"
    result = engine.ocr(img, path=str(png))
    jsonl.write_text(result.to_json() + "\n", encoding="utf-8")
    pages = read_pages(jsonl)
    none = export_training_data(pages, tmp_path / "none")
    assert (none.crops, none.pages) == (0, 0)  # nothing corrected, nothing to learn from
    every = export_training_data(pages, tmp_path / "all", all_lines=True)
    assert every.crops == len(result.lines) == len(read_rec_gt(tmp_path / "all"))
    assert [t for _, t in read_rec_gt(tmp_path / "all")] == [ln.text for ln in result.lines]
