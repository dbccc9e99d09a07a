"""The no-network promise, checked from outside: a command-line batch and the main window run
under ``strace -f -e trace=network`` open no IPv4 or IPv6 socket, and ONNX Runtime's telemetry
writes nothing under a fresh home folder (it did before: a device id and queued events)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers import DEJAVU, render_lines, save_png

REPO = Path(__file__).resolve().parents[1]
INET = re.compile(r"\bAF_INET6?\b")

pytestmark = pytest.mark.skipif(
    not shutil.which("strace") and not os.environ.get("CI"),
    reason="strace is not installed (installer/run-tests.sh installs it)",
)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("batch")
    for i in range(25):  # small pages: the batch must run long enough for telemetry to start
        save_png(
            render_lines([f"Page {i} of the batch", "Total 42.50"], DEJAVU, size=20, width=320),
            d / f"{i:02d}.png",
        )
    return d


def _env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    home = tmp_path / "home"
    runtime = tmp_path / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM_PLUGIN_PATH", "ORT_DISABLE_TELEMETRY")
    }
    env.update(
        HOME=str(home),
        XDG_RUNTIME_DIR=str(runtime),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_CONFIG_HOME=str(home / ".config"),
        QT_QPA_PLATFORM="offscreen",
        # no session bus: an auto-launched dbus-daemon would outlive the run and keep strace waiting
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={runtime / 'no-bus'}",
        PYTHONPATH=os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    )
    return env, home


def _strace(
    args: list[str], env: dict[str, str], log: Path, timeout: int = 600
) -> subprocess.CompletedProcess:
    if not shutil.which("strace"):
        pytest.fail("CI: strace is missing; installer/run-tests.sh installs it")
    return subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=network,execve", "-o", str(log), sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=str(REPO),
    )


def _assert_offline(log: Path, home: Path) -> None:
    inet = [ln for ln in log.read_text(errors="replace").splitlines() if INET.search(ln)]
    assert not inet, "network sockets opened:\n" + "\n".join(inet[:10])
    leftovers = [
        str(p.relative_to(home)) for p in home.rglob("*") if "onnxruntime" in str(p) or "Microsoft" in str(p)
    ]
    assert not leftovers, f"telemetry files written: {leftovers}"


def test_a_command_line_batch_opens_no_network_socket(batch, tmp_path):
    env, home = _env(tmp_path)
    log = tmp_path / "strace.log"
    proc = _strace(["-m", "desktop_ocr", "ocr", str(batch), "-f", "txt"], env, log)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.count("Total 42.50") == 25
    assert "execve(" in log.read_text(errors="replace")  # strace did trace the run
    _assert_offline(log, home)


GUI_DRIVER = textwrap.dedent(
    """
    import sys
    from desktop_ocr import cli  # first, as the desktop-ocr script does
    from desktop_ocr.gui import app as gui_app
    from PySide6.QtCore import QTimer

    build = gui_app.build_app
    keep = []

    def build_and_watch(*a, **kw):
        ctx = build(*a, **kw)
        want = int(sys.argv[1])

        def check():
            win = ctx.main_window
            if len(win.model.entries) >= want and not win.busy:
                print("read", sum(e.state == "done" for e in win.model.entries), flush=True)
                ctx.qapp.quit()

        timer = QTimer(ctx.qapp)
        timer.timeout.connect(check)
        timer.start(100)
        keep.append(timer)
        return ctx

    gui_app.build_app = build_and_watch
    sys.exit(cli.main(sys.argv[2:]))
    """
)


def test_the_main_window_opens_no_network_socket(batch, tmp_path):
    env, home = _env(tmp_path)
    log = tmp_path / "strace.log"
    files = [str(p) for p in sorted(batch.iterdir())[:5]]
    args = ["-c", GUI_DRIVER, str(len(files)), "--config-dir", str(tmp_path / "cfg"), *files]
    proc = _strace(args, env, log)
    assert proc.returncode == 0 and "read 5" in proc.stdout, proc.stdout + proc.stderr[-2000:]
    _assert_offline(log, home)
