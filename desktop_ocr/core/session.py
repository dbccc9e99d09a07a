"""The working session on disk, so that a crash loses nothing: pages, their results and edits, keywords.

The GUI writes ``session.json`` in the data folder as results and edits happen (debounced, on a
worker thread). At start-up the file left by the last run is moved aside to
``previous-session.json``; if that run did not end cleanly the user is offered to restore it.

Nothing is lost to any sequence of crashes: a previous session that was not yet restored or
declined ("pending") is never replaced. When the run that offered it crashes too, whatever that
run had (its own pages, keywords) is merged into the pending session, which is offered again.
Restoring or declining settles it (``settle_previous``): it stays on disk for the File menu.
Images that only exist in memory (a pasted clipboard image) are saved as PNGs in ``images/`` so
that they can be shown and read again.

The format is JSON; each page's result is the command line's record (``PageResult.to_dict``), so
edits (``"edited": true``) and hits survive. No Qt here.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_ocr.core.files import write_atomic
from desktop_ocr.core.pagesource import page_source  # the one way to reopen a restored page
from desktop_ocr.core.results import PageResult

logger = logging.getLogger(__name__)

SESSION_VERSION = 1
CURRENT = "session.json"
PREVIOUS = "previous-session.json"
IMAGES = "images"


@dataclass
class SessionPage:
    """One page of the session: where it comes from and, once read, its result."""

    path: str
    page: int | None
    state: str = "queued"
    result: dict[str, Any] | None = None  # PageResult.to_dict(), edits included
    image_file: str | None = None  # a pasted image saved in the session's images folder (a file name)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"path": self.path, "page": self.page, "state": self.state, "result": self.result}
        if self.image_file:
            d["image_file"] = self.image_file
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SessionPage:
        return cls(
            path=str(d["path"]),
            page=d.get("page"),
            state=str(d.get("state") or "queued"),
            result=d.get("result"),
            image_file=d.get("image_file"),
        )

    def page_result(self) -> PageResult | None:
        """The saved result, or None when there is none or it cannot be read: the page is then
        read again, and the other pages of the session are restored as they were."""
        if not self.result:
            return None
        try:
            return PageResult.from_dict(self.result)
        except (KeyError, ValueError, TypeError, AttributeError) as e:
            logger.warning("saved result of %s is damaged (%r); the page will be read again", self.path, e)
            return None


@dataclass
class SessionData:
    pages: list[SessionPage] = field(default_factory=list)
    keywords: str = ""
    clean: bool = False  # True when the application closed normally
    saved_at: float = 0.0

    @property
    def edited(self) -> int:
        """How many lines the user corrected."""
        n = 0
        for p in self.pages:
            for ln in (p.result or {}).get("lines", []):
                n += bool(ln.get("edited"))
        return n

    @property
    def done(self) -> int:
        return sum(1 for p in self.pages if p.result)

    @property
    def pending(self) -> bool:
        """A crashed run's work that the user has not yet restored or declined."""
        return not self.clean and bool(self.pages)

    def absorb(self, other: SessionData) -> None:
        """Add the pages and keyword lines of ``other`` (a later crashed run) that this lacks."""
        seen = {json.dumps(p.to_dict(), sort_keys=True) for p in self.pages}
        for p in other.pages:
            if json.dumps(p.to_dict(), sort_keys=True) not in seen:
                self.pages.append(p)
        mine = set(self.keywords.splitlines())
        extra = [ln for ln in other.keywords.splitlines() if ln.strip() and ln not in mine]
        if extra:
            self.keywords = (
                "\n".join([self.keywords.rstrip("\n"), *extra]) if self.keywords else "\n".join(extra)
            )
        self.saved_at = max(self.saved_at, other.saved_at)

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": SESSION_VERSION,
                "clean": self.clean,
                "saved_at": self.saved_at or time.time(),
                "keywords": self.keywords,
                "pages": [p.to_dict() for p in self.pages],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> SessionData:
        d = json.loads(text)
        if not isinstance(d, dict) or int(d.get("version", 0)) > SESSION_VERSION:
            raise ValueError("not a session file of this version")
        return cls(
            pages=[SessionPage.from_dict(p) for p in d.get("pages", [])],
            keywords=str(d.get("keywords") or ""),
            clean=bool(d.get("clean", False)),
            saved_at=float(d.get("saved_at") or 0.0),
        )


