"""Keyword lists and the matcher that finds them in OCR text.

A keyword list file is UTF-8 (a BOM is accepted), one keyword per line; ``#`` starts a comment
line, blank lines are ignored. A prefix in front of a keyword says how it matches:

* ``re:`` the rest is a regular expression;
* ``w:`` whole words only: ``w:the`` finds "the" but not "their", "they" or "tothe";
* ``s:`` anywhere, inside words too: ``s:the`` finds "the" in "their";
* no prefix: the list's option (:attr:`KeywordList.whole_words`, on by default) decides.

Whole-word matching looks only at a keyword's Latin edges: a keyword edge that is a letter or digit
of a spaced script (Latin, Greek, Cyrillic, digits) must not touch another such character in the
text, while an edge that is CJK or punctuation needs nothing. So CJK keywords always match as
substrings (CJK has no spaces between words), and ``iPhone手机`` must start a word but may be
followed by anything.

Matching is done on *folded* text, the same folding for the keywords and for the text searched
(see :func:`normalize`):

* NFKC and case folding: fullwidth ``ＡＢＣ１２３，`` is ``abc123,``, halfwidth katakana is
  ordinary katakana, ``Straße`` matches ``STRASSE``.
* Whitespace next to a CJK character (Han, kana, Hangul, CJK punctuation) is dropped, because OCR
  adds and drops spaces in CJK text at random: ``敏 感 词`` matches ``敏感词`` and the other way
  round. Any other whitespace run becomes one space, so Latin words keep their boundaries (dropping
  every space would let ``cat`` match ``con cat enate``). Because OCR also drops spaces between
  English words, a literal keyword with a space (``new york``) additionally matches its
  space-less form (``newyork``).
* Zero-width characters, soft hyphens and variation selectors are dropped.

All literal keywords go through one Aho-Corasick automaton built once per matcher; whole-word
hits are the automaton's hits whose Latin edges have no letter or digit next to them in the folded
text. Regular expressions are left as written (``\\b`` is theirs to use).

Hit offsets are always in the *original* text: ``text[start:end]`` is what the user sees
highlighted, inner spaces included.

Regular expressions run on the folded text of each line (so they see lowercase, halfwidth text
without spaces next to CJK) with IGNORECASE. A regex that cannot compile is reported and skipped.
A regex must not freeze the window, and Python's ``re`` cannot be interrupted, so:

* if the third-party ``regex`` module is importable we use it: it has a ``timeout=`` argument that
  stops a runaway match from inside the engine, cheaply, in-process;
* otherwise the regexes run with the stdlib ``re`` in one spawned worker process (spawn is safe
  under Qt and on every OS) and a line that takes longer than the budget gets the worker killed.

Either way each regex gets ``regex_timeout_s`` per line; a regex that runs over once is reported
in :attr:`KeywordMatcher.warnings` and not run again by that matcher, so the worst stall a matcher
can ever cause is about ``number of regexes × regex_timeout_s``.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from desktop_ocr.core.folding import fold, normalize
from desktop_ocr.core.regex_engines import FLAGS, ProcessEngine, RegexModuleEngine, RegexTimeout
from desktop_ocr.core.results import Hit, PageResult
from desktop_ocr.core.scripts import is_word_char

try:  # optional: gives regexes an in-engine timeout (see the module docstring)
    import regex as _regex
except ImportError:  # pragma: no cover - depends on the environment
    _regex = None

logger = logging.getLogger(__name__)

REGEX_PREFIX = "re:"
WORD_PREFIX = "w:"
SUBSTRING_PREFIX = "s:"


class KeywordFileError(Exception):
    """A keyword file could not be read; the message is one line naming the file."""


def _compile(pattern: str) -> Any:
    """Compile with the engine that will run the pattern; raises that engine's error."""
    if _regex is not None:
        return _regex.compile(pattern, FLAGS)
    return re.compile(pattern, FLAGS)


@dataclass(frozen=True)
class Keyword:
    """One keyword: ``text`` is a literal or, when ``is_regex``, the pattern without ``re:``.

    ``whole_word``: True for ``w:``, False for ``s:``, None when the list's option decides.
    """

    text: str
    is_regex: bool = False
    source_line: int | None = None
    whole_word: bool | None = None

    @property
    def label(self) -> str:
        """The keyword as the user wrote it (prefix included): what hits are reported under."""
        if self.is_regex:
            return REGEX_PREFIX + self.text
        if self.whole_word is None:
            return self.text
        return (WORD_PREFIX if self.whole_word else SUBSTRING_PREFIX) + self.text


