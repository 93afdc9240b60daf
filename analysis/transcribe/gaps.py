"""Speech without text: stretches the voice detector heard but no segment covers.

Whisper's temperature fallback can end a window as "no speech": when every temperature fails
(the text loops at the low ones, the samples at the high ones are unlikely) and the last try's
no-speech probability is high, faster-whisper skips the whole window, up to 30 seconds of real
speech. Its ``hallucination_silence_threshold`` can likewise cut a stretch of uncertain words.
:func:`missing_speech` finds such stretches so that they can be decoded again on their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from analysis.records import Segment

#: Speech without text shorter than this (seconds) is left alone (a cough, a breath, "eh").
MIN_GAP = 2.0
#: A segment covers this much (seconds) beyond its own times: word times are approximate.
COVER_PAD = 0.5


def missing_speech(
    speech: Sequence[tuple[float, float]],
    segments: Sequence[Segment],
    min_gap: float = MIN_GAP,
    pad: float = COVER_PAD,
) -> list[tuple[float, float]]:
    """The parts of ``speech`` (start, end seconds) that no segment covers, ``min_gap`` or longer.

    Segments count as covering ``pad`` seconds before and after their times. Both inputs are in
    the same time frame; the result is in time order.
    """
    covered = sorted((segment.start - pad, segment.end + pad) for segment in segments)
    gaps: list[tuple[float, float]] = []
    for start, end in sorted(speech):
        position = start
        for cover_start, cover_end in covered:
            if cover_end <= position:
                continue
            if cover_start >= end:
                break
            if cover_start - position >= min_gap:
                gaps.append((position, cover_start))
            position = max(position, cover_end)
            if position >= end:
                break
        if end - position >= min_gap:
            gaps.append((position, end))
    return gaps


def merge_regions(
    regions: Iterable[tuple[float, float]], join: float = 0.5
) -> list[tuple[float, float]]:
    """Speech regions with pauses shorter than ``join`` seconds between them merged."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted(regions):
        if merged and start - merged[-1][1] < join:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
