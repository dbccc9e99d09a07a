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


_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number
MMAP_THRESHOLD = 1 << 20


def limit_heap_retention() -> None:
    """Serve every allocation of 1 MiB or more (model inputs and activations, page images) with its
    own mapping, given back to the system when freed.

    glibc raises its mmap threshold (up to 32 MiB) each time such a block is freed, so after the
    first page the large tensors of detection come from the worker thread's heap, where freed
    pieces stay mapped and fragment: one 2000x2536 page peaked at 545 MB on one worker instead
    of 303 MB. A fixed threshold turns that adjustment off. Called once, when an engine is built.
    """
    if _libc is not None:
        try:
            _libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        except AttributeError:  # pragma: no cover - a libc without mallopt
            pass
