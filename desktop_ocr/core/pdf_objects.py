"""A PDF file written object by object as it goes, and the copying of another PDF's page into it.

Writing as we go keeps memory flat for long documents: an object's bytes go to the file when it is
made, and only the offsets (and the page list) stay in memory until the cross-reference table is
written at the end. Copied pages keep their objects byte for byte (streams raw, with their filters),
so an original page is never re-encoded, let alone rasterized.
"""

from __future__ import annotations

import logging
import zlib
from collections import deque
from decimal import Decimal
from typing import Any, BinaryIO

logger = logging.getLogger(__name__)

_PAGE_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


def pdf_name(name: str) -> bytes:
    """``/Name`` with the characters a name cannot hold written as #xx."""
    out = []
    for b in name.encode("utf-8"):
        if b < 0x21 or b > 0x7E or chr(b) in "#()<>[]{}/%":
            out.append(f"#{b:02X}")
        else:
            out.append(chr(b))
    return ("/" + "".join(out)).encode("ascii")


def pdf_string(text: str) -> bytes:
    """A text string: UTF-16BE with BOM, as hex (safe for any character)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


class PdfFile:
    """The low level of the output: numbered objects appended to a binary file, then xref and trailer."""

    def __init__(self, fp: BinaryIO, version: str = "1.7"):
        self.fp = fp
        self.offsets: dict[int, int] = {}
        self.count = 0
        fp.write(f"%PDF-{version}\n%\xe2\xe3\xcf\xd3\n".encode("latin-1"))

    def alloc(self) -> int:
        self.count += 1
        return self.count

    def write(self, num: int, body: bytes) -> int:
        self.offsets[num] = self.fp.tell()
        self.fp.write(b"%d 0 obj\n" % num + body + b"\nendobj\n")
        return num

    def write_stream(self, num: int, entries: bytes, data: bytes, compress: bool = False) -> int:
        """A stream object: ``entries`` is the inside of its dictionary, without /Length (and /Filter
        when ``compress``, which Flate-compresses ``data``)."""
        if compress:
            data = zlib.compress(data, 6)
            entries = b"/Filter /FlateDecode " + entries
        self.offsets[num] = self.fp.tell()
        self.fp.write(b"%d 0 obj\n<< %s /Length %d >>\nstream\n" % (num, entries, len(data)))
        self.fp.write(data)
        self.fp.write(b"\nendstream\nendobj\n")
        return num

    def finish(self, root: int, info: int | None = None) -> None:
        xref = self.fp.tell()
        n = self.count + 1
        lines = [b"xref\n0 %d\n" % n, b"0000000000 65535 f \n"]
        for i in range(1, n):
            off = self.offsets.get(i)
            # a number taken but never written (should not happen) is listed as free
            lines.append(b"%010d 00000 n \n" % off if off is not None else b"0000000000 00000 f \n")
        self.fp.write(b"".join(lines))
        trailer = b"/Size %d /Root %d 0 R" % (n, root)
        if info is not None:
            trailer += b" /Info %d 0 R" % info
        self.fp.write(b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref))


def page_attribute(page: Any, key: str) -> Any:
    """A page's own value for ``key``, or the one it inherits from its page tree (None if neither)."""
    node, depth = page, 0
    while node is not None and depth < 64:
        if key in node:
            return node[key]
        node = node.get("/Parent")
        depth += 1
    return None


