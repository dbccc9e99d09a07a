"""One running instance per user and config folder: a second start hands its request to the first.

The first instance listens on a QLocalServer (a Unix socket / Windows named pipe) whose name is
derived from the user name and the config folder, so test runs with their own ``--config-dir``
and other users on the same machine each get their own instance. On Unix the socket lives in a
folder only this user can enter (``$XDG_RUNTIME_DIR``, else a private ``desktop-ocr-UID`` folder
in the temporary folder, checked for owner and mode): a name in the shared ``/tmp`` could be bound
first by another local user, who would then receive this user's file names. When no private
folder can be had, there is no single instance: each start opens its own window. A later start connects, sends
one JSON request line and reads one JSON reply line, then exits.

Requests: ``{"cmd": "activate", "files": [...], "tray": bool}`` (a second ``desktop-ocr`` start)
and ``{"cmd": "capture"}`` (``desktop-ocr capture``). Replies: ``{"ok": true}`` or
``{"ok": false, "error": "..."}``.

A socket file left behind by a crashed instance is detected (nobody answers) and replaced.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 500
REPLY_TIMEOUT_MS = 3000
_MAX_REQUEST = 1 << 20


def server_name(config_dir: str | os.PathLike[str] | None) -> str | None:
    """Per user and config folder; short, because Unix socket paths are limited to ~100 bytes.

    On Unix a full path in the user's private runtime folder; None when there is none.
    """
    try:
        user = getpass.getuser()
    except Exception:  # no user name in a stripped-down environment
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    folder = str(Path(config_dir).expanduser().resolve()) if config_dir else "<default>"
    digest = hashlib.sha1(f"{user}\0{folder}".encode()).hexdigest()[:16]
    name = f"desktop-ocr-{digest}"
    if os.name == "nt":  # a named pipe: Windows gives it the creator's access rights
        return name
    runtime = runtime_folder()
    if runtime is None:
        logger.warning("no private folder for the single-instance socket: this start opens its own window")
        return None
    return os.path.join(runtime, name)


def runtime_folder() -> str | None:
    """A folder only this user can enter: ``$XDG_RUNTIME_DIR`` when it is one, else
    ``desktop-ocr-UID`` in the temporary folder, made with mode 0700 (None when a folder of that
    name belongs to someone else, or is open to others: it is not ours to use)."""
    candidates = []
    if os.environ.get("XDG_RUNTIME_DIR"):
        candidates.append(os.environ["XDG_RUNTIME_DIR"])
    own = os.path.join(tempfile.gettempdir(), f"desktop-ocr-{os.getuid()}")
    candidates.append(own)
    for folder in candidates:
        if folder == own:
            try:
                os.mkdir(own, 0o700)
            except FileExistsError:
                pass
            except OSError as exc:
                logger.warning("cannot make %s: %s", own, exc)
                continue
        if not _private(folder):
            logger.warning("%s is not a private folder of this user; not used for the socket", folder)
        elif len(folder) >= MAX_FOLDER:
            logger.warning("%s is too long a path for a socket; not used", folder)
        else:
            return folder
    return None


MAX_FOLDER = 80  # a Unix socket path has ~107 bytes; the name adds 29


def _private(folder: str) -> bool:
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def send_request(
    name: str | None, request: dict[str, Any], timeout_ms: int = REPLY_TIMEOUT_MS
) -> dict | None:
    """Send ``request`` to the instance listening on ``name``; its reply, or None if none runs.

    Blocking; works before a QApplication exists (QLocalSocket's waitFor* need no event loop).
    """
    if name is None:
        return None
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(CONNECT_TIMEOUT_MS):
        return None
    try:
        sock.write((json.dumps(request) + "\n").encode())
        sock.waitForBytesWritten(timeout_ms)
        buf = b""
        while b"\n" not in buf:
            if not sock.waitForReadyRead(timeout_ms):
                logger.warning("the running instance did not answer %s", request.get("cmd"))
                return {"ok": False, "error": "the running instance did not answer"}
            buf += bytes(sock.readAll().data())
        return json.loads(buf.split(b"\n", 1)[0] or b"{}")
    except (ValueError, OSError) as exc:
        return {"ok": False, "error": f"bad reply from the running instance: {exc}"}
    finally:
        sock.disconnectFromServer()


class InstanceServer(QObject):
    """Listens for later starts. ``handler(request) -> reply dict`` runs in the GUI thread."""

    request_received = Signal(str)  # the command, for logs and tests

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.handler = None
        self._server = QLocalServer(self)
        # only this user may connect (the socket file gets mode 0700-like permissions)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; False when another live instance already listens on the name."""
        # Ask first: with UserAccessOption Qt binds in a private folder and renames the socket
        # into place, which would silently take the name over from a live instance.
        if send_request(self.name, {"cmd": "ping"}, 1000) is not None:
            return False
        if self._server.listen(self.name):
            logger.info("single-instance server listening on %s", self._server.fullServerName())
            return True
        # nobody answered: a socket left by a crashed instance
        QLocalServer.removeServer(self.name)
        ok = self._server.listen(self.name)
        if not ok:
            logger.warning("cannot listen on %s: %s", self.name, self._server.errorString())
        return ok

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            self._buffers[sock] = b""
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(lambda s=sock: self._forget(s))
            if sock.bytesAvailable():  # the request may be here already
                self._read(sock)

    def _forget(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        sock.deleteLater()

    def _read(self, sock: QLocalSocket) -> None:
        buf = self._buffers.get(sock, b"") + bytes(sock.readAll().data())
        if b"\n" not in buf:
            if len(buf) > _MAX_REQUEST:
                sock.abort()
            self._buffers[sock] = buf
            return
        line = buf.split(b"\n", 1)[0]
        self._buffers[sock] = b""
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            reply: dict[str, Any] = {"ok": False, "error": f"bad request: {exc}"}
        else:
            reply = self._dispatch(request)
        sock.write((json.dumps(reply) + "\n").encode())
        sock.flush()

    def _dispatch(self, request: dict) -> dict:
        cmd = str(request.get("cmd", ""))
        if cmd == "ping":
            return {"ok": True}
        logger.info("request from another start: %s", cmd)
        self.request_received.emit(cmd)
        if self.handler is None:
            return {"ok": False, "error": "the running instance is still starting"}
        try:
            return self.handler(request) or {"ok": True}
        except Exception as exc:  # a bad request must not take the running instance down
            logger.exception("handling %s failed", cmd)
            return {"ok": False, "error": str(exc)}
