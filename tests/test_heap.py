"""Freed memory goes back to the operating system: large blocks mapped on their own
(analysis.heap), set up by transcription, and Whisper freed after a one-shot transcription.

Each case runs in a fresh Python process, since glibc's allocator settings are per process and
resident memory is what is measured.
"""

from __future__ import annotations

import ctypes.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from analysis.heap import LARGE_BLOCK

REPO = Path(__file__).resolve().parent.parent
CLIP = REPO / "tests" / "data" / "diarize" / "two_voices.ogg"

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or "libc.so.6" not in (ctypes.util.find_library("c") or ""),
    reason="glibc's allocator only",
)

#: Resident memory (MB) of this process; then 20 blocks of 6 MB, each followed by a small
#: array that stays, and the resident memory each block's freeing gave back. Before it, one
#: 30 MB block is freed: that is what makes glibc raise its mapping threshold by itself.
BLOCKS = """
import numpy as np

def rss():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096 / 2**20

def freed_by_blocks():
    warm = np.ones(30 * 2**17)
    del warm
    blocks, kept = [], []
    for _ in range(20):
        blocks.append(np.ones(6 * 2**17))
        kept.append(np.ones(8192))
    before = rss()
    del blocks
    return before - rss()
"""


def run(code: str) -> dict[str, float]:
    """Run ``code`` (after :data:`BLOCKS`) in a fresh process; its last line printed as JSON."""
    script = BLOCKS + textwrap.dedent(code)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_large_blocks_go_back_when_freed():
    result = run(
        """
        import json
        from analysis.heap import large_block_threshold, map_large_allocations
        print(json.dumps({"default": freed_by_blocks(), "set": map_large_allocations(),
                          "threshold": large_block_threshold(), "mapped": freed_by_blocks()}))
        """
    )
    assert result["set"] is True
    assert result["threshold"] == LARGE_BLOCK
    # glibc's own threshold keeps the freed 120 MB in the heap; mapped, it goes back.
    assert result["default"] < 30
    assert result["mapped"] > 100


@pytest.mark.slow
def test_transcription_maps_large_blocks_and_can_free_its_model():
    result = run(
        f"""
        import json
        from pathlib import Path
        from analysis.heap import large_block_threshold
        from analysis.transcribe import TranscribeOptions, backends, transcribe

        clip = Path({str(CLIP)!r})
        before = large_block_threshold()
        transcribe(clip, TranscribeOptions(beam_size=1, temperatures=(0.0,)))
        short = large_block_threshold()  # a short clip: glibc's own threshold, no page faults
        options = TranscribeOptions(beam_size=1, temperatures=(0.0,), low_memory_from=0.0)
        transcribe(clip, options)
        kept, cached = rss(), len(backends._FASTER_WHISPER_MODELS)
        options = TranscribeOptions(
            beam_size=1, temperatures=(0.0,), low_memory_from=0.0, keep_model=False
        )
        transcribe(clip, options)
        print(json.dumps({{"before": before, "short": short,
                          "during": large_block_threshold(), "cached": cached,
                          "left": len(backends._FASTER_WHISPER_MODELS),
                          "model_freed": kept - rss()}}))
        """
    )
    assert result["before"] is None
    assert result["short"] is None  # low-memory mode only from LOW_MEMORY_FROM
    assert result["during"] == LARGE_BLOCK  # set before the model loaded, for the process
    assert result["cached"] == 1
    assert result["left"] == 0
    assert result["model_freed"] > 50  # base int8 holds about 95 MB
