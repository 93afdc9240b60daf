"""Handing a session over to another coach on a shared installation, with its history."""

from __future__ import annotations

import logging

from analysis.store.base import StoreBase
from analysis.store.codec import handover_from_row
from analysis.store.db import utc_now
from analysis.store.errors import not_found
from analysis.store.records import Handover

log = logging.getLogger(__name__)


class HandoverMixin(StoreBase):
    """Hand-overs: the owner changes and a ``handovers`` row keeps the history both coaches
    see."""

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
