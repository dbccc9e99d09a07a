"""Searchable PDF: each page's picture with its OCR text as an invisible layer on top.

Pages are written one at a time (:class:`SearchablePdfWriter`), so a 300-page document needs no
more memory than one page. Inputs keep their own bytes:

* a PDF page is copied object for object (content streams, fonts, size, annotations untouched) and
  gets one more content stream on top holding the text; it is never rasterized;
* a JPEG goes in as it is (DCTDecode) and a PNG as its own compressed pixel data (Flate with PNG
  predictors), neither recompressed; an EXIF orientation is applied by the page's drawing matrix;
* any other picture (TIFF frame, WebP, captures) goes in losslessly as PNG-predicted Flate.

The text placed is the page's current text: a user's corrections are in the :class:`PageResult`.
No Qt here.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable

from desktop_ocr.core.images import PDF_EXTS, PageSource
from desktop_ocr.core.pdf_images import (
    DEFAULT_IMAGE_DPI,
    PictureError,
    orientation_matrix,
    picture_from_file,
    picture_from_pixels,
)
from desktop_ocr.core.pdf_objects import (
    ForeignCopier,
    PdfFile,
    page_attribute,
    pdf_name,
    pdf_number,
    pdf_string,
)
from desktop_ocr.core.pdf_text import (
    ASCENT,
    DESCENT,
    CidMap,
    cid_to_gid_map,
    glyphless_font,
    line_ops,
    w_array,
)
from desktop_ocr.core.results import PageResult

logger = logging.getLogger(__name__)

_FONT = "OCRText"


class PdfPageError(Exception):
    """A page that cannot go into the PDF at all (its file is gone or unreadable)."""


class SearchablePdfWriter:
    """Write pages to ``path`` one by one; :meth:`close` finishes the file.

    The file is written under a temporary name in the same folder and renamed over ``path`` on
    :meth:`close` (a reader or a crash never sees half a PDF); :meth:`abort` or an exception in a
    ``with`` block removes it. ``visible``: draw the text layer as boxes (render mode 0), for checking
    the placement by eye. ``problems`` lists, one line each, what went in without its text layer or
    not at all.
    """

    def __init__(self, path: str | os.PathLike[str], *, visible: bool = False, overwrite: bool = True):
        from desktop_ocr.core.files import AtomicFile

        self.path = os.fspath(path)
        self.visible = visible
        self.problems: list[str] = []
        self.pages = 0
        self._atomic = AtomicFile(self.path, overwrite=overwrite)
        self._out = PdfFile(self._atomic.open())
        self._pages_num = self._out.alloc()
        self._kids: list[int] = []
        self._cids = CidMap()
        self._font: int | None = None
        self._to_unicode: int | None = None
        self._q_stream: int | None = None
        self._source_path: str | None = None
        self._source = None
        self._copier: ForeignCopier | None = None

    # -- public -----------------------------------------------------------------------------------
    def add_page(self, result: PageResult, source: PageSource | None = None) -> None:
        """Add the page ``result`` was read from, with ``result``'s text over it.

        ``source`` loads the page's pixels when it is not a file of its own (a capture); without
        it the page is found again from ``result.path`` and ``result.page``. A page whose picture
        cannot be had at all is left out and named in :attr:`problems`.
        """
        label = result.label
        if result.error is not None:
            self._problem(f"{label}: no text layer (the page was not read: {result.error})")
        try:
            path = source.path if source is not None else result.path
            if _is_pdf(path) and result.page is not None:
                self._add_pdf_page(result, path)
            else:
                self._add_image_page(result, path, source)
        except PdfPageError as e:
            self._problem(f"{label}: left out of the PDF ({e})")
            return
        self.pages += 1

    def close(self) -> None:
        """Finish the PDF and put it in place. With no page at all, an empty PDF is not left behind."""
        if self._out is None:
            return
        self._close_source()
        out = self._out
        if self._font is not None:
            out.write_stream(self._to_unicode, b"", self._cids.to_unicode(), compress=True)
        kids = b" ".join(b"%d 0 R" % k for k in self._kids)
        out.write(self._pages_num, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(self._kids)))
        root = out.write(out.alloc(), b"<< /Type /Catalog /Pages %d 0 R >>" % self._pages_num)
        info = out.write(out.alloc(), b"<< /Producer " + pdf_string("Desktop OCR") + b" >>")
        out.finish(root, info)
        self._out = None
        if not self._kids:
            self._atomic.discard()
            raise PdfPageError("no page could be written")
        self._atomic.commit()

    def abort(self) -> None:
        if self._out is not None:
            self._close_source()
            self._out = None
            self._atomic.discard()

    def __enter__(self) -> SearchablePdfWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    # -- PDF pages --------------------------------------------------------------------------------
    def _add_pdf_page(self, result: PageResult, path: str) -> None:
        import pikepdf

        if path != self._source_path:
            self._close_source()
            try:
                self._source = pikepdf.open(path)
            except Exception as e:
                raise PdfPageError(f"cannot open {os.path.basename(path)}: {_exc_text(e)}") from None
            self._source_path = path
            self._copier = ForeignCopier(self._out, self._source)
        pdf, copier = self._source, self._copier
        index = result.page - 1
        if not 0 <= index < len(pdf.pages):
            raise PdfPageError(f"page {result.page} does not exist")
        page = pdf.pages[index].obj
        box = page_attribute(page, "/CropBox") or page_attribute(page, "/MediaBox")
        try:
            x0, y0, x1, y1 = (float(v) for v in box)
        except Exception:
            x0, y0, x1, y1 = 0.0, 0.0, 612.0, 792.0
        x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        rotate = int(page_attribute(page, "/Rotate") or 0) % 360
        shown_w, shown_h = (y1 - y0, x1 - x0) if rotate in (90, 270) else (x1 - x0, y1 - y0)

        def to_user(px: float, py: float) -> tuple[float, float]:
            # the result's pixels are the page as shown (pdfium applies /Rotate), top-left origin
            dx = px * shown_w / result.width
            dy = py * shown_h / result.height
            if rotate == 90:
                return x0 + dy, y0 + dx
            if rotate == 180:
                return x1 - dx, y0 + dy
            if rotate == 270:
                return x1 - dy, y1 - dx
            return x0 + dx, y1 - dy

        font = _unused_font_name(page)
        text = self._text_ops(result, to_user, font)
        if text and _has_own_text(path, index, result):
            # a born-digital page: its own text is already searchable, a second layer would double it
            logger.info("%s: the page has its own text; no text layer added", result.label)
            text = b""
        replace: dict[str, bytes] = {}
        if text:
            if self._q_stream is None:
                self._q_stream = self._out.write_stream(self._out.alloc(), b"", b"q\n")
            layer = self._out.write_stream(self._out.alloc(), b"", b"Q\n" + text, compress=True)
            contents = page.get("/Contents")
            if contents is None:
                originals = b""
            elif isinstance(contents, pikepdf.Array):
                originals = b" ".join(copier.ref_or_value(c) for c in contents)
            else:
                originals = copier.ref_or_value(contents)
            # q ... Q around the original drawing: whatever state it leaves, the text starts clean
            replace["/Contents"] = b"[%d 0 R %s %d 0 R]" % (self._q_stream, originals, layer)
            replace["/Resources"] = self._pdf_resources(page, copier, font)
        try:
            self._kids.append(copier.copy_page(page, self._pages_num, {}, replace))
        except Exception as e:
            raise PdfPageError(f"cannot copy the page: {_exc_text(e)}") from None

    def _pdf_resources(self, page, copier: ForeignCopier, font: str) -> bytes:
        """The page's resources (inherited ones included) with our font added as ``font``."""
        import pikepdf

        res = page_attribute(page, "/Resources")
        entries: list[bytes] = []
        fonts: list[bytes] = []
        if isinstance(res, pikepdf.Dictionary):
            for key, v in res.items():
                if key == "/Font" and isinstance(v, pikepdf.Dictionary):
                    fonts += [pdf_name(fk[1:]) + b" " + copier.ref_or_value(fv) for fk, fv in v.items()]
                else:
                    entries.append(pdf_name(key[1:]) + b" " + copier.ref_or_value(v))
        fonts.append(pdf_name(font) + b" %d 0 R" % self._font_ref())
        entries.append(b"/Font << " + b" ".join(fonts) + b" >>")
        return b"<< " + b" ".join(entries) + b" >>"

    def _close_source(self) -> None:
        if self._source is not None:
            try:
                self._source.close()
            except Exception:
                logger.debug("closing %s failed", self._source_path, exc_info=True)
        self._source = self._copier = self._source_path = None

    # -- image pages ------------------------------------------------------------------------------
    def _add_image_page(self, result: PageResult, path: str, source: PageSource | None) -> None:
        pic = picture_from_file(path) if result.page is None and os.path.isfile(path) else None
        if pic is None:
            try:
                pic = picture_from_pixels(_load_pixels(result, source))
            except PictureError as e:
                raise PdfPageError(str(e)) from None
        upright_w, upright_h = (
            (pic.height, pic.width) if pic.orientation in (5, 6, 7, 8) else (pic.width, pic.height)
        )
        dpi_x, dpi_y = pic.dpi if pic.orientation not in (5, 6, 7, 8) else pic.dpi[::-1]
        page_w, page_h = upright_w * 72.0 / dpi_x, upright_h * 72.0 / dpi_y
        out = self._out
        image = out.write_stream(out.alloc(), pic.entries, pic.data)
        ops = [b"q\n%s cm\n/Im0 Do\nQ\n" % orientation_matrix(pic.orientation, page_w, page_h)]
        rw, rh = result.width or upright_w, result.height or upright_h
        text = self._text_ops(result, lambda px, py: (px * page_w / rw, page_h - py * page_h / rh), _FONT)
        resources = b"/XObject << /Im0 %d 0 R >>" % image
        if text:
            ops.append(text)
            resources += b" /Font << /%s %d 0 R >>" % (_FONT.encode(), self._font_ref())
        contents = out.write_stream(out.alloc(), b"", b"".join(ops), compress=True)
        page = out.write(
            out.alloc(),
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources << %s >> /Contents %d 0 R >>"
            % (
                self._pages_num,
                pdf_number(page_w).encode(),
                pdf_number(page_h).encode(),
                resources,
                contents,
            ),
        )
        self._kids.append(page)

    # -- the text layer ---------------------------------------------------------------------------
    def _text_ops(
        self, result: PageResult, to_pdf: Callable[[float, float], tuple[float, float]], font: str
    ) -> bytes:
        """Each line of ``result`` placed on its box (``to_pdf`` maps the result's pixels to the page)."""
        if result.error is not None or not result.width or not result.height:
            return b""
        ops = []
        for line in result.lines:
            if len(line.box) < 4:
                continue
            quad = [to_pdf(float(x), float(y)) for x, y in line.box[:4]]
            ops.append(line_ops(line.text, quad, font, self._cids, visible=self.visible))
        return b"".join(ops)

    def _font_ref(self) -> int:
        """The Type0 font, written the first time a page needs it (its ToUnicode CMap at the end)."""
        if self._font is None:
            out = self._out
            font_file = glyphless_font(self.visible)
            ff = out.write_stream(out.alloc(), b"/Length1 %d" % len(font_file), font_file, compress=True)
            gid_map = out.write_stream(out.alloc(), b"/Filter /FlateDecode", cid_to_gid_map())
            desc = out.write(
                out.alloc(),
                b"<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 /FontBBox [0 %d 500 %d]"
                b" /ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 %d 0 R >>"
                % (DESCENT, ASCENT, ASCENT, DESCENT, ASCENT, ff),
            )
            cid_font = out.write(
                out.alloc(),
                b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont"
                b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
                b" /FontDescriptor %d 0 R /DW 500 /W %s /CIDToGIDMap %d 0 R >>" % (desc, w_array(), gid_map),
            )
            self._to_unicode = out.alloc()
            self._font = out.write(
                out.alloc(),
                b"<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H"
                b" /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid_font, self._to_unicode),
            )
        return self._font

    def _problem(self, message: str) -> None:
        logger.warning("searchable PDF: %s", message)
        self.problems.append(message)


