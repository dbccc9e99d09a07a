"""The Chinese script setting: keep a line as read, or write it in simplified or traditional forms.

PP-OCRv5 reads some simplified subtitles with traditional forms (什么情况 as 什么情況), and a
keyword list is usually written in one script; converting each recognised line lets keyword
matching, the export and the clipboard all see one script. The conversion is OpenCC's
(``opencc`` wheel, phrase-aware tables, no network); ``t2s`` / ``s2t`` are its plain
(non-regional) tables so that nothing but the script changes.
"""

from __future__ import annotations

import functools
import logging
import threading

logger = logging.getLogger(__name__)

AS_READ, SIMPLIFIED, TRADITIONAL = "as-read", "simplified", "traditional"
SCRIPTS = (AS_READ, SIMPLIFIED, TRADITIONAL)
_CONFIG = {SIMPLIFIED: "t2s", TRADITIONAL: "s2t"}


class ScriptError(RuntimeError):
    """The conversion cannot be set up (OpenCC missing); the message says what to install."""


class ScriptConverter:
    """Converts text to one script; safe to share between threads (one lock around OpenCC)."""

    def __init__(self, script: str):
        if script not in SCRIPTS:
            raise ScriptError(f"unknown script {script!r}; choose one of: {', '.join(SCRIPTS)}")
        self.script = script
        self._cc = None
        self._lock = threading.Lock()
        if script != AS_READ:
            try:
                import opencc
            except ImportError as exc:
                raise ScriptError("converting Chinese script needs OpenCC: pip install opencc") from exc
            self._cc = opencc.OpenCC(_CONFIG[script])

    @property
    def active(self) -> bool:
        return self._cc is not None

    def __call__(self, text: str) -> str:
        if self._cc is None or not text or text.isascii():
            return text
        with self._lock:  # the C++ converter is not documented as thread-safe
            return self._cc.convert(text)


@functools.cache
def converter(script: str) -> ScriptConverter:
    """One converter per script in the process (OpenCC loads its tables once)."""
    return ScriptConverter(script)


def convert_alternates(
    before: str, after: str, alternates: list[tuple[int, str, float]], convert: ScriptConverter
) -> list[tuple[int, str, float]]:
    """The runner-up readings in the converted script.

    OpenCC's tables map one character to one character for nearly all text, so indices stay; a
    conversion that changes the length (rare phrase tables) drops the alternates rather than
    misplace them. An alternate that converts to the character now in the text is no alternate.
    """
    if not alternates or not convert.active:
        return alternates
    if len(before) != len(after):
        return []
    out = []
    for i, ch, p in alternates:
        alt = convert(ch)
        if len(alt) == 1 and alt != after[i]:
            out.append((i, alt, p))
    return out
