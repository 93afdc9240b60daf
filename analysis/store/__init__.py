"""The local session store: one SQLite database plus a folder per session.

Import the public names from here. Inside: :mod:`.db` (the connection, one transaction per
write), :mod:`.migrations` (the schema as numbered steps), :mod:`.files` (the data folder and
session folders), :mod:`.codec` (rows and JSON columns to records), :mod:`.records`, and
:class:`SessionStore` (:mod:`.repository`) built from :mod:`.base` (folder, database,
per-coach filter) with the mixins :mod:`.jobs` (which process runs a transcription),
:mod:`.queue`, :mod:`.handovers` and :mod:`.retention`.
"""

from __future__ import annotations

from analysis.store.codec import (
    ANALYSIS_FORMAT_VERSION,
    analysis_from_store_dict,
    analysis_to_store_dict,
)
from analysis.store.errors import SessionNotFoundError, StorageError
from analysis.store.files import (
    DATA_ENV,
    default_data_dir,
    private_dir,
    safe_filename,
    write_private,
)
from analysis.store.jobs import (
    EXIT_INTERRUPTED,
    HEARTBEAT_SECONDS,
    STALE_AFTER_SECONDS,
    JobOwner,
    current_job_owner,
    job_is_alive,
    process_token,
)
from analysis.store.migrations import SCHEMA_VERSION
from analysis.store.records import (
    Handover,
    HistoryPoint,
    QueueItem,
    Session,
    SessionSummary,
)
from analysis.store.repository import SessionStore

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
