"""Shared installations (several coaches, one data folder): housekeeping never breaks or
touches another coach's work.

Real stores on a temporary folder; the running transcription of another coach is a real
second process.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import analysis.store.jobs as jobs_module
from analysis.auth import USERS_ENV, hash_password
from analysis.housekeeping import run_housekeeping
from analysis.review import SessionMeta
from analysis.settings import RETENTION_ENV, Settings, apply_retention, save_settings
from analysis.store import (
    JobOwner,
    SessionStore,
    current_job_owner,
    job_is_alive,
    process_token,
)

from .conftest import REPO

META = SessionMeta(title="Rollenspel", teacher="Sanne")
HUNDRED_DAYS_AGO = (dt.datetime.now(dt.UTC) - dt.timedelta(days=100)).isoformat()

# A coach's transcription running in another process (the job's body just waits).
RUNNING_JOB = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from analysis.store import SessionStore

    store = SessionStore(Path(sys.argv[1]), owner=sys.argv[2])
    with store.transcription_job(sys.argv[3]):
        print("running", flush=True)
        time.sleep(300)
    """
)


def _age(store: SessionStore, session_id: str) -> None:
    with store._write() as conn:
        conn.execute("UPDATE sessions SET created = ? WHERE id = ?", (HUNDRED_DAYS_AGO, session_id))


def _statuses(data_dir: Path) -> dict[str, str]:
    with SessionStore(data_dir) as everyone:
        return {s.id: s.status for s in everyone.list_sessions()}


@pytest.fixture
def coaches(tmp_path: Path) -> Iterator[tuple[Path, SessionStore, SessionStore]]:
    data_dir = tmp_path / "data"
    with SessionStore(data_dir, owner="anouk") as anouk, SessionStore(data_dir, owner="bas") as bas:
        yield data_dir, anouk, bas


