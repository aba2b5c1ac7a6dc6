"""Giving freed memory back to the OS between batches.

glibc serves a freed block of under 32 MB back to later requests from its heap rather
than to the OS, and raises its mmap threshold each time a large block is freed. During
a transcription torch allocates and frees tens of MB per batch (activations, the CTC
head's logits), in batches of changing shapes, so freed blocks pile up in the heaps and
the resident size grows above what is live. ``malloc_trim(0)`` after each batch returns
the free pages (one call per batch: the next batch faults its pages in again, which
costs nothing measurable). Measured on the 10-minute benchmark show: peak RSS fp32
1.80 -> 1.74 GB, int8 1.21 -> 1.10 GB, same speed.

(A fixed 1 MiB mmap threshold saves as much but maps and zeroes every large tensor
anew: int8 took twice as long. Not that.)
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

_trim = None  # libc's malloc_trim, or False where there is none
GROWTH_BYTES = 64 << 20  # trim when the resident set grew this much since the last trim
TRIM_ABOVE_BYTES = 1536 << 20  # ... and is above this: under it, speed matters more (int8 stays under)
_after_trim = 0  # resident bytes right after the last trim
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def give_back_free_memory() -> bool:
    """Return the heaps' free pages to the OS (glibc); False where that does not apply."""
    global _trim
    if _trim is None:
        _trim = False
        if sys.platform.startswith("linux"):
            try:
                _trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
            except (OSError, AttributeError):  # musl and other C libraries have no malloc_trim
                _trim = False
    if not _trim:
        return False
    _trim(0)
    return True


def _resident_bytes() -> int:
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def trim_if_grown() -> bool:
    """:func:`give_back_free_memory` when the resident set grew by ``GROWTH_BYTES`` since
    the last trim (cheap to call after every batch: one read of /proc/self/statm)."""
    global _after_trim
    if _trim is False:
        return False
    now = _resident_bytes()
    if now and (now < TRIM_ABOVE_BYTES or now - _after_trim < GROWTH_BYTES):
        return False
    done = give_back_free_memory()
    _after_trim = _resident_bytes()
    return done
