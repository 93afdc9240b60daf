"""Ctrl-C during a transcription leaves the session *onderbroken* (interrupted), not *nieuw*.

Real processes, a real transcription with the bundled Whisper model: the test waits until the
first words are transcribed, then sends SIGINT, and reads the status from the store.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import wave
from pathlib import Path

import pytest

from analysis.review import Consent, SessionMeta
from analysis.store import SessionStore

from .conftest import DATA, REPO

pytestmark = pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")

DIALOGUE = DATA / "diarize" / "two_voices.ogg"
RATE = 16_000

# Both scripts first give SIGINT Python's own handler, as in a terminal: a test runner started
# in the background of a shell without job control passes SIGINT on as *ignored*, and Python
# then installs no handler at all (the Ctrl-C would do nothing).
CTRL_C_AS_IN_A_TERMINAL = """
import signal
signal.signal(signal.SIGINT, signal.default_int_handler)
"""

# The CLI's shape: the transcription runs in the main thread, Ctrl-C raises KeyboardInterrupt.
IN_MAIN_THREAD = (
    CTRL_C_AS_IN_A_TERMINAL
    + """
import sys
from pathlib import Path
from analysis.store import SessionStore
from analysis.workflow import transcribe_into_session

def progress(fraction, segments):
    if segments:
        print("transcribing", flush=True)

store = SessionStore(Path(sys.argv[1]))
try:
    transcribe_into_session(store, sys.argv[2], progress=progress, num_speakers=1)
except KeyboardInterrupt:
    print("interrupted", file=sys.stderr)
    sys.exit(130)
print("finished", flush=True)
"""
)

# The app server's shape: a page runs in a daemon thread; Ctrl-C stops the main thread and the
# process exits while the transcription is still going.
IN_DAEMON_THREAD = (
    CTRL_C_AS_IN_A_TERMINAL
    + """
import sys, threading
from pathlib import Path
from analysis.store import SessionStore
from analysis.workflow import transcribe_into_session

def progress(fraction, segments):
    if segments:
        print("transcribing", flush=True)

store = SessionStore(Path(sys.argv[1]))
page = threading.Thread(
    target=transcribe_into_session,
    args=(store, sys.argv[2]),
    kwargs={"progress": progress, "num_speakers": 1},
    daemon=True,
)
page.start()
try:
    while page.is_alive():
        page.join(0.1)
except KeyboardInterrupt:
    sys.exit(130)
print("finished", flush=True)
"""
)


def _long_recording(path: Path, repeats: int = 4) -> bytes:
    """About 100 s of Dutch dialogue (the two-voice test clip, four times) as a WAV file."""
    import av
    import numpy as np

    resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
    with av.open(str(DIALOGUE)) as source:
        pcm = np.concatenate(
            [
                frame.to_ndarray().reshape(-1)
                for decoded in source.decode(audio=0)
                for frame in resampler.resample(decoded)
            ]
        )
    with wave.open(str(path), "wb") as target:
        target.setnchannels(1)
        target.setsampwidth(2)
        target.setframerate(RATE)
        target.writeframes(pcm.tobytes() * repeats)
    return path.read_bytes()


@pytest.fixture
def session(tmp_path: Path) -> tuple[Path, str]:
    data_dir = tmp_path / "data"
    with SessionStore(data_dir) as store:
        session_id = store.create(
            SessionMeta(title="Lang gesprek"), Consent(confirmed=True, by="moeder en leerkracht")
        )
        store.save_audio(session_id, "lang.wav", _long_recording(tmp_path / "lang.wav"))
    return data_dir, session_id


def interrupt_while_transcribing(
    script: str, data_dir: Path, session_id: str, signal_after: str = "transcribing"
) -> tuple[int, str]:
    """Run ``script``, send SIGINT once it printed ``signal_after`` (by default: once it has
    transcribed something); its exit code, stderr."""
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), str(data_dir), session_id],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        assert first == signal_after, f"no progress: {first!r} {process.stderr.read()}"
        with SessionStore(data_dir) as store:
            assert store.get(session_id).status == "transcribing"
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, stderr


def test_ctrl_c_in_the_main_thread_leaves_the_session_interrupted(session):
    data_dir, session_id = session

    code, stderr = interrupt_while_transcribing(IN_MAIN_THREAD, data_dir, session_id)

    assert code == 130, stderr
    assert stderr.strip().endswith("interrupted")
    stored = SessionStore(data_dir).get(session_id)
    assert stored.status == "interrupted"
    assert stored.transcript is None and stored.audio_path is not None


def test_ctrl_c_to_a_server_running_it_in_a_thread_leaves_the_session_interrupted(session):
    data_dir, session_id = session

    code, stderr = interrupt_while_transcribing(IN_DAEMON_THREAD, data_dir, session_id)

    # The exit hook marks the session, then leaves at once: tearing the interpreter down under
    # the native Whisper thread would abort or segfault the process.
    assert code == 130, stderr
    assert f"session {session_id} interrupted" in stderr
    assert SessionStore(data_dir).get(session_id).status == "interrupted"
