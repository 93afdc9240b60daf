"""Transcription jobs: which process runs one, whether it still does, and the exit hook.

A transcription runs as a *job*: the session records which process runs it (host, pid, the
process's start time) and a heartbeat, so housekeeping only marks a session *interrupted* when
the process running it is gone, never another coach's transcription that is still running.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import os
import socket
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from analysis.console import EXIT_INTERRUPTED
from analysis.errors import AnalysisError
from analysis.store.base import StoreBase
from analysis.store.db import utc_now
from analysis.store.records import SessionStatus

log = logging.getLogger(__name__)

#: How often a running transcription refreshes its heartbeat, and when a heartbeat is stale.
HEARTBEAT_SECONDS = 20.0
STALE_AFTER_SECONDS = 120.0

#: The session columns recording a job, and the SQL assignment clearing them.
JOB_COLUMNS = ("job_host", "job_pid", "job_token", "job_heartbeat")
NO_JOB = ", ".join(f"{name} = NULL" for name in JOB_COLUMNS)


@dataclass(frozen=True, slots=True)
class JobOwner:
    """The process running a transcription: its host, pid and start-time token.

    ``token`` tells a process from a later one that got the same pid (empty when the platform
    cannot tell, then only the heartbeat counts).
    """

    host: str
    pid: int
    token: str


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


_BOOT_ID = _boot_id()


def process_token(pid: int) -> str | None:
    """An identity of the running process ``pid`` that a reused pid does not share.

    On Linux the boot id plus the process's start time from ``/proc``; ``None`` when no such
    process runs (or it is a zombie); ``""`` when this platform cannot tell start times (then a
    POSIX system still answers ``None`` for a pid that is gone).
    """
    if pid <= 0:
        return None
    if _BOOT_ID:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        except FileNotFoundError:
            return None
        except OSError:
            return ""
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) < 20:
            return ""
        if fields[0] in {"Z", "X"}:  # zombie or dead: the process has ended
            return None
        return f"{_BOOT_ID}:{fields[19]}"  # field 22 of stat: start time in clock ticks
    if os.name == "posix":
        try:
            os.kill(pid, 0)  # signal 0 only checks that the process exists
        except ProcessLookupError:
            return None
        except PermissionError:
            return ""
    return ""  # Windows: os.kill would terminate the process; rely on the heartbeat


def current_job_owner() -> JobOwner:
    """This process as the owner of a transcription job."""
    pid = os.getpid()
    return JobOwner(socket.gethostname(), pid, process_token(pid) or "")


def job_owner_of(row: sqlite3.Row) -> JobOwner | None:
    """The job recorded in a session row, or ``None``."""
    if row["job_pid"] is None:
        return None
    return JobOwner(row["job_host"] or "", int(row["job_pid"]), row["job_token"] or "")


def job_is_alive(
    owner: JobOwner | None, heartbeat: str | None, now: dt.datetime | None = None
) -> bool:
    """Whether a job recorded as ``owner`` with its last ``heartbeat`` is still running.

    A job without an owner (a status set by hand, or written by an older version) is not.
    On the same host the process itself decides: gone, or a different process with the same
    pid, means the job is dead. Otherwise (another host sharing the data folder, or a platform
    without start times) a heartbeat younger than :data:`STALE_AFTER_SECONDS` means alive.
    """
    if owner is None:
        return False
    if owner.host == socket.gethostname():
        token = process_token(owner.pid)
        if token is None:
            return False
        if token and owner.token:
            return token == owner.token
    if not heartbeat:
        return False
    try:
        beat = dt.datetime.fromisoformat(heartbeat)
    except ValueError:
        return False
    now = now or dt.datetime.now(dt.UTC)
    return (now - beat).total_seconds() < STALE_AFTER_SECONDS


def beat_until(stop: threading.Event, beat: Callable[[], None], session_id: str) -> None:
    """Call ``beat`` every :data:`HEARTBEAT_SECONDS` until ``stop`` is set (a thread's body)."""
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            beat()
        except AnalysisError as exc:
            log.warning("heartbeat of session %s failed: %s", session_id, exc)


# --- this process's jobs, marked interrupted when it exits -----------------------------------

_running_lock = threading.Lock()
_running: set[tuple[str, str]] = set()  # (database path, session id) of this process's jobs


def register(db_path: Path, session_id: str) -> None:
    """Remember a job this process runs, for the exit hook."""
    with _running_lock:
        _running.add((str(db_path), session_id))


def unregister(db_path: Path, session_id: str) -> None:
    """Forget a job this process ran."""
    with _running_lock:
        _running.discard((str(db_path), session_id))


def _interrupt_running_jobs() -> None:
    """At interpreter exit, mark the transcriptions this process still runs as interrupted.

    The app server runs a page in a daemon thread: on Ctrl-C the server stops and the process
    exits while a transcription may still be in progress. A fresh connection is used because
    that thread may hold the store's lock.
    """
    with _running_lock:
        jobs = sorted(_running)
    for db_path, session_id in jobs:
        try:
            with closing(sqlite3.connect(db_path, timeout=2.0)) as conn, conn:
                conn.execute(
                    f"UPDATE sessions SET status = 'interrupted', updated = ?, {NO_JOB}"
                    " WHERE id = ? AND status = 'transcribing' AND job_pid = ?",
                    (utc_now(), session_id, os.getpid()),
                )
        except sqlite3.Error as exc:
            log.warning("could not mark session %s as interrupted at exit: %s", session_id, exc)
        else:
            log.warning("session %s interrupted: the process is exiting", session_id)
    if jobs:
        # A transcription thread is still inside Whisper's native code: tearing the interpreter
        # down under it aborts or segfaults the process. Leave now, as a Ctrl-C exit does.
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)