@dataclass
class KeywordList:
    """Parsed keywords. ``whole_words``: how keywords without ``w:``/``s:`` match (the list's
    option: on, Latin keywords match whole words; off, anywhere)."""

    keywords: list[Keyword] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    whole_words: bool = True

    def __len__(self) -> int:
        return len(self.keywords)

    def __bool__(self) -> bool:
        return bool(self.keywords)

    def __iter__(self) -> Iterator[Keyword]:
        return iter(self.keywords)

    @classmethod
    def from_text(cls, text: str, source: str | None = None, whole_words: bool = True) -> KeywordList:
        """Parse a list file's contents: comments, blank lines, prefixed lines.

        ``source`` (a file name) is put in front of warnings.
        """
        if text.startswith("\ufeff"):
            text = text[1:]
        where = f"{source} line" if source else "line"
        builder = _Builder()
        for number, raw in enumerate(text.splitlines(), start=1):
            item = raw.strip()
            if not item or item.startswith("#"):
                continue
            builder.add(item, number, f"{where} {number}")
        return builder.result(whole_words)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], whole_words: bool = True) -> KeywordList:
        return read_keyword_file(path, whole_words)[1]

    @classmethod
    def from_strings(cls, items: Iterable[str], whole_words: bool = True) -> KeywordList:
        """Keywords given one by one (e.g. typed in a box). Prefixes apply; ``#`` is not a comment
        here, since an item is deliberately a keyword (a hashtag, say)."""
        builder = _Builder()
        for number, raw in enumerate(items, start=1):
            item = raw.strip()
            if item:
                builder.add(item, None, f"keyword {number}")
        return builder.result(whole_words)


