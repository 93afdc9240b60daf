"""User settings kept beside the sessions: retention and what happens to recordings.

Stored as ``settings.json`` in the (owner-only) data directory. On a shared installation each
coach has their own file (``coaches/<hex of the login>.json``) that applies to their sessions
only; a coach without one gets the installation's ``settings.json``. Environment variables win
over the files, for administrators of a shared installation: ``GESPREKSCOACH_RETENTION_DAYS``.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from analysis.errors import AnalysisError
from analysis.store import SessionStore, private_dir, write_private

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
COACHES_DIR = "coaches"
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


def settings_path(data_dir: Path, owner: str | None = None) -> Path:
    """The settings file of a coach (``owner``) or, without one, of the installation."""
    if not owner:
        return data_dir / SETTINGS_FILE
    return data_dir / COACHES_DIR / f"{owner.encode('utf-8').hex()}.json"


def _read(path: Path) -> Settings | None:
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Settings(
            retention_days=int(raw.get("retention_days", 0)),
            delete_audio_after_transcription=bool(
                raw.get("delete_audio_after_transcription", False)
            ),
        )
    except (OSError, ValueError, TypeError, AttributeError, AnalysisError) as exc:
        log.warning("ignoring damaged settings file %s: %s", path, exc)
        return None


def load_settings(data_dir: Path, owner: str | None = None) -> Settings:
    """The settings of ``owner`` (a signed-in coach) or of the installation.

    A coach without their own file gets the installation's; defaults when there is no file
    or it is damaged. ``GESPREKSCOACH_RETENTION_DAYS`` overrides the retention for everyone.
    """
    settings = (_read(settings_path(data_dir, owner)) if owner else None) or _read(
        settings_path(data_dir)
    )
    settings = settings or Settings()
    env = os.environ.get(RETENTION_ENV, "").strip()
    if env:
        try:
            settings.retention_days = max(0, int(env))
        except ValueError:
            log.warning("ignoring %s=%r: not a whole number", RETENTION_ENV, env)
    return settings


def save_settings(data_dir: Path, settings: Settings, owner: str | None = None) -> None:
    """Write the settings of ``owner`` (or of the installation) to an owner-only file."""
    path = settings_path(data_dir, owner)
    private_dir(path.parent)
    write_private(path, json.dumps(asdict(settings), indent=2).encode())


def apply_retention(store: SessionStore, settings: Settings) -> int:
    """Delete the store's sessions older than the retention period; returns how many.

    A store scoped to a coach only deletes that coach's sessions.
    """
    if settings.retention_days <= 0:
        return 0
    deleted = store.purge_older_than(settings.retention_days)
    if deleted:
        log.info(
            "retention: deleted %d session(s) older than %d days", deleted, settings.retention_days
        )
    return deleted
