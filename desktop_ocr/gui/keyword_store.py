"""The app's one keyword list: what the keyword panel shows, what captures and the video review use.

The composition root makes one :class:`KeywordStore`; the main window's keyword panel edits it,
the capture controller and the video review read it. Its text is saved (``gui/keywords``) on every
change. At start-up, and whenever the user picks another keyword file in the settings, the list
file (setting ``keywords``) replaces the text.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop_ocr.core.keywords import KeywordFileError, KeywordList, KeywordMatcher

logger = logging.getLogger(__name__)


class KeywordStore(QObject):
    """``changed(text)`` is emitted after every change of the text, whoever made it."""

    changed = Signal(str)

    def __init__(self, settings, parent: QObject | None = None):
        super().__init__(parent)
        self.settings = settings
        self.load_error: str | None = None  # why the keyword file of the settings was refused
        self._text = ""
        self._matcher_text: str | None = None
        self._matcher: KeywordMatcher | None = None
        path = settings.get("keywords")
        if path:
            self.set_text(self._read_file(path))  # saved too: the panel's list from now on
        else:
            self._text = settings.state("gui/keywords")
        settings.changed.connect(self._on_setting_changed)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        self.settings.set_state("gui/keywords", text)
        self.changed.emit(text)

    def matcher(self) -> KeywordMatcher | None:
        """A matcher for the current list (kept until the text changes); None for an empty list.

        For matching on the GUI thread (a capture's one page); the main window builds its own on
        its worker thread, with a regex time limit.
        """
        if self._matcher_text != self._text:
            self._matcher_text = self._text
            kl = KeywordList.from_text(self._text)
            self._matcher = KeywordMatcher(kl) if kl else None
        return self._matcher

    def _read_file(self, path: str) -> str:
        try:
            KeywordList.from_file(path)  # validates (UTF-8, readable)
            self.load_error = None
            return Path(path).read_text(encoding="utf-8-sig")
        except (KeywordFileError, OSError) as exc:
            self.load_error = str(exc)
            logger.warning("keyword list %s: %s", path, exc)
            return self._text

    def _on_setting_changed(self, name: str) -> None:
        if name == "keywords" and (path := self.settings.get("keywords")):
            self.set_text(self._read_file(path))


__all__ = ["KeywordStore"]
