"""Local storage of coaching sessions: SQLite for records, files for audio and exports.

Everything lives in one per-user data directory (:func:`default_data_dir`), readable by its
owner only::

    <data_dir>/sessions.db                 records (WAL mode, owner-only)
    <data_dir>/sessions/<id>/<audio>       the recording, under a safe file name
    <data_dir>/sessions/<id>/exports/...   exported reports

Each write is one small transaction committed at once, so a coach's edits survive a crash or
restart; confirming one item is one small ``UPSERT`` on ``item_reviews`` plus a timestamp, never
a rewrite of the transcript (the large JSON bodies sit in their own table). Deleting a session
removes its rows (with ``secure_delete`` on, so freed pages are zeroed), its folder, and
checkpoints the WAL so no copy of the deleted text stays behind.

A transcription runs as a *job* (:meth:`SessionStore.transcription_job`): the session records
which process runs it (host, pid, the process's start time) and a heartbeat, so housekeeping
(:meth:`SessionStore.mark_interrupted_jobs`) only marks a session *interrupted* when the process
running it is gone, never another coach's transcription that is still running.

Recordings can wait in a *queue* (:mod:`analysis.queue`): a queued session has status
``queued`` and a ``queue_items`` row (file name, options, progress, error) until a worker of the
app's server process has transcribed it (``ready``) or could not (``failed``). On a shared
installation a session can be *handed over* to another coach (:meth:`SessionStore.hand_over`):
its owner changes and a ``handovers`` row keeps the history both coaches see.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import logging
import os
import re
import shutil
import socket
import sqlite3
import sys
import threading
import unicodedata
import uuid
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, NamedTuple, get_args

from analysis.errors import AnalysisError
from analysis.form import load_form
from analysis.records import (
    Analysis,
    Detection,
    Finding,
    FormItem,
    Suggestion,
    Transcript,
    UncertainWord,
)
from analysis.report import form_item_to_dict
from analysis.review import (
    Consent,
    ItemReview,
    Review,
    ReviewError,
    SessionMeta,
    consent_from_dict,
    consent_to_dict,
    finding_key,
    is_observed,
    item_review_to_dict,
    meta_from_dict,
    meta_to_dict,
    reviewed_form,
)
from analysis.transcript_io import transcript_from_dict, transcript_to_dict

log = logging.getLogger(__name__)

APP_NAME = "gesprekscoach"
DATA_ENV = "GESPREKSCOACH_DATA"
DB_NAME = "sessions.db"
SESSIONS_DIR = "sessions"
EXPORTS_DIR = "exports"
SCHEMA_VERSION = 3  # 2: job_host, job_pid, job_token, job_heartbeat; 3: queue, hand-overs
ANALYSIS_FORMAT_VERSION = 1

SessionStatus = Literal["new", "queued", "transcribing", "interrupted", "ready", "failed"]
SESSION_STATUSES: tuple[str, ...] = get_args(SessionStatus)

#: How often a running transcription refreshes its heartbeat, and when a heartbeat is stale.
HEARTBEAT_SECONDS = 20.0
STALE_AFTER_SECONDS = 120.0

_JOB_COLUMNS = {
    "job_host": "TEXT",
    "job_pid": "INTEGER",
    "job_token": "TEXT",
    "job_heartbeat": "TEXT",
}
_NO_JOB = "job_host = NULL, job_pid = NULL, job_token = NULL, job_heartbeat = NULL"
_DIR_MODE = 0o700
_FILE_MODE = 0o600
_ID = re.compile(r"^[0-9a-f]{32}$")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{n}" for p in ("COM", "LPT") for n in range(10)
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id          TEXT PRIMARY KEY,
    created     TEXT NOT NULL,
    updated     TEXT NOT NULL,
    status      TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    teacher     TEXT NOT NULL DEFAULT '',
    teacher_key TEXT NOT NULL DEFAULT '',
    talk_date   TEXT NOT NULL DEFAULT '',
    meta        TEXT NOT NULL,
    consent     TEXT,
    compliment  TEXT NOT NULL DEFAULT '',
    tip         TEXT NOT NULL DEFAULT '',
    reflections TEXT NOT NULL DEFAULT '[]',
    audio       TEXT,
    owner       TEXT NOT NULL DEFAULT '',
    job_host    TEXT,
    job_pid     INTEGER,
    job_token   TEXT,
    job_heartbeat TEXT
);
CREATE INDEX IF NOT EXISTS sessions_teacher ON sessions (teacher_key, talk_date);
CREATE TABLE IF NOT EXISTS session_data (
    session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('transcript', 'analysis', 'evidence')),
    body        TEXT NOT NULL,
    PRIMARY KEY (session_id, kind)
);
CREATE TABLE IF NOT EXISTS item_reviews (
    session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    item_id     TEXT NOT NULL,
    status      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    examples    TEXT NOT NULL DEFAULT '',
    rejected    TEXT NOT NULL DEFAULT '[]',
    updated     TEXT NOT NULL,
    PRIMARY KEY (session_id, item_id)
);
CREATE TABLE IF NOT EXISTS exports (
    session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    path        TEXT NOT NULL,
    created     TEXT NOT NULL,
    PRIMARY KEY (session_id, name)
);
CREATE TABLE IF NOT EXISTS queue_items (
    session_id  TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    enqueued    TEXT NOT NULL,
    file_name   TEXT NOT NULL DEFAULT '',
    options     TEXT NOT NULL DEFAULT '{}',
    progress    REAL NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT '',
    finished    TEXT
);
CREATE TABLE IF NOT EXISTS handovers (
    session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    from_owner  TEXT NOT NULL,
    to_owner    TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS handovers_session ON handovers (session_id, at);
"""


