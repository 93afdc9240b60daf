"""The database schema as numbered steps, applied in order and recorded in ``user_version``.

A new database runs every step; one written by an older release runs the steps after its
version; one from a newer release is refused. All steps needed run in one transaction, so two
processes opening an old store at once upgrade it once. To change the schema, append a step
(never edit a released one).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from analysis.store.errors import StorageError


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: the version it leads to, what it does, and its statements."""

    version: int
    summary: str
    apply: Callable[[sqlite3.Connection], None]


def _run(*statements: str) -> Callable[[sqlite3.Connection], None]:
    def apply(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return apply


def _owner_and_jobs(conn: sqlite3.Connection) -> None:
    # Releases with and without the `owner` column both wrote version 1: the one step whose
    # starting point has two shapes, so adding `owner` may find it there already.
    try:
        conn.execute("ALTER TABLE sessions ADD COLUMN owner TEXT NOT NULL DEFAULT ''")
    except sqlite3.OperationalError as exc:
        if "duplicate column name" not in str(exc):
            raise
    for column in ("job_host TEXT", "job_pid INTEGER", "job_token TEXT", "job_heartbeat TEXT"):
        conn.execute(f"ALTER TABLE sessions ADD COLUMN {column}")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "sessions, their data, item reviews and exports",
        _run(
            """CREATE TABLE sessions (
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
                audio       TEXT
            )""",
            "CREATE INDEX sessions_teacher ON sessions (teacher_key, talk_date)",
            """CREATE TABLE session_data (
                session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
                kind        TEXT NOT NULL CHECK (kind IN ('transcript', 'analysis', 'evidence')),
                body        TEXT NOT NULL,
                PRIMARY KEY (session_id, kind)
            )""",
            """CREATE TABLE item_reviews (
                session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
                item_id     TEXT NOT NULL,
                status      TEXT NOT NULL,
                note        TEXT NOT NULL DEFAULT '',
                examples    TEXT NOT NULL DEFAULT '',
                rejected    TEXT NOT NULL DEFAULT '[]',
                updated     TEXT NOT NULL,
                PRIMARY KEY (session_id, item_id)
            )""",
            """CREATE TABLE exports (
                session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
                name        TEXT NOT NULL,
                path        TEXT NOT NULL,
                created     TEXT NOT NULL,
                PRIMARY KEY (session_id, name)
            )""",
        ),
    ),
    Migration(2, "the owner of a session and the process running its job", _owner_and_jobs),
    Migration(
        3,
        "the queue and hand-overs",
        _run(
            """CREATE TABLE queue_items (
                session_id  TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
                enqueued    TEXT NOT NULL,
                file_name   TEXT NOT NULL DEFAULT '',
                options     TEXT NOT NULL DEFAULT '{}',
                progress    REAL NOT NULL DEFAULT 0,
                error       TEXT NOT NULL DEFAULT '',
                finished    TEXT
            )""",
            """CREATE TABLE handovers (
                session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
                at          TEXT NOT NULL,
                from_owner  TEXT NOT NULL,
                to_owner    TEXT NOT NULL,
                title       TEXT NOT NULL DEFAULT '',
                note        TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX handovers_session ON handovers (session_id, at)",
        ),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database on ``conn`` (autocommit mode) to :data:`SCHEMA_VERSION`.

    Returns the version it had. Raises :class:`StorageError` for a database of a newer release.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"session store has schema {version}, newer than this program ({SCHEMA_VERSION})",
                "De opslag is gemaakt met een nieuwere versie van Gesprekscoach. Werk de app bij.",
            )
        for step in MIGRATIONS:
            if step.version > version:
                step.apply(conn)
        if version != SCHEMA_VERSION:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return int(version)
