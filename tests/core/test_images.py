"""Loading pages: every format a user drops in, every way a file can be bad, and PDFs from many threads."""

from __future__ import annotations

import io
import pickle
import struct
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from desktop_ocr.core.images import (
    DEFAULT_MAX_PIXELS,
    LoadError,
    PageSource,
    decode_image_bytes,
    expand_inputs,
    load_image,
)

CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def font(size: int = 36) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def text_page(
    text: str = "Invoice 2024", size: tuple[int, int] = (360, 120), mode: str = "RGB"
) -> Image.Image:
    """Black text on white, the text in the left half of the image; the right quarter stays blank."""
    im = Image.new("RGB", size, "white")
    ImageDraw.Draw(im).text((10, 10), text, fill="black", font=font(min(size[1] // 4, size[0] // 12)))
    return im if mode == "RGB" else im.convert(mode)


def as_gray(bgr: np.ndarray) -> np.ndarray:
    return bgr.astype(np.float32).mean(axis=2)


def assert_bgr_page(arr: np.ndarray, size: tuple[int, int]) -> None:
    w, h = size
    assert arr.shape == (h, w, 3)
    assert arr.dtype == np.uint8
    assert arr.flags.c_contiguous


def assert_readable_text(arr: np.ndarray) -> None:
    """What a user sees: dark ink where the text is, a white page where it is not."""
    g = as_gray(arr)
    h, w = g.shape
    ink = g[: h // 2, : w // 2]
    blank = g[:, w * 3 // 4 :]
    assert ink.min() < 60, "the text is missing or washed out"
    assert blank.mean() > 240, "the background is not white"


def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def png_with_fake_size(path: Path, w: int, h: int) -> None:
    """A tiny PNG whose header claims w x h (1-bit): what a decompression bomb looks like before decoding."""
    buf = io.BytesIO()
    Image.new("1", (8, 8), 1).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    # IHDR: 8-byte signature, 4-byte length, b"IHDR", then width, height, ... and a CRC over type+data.
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", w, h)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    path.write_bytes(bytes(data))


def write_pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A minimal, well-formed PDF (correct xref offsets) from raw object bodies; object 1 is the catalog."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_extra,
        xref,
    )
    return out


# -- formats -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("ext", [".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".gif"])
def test_each_format_loads_as_bgr_with_readable_text(tmp_path, ext):
    src = text_page()
    path = tmp_path / f"page{ext}"
    src.save(path)
    ps = only(expand_inputs([path]))
    assert isinstance(ps, PageSource)
    assert ps.path == str(path) and ps.page is None and ps.label == f"page{ext}"
    arr = ps.load()
    assert_bgr_page(arr, src.size)
    assert_readable_text(arr)
    # Same picture as the one saved (lossy formats only approximately).
    diff = np.abs(as_gray(arr) - np.asarray(src.convert("L"), np.float32)).mean()
    assert diff < 6


def test_color_channels_come_out_in_bgr_order(tmp_path):
    im = Image.new("RGB", (60, 20), (255, 0, 0))  # pure red
    im.save(tmp_path / "red.png")
    arr = load_image(tmp_path / "red.png")
    assert tuple(arr[5, 5]) == (0, 0, 255)


def test_16bit_grayscale_png_is_scaled_not_clipped(tmp_path):
    ink = np.asarray(text_page().convert("L")) < 128
    a = np.where(ink, 5_000, 60_000).astype(np.uint16)  # light page, dark text, 16-bit
    Image.fromarray(a).save(tmp_path / "deep.png")
    assert Image.open(tmp_path / "deep.png").mode.startswith("I")  # really a 16-bit file
    arr = load_image(tmp_path / "deep.png")
    g = arr[:, :, 0].astype(int)
    # Clipping would make both 255; proper scaling keeps them 5000/257 and 60000/257 apart.
    assert abs(g[ink].mean() - 5_000 / 257) < 2
    assert abs(g[~ink].mean() - 60_000 / 257) < 2


def test_12bit_data_in_a_16bit_file_keeps_full_contrast(tmp_path):
    ink = np.asarray(text_page().convert("L")) < 128
    a = np.where(ink, 100, 4_000).astype(np.uint16)  # a 12-bit scanner: max 4095
    Image.fromarray(a).save(tmp_path / "scanner.tif")
    arr = load_image(tmp_path / "scanner.tif")
    assert_readable_text(arr)


def test_grayscale_and_bilevel_images(tmp_path):
    text_page(mode="L").save(tmp_path / "gray.png")
    text_page(mode="1").save(tmp_path / "bw.tif")
    for name in ("gray.png", "bw.tif"):
        arr = load_image(tmp_path / name)
        assert_bgr_page(arr, (360, 120))
        assert_readable_text(arr)


def test_transparent_pixels_become_white(tmp_path):
    rgba = np.zeros((120, 360, 4), np.uint8)  # fully transparent BLACK everywhere
    ink = np.asarray(text_page().convert("L")) < 128
    rgba[ink] = (0, 0, 0, 255)  # opaque black text
    rgba[100:, 300:] = (0, 0, 0, 128)  # half-transparent black
    Image.fromarray(rgba, "RGBA").save(tmp_path / "alpha.png")
    arr = load_image(tmp_path / "alpha.png")
    assert tuple(arr[5, 350]) == (255, 255, 255)
    assert_readable_text(arr)
    assert np.all(np.abs(arr[110, 310].astype(int) - 127) <= 1)


def test_palette_image_with_transparent_index_becomes_white(tmp_path):
    im = Image.new("P", (360, 120), 0)
    im.putpalette([0, 0, 0, 0, 0, 0] + [0] * (254 * 3))  # index 0 and 1 are both black
    ink = np.asarray(text_page().convert("L")) < 128
    im.paste(Image.fromarray(np.where(ink, 1, 0).astype(np.uint8), "L").convert("P"))
    im.putpalette([0, 0, 0, 0, 0, 0] + [0] * (254 * 3))
    im.info["transparency"] = 0  # the background index is transparent (black underneath)
    im.save(tmp_path / "palette.png", transparency=0)
    assert Image.open(tmp_path / "palette.png").mode == "P"
    arr = load_image(tmp_path / "palette.png")
    assert_readable_text(arr)


def test_cmyk_jpeg(tmp_path):
    im = Image.new("CMYK", (360, 120), (0, 0, 0, 0))  # white paper
    ImageDraw.Draw(im).text((10, 10), "CMYK 42", fill=(0, 0, 0, 255), font=font(30))
    im.paste((255, 0, 0, 0), (300, 80, 360, 120))  # a cyan patch
    im.save(tmp_path / "print.jpg", quality=95)
    assert Image.open(tmp_path / "print.jpg").mode == "CMYK"
    arr = load_image(tmp_path / "print.jpg")
    assert_bgr_page(arr, (360, 120))
    b, g, r = (int(v) for v in arr[100, 340])
    assert b > 200 and g > 200 and r < 60  # cyan, in BGR
    g_img = as_gray(arr)
    assert g_img[:60, :180].min() < 60 and g_img[:60, 280:].mean() > 240


def test_exif_orientation_is_applied(tmp_path):
    im = Image.new("RGB", (200, 100), "white")
    im.paste((0, 0, 0), (0, 0, 20, 20))  # marker in the stored top-left corner
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display"
    im.save(tmp_path / "phone.jpg", exif=exif, quality=95)
    arr = load_image(tmp_path / "phone.jpg")
    assert arr.shape == (200, 100, 3)  # width and height swapped
    g = as_gray(arr)
    assert g[:20, -20:].mean() < 40  # the marker is now top-right
    assert g[:20, :20].mean() > 215


def test_non_ascii_paths(tmp_path):
    folder = tmp_path / "扫描 件"
    folder.mkdir()
    img = text_page("测试", mode="RGB")
    img.save(folder / "测试 图片.png")
    img.save(folder / "文档.pdf", resolution=72)
    arr = load_image(folder / "测试 图片.png")
    assert_bgr_page(arr, img.size)
    pages = list(expand_inputs([folder], pdf_dpi=72))
    assert [(Path(p.path).name, p.page) for p in pages] == [("文档.pdf", 1), ("测试 图片.png", None)]
    for p in pages:
        assert_bgr_page(p.load(), img.size)


def test_cjk_text_survives(tmp_path):
    if not Path(CJK_FONT).exists():
        pytest.skip("no CJK font")
    im = Image.new("RGB", (360, 120), "white")
    ImageDraw.Draw(im).text((10, 10), "中文识别", fill="black", font=ImageFont.truetype(CJK_FONT, 36))
    im.save(tmp_path / "中文.webp", lossless=True)
    arr = load_image(tmp_path / "中文.webp")
    assert np.array_equal(arr[:, :, ::-1], np.asarray(im))


def test_multipage_tiff_gives_one_source_per_page(tmp_path):
    p1, p2 = text_page("first page"), text_page("SECOND", mode="RGB")
    p1.save(tmp_path / "fax.tiff", save_all=True, append_images=[p2])
    sources = list(expand_inputs([tmp_path / "fax.tiff"]))
    assert [(s.page, s.label) for s in sources] == [(1, "fax.tiff p.1"), (2, "fax.tiff p.2")]
    a1, a2 = sources[0].load(), sources[1].load()
    assert np.array_equal(a1[:, :, ::-1], np.asarray(p1))
    assert np.array_equal(a2[:, :, ::-1], np.asarray(p2))
    assert not np.array_equal(a1, a2)
    # The same frame from bytes (clipboard / download path).
    data = (tmp_path / "fax.tiff").read_bytes()
    assert np.array_equal(decode_image_bytes(data, "fax.tiff", frame=1), a2)
    with pytest.raises(LoadError, match=r"^fax.tiff p.3: page 3 does not exist \(the file has 2\)$"):
        decode_image_bytes(data, "fax.tiff", frame=2)


def test_animated_gif_gives_each_frame_as_a_page(tmp_path):
    f1, f2 = text_page("frame one").convert("P"), Image.new("RGB", (360, 120), "black").convert("P")
    f1.save(tmp_path / "anim.gif", save_all=True, append_images=[f2], duration=100, loop=0)
    assert Image.open(tmp_path / "anim.gif").n_frames == 2
    first, second = list(expand_inputs([tmp_path / "anim.gif"]))
    assert (first.page, second.page) == (1, 2)
    assert_readable_text(first.load())
    assert as_gray(second.load()).max() < 10  # frame 2 is all black


# -- bad files -------------------------------------------------------------------------------------------


def error_of(path, **kw) -> LoadError:
    item = only(expand_inputs([path], **kw))
    if isinstance(item, LoadError):
        return item
    with pytest.raises(LoadError) as ei:
        item.load()
    return ei.value


def test_missing_file(tmp_path):
    e = error_of(tmp_path / "gone.png")
    assert e.message == "gone.png: file not found"
    assert e.page is None and e.path == str(tmp_path / "gone.png")


def test_unknown_type_given_explicitly(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "x.docx").write_bytes(b"PK\x03\x04 not really")
    assert (
        error_of(tmp_path / "notes.txt").message == "notes.txt: not an image or PDF (unsupported type .txt)"
    )
    assert error_of(tmp_path / "x.docx").message == "x.docx: not an image or PDF (unsupported type .docx)"


def test_image_without_extension_given_explicitly_is_recognised(tmp_path):
    text_page().save(tmp_path / "screenshot", "PNG")
    assert_readable_text(only(expand_inputs([tmp_path / "screenshot"])).load())


def test_zero_byte_files(tmp_path):
    for name in ("empty.png", "empty.pdf", "empty.tif"):
        (tmp_path / name).write_bytes(b"")
        assert error_of(tmp_path / name).message == f"{name}: the file is empty (0 bytes)"
    with pytest.raises(LoadError, match=r"^empty.png: the file is empty \(0 bytes\)$"):
        load_image(tmp_path / "empty.png")
    with pytest.raises(LoadError, match="empty"):
        decode_image_bytes(b"", "clip.png")


def test_truncated_png(tmp_path):
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (300, 300, 3), np.uint8)).save(buf, "PNG")
    (tmp_path / "cut.png").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    e = error_of(tmp_path / "cut.png")
    assert e.message.startswith("cut.png: ") and "truncated" in e.message
    assert "\n" not in e.message


def test_garbage_with_image_extension(tmp_path):
    (tmp_path / "fake.jpg").write_bytes(b"this is not a jpeg at all" * 10)
    e = error_of(tmp_path / "fake.jpg")
    assert e.message == "fake.jpg: not a readable image (unknown format or damaged file)"


def test_damaged_pdf(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    e = error_of(tmp_path / "broken.pdf")
    assert e.message == "broken.pdf: the PDF is damaged or not a PDF (cannot parse it)"


def test_truncated_pdf_never_crashes(tmp_path):
    text_page().save(tmp_path / "full.pdf", save_all=True, append_images=[text_page("two")])
    data = (tmp_path / "full.pdf").read_bytes()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 20):
        (tmp_path / "cut.pdf").write_bytes(data[:cut])
        for item in expand_inputs([tmp_path / "cut.pdf"], pdf_dpi=36):
            if isinstance(item, PageSource):
                try:
                    assert item.load().ndim == 3
                except LoadError as e:
                    assert e.message.startswith("cut.pdf p.")
            else:
                assert item.message.startswith("cut.pdf: ")


def test_encrypted_pdf(tmp_path):
    # Standard security handler with a user password we do not know (pdfium cannot open it).
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    file_id = b"<00112233445566778899aabbccddeeff>"
    data = write_pdf(objects, b"/Encrypt 4 0 R /ID [%s %s] " % (file_id, file_id))
    (tmp_path / "scan.pdf").write_bytes(data)
    e = error_of(tmp_path / "scan.pdf")
    assert e.message == "scan.pdf: the PDF is encrypted (password protected)"
    # The same file without /Encrypt opens: the message above is about the encryption, not the structure.
    (tmp_path / "plain.pdf").write_bytes(write_pdf(objects[:3]))
    assert only(expand_inputs([tmp_path / "plain.pdf"], pdf_dpi=72)).load().shape == (200, 200, 3)


def test_load_error_is_one_line_and_pickles():
    e = LoadError("/x/scan.pdf", "the PDF is\nencrypted", page=3)
    assert e.message == "scan.pdf p.3: the PDF is encrypted" == str(e)
    e2 = pickle.loads(pickle.dumps(e))
    assert (e2.path, e2.page, e2.message) == (e.path, e.page, e.message)


# -- decompression bombs ---------------------------------------------------------------------------


def test_bomb_refused_from_header_before_decoding(tmp_path):
    png_with_fake_size(tmp_path / "huge.png", 30000, 30000)
    assert (tmp_path / "huge.png").stat().st_size < 200
    before = Image.MAX_IMAGE_PIXELS
    e = error_of(tmp_path / "huge.png")
    assert e.message == "huge.png: image is 30000x30000 = 900 Mpx, above the 179 Mpx limit"
    assert Image.MAX_IMAGE_PIXELS == before  # Pillow's global is left as it was
    with pytest.raises(LoadError, match="above the 179 Mpx limit"):
        decode_image_bytes((tmp_path / "huge.png").read_bytes(), "huge.png")


def test_bomb_limit_is_a_setting(tmp_path):
    text_page().save(tmp_path / "small.png")  # 360x120 = 43200 px
    e = error_of(tmp_path / "small.png", max_pixels=40_000)
    assert e.message == "small.png: image is 360x120 = 0.043 Mpx, above the 0.04 Mpx limit"
    assert load_image(tmp_path / "small.png", max_pixels=43_200).shape == (120, 360, 3)


def test_our_limit_replaces_pillows(tmp_path, monkeypatch):
    # Pillow refusing on its own would give its message without the file name: ours decides.
    text_page().save(tmp_path / "ok.png")
    text_page().save(tmp_path / "ok.tif")  # TIFF checks Pillow's limit again while decoding
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    assert_readable_text(load_image(tmp_path / "ok.png"))
    assert_readable_text(load_image(tmp_path / "ok.tif"))
    assert DEFAULT_MAX_PIXELS == 178_956_970


# -- folders ---------------------------------------------------------------------------------------------


def test_directory_walk_order_types_and_hidden(tmp_path):
    root = tmp_path / "in"
    (root / "b sub" / "deeper").mkdir(parents=True)
    (root / ".hidden_dir").mkdir()
    img = text_page()
    for rel in [
        "p10.png",
        "p2.jpg",
        "P1.bmp",
        "b sub/x.webp",
        "b sub/deeper/z.tif",
        ".secret.png",
        ".hidden_dir/a.png",
    ]:
        img.save(root / rel)
    img.save(root / "a.pdf", save_all=True, append_images=[img])
    (root / "readme.txt").write_text("skip me")
    (root / "data.docx").write_bytes(b"PK")
    items = list(expand_inputs([root], pdf_dpi=36))
    assert all(isinstance(i, PageSource) for i in items), items
    got = [(Path(i.path).relative_to(root).as_posix(), i.page) for i in items]
    assert got == [
        ("a.pdf", 1),
        ("a.pdf", 2),
        ("b sub/deeper/z.tif", None),
        ("b sub/x.webp", None),
        ("P1.bmp", None),
        ("p2.jpg", None),
        ("p10.png", None),
    ]


def test_inputs_keep_the_given_order_and_report_errors_in_place(tmp_path):
    text_page().save(tmp_path / "z.png")
    text_page().save(tmp_path / "a.png")
    items = list(expand_inputs([tmp_path / "z.png", tmp_path / "missing.jpg", str(tmp_path / "a.png")]))
    assert [type(i).__name__ for i in items] == ["PageSource", "LoadError", "PageSource"]
    assert [Path(i.path).name for i in items] == ["z.png", "missing.jpg", "a.png"]


# -- PDF -------------------------------------------------------------------------------------------------


def make_pdf(path: Path) -> tuple[Image.Image, Image.Image]:
    # 827x1169 px saved at 100 dpi: an A4-ish page of 8.27 x 11.69 inches.
    p1 = text_page("Page one", size=(827, 1169))
    p2 = text_page("Page two", size=(827, 1169))
    ImageDraw.Draw(p2).rectangle((600, 900, 800, 1100), fill="black")
    p1.save(path, "PDF", resolution=100, save_all=True, append_images=[p2])
    return p1, p2


@pytest.mark.parametrize("dpi", [50, 100])
def test_pdf_pages_rendered_at_the_requested_dpi(tmp_path, dpi):
    make_pdf(tmp_path / "doc.pdf")
    items = list(expand_inputs([tmp_path / "doc.pdf"], pdf_dpi=dpi))
    assert [(i.page, i.label) for i in items] == [(1, "doc.pdf p.1"), (2, "doc.pdf p.2")]
    a1, a2 = items[0].load(), items[1].load()
    for a in (a1, a2):
        assert a.dtype == np.uint8 and a.flags.c_contiguous and a.shape[2] == 3
        assert abs(a.shape[1] - 8.27 * dpi) <= 1 and abs(a.shape[0] - 11.69 * dpi) <= 1
        assert_readable_text(a[: a.shape[0] // 4])  # title at the top, white page on the right
    s = dpi / 100
    block = as_gray(a2)[int(950 * s) : int(1050 * s), int(650 * s) : int(750 * s)]
    assert (
        block.mean() < 30
        and as_gray(a1)[int(950 * s) : int(1050 * s), int(650 * s) : int(750 * s)].mean() > 240
    )


def test_rotated_pdf_page_is_rendered_upright(tmp_path):
    content = b"BT /F1 24 Tf 72 720 Td (Rotated) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate 90 /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    (tmp_path / "landscape.pdf").write_bytes(write_pdf(objects))
    arr = only(expand_inputs([tmp_path / "landscape.pdf"], pdf_dpi=72)).load()
    assert arr.shape == (612, 792, 3)  # shown landscape, as a PDF viewer shows it
    ys, xs = np.nonzero(arr.min(axis=2) < 100)
    assert xs.min() > 600 and ys.max() < 300  # the text runs down the right edge, near the top


def test_pdf_page_above_pixel_limit_is_rendered_smaller_not_refused(tmp_path):
    make_pdf(tmp_path / "doc.pdf")
    arr = next(iter(expand_inputs([tmp_path / "doc.pdf"], pdf_dpi=200, max_pixels=1_000_000))).load()
    h, w = arr.shape[:2]
    assert w * h <= 1_000_000
    assert w * h > 900_000  # lowered only as much as needed
    assert abs(h / w - 1169 / 827) < 0.01


def test_pdf_loaders_from_four_threads_at_once(tmp_path):
    make_pdf(tmp_path / "doc.pdf")
    sources = list(expand_inputs([tmp_path / "doc.pdf"], pdf_dpi=60))
    expected = [s.load() for s in sources]
    barrier = threading.Barrier(4)
    results: list[tuple[int, np.ndarray]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(k: int) -> None:
        try:
            barrier.wait()
            for round_ in range(5):
                i = (k + round_) % 2
                arr = sources[i].load()
                with lock:
                    results.append((i, arr))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert len(results) == 20
    for i, arr in results:
        assert np.array_equal(arr, expected[i])


def text_pdf() -> bytes:
    """A PDF with real text in a standard font: rendering it uses pdfium's global font state."""
    content = b"BT /F1 24 Tf 72 720 Td (Hello pdfium threads) Tj ET " * 30
    return write_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


STRESS = """
import sys, threading
from desktop_ocr.core.images import expand_inputs, PageSource
path = sys.argv[1]
sources = [s for s in expand_inputs([path], pdf_dpi=72)]
assert [s.page for s in sources] == [1, 2], sources
errors = []
def render():
    try:
        for k in range(30):
            a = sources[k % 2].load()
            assert a.shape == (792, 612, 3) and a.min() < 50
    except BaseException as e:
        errors.append(e)
def count():
    try:
        for _ in range(60):
            assert len(list(expand_inputs([path]))) == 2
    except BaseException as e:
        errors.append(e)
threads = [threading.Thread(target=render) for _ in range(4)] + [threading.Thread(target=count)]
for t in threads: t.start()
for t in threads: t.join()
assert not errors, errors
print("ok")
"""


def test_pdf_text_pages_from_many_threads_do_not_crash_the_process(tmp_path):
    # Unguarded, pdfium aborts or segfaults within a few renders of this file: run it in a child
    # process so a crash is reported as a failure instead of killing the test run.
    (tmp_path / "text.pdf").write_bytes(text_pdf())
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run(
        [sys.executable, "-c", STRESS, str(tmp_path / "text.pdf")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-2000:]


def test_pdf_source_holds_no_pixels(tmp_path):
    make_pdf(tmp_path / "doc.pdf")
    src = next(iter(expand_inputs([tmp_path / "doc.pdf"])))
    src.load()
    held = pickle.dumps(src.loader)  # the loader is a small picklable record: path, page, dpi, limit
    assert len(held) < 1000


# -- in-memory images --------------------------------------------------------------------------------


def test_from_array_gray_bgra_bgr():
    page = np.asarray(text_page().convert("L"))
    gray = PageSource.from_array(page)
    assert gray.path == "<capture>" and gray.page is None and gray.label == "<capture>"
    arr = gray.load()
    assert_bgr_page(arr, (360, 120))
    assert_readable_text(arr)

    bgra = np.zeros((120, 360, 4), np.uint8)
    bgra[..., 3] = 0  # transparent black
    bgra[page < 128] = (0, 0, 0, 255)
    assert_readable_text(PageSource.from_array(bgra, "clip").load())

    bgr = np.ascontiguousarray(np.stack([page] * 3, axis=2))
    bgr[0, 0] = (10, 20, 30)
    src = PageSource.from_array(bgr, "frame 12")
    bgr[0, 0] = (0, 0, 0)  # the caller reuses its buffer: the source keeps its own copy
    out = src.load()
    assert tuple(out[0, 0]) == (10, 20, 30)
    out[0, 0] = (1, 1, 1)  # a consumer drawing on a page does not change the next load
    assert tuple(src.load()[0, 0]) == (10, 20, 30)


def test_from_array_16bit_and_bad_shapes():
    a = np.full((10, 10), 65535, np.uint16)
    a[2:4] = 0
    out = PageSource.from_array(a).load()
    assert out[0, 0, 0] == 255 and out[2, 0, 0] == 0
    with pytest.raises(ValueError):
        PageSource.from_array(np.zeros((4, 4, 2), np.uint8))


def test_decode_image_bytes_and_garbage_bytes():
    buf = io.BytesIO()
    text_page().save(buf, "JPEG")
    assert_readable_text(decode_image_bytes(buf.getvalue(), "clipboard"))
    with pytest.raises(LoadError, match=r"^clipboard: not a readable image"):
        decode_image_bytes(b"\x00\x01garbage", "clipboard")