class PdfPerInput:
    """One searchable PDF per input file in ``folder`` (``scan.pdf`` for ``scan.jpg``), for pages that
    come grouped by file, in order (as the command line delivers them). One writer is open at a time.
    """

    def __init__(self, folder: str | os.PathLike[str]):
        self.folder = os.fspath(folder)
        os.makedirs(self.folder, exist_ok=True)
        self.written: list[str] = []
        self.problems: list[str] = []
        self._writer: SearchablePdfWriter | None = None
        self._input: str | None = None
        self._taken: set[str] = set()

    def add_page(self, result: PageResult, source: PageSource | None = None) -> None:
        path = source.path if source is not None else result.path
        if path != self._input:
            self._finish()
            self._input = path
            self._writer = SearchablePdfWriter(self._target(path))
        self._writer.add_page(result, source)

    def close(self) -> None:
        self._finish()

    def abort(self) -> None:
        if self._writer is not None:
            self._writer.abort()
            self._writer = None

    def _target(self, path: str) -> str:
        # two inputs with one name (a/scan.png, b/scan.png) get scan.pdf and scan-2.pdf
        stem = os.path.splitext(os.path.basename(path))[0] or "page"
        name, n = f"{stem}.pdf", 1
        while name in self._taken:
            n += 1
            name = f"{stem}-{n}.pdf"
        self._taken.add(name)
        return os.path.join(self.folder, name)

    def _finish(self) -> None:
        writer, self._writer = self._writer, None
        if writer is None:
            return
        try:
            writer.close()
            self.written.append(writer.path)
        except PdfPageError as e:
            self.problems.append(f"{os.path.basename(self._input or '')}: {e}")
        finally:
            self.problems += writer.problems


