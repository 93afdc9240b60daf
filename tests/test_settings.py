"""Privacy settings: retention and deleting recordings by default."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest

from analysis.errors import AnalysisError
from analysis.review import SessionMeta
from analysis.settings import (
    RETENTION_ENV,
    Settings,
    apply_retention,
    load_settings,
    save_settings,
    settings_path,
)
from analysis.store import SessionStore


def test_defaults_keep_everything(tmp_path: Path):
    assert load_settings(tmp_path) == Settings(0, False)


def test_settings_round_trip_in_an_owner_only_file(tmp_path: Path):
    save_settings(tmp_path, Settings(retention_days=90, delete_audio_after_transcription=True))
    assert load_settings(tmp_path) == Settings(90, True)
    mode = stat.S_IMODE((tmp_path / "settings.json").stat().st_mode)
    assert mode == 0o600


def test_environment_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    save_settings(tmp_path, Settings(retention_days=90))
    monkeypatch.setenv(RETENTION_ENV, "30")
    assert load_settings(tmp_path).retention_days == 30


def test_damaged_file_falls_back_to_defaults(tmp_path: Path):
    (tmp_path / "settings.json").write_text("{not json", encoding="utf-8")
    assert load_settings(tmp_path) == Settings()


def test_negative_retention_is_refused():
    with pytest.raises(AnalysisError):
        Settings(retention_days=-1)


def test_retention_deletes_only_old_sessions(tmp_path: Path):
    store = SessionStore(tmp_path / "data")
    old = store.create(SessionMeta(title="oud"))
    new = store.create(SessionMeta(title="nieuw"))
    with store._write() as conn:  # age one session by 100 days
        past = (dt.datetime.now(dt.UTC) - dt.timedelta(days=100)).isoformat()
        conn.execute("UPDATE sessions SET created = ? WHERE id = ?", (past, old))

    assert apply_retention(store, Settings(retention_days=0)) == 0
    assert apply_retention(store, Settings(retention_days=60)) == 1
    assert [s.id for s in store.list_sessions()] == [new]


def test_each_coach_has_their_own_settings_with_the_installations_as_default(tmp_path: Path):
    save_settings(tmp_path, Settings(retention_days=90))
    save_settings(
        tmp_path, Settings(retention_days=30, delete_audio_after_transcription=True), "anouk"
    )

    assert load_settings(tmp_path, "anouk") == Settings(30, True)
    assert load_settings(tmp_path, "bas") == Settings(90, False), "no own file: the default"
    assert load_settings(tmp_path) == Settings(90, False)
    path = settings_path(tmp_path, "anouk")
    assert path.parent == tmp_path / "coaches" and path.name == "616e6f756b.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_coach_name_cannot_leave_the_settings_folder(tmp_path: Path):
    path = settings_path(tmp_path, "../../etc/passwd")
    assert path.parent == tmp_path / "coaches" and "/" not in path.name
