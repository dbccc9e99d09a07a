"""Running keyword regexes with a time limit per line, so that a runaway pattern cannot freeze the
app: in-engine with the ``regex`` module when it is installed, otherwise with the stdlib ``re`` in a
spawned worker process that is killed when a line takes too long (see ``keywords``)."""

from __future__ import annotations

import logging
import re
import weakref
from typing import Any

try:  # optional: gives regexes an in-engine timeout
    import regex as _regex
except ImportError:  # pragma: no cover - depends on the environment
    _regex = None

logger = logging.getLogger(__name__)

FLAGS = re.IGNORECASE
# Spawning a worker imports Python afresh; on a busy machine that can take seconds, and it must
# not count against a regex's own budget.
_WORKER_STARTUP_TIMEOUT_S = 60.0


class RegexTimeout(Exception):
    pass


class RegexModuleEngine:
    """Runs patterns with the ``regex`` module, whose engine honours ``timeout=``."""

    def __init__(self, patterns: list[str], timeout_s: float) -> None:
        self._compiled = [_regex.compile(p, FLAGS) for p in patterns]
        self._timeout = timeout_s

    def spans(self, index: int, lines: list[str]) -> list[list[tuple[int, int]]]:
        p = self._compiled[index]
        out = []
        for line in lines:
            try:
                out.append([m.span() for m in p.finditer(line, timeout=self._timeout) if m.end() > m.start()])
            except TimeoutError as e:
                raise RegexTimeout from e
        return out

    def close(self) -> None:
        pass


def _regex_worker(conn: Any, patterns: list[str]) -> None:
    """Worker process body for :class:`ProcessEngine`: one result message per line."""
    compiled = []
    for p in patterns:
        try:
            compiled.append(re.compile(p, FLAGS))
        except Exception:  # validated by the parent already; be safe anyway
            compiled.append(None)
    conn.send("ready")
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        index, lines = msg
        p = compiled[index]
        for line in lines:
            conn.send([] if p is None else [m.span() for m in p.finditer(line) if m.end() > m.start()])


def _stop_worker(proc: Any, conn: Any) -> None:
    try:
        conn.send(None)
    except Exception:
        pass
    proc.join(0.5)
    if proc.is_alive():
        proc.kill()
        proc.join(1.0)
    conn.close()


class ProcessEngine:
    """Runs patterns with stdlib ``re`` in a spawned process that is killed when a line overruns."""

    def __init__(self, patterns: list[str], timeout_s: float) -> None:
        self._patterns = patterns
        self._timeout = timeout_s
        self._proc: Any = None
        self._conn: Any = None
        self._finalizer: Any = None
        self._broken: str | None = None  # set when the worker cannot start: don't retry per regex

    def _start(self) -> None:
        if self._broken:
            raise RuntimeError(self._broken)
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(
            target=_regex_worker, args=(child, self._patterns), daemon=True, name="desktop-ocr-regex"
        )
        proc.start()
        child.close()
        try:
            ready = parent.poll(_WORKER_STARTUP_TIMEOUT_S) and parent.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            proc.kill()
            proc.join(1.0)
            parent.close()
            self._broken = "could not be run: the regular-expression worker process did not start"
            raise RuntimeError(self._broken)
        self._proc, self._conn = proc, parent
        self._finalizer = weakref.finalize(self, _stop_worker, proc, parent)

    def _kill(self) -> None:
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(1.0)
            self._conn.close()
        self._proc = self._conn = None

    def spans(self, index: int, lines: list[str]) -> list[list[tuple[int, int]]]:
        if self._proc is None or not self._proc.is_alive():
            self._kill()
            self._start()
        try:
            self._conn.send((index, lines))
            out = []
            for _ in lines:
                if not self._conn.poll(self._timeout):
                    self._kill()  # the only way to stop the stdlib engine
                    raise RegexTimeout
                out.append(self._conn.recv())
            return out
        except (EOFError, OSError) as e:  # the worker died: restart it next time
            self._kill()
            raise RuntimeError(f"the regular-expression worker process failed: {e}") from e

    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()
            self._finalizer = None
        self._proc = self._conn = None


__all__ = ["FLAGS", "ProcessEngine", "RegexModuleEngine", "RegexTimeout"]
