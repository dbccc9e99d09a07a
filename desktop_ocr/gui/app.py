"""Application start-up: hand over to a running instance or become it, then run the event loop.

What the app is made of is built in one place, ``gui.composition``; this module adds the
single-instance hand-over and ``exec()``. ``run_gui`` and ``run_capture_command`` take the command
line's argparse Namespace (or a :class:`GuiOptions`; attributes are read with defaults), so the GUI
needs nothing from the command-line package.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from desktop_ocr.gui.composition import AppContext, GuiOptions, build_app, qapplication

logger = logging.getLogger(__name__)


def instance_request_for(args: Any) -> dict:
    """What a second GUI start asks the first one to do (paths made absolute: other cwd)."""
    options = GuiOptions.from_args(args)
    return {"cmd": "activate", "files": [os.path.abspath(f) for f in options.files], "tray": options.tray}


def run_gui(args: Any = None) -> int:
    """Hand the start over to a running instance (same user and config folder), or become it."""
    from desktop_ocr.gui.single_instance import InstanceServer, send_request, server_name

    options = GuiOptions.from_args(args)
    name = server_name(options.config_dir)  # None: no private folder for it
    request = instance_request_for(options)
    reply = send_request(name, request)
    if reply is None:
        app = qapplication(options.tray)
        server = InstanceServer(name, app) if name is not None else None
        if server is None or server.listen():
            return _run_own_window(options, app, server)
        reply = send_request(name, request)  # another start won the race: hand over to it
        if reply is None:  # nobody listens and the name cannot be had: never leave without a window
            logger.warning("cannot take the single-instance socket %s; opening a window of its own", name)
            return _run_own_window(options, app, None)
    if reply.get("ok"):
        logger.info("handed over to the running instance")
        return 0
    print(f"desktop-ocr: {reply.get('error') or 'the running instance refused the request'}", file=sys.stderr)
    return 1


def _run_own_window(options: GuiOptions, app: Any, server: Any) -> int:
    # requests that arrive while the models load wait in the socket until exec()
    ctx = build_app(options, qapp=app)
    if ctx.tray is not None and server is not None:
        ctx.tray.attach_server(server)
    return ctx.qapp.exec()


def run_capture_command(args: Any = None) -> int:
    """`desktop-ocr capture`: ask the running instance for a capture, or capture and exit."""
    from desktop_ocr.gui.capture_command import run_capture_command as run

    return run(GuiOptions.from_args(args))


__all__ = ["AppContext", "GuiOptions", "build_app", "instance_request_for", "run_gui", "run_capture_command"]
