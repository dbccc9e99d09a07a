"""Searchable PDF: the text is found by a PDF reader's search, corrections are what it holds, inputs keep their bytes."""

from __future__ import annotations

import io

import numpy as np
import pikepdf
import pypdfium2
import pytest
from PIL import Image

from desktop_ocr.core.images import PageSource, expand_inputs, load_image
from desktop_ocr.core.pdf_writer import SearchablePdfWriter, write_searchable_pdf
from tests.helpers import DEJAVU, cer, render_lines, save_png

ZH = ["桌面文字识别软件可以离线运行", "导出可搜索的文件，文字可以选中"]
EN = ["Invoice number 4711 for the office", "Total amount due in December"]


def pdf_text(path, page: int = 0) -> str:
    doc = pypdfium2.PdfDocument(str(path))
    try:
        tp = doc[page].get_textpage()
        return tp.get_text_range()
    finally:
        doc.close()


def ocr_file(engine, path):
    (source,) = list(expand_inputs([path]))
    return engine.ocr(source.load(), source.path, source.page)


@pytest.fixture(scope="module")
def zh_page(tmp_path_factory, cjk_font):
    path = tmp_path_factory.mktemp("zh") / "zh.png"
    save_png(render_lines(ZH, cjk_font, size=34, width=700), path)
    return path


@pytest.fixture(scope="module")
def en_jpeg(tmp_path_factory):
    path = tmp_path_factory.mktemp("en") / "page.jpg"
    rgb = render_lines(EN, DEJAVU, size=30, width=800)[:, :, ::-1]
    Image.fromarray(rgb).save(path, quality=90, dpi=(200, 200))
    return path


def test_chinese_pdf_is_found_by_a_readers_text_search(engine, zh_page, tmp_path):
    result = ocr_file(engine, zh_page)
    assert "可搜索" in result.text
    out = tmp_path / "zh.pdf"
    assert write_searchable_pdf(out, [(result, None)]) == []
    doc = pypdfium2.PdfDocument(str(out))
    try:
        page = doc[0]
        searcher = page.get_textpage().search("可搜索")
        found = searcher.get_next()
        assert found is not None, pdf_text(out)
        # the hit lies in the line's box: the picture's second line (y from the top, in points)
        left, bottom, right, top = page.get_textpage().get_charbox(found[0])
        line = next(ln for ln in result.lines if "可搜索" in ln.text)
        _, y0, _, y1 = line.bounds
        height_pt = page.get_size()[1]
        scale = height_pt / result.height
        assert y0 * scale - 2 <= height_pt - top and height_pt - bottom <= y1 * scale + 2
    finally:
        doc.close()


def test_a_corrected_line_is_what_the_pdf_holds(engine, en_jpeg, tmp_path):
    result = ocr_file(engine, en_jpeg)
    old = result.lines[0].text
    result.set_line_text(0, "Corrected heading 0815")
    out = tmp_path / "corrected.pdf"
    write_searchable_pdf(out, [(result, None)])
    text = pdf_text(out)
    assert "Corrected heading 0815" in text
    assert old not in text
    assert "December" in text


def test_jpeg_goes_in_byte_for_byte_at_its_dpi(engine, en_jpeg, tmp_path):
    result = ocr_file(engine, en_jpeg)
    out = tmp_path / "jpeg.pdf"
    write_searchable_pdf(out, [(result, None)])
    data = out.read_bytes()
    assert en_jpeg.read_bytes() in data  # passed through, not recompressed
    assert len(data) <= 1.05 * en_jpeg.stat().st_size + 4000  # the font and text layer are small
    w, h = Image.open(en_jpeg).size
    with pikepdf.open(out) as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
    assert box[2] == pytest.approx(w * 72 / 200, abs=0.01) and box[3] == pytest.approx(h * 72 / 200, abs=0.01)


def test_exif_rotated_photo_comes_out_upright(tmp_path):
    upright = render_lines(EN, DEJAVU, size=30, width=800)
    stored = Image.fromarray(upright[:, :, ::-1]).transpose(Image.Transpose.ROTATE_90)  # turned left
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 clockwise to show"
    path = tmp_path / "photo.jpg"
    stored.save(path, quality=95, exif=exif, dpi=(96, 96))
    loaded = load_image(path)  # what the OCR sees: upright
    from desktop_ocr.core.results import PageResult

    result = PageResult(path=str(path), page=None, width=loaded.shape[1], height=loaded.shape[0])
    out = tmp_path / "photo.pdf"
    write_searchable_pdf(out, [(result, None)])
    assert path.read_bytes() in out.read_bytes()
    doc = pypdfium2.PdfDocument(str(out))
    try:
        shown = doc[0].render(scale=96 / 72).to_pil().convert("RGB")
    finally:
        doc.close()
    assert shown.size == (loaded.shape[1], loaded.shape[0])
    diff = np.abs(np.asarray(shown, dtype=int) - loaded[:, :, ::-1].astype(int)).mean()
    assert diff < 4


