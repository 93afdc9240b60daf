"""Handing freed heap memory back to the operating system during and after a large step.

glibc keeps memory a long step freed (audio, decoding buffers, arrays) for reuse, fragmented,
so the process stays as large as its largest moment and grows with a recording's length.

* :func:`release_freed_heap` returns what is free now (``malloc_trim``). Measured:
  transcription 671 -> 582 MB at 30 minutes; separation 70-90 MB less resident when the
  language model loads next.
* :func:`map_large_allocations` gives every large block its own memory mapping, returned to
  the system the moment it is freed. glibc does this by default only until the first such
  block is freed: then it raises its threshold to that block's size (up to 32 MiB), and
  CTranslate2's per-window buffers of a few MB (encoder activations, beams) land in the heap
  arenas, where they piled up by about 120 MB within a 10-minute chunk.

Elsewhere (macOS, Windows, musl) both do nothing.
"""

from __future__ import annotations

import ctypes
import functools
import logging

logger = logging.getLogger(__name__)

#: Blocks of at least this many bytes get their own mapping (see :func:`map_large_allocations`).
#: 1 MiB held the peak lowest but cost a quarter more CPU time in page faults; 4 MiB costs a
#: few percent (docs/transcription.md, section Memory).
LARGE_BLOCK = 4 * 1024 * 1024
#: ``mallopt`` parameter number of ``M_MMAP_THRESHOLD`` (glibc's malloc.h).
_M_MMAP_THRESHOLD = -3
#: The threshold :func:`map_large_allocations` set in this process (empty: glibc's own).
_mapped_from: list[int] = []


@functools.lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


def release_freed_heap() -> None:
    """Return the heap freed so far to the operating system (glibc's ``malloc_trim``)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def map_large_allocations(threshold: int = LARGE_BLOCK) -> bool:
    """Serve allocations of ``threshold`` bytes or more from their own memory mappings, for
    the rest of the process (glibc's ``mallopt(M_MMAP_THRESHOLD)``, which also stops glibc
    raising the threshold by itself). True when set; False where there is no glibc.

    Called before the speech models run; doing it again is cheap.
    """
    libc = _libc()
    if libc is None:
        return False
    done = bool(libc.mallopt(_M_MMAP_THRESHOLD, threshold))
    logger.debug("blocks of %d bytes or more mapped on their own: %s", threshold, done)
    if done:
        _mapped_from[:] = [threshold]
    return done


def large_block_threshold() -> int | None:
    """The size from which blocks are mapped on their own, as set by
    :func:`map_large_allocations` in this process; ``None`` while glibc decides."""
    return _mapped_from[0] if _mapped_from else None