@pytest.fixture
def running_job(coaches: tuple[Path, SessionStore, SessionStore]) -> Iterator[subprocess.Popen]:
    """Bas's session being transcribed by a second process (killed at the end)."""
    data_dir, _, bas = coaches
    session_id = bas.create(META)
    process = subprocess.Popen(
        [sys.executable, "-c", RUNNING_JOB, str(data_dir), "bas", session_id],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    process.session_id = session_id  # type: ignore[attr-defined]
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "running"
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


# --- retention ----------------------------------------------------------------------------------


def test_retention_on_a_coachs_store_deletes_only_their_old_sessions(coaches):
    data_dir, anouk, bas = coaches
    anouk_old, bas_old = anouk.create(META), bas.create(META)
    anouk_new = anouk.create(META)
    _age(anouk, anouk_old)
    _age(bas, bas_old)

    deleted = apply_retention(anouk, Settings(retention_days=30))  # used to raise

    assert deleted == 1
    assert set(_statuses(data_dir)) == {anouk_new, bas_old}
    assert bas.get(bas_old).meta == META


def test_housekeeping_applies_each_coachs_own_retention(coaches, monkeypatch):
    data_dir, anouk, bas = coaches
    anouk_old, bas_old = anouk.create(META), bas.create(META)
    bas_new = bas.create(META)
    _age(anouk, anouk_old)
    _age(bas, bas_old)
    save_settings(data_dir, Settings(retention_days=30), owner="anouk")

    report = run_housekeeping(data_dir)

    assert report.purged == 1
    assert set(_statuses(data_dir)) == {bas_old, bas_new}, "Bas keeps everything (no retention)"

    save_settings(data_dir, Settings(retention_days=0), owner="bas")
    save_settings(data_dir, Settings(retention_days=60))  # the installation's default
    assert run_housekeeping(data_dir).purged == 0, "Bas's own setting wins over the default"

    monkeypatch.setenv(RETENTION_ENV, "60")  # the administrator's limit applies to everyone
    assert run_housekeeping(data_dir).purged == 1
    assert set(_statuses(data_dir)) == {bas_new}


def test_every_coach_can_use_the_app_when_another_coachs_session_expired(tmp_path, monkeypatch):
    users = tmp_path / "users.toml"
    users.write_text(
        "".join(
            f'[users.{login}]\nname = "{login.title()}"\n'
            f'password_hash = "{hash_password(login + "-geheim", 1000)}"\n'
            for login in ("anouk", "bas")
        ),
        encoding="utf-8",
    )
    data_dir = tmp_path / "data"
    with SessionStore(data_dir, owner="bas") as bas:
        expired = bas.create(META)
        _age(bas, expired)
    with SessionStore(data_dir, owner="anouk") as anouk:
        mine = anouk.create(SessionMeta(title="Van Anouk", teacher="Sanne"))
    monkeypatch.setenv(USERS_ENV, str(users))
    monkeypatch.setenv("GESPREKSCOACH_DATA", str(data_dir))
    monkeypatch.setenv(RETENTION_ENV, "30")

    for login in ("anouk", "bas"):
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        at.run()
        at.text_input(key="login-name").set_value(login)
        at.text_input(key="login-password").set_value(f"{login}-geheim")
        at.button[0].click().run()
        at.switch_page("ui/sessions_page.py").run()

        assert not at.exception
        assert at.title[0].value == "Mijn gesprekken"
        assert not [e.value for e in at.error]
    assert set(_statuses(data_dir)) == {mine}


# --- interrupted transcriptions -----------------------------------------------------------------


def test_another_coachs_running_transcription_is_not_marked_interrupted(coaches, running_job):
    data_dir, anouk, _ = coaches
    left_behind = anouk.create(META)
    anouk.set_status(left_behind, "transcribing")  # by a process that no longer exists

    assert anouk.mark_interrupted_jobs() == 1
    run_housekeeping(data_dir)
    with SessionStore(data_dir, owner="anouk"):  # another coach opens their store
        pass

    assert _statuses(data_dir) == {
        left_behind: "interrupted",
        running_job.session_id: "transcribing",
    }


def test_a_transcription_whose_process_was_killed_is_marked_interrupted(coaches, running_job):
    data_dir, _, _ = coaches
    running_job.send_signal(signal.SIGKILL)  # no chance to clean up
    running_job.wait(timeout=30)
    assert _statuses(data_dir) == {running_job.session_id: "transcribing"}

    assert run_housekeeping(data_dir).interrupted == 1
    assert _statuses(data_dir) == {running_job.session_id: "interrupted"}


def test_a_running_job_keeps_its_heartbeat_fresh(coaches, monkeypatch):
    _, anouk, _ = coaches
    session_id = anouk.create(META)
    monkeypatch.setattr(jobs_module, "HEARTBEAT_SECONDS", 0.05)

    def heartbeat() -> str:
        sql = "SELECT job_heartbeat FROM sessions WHERE id = ?"
        return anouk._read(sql, (session_id,))[0][0]

    with anouk.transcription_job(session_id):
        first = heartbeat()
        deadline = time.monotonic() + 10
        while heartbeat() == first and time.monotonic() < deadline:
            time.sleep(0.05)
        assert heartbeat() > first


# --- which jobs are alive -----------------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux process start times")
def test_a_reused_pid_does_not_keep_a_dead_job_alive():
    me = current_job_owner()
    assert process_token(os.getpid()) == me.token != ""
    assert job_is_alive(me, None)
    reused = JobOwner(me.host, me.pid, me.token.rsplit(":", 1)[0] + ":1")
    assert not job_is_alive(reused, dt.datetime.now(dt.UTC).isoformat())


def test_a_finished_process_is_not_alive():
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert process_token(gone.pid) is None
    assert not job_is_alive(JobOwner(socket.gethostname(), gone.pid, "x"), None)


def test_a_job_on_another_host_is_alive_while_its_heartbeat_is_fresh():
    elsewhere = JobOwner("een-andere-computer", 12345, "token")
    now = dt.datetime.now(dt.UTC)
    fresh = (now - dt.timedelta(seconds=30)).isoformat()
    stale = (now - dt.timedelta(minutes=10)).isoformat()

    assert job_is_alive(elsewhere, fresh, now)
    assert not job_is_alive(elsewhere, stale, now)
    assert not job_is_alive(elsewhere, None, now)
    assert not job_is_alive(None, fresh, now)
