"""Housekeeping of a data folder: interrupted transcriptions, retention, leftover folders.

Runs on an unscoped store (every coach's sessions on a shared installation) but applies each
coach's own retention to their own sessions only, and marks a transcription *interrupted* only
when the process running it is gone. Safe to run from any process at any time; the app runs it
when it starts and then at most once an hour.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from analysis.settings import load_settings
from analysis.store import SessionStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class HousekeepingReport:
    """What one housekeeping run did."""

    interrupted: int = 0
    purged: int = 0
    orphan_folders: int = 0


def run_housekeeping(data_dir: Path, now: dt.datetime | None = None) -> HousekeepingReport:
    """Tidy ``data_dir``: mark dead transcriptions interrupted, remove session folders without
    a session, and delete each owner's sessions older than that owner's retention period."""
    with SessionStore(data_dir) as store:
        interrupted = store.mark_interrupted_jobs(now)
        orphans = store.remove_orphan_folders()
        purged = 0
        for owner in store.owners():
            days = load_settings(data_dir, owner or None).retention_days
            if days > 0:
                purged += store.purge_older_than(days, now, owner=owner)
    report = HousekeepingReport(interrupted, purged, orphans)
    if report != HousekeepingReport():
        log.info("housekeeping of %s: %s", data_dir, report)
    return report
