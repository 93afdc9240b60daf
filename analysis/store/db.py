"""The store's SQLite database: one connection behind a lock, one transaction per write.

Each write is one small ``BEGIN IMMEDIATE`` transaction committed at once, so a coach's edits
survive a crash or restart. WAL mode lets several processes open the same folder;
``secure_delete`` zeroes freed pages, and :meth:`Database.checkpoint` truncates the WAL so no
copy of deleted text stays behind.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from analysis.store.errors import storage_error

log = logging.getLogger(__name__)

DB_NAME = "sessions.db"
FILE_MODE = 0o600


def utc_now() -> str:
    """The current time as stored: ISO 8601 in UTC with milliseconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class Database:
    """An owner-only SQLite file opened for the store (the schema is :mod:`.migrations`'s)."""

    def __init__(self, path: Path) -> None:
        """Open (or create, owner-only) the database at ``path``; raises ``sqlite3.Error`` or
        ``OSError``."""
        self.path = path
        self.lock = threading.RLock()
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
        if os.name == "posix":
            path.chmod(FILE_MODE)
        self.conn = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=10.0
        )
        try:
            self._configure()
        except BaseException:
            self.conn.close()
            raise

    def _configure(self) -> None:
        conn = self.conn
        conn.execute("PRAGMA busy_timeout = 10000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("SQLite could not switch to WAL mode (got %s)", mode)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")

    def tighten_files(self) -> None:
        """Make the database and its WAL files owner-only."""
        if os.name != "posix":
            return
        for suffix in ("", "-wal", "-shm"):
            with suppress(FileNotFoundError):
                self.path.with_name(self.path.name + suffix).chmod(FILE_MODE)

    def close(self) -> None:
        """Close the connection."""
        with self.lock:
            self.conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction, committed on exit (rolled back on any error)."""
        with self.lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self.conn
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise storage_error(exc) from exc

    def read(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """The rows of one query (columns by name)."""
        with self.lock:
            try:
                cursor = self.conn.execute(sql, params)
                cursor.row_factory = sqlite3.Row
                return cursor.fetchall()
            except sqlite3.Error as exc:
                raise storage_error(exc) from exc

    def checkpoint(self) -> None:
        """Copy the WAL into the database and truncate it, so deleted text leaves no trace."""
        with self.lock:
            try:
                busy, _, _ = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.Error as exc:
                log.warning("WAL checkpoint failed: %s", exc)
                return
        if busy:
            log.info("WAL checkpoint postponed: another connection is reading")
