"""Returning freed memory to the operating system after a job."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys

logger = logging.getLogger(__name__)

_libc = None
if sys.platform.startswith("linux"):
    try:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        _libc.malloc_trim.argtypes = [ctypes.c_size_t]
    except (OSError, AttributeError):  # not glibc (musl): nothing to trim
        _libc = None


def trim_heap() -> None:
    """glibc keeps freed pages of its per-thread arenas mapped; after a batch of page images
    (several MB each) that looks like growth to a user watching the memory. ``malloc_trim``
    gives them back."""
    if _libc is not None:
        _libc.malloc_trim(0)