atexit.register(_interrupt_running_jobs)


class JobsMixin(StoreBase):
    """Running a transcription as a recorded job, and marking dead ones interrupted."""

    @contextmanager
    def transcription_job(self, session_id: str) -> Iterator[None]:
        """Run the block as the session's transcription job.

        The session is ``transcribing`` while the block runs, with this process recorded as
        running it and a heartbeat (:func:`analysis.store.jobs.beat_until`, a daemon thread),
        so :meth:`mark_interrupted_jobs` in another process leaves it alone. When the block is
        stopped (Ctrl-C, ``SystemExit``, a stopped app run: any ``BaseException`` that is not
        an ``Exception``) the session becomes ``interrupted``; on an error it goes back to
        ``new``; if the block ends without setting another status (e.g. ``ready``), ``new``.
        A process killed outright leaves ``transcribing`` with a dead owner, which
        housekeeping turns into ``interrupted``; one that exits normally meanwhile (the app
        server on Ctrl-C) marks it at exit.
        """
        owner = current_job_owner()
        with self._write() as conn:
            self._touch(
                conn,
                session_id,
                status="transcribing",
                job_host=owner.host,
                job_pid=owner.pid,
                job_token=owner.token,
                job_heartbeat=utc_now(),
            )
        register(self.db_path, session_id)
        stop = threading.Event()
        beat = threading.Thread(
            target=beat_until,
            args=(stop, lambda: self._beat(session_id, owner.pid), session_id),
            name=f"heartbeat-{session_id[:8]}",
            daemon=True,
        )
        beat.start()
        outcome: SessionStatus = "new"
        try:
            yield
        except BaseException as exc:
            if not isinstance(exc, Exception):
                outcome = "interrupted"
            raise
        finally:
            stop.set()
            self._end_job(session_id, owner.pid, outcome)
            unregister(self.db_path, session_id)

    def _beat(self, session_id: str, pid: int) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE sessions SET job_heartbeat = ?"
                " WHERE id = ? AND status = 'transcribing' AND job_pid = ?",
                (utc_now(), session_id, pid),
            )

    def _end_job(self, session_id: str, pid: int, outcome: SessionStatus) -> None:
        """Forget the job; a session still ``transcribing`` by it gets ``outcome``."""
        try:
            with self._write() as conn:
                conn.execute(
                    f"UPDATE sessions SET status = ?, updated = ?, {NO_JOB}"
                    " WHERE id = ? AND status = 'transcribing' AND job_pid = ?",
                    (outcome, utc_now(), session_id, pid),
                )
                conn.execute(
                    f"UPDATE sessions SET {NO_JOB} WHERE id = ? AND job_pid = ?",
                    (session_id, pid),
                )
        except AnalysisError as exc:  # housekeeping or the exit hook will catch up
            log.warning("could not end the job of session %s: %s", session_id, exc)
        else:
            if outcome == "interrupted":
                log.warning("transcription of session %s was interrupted", session_id)

    def mark_interrupted_jobs(self, now: dt.datetime | None = None) -> int:
        """Mark sessions left ``transcribing`` by a process that is gone as ``interrupted``.

        Only sessions whose job is dead (see :func:`job_is_alive`) are marked: a transcription
        running in this or another process, for any coach, is left alone, so this is safe to
        call at any time. A scoped store only looks at its owner's sessions. Returns how many
        sessions were marked.
        """
        mine, owner = self._mine()
        rows = self._read(
            "SELECT id, job_host, job_pid, job_token, job_heartbeat FROM sessions"
            f" WHERE status = 'transcribing'{mine}",
            owner,
        )
        dead = [
            row for row in rows if not job_is_alive(job_owner_of(row), row["job_heartbeat"], now)
        ]
        count = 0
        with self._write() as conn:
            for row in dead:
                count += conn.execute(
                    f"UPDATE sessions SET status = 'interrupted', updated = ?, {NO_JOB}"
                    " WHERE id = ? AND status = 'transcribing' AND job_pid IS ?"
                    " AND job_token IS ? AND job_host IS ?",
                    (utc_now(), row["id"], row["job_pid"], row["job_token"], row["job_host"]),
                ).rowcount
        if count:
            log.warning("%d session(s) were interrupted while transcribing", count)
        return count
