"""Regenerate ``two_voices.ogg`` and ``two_voices.json`` (needs espeak-ng and sox).

A short Dutch dialog of two espeak-ng voices (a low "teacher", a higher "parent"), 16 kHz mono,
with pauses between lines. The JSON holds each word's time span (spread evenly over its line)
and speaker: the ground truth of ``tests/test_diarize_audio.py``.

    python tests/data/diarize/generate.py
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
RATE = 16_000
VOICES = {"A": ("nl", "35", "165"), "B": ("nl+f3", "70", "170")}
LINES = [
    ("A", "Goedemiddag, kom binnen en ga lekker zitten."),
    ("B", "Dank u wel, fijn dat we even konden komen."),
    ("A", "Hoe gaat het thuis met het lezen van Sanne?"),
    ("B", "Ze leest elke avond een kwartier, maar ze vindt het soms nog moeilijk."),
    ("A", "Dat herken ik uit de klas. Wat helpt haar het meest, denkt u?"),
    ("B", "Samen lezen, en dan om de beurt een bladzijde."),
    ("A", "Mooi, dat gaan we op school ook proberen."),
]


def speak(text: str, voice: tuple[str, str, str], tmp: Path) -> np.ndarray:
    raw, out = tmp / "raw.wav", tmp / "out.wav"
    name, pitch, speed = voice
    subprocess.run(
        ["espeak-ng", "-v", name, "-p", pitch, "-s", speed, "-w", str(raw), text], check=True
    )
    subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out)], check=True)
    with wave.open(str(out)) as handle:
        samples = np.frombuffer(handle.readframes(handle.getnframes()), dtype="<i2")
    samples = samples.astype(np.float32) / 32768.0
    loud = np.flatnonzero(np.abs(samples) > 0.01)
    return samples[loud[0] : loud[-1] + 1]


def main() -> None:
    rng = np.random.default_rng(6)
    parts = [np.zeros(int(0.4 * RATE), dtype=np.float32)]
    position = parts[0].size
    words = []
    with tempfile.TemporaryDirectory() as name:
        for speaker, text in LINES:
            samples = speak(text, VOICES[speaker], Path(name))
            tokens = text.split()
            start, step = position / RATE, samples.size / RATE / len(tokens)
            for i, token in enumerate(tokens):
                words.append(
                    {
                        "start": round(start + i * step, 3),
                        "end": round(start + (i + 1) * step, 3),
                        "text": token,
                        "speaker": speaker,
                    }
                )
            pause = np.zeros(int(rng.uniform(0.3, 0.6) * RATE), dtype=np.float32)
            parts += [samples, pause]
            position += samples.size + pause.size
        pcm = np.clip(np.concatenate(parts) * 32767, -32768, 32767).astype("<i2")
        wav = Path(name) / "dialog.wav"
        with wave.open(str(wav), "wb") as handle:
            handle.setnchannels(1)
            handle.setsampwidth(2)
            handle.setframerate(RATE)
            handle.writeframes(pcm.tobytes())
        subprocess.run(["sox", str(wav), "-C", "3", str(HERE / "two_voices.ogg")], check=True)
    (HERE / "two_voices.json").write_text(json.dumps(words, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
