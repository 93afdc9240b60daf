"""The queue of recordings waiting for transcription, kept in the store.

A queued session has status ``queued`` and a ``queue_items`` row (file name, options,
progress, error) until a worker of the app's server process (:mod:`analysis.upload_queue`) has
transcribed it (``ready``) or could not (``failed``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analysis.store.base import StoreBase
from analysis.store.codec import dumps, queue_item_from_row
from analysis.store.db import utc_now
from analysis.store.jobs import JOB_COLUMNS, NO_JOB, current_job_owner
from analysis.store.records import QueueItem


class QueueMixin(StoreBase):
    """Queueing recordings, claiming the next one, and recording its progress and outcome."""

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
