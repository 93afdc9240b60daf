"""The local session store: one SQLite database plus a folder per session.

Public names of the store live here; import them from ``analysis.store``.
"""

from __future__ import annotations

from analysis.sessions import (
    ANALYSIS_FORMAT_VERSION,
    DATA_ENV,
    EXIT_INTERRUPTED,
    HEARTBEAT_SECONDS,
    SCHEMA_VERSION,
    STALE_AFTER_SECONDS,
    Handover,
    HistoryPoint,
    JobOwner,
    QueueItem,
    Session,
    SessionNotFoundError,
    SessionStore,
    SessionSummary,
    StorageError,
    analysis_from_store_dict,
    analysis_to_store_dict,
    current_job_owner,
    default_data_dir,
    job_is_alive,
    private_dir,
    process_token,
    safe_filename,
    write_private,
)

__all__ = [
    "ANALYSIS_FORMAT_VERSION",
    "DATA_ENV",
    "EXIT_INTERRUPTED",
    "HEARTBEAT_SECONDS",
    "SCHEMA_VERSION",
    "STALE_AFTER_SECONDS",
    "Handover",
    "HistoryPoint",
    "JobOwner",
    "QueueItem",
    "Session",
    "SessionNotFoundError",
    "SessionStore",
    "SessionSummary",
    "StorageError",
    "analysis_from_store_dict",
    "analysis_to_store_dict",
    "current_job_owner",
    "default_data_dir",
    "job_is_alive",
    "private_dir",
    "process_token",
    "safe_filename",
    "write_private",
]
