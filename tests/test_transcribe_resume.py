"""An interrupted transcription goes on where it stopped (``analysis.transcribe.resume``).

Real recordings (three copies of the espeak-ng clip with pauses, in chunks of 6 s at most), the
real bundled Whisper model, a real process interrupted with SIGINT, the real session store.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import wave
from pathlib import Path

import numpy as np
import pytest

from analysis.review import Consent, SessionMeta
from analysis.store import SessionStore
from analysis.transcribe import TranscribeOptions, transcribe
from analysis.transcribe import audio as audio_mod
from analysis.transcribe.resume import (
    Checkpoint,
    checkpoint_from_dict,
    checkpoint_key,
    checkpoint_to_dict,
)
from analysis.workflow import resume_point, transcribe_into_session

from .conftest import DATA
from .test_interrupt import interrupt_while_transcribing

HALLO = DATA / "audio" / "hallo.wav"
#: Chunks of at most 6 s, cut in pauses: the 19-s recording gives three or four of them.
OPTIONS = TranscribeOptions(beam_size=1, chunk_seconds=6.0)
MARK = "EERDER GETRANSCRIBEERD"


def _three_copies(path: Path) -> Path:
    rate = audio_mod.SAMPLE_RATE
    speech = np.concatenate(list(audio_mod.iter_samples(HALLO)))
    pause = np.zeros(rate * 2, dtype=np.float32)
    joined = np.concatenate([speech, pause, speech, pause, speech, pause])
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.clip(joined * 32768, -32768, 32767).astype(np.int16).tobytes())
    return path


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _three_copies(tmp_path_factory.mktemp("resume") / "drie.wav")


@pytest.fixture(scope="module")
def full_run(recording: Path) -> tuple[list[tuple[float, str]], list[Checkpoint]]:
    """The uninterrupted transcription (start and text per turn) and its checkpoints."""
    checkpoints: list[Checkpoint] = []
    transcript = transcribe(recording, OPTIONS, on_checkpoint=checkpoints.append)
    return [(turn.start, turn.text) for turn in transcript.turns], checkpoints


# --- no model ---------------------------------------------------------------------------------


def test_the_key_follows_the_recording_and_the_settings_that_shape_the_text(tmp_path: Path):
    first = _three_copies(tmp_path / "a.wav")
    key = checkpoint_key(first, OPTIONS)
    assert checkpoint_key(first, dataclasses.replace(OPTIONS, threads=1)) == key
    assert checkpoint_key(first, dataclasses.replace(OPTIONS, beam_size=5)) != key
    assert checkpoint_key(first, dataclasses.replace(OPTIONS, chunk_seconds=60.0)) != key
    other = tmp_path / "b.wav"
    data = bytearray(first.read_bytes())
    data[-10] ^= 0xFF  # one sample near the end differs
    other.write_bytes(bytes(data))
    assert checkpoint_key(other, OPTIONS) != key


@pytest.mark.parametrize(
    "data",
    [None, [], "tekst", {"version": 99}, {"version": 1, "key": "k"}, {"version": 1, "chunks": "x"}],
)
def test_a_damaged_or_foreign_checkpoint_is_ignored(data: object):
    assert checkpoint_from_dict(data) is None


def test_the_store_keeps_the_checkpoint_until_it_is_dropped_or_the_session_deleted(
    tmp_path: Path,
):
    with SessionStore(tmp_path) as store:
        session_id = store.create(SessionMeta(title="Gesprek"))
        assert store.partial(session_id) is None and resume_point(store, session_id) is None
        checkpoint = Checkpoint("k", 2, 1200.0, (), "nl", "nl")
        store.save_partial(session_id, checkpoint_to_dict(checkpoint))
        assert resume_point(store, session_id) == checkpoint
        store.drop_partial(session_id)
        assert store.partial(session_id) is None
        store.save_partial(session_id, checkpoint_to_dict(checkpoint))
        files = list(store.folder(session_id).iterdir())
        assert files and all(path.stat().st_mode & 0o077 == 0 for path in files)
        store.delete(session_id)
        assert not store.folder(session_id).exists()


def test_an_unreadable_checkpoint_file_means_starting_over(tmp_path: Path):
    with SessionStore(tmp_path) as store:
        session_id = store.create(SessionMeta(title="Gesprek"))
        store.save_partial(session_id, {"version": 1})
        path = next(store.folder(session_id).iterdir())
        path.write_bytes(b"\xff\xfe{half")
        assert store.partial(session_id) is None
        assert resume_point(store, session_id) is None


# --- the real model ---------------------------------------------------------------------------


@pytest.mark.slow
def test_every_chunk_gives_a_checkpoint_with_the_segments_so_far(full_run):
    turns, checkpoints = full_run
    assert len(checkpoints) >= 3  # chunks of at most 6 s, cut in a pause
    assert [c.chunks for c in checkpoints] == list(range(1, len(checkpoints) + 1))
    seconds = [c.seconds for c in checkpoints]
    assert seconds == sorted(seconds) and seconds[-1] == pytest.approx(19.0, abs=0.1)
    assert all(b - a <= 6.0 for a, b in zip([0.0, *seconds], seconds, strict=False))
    assert len(checkpoints[-1].segments) == len(turns)
    assert all("middag" in " ".join(s.text for s in c.segments).lower() for c in checkpoints)


@pytest.mark.slow
def test_resuming_keeps_the_done_chunks_and_transcribes_only_the_rest(
    recording: Path, full_run, caplog: pytest.LogCaptureFixture
):
    turns, checkpoints = full_run
    stored = checkpoint_from_dict(checkpoint_to_dict(checkpoints[0]))  # as kept on disk
    assert stored == checkpoints[0]
    # Marked text proves the first chunk's segments come from the checkpoint, not a new decoding.
    marked = dataclasses.replace(
        stored, segments=tuple(dataclasses.replace(s, text=MARK) for s in stored.segments)
    )
    fractions: list[float] = []
    with caplog.at_level(logging.INFO, logger="analysis.transcribe.engine"):
        resumed = transcribe(recording, OPTIONS, lambda f, _: fractions.append(f), marked)
    assert "going on after chunk 1" in caplog.text
    done = len(stored.segments)
    assert [turn.text for turn in resumed.turns[:done]] == [MARK] * done
    assert [(turn.start, turn.text) for turn in resumed.turns[done:]] == turns[done:]
    assert fractions[0] >= stored.seconds / resumed.duration - 0.01 and fractions[-1] == 1.0


@pytest.mark.slow
def test_a_checkpoint_of_another_recording_is_not_used(recording: Path, full_run):
    turns, checkpoints = full_run
    foreign = dataclasses.replace(
        checkpoints[0],
        key="another recording",
        segments=tuple(dataclasses.replace(s, text=MARK) for s in checkpoints[0].segments),
    )
    again = transcribe(recording, OPTIONS, resume=foreign)
    assert [(turn.start, turn.text) for turn in again.turns] == turns


# A user's Ctrl-C once the first chunk is kept: the driver waits there to be interrupted.
INTERRUPTED_AFTER_A_CHUNK = """
import signal
signal.signal(signal.SIGINT, signal.default_int_handler)
import sys, time
from pathlib import Path
from analysis.store import SessionStore
from analysis.transcribe import TranscribeOptions
from analysis.workflow import transcribe_into_session

