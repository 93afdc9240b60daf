"""The session repository: :class:`SessionStore`, records in SQLite plus a folder per session.

Confirming one item is one small ``UPSERT`` on ``item_reviews`` plus a timestamp, never a
rewrite of the transcript (the large JSON bodies sit in their own table). Deleting a session
removes its rows (with ``secure_delete`` on, so freed pages are zeroed), its folder, and
checkpoints the WAL so no copy of the deleted text stays behind.

A transcription runs as a *job* (:meth:`SessionStore.transcription_job`, see
:mod:`analysis.store.jobs`). Recordings can wait in a *queue* (:mod:`analysis.upload_queue`):
a queued session has status ``queued`` and a ``queue_items`` row until a worker of the app's
server process has transcribed it (``ready``) or could not (``failed``). On a shared
installation a store opened for one coach (``owner``) sees only that coach's sessions, and a
session can be *handed over* to another coach (:meth:`SessionStore.hand_over`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from analysis.errors import AnalysisError
from analysis.form import load_form
from analysis.records import Analysis, Transcript
from analysis.review import (
    Consent,
    ItemReview,
    Review,
    ReviewError,
    SessionMeta,
    consent_to_dict,
    is_observed,
)
from analysis.store import jobs
from analysis.store.codec import (
    analysis_to_store_dict,
    dumps,
    evidence_summary,
    handover_from_row,
    meta_columns,
    queue_item_from_row,
    session_from_rows,
    summary_from_row,
    teacher_key,
)
from analysis.store.db import DB_NAME, Database, utc_now
from analysis.store.errors import SessionNotFoundError, StorageError, not_found
from analysis.store.files import (
    EXPORTS_DIR,
    SESSIONS_DIR,
    check_id,
    default_data_dir,
    orphan_folders,
    private_dir,
    remove_tree,
    save_file,
    session_folder,
    unlink,
)
from analysis.store.jobs import JOB_COLUMNS, NO_JOB, current_job_owner, job_is_alive, job_owner_of
from analysis.store.migrations import migrate
from analysis.store.records import (
    SESSION_STATUSES,
    Handover,
    HistoryPoint,
    QueueItem,
    Session,
    SessionStatus,
    SessionSummary,
)
from analysis.transcript_io import transcript_to_dict

log = logging.getLogger(__name__)


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
        try:
            private_dir(self.data_dir)
            private_dir(self.data_dir / SESSIONS_DIR)
            self.db_path = self.data_dir / DB_NAME
            self._db = Database(self.db_path)
            try:
                migrate(self._db.conn)
                self._db.tighten_files()
            except BaseException:
                self._db.close()
                raise
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(
                f"cannot open the session store in {self.data_dir}: {exc}",
                f"De opslag in '{self.data_dir}' kan niet geopend worden ({exc}). Controleer "
                "of de map bestaat en schrijfbaar is.",
            ) from exc
        log.debug("session store opened in %s", self.data_dir)

    # --- plumbing ---

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._db.conn

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

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
        with self._db.write() as conn:
            yield conn

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        return self._db.read(sql, params)

    def _touch(self, conn: sqlite3.Connection, session_id: str, **columns: Any) -> None:
        """Set ``columns`` and ``updated`` of a session; unknown id → SessionNotFoundError."""
        check_id(session_id)
        assignments = "".join(f", {name} = ?" for name in columns)
        mine, owner = self._mine()
        cursor = conn.execute(
            f"UPDATE sessions SET updated = ?{assignments} WHERE id = ?{mine}",
            (utc_now(), *columns.values(), session_id, *owner),
        )
        if cursor.rowcount == 0:
            raise not_found(session_id)

    def _mine(self, alias: str = "") -> tuple[str, tuple[str, ...]]:
        """The per-coach filter: an SQL condition (and its parameter) limiting rows to this
        store's owner, if any."""
        if self.owner is None:
            return "", ()
        return f" AND {alias}owner = ?", (self.owner,)

    def folder(self, session_id: str) -> Path:
        """The folder of a session's files (not created)."""
        return session_folder(self.data_dir, session_id)

    # --- create / read ---

    def create(self, meta: SessionMeta, consent: Consent | None = None) -> str:
        """Create a session with status ``new``; returns its id."""
        session_id = uuid.uuid4().hex
        now = utc_now()
        columns = {
            "id": session_id,
            "created": now,
            "updated": now,
            "status": "new",
            **meta_columns(meta),
            "consent": dumps(consent_to_dict(consent)) if consent else None,
            "owner": self.owner or "",
        }
        with self._write() as conn:
            conn.execute(
                f"INSERT INTO sessions ({', '.join(columns)})"
                f" VALUES ({', '.join('?' for _ in columns)})",
                tuple(columns.values()),
            )
        log.info("created session %s", session_id)
        return session_id

    def get(self, session_id: str) -> Session:
        """The whole session; :class:`SessionNotFoundError` for an unknown id."""
        check_id(session_id)
        mine, owner = self._mine()
        rows = self._read(f"SELECT * FROM sessions WHERE id = ?{mine}", (session_id, *owner))
        if not rows:
            raise not_found(session_id)
        data = {
            r["kind"]: json.loads(r["body"])
            for r in self._read(
                "SELECT kind, body FROM session_data WHERE session_id = ?", (session_id,)
            )
        }
        reviews = self._read(
            "SELECT * FROM item_reviews WHERE session_id = ? ORDER BY item_id", (session_id,)
        )
        exports = self._read(
            "SELECT path FROM exports WHERE session_id = ? ORDER BY created, name", (session_id,)
        )
        return session_from_rows(
            rows[0], data, reviews, self.data_dir, [r["path"] for r in exports]
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
            params = (*params, teacher_key(teacher))
        sql += " ORDER BY s.talk_date DESC, s.created DESC"
        return [summary_from_row(row) for row in self._read(sql, params)]

    # --- writes ---

    def save_meta(self, session_id: str, meta: SessionMeta) -> None:
        """Replace the meta data (title, teacher, group, kind, date)."""
        with self._write() as conn:
            self._touch(conn, session_id, **meta_columns(meta))

    def save_consent(self, session_id: str, consent: Consent) -> None:
        """Replace the consent record."""
        with self._write() as conn:
            self._touch(conn, session_id, consent=dumps(consent_to_dict(consent)))

    def set_status(self, session_id: str, status: SessionStatus) -> None:
        """Set the processing status (new, transcribing, interrupted, ready).

        ``transcribing`` set here records no running process, so housekeeping treats it as
        left behind; a real transcription uses :meth:`transcription_job`.
        """
        if status not in SESSION_STATUSES:
            raise StorageError(
                f"unknown session status {status!r}", f"Onbekende status '{status}'."
            )
        job = dict.fromkeys(JOB_COLUMNS) if status != "transcribing" else {}
        with self._write() as conn:
            self._touch(conn, session_id, status=status, **job)

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
        jobs.register(self.db_path, session_id)
        stop = threading.Event()
        beat = threading.Thread(
            target=jobs.beat_until,
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
            jobs.unregister(self.db_path, session_id)

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

    def save_audio(self, session_id: str, name: str, data: bytes) -> Path:
        """Store the recording under a safe version of ``name``; replaces an earlier one."""
        folder = self.folder(session_id)
        self._require(session_id)
        target = save_file(folder, name, data, default="opname")
        relative = target.relative_to(self.data_dir).as_posix()
        with self._write() as conn:
            old = conn.execute("SELECT audio FROM sessions WHERE id = ?", (session_id,)).fetchone()
            self._touch(conn, session_id, audio=relative)
        if old and old[0] and old[0] != relative:
            unlink(self.data_dir / old[0])
        log.info("saved audio of session %s (%d bytes)", session_id, len(data))
        return target

    def delete_audio(self, session_id: str) -> None:
        """Remove the recording (file and reference); the transcript and review stay."""
        with self._write() as conn:
            row = conn.execute("SELECT audio FROM sessions WHERE id = ?", (session_id,)).fetchone()
            self._touch(conn, session_id, audio=None)
        if row and row[0]:
            unlink(self.data_dir / row[0])
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
            _put_data(conn, session_id, "evidence", evidence_summary(analysis))

    def save_item_review(self, session_id: str, item_id: str, review: ItemReview) -> None:
        """Store the coach's verdict on one item (one small transaction)."""
        if item_id not in load_form().item_ids:
            raise ReviewError(
                f"unknown form item {item_id!r}", f"Het formulier heeft geen onderdeel '{item_id}'."
            )
        now = utc_now()
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
                    dumps(list(review.rejected_findings)),
                    now,
                ),
            )

    def save_review(self, session_id: str, review: Review) -> None:
        """Replace the whole review (all items and the feedback) in one transaction."""
        now = utc_now()
        with self._write() as conn:
            self._touch(
                conn,
                session_id,
                compliment=review.compliment,
                tip=review.tip,
                reflections=dumps(list(review.reflections)),
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
                        dumps(list(item.rejected_findings)),
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
            columns["reflections"] = dumps(list(reflections))
        with self._write() as conn:
            self._touch(conn, session_id, **columns)

    def save_export(self, session_id: str, name: str, data: bytes) -> Path:
        """Store an exported report in the session's ``exports`` folder (replacing one with the
        same name); deleted with the session."""
        self._require(session_id)
        target = save_file(self.folder(session_id) / EXPORTS_DIR, name, data, default="verslag")
        with self._write() as conn:
            self._touch(conn, session_id)
            conn.execute(
                "INSERT OR REPLACE INTO exports (session_id, name, path, created)"
                " VALUES (?, ?, ?, ?)",
                (session_id, target.name, target.relative_to(self.data_dir).as_posix(), utc_now()),
            )
        return target

    # --- queue ---

    def enqueue(self, session_id: str, file_name: str, options: Mapping[str, Any]) -> None:
        """Put the session's recording in the queue (status ``queued``), at the end."""
        with self._write() as conn:
            self._touch(conn, session_id, status="queued", **dict.fromkeys(JOB_COLUMNS))
            conn.execute(
                "INSERT INTO queue_items (session_id, enqueued, file_name, options)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET"
                " enqueued = excluded.enqueued, file_name = excluded.file_name,"
                " options = excluded.options, progress = 0, error = '', finished = NULL",
                (session_id, utc_now(), file_name, dumps(dict(options))),
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
        return [queue_item_from_row(row) for row in rows]

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
                (utc_now(), owner.host, owner.pid, owner.token, utc_now(), row[0]),
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
                (utc_now(), error, error, session_id),
            )
            if error:
                conn.execute(
                    f"UPDATE sessions SET status = 'failed', updated = ?, {NO_JOB}"
                    " WHERE id = ? AND status != 'ready'",
                    (utc_now(), session_id),
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
                raise not_found(session_id)
            handover = Handover(session_id, utc_now(), row[0], to_owner, row[1], note)
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
            handover_from_row(row)
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

    def owners(self) -> list[str]:
        """The owners that have sessions (``""`` for sessions of a single-user installation);
        a scoped store only knows its own."""
        mine, owner = self._mine()
        rows = self._read(f"SELECT DISTINCT owner FROM sessions WHERE 1 = 1{mine}", owner)
        return sorted(row["owner"] for row in rows)

    def remove_orphan_folders(self) -> int:
        """Remove session folders without a session row (left by a crash during delete)."""
        known = [r["id"] for r in self._read("SELECT id FROM sessions")]
        orphans = orphan_folders(self.data_dir, known)
        for path in orphans:
            remove_tree(path)
        return len(orphans)

    def delete(self, session_id: str) -> None:
        """Delete a session completely: its rows, audio, transcript, review and exports."""
        folder = self.folder(session_id)
        if self.owner is not None:
            self._require(session_id)  # never touch another coach's folder
        with self._write() as conn:
            deleted = conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount
        if not deleted and not folder.exists():
            raise not_found(session_id)
        remove_tree(folder)
        self._db.checkpoint()
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
        rows = self._read(  # one query: the talks with their item reviews (NULL when none)
            "SELECT s.id, s.title, s.talk_date, d.body, r.item_id, r.status, r.rejected"
            " FROM sessions s"
            " JOIN session_data d ON d.session_id = s.id AND d.kind = 'evidence'"
            " LEFT JOIN item_reviews r ON r.session_id = s.id"
            f" WHERE s.teacher_key = ?{mine}"
            " ORDER BY s.talk_date = '', s.talk_date, s.created, s.id",
            (teacher_key(teacher), *owner),
        )
        talks: dict[str, tuple[sqlite3.Row, dict[str, tuple[Any, list[str]]]]] = {}
        for row in rows:
            _, reviews = talks.setdefault(row["id"], (row, {}))
            if row["item_id"] is not None:
                reviews[row["item_id"]] = (row["status"], json.loads(row["rejected"]))
        points = []
        for row, reviews in talks.values():
            observed = {}
            for item_id, keys in json.loads(row["body"]).items():
                status, rejected = reviews.get(item_id, ("pending", []))
                observed[item_id] = is_observed(status, keys, rejected)
            label = " · ".join(part for part in (row["talk_date"], row["title"]) if part)
            points.append(HistoryPoint(label or row["id"][:8], observed))
        return points

    # --- helpers ---

    def _require(self, session_id: str) -> None:
        check_id(session_id)
        mine, owner = self._mine()
        if not self._read(f"SELECT 1 FROM sessions WHERE id = ?{mine}", (session_id, *owner)):
            raise not_found(session_id)


def _put_data(conn: sqlite3.Connection, session_id: str, kind: str, body: Any) -> None:
    conn.execute(
        "INSERT INTO session_data (session_id, kind, body) VALUES (?, ?, ?)"
        " ON CONFLICT (session_id, kind) DO UPDATE SET body = excluded.body",
        (session_id, kind, dumps(body)),
    )
