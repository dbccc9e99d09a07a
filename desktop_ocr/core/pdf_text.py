"""The invisible text layer of a searchable PDF: a glyph-less font and the operators that place each line.

The design follows Tesseract's glyph-less font (Apache-2.0), rebuilt here by our own code: a Type0
font with Identity-H encoding, so each character is a 2-byte CID equal to its Unicode code point; a
CIDToGIDMap sends every CID to one blank glyph; a ToUnicode CMap gives the text back to viewers.
No CJK font has to ship, and any script can be selected, searched and copied. The text is drawn in
render mode 3 (neither filled nor stroked): invisible, yet where the picture shows it.
"""

from __future__ import annotations

import functools
import io
import math
import unicodedata
import zlib
from collections.abc import Sequence

from desktop_ocr.core.pdf_objects import pdf_number

# Advance widths (in 1/1000 em) the viewer uses to lay a line out; each line is stretched to its box
# with Tz, so these only share the box between characters: CJK and fullwidth ones get a full em.
NARROW_WIDTH = 500
WIDE_WIDTH = 1000
# A line's box is from the descent to the ascent: font size = box height, baseline 20% above its
# bottom, so a viewer's selection highlight covers the box.
ASCENT = 800
DESCENT = -200
# CIDs for characters outside the Basic Multilingual Plane (Identity-H codes are 2 bytes): taken from
# the surrogate block, which is never a character of its own, each mapped back by the ToUnicode CMap.
_EXTRA_FIRST, _EXTRA_LAST = 0xD800, 0xDFFF

# The W array of the CIDFont: the CJK and fullwidth blocks at a full em (CID = code point).
WIDE_RANGES = ((0x1100, 0x115F), (0x2E80, 0x303E), (0x3041, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF))
WIDE_RANGES += ((0xA000, 0xA4CF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFF60))
WIDE_RANGES += ((0xFFE0, 0xFFE6),)


def _is_wide(cp: int) -> bool:
    return any(a <= cp <= b for a, b in WIDE_RANGES)


def w_array() -> bytes:
    return b"[" + b" ".join(f"{a} {b} {WIDE_WIDTH}".encode() for a, b in WIDE_RANGES) + b"]"