store = SessionStore(Path(sys.argv[1]))
session_id = sys.argv[2]

def progress(fraction, segments):
    if store.partial(session_id) is not None:
        print("kept", flush=True)
        time.sleep(120)

options = TranscribeOptions(beam_size=1, chunk_seconds=6.0)
try:
    transcribe_into_session(store, session_id, options, progress=progress, num_speakers=1)
except KeyboardInterrupt:
    sys.exit(130)
print("finished", flush=True)
"""


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")
def test_a_session_interrupted_by_ctrl_c_goes_on_where_it_stopped(
    tmp_path: Path, recording: Path, full_run, caplog: pytest.LogCaptureFixture
):
    turns, _ = full_run
    data_dir = tmp_path / "data"
    with SessionStore(data_dir) as store:
        session_id = store.create(SessionMeta(title="Lang"), Consent(confirmed=True, by="ouder"))
        store.save_audio(session_id, "drie.wav", recording.read_bytes())
    code, stderr = interrupt_while_transcribing(
        INTERRUPTED_AFTER_A_CHUNK, data_dir, session_id, signal_after="kept"
    )
    assert code == 130, stderr

    with SessionStore(data_dir) as store:
        assert store.get(session_id).status == "interrupted"
        point = resume_point(store, session_id)
        assert point is not None and point.chunks == 1
        with caplog.at_level(logging.INFO, logger="analysis.transcribe.engine"):
            analysis = transcribe_into_session(store, session_id, OPTIONS, num_speakers=1)
        assert "going on after chunk 1" in caplog.text
        assert [(turn.start, turn.text) for turn in analysis.transcript.turns] == turns
        session = store.get(session_id)
        assert session.status == "ready" and session.transcript is not None
        assert store.partial(session_id) is None  # nothing half-done is left behind
