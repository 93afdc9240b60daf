"""Bad or unusual input never crashes and never loses work."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from analysis.errors import TranscriptError
from analysis.pipeline import analyse
from analysis.store import safe_filename
from analysis.transcript_io import MAX_TEXT_CHARS, MAX_TURN_CHARS, MAX_TURNS, parse_transcript

from .test_cli import run_cli


def test_single_speaker_is_analysed_with_a_warning(tmp_path: Path):
    path = tmp_path / "monoloog.txt"
    path.write_text("Spreker 1: Goedemiddag, welkom.\nSpreker 1: Gaat u zitten.\n", "utf-8")

    result = run_cli("analyse", str(path), "--format", "json")

    assert result.returncode == 0
    assert "no speaker is a teacher" in result.stderr
    assert "--teacher" in result.stderr


def test_single_named_teacher_is_analysed():
    transcript = parse_transcript("Juf: Goedemiddag, welkom! Komt u binnen.\n", "txt")
    analysis = analyse(transcript)
    assert any(item.observed for item in analysis.form if item.id == "welcome")


# Short turns of our own wording, cycled up to the limits of analysis.transcript_io.
_SHORT_TALK = (
    "Juf Mirjam: Goedemorgen, kom erin.",
    "Vader: Morgen juf.",
    "Juf Mirjam: Hoe gaat het thuis?",
    "Vader: Prima, hij slaapt goed.",
    "Juf Mirjam: Wat fijn om te horen.",
    "Vader: Ja.",
)


def _cycled(turns: int) -> str:
    return "\n".join(_SHORT_TALK[i % len(_SHORT_TALK)] for i in range(turns)) + "\n"


def test_ten_thousand_turns_are_read_quickly():
    started = time.perf_counter()
    transcript = parse_transcript(_cycled(MAX_TURNS), "txt")
    assert len(transcript.turns) == MAX_TURNS
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (_cycled(MAX_TURNS + 1), "too many turns"),
        ("Juf: " + "ja " * (MAX_TURN_CHARS // 3 + 1) + "ja", "at most 50,000 in one turn"),
        (_cycled(2 * MAX_TEXT_CHARS // 100).replace(".", ". " + "o" * 60), "too much text"),
    ],
    ids=["turns", "turn-length", "text-length"],
)
def test_transcripts_over_the_limits_are_refused(text: str, fragment: str):
    with pytest.raises(TranscriptError, match=fragment):
        parse_transcript(text, "txt")


def test_the_largest_transcript_is_analysed():
    """10,000 turns (the limit) still give a form with findings up to the end."""
    transcript = parse_transcript(_cycled(MAX_TURNS), "txt")
    analysis = analyse(transcript)
    assert len(analysis.form) == 19
    assert max(f.turn for f in analysis.detection.findings) > 9_900


def test_upload_names_cannot_escape_the_session_folder():
    for name in ("../../etc/passwd.wav", "..\\..\\boot.ini.mp3", "/abs/path.m4a", "..", ""):
        safe = safe_filename(name)
        assert "/" not in safe and "\\" not in safe and ".." not in safe and safe


def test_truncated_mp3_gives_the_part_that_is_there(tmp_path: Path):
    from analysis.transcribe import transcribe

    from .conftest import DATA
    from .test_transcribe import _encode

    whole = _encode(DATA / "audio" / "hallo.wav", tmp_path / "heel.mp3", "libmp3lame", 16_000)
    cut = tmp_path / "afgebroken.mp3"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 3])

    transcript = transcribe(cut)

    assert transcript.turns
    assert transcript.duration is not None and 2.0 < transcript.duration < 4.0
