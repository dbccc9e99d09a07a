"""Writing a file so that a reader (or a crash) sees the old file or the new one, never half of it.

Every file the app writes for the user or for itself (exports, evidence images, the session)
goes through :func:`write_atomic`.
"""

from __future__ import annotations

import os
import tempfile

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
        # mkstemp makes the file private (0600); an exported file gets the usual permissions.
        if os.name != "nt":
            try:
                mode = os.stat(path).st_mode & 0o7777 if os.path.exists(path) else 0o666 & ~_umask()
                os.chmod(tmp, mode)
            except OSError:
                pass
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
