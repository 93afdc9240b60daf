"""The session repository: :class:`SessionStore`, records in SQLite plus a folder per session.

Confirming one item is one small ``UPSERT`` on ``item_reviews`` plus a timestamp, never a
rewrite of the transcript (the large JSON bodies sit in their own table). Deleting a session
removes its rows (with ``secure_delete`` on, so freed pages are zeroed), its folder, and
checkpoints the WAL so no copy of the deleted text stays behind.

A transcription runs as a *job* (:meth:`SessionStore.transcription_job`, see
:mod:`analysis.store.jobs`). Recordings can wait in a *queue* (:mod:`.queue`). On a shared
installation a store opened for one coach (``owner``) sees only that coach's sessions, and a
session can be *handed over* to another coach (:meth:`SessionStore.hand_over`).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from pathlib import Path
from typing import Any

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
from analysis.store.codec import (
    analysis_to_store_dict,
    dumps,
    evidence_summary,
    meta_columns,
    session_from_rows,
    summary_from_row,
    teacher_key,
)
from analysis.store.db import utc_now
from analysis.store.errors import StorageError, file_error, not_found
from analysis.store.files import (
    EXPORTS_DIR,
    check_id,
    private_dir,
    save_file,
    unlink,
    write_private,
)
from analysis.store.handovers import HandoverMixin
from analysis.store.jobs import JOB_COLUMNS, JobsMixin
from analysis.store.queue import QueueMixin
from analysis.store.records import (
    SESSION_STATUSES,
    HistoryPoint,
    Session,
    SessionStatus,
    SessionSummary,
)
from analysis.store.retention import RetentionMixin
from analysis.transcript_io import transcript_to_dict

log = logging.getLogger(__name__)

#: Where in a session's folder an unfinished transcription keeps what it has done so far.
PARTIAL_FILE = ".partial-transcript.json"


class SessionStore(JobsMixin, QueueMixin, HandoverMixin, RetentionMixin):
    """Sessions persisted in ``<data_dir>/sessions.db`` plus a folder per session.

    Safe to share between threads (one connection behind a lock); several stores (processes)
    may open the same directory thanks to WAL mode. Use as a context manager or call
    :meth:`close`. Opened with ``owner`` (a signed-in coach on a shared installation) the
    store only sees, changes and deletes that coach's sessions.
    """

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

    def save_partial(self, session_id: str, data: dict[str, Any]) -> None:
        """Keep what an unfinished transcription has done so far (a checkpoint of
        :mod:`analysis.transcribe.resume` as JSON data), replacing the one before, so that it
        can go on from there after an interruption. Deleting the session deletes it."""
        self._require(session_id)
        folder = self.folder(session_id)
        target = folder / PARTIAL_FILE
        try:
            private_dir(folder.parent)
            private_dir(folder)
            write_private(target, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError as exc:
            raise file_error(target, exc) from exc

    def partial(self, session_id: str) -> dict[str, Any] | None:
        """What :meth:`save_partial` kept (``None``: nothing, or a file that cannot be read,
        in which case the transcription starts from the beginning)."""
        self._require(session_id)
        path = self.folder(session_id) / PARTIAL_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            log.warning("ignoring the unreadable partial transcript of %s: %s", session_id, exc)
            return None
        return data if isinstance(data, dict) else None

    def drop_partial(self, session_id: str) -> None:
        """Remove what :meth:`save_partial` kept (after the transcription has finished)."""
        unlink(self.folder(session_id) / PARTIAL_FILE)

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


def _put_data(conn: sqlite3.Connection, session_id: str, kind: str, body: Any) -> None:
    conn.execute(
        "INSERT INTO session_data (session_id, kind, body) VALUES (?, ?, ?)"
        " ON CONFLICT (session_id, kind) DO UPDATE SET body = excluded.body",
        (session_id, kind, dumps(body)),
    )
