"""Writing a file so that a reader (or a crash) sees the old file or the new one, never half of it.

Every file the app writes for the user or for itself (exports, evidence images, the session)
goes through :func:`write_atomic`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence

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


class AtomicOutput:
    """A text file written under a temporary name next to ``path`` and renamed over it by
    :meth:`commit`: a run that fails or is interrupted leaves the old file as it was. Streams (the
    command line's jsonl goes out page by page)."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = os.fspath(path)
        folder = os.path.dirname(os.path.abspath(self.path))
        fd, self._tmp = tempfile.mkstemp(
            prefix="." + os.path.basename(self.path) + ".", suffix=".tmp", dir=folder
        )
        self.file = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def write(self, text: str) -> int:
        return self.file.write(text)

    def flush(self) -> None:
        self.file.flush()

    def commit(self) -> None:
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            _give_usual_mode(self._tmp, self.path)
            os.replace(self._tmp, self.path)
        except BaseException:  # a full disk: no temporary file is left behind
            self.discard()
            raise

    def discard(self) -> None:
        self.file.close()
        try:
            os.unlink(self._tmp)
        except OSError:
            pass


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` so that a reader (or a crash) sees the old file or the new one, never half.

    The data goes to a temporary file in the same folder, is flushed to disk and renamed over the
    target. With ``overwrite=False`` an existing target is never replaced (:class:`TargetExists`);
    asking the user first is the caller's job. ``str`` is written as UTF-8.
    """
    path = os.fspath(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = os.path.dirname(os.path.abspath(path))
    if not overwrite and os.path.lexists(path):
        raise TargetExists(path)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        _give_usual_mode(tmp, path)
        if overwrite:
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
        tmp = ""
        if os.name != "nt":  # make the rename itself durable
            try:
                dfd = os.open(folder, os.O_RDONLY)
                try:
                    os.fsync(dfd)
                finally:
                    os.close(dfd)
            except OSError:
                pass
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