class ForeignCopier:
    """Copies objects of one open source PDF (pikepdf) into a :class:`PdfFile`, each object once.

    Objects shared by several pages (fonts, images) are written on first use and referred to after
    that; another page or the page tree met on the way (a link's destination) becomes null, so a page
    never drags in the rest of its document.
    """

    def __init__(self, out: PdfFile, source: Any):
        self.out = out
        self.source = source
        self.numbers: dict[tuple[int, int], int] = {}
        self._queue: deque[Any] = deque()
        self._page: tuple[int, int] | None = None

    def copy_page(self, page: Any, parent: int, extra: dict[str, bytes], replace: dict[str, bytes]) -> int:
        """Write ``page`` (a pikepdf page dictionary) as a page under ``parent``: its own keys and the
        inherited ones, each copied, except those in ``replace`` (written as given), plus ``extra``.
        Returns the new page's object number."""
        num = self.out.alloc()
        self._page = page.objgen
        self.numbers[page.objgen] = num
        entries = [b"/Type /Page", b"/Parent %d 0 R" % parent]
        keys = set(page.keys()) | {k for k in _PAGE_INHERITED if page_attribute(page, k) is not None}
        for key in sorted(keys):
            if key in ("/Type", "/Parent", "/B") or key in replace or key in extra:
                continue
            value = page[key] if key in page else page_attribute(page, key)
            entries.append(pdf_name(key[1:]) + b" " + self.ref_or_value(value))
        for key, raw in {**replace, **extra}.items():
            entries.append(pdf_name(key[1:]) + b" " + raw)
        self.out.write(num, b"<< " + b"\n".join(entries) + b" >>")
        self.drain()
        return num

    def drain(self) -> None:
        while self._queue:
            obj = self._queue.popleft()
            num = self.numbers[obj.objgen]
            self._write_object(num, obj)

    def ref_or_value(self, value: Any) -> bytes:
        """How ``value`` is written where it is used: a reference (queued for writing) or inline."""
        import pikepdf

        if isinstance(value, pikepdf.Object) and value.is_indirect:
            og = value.objgen
            if og in self.numbers:
                return b"%d 0 R" % self.numbers[og]
            if self._other_page(value):
                return b"null"
            self.numbers[og] = self.out.alloc()
            self._queue.append(value)
            return b"%d 0 R" % self.numbers[og]
        return self.direct(value)

    def direct(self, value: Any) -> bytes:
        import pikepdf

        if value is None:
            return b"null"
        if isinstance(value, bool):
            return b"true" if value else b"false"
        if isinstance(value, int):
            return b"%d" % value
        if isinstance(value, (float, Decimal)):
            return _real(value)
        if isinstance(value, pikepdf.Stream):  # a direct stream cannot be; guard only
            return b"null"
        if isinstance(value, pikepdf.Dictionary):
            return self._dict_body(value)
        if isinstance(value, pikepdf.Array):
            return b"[" + b" ".join(self.ref_or_value(v) for v in value) + b"]"
        if isinstance(value, pikepdf.Object):
            return value.unparse()
        if isinstance(value, str):  # pikepdf gives some names and strings back as str
            return pdf_string(value)
        return b"null"

    def _dict_body(self, d: Any) -> bytes:
        parts = []
        for key, v in d.items():
            parts.append(pdf_name(key[1:]) + b" " + self.ref_or_value(v))
        return b"<< " + b" ".join(parts) + b" >>"

    def _other_page(self, obj: Any) -> bool:
        import pikepdf

        try:
            if not isinstance(obj, pikepdf.Dictionary):
                return False
            kind = obj.get("/Type")
        except Exception:
            return False
        return kind in (pikepdf.Name.Page, pikepdf.Name.Pages) and obj.objgen != self._page

    def _write_object(self, num: int, obj: Any) -> None:
        import pikepdf

        if isinstance(obj, pikepdf.Stream):
            raw = obj.read_raw_bytes()
            parts = []
            for key, v in obj.stream_dict.items():
                if key == "/Length":
                    continue
                parts.append(pdf_name(key[1:]) + b" " + self.ref_or_value(v))
            self.out.write_stream(num, b" ".join(parts), raw)
        else:
            self.out.write(num, self.direct(obj))


def pdf_number(v: float | Decimal, places: int = 4) -> str:
    """A real as a PDF writes it: no exponent, no trailing zeros."""
    s = f"{float(v):.{places}f}".rstrip("0").rstrip(".")
    return s if s not in ("", "-0", "-") else "0"


def _real(v: float | Decimal) -> bytes:
    return pdf_number(v, 6).encode()


__all__ = ["ForeignCopier", "PdfFile", "page_attribute", "pdf_name", "pdf_number", "pdf_string"]
