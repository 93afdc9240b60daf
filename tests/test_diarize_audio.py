"""Speaker separation on real audio: a committed 25 s espeak-ng dialog of two voices.

The clip and its word times come from ``tests/data/diarize/generate.py``. No espeak-ng is needed
to run these tests.
"""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest

from analysis.diarize import (
    analyse_audio,
    diarize,
    load_encoder,
    mel_spectrogram,
    separate_speakers,
)
from analysis.diarize.encoder import VoiceEncoder
from analysis.errors import AudioError, ModelError
from analysis.records import Speaker, Transcript, Turn, Word
from analysis.transcribe import audio

DATA = Path(__file__).resolve().parent / "data" / "diarize"
CLIP = DATA / "two_voices.ogg"


@pytest.fixture(scope="module")
def truth() -> list[dict]:
    return json.loads((DATA / "two_voices.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def samples() -> np.ndarray:
    return np.concatenate(list(audio.iter_samples(CLIP)))


def as_transcript(truth: list[dict], per_turn: int = 7) -> Transcript:
    """One speaker, segments of ``per_turn`` words that ignore speaker changes (like Whisper)."""
    words = [Word(w["start"], w["end"], " " + w["text"]) for w in truth]
    turns = [
        Turn(
            index=i // per_turn,
            speaker="Spreker 1",
            text="".join(w.text for w in words[i : i + per_turn]).strip(),
            start=words[i].start,
            end=words[min(i + per_turn, len(words)) - 1].end,
            words=words[i : i + per_turn],
        )
        for i in range(0, len(words), per_turn)
    ]
    return Transcript(turns=turns, speakers=[Speaker("Spreker 1")], source=CLIP.name)


def accuracy(result: Transcript, truth: list[dict]) -> float:
    found = [turn.speaker for turn in result.turns for _ in turn.words]
    expected = [w["speaker"] for w in truth]
    right = sum((f == "Spreker 1") == (e == "A") for f, e in zip(found, expected, strict=True))
    return max(right, len(expected) - right) / len(expected)


def write_wav(path: Path, data: np.ndarray) -> None:
    pcm = np.clip(data * 32767, -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(data.shape[1] if data.ndim == 2 else 1)
        handle.setsampwidth(2)
        handle.setframerate(16_000)
        handle.writeframes(pcm.tobytes())


def test_encoder_tells_the_two_voices_apart(samples, truth):
    encoder = load_encoder()
    a = [w for w in truth if w["speaker"] == "A"]
    b = [w for w in truth if w["speaker"] == "B"]

    def embed(start: float) -> np.ndarray:
        piece = samples[int(start * 16000) : int(start * 16000) + 25600]
        return encoder.forward(mel_spectrogram(piece)[None, :160])[0]

    a1, a2, b1 = embed(a[0]["start"]), embed(a[-7]["start"]), embed(b[0]["start"])
    assert np.linalg.norm(a1) == pytest.approx(1.0, abs=1e-4)
    assert float(a1 @ a2) > float(a1 @ b1) + 0.05


def test_mel_spectrogram_shape_and_scale():
    tone = np.sin(2 * np.pi * 440 * np.arange(16000) / 16000).astype(np.float32)
    mel = mel_spectrogram(tone)
    assert mel.shape == (101, 40)
    assert int(np.argmax(mel[50])) == 5  # 440 Hz: band centres lie 73.6 Hz apart below 1 kHz


def test_diarize_two_voices(truth):
    result = diarize(CLIP, as_transcript(truth))
    assert [s.name for s in result.speakers] == ["Spreker 1", "Spreker 2"]
    assert accuracy(result, truth) >= 0.95
    assert result.turns[0].speaker == "Spreker 1"
    assert len(result.turns) >= 6  # seven lines, so about seven turns


def test_diarize_with_a_given_count(truth):
    one = diarize(CLIP, as_transcript(truth), num_speakers=1)
    assert {t.speaker for t in one.turns} == {"Spreker 1"}
    assert len(one.turns) == 1


def test_separate_speakers_proposes_roles(truth):
    result = separate_speakers(CLIP, as_transcript(truth))
    first, second = result.speakers
    assert (first.role, second.role) == ("teacher", "parent")
    assert first.guessed and first.reason
    assert {t.role for t in result.turns} == {"teacher", "parent"}


def test_stereo_recording_uses_the_channels(tmp_path, samples, truth):
    left = np.zeros_like(samples)
    right = np.zeros_like(samples)
    for word in truth:
        span = slice(int(word["start"] * 16000), int(word["end"] * 16000) + 1)
        target, other = (left, right) if word["speaker"] == "A" else (right, left)
        target[span] = samples[span]
        other[span] = samples[span] * 0.05  # crosstalk
    path = tmp_path / "stereo.wav"
    write_wav(path, np.stack([left, right], axis=1))
    found = analyse_audio(path)
    assert found.stereo
    result = diarize(path, as_transcript(truth))
    assert accuracy(result, truth) >= 0.95

    mixed = tmp_path / "mixed.wav"
    write_wav(mixed, np.stack([samples, samples * 0.9], axis=1))
    assert not analyse_audio(mixed).stereo


def test_silence_and_missing_files(tmp_path, truth):
    silent = tmp_path / "silent.wav"
    write_wav(silent, np.zeros(16000, dtype=np.float32))
    transcript = as_transcript(truth)
    assert diarize(silent, transcript) is transcript
    with pytest.raises(AudioError):
        diarize(tmp_path / "missing.wav", transcript)
    untimed = Transcript(turns=[Turn(0, "Spreker 1", "Hallo.")])
    assert diarize(CLIP, untimed) is untimed


def test_missing_weights_raise_model_error(tmp_path):
    with pytest.raises(ModelError) as info:
        VoiceEncoder.load(tmp_path / "nope.npz")
    assert "stemmodel" in info.value.message_nl
