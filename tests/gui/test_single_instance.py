"""The single-instance socket is private to the user, and a start never ends without a window or a
reason."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop_ocr.cli import build_gui_parser
from desktop_ocr.gui import app as gui_app
from desktop_ocr.gui import single_instance
from desktop_ocr.gui.single_instance import InstanceServer, server_name
from tests.gui.fakes import ask_from_another_process

pytestmark = pytest.mark.skipif(os.name == "nt", reason="named pipes on Windows")


def _private_to_me(folder: str) -> bool:
    st = os.lstat(folder)
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


@pytest.fixture
def tmp_root(tmp_path, monkeypatch):
    """A temporary folder of its own (the fallback's parent), and no XDG_RUNTIME_DIR."""
    # short: a socket path has ~107 bytes, and pytest's own temporary paths are long
    root = Path(tempfile.mkdtemp(prefix="do-"))
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_the_socket_is_in_the_users_runtime_folder(qtbot, tmp_path, tmp_root, monkeypatch):
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    name = server_name(str(tmp_path / "cfg"))
    assert os.path.dirname(name) == str(runtime)
    server = InstanceServer(name)
    assert server.listen()
    try:
        # a second start (another process, same environment) reaches it there
        assert os.path.exists(name) and ask_from_another_process(qtbot, name, {"cmd": "ping"}) == {"ok": True}
    finally:
        server.close()


def test_without_a_private_runtime_folder_a_private_one_is_made(tmp_path, tmp_root, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # an XDG_RUNTIME_DIR others can enter is not used
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared))
    name = server_name(None)
    folder = os.path.dirname(name)
    assert folder == str(tmp_root / f"desktop-ocr-{os.getuid()}") and _private_to_me(folder)


def test_a_planted_folder_is_not_used_and_the_start_opens_its_own_window(tmp_root, monkeypatch):
    planted = tmp_root / f"desktop-ocr-{os.getuid()}"
    planted.mkdir()
    planted.chmod(0o777)  # made by someone else, open to all: a socket there could be taken over
    assert server_name(None) is None
    built = []
    monkeypatch.setattr(gui_app, "build_app", lambda args, qapp=None: _fake_ctx(built, 0))
    assert gui_app.run_gui(build_gui_parser().parse_args([])) == 0
    assert built == ["window"]  # no single instance, but a window


def _fake_ctx(built: list, rc: int):
    built.append("window")
    return SimpleNamespace(tray=None, qapp=SimpleNamespace(exec=lambda: rc))


def test_a_failed_hand_over_opens_a_window_or_says_why(tmp_path, tmp_root, monkeypatch, capsys):
    args = build_gui_parser().parse_args(["--config-dir", str(tmp_path / "cfg")])
    built = []
    monkeypatch.setattr(gui_app, "build_app", lambda args, qapp=None: _fake_ctx(built, 0))
    # nobody answers and the name cannot be taken: open a window of its own
    monkeypatch.setattr(single_instance, "send_request", lambda *a, **k: None)
    monkeypatch.setattr(InstanceServer, "listen", lambda self: False)
    assert gui_app.run_gui(args) == 0 and built == ["window"]
    # the running instance refuses: say why, in one line, exit 1
    monkeypatch.setattr(single_instance, "send_request", lambda *a, **k: {"ok": False, "error": "busy"})
    assert gui_app.run_gui(args) == 1 and built == ["window"]
    assert capsys.readouterr().err.strip().splitlines() == ["desktop-ocr: busy"]
