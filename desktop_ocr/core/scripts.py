"""Which characters belong to scripts written without spaces between words (CJK), written once for
keyword matching, space insertion and line joining."""

from __future__ import annotations

import unicodedata


def is_cjk(ch: str) -> bool:
    """Han, kana, Hangul, bopomofo and CJK punctuation: scripts written without word spaces."""
    o = ord(ch)
    return (
        0x1100 <= o <= 0x11FF  # Hangul Jamo
        or 0x2E80 <= o <= 0x9FFF  # radicals, CJK punctuation, kana, bopomofo, CJK unified
        or 0xA960 <= o <= 0xA97F
        or 0xAC00 <= o <= 0xD7FF  # Hangul syllables and Jamo extended
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F  # CJK compatibility forms
        or 0xFF00 <= o <= 0xFFEF  # whatever of the width forms NFKC leaves
        or 0x20000 <= o <= 0x3134F
    )


def is_word_char(ch: str) -> bool:
    """A letter, digit or combining mark of a script written with spaces between words (Latin,
    Greek, Cyrillic, ...): what a whole-word keyword must not touch. CJK characters are not: their
    words are not spaced, so a keyword next to one is still a word of its own."""
    if is_cjk(ch):
        return False
    return ch.isalnum() or unicodedata.combining(ch) != 0


__all__ = ["is_cjk", "is_word_char"]