def write_searchable_pdf(
    path: str | os.PathLike[str],
    pages: Iterable[tuple[PageResult, PageSource | None]],
    *,
    visible: bool = False,
    progress: Callable[[int], None] | None = None,
) -> list[str]:
    """Write ``pages`` (each a result and, if it is not a file of its own, its source) as one
    searchable PDF at ``path``, one page at a time. ``progress(n)`` after each page. Returns the
    problems (pages without a text layer or left out), which are logged too. Raises
    :class:`PdfPageError` when no page could be written, ``OSError`` when the file cannot be."""
    with SearchablePdfWriter(path, visible=visible) as writer:
        for i, (result, source) in enumerate(pages):
            writer.add_page(result, source)
            if progress is not None:
                progress(i + 1)
    return writer.problems


# -- helpers -----------------------------------------------------------------------------------------


def _is_pdf(path: str) -> bool:
    if os.path.splitext(path)[1].lower() in PDF_EXTS:
        return os.path.isfile(path)
    try:
        with open(path, "rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False


def _has_own_text(path: str, index: int, result: PageResult) -> bool:
    """Whether the PDF page already holds at least half as much text as the OCR found."""
    import pypdfium2

    from desktop_ocr.core.images import PDFIUM_LOCK

    found = sum(len("".join(line.text.split())) for line in result.lines)
    try:
        with PDFIUM_LOCK:
            doc = pypdfium2.PdfDocument(path)
            try:
                page = doc[index]
                textpage = page.get_textpage()
                own = len("".join(textpage.get_text_range().split()))
                textpage.close()
                page.close()
            finally:
                doc.close()
    except Exception:  # cannot tell: add the layer
        logger.debug("reading the text of %s failed", result.label, exc_info=True)
        return False
    return found > 0 and own >= found / 2


def _unused_font_name(page) -> str:
    import pikepdf

    res = page_attribute(page, "/Resources")
    fonts = res.get("/Font") if isinstance(res, pikepdf.Dictionary) else None
    used = {k[1:] for k in fonts.keys()} if isinstance(fonts, pikepdf.Dictionary) else set()
    name = _FONT
    while name in used:
        name += "_"
    return name


def _load_pixels(result: PageResult, source: PageSource | None):
    from desktop_ocr.core.images import LoadError

    if source is None:
        from desktop_ocr.core.session import page_source

        source = page_source(result.path, result.page)
    try:
        return source.load()
    except LoadError as e:
        raise PdfPageError(e.reason) from None


def _exc_text(e: BaseException) -> str:
    return " ".join(str(e).split()) or type(e).__name__


__all__ = ["DEFAULT_IMAGE_DPI", "PdfPageError", "PdfPerInput", "SearchablePdfWriter", "write_searchable_pdf"]
