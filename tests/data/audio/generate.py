"""Regenerate the espeak-ng test recordings ``loop.ogg`` and ``names.ogg``.

``loop.ogg``: a 30-second recording that sends Whisper base into a loop. A child's espeak-ng
voice says "Hai! Hai juf! Hai!" twice, then 24 seconds of a music-like tone
sequence (random notes of a C major scale, seeded) follow, then one more greeting. With the
settings before the loop fixes (temperature 0 only, no loop guard) Whisper base writes
"Haai, haai, haai, ..." over the whole tune (19 times when it was made); with today's settings
it does not. Used by ``tests/test_transcribe_loops.py``.

``names.ogg``: a teacher introducing herself and a child with uncommon names (about 4 s).
Whisper base misspells both names unless they are given as hotwords. Used by
``tests/test_transcribe_models.py``.

Needs espeak-ng and sox::

    python tests/data/audio/generate.py
"""

from __future__ import annotations

import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
RATE = 16_000
CHILD = ("nl+f5", "85", "170")
TEACHER = ("nl", "40", "150")
NAMES_TEXT = "Goedemiddag, ik ben juf Wijnanda, en dit is Sjoerdje."
GREETING = "Hai! Hai juf! Hai!"
NOTES = (220.0, 247.0, 262.0, 294.0, 330.0, 349.0, 392.0, 440.0)


def speak(text: str, tmp: Path, voice: tuple[str, str, str] = CHILD) -> np.ndarray:
    """``text`` in ``voice`` (the child's by default), 16 kHz mono float32."""
    raw, out = tmp / "raw.wav", tmp / "out.wav"
    name, pitch, speed = voice
    subprocess.run(
        ["espeak-ng", "-v", name, "-p", pitch, "-s", speed, "-w", str(raw), text], check=True
    )
    subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out)], check=True)
    with wave.open(str(out)) as handle:
        samples = np.frombuffer(handle.readframes(handle.getnframes()), dtype="<i2")
    return samples.astype(np.float32) / 32768.0


def tune(seconds: float, seed: int = 3) -> np.ndarray:
    """Notes of 0.15-0.4 s with soft edges, a fundamental and its octave."""
    rng = np.random.default_rng(seed)
    pieces: list[np.ndarray] = []
    length = 0
    while length < seconds * RATE:
        frequency = rng.choice(NOTES)
        size = int(rng.uniform(0.15, 0.4) * RATE)
        t = np.arange(size) / RATE
        envelope = np.minimum(1.0, np.minimum(t * 40, (size / RATE - t) * 20))
        note = 0.25 * np.sin(2 * np.pi * frequency * t) + 0.1 * np.sin(4 * np.pi * frequency * t)
        pieces.append(note * envelope)
        length += size
    return np.concatenate(pieces)[: int(seconds * RATE)].astype(np.float32)


def save_ogg(signal: np.ndarray, target: Path, tmp: Path) -> None:
    """Write ``signal`` (16 kHz mono float32) as Ogg Vorbis."""
    pcm = np.clip(signal * 32767, -32768, 32767).astype("<i2")
    wav = tmp / "signal.wav"
    with wave.open(str(wav), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(RATE)
        handle.writeframes(pcm.tobytes())
    subprocess.run(["sox", str(wav), "-C", "5", str(target)], check=True)


def main() -> None:
    pause = np.zeros(int(0.3 * RATE), dtype=np.float32)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        greeting = speak(GREETING, tmp)
        signal = np.concatenate([greeting, pause, greeting, pause, tune(24.0), greeting])
        save_ogg(signal, HERE / "loop.ogg", tmp)
        names = speak(NAMES_TEXT, tmp, TEACHER)
        save_ogg(np.concatenate([pause, names, pause]), HERE / "names.ogg", tmp)


if __name__ == "__main__":
    main()