class SessionNotFoundError(AnalysisError):
    """No session with this id (never created, or deleted)."""


class StorageError(AnalysisError):
    """The session store cannot be read or written (disk, permissions, a damaged database)."""


# --- records ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Session:
    """One stored session with everything belonging to it.

    ``analysis`` is the detectors' result as computed (coach fields pending); ``review`` is the
    coach's work; :meth:`final_form` merges both. Paths are absolute.
    """

    id: str
    created: str
    updated: str
    status: SessionStatus
    meta: SessionMeta
    consent: Consent | None = None
    transcript: Transcript | None = None
    analysis: Analysis | None = None
    review: Review = field(default_factory=Review)
    audio_path: Path | None = None
    exports: list[Path] = field(default_factory=list)

    def final_form(self) -> list[FormItem]:
        """The form with the coach's review applied (empty before there is an analysis)."""
        return reviewed_form(self.analysis, self.review) if self.analysis else []


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """A session as listed: meta data and progress, without the heavy parts."""

    id: str
    title: str
    teacher: str
    group: str
    kind: str
    date: str
    status: SessionStatus
    created: str
    updated: str
    has_audio: bool
    has_transcript: bool
    has_analysis: bool


@dataclass(frozen=True, slots=True)
class QueueItem:
    """A recording in the queue: its session, where it stands, and what went wrong if so.

    ``position`` counts the queued recordings of all coaches before it (0: next); ``None``
    once it is no longer waiting.
    """

    session_id: str
    title: str
    file_name: str
    status: SessionStatus
    enqueued: str
    options: dict[str, Any]
    progress: float
    error: str
    finished: str | None
    position: int | None


@dataclass(frozen=True, slots=True)
class Handover:
    """A session handed from one coach to another (kept in both coaches' history)."""

    session_id: str
    at: str
    from_owner: str
    to_owner: str
    title: str
    note: str


class HistoryPoint(NamedTuple):
    """One talk in a teacher's development: a label (date and title) and the final verdicts."""

    label: str
    observed: dict[str, bool]


# --- paths ------------------------------------------------------------------------------------


