"""The command line's one error type: a usage error ends the command with exit code 2."""

from __future__ import annotations


class UsageError(Exception):
    """Bad flags or input the user must fix; printed as ``desktop-ocr: error: MESSAGE``."""
