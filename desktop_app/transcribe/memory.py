"""Process memory settings for long transcriptions.

glibc serves a freed block of under 32 MB back to later requests from its heap rather
than to the OS, and raises its mmap threshold each time a large block is freed. During
a transcription torch allocates and frees tens of MB per batch (the CTC head's logits,
activations); with the default dynamic threshold those blocks pile up in the heap and
the resident size grows ~100 MB above what is live. A fixed threshold of 1 MiB makes
every large buffer its own mapping, returned to the OS when freed. Measured on the
10-minute benchmark show (fp32): peak RSS 1.82 GB -> 1.72 GB.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number (malloc.h)
MMAP_THRESHOLD_BYTES = 1 << 20

_done = False


def large_buffers_to_the_os() -> bool:
    """Fix glibc's mmap threshold at 1 MiB, once per process. False where it does not apply
    (not Linux/glibc) or was refused."""
    global _done
    if _done:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        ok = bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
    except (OSError, AttributeError):  # musl and other C libraries have no mallopt
        return False
    if not ok:
        log.debug("mallopt(M_MMAP_THRESHOLD) was refused")
    _done = ok
    return ok
