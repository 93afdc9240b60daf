"""Speech in another language is transcribed, but flagged (CLI warning, transcript field)."""

from __future__ import annotations

from analysis.transcribe import transcribe
from analysis.transcript_io import parse_transcript, to_json

from .conftest import DATA
from .test_cli import run_cli

ENGLISH = DATA / "audio" / "english.ogg"
DUTCH = DATA / "audio" / "hallo.wav"


def test_english_speech_is_detected_when_dutch_was_expected():
    transcript = transcribe(ENGLISH)
    assert transcript.language == "nl"
    assert transcript.detected_language == "en"
    assert transcript.other_language


def test_dutch_speech_is_not_flagged():
    transcript = transcribe(DUTCH)
    assert transcript.detected_language == "nl"
    assert not transcript.other_language


def test_the_flag_survives_json():
    transcript = transcribe(ENGLISH)
    again = parse_transcript(to_json(transcript), "json")
    assert again.detected_language == "en"


def test_cli_warns_in_one_line_and_still_succeeds():
    result = run_cli("transcribe", str(ENGLISH), "--format", "txt")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "'en'" in warnings[0]
    assert result.stdout.strip()