def test_pdf_page_is_copied_unchanged_with_the_text_on_top(engine, tmp_path):
    # an image-only "scan" with an annotation: its drawing, size and link must survive as they are
    rgb = render_lines(EN, DEJAVU, size=30, width=800)[:, :, ::-1]
    scan = tmp_path / "scan.pdf"
    Image.fromarray(rgb).save(scan, resolution=150)
    with pikepdf.open(scan, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj.Annots = pdf.make_indirect(
            pikepdf.Array(
                [
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot,
                        Subtype=pikepdf.Name.Text,
                        Rect=[10, 10, 30, 30],
                        Contents=pikepdf.String("a note"),
                    )
                ]
            )
        )
        pdf.save(scan)
    with pikepdf.open(scan) as pdf:
        original = pdf.pages[0].obj.Contents.read_raw_bytes()
        box = [float(v) for v in pdf.pages[0].mediabox]
    (source,) = list(expand_inputs([scan]))
    result = engine.ocr(source.load(), source.path, source.page)
    out = tmp_path / "out.pdf"
    assert write_searchable_pdf(out, [(result, None)]) == []
    with pikepdf.open(out) as pdf:
        page = pdf.pages[0].obj
        streams = [s.read_raw_bytes() for s in page.Contents]
        assert original in streams  # the original drawing, byte for byte
        assert [float(v) for v in page.MediaBox] == box
        assert str(page.Annots[0].Contents) == "a note"
    assert "amount due in December" in result.text
    assert cer(result.text, pdf_text(out)) <= 0.01
    assert out.stat().st_size <= 1.05 * scan.stat().st_size + 4000


def test_failed_page_goes_in_as_its_picture_and_is_reported(tmp_path, en_jpeg):
    from desktop_ocr.core.results import PageResult

    failed = PageResult.failure(str(en_jpeg), None, "page.jpg: the recogniser failed")
    capture = PageSource.from_array(render_lines(["Captured"], DEJAVU), "<capture>")
    ok = PageResult(path="<capture>", page=None, width=1000, height=110)
    out = tmp_path / "two.pdf"
    with SearchablePdfWriter(out) as writer:
        writer.add_page(failed)
        writer.add_page(ok, capture)
    assert writer.pages == 2
    assert len(writer.problems) == 1 and "recogniser failed" in writer.problems[0]
    assert len(pypdfium2.PdfDocument(str(out))) == 2


def test_an_aborted_pdf_leaves_no_file(tmp_path):
    out = tmp_path / "never.pdf"
    with pytest.raises(RuntimeError), SearchablePdfWriter(out):
        raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []


def test_png_keeps_its_pixels(engine, zh_page, tmp_path):
    from desktop_ocr.core.results import PageResult

    result = PageResult(path=str(zh_page), page=None, width=700, height=0)
    out = tmp_path / "png.pdf"
    write_searchable_pdf(out, [(result, None)])
    doc = pypdfium2.PdfDocument(str(out))
    try:
        shown = doc[0].render(scale=96 / 72).to_pil().convert("RGB")
    finally:
        doc.close()
    original = np.asarray(Image.open(io.BytesIO(zh_page.read_bytes())).convert("RGB"), dtype=int)
    assert np.abs(np.asarray(shown, dtype=int) - original).mean() < 0.5


def test_one_pdf_per_input_file(tmp_path):
    from desktop_ocr.core.pdf_writer import PdfPerInput
    from desktop_ocr.core.results import PageResult

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    save_png(render_lines(["one"], DEJAVU, width=300), a / "scan.png")
    save_png(render_lines(["two"], DEJAVU, width=300), b / "scan.png")
    out = tmp_path / "out"
    per = PdfPerInput(out)
    for f in (a / "scan.png", b / "scan.png"):
        per.add_page(PageResult(path=str(f), page=None, width=300, height=60))
    per.close()
    assert sorted(p.name for p in out.iterdir()) == ["scan-2.pdf", "scan.pdf"]
    assert per.problems == []