def default_data_dir() -> Path:
    """The per-user data directory: ``$GESPREKSCOACH_DATA``, else the platform's user data dir.

    Linux: ``$XDG_DATA_HOME/gesprekscoach`` (default ``~/.local/share/gesprekscoach``); macOS:
    ``~/Library/Application Support/gesprekscoach``; Windows: ``%LOCALAPPDATA%\\gesprekscoach``.
    """
    env = os.environ.get(DATA_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    try:
        import platformdirs  # optional dependency
    except ImportError:
        pass
    else:
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / APP_NAME
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP_NAME
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    return (Path(xdg) if xdg else home / ".local" / "share") / APP_NAME


def safe_filename(name: str, default: str = "opname") -> str:
    """A file name that cannot leave its folder: no path parts, no ``..``, extension kept.

    ``"../../etc/passwd.wav"`` → ``"passwd.wav"``; ``"C:\\tmp\\Gesprek 1.MP3"`` →
    ``"Gesprek 1.mp3"``.
    """
    base = unicodedata.normalize("NFKC", name).replace("\\", "/").split("/")[-1]
    base = base.replace("\x00", "").replace("..", "")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = re.sub(r"[^\w\- ]+", "_", stem).strip(" ._-")[:80] or default
    if stem.upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    ext = re.sub(r"[^A-Za-z0-9]", "", ext)[:10].lower()
    return f"{stem}.{ext}" if ext else stem


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it owner-only (mode 700)."""
    path.mkdir(mode=_DIR_MODE, parents=True, exist_ok=True)
    if os.name == "posix" and path.stat().st_mode & 0o777 != _DIR_MODE:
        log.info("restricting %s to its owner (mode 700)", path)
        path.chmod(_DIR_MODE)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically with owner-only permissions."""
    tmp = path.with_name(f".{path.name}.part")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, _FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        with suppress(FileNotFoundError):
            tmp.unlink()
        raise


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if isinstance(value, Path):
        return str(value)
    return str(value)


# --- transcription jobs -----------------------------------------------------------------------


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


EXIT_INTERRUPTED = 130  # the shell's code for a process ended by Ctrl-C (SIGINT)
_running_lock = threading.Lock()
_running: set[tuple[str, str]] = set()  # (database path, session id) of this process's jobs


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
                    f"UPDATE sessions SET status = 'interrupted', updated = ?, {_NO_JOB}"
                    " WHERE id = ? AND status = 'transcribing' AND job_pid = ?",
                    (_now(), session_id, os.getpid()),
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


def _job_owner_of(row: sqlite3.Row) -> JobOwner | None:
    if row["job_pid"] is None:
        return None
    return JobOwner(row["job_host"] or "", int(row["job_pid"]), row["job_token"] or "")


# --- analysis as stored JSON ------------------------------------------------------------------


def _finding_from_dict(data: Mapping[str, Any]) -> Finding:
    return Finding(
        item=str(data["item"]),
        turn=int(data["turn"]),
        quote=str(data["quote"]),
        char_start=int(data["char_start"]),
        char_end=int(data["char_end"]),
        rule=str(data["rule"]),
        explanation=str(data.get("explanation", "")),
        confidence=float(data.get("confidence", 1.0)),
        speaker=str(data.get("speaker", "")),
        start=None if data.get("start") is None else float(data["start"]),
        end=None if data.get("end") is None else float(data["end"]),
        uncertain_words=tuple(
            UncertainWord(str(w["text"]), float(w["start"]), float(w["probability"]))
            for w in data.get("uncertain_words") or ()
        ),
        held_back=bool(data.get("held_back", False)),
    )


def analysis_to_store_dict(analysis: Analysis) -> dict[str, Any]:
    """The detection result and the pre-filled form as JSON (without the transcript).

    Lossless for everything :func:`analysis_from_store_dict` needs; the coach fields of the
    form are not stored here (they live in the review).
    """
    detection = analysis.detection
    return {
        "version": ANALYSIS_FORMAT_VERSION,
        "detection": {
            "findings": [asdict(f) for f in detection.findings],
            "acts": {str(turn): list(acts) for turn, acts in detection.acts.items()},
            "metrics": detection.metrics,
            "suggestions": [asdict(s) for s in detection.suggestions],
        },
        "form": [form_item_to_dict(item, asdict) for item in analysis.form],
    }


def analysis_from_store_dict(transcript: Transcript, data: Mapping[str, Any]) -> Analysis:
    """Rebuild the :class:`Analysis` records from :func:`analysis_to_store_dict`'s JSON."""
    try:
        detection = data["detection"]
        return Analysis(
            transcript=transcript,
            detection=Detection(
                findings=[_finding_from_dict(f) for f in detection["findings"]],
                acts={int(turn): list(acts) for turn, acts in detection["acts"].items()},
                metrics=dict(detection.get("metrics") or {}),
                suggestions=[
                    Suggestion(kind=s["kind"], text=s["text"], basis=s.get("basis", ""))
                    for s in detection.get("suggestions") or []
                ],
            ),
            form=[
                FormItem(
                    id=raw["id"],
                    phase=raw["phase"],
                    text=raw["text"],
                    observed=bool(raw["observed"]),
                    evidence=[_finding_from_dict(f) for f in raw["evidence"]],
                    visibility=raw.get("visibility", "full"),
                    visibility_note=raw.get("visibility_note", ""),
                )
                for raw in data["form"]
            ],
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StorageError(
            f"stored analysis is damaged ({exc.__class__.__name__}: {exc})",
            "De opgeslagen analyse van dit gesprek is beschadigd. Analyseer het gesprek opnieuw.",
        ) from exc


def _evidence_summary(analysis: Analysis) -> dict[str, list[str]]:
    """Finding keys per item in form order: all that :meth:`SessionStore.history` needs."""
    return {
        item.id: [finding_key(f) for f in item.evidence if not f.held_back]
        for item in analysis.form
    }


# --- the store --------------------------------------------------------------------------------


class SessionStore:
    """Sessions persisted in ``<data_dir>/sessions.db`` plus a folder per session.

    Safe to share between threads (one connection behind a lock); several stores (processes)
    may open the same directory thanks to WAL mode. Use as a context manager or call
    :meth:`close`.
    """

    def __init__(self, data_dir: Path | None = None, owner: str | None = None) -> None:
        """Open (or create) the store in ``data_dir``.

        With ``owner`` (a signed-in coach on a shared installation) the store only sees, changes
        and deletes that coach's sessions, and new sessions belong to them; other sessions
        behave as if they did not exist.
        """
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self.owner = owner
        self._lock = threading.RLock()
        try:
            private_dir(self.data_dir)
            private_dir(self.data_dir / SESSIONS_DIR)
            self.db_path = self.data_dir / DB_NAME
            if not self.db_path.exists():
                os.close(os.open(self.db_path, os.O_WRONLY | os.O_CREAT, _FILE_MODE))
            if os.name == "posix":
                self.db_path.chmod(_FILE_MODE)
            self._conn = sqlite3.connect(
                self.db_path, isolation_level=None, check_same_thread=False, timeout=10.0
            )
            try:
                self._setup()
            except BaseException:
                self._conn.close()
                raise
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(
                f"cannot open the session store in {self.data_dir}: {exc}",
                f"De opslag in '{self.data_dir}' kan niet geopend worden ({exc}). Controleer "
                "of de map bestaat en schrijfbaar is.",
            ) from exc
        log.debug("session store opened in %s", self.data_dir)

    def _setup(self) -> None:
        conn = self._conn
        conn.execute("PRAGMA busy_timeout = 10000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("SQLite could not switch to WAL mode (got %s)", mode)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"session store has schema {version}, newer than this program ({SCHEMA_VERSION})",
                "De opslag is gemaakt met een nieuwere versie van Gesprekscoach. Werk de app bij.",
            )
        columns = {row[1] for row in conn.execute("PRAGMA table_info(sessions)")}
        if columns and "owner" not in columns:  # stores made before owners existed
            conn.execute("ALTER TABLE sessions ADD COLUMN owner TEXT NOT NULL DEFAULT ''")
        for name, kind in _JOB_COLUMNS.items():  # stores made before jobs were recorded
            if columns and name not in columns:
                conn.execute(f"ALTER TABLE sessions ADD COLUMN {name} {kind}")
        conn.executescript(_SCHEMA)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._tighten_db_files()

    def _tighten_db_files(self) -> None:
        if os.name != "posix":
            return
        for suffix in ("", "-wal", "-shm"):
            path = self.db_path.with_name(self.db_path.name + suffix)
            with suppress(FileNotFoundError):
                path.chmod(_FILE_MODE)

    # --- plumbing ---

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction, committed on exit (rolled back on any error)."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise _storage_error(exc) from exc

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                cursor = self._conn.execute(sql, params)
                cursor.row_factory = sqlite3.Row
                return cursor.fetchall()
            except sqlite3.Error as exc:
                raise _storage_error(exc) from exc

    def _touch(self, conn: sqlite3.Connection, session_id: str, **columns: Any) -> None:
        """Set ``columns`` and ``updated`` of a session; unknown id → SessionNotFoundError."""
        _check_id(session_id)
        assignments = "".join(f", {name} = ?" for name in columns)
        mine, owner = self._mine()
        cursor = conn.execute(
            f"UPDATE sessions SET updated = ?{assignments} WHERE id = ?{mine}",
            (_now(), *columns.values(), session_id, *owner),
        )
        if cursor.rowcount == 0:
            raise _not_found(session_id)

    def _mine(self, alias: str = "") -> tuple[str, tuple[str, ...]]:
        """SQL condition (and its parameter) limiting rows to this store's owner, if any."""
        if self.owner is None:
            return "", ()
        return f" AND {alias}owner = ?", (self.owner,)

    def folder(self, session_id: str) -> Path:
        """The folder of a session's files (not created)."""
        _check_id(session_id)
        return self.data_dir / SESSIONS_DIR / session_id

    def _absolute(self, relative: str | None) -> Path | None:
        return self.data_dir / relative if relative else None

    # --- create / read ---

    def create(self, meta: SessionMeta, consent: Consent | None = None) -> str:
        """Create a session with status ``new``; returns its id."""
        session_id = uuid.uuid4().hex
        now = _now()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO sessions (id, created, updated, status, title, teacher, teacher_key,"
                " talk_date, meta, consent, owner) VALUES (?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    now,
                    now,
                    meta.title,
                    meta.teacher,
                    _teacher_key(meta.teacher),
                    meta.date,
                    _dumps(meta_to_dict(meta)),
                    _dumps(consent_to_dict(consent)) if consent else None,
                    self.owner or "",
                ),
            )
        log.info("created session %s", session_id)
        return session_id

    def get(self, session_id: str) -> Session:
        """The whole session; :class:`SessionNotFoundError` for an unknown id."""
        _check_id(session_id)
        mine, owner = self._mine()
        rows = self._read(f"SELECT * FROM sessions WHERE id = ?{mine}", (session_id, *owner))
        if not rows:
            raise _not_found(session_id)
        row = rows[0]
        data = {
            r["kind"]: json.loads(r["body"])
            for r in self._read(
                "SELECT kind, body FROM session_data WHERE session_id = ?", (session_id,)
            )
        }
        transcript = (
            transcript_from_dict(data["transcript"], "opgeslagen transcript")
            if "transcript" in data
            else None
        )
        analysis = (
            analysis_from_store_dict(transcript, data["analysis"])
            if transcript is not None and "analysis" in data
            else None
        )
        items = {
            r["item_id"]: ItemReview(
                status=r["status"],
                note=r["note"],
                examples=r["examples"],
                rejected_findings=list(json.loads(r["rejected"])),
            )
            for r in self._read(
                "SELECT * FROM item_reviews WHERE session_id = ? ORDER BY item_id", (session_id,)
            )
        }
        exports = [
            self.data_dir / r["path"]
            for r in self._read(
                "SELECT path FROM exports WHERE session_id = ? ORDER BY created, name",
                (session_id,),
            )
        ]
        return Session(
            id=row["id"],
            created=row["created"],
            updated=row["updated"],
            status=row["status"],
            meta=meta_from_dict(json.loads(row["meta"])),
            consent=consent_from_dict(json.loads(row["consent"])) if row["consent"] else None,
            transcript=transcript,
            analysis=analysis,
            review=Review(
                items=items,
                compliment=row["compliment"],
                tip=row["tip"],
                reflections=list(json.loads(row["reflections"])),
            ),
            audio_path=self._absolute(row["audio"]),
            exports=exports,
        )

    def list_sessions(self, teacher: str | None = None) -> list[SessionSummary]:
        """All sessions (or one teacher's, case-insensitive), newest talk first."""
        sql = (
            "SELECT s.*,"
            " EXISTS(SELECT 1 FROM session_data d WHERE d.session_id = s.id"
            "        AND d.kind = 'transcript') AS has_transcript,"
            " EXISTS(SELECT 1 FROM session_data d WHERE d.session_id = s.id"
            "        AND d.kind = 'analysis') AS has_analysis"
            " FROM sessions s"
        )
        mine, params = self._mine("s.")
        sql += " WHERE 1 = 1" + mine
        if teacher is not None:
            sql += " AND s.teacher_key = ?"
            params = (*params, _teacher_key(teacher))
        sql += " ORDER BY s.talk_date DESC, s.created DESC"
        summaries = []
        for row in self._read(sql, params):
            meta = meta_from_dict(json.loads(row["meta"]))
            summaries.append(
                SessionSummary(
                    id=row["id"],
                    title=meta.title,
                    teacher=meta.teacher,
                    group=meta.group,
                    kind=meta.kind,
                    date=meta.date,
                    status=row["status"],
                    created=row["created"],
                    updated=row["updated"],
                    has_audio=row["audio"] is not None,
                    has_transcript=bool(row["has_transcript"]),
                    has_analysis=bool(row["has_analysis"]),
                )
            )
        return summaries

    # --- writes ---

    def save_meta(self, session_id: str, meta: SessionMeta) -> None:
        """Replace the meta data (title, teacher, group, kind, date)."""
        with self._write() as conn:
            self._touch(
                conn,
                session_id,
                title=meta.title,
                teacher=meta.teacher,
                teacher_key=_teacher_key(meta.teacher),
                talk_date=meta.date,
                meta=_dumps(meta_to_dict(meta)),
            )

    def save_consent(self, session_id: str, consent: Consent) -> None:
        """Replace the consent record."""
        with self._write() as conn:
            self._touch(conn, session_id, consent=_dumps(consent_to_dict(consent)))

    def set_status(self, session_id: str, status: SessionStatus) -> None:
        """Set the processing status (new, transcribing, interrupted, ready).

        ``transcribing`` set here records no running process, so housekeeping treats it as
        left behind; a real transcription uses :meth:`transcription_job`.
        """
        if status not in SESSION_STATUSES:
            raise StorageError(
                f"unknown session status {status!r}", f"Onbekende status '{status}'."
            )
        job = dict.fromkeys(_JOB_COLUMNS) if status != "transcribing" else {}
        with self._write() as conn:
            self._touch(conn, session_id, status=status, **job)

    @contextmanager
    def transcription_job(self, session_id: str) -> Iterator[None]:
        """Run the block as the session's transcription job.

        The session is ``transcribing`` while the block runs, with this process recorded as
        running it and a heartbeat every :data:`HEARTBEAT_SECONDS` (a daemon thread), so
        :meth:`mark_interrupted_jobs` in another process leaves it alone. When the block is
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
                job_heartbeat=_now(),
            )
        key = (str(self.db_path), session_id)
        with _running_lock:
            _running.add(key)
        stop = threading.Event()
        beat = threading.Thread(
            target=self._beat,
            args=(session_id, owner.pid, stop),
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
            with _running_lock:
                _running.discard(key)

    def _beat(self, session_id: str, pid: int, stop: threading.Event) -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                with self._write() as conn:
                    conn.execute(
                        "UPDATE sessions SET job_heartbeat = ?"
                        " WHERE id = ? AND status = 'transcribing' AND job_pid = ?",
                        (_now(), session_id, pid),
                    )
            except AnalysisError as exc:
                log.warning("heartbeat of session %s failed: %s", session_id, exc)

    def _end_job(self, session_id: str, pid: int, outcome: SessionStatus) -> None:
        """Forget the job; a session still ``transcribing`` by it gets ``outcome``."""
        try:
            with self._write() as conn:
                conn.execute(
                    f"UPDATE sessions SET status = ?, updated = ?, {_NO_JOB}"
                    " WHERE id = ? AND status = 'transcribing' AND job_pid = ?",
                    (outcome, _now(), session_id, pid),
                )
                conn.execute(
                    f"UPDATE sessions SET {_NO_JOB} WHERE id = ? AND job_pid = ?",
                    (session_id, pid),
                )
        except AnalysisError as exc:  # housekeeping or the exit hook will catch up
            log.warning("could not end the job of session %s: %s", session_id, exc)
        else:
            if outcome == "interrupted":
                log.warning("transcription of session %s was interrupted", session_id)

    def save_audio(self, session_id: str, name: str, data: bytes) -> Path:
        """Store the recording under a safe version of ``name``; replaces an earlier one."""
        folder = self.folder(session_id)
        self._require(session_id)
        target = folder / safe_filename(name)
        try:
            private_dir(folder)
            if not target.resolve().is_relative_to(folder.resolve()):
                raise StorageError(
                    f"unsafe audio file name {name!r}", "Ongeldige bestandsnaam voor de opname."
                )
            write_private(target, data)
        except OSError as exc:
            raise _file_error(target, exc) from exc
        relative = target.relative_to(self.data_dir).as_posix()
        with self._write() as conn:
            old = conn.execute("SELECT audio FROM sessions WHERE id = ?", (session_id,)).fetchone()
            self._touch(conn, session_id, audio=relative)
        if old and old[0] and old[0] != relative:
            self._unlink(self.data_dir / old[0])
        log.info("saved audio of session %s (%d bytes)", session_id, len(data))
        return target

    def delete_audio(self, session_id: str) -> None:
        """Remove the recording (file and reference); the transcript and review stay."""
        with self._write() as conn:
            row = conn.execute("SELECT audio FROM sessions WHERE id = ?", (session_id,)).fetchone()
            self._touch(conn, session_id, audio=None)
        if row and row[0]:
            self._unlink(self.data_dir / row[0])
        log.info("deleted audio of session %s", session_id)

    def save_transcript(self, session_id: str, transcript: Transcript) -> None:
        """Store the transcript. A stored analysis belonged to the old text and is dropped;
        the coach's review stays."""
        with self._write() as conn:
            self._touch(conn, session_id)
            _put_data(conn, session_id, "transcript", transcript_to_dict(transcript))
            conn.execute(
                "DELETE FROM session_data"
                " WHERE session_id = ? AND kind IN ('analysis', 'evidence')",
                (session_id,),
            )

    def save_analysis(self, session_id: str, analysis: Analysis) -> None:
        """Store the analysis (with its transcript) and set the status to ``ready``."""
        with self._write() as conn:
            self._touch(conn, session_id, status="ready")
            _put_data(conn, session_id, "transcript", transcript_to_dict(analysis.transcript))
            _put_data(conn, session_id, "analysis", analysis_to_store_dict(analysis))
            _put_data(conn, session_id, "evidence", _evidence_summary(analysis))

    def save_item_review(self, session_id: str, item_id: str, review: ItemReview) -> None:
        """Store the coach's verdict on one item (one small transaction)."""
        if item_id not in load_form().item_ids:
            raise ReviewError(
                f"unknown form item {item_id!r}", f"Het formulier heeft geen onderdeel '{item_id}'."
            )
        now = _now()
        with self._write() as conn:
            self._touch(conn, session_id)
            conn.execute(
                "INSERT INTO item_reviews (session_id, item_id, status, note, examples, rejected,"
                " updated) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (session_id, item_id) DO UPDATE SET status = excluded.status,"
                " note = excluded.note, examples = excluded.examples,"
                " rejected = excluded.rejected, updated = excluded.updated",
                (
                    session_id,
                    item_id,
                    review.status,
                    review.note,
                    review.examples,
                    _dumps(list(review.rejected_findings)),
                    now,
                ),
            )

    def save_review(self, session_id: str, review: Review) -> None:
        """Replace the whole review (all items and the feedback) in one transaction."""
        now = _now()
        with self._write() as conn:
            self._touch(
                conn,
                session_id,
                compliment=review.compliment,
                tip=review.tip,
                reflections=_dumps(list(review.reflections)),
            )
            conn.execute("DELETE FROM item_reviews WHERE session_id = ?", (session_id,))
            conn.executemany(
                "INSERT INTO item_reviews (session_id, item_id, status, note, examples, rejected,"
                " updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        session_id,
                        item_id,
                        item.status,
                        item.note,
                        item.examples,
                        _dumps(item_review_to_dict(item)["rejected_findings"]),
                        now,
                    )
                    for item_id, item in review.items.items()
                ],
            )

    def save_feedback(
        self,
        session_id: str,
        compliment: str | None = None,
        tip: str | None = None,
        reflections: list[str] | None = None,
    ) -> None:
        """Store the compliment, tip and/or reflection answers (``None`` leaves one as it is)."""
        columns: dict[str, Any] = {}
        if compliment is not None:
            columns["compliment"] = compliment
        if tip is not None:
            columns["tip"] = tip
        if reflections is not None:
            columns["reflections"] = _dumps(list(reflections))
        with self._write() as conn:
            self._touch(conn, session_id, **columns)

    def save_export(self, session_id: str, name: str, data: bytes) -> Path:
        """Store an exported report in the session's ``exports`` folder (replacing one with the
        same name); deleted with the session."""
        self._require(session_id)
        folder = self.folder(session_id) / EXPORTS_DIR
        target = folder / safe_filename(name, default="verslag")
        try:
            private_dir(folder.parent)
            private_dir(folder)
            write_private(target, data)
        except OSError as exc:
            raise _file_error(target, exc) from exc
        with self._write() as conn:
            self._touch(conn, session_id)
            conn.execute(
                "INSERT OR REPLACE INTO exports (session_id, name, path, created)"
                " VALUES (?, ?, ?, ?)",
                (session_id, target.name, target.relative_to(self.data_dir).as_posix(), _now()),
            )
        return target

    # --- queue ---

    def enqueue(self, session_id: str, file_name: str, options: Mapping[str, Any]) -> None:
        """Put the session's recording in the queue (status ``queued``), at the end."""
        with self._write() as conn:
            self._touch(conn, session_id, status="queued", **dict.fromkeys(_JOB_COLUMNS))
            conn.execute(
                "INSERT INTO queue_items (session_id, enqueued, file_name, options)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET"
                " enqueued = excluded.enqueued, file_name = excluded.file_name,"
                " options = excluded.options, progress = 0, error = '', finished = NULL",
                (session_id, _now(), file_name, _dumps(dict(options))),
            )

    def queue_items(self) -> list[QueueItem]:
        """The queued recordings (this store's owner's, if scoped), oldest first, with the
        ones finished or failed after them."""
        mine, owner = self._mine("s.")
        rows = self._read(
            "SELECT q.*, s.status, s.title,"
            " (SELECT COUNT(*) FROM queue_items q2 JOIN sessions s2 ON s2.id = q2.session_id"
            "  WHERE s2.status = 'queued' AND q2.enqueued < q.enqueued) AS ahead"
            " FROM queue_items q JOIN sessions s ON s.id = q.session_id"
            f" WHERE 1 = 1{mine} ORDER BY q.enqueued",
            owner,
        )
        return [
            QueueItem(
                session_id=row["session_id"],
                title=row["title"],
                file_name=row["file_name"],
                status=row["status"],
                enqueued=row["enqueued"],
                options=dict(json.loads(row["options"])),
                progress=float(row["progress"]),
                error=row["error"],
                finished=row["finished"],
                position=int(row["ahead"]) if row["status"] == "queued" else None,
            )
            for row in rows
        ]

    def claim_queued(self) -> str | None:
        """Take the oldest queued recording (of any coach) for this process: it becomes
        ``transcribing`` with this process recorded as its job. ``None`` when none waits.
        Two processes never claim the same one."""
        owner = current_job_owner()
        with self._write() as conn:
            row = conn.execute(
                "SELECT q.session_id FROM queue_items q JOIN sessions s ON s.id = q.session_id"
                " WHERE s.status = 'queued' ORDER BY q.enqueued LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            conn.execute(
                "UPDATE sessions SET status = 'transcribing', updated = ?, job_host = ?,"
                " job_pid = ?, job_token = ?, job_heartbeat = ? WHERE id = ?",
                (_now(), owner.host, owner.pid, owner.token, _now(), row[0]),
            )
        return str(row[0])

    def set_queue_progress(self, session_id: str, fraction: float) -> None:
        """Record how far the transcription of a queued recording is (0..1)."""
        with self._write() as conn:
            conn.execute(
                "UPDATE queue_items SET progress = ? WHERE session_id = ?",
                (min(max(float(fraction), 0.0), 1.0), session_id),
            )

    def finish_queued(self, session_id: str, error: str = "") -> None:
        """Close a queued recording's processing; with ``error`` (Dutch, for the coach) the
        session becomes ``failed``."""
        with self._write() as conn:
            conn.execute(
                "UPDATE queue_items SET finished = ?, error = ?,"
                " progress = CASE WHEN ? = '' THEN 1 ELSE progress END WHERE session_id = ?",
                (_now(), error, error, session_id),
            )
            if error:
                conn.execute(
                    f"UPDATE sessions SET status = 'failed', updated = ?, {_NO_JOB}"
                    " WHERE id = ? AND status != 'ready'",
                    (_now(), session_id),
                )

    # --- hand-over ---

    def hand_over(self, session_id: str, to_owner: str, note: str = "") -> Handover:
        """Give the session to coach ``to_owner``: the owner changes and the hand-over is
        recorded (see :meth:`handovers`). A scoped store can only hand over its own
        sessions; afterwards it no longer sees the session, only the hand-over."""
        with self._write() as conn:
            mine, owner = self._mine()
            row = conn.execute(
                f"SELECT owner, title FROM sessions WHERE id = ?{mine}", (session_id, *owner)
            ).fetchone()
            if row is None:
                raise _not_found(session_id)
            handover = Handover(session_id, _now(), row[0], to_owner, row[1], note)
            conn.execute(
                "UPDATE sessions SET owner = ?, updated = ? WHERE id = ?",
                (to_owner, handover.at, session_id),
            )
            conn.execute(
                "INSERT INTO handovers (session_id, at, from_owner, to_owner, title, note)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, handover.at, handover.from_owner, to_owner, handover.title, note),
            )
        log.info("session %s handed over", session_id)
        return handover

    def handovers(self, session_id: str | None = None) -> list[Handover]:
        """Hand-overs, newest first: for a scoped store those from or to its owner (both
        coaches see them), else all; ``session_id`` limits them to one session."""
        sql = "SELECT * FROM handovers WHERE 1 = 1"
        params: tuple[str, ...] = ()
        if self.owner is not None:
            sql += " AND (from_owner = ? OR to_owner = ?)"
            params = (self.owner, self.owner)
        if session_id is not None:
            sql += " AND session_id = ?"
            params = (*params, session_id)
        return [
            Handover(
                row["session_id"],
                row["at"],
                row["from_owner"],
                row["to_owner"],
                row["title"],
                row["note"],
            )
            for row in self._read(sql + " ORDER BY at DESC, rowid DESC", params)
        ]

    # --- lifecycle ---

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
            row for row in rows if not job_is_alive(_job_owner_of(row), row["job_heartbeat"], now)
        ]
        count = 0
        with self._write() as conn:
            for row in dead:
                count += conn.execute(
                    f"UPDATE sessions SET status = 'interrupted', updated = ?, {_NO_JOB}"
                    " WHERE id = ? AND status = 'transcribing' AND job_pid IS ?"
                    " AND job_token IS ? AND job_host IS ?",
                    (_now(), row["id"], row["job_pid"], row["job_token"], row["job_host"]),
                ).rowcount
        if count:
            log.warning("%d session(s) were interrupted while transcribing", count)
        return count

    def owners(self) -> list[str]:
        """The owners that have sessions (``""`` for sessions of a single-user installation);
        a scoped store only knows its own."""
        mine, owner = self._mine()
        rows = self._read(f"SELECT DISTINCT owner FROM sessions WHERE 1 = 1{mine}", owner)
        return sorted(row["owner"] for row in rows)

    def remove_orphan_folders(self) -> int:
        """Remove session folders without a session row (left by a crash during delete)."""
        known = {r["id"] for r in self._read("SELECT id FROM sessions")}
        removed = 0
        for path in (self.data_dir / SESSIONS_DIR).iterdir():
            if path.is_dir() and _ID.match(path.name) and path.name not in known:
                self._remove_tree(path)
                removed += 1
        return removed

    def delete(self, session_id: str) -> None:
        """Delete a session completely: its rows, audio, transcript, review and exports."""
        folder = self.folder(session_id)
        if self.owner is not None:
            self._require(session_id)  # never touch another coach's folder
        with self._write() as conn:
            deleted = conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount
        if not deleted and not folder.exists():
            raise _not_found(session_id)
        self._remove_tree(folder)
        self._checkpoint()
        log.info("deleted session %s", session_id)

    def purge_older_than(
        self, days: int, now: dt.datetime | None = None, owner: str | None = None
    ) -> int:
        """Delete the sessions created more than ``days`` days ago; returns how many.

        A scoped store purges only its owner's sessions; ``owner`` limits an unscoped store to
        one owner's. A session being transcribed is kept (housekeeping marks it interrupted
        first when its process is gone), and one deleted meanwhile by another process is
        skipped.
        """
        if days < 0:
            raise StorageError(
                f"purge_older_than: days must be >= 0, got {days}",
                "Het aantal dagen moet 0 of meer zijn.",
            )
        now = now or dt.datetime.now(dt.UTC)
        if now.tzinfo is None:
            now = now.replace(tzinfo=dt.UTC)
        cutoff = (now.astimezone(dt.UTC) - dt.timedelta(days=days)).isoformat(
            timespec="milliseconds"
        )
        mine, params = self._mine()
        sql = f"SELECT id FROM sessions WHERE created < ? AND status != 'transcribing'{mine}"
        if owner is not None:
            sql += " AND owner = ?"
            params = (*params, owner)
        purged = 0
        for row in self._read(sql, (cutoff, *params)):
            try:
                self.delete(row["id"])
            except SessionNotFoundError:
                continue
            purged += 1
        if purged:
            log.info("purged %d session(s) older than %d days", purged, days)
        return purged

    def history(self, teacher: str) -> list[HistoryPoint]:
        """A teacher's analysed talks in date order, each with the final verdict per item
        (``True`` when observed in the final form, see :func:`analysis.review.is_observed`)."""
        mine, owner = self._mine("s.")
        rows = self._read(
            "SELECT s.id, s.title, s.talk_date, d.body FROM sessions s"
            " JOIN session_data d ON d.session_id = s.id AND d.kind = 'evidence'"
            f" WHERE s.teacher_key = ?{mine} ORDER BY s.talk_date = '', s.talk_date, s.created",
            (_teacher_key(teacher), *owner),
        )
        points = []
        for row in rows:
            reviews: dict[str, tuple[Any, list[str]]] = {
                r["item_id"]: (r["status"], json.loads(r["rejected"]))
                for r in self._read(
                    "SELECT item_id, status, rejected FROM item_reviews WHERE session_id = ?",
                    (row["id"],),
                )
            }
            observed = {}
            for item_id, keys in json.loads(row["body"]).items():
                status, rejected = reviews.get(item_id, ("pending", []))
                observed[item_id] = is_observed(status, keys, rejected)
            label = " · ".join(part for part in (row["talk_date"], row["title"]) if part)
            points.append(HistoryPoint(label or row["id"][:8], observed))
        return points

    # --- helpers ---

    def _require(self, session_id: str) -> None:
        _check_id(session_id)
        mine, owner = self._mine()
        if not self._read(f"SELECT 1 FROM sessions WHERE id = ?{mine}", (session_id, *owner)):
            raise _not_found(session_id)

    def _unlink(self, path: Path) -> None:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise _file_error(path, exc) from exc

    def _remove_tree(self, path: Path) -> None:
        try:
            shutil.rmtree(path)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise _file_error(path, exc) from exc

    def _checkpoint(self) -> None:
        """Copy the WAL into the database and truncate it, so deleted text leaves no trace."""
        with self._lock:
            try:
                busy, _, _ = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.Error as exc:
                log.warning("WAL checkpoint failed: %s", exc)
                return
        if busy:
            log.info("WAL checkpoint postponed: another connection is reading")


