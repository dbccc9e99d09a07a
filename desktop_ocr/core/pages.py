"""How a page is named to a user (``page_label``) and why it cannot be read (``LoadError``).

Every page-like thing (a page to load, a failed load, a result) names itself with ``page_label``.
"""

from __future__ import annotations

import os


def display_name(path: str | os.PathLike[str]) -> str:
    """A file's name for a one-line message: quoted like ``repr`` when it holds a newline or another
    control character (which would break the line or hide part of the name), plain otherwise."""
    p = os.fspath(path)
    name = os.path.basename(p) or p
    if any(ch.isspace() and ch != " " or not ch.isprintable() for ch in name):
        return repr(name)
    return name


def page_label(path: str, page: int | None) -> str:
    """The file name, with its page number if it has one: ``scan.pdf p.2``."""
    name = display_name(path)
    return f"{name} p.{page}" if page is not None else name


class LoadError(Exception):
    """A file (or one page of it) that cannot be turned into pixels, with a reason a user can read."""

    def __init__(self, path: str | os.PathLike[str], reason: str, page: int | None = None):
        self.path = os.fspath(path)
        self.reason = reason
        self.page = page
        super().__init__(self.message)

    @property
    def label(self) -> str:
        return page_label(self.path, self.page)

    @property
    def message(self) -> str:
        """One line: ``"scan.pdf: the PDF is encrypted (password protected)"``."""
        return " ".join(f"{self.label}: {self.reason}".split())

    def __reduce__(self):  # survive pickling (process pools, queues) despite the custom __init__
        return (type(self), (self.path, self.reason, self.page))


def exc_text(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return text or type(e).__name__


def failure_message(e: BaseException) -> str:
    """What a page that could not be read says: a ``LoadError``'s (or a friend's) own message for
    the user, else the exception's type and text."""
    return getattr(e, "message", None) or f"{type(e).__name__}: {e}"


def os_reason(e: OSError) -> str:
    return e.strerror or exc_text(e)


__all__ = ["LoadError", "display_name", "exc_text", "failure_message", "os_reason", "page_label"]
