"""The video review's keywords: the app's one list (or a list of the review's own) in a keyword panel.

The review shows a ``KeywordPanel`` without its page hit list (its events show their hits). With the
app's ``KeywordStore`` the panel edits that list: typing or loading a list here changes it in the
main window too, and a change made anywhere (main window, settings) is read live. A review given
its own ``keywords=`` edits that list only. Each change makes a new matcher and emits ``changed``;
the review matches a finished video again with it.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_ocr.core.keywords import KeywordFileError, KeywordList, KeywordMatcher
from desktop_ocr.gui.keyword_panel import KeywordPanel


def tr(text: str) -> str:
    return QCoreApplication.translate("VideoReview", text)


class ReviewKeywords(QObject):
    """``matcher``: the current list's matcher (None without keywords); ``label``: its count, for
    the review's top bar; ``widget``: a title and the panel."""

    changed = Signal()

    def __init__(self, store: Any = None, keywords: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store if keywords is None else None  # a list given: this review's own
        self.matcher: KeywordMatcher | None = None
        self.source = ""  # the file a list given by path came from
        self._own_text = ""
        self._own_whole_words = True
        self.load_error: str | None = None  # why the last list file could not be loaded
        self.label = QLabel()
        self.panel = KeywordPanel(parent, hits_list=False)
        self.widget = QWidget(parent)
        lay = QVBoxLayout(self.widget)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.title = QLabel(
            tr("Keywords: the app’s list, the same as in the main window")
            if self.store is not None
            else tr("Keywords of this review")
        )
        lay.addWidget(self.title)
        lay.addWidget(self.panel, 1)
        if keywords is not None:
            self.set_keywords(keywords)
        else:
            self.from_store()
        self.panel.set_text(self._text(), emit_now=False)
        self.panel.set_whole_words(self._whole_words())
        self.panel.keywords_changed.connect(self._panel_text_changed)
        self.panel.whole_words_changed.connect(self._panel_whole_words_changed)
        self.panel.load_requested.connect(self.load_list)
        if self.store is not None:
            self.store.changed.connect(self._store_changed)
            self.store.whole_words_changed.connect(self._store_changed)

    def from_store(self) -> None:
        """A fresh matcher of the app's list (the runner's workers use it while a video is read)."""
        if self.store is not None:
            kl = self.store.keyword_list()
            self.set_keywords(KeywordMatcher(kl) if kl else None)

    def set_keywords(self, keywords: Any) -> None:
        """A keyword list file path, a list of keywords, a KeywordMatcher, or None."""
        if keywords is None or isinstance(keywords, KeywordMatcher):
            self.matcher, self.source = keywords, ""
        elif isinstance(keywords, (str, os.PathLike)):
            self.matcher = KeywordMatcher(KeywordList.from_file(keywords))
            self.source = os.path.basename(os.fspath(keywords))
        else:
            self.matcher, self.source = KeywordMatcher(list(keywords)), ""
        if self.store is None and self.matcher is not None:
            # this review's own list: the panel shows it as a list file would hold it
            self._own_text = "\n".join(kw.label for kw in self.matcher.keywords)
            self._own_whole_words = self.matcher.whole_words
        self._show()

    def _text(self) -> str:
        return self.store.text() if self.store is not None else self._own_text

    def _whole_words(self) -> bool:
        return self.store.whole_words() if self.store is not None else self._own_whole_words

    def _show(self) -> None:
        if self.matcher is None:
            self.label.setText(tr("No keyword list"))
        else:
            n = len(self.matcher.keywords)
            # the video review's own strings ("1 keyword" / "3 keywords"), translated there
            text = (tr("{0} keyword") if n == 1 else tr("{0} keywords")).format(n)
            if self.source:
                text = tr("{0} from {1}").format(text, self.source)
            self.label.setText(text)
        self.panel.set_warnings(list(self.matcher.warnings) if self.matcher is not None else [])

    # -- changes from the panel and from the app's list ----------------------------------------
    def _panel_text_changed(self, text: str) -> None:
        if self.store is not None:
            self.store.set_text(text)  # _store_changed follows
        else:
            self._own_text = text
            self._use(KeywordList.from_text(text, whole_words=self._own_whole_words))

    def _panel_whole_words_changed(self, on: bool) -> None:
        if self.store is not None:
            self.store.set_whole_words(on)  # _store_changed follows
        else:
            self._own_whole_words = on
            self._use(KeywordList.from_text(self._own_text, whole_words=on))

    def _store_changed(self, *_args: Any) -> None:
        if self.panel.text() != self.store.text():
            self.panel.set_text(self.store.text(), emit_now=False)
        self.panel.set_whole_words(self.store.whole_words())
        self._use(self.store.keyword_list())

    def _use(self, kl: KeywordList) -> None:
        self.source = ""
        self.set_keywords(KeywordMatcher(kl) if kl else None)
        self.changed.emit()

    def load_list(self, path: str | None = None) -> bool:
        """Add the keywords of a list file, as the main window's "Load list…" does; a problem is
        kept in ``load_error`` (one line) for the review to show."""
        try:
            kl = self.panel.load_file(path)
        except KeywordFileError as exc:
            self.load_error = str(exc)
            return False
        if kl is None:
            return False
        self.panel.flush()
        self.load_error = "; ".join(kl.warnings) or None
        return True


__all__ = ["ReviewKeywords"]
