"""The app's one keyword list: what the keyword panel shows, what captures and the video review use.

The composition root makes one :class:`KeywordStore`; the main window's keyword panel edits it,
the capture controller and the video review read it. Its text is saved (``gui/keywords``) on every
change. At start-up, and whenever the user picks another keyword file in the settings, the list
file (setting ``keywords``) replaces the text.

The list's option ``whole_words`` (the setting of that name: the panel's "Whole words" box and the
Settings dialog show the same value) says how keywords without ``w:``/``s:`` match;
:meth:`KeywordStore.keyword_list` is the list with it, for every matcher the app builds.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop_ocr.core.keywords import KeywordFileError, KeywordList, KeywordMatcher, read_keyword_file

logger = logging.getLogger(__name__)


class KeywordStore(QObject):
    """``changed(text)`` is emitted after every change of the text, whoever made it;
    ``whole_words_changed(on)`` after every change of the list's whole-words option."""

    changed = Signal(str)
    whole_words_changed = Signal(bool)

    def __init__(self, settings, parent: QObject | None = None):
        super().__init__(parent)
        self.settings = settings
        self.load_error: str | None = None  # why the keyword file of the settings was refused
        self._text = ""
        self._matcher_key: tuple[str, bool] | None = None
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

    def whole_words(self) -> bool:
        return bool(self.settings.get("whole_words"))

    def set_whole_words(self, on: bool) -> None:
        self.settings.set("whole_words", bool(on))  # whole_words_changed follows via the settings

    def keyword_list(self, text: str | None = None) -> KeywordList:
        """The list (or ``text`` parsed as the list would be: with its whole-words option)."""
        return KeywordList.from_text(self._text if text is None else text, whole_words=self.whole_words())

    def matcher(self) -> KeywordMatcher | None:
        """A matcher for the current list (kept until the list changes); None for an empty list.

        For matching on the GUI thread (a capture's one page); the main window builds its own on
        its worker thread, with a regex time limit.
        """
        key = (self._text, self.whole_words())
        if self._matcher_key != key:
            self._matcher_key = key
            kl = self.keyword_list()
            self._matcher = KeywordMatcher(kl) if kl else None
        return self._matcher

    def _read_file(self, path: str) -> str:
        try:
            text = read_keyword_file(path)[0]  # validates (UTF-8, readable)
            self.load_error = None
            return text
        except KeywordFileError as exc:
            self.load_error = str(exc)
            logger.warning("keyword list %s: %s", path, exc)
            return self._text

    def _on_setting_changed(self, name: str) -> None:
        if name == "keywords" and (path := self.settings.get("keywords")):
            self.set_text(self._read_file(path))
        elif name == "whole_words":
            self.whole_words_changed.emit(self.whole_words())


__all__ = ["KeywordStore"]
