"""Keyword matching in the main window and walking its hits (F3 / Shift+F3).

The keyword panel edits the app's one keyword list (``KeywordStore``); each new text starts a
*generation*: the matcher is built and every page matched on the window's worker thread, and
results of an older generation are dropped when they arrive. A regular expression that runs away
is stopped by the matcher's time limit and reported as a warning.
"""

from __future__ import annotations

import os
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QColor

from desktop_ocr.core.export import keyword_colors
from desktop_ocr.core.keywords import KeywordFileError, KeywordList, KeywordMatcher
from desktop_ocr.core.results import Hit
from desktop_ocr.gui.page_list import PageEntry

# The parts get the main window itself (``win``) and use its public interface; they do not import
# it (the window imports them).
MainWindow = Any

REGEX_TIMEOUT_S = 0.25
APPLY_SLICE_S = 0.012  # GUI-thread time per slice when new hits reach many pages


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class KeywordHits(QObject):
    """``applied`` is emitted once a new keyword list's matcher is in use (its hits follow)."""

    applied = Signal()

    def __init__(self, win: MainWindow):
        super().__init__(win)
        self.win = win
        self.model = win.model
        self.panel = win.keywords
        self.store = win.ctx.keywords
        self.matcher: KeywordMatcher | None = None
        self.colors: dict[str, QColor] = {}  # keyword label -> its colour in the view and exports
        self.current_hit: tuple[int, int] | None = None  # (page key, hit index) F3 reached last
        self._gen = 0
        self.panel.keywords_changed.connect(self.set_keywords)
        self.panel.whole_words_changed.connect(self.store.set_whole_words)
        self.panel.load_requested.connect(self.load_keyword_list)
        self.panel.hit_activated.connect(self.go_to_hit)
        self.store.changed.connect(self._store_changed)
        self.store.whole_words_changed.connect(self._whole_words_changed)

    def start(self) -> None:
        """Show the app's list in the panel (and say why a keyword file was refused)."""
        if self.store.load_error:
            message = self.store.load_error
            QTimer.singleShot(
                0, lambda: self.win.dialogs.show_error(tr("Cannot load the keyword list"), message)
            )
        self.panel.set_whole_words(self.store.whole_words())
        if self.store.text():
            self.panel.set_text(self.store.text())

    def colors_rgb(self) -> dict[str, tuple[int, int, int]]:
        return {k: (c.red(), c.green(), c.blue()) for k, c in self.colors.items()}

    def _store_changed(self, text: str) -> None:
        # changed elsewhere (the video review's panel, a keyword file chosen in the settings)
        if text != self.panel.text():
            self.panel.set_text(text)

    def _whole_words_changed(self, on: bool) -> None:
        """The list's option changed (here, in the video review or the settings): match again."""
        self.panel.set_whole_words(on)
        self.set_keywords(self.panel.text())

    def load_keyword_list(self, path: str | None = None) -> bool:
        try:
            kl = self.panel.load_file(path, self.win.settings.state("gui/open_dir"))
        except KeywordFileError as e:
            self.win.dialogs.show_error(tr("Cannot load the keyword list"), str(e))
            return False
        if kl is None:
            return False
        if kl.warnings:
            self.win.dialogs.show_error(tr("Some keywords were skipped"), "\n".join(kl.warnings))
        self.win.show_status(tr("{0} keywords loaded from {1}").format(len(kl), os.path.basename(path)), 5000)
        return True

    # -- matching -----------------------------------------------------------------------------------
    def set_keywords(self, text: str) -> None:
        """New keyword text: build the matcher and match every page on the worker thread."""
        self._gen += 1
        gen = self._gen
        self.store.set_text(text)
        pages = [
            (e.key, [ln.text for ln in e.result.lines], [ln.alternates for ln in e.result.lines])
            for e in self.model.entries
            if e.result is not None and e.result.error is None
        ]
        self.win.work.submit(
            _build_and_match,
            text,
            self.store.whole_words(),
            pages,
            on_done=lambda out: self._matcher_ready(gen, out),
            on_error=lambda exc: self.win.dialogs.show_error(tr("Cannot use the keywords"), str(exc)),
        )
        self.win.session.touch()

    def _matcher_ready(self, gen: int, out) -> None:
        matcher, labels, warnings, found = out
        if gen != self._gen:
            if matcher is not None:
                matcher.close()
            return
        if self.matcher is not None:
            self.matcher.close()
        self.matcher = matcher
        self.colors = {k: QColor(*rgb) for k, rgb in keyword_colors(labels).items()}
        self.panel.set_warnings(warnings)
        if warnings:
            self.win.show_status(warnings[0], 8000)
        self.current_hit = None
        self.panel.clear_hits()
        self._apply_found(gen, [e.key for e in self.model.entries], found)
        self.win.update_counts()
        self.applied.emit()

    def _apply_found(self, gen: int, keys: list[int], found: dict) -> None:
        """Hand the pages' new hits to the widgets a slice at a time: 200 pages' hit lists at once
        would hold the GUI thread for a visible moment."""
        if gen != self._gen:
            return
        end = time.perf_counter() + APPLY_SLICE_S
        while keys and time.perf_counter() < end:
            e = self.model.entry(keys.pop(0))
            if e is None or e.result is None or e.result.error is not None:
                continue
            if e.key in found:
                texts, hits = found[e.key]
                self._apply_hits(e.key, gen, texts, hits)
            else:
                self.match_page(e)
        if keys:
            QTimer.singleShot(0, lambda: self._apply_found(gen, keys, found))

    def line_corrected(self, e: PageEntry) -> None:
        """A line of ``e`` was corrected. Its old hits are gone from the result already
        (``PageResult.set_line_text``): show that at once, so no highlight sits on characters it
        was not found in, then match the page's new text."""
        if e.result is not None and e.result.hits is not None:
            self._hits_changed(e)
        self.match_page(e)

    def match_page(self, e: PageEntry) -> None:
        """Match one page (read or corrected just now) on the worker thread."""
        if e.result is None or e.result.error is not None:
            return
        if self.matcher is None:
            if e.result.hits is not None:
                e.result.hits = None
                e.record = None
                self._hits_changed(e)
            return
        gen, key, texts = self._gen, e.key, [ln.text for ln in e.result.lines]
        alternates = [ln.alternates for ln in e.result.lines]
        self.win.work.submit(
            _match,
            self.matcher,
            texts,
            alternates,
            on_done=lambda out: self._apply_hits(key, gen, texts, out[0], out[1]),
        )

    def _apply_hits(self, key: int, gen: int, texts: list[str], hits: list[Hit], warnings=None) -> None:
        if gen != self._gen:
            return
        e = self.model.entry(key)
        if e is None or e.result is None:
            return
        if [ln.text for ln in e.result.lines] != texts:  # edited meanwhile: match the new text
            self.match_page(e)
            return
        if warnings is not None:
            self.panel.set_warnings(warnings)
        e.result.hits = hits
        e.record = None
        self._hits_changed(e)

    def _hits_changed(self, e: PageEntry) -> None:
        row = self.model.row_of(e.key) or 0
        self.panel.set_page_hits(e.key, row, e.label, e.hits, e.result.lines if e.result else [], self.colors)
        self.model.changed(e.key)
        if e.key == self.win.current_key:
            self.refresh()
        self.win.update_counts()
        self.win.session.touch()

    # -- hits on screen and F3 ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Draw the current page's hits (the one F3 reached marked) in the view and the text panel."""
        e = self.win.current_entry()
        hits = e.hits if e is not None else []
        cur = (
            self.current_hit[1]
            if self.current_hit and e is not None and self.current_hit[0] == e.key
            else None
        )
        self.win.view.set_hits(hits, self.colors, cur)
        self.win.text_panel.set_hits(hits, self.colors, cur)

    def page_changed(self, key: int) -> None:
        if self.current_hit and self.current_hit[0] != key:
            self.current_hit = None

    def clear(self) -> None:
        self.current_hit = None
        self.panel.clear_hits()

    def next_hit(self, step: int = 1) -> tuple[int, int] | None:
        """F3 / Shift+F3: the next (previous) keyword hit of the batch, wrapping around."""
        order = [(e.key, i) for e in self.model.entries for i in range(len(e.hits))]
        if not order:
            self.win.show_status(tr("No keyword hits"), 4000)
            return None
        if self.current_hit in order:
            j = (order.index(self.current_hit) + step) % len(order)
        else:
            current = self.win.current_key
            row = self.model.row_of(current) if current is not None else 0
            rows = {e.key: r for r, e in enumerate(self.model.entries)}
            if step > 0:
                j = next((n for n, (k, _) in enumerate(order) if rows[k] >= (row or 0)), 0)
            else:
                j = next(
                    (n for n in range(len(order) - 1, -1, -1) if rows[order[n][0]] <= (row or 0)),
                    len(order) - 1,
                )
        self.go_to_hit(*order[j])
        return order[j]

    def go_to_hit(self, key: int, index: int) -> None:
        e = self.model.entry(key)
        if e is None or not 0 <= index < len(e.hits):
            return
        self.current_hit = (key, index)
        if self.win.current_key != key:
            self.win.select_page(key)
        self.current_hit = (key, index)
        self.refresh()
        hit = e.hits[index]
        self.win.select_line(hit.line)
        self.win.view.show_hit(index)
        self.panel.select_hit(key, index)
        total = sum(len(x.hits) for x in self.model.entries)
        pos = sum(len(x.hits) for x in self.model.entries[: self.model.row_of(key) or 0]) + index + 1
        self.win.show_status(
            tr("Hit {0} of {1}: {2} (line {3})").format(pos, total, hit.keyword, hit.line + 1)
        )

    def close(self) -> None:
        if self.matcher is not None:
            self.matcher.close()


# -- worker-thread functions ----------------------------------------------------------------------


def _build_and_match(text: str, whole_words: bool, pages: list[tuple[int, list[str], list]]):
    """Parse the keywords, build the matcher and match the given pages (worker thread)."""
    kl = KeywordList.from_text(text, whole_words=whole_words)
    if not kl:
        return None, [], list(kl.warnings), {}
    matcher = KeywordMatcher(kl, regex_timeout_s=REGEX_TIMEOUT_S)
    found = {key: (texts, matcher.match_lines(texts, alts)) for key, texts, alts in pages}
    return matcher, [kw.label for kw in kl], list(matcher.warnings), found


def _match(matcher: KeywordMatcher, texts: list[str], alternates: list):
    hits = matcher.match_lines(texts, alternates)
    return hits, list(matcher.warnings)


__all__ = ["KeywordHits", "REGEX_TIMEOUT_S"]
