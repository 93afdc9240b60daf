"""Privacy by design: nothing leaves the machine, localhost only, consent before processing."""

from __future__ import annotations

import socket
import tomllib
from pathlib import Path

import pytest

from analysis.errors import ConsentError
from analysis.pipeline import analyse
from analysis.review import Consent, SessionMeta
from analysis.sessions import SessionStore
from analysis.transcribe import transcribe
from analysis.transcript_io import read_transcript
from analysis.workflow import require_consent, transcribe_into_session

from .conftest import DATA, REPO, SAMPLES

HALLO = DATA / "audio" / "hallo.wav"


class NetworkUsedError(AssertionError):
    """A connection was attempted."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Refuse every socket connection and DNS lookup, and record the attempts."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise NetworkUsedError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return attempts


def test_transcription_and_analysis_attempt_no_connection(no_network: list[object]):
    transcript = transcribe(HALLO)
    analysis = analyse(read_transcript(SAMPLES / "bedeesde-ouder-sterk.txt"))

    assert transcript.turns
    assert any(item.observed for item in analysis.form)
    assert no_network == []


def test_streamlit_binds_to_localhost_and_sends_no_statistics():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    assert 0 < config["server"]["maxUploadSize"] <= 1000


def _store_with_audio(tmp_path: Path, consent: Consent | None) -> tuple[SessionStore, str]:
    store = SessionStore(tmp_path / "data")
    session_id = store.create(SessionMeta(title="test"), consent)
    store.save_audio(session_id, "hallo.wav", HALLO.read_bytes())
    return store, session_id


@pytest.mark.parametrize(
    "consent",
    [None, Consent(confirmed=False, by="moeder"), Consent(confirmed=True, by="  ")],
)
def test_no_transcription_without_consent(tmp_path: Path, consent: Consent | None):
    store, session_id = _store_with_audio(tmp_path, consent)
    with pytest.raises(ConsentError) as info:
        transcribe_into_session(store, session_id)
    assert "toestemming" in info.value.message_nl
    assert store.get(session_id).transcript is None
    assert store.get(session_id).status == "new"


def test_consented_recording_is_transcribed_and_audio_can_go_right_after(tmp_path: Path):
    consent = Consent(confirmed=True, confirmed_at="2026-11-29", by="moeder en leerkracht")
    store, session_id = _store_with_audio(tmp_path, consent)
    audio = store.get(session_id).audio_path
    assert audio is not None and audio.exists()

    require_consent(store, session_id)
    analysis = transcribe_into_session(store, session_id, delete_audio_after=True)

    session = store.get(session_id)
    assert session.status == "ready"
    assert session.transcript is not None and session.transcript.turns
    assert analysis.transcript.turns
    assert session.audio_path is None and not audio.exists()
    assert session.consent == consent
