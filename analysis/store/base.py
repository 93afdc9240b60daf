"""The base of :class:`~analysis.store.SessionStore`: the data folder, the database, the
per-coach filter, and deleting a session.

The store's other parts (:mod:`.jobs`, :mod:`.queue`, :mod:`.handovers`, :mod:`.retention`)
are mixins on this base; :mod:`.repository` puts them together.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from analysis.store.db import DB_NAME, Database, utc_now
from analysis.store.errors import StorageError, not_found
from analysis.store.files import (
    SESSIONS_DIR,
    check_id,
    default_data_dir,
    private_dir,
    remove_tree,
    session_folder,
)
from analysis.store.migrations import migrate

log = logging.getLogger(__name__)


class StoreBase:
    """An open store: its folder, its database connection, and the owner it is scoped to."""

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

    def __enter__(self) -> Self:
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

    def _require(self, session_id: str) -> None:
        check_id(session_id)
        mine, owner = self._mine()
        if not self._read(f"SELECT 1 FROM sessions WHERE id = ?{mine}", (session_id, *owner)):
            raise not_found(session_id)
