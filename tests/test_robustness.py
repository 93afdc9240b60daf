"""Bad or unusual input never crashes and never loses work."""

from __future__ import annotations

import time
from pathlib import Path

from analysis.pipeline import analyse
from analysis.sessions import safe_filename
from analysis.transcript_io import parse_transcript, read_transcript, to_text

from .conftest import SAMPLES
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


def test_ten_thousand_turns_are_read_quickly():
    lines = to_text(read_transcript(SAMPLES / "bedeesde-ouder-sterk.txt")).splitlines()
    text = "\n".join((lines * 130)[:10_000])
    started = time.perf_counter()
    transcript = parse_transcript(text, "txt")
    assert len(transcript.turns) == 10_000
    assert time.perf_counter() - started < 10


def test_ten_thousand_turns_are_analysed():
    lines = to_text(read_transcript(SAMPLES / "bedeesde-ouder-sterk.txt")).splitlines()
    transcript = parse_transcript("\n".join((lines * 130)[:10_000]), "txt")
    analysis = analyse(transcript)
    assert len(analysis.form) == 19
    assert max(f.turn for f in analysis.detection.findings) > 9_000


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
