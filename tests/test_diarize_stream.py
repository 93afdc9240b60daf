"""Speaker separation reads the recording as a stream: same regions as on the whole array,
bounded memory however long the recording.

Real audio throughout: the committed two-voice clip (``tests/data/diarize``), the real Silero
VAD and the real voice encoder.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from faster_whisper.vad import VadOptions, get_speech_timestamps

from analysis.diarize import (
    Region,
    RegionDetector,
    embed_windows,
    load_encoder,
    make_windows,
    scan,
    speech_regions,
    voiced_pitches,
)
from analysis.diarize.stream import MAX_REGION_SECONDS, STEP_SECONDS
from analysis.transcribe import audio

CLIP = Path(__file__).resolve().parent / "data" / "diarize" / "two_voices.ogg"
RATE = 16_000


@pytest.fixture(scope="module")
def clip() -> np.ndarray:
    return np.concatenate(list(audio.iter_samples(CLIP)))


def reference(samples: np.ndarray, max_speech: float = float("inf")) -> list[Region]:
    """faster-whisper's VAD on the whole array, as regions (the previous implementation)."""
    options = VadOptions(
        threshold=0.5,
        min_speech_duration_ms=250,
        min_silence_duration_ms=300,
        speech_pad_ms=100,
        max_speech_duration_s=max_speech,
    )
    regions: list[Region] = []
    for stamp in get_speech_timestamps(samples, options):
        start = stamp["start"] / RATE
        end = min(stamp["end"], samples.size) / RATE
        if regions and start < regions[-1].end:
            start = regions[-1].end
        if end > start:
            regions.append(Region(round(start, 3), round(end, 3)))
    return regions


def talk(clip: np.ndarray, repeats: int, seed: int = 0) -> np.ndarray:
    """The clip a few times over, with pauses of varying length and low noise."""
    rng = np.random.default_rng(seed)
    parts = []
    for _ in range(repeats):
        parts += [clip * rng.uniform(0.3, 1.0), np.zeros(int(rng.uniform(0.1, 4.0) * RATE))]
    samples = np.concatenate(parts).astype(np.float32)
    return samples + rng.normal(0, 0.003, samples.size).astype(np.float32)


def blocks_of(samples: np.ndarray, seed: int = 1) -> Iterator[np.ndarray]:
    """``samples`` in blocks of uneven sizes, as a decoder gives them."""
    rng = np.random.default_rng(seed)
    position = 0
    while position < samples.size:
        size = int(rng.choice([300, 1024, 4608, 16_000, 200_000]))
        yield samples[position : position + size]
        position += size


@pytest.mark.parametrize("max_speech", [float("inf"), 3.0])
def test_streamed_regions_are_those_of_the_whole_array(clip, max_speech):
    samples = talk(clip, 4)
    detector = RegionDetector(max_speech=max_speech)
    streamed: list[Region] = []
    for block in blocks_of(samples):
        streamed += detector.feed(block)
        assert detector.keep_from <= detector._detector.samples  # never past the audio seen
    streamed += detector.finish()
    expected = reference(samples, max_speech)
    assert len(expected) >= 8
    assert streamed == expected
    assert speech_regions(samples) == reference(samples)


def test_scan_matches_the_whole_array(clip):
    encoder = load_encoder()
    samples = talk(clip, 2, seed=3)
    found = scan(blocks_of(samples), encoder, step_seconds=7.0)
    regions = reference(samples, MAX_REGION_SECONDS)
    windows = make_windows(regions)
    assert found.regions == regions
    assert found.windows == windows
    assert found.duration == pytest.approx(samples.size / RATE)
    whole = embed_windows(encoder, samples, windows)
    assert np.abs(found.embeddings - whole).max() < 1e-4
    first = round(regions[0].start * RATE)
    expected = voiced_pitches(samples[first : min(round(regions[0].end * RATE), first + 2 * RATE)])
    assert np.array_equal(found.pitches[0], expected)


def long_recording(clip: np.ndarray, minutes: float, held: list[int]) -> Iterator[np.ndarray]:
    """``minutes`` of audio made on the fly: the clip now and then, silence in between.

    Every 30 s of audio it notes in ``held`` the memory the tracer sees taken at that moment.
    """
    rng = np.random.default_rng(7)
    total, made, block = int(minutes * 60 * RATE), 0, 4096
    while made < total:
        gap = int(rng.uniform(90, 150) * RATE)
        pieces = [clip[b : b + block] for b in range(0, clip.size, block)]
        pieces += [np.zeros(min(block, gap - b), dtype=np.float32) for b in range(0, gap, block)]
        for piece in pieces:
            piece = piece[: total - made]
            if piece.size:
                if made // (30 * RATE) != (made + piece.size) // (30 * RATE):
                    held.append(tracemalloc.get_traced_memory()[0])
                made += piece.size
                yield piece


def test_scan_holds_a_bounded_stretch_of_a_long_recording(clip):
    """12 minutes of audio (46 MB as float32) pass through; what is held does not grow."""
    minutes = 12
    held: list[int] = []
    tracemalloc.start()
    try:
        found = scan(long_recording(clip, minutes, held), load_encoder())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Holding the recording would add 3.8 MB a minute; the last quarter holds what the first did.
    quarter = len(held) // 4
    assert max(held[-quarter:]) < max(held[:quarter]) + 3e6
    assert peak < 80e6  # the encoder's batch (about 40 MB) and a minute of audio at most
    assert found.held <= (STEP_SECONDS + MAX_REGION_SECONDS + 1) * RATE
    assert found.duration == pytest.approx(minutes * 60)
    assert len(found.regions) >= 20
