"""Transcription keeps memory bounded: faster-whisper's VAD and log-mel features replaced by
versions that give the same result a block at a time.

Real audio (the committed two-voice clip), the real Silero model and the real Whisper model.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from faster_whisper.feature_extractor import FeatureExtractor
from faster_whisper.vad import VadOptions, get_speech_timestamps

from analysis.transcribe import TranscribeOptions, audio, get_backend
from analysis.transcribe.features import BlockwiseFeatureExtractor
from analysis.transcribe.vad import speech_only, speech_timestamps

CLIP = Path(__file__).resolve().parent / "data" / "diarize" / "two_voices.ogg"
RATE = 16_000


@pytest.fixture(scope="module")
def clip() -> np.ndarray:
    return np.concatenate(list(audio.iter_samples(CLIP)))


def talk(clip: np.ndarray, repeats: int, seed: int = 0) -> np.ndarray:
    """The clip a few times over with pauses of 0.5-5 s and low noise."""
    rng = np.random.default_rng(seed)
    parts = []
    for _ in range(repeats):
        parts += [clip * rng.uniform(0.3, 1.0), np.zeros(int(rng.uniform(0.5, 5.0) * RATE))]
    samples = np.concatenate(parts).astype(np.float32)
    return samples + rng.normal(0, 0.003, samples.size).astype(np.float32)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ({}, VadOptions()),  # faster-whisper's vad_filter defaults
        (
            {"min_silence": 0.3, "min_speech": 0.25, "pad": 0.1, "max_speech": 4.0},
            VadOptions(
                min_silence_duration_ms=300,
                min_speech_duration_ms=250,
                speech_pad_ms=100,
                max_speech_duration_s=4.0,
            ),
        ),
    ],
)
def test_speech_spans_are_faster_whispers(clip, ours, theirs):
    samples = talk(clip, 4)
    expected = get_speech_timestamps(samples, theirs)
    assert len(expected) >= 2
    assert speech_timestamps(samples, **ours) == expected
    assert speech_timestamps(samples[:300]) == get_speech_timestamps(samples[:300], VadOptions())


def test_speech_only_joins_the_spans(clip):
    samples = talk(clip, 2, seed=1)
    joined, spans = speech_only(samples)
    assert joined.size == sum(span["end"] - span["start"] for span in spans)
    first = spans[0]
    assert np.array_equal(
        joined[: first["end"] - first["start"]], samples[first["start"] : first["end"]]
    )
    assert speech_only(np.zeros(RATE, dtype=np.float32))[0].size == 0


def test_blockwise_features_are_whispers_with_a_fraction_of_the_memory(clip):
    samples = talk(clip, 12, seed=2)[: 300 * RATE]  # up to five minutes
    stock, blockwise = FeatureExtractor(), BlockwiseFeatureExtractor()
    for size in (0, 150, 16_000, 95 * RATE + 7):
        assert np.array_equal(blockwise(samples[:size]), stock(samples[:size]))

    def peak(extractor: FeatureExtractor) -> tuple[np.ndarray, int]:
        tracemalloc.start()
        try:
            features = extractor(samples)
            return features, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    expected, stock_peak = peak(stock)
    features, block_peak = peak(blockwise)
    assert features.shape == expected.shape
    assert np.abs(features - expected).max() < 1e-6
    assert block_peak < stock_peak / 4
    assert block_peak < 4 * samples.nbytes  # the padded copy, the result, one block


@pytest.mark.slow
def test_faster_whisper_backend_gives_what_its_own_vad_gave(clip):
    """The backend's own VAD and features leave Whisper's words and times as they were."""
    options = TranscribeOptions(beam_size=1, temperatures=(0.0,), loop_repeats=None)
    backend = get_backend(options)
    result = backend.transcribe_chunk(clip, "nl", None)
    ours = [(w.start, w.end, w.text) for s in result.segments for w in s.words]

    model = backend.model
    assert isinstance(model.feature_extractor, BlockwiseFeatureExtractor)
    model.feature_extractor = FeatureExtractor(**model.feat_kwargs)
    try:
        segments, _ = model.transcribe(
            clip,
            language="nl",
            beam_size=1,
            temperature=[0.0],
            compression_ratio_threshold=options.compression_ratio_threshold,
            word_timestamps=True,
            vad_filter=True,
            condition_on_previous_text=False,
            hallucination_silence_threshold=options.hallucination_silence_threshold,
        )
        theirs = [
            (round(w.start, 3), round(w.end, 3), w.word.strip())
            for s in segments
            for w in s.words
            if w.word.strip()
        ]
    finally:
        model.feature_extractor = BlockwiseFeatureExtractor(**model.feat_kwargs)
    assert len(ours) >= 40
    assert ours == theirs