def read_keyword_file(path: str | os.PathLike[str], whole_words: bool = True) -> tuple[str, KeywordList]:
    """A list file's text (BOM removed) and its keywords; KeywordFileError names the file."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as f:
            data = f.read()
    except OSError as e:
        raise KeywordFileError(f"Cannot read keyword file {name}: {e.strerror or e}") from e
    if b"\x00" in data:
        # UTF-16 or UTF-32 without a BOM is valid UTF-8 for ASCII text, with a NUL in every
        # keyword; refused like the same file with a BOM (which is not UTF-8)
        wide = "UTF-16" if data.count(b"\x00") < len(data) * 0.6 else "UTF-32"
        raise KeywordFileError(
            f"Keyword file {name} is not UTF-8 text (NUL bytes: it looks like {wide}); save it as UTF-8"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise KeywordFileError(
            f"Keyword file {name} is not UTF-8 text (bad byte at offset {e.start}); save it as UTF-8"
        ) from e
    return text, KeywordList.from_text(text, source=os.path.basename(name), whole_words=whole_words)


class _Builder:
    """Shared parsing: prefixes, regex validation, de-duplication."""

    def __init__(self) -> None:
        self.keywords: list[Keyword] = []
        self.warnings: list[str] = []
        self._seen: set[tuple[bool, bool | None, str]] = set()

    def add(self, item: str, line: int | None, where: str) -> None:
        if item.startswith(REGEX_PREFIX):
            pattern = item[len(REGEX_PREFIX) :].strip()
            if not pattern:
                return
            key = (True, None, pattern)
            if key in self._seen:
                return
            try:
                _compile(pattern)
            except Exception as e:  # re.error, regex.error, and the odd OverflowError/RecursionError
                self.warnings.append(f"{where}: bad regular expression {pattern!r} skipped: {e}")
                return
            self._seen.add(key)
            self.keywords.append(Keyword(pattern, True, line))
            return
        whole_word: bool | None = None
        for prefix, value in ((WORD_PREFIX, True), (SUBSTRING_PREFIX, False)):
            if item.startswith(prefix):
                item, whole_word = item[len(prefix) :].strip(), value
                break
        folded = normalize(item)[0]
        if not folded:  # only spaces / invisible characters
            return
        key = (False, whole_word, folded)
        if key in self._seen:  # "ABC" and "ａｂｃ" are the same keyword: keep the first spelling
            return
        self._seen.add(key)
        self.keywords.append(Keyword(item, False, line, whole_word))

    def result(self, whole_words: bool = True) -> KeywordList:
        return KeywordList(self.keywords, self.warnings, whole_words)


# -- alternate readings -------------------------------------------------------------------------

Alternates = Sequence[tuple[int, str, float]]  # (index in the line's text, character, probability)

# Every single-character swap is tried, and every pair of swaps this close together (a keyword
# seldom needs two look-alikes), up to this many readings of one line.
PAIR_SPAN = 8
MAX_READINGS = 64


def alternate_readings(text: str, alternates: Alternates) -> list[tuple[str, frozenset[int]]]:
    """Other readings of ``text`` with runner-up characters swapped in, and the swapped indices.

    Each reading has ``text``'s length, so offsets into it are offsets into ``text``.
    """
    best: dict[int, tuple[str, float]] = {}
    for index, ch, prob in alternates:
        if 0 <= index < len(text) and len(ch) == 1 and not text[index].isspace() and ch != text[index]:
            if index not in best or prob > best[index][1]:
                best[index] = (ch, prob)
    if not best:
        return []
    chars = list(text)

    def swap(*indices: int) -> tuple[str, frozenset[int]]:
        out = chars.copy()
        for k in indices:
            out[k] = best[k][0]
        return "".join(out), frozenset(indices)

    positions = sorted(best)
    readings = [swap(k) for k in positions]
    pairs = [
        (best[a][1] * best[b][1], a, b)
        for n, a in enumerate(positions)
        for b in positions[n + 1 :]
        if b - a < PAIR_SPAN
    ]
    for _p, a, b in sorted(pairs, reverse=True):
        if len(readings) >= MAX_READINGS:
            break
        readings.append(swap(a, b))
    return readings[:MAX_READINGS]


# -- matcher ------------------------------------------------------------------------------------


class KeywordMatcher:
    """Finds many keywords in OCR text at once. Build once per keyword list, reuse for every page.

    ``warnings`` holds the list's own warnings (bad regexes) followed by regexes that ran over
    their time budget and were switched off.
    """

    def __init__(
        self,
        keywords: KeywordList | Iterable[str],
        regex_timeout_s: float = 0.5,
        whole_words: bool | None = None,
    ) -> None:
        """``whole_words`` (None: the list's option) for keywords without ``w:``/``s:``."""
        if isinstance(keywords, str):  # a whole list's text, not an iterable of characters
            keywords = KeywordList.from_text(keywords)
        elif not isinstance(keywords, KeywordList):
            keywords = KeywordList.from_strings(keywords)
        self.keywords = keywords
        self.whole_words = keywords.whole_words if whole_words is None else whole_words
        self.warnings: list[str] = list(keywords.warnings)
        self.regex_timeout_s = regex_timeout_s
        self._lock = threading.Lock()

        # Literal keywords: folded form -> (label, start must be a word start, end a word end).
        # A Latin keyword with spaces also gets its space-less form, because OCR drops spaces
        # between English words.
        by_form: dict[str, list[tuple[str, bool, bool]]] = {}
        for kw in keywords.keywords:
            if kw.is_regex:
                continue
            whole = self.whole_words if kw.whole_word is None else kw.whole_word
            folded = normalize(kw.text)[0]
            forms = [folded]
            if " " in folded:
                forms.append(folded.replace(" ", ""))
            for form in forms:
                entry = (kw.label, whole and is_word_char(form[0]), whole and is_word_char(form[-1]))
                entries = by_form.setdefault(form, [])
                if entry not in entries:
                    entries.append(entry)
        self._automaton: Any = None
        if by_form:
            self._automaton = ahocorasick.Automaton()
            for form, entries in by_form.items():
                self._automaton.add_word(form, (len(form), tuple(entries)))
            self._automaton.make_automaton()

        self._regex_keywords = [kw for kw in keywords.keywords if kw.is_regex]
        self._dead: set[int] = set()
        self._engine: Any = None
        if self._regex_keywords:
            engine_cls = RegexModuleEngine if _regex is not None else ProcessEngine
            self._engine = engine_cls([kw.text for kw in self._regex_keywords], regex_timeout_s)

    def close(self) -> None:
        """Stop the regex worker process, if one was started (also done at garbage collection)."""
        if self._engine is not None:
            self._engine.close()

    def __enter__(self) -> KeywordMatcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- matching ----------------------------------------------------------------------------
    def find(self, text: str, alternates: Alternates | None = None) -> list[tuple[str, int, int]]:
        """``(keyword label, start, end)`` for every hit in ``text``, offsets into ``text``
        (possible hits through ``alternates`` included)."""
        return [(label, s, e) for label, s, e, _alt in self._find_many([text], [alternates or []])[0]]

    def match_lines(self, lines: Sequence[str], alternates: Sequence[Alternates] | None = None) -> list[Hit]:
        """Hits in each line; ``alternates`` (one list per line, see ``Line.alternates``) adds
        the possible hits that a runner-up reading of an uncertain character makes."""
        hits = []
        for index, found in enumerate(self._find_many(list(lines), alternates)):
            hits.extend(Hit(label, index, start, end, possible) for label, start, end, possible in found)
        return hits

    def match_page(self, result: PageResult) -> list[Hit]:
        """Hits in the page's lines, possible hits included; also stored in ``result.hits``."""
        hits = self.match_lines([ln.text for ln in result.lines], [ln.alternates for ln in result.lines])
        result.hits = hits
        return hits

    def rematch_line(self, result: PageResult, index: int) -> list[Hit]:
        """After a correction of line ``index``: the page's hits with that line's found again in its
        new text (the other lines' hits kept); also stored in ``result.hits``."""
        ln = result.lines[index]
        found = [
            Hit(h.keyword, index, h.start, h.end, h.possible)
            for h in self.match_lines([ln.text], [ln.alternates])
        ]
        kept = [h for h in (result.hits or []) if h.line != index]
        result.hits = sorted(kept + found, key=lambda h: (h.line, h.start, h.end, h.keyword, h.possible))
        return result.hits

    def first_hit(self, texts: str | Iterable[str], alternates: Sequence[Alternates] | None = None) -> bool:
        """Whether any keyword occurs in any of ``texts`` (possible hits count; stops at the first)."""
        if isinstance(texts, str):
            texts = [texts]
        texts = list(texts)
        if alternates is not None:
            texts += [
                v for t, a in zip(texts, alternates, strict=True) for v, _subs in alternate_readings(t, a)
            ]
        folded_lines = []
        for text in texts:
            folded = fold(text)[0]
            for _ in self._literal_hits(folded):
                return True
            folded_lines.append(folded)
        if self._regex_keywords:
            for spans in self._regex_spans(folded_lines).values():
                if any(spans_of_line for spans_of_line in spans):
                    return True
        return False

    def _find_many(
        self, texts: list[str], alternates: Sequence[Alternates] | None = None
    ) -> list[list[tuple[str, int, int, bool]]]:
        """Hits per text as ``(label, start, end, possible)``, sorted by position."""
        variants: list[str] = []
        owners: list[tuple[int, frozenset[int]]] = []
        for i, alts in enumerate(alternates or []):
            for variant, subs in alternate_readings(texts[i], alts):
                variants.append(variant)
                owners.append((i, subs))
        found = self._find_plain(texts + variants)
        plain = found[: len(texts)]
        results = [{(label, s, e, False) for label, s, e in hits} for hits in plain]
        for (i, subs), hits in zip(owners, found[len(texts) :], strict=True):
            for label, s, e in hits:
                # a variant has the text's length, so its offsets are the text's
                if (label, s, e) not in plain[i] and any(s <= k < e for k in subs):
                    results[i].add((label, s, e, True))
        return [sorted(r, key=lambda h: (h[1], h[2], h[0], h[3])) for r in results]

    def _find_plain(self, texts: list[str]) -> list[set[tuple[str, int, int]]]:
        folds = [fold(t) for t in texts]
        results: list[set[tuple[str, int, int]]] = [set() for _ in texts]
        if self._automaton is not None:
            for (folded, starts, ends), found in zip(folds, results, strict=True):
                for first, last, label in self._literal_hits(folded):
                    found.add((label, starts[first], ends[last]))
        if self._regex_keywords and texts:
            per_regex = self._regex_spans([f[0] for f in folds])
            for index, spans in per_regex.items():
                label = self._regex_keywords[index].label
                for (_folded, starts, ends), line_spans, found in zip(folds, spans, results, strict=True):
                    for s, e in line_spans:
                        found.add((label, starts[s], ends[e - 1]))
        return results

    def _literal_hits(self, folded: str) -> Iterator[tuple[int, int, str]]:
        """``(first, last, label)`` of each literal hit in ``folded`` (indices of its first and last
        folded characters), whole-word keywords only where no letter or digit touches their edges."""
        if self._automaton is None:
            return
        n = len(folded)
        for last, (length, entries) in self._automaton.iter(folded):
            first = last - length + 1
            for label, word_start, word_end in entries:
                if word_start and first > 0 and is_word_char(folded[first - 1]):
                    continue
                if word_end and last + 1 < n and is_word_char(folded[last + 1]):
                    continue
                yield first, last, label

    def _regex_spans(self, folded_lines: list[str]) -> dict[int, list[list[tuple[int, int]]]]:
        """Spans in the folded lines per live regex; overrunning regexes are reported and dropped."""
        out: dict[int, list[list[tuple[int, int]]]] = {}
        for index in range(len(self._regex_keywords)):
            if index in self._dead:
                continue
            try:
                with self._lock:  # the process engine has one pipe; keep callers in turn
                    out[index] = self._engine.spans(index, folded_lines)
            except RegexTimeout:
                self._disable(index, f"took longer than {self.regex_timeout_s:g} s on one line")
            except RuntimeError as e:
                self._disable(index, str(e))
        return out

    def _disable(self, index: int, why: str) -> None:
        kw = self._regex_keywords[index]
        where = f"line {kw.source_line}: " if kw.source_line is not None else ""
        message = f"{where}regular expression {kw.text!r} {why}; it is skipped from now on"
        logger.warning("%s", message)
        with self._lock:
            self._dead.add(index)
            self.warnings.append(message)