def _put_data(conn: sqlite3.Connection, session_id: str, kind: str, body: Any) -> None:
    conn.execute(
        "INSERT INTO session_data (session_id, kind, body) VALUES (?, ?, ?)"
        " ON CONFLICT (session_id, kind) DO UPDATE SET body = excluded.body",
        (session_id, kind, _dumps(body)),
    )


def _teacher_key(teacher: str) -> str:
    return " ".join(teacher.split()).casefold()


def _check_id(session_id: str) -> None:
    if not isinstance(session_id, str) or not _ID.match(session_id):
        raise _not_found(str(session_id))


def _not_found(session_id: str) -> SessionNotFoundError:
    return SessionNotFoundError(
        f"no session with id {session_id!r}",
        "Dit gesprek bestaat niet (meer); misschien is het verwijderd.",
    )


def _storage_error(exc: sqlite3.Error) -> StorageError:
    return StorageError(
        f"session store error: {exc}",
        f"Opslaan of lezen van de gesprekken is mislukt ({exc}). Probeer het opnieuw.",
    )


def _file_error(path: Path, exc: OSError) -> StorageError:
    return StorageError(
        f"{path}: {exc.strerror or exc}",
        f"Het bestand '{path.name}' kan niet opgeslagen of verwijderd worden "
        f"({exc.strerror or exc}).",
    )
