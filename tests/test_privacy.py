"""Privacy by design: nothing leaves the machine, localhost only, consent before processing.

The offline promise is checked the way a user's machine sees it: the real CLI runs in its own
process under ``strace`` (every ``connect``/``sendto``/``sendmsg`` of it and its children is
recorded by the kernel interface, whatever library makes it) with an empty temporary home,
which must stay free of telemetry files.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from analysis.errors import ConsentError
from analysis.offline import TELEMETRY_OFF_ENV
from analysis.review import Consent, SessionMeta
from analysis.store import SessionStore
from analysis.transcribe.models import cache_dir
from analysis.workflow import require_consent, transcribe_into_session

from .conftest import DATA, REPO

HALLO = DATA / "audio" / "hallo.wav"
TWO_VOICES = DATA / "diarize" / "two_voices.ogg"
STRACE = shutil.which("strace")
TRACED_CALLS = "connect,sendto,sendmsg,sendmmsg"
#: Socket families that never leave the machine: unix sockets, the kernel's netlink, and
#: AF_UNSPEC (a connect to it dissolves a datagram socket's association).
LOCAL_FAMILIES = {"AF_UNIX", "AF_LOCAL", "AF_NETLINK", "AF_UNSPEC"}
_CALL = re.compile(r"\b(connect|sendto|sendmsg|sendmmsg)\(")
_FAMILY = re.compile(r"sa_family=(AF_\w+)")
_INET = re.compile(r'inet_addr\("([^"]+)"\)')
_INET6 = re.compile(r'inet_pton\(AF_INET6, "([^"]+)"')
#: What onnxruntime's telemetry leaves in a home folder (device id, event queue).
TELEMETRY_MARKERS = ("microsoft", "onnxruntime", "deviceid", "developertools")


def _is_loopback(family: str, address: str) -> bool:
    if family == "AF_INET":
        return address.startswith("127.")
    return address == "::1" or address.startswith("::ffff:127.")


def outside_connections(trace: str) -> list[str]:
    """The strace lines that address anything but a unix socket or the loopback interface."""
    found = []
    for line in trace.splitlines():
        if not _CALL.search(line):
            continue
        for family in _FAMILY.findall(line):
            if family in LOCAL_FAMILIES:
                continue
            addresses = _INET.findall(line) if family == "AF_INET" else _INET6.findall(line)
            if family not in {"AF_INET", "AF_INET6"} or not addresses:
                found.append(line)  # another family (packet, bluetooth…) or unparsed: suspect
            elif not all(_is_loopback(family, address) for address in addresses):
                found.append(line)
    return found


def telemetry_files(home: Path) -> list[Path]:
    """Files and folders under ``home`` that look like telemetry (onnxruntime's or similar)."""
    return [
        path
        for path in home.rglob("*")
        if any(marker in path.name.lower() for marker in TELEMETRY_MARKERS)
    ]


# onnxruntime sends no telemetry when it sees a CI variable: a user's shell has none, so the
# children run without them, or the test would pass in CI with the guard removed.
CI_ENV = frozenset({"CI", "GITHUB_ACTIONS", "CONTINUOUS_INTEGRATION", "BUILD_NUMBER", "TF_BUILD"})


def _clean_env(home: Path) -> dict[str, str]:
    """The environment of a user's shell with ``home`` as home folder: without the telemetry
    guards this test process set by importing ``analysis`` (the child must set its own) and
    without XDG overrides, so everything per-user lands in ``home``. The Whisper model cache
    stays where it is (it is read, not written, and assembling it again would take a minute)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in TELEMETRY_OFF_ENV and key not in CI_ENV and not key.startswith("XDG_")
    }
    env.update(
        HOME=str(home),
        GESPREKSCOACH_CACHE=str(cache_dir()),
        GESPREKSCOACH_DATA=str(home / "data"),
    )
    return env


def test_the_connection_detector_sees_remote_addresses_and_spares_local_ones():
    trace = "\n".join(
        [
            '12 connect(3, {sa_family=AF_UNIX, sun_path="/run/nscd/socket"}, 110) = -1',
            '12 connect(4, {sa_family=AF_INET, sin_port=htons(8501), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',  # noqa: E501
            '12 connect(5, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',  # noqa: E501
            '12 connect(6, {sa_family=AF_UNSPEC, sa_data="\\0\\0"}, 16) = 0',
            '12 sendto(7, "x", 1, 0, {nl_family=AF_NETLINK, nl_pid=0}, 12) = 1',
            '13 connect(9, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16 <unfinished ...>',  # noqa: E501
            '13 sendto(9, "\\353\\5\\1", 50, MSG_NOSIGNAL, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("8.8.8.8")}, 16) = 50',  # noqa: E501
            '14 connect(5, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2603:1030::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',  # noqa: E501
            '15 sendmsg(3, {msg_name={sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("13.69.109.130")}, msg_namelen=16}, 0) = 40',  # noqa: E501
            "16 <... connect resumed>) = 0",
        ]
    )
    flagged = outside_connections(trace)
    assert [line.split()[0] for line in flagged] == ["13", "13", "14", "15"]


def _traced(command: list[str], env: dict[str, str], tmp_path: Path) -> tuple[int, str, str]:
    """Run ``command`` under strace (following child processes); return its exit code, its
    stderr and the recorded socket calls."""
    assert STRACE is not None
    trace_file = tmp_path / "trace.txt"
    done = subprocess.run(
        [STRACE, "-f", "-qq", "-e", f"trace={TRACED_CALLS}", "-e", "signal=none",
         "-o", str(trace_file), *command],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    return done.returncode, done.stderr, trace_file.read_text(encoding="utf-8", errors="replace")


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (.ci/run installs it)")
def test_strace_sees_a_grandchild_sending_to_the_network(tmp_path: Path):
    """Control: the OS-level check works here (ptrace allowed, children followed)."""
    send = "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('192.0.2.1', 9))"  # noqa: E501
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {send!r}])"

    _, _, trace = _traced([sys.executable, "-c", child], _clean_env(tmp_path), tmp_path)

    assert any('inet_addr("192.0.2.1")' in line for line in outside_connections(trace))


@pytest.mark.slow
@pytest.mark.skipif(STRACE is None, reason="strace is not installed (.ci/run installs it)")
def test_cli_on_a_recording_makes_no_outside_connection_and_leaves_no_telemetry(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    output = tmp_path / "analyse.json"
    command = [
        sys.executable, "-m", "analysis", "analyse", str(TWO_VOICES),
        "--format", "json", "-o", str(output),
    ]  # fmt: skip

    code, stderr, trace = _traced(command, _clean_env(home), tmp_path)

    assert code == 0, stderr[-2000:]
    result = json.loads(output.read_text(encoding="utf-8"))
    # All three stages ran: transcription (timed text), speaker separation (the two voices),
    # detection (the whole form, with metrics).
    assert result["turns"] and all(
        turn["text"] and turn["start"] is not None for turn in result["turns"]
    )
    assert len(result["speakers"]) == 2
    assert len(result["form"]) == 19 and result["metrics"]
    assert outside_connections(trace) == []
    assert telemetry_files(home) == []


def test_onnxruntime_without_the_guard_leaves_telemetry_files(tmp_path: Path):
    """Control: the check above can see the leak. onnxruntime imported on its own (without
    ``analysis``, so without its guard) writes a device id into the home folder."""
    home = tmp_path / "home"
    home.mkdir()
    # The device id is written by onnxruntime in the background: wait for it (up to 30 s)
    # rather than exit at once, which on a loaded machine can end the process first.
    code = (
        "import pathlib, time, onnxruntime\n"
        "folder = pathlib.Path.home() / '.cache' / 'Microsoft'\n"
        "deadline = time.monotonic() + 30\n"
        "while time.monotonic() < deadline and not any(p.is_file() for p in folder.rglob('*')):\n"
        "    time.sleep(0.2)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=_clean_env(home),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert telemetry_files(home) != []


def test_importing_the_package_switches_onnxruntime_telemetry_off(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    code = (
        "import os, analysis, onnxruntime; from faster_whisper.vad import get_vad_model; "
        "get_vad_model(); print(os.environ['ORT_DISABLE_TELEMETRY'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=_clean_env(home),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "1"
    assert telemetry_files(home) == []


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