def encode_session(records: list[dict[str, Any]], keywords: str, clean: bool = False) -> str:
    """The session file's text from page records already in ``SessionPage.to_dict`` form.

    Kept separate from :class:`SessionData` so that the GUI can cache each page's record and only
    serialise on the writer thread.
    """
    return json.dumps(
        {
            "version": SESSION_VERSION,
            "clean": clean,
            "saved_at": time.time(),
            "keywords": keywords,
            "pages": records,
        },
        ensure_ascii=False,
    )


class SessionFiles:
    """The session folder: the current file, the previous run's file and saved images."""

    def __init__(self, data_dir: str | os.PathLike[str]):
        self.folder = Path(data_dir) / "session"
        self.images = self.folder / IMAGES
        self.current = self.folder / CURRENT
        self.previous = self.folder / PREVIOUS
        self.folder.mkdir(parents=True, exist_ok=True)

    def take_previous(self) -> SessionData | None:
        """Move the last run's session aside and return what to offer: the last run's session, or
        a pending one (see the module docstring) with the last run's work merged in. None when
        there is nothing (or it is unreadable).

        Images no session refers to any more are deleted.
        """
        data = self._read(self.current) if self.current.exists() else None
        previous = self.load_previous()
        if previous is not None and previous.pending:
            # The run that should have offered it ended without a yes or no: keep it, with
            # anything that run added. The merged file is written before the run's file goes.
            if data is not None and (data.pages or data.keywords):
                previous.absorb(data)
                write_atomic(self.previous, previous.to_json())
            try:
                self.current.unlink(missing_ok=True)
            except OSError:
                logger.warning("cannot remove the last session file", exc_info=True)
            data = previous
        elif data is not None and not (data.pages or data.keywords):
            # an empty window (a crash right after an answered question): the previous session
            # stays for the File menu rather than being replaced by nothing
            self.current.unlink(missing_ok=True)
            data = None
        elif data is not None:
            try:
                os.replace(self.current, self.previous)
            except OSError:
                logger.warning("cannot move the last session aside", exc_info=True)
        self._prune_images(data if data is not None else previous)
        return data

    def settle_previous(self) -> None:
        """The user restored or declined the previous session: it is no longer offered at start-up
        (marked as closed normally) but stays for the File menu's restore."""
        data = self.load_previous()
        if data is not None and not data.clean:
            data.clean = True
            try:
                write_atomic(self.previous, data.to_json())
            except OSError:
                logger.warning("cannot mark the previous session as settled", exc_info=True)

    def load_previous(self) -> SessionData | None:
        return self._read(self.previous) if self.previous.exists() else None

    def write(self, text: str) -> None:
        write_atomic(self.current, text)

    def save_image(self, name: str, png: bytes) -> Path:
        self.images.mkdir(parents=True, exist_ok=True)
        path = self.images / name
        write_atomic(path, png)
        return path

    def image_path(self, name: str) -> Path:
        return self.images / name

    def _read(self, path: Path) -> SessionData | None:
        try:
            return SessionData.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError) as e:
            logger.warning("session file %s is unreadable (%s); it is kept as .bad", path, e)
            try:
                os.replace(path, path.with_suffix(".bad"))
            except OSError:
                pass
            return None

    def _prune_images(self, kept: SessionData | None) -> None:
        if not self.images.is_dir():
            return
        keep = {p.image_file for p in kept.pages if p.image_file} if kept else set()
        for f in self.images.iterdir():
            if f.name not in keep:
                try:
                    f.unlink()
                except OSError:
                    pass


__all__ = ["SessionData", "SessionFiles", "SessionPage", "encode_session", "page_source"]
