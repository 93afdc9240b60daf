"""Regenerate ``uncertain.ogg``: six short welcome lines a teacher says, spoken by espeak-ng.

espeak-ng's Dutch at 110 words per minute is hard for Whisper base: "Hoe gaat het thuis?" comes
out as "Hoe rat houdt u?" with low word probabilities, so evidence that rests on it must be
marked (and, below the hold-back threshold, held back). Used by ``tests/test_uncertainty.py``.
The lines are our own, not from the dev set. Needs espeak-ng and sox::

    python tests/data/audio/generate_uncertain.py
"""

from __future__ import annotations

import subprocess
import tempfile
import wave
from pathlib import Path

HERE = Path(__file__).resolve().parent
LINES = (
    "Goedemiddag, welkom.",
    "Fijn dat u er bent.",
    "Komt u binnen.",
    "Gaat u zitten.",
    "Hoe gaat het thuis?",
    "Wat fijn dat u er bent, mevrouw Wijnanda.",
)
VOICE = ("nl", "40", "110")
PAUSE_SECONDS = 0.8


def main() -> None:
    """Speak the lines with pauses between them and write ``uncertain.ogg`` (16 kHz mono)."""
    with tempfile.TemporaryDirectory() as tmp:
        frames: list[bytes] = []
        params = None
        for number, line in enumerate(LINES):
            part = Path(tmp) / f"{number}.wav"
            name, pitch, speed = VOICE
            subprocess.run(
                ["espeak-ng", "-v", name, "-p", pitch, "-s", speed, "-w", str(part), line],
                check=True,
            )
            with wave.open(str(part)) as handle:
                params = handle.getparams()
                frames.append(handle.readframes(handle.getnframes()))
                silence = int(PAUSE_SECONDS * handle.getframerate()) * handle.getsampwidth()
                frames.append(b"\0" * silence)
        assert params is not None
        joined = Path(tmp) / "all.wav"
        with wave.open(str(joined), "wb") as out:
            out.setparams(params)
            for chunk in frames:
                out.writeframes(chunk)
        target = HERE / "uncertain.ogg"
        subprocess.run(
            ["sox", str(joined), "-r", "16000", "-c", "1", "-C", "5", str(target)], check=True
        )


if __name__ == "__main__":
    main()
