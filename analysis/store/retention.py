"""Housekeeping in the store: retention, owners, and folders a crash left behind."""

from __future__ import annotations

import datetime as dt
import logging

from analysis.store.base import StoreBase
from analysis.store.errors import SessionNotFoundError, StorageError
from analysis.store.files import orphan_folders, remove_tree

log = logging.getLogger(__name__)


class RetentionMixin(StoreBase):
    """Deleting old sessions (per owner), listing owners, removing orphan folders."""

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
