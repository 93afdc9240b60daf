"""Errors of the session store, each with a Dutch message for the coach."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from analysis.errors import AnalysisError


class SessionNotFoundError(AnalysisError):
    """No session with this id (never created, or deleted)."""


class StorageError(AnalysisError):
    """The session store cannot be read or written (disk, permissions, a damaged database)."""


def not_found(session_id: str) -> SessionNotFoundError:
    """The error for an unknown (or another coach's) session id."""
    return SessionNotFoundError(
        f"no session with id {session_id!r}",
        "Dit gesprek bestaat niet (meer); misschien is het verwijderd.",
    )


def storage_error(exc: sqlite3.Error) -> StorageError:
    """The error for a failed database statement."""
    return StorageError(
        f"session store error: {exc}",
        f"Opslaan of lezen van de gesprekken is mislukt ({exc}). Probeer het opnieuw.",
    )


def file_error(path: Path, exc: OSError) -> StorageError:
    """The error for a file of a session that cannot be written or removed."""
    return StorageError(
        f"{path}: {exc.strerror or exc}",
        f"Het bestand '{path.name}' kan niet opgeslagen of verwijderd worden "
        f"({exc.strerror or exc}).",
    )
