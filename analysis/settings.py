"""User settings kept beside the sessions: retention and what happens to recordings.

Stored as ``settings.json`` in the (owner-only) data directory. Environment variables win over
the file, for administrators of a shared installation: ``GESPREKSCOACH_RETENTION_DAYS``.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from analysis.errors import AnalysisError
from analysis.sessions import SessionStore, write_private

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
RETENTION_ENV = "GESPREKSCOACH_RETENTION_DAYS"


@dataclass(slots=True)
class Settings:
    """``retention_days``: sessions older than this are deleted (0 keeps them);
    ``delete_audio_after_transcription``: the default of the upload page's checkbox."""

    retention_days: int = 0
    delete_audio_after_transcription: bool = False

    def __post_init__(self) -> None:
        if self.retention_days < 0:
            raise AnalysisError(
                f"retention must be 0 or more days, got {self.retention_days}",
                "De bewaartermijn moet 0 of meer dagen zijn.",
            )


def load_settings(data_dir: Path) -> Settings:
    """The settings of ``data_dir`` (defaults when there is no file or it is damaged)."""
    path = data_dir / SETTINGS_FILE
    settings = Settings()
    if path.exists():
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            settings = Settings(
                retention_days=int(raw.get("retention_days", 0)),
                delete_audio_after_transcription=bool(
                    raw.get("delete_audio_after_transcription", False)
                ),
            )
        except (OSError, ValueError, TypeError, AttributeError, AnalysisError) as exc:
            log.warning("ignoring damaged settings file %s: %s", path, exc)
    env = os.environ.get(RETENTION_ENV, "").strip()
    if env:
        try:
            settings.retention_days = max(0, int(env))
        except ValueError:
            log.warning("ignoring %s=%r: not a whole number", RETENTION_ENV, env)
    return settings


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Write the settings (owner-only file)."""
    write_private(data_dir / SETTINGS_FILE, json.dumps(asdict(settings), indent=2).encode())


def apply_retention(store: SessionStore, settings: Settings) -> int:
    """Delete sessions older than the retention period; returns how many were deleted."""
    if settings.retention_days <= 0:
        return 0
    deleted = store.purge_older_than(settings.retention_days)
    if deleted:
        log.info(
            "retention: deleted %d session(s) older than %d days", deleted, settings.retention_days
        )
    return deleted
