"""The folding that keywords and OCR text both go through before matching (see ``keywords``):
NFKC and case folding, spaces next to CJK dropped, invisible characters dropped, with the map back
to the original text's offsets."""

from __future__ import annotations

import unicodedata

from desktop_ocr.core.scripts import is_cjk

# Characters with no visible form that OCR output or pasted keyword lists may contain.
_IGNORABLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff") | frozenset(map(chr, range(0xFE00, 0xFE10)))


def _is_ignorable(ch: str) -> bool:
    return ch in _IGNORABLE or 0xE0100 <= ord(ch) <= 0xE01EF


def _joins_previous(ch: str) -> bool:
    """Characters NFKC has to see together with the one before (accents, kana voicing marks)."""
    return unicodedata.combining(ch) != 0 or ch in "\uff9e\uff9f"


_fold_cache: dict[str, str] = {}


def _fold_cluster(cluster: str) -> str:
    out = _fold_cache.get(cluster)
    if out is None:
        out = unicodedata.normalize("NFKC", cluster).casefold()
        if len(_fold_cache) < 100_000:
            _fold_cache[cluster] = out
    return out


def fold(text: str) -> tuple[str, list[int], list[int]]:
    """Fold ``text``; for each folded character the ``[start, end)`` it came from in ``text``."""
    # 1. NFKC + casefold per cluster (a base character with its combining marks), so that every
    #    folded character knows its source span even when folding changes the length.
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if _is_ignorable(ch):
            if ends:
                ends[-1] = i + 1  # the invisible character belongs to what precedes it
            i += 1
            continue
        j = i + 1
        while j < n and (_joins_previous(text[j]) or _is_ignorable(text[j])):
            j += 1
        if ch < "\x80" and j == i + 1:
            folded = ch.lower()
        else:
            folded = _fold_cluster("".join(c for c in text[i:j] if not _is_ignorable(c)))
        for f in folded:
            chars.append(f)
            starts.append(i)
            ends.append(j)
        i = j

    # 2. Whitespace: dropped at the ends and next to CJK, otherwise one space per run.
    out: list[str] = []
    out_s: list[int] = []
    out_e: list[int] = []
    m = len(chars)
    k = 0
    while k < m:
        c = chars[k]
        if not c.isspace():
            out.append(c)
            out_s.append(starts[k])
            out_e.append(ends[k])
            k += 1
            continue
        r = k
        while r < m and chars[r].isspace():
            r += 1
        if out and r < m and not is_cjk(out[-1]) and not is_cjk(chars[r]):
            out.append(" ")
            out_s.append(starts[k])
            out_e.append(ends[r - 1])
        k = r
    return "".join(out), out_s, out_e


def normalize(text: str) -> tuple[str, list[int]]:
    """The folded form of ``text`` and, for each folded character, its index in ``text``.

    Folding is NFKC + case folding, whitespace next to CJK dropped, other whitespace runs collapsed
    to one space, leading/trailing whitespace and zero-width characters dropped.
    """
    folded, starts, _ends = fold(text)
    return folded, starts


__all__ = ["fold", "normalize"]
