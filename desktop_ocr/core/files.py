"""Writing a file so that a reader (or a crash) sees the old file or the new one, never half of it.

Every file the app writes for the user or for itself (exports, evidence images, the session)
goes through :func:`write_atomic`, or :class:`AtomicFile` when it is written piece by piece.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from typing import BinaryIO

_UMASK: int | None = None


def _umask() -> int:
    global _UMASK
    if _UMASK is None:
        if os.name == "nt":
            _UMASK = 0
        else:  # reading the umask means setting it; done once
            _UMASK = os.umask(0o022)
            os.umask(_UMASK)
    return _UMASK


class TargetExists(FileExistsError):
    """``write_atomic(..., overwrite=False)`` found the file already there."""


def _give_usual_mode(tmp: str, path: str) -> None:
    """mkstemp makes the file private (0600); an exported file gets the mode of the file it
    replaces, or the user's usual one (0666 less the umask)."""
    if os.name == "nt":
        return
    try:
        mode = os.stat(path).st_mode & 0o7777 if os.path.exists(path) else 0o666 & ~_umask()
        os.chmod(tmp, mode)
    except OSError:
        pass


def output_problem(output: str, inputs: Sequence[str]) -> str | None:
    """Why ``output`` cannot be written for a run over ``inputs`` (None when it can), checked before
    any work: a missing folder, a folder given as the file, or an output that is one of the inputs
    (it would be replaced by the results of reading it)."""
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        return f"cannot write {output!r}: the folder {folder!r} does not exist"
    if os.path.isdir(output):
        return f"cannot write {output!r}: it is a folder"
    if os.path.exists(output):
        real = os.path.realpath(output)
        for i in inputs:
            try:
                same = os.path.realpath(i) == real or os.path.samefile(i, output)
            except OSError:
                same = False
            if same:
                return f"the output {output!r} is one of the inputs; choose another file"
    return None


class AtomicFile:
    """A file written under a temporary name in its folder and renamed over ``path`` on
    :meth:`commit`; :meth:`discard` removes it. For writers that stream (a long PDF, the command
    line's JSON lines): a run that fails or is interrupted leaves the old file as it was.

    With ``overwrite=False`` an existing target is never replaced (:class:`TargetExists`), also
    when it appears while the file is written; asking the user first is the caller's job.
    """

    def __init__(self, path: str | os.PathLike[str], *, overwrite: bool = True):
        self.path = os.fspath(path)
        self.overwrite = overwrite
        self.folder = os.path.dirname(os.path.abspath(self.path))
        self._tmp = ""
        self._fp: BinaryIO | None = None

    def open(self) -> BinaryIO:
        if not self.overwrite and os.path.lexists(self.path):
            raise TargetExists(self.path)
        fd, self._tmp = tempfile.mkstemp(
            prefix="." + os.path.basename(self.path) + ".", suffix=".tmp", dir=self.folder
        )
        self._fp = os.fdopen(fd, "wb")
        return self._fp

    def discard(self) -> None:
        if self._fp is not None:
            self._fp.close()
            self._fp = None
        if self._tmp and os.path.exists(self._tmp):
            os.unlink(self._tmp)
        self._tmp = ""

    def commit(self) -> None:
        path, tmp = self.path, self._tmp
        try:
            f, self._fp = self._fp, None
            assert f is not None, "commit() of a file never opened"
            f.flush()
            os.fsync(f.fileno())
            f.close()
            _give_usual_mode(tmp, path)
            if self.overwrite:
                os.replace(tmp, path)
            else:
                try:  # link fails if the target appeared meanwhile: no race with another writer
                    os.link(tmp, path)
                except FileExistsError:
                    raise TargetExists(path) from None
                except OSError:  # file systems without hard links
                    if os.path.lexists(path):
                        raise TargetExists(path) from None
                    os.replace(tmp, path)
                else:
                    os.unlink(tmp)
            self._tmp = ""
            if os.name != "nt":  # make the rename itself durable
                try:
                    dfd = os.open(self.folder, os.O_RDONLY)
                    try:
                        os.fsync(dfd)
                    finally:
                        os.close(dfd)
                except OSError:
                    pass
        finally:
            self.discard()  # a full disk: no temporary file is left behind


class AtomicOutput:
    """A text file (UTF-8) streamed through an :class:`AtomicFile`: :meth:`commit` at the end
    puts it in place, :meth:`discard` drops it."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = os.fspath(path)
        self._atomic = AtomicFile(self.path)
        self.file = io.TextIOWrapper(self._atomic.open(), encoding="utf-8", newline="")

    def write(self, text: str) -> int:
        return self.file.write(text)

    def flush(self) -> None:
        self.file.flush()

    def commit(self) -> None:
        self.file.flush()
        self.file.detach()  # the binary file stays open for the commit
        self._atomic.commit()

    @property
    def closed(self) -> bool:
        return self._atomic._fp is None

    def discard(self) -> None:
        self._atomic.discard()


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` so that a reader (or a crash) sees the old file or the new one,
    never half: a temporary file in the same folder, flushed to disk and renamed over the target
    (see :class:`AtomicFile`). ``str`` is written as UTF-8."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    target = AtomicFile(path, overwrite=overwrite)
    try:
        target.open().write(data)
    except BaseException:
        target.discard()
        raise
    target.commit()


__all__ = ["AtomicFile", "AtomicOutput", "TargetExists", "output_problem", "write_atomic"]
