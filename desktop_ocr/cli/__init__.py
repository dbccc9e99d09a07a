"""The ``desktop-ocr`` command line: the GUI with no subcommand, headless work with one.

Nothing outside this package imports it except the entry points (``__main__`` and the installer's
``entry.py``). The names below stay importable from ``desktop_ocr.cli`` for them.
"""

from .errors import UsageError
from .main import main, setup_logging
from .parsers import SUBCOMMANDS, build_gui_parser, build_parser

__all__ = ["SUBCOMMANDS", "UsageError", "build_gui_parser", "build_parser", "main", "setup_logging"]