@functools.lru_cache(maxsize=2)
def glyphless_font(visible: bool = False) -> bytes:
    """A TrueType font program with two glyphs, .notdef and one blank glyph, both without outlines.

    ``visible``: for checking placement by eye, the glyph is a hollow box from descent to ascent.
    """
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    fb = FontBuilder(1000, isTTF=True)
    names = [".notdef", "blank"]
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({0x20: "blank"})
    empty = TTGlyphPen(None).glyph()
    glyph = empty
    if visible:
        pen = TTGlyphPen(None)
        for pts in (
            [(20, DESCENT), (20, ASCENT), (480, ASCENT), (480, DESCENT)],
            [(60, DESCENT + 40), (440, DESCENT + 40), (440, ASCENT - 40), (60, ASCENT - 40)],
        ):
            pen.moveTo(pts[0])
            for p in pts[1:]:
                pen.lineTo(p)
            pen.closePath()
        glyph = pen.glyph()
    fb.setupGlyf({".notdef": empty, "blank": glyph})
    fb.setupHorizontalMetrics({n: (NARROW_WIDTH, 0) for n in names})
    fb.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    fb.setupNameTable({"familyName": "GlyphLessFont", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=ASCENT, sTypoDescender=DESCENT, usWinAscent=ASCENT, usWinDescent=-DESCENT)
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    return buf.getvalue()


@functools.lru_cache(maxsize=1)
def cid_to_gid_map() -> bytes:
    """Every one of the 65536 CIDs drawn with glyph 1, the blank one (Flate-compressed)."""
    return zlib.compress(b"\x00\x01" * 65536, 9)


class CidMap:
    """Characters to 2-byte CIDs: the code point for the BMP, a private CID for others (kept for the CMap)."""

    def __init__(self) -> None:
        self.extra: dict[str, int] = {}
        self.used: set[int] = set()

    def cid(self, ch: str) -> int | None:
        cp = ord(ch)
        if cp <= 0xFFFF and not 0xD800 <= cp <= 0xDFFF:
            self.used.add(cp)
            return cp
        if ch not in self.extra:
            if _EXTRA_FIRST + len(self.extra) > _EXTRA_LAST:
                return None
            self.extra[ch] = _EXTRA_FIRST + len(self.extra)
        return self.extra[ch]

    def to_unicode(self) -> bytes:
        """The ToUnicode CMap of the CIDs used: runs of code points as ranges (a bfrange may only
        vary its last byte), then one entry per private CID back to its UTF-16 pair. Written when the
        document is finished, so a short one carries a short map."""
        out = [
            b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        ]
        runs: list[tuple[int, int]] = []
        for cp in sorted(self.used):
            if runs and cp == runs[-1][1] + 1 and cp >> 8 == runs[-1][0] >> 8:
                runs[-1] = (runs[-1][0], cp)
            else:
                runs.append((cp, cp))
        for i in range(0, len(runs), 100):
            chunk = runs[i : i + 100]
            out.append(f"{len(chunk)} beginbfrange\n".encode())
            out += [f"<{a:04X}> <{b:04X}> <{a:04X}>\n".encode() for a, b in chunk]
            out.append(b"endbfrange\n")
        entries = [(cid, ch) for ch, cid in self.extra.items()]
        for i in range(0, len(entries), 100):
            chunk = entries[i : i + 100]
            out.append(f"{len(chunk)} beginbfchar\n".encode())
            for cid, ch in chunk:
                out.append(f"<{cid:04X}> <{ch.encode('utf-16-be').hex().upper()}>\n".encode())
            out.append(b"endbfchar\n")
        out.append(b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
        return b"".join(out)


def _num(v: float) -> str:
    return pdf_number(v, 3)


def line_ops(
    text: str, quad: Sequence[Sequence[float]], font: str, cids: CidMap, visible: bool = False
) -> bytes:
    """The operators drawing ``text`` over ``quad`` (top-left, top-right, bottom-right, bottom-left,
    in PDF points, y up): size from the box height, baseline along the bottom edge, stretched (Tz) to
    the box length. Empty bytes when there is nothing to place."""
    codes = []
    width = 0
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf") and ch != " ":
            continue
        cid = cids.cid(ch)
        if cid is None:
            continue
        codes.append(cid)
        width += WIDE_WIDTH if _is_wide(cid) else NARROW_WIDTH
    if not codes:
        return b""
    (tlx, tly), (trx, try_), (brx, bry), (blx, bly) = quad[:4]
    # baseline direction: the mean of the top and bottom edges (a skewed box keeps its angle)
    dx, dy = (trx - tlx + brx - blx) / 2, (try_ - tly + bry - bly) / 2
    length = math.hypot(dx, dy)
    if length <= 0:
        return b""
    ux, uy = dx / length, dy / length
    # height: distance from the bottom edge to the top edge along the normal (left side, y up)
    nx, ny = -uy, ux
    height = ((tlx - blx) * nx + (tly - bly) * ny + (trx - brx) * nx + (try_ - bry) * ny) / 2
    if height <= 0:
        return b""
    size = height
    base = -DESCENT / 1000 * size
    ox, oy = blx + nx * base, bly + ny * base
    natural = size * width / 1000
    tz = 100 * length / natural
    hexcodes = "".join(f"{c:04X}" for c in codes)
    return (
        f"BT\n{'0' if visible else '3'} Tr\n/{font} {_num(size)} Tf\n{_num(tz)} Tz\n"
        f"{_num(ux)} {_num(uy)} {_num(-uy)} {_num(ux)} {_num(ox)} {_num(oy)} Tm\n<{hexcodes}> Tj\nET\n"
    ).encode("ascii")


__all__ = ["ASCENT", "DESCENT", "CidMap", "cid_to_gid_map", "glyphless_font", "line_ops", "w_array"]
