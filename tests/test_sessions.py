"""Tests of the local session store (analysis/store/): persistence, privacy, speed."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from analysis.errors import AnalysisError
from analysis.records import FormItem
from analysis.review import Consent, ItemReview, Review, ReviewError, SessionMeta, finding_key
from analysis.store import (
    DATA_ENV,
    SCHEMA_VERSION,
    SessionNotFoundError,
    SessionStore,
    StorageError,
    analysis_from_store_dict,
    analysis_to_store_dict,
    default_data_dir,
    safe_filename,
)
from tests.test_review import make_analysis, make_transcript

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")

META = SessionMeta("Rollenspel 1", "Eva de Vries", "groep 5", "10-minutengesprek", "2026-11-20")
CONSENT = Consent(True, "2026-11-20", "Eva de Vries", "Eva en Inge (moeder)")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path):
    with SessionStore(data_dir) as opened:
        yield opened


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _coach_fields(form: list[FormItem]) -> list[tuple[str, bool, str, str, str]]:
    return [(i.id, i.observed, i.coach_status, i.coach_note, i.coach_examples) for i in form]


# --- persistence --------------------------------------------------------------------------------


def test_every_edit_survives_reopening_the_store(store: SessionStore, data_dir: Path):
    analysis = make_analysis(words=True)
    welcome = next(f for f in analysis.detection.findings if f.item == "welcome")
    session_id = store.create(META, CONSENT)
    store.set_status(session_id, "transcribing")
    audio = store.save_audio(session_id, "gesprek.wav", b"RIFF....WAVE")
    store.save_transcript(session_id, analysis.transcript)
    store.save_analysis(session_id, analysis)
    store.save_item_review(
        session_id, "put_at_ease", ItemReview("confirmed", "Koffie", "Bood koffie aan")
    )
    store.save_item_review(
        session_id, "welcome", ItemReview(rejected_findings=[finding_key(welcome)])
    )
    store.save_feedback(session_id, compliment="Mooie reflectie.", tip="Vat samen.")
    store.save_feedback(session_id, reflections=["Doorvragen", "Minder sturen"])
    export = store.save_export(session_id, "verslag.pdf", b"%PDF-1.4")
    store.close()

    with SessionStore(data_dir) as reopened:
        session = reopened.get(session_id)

    assert session.status == "ready", "save_analysis marks the session ready"
    assert session.meta == META
    assert session.consent == CONSENT
    assert session.audio_path == audio
    assert audio.read_bytes() == b"RIFF....WAVE"
    assert session.exports == [export]
    assert session.transcript == analysis.transcript
    assert session.analysis == analysis
    assert session.review.items["put_at_ease"] == ItemReview(
        "confirmed", "Koffie", "Bood koffie aan"
    )
    assert session.review.items["welcome"].rejected_findings == [finding_key(welcome)]
    assert session.review.compliment == "Mooie reflectie."
    assert session.review.tip == "Vat samen."
    assert session.review.reflections == ["Doorvragen", "Minder sturen"]
    final = {item.id: item for item in session.final_form()}
    assert final["put_at_ease"].observed
    assert not final["welcome"].observed


def test_analysis_store_dict_round_trips():
    analysis = make_analysis(words=True)

    again = analysis_from_store_dict(analysis.transcript, analysis_to_store_dict(analysis))

    assert again == analysis


def test_save_transcript_drops_a_stale_analysis_but_keeps_the_review(store: SessionStore):
    session_id = store.create(META)
    store.save_analysis(session_id, make_analysis())
    store.save_item_review(session_id, "welcome", ItemReview("confirmed"))

    store.save_transcript(session_id, make_transcript(turns=4))

    session = store.get(session_id)
    assert session.analysis is None
    assert len(session.transcript.turns) == 4
    assert session.review.items["welcome"].status == "confirmed"


def test_save_review_replaces_the_whole_review(store: SessionStore):
    session_id = store.create(META)
    store.save_item_review(session_id, "closing", ItemReview("rejected"))
    review = Review({"welcome": ItemReview("confirmed", "n", "e", ["k"])}, "c", "t", ["a", "b"])

    store.save_review(session_id, review)

    assert store.get(session_id).review == review


def test_list_sessions_filters_by_teacher_and_orders_by_date(store: SessionStore):
    first = store.create(META)
    later = store.create(SessionMeta("Rollenspel 2", "Eva de Vries", date="2026-11-27"))
    store.create(SessionMeta("Ander", "Piet Jansen", date="2026-11-28"))
    store.save_audio(later, "a.wav", b"x")

    summaries = store.list_sessions(teacher="  eva DE vries ")

    assert [s.id for s in summaries] == [later, first]
    assert summaries[0].has_audio and not summaries[1].has_audio
    assert len(store.list_sessions()) == 3


def test_save_meta_moves_the_session_to_another_teacher(store: SessionStore):
    session_id = store.create(META)

    store.save_meta(session_id, SessionMeta("Herkansing", "Piet Jansen", kind="zorggesprek"))

    assert [s.id for s in store.list_sessions("Piet Jansen")] == [session_id]
    assert store.list_sessions("Eva de Vries") == []
    assert store.get(session_id).meta.kind == "zorggesprek"


def test_history_gives_final_verdicts_per_talk_in_date_order(store: SessionStore):
    analysis = make_analysis()
    older = store.create(SessionMeta("Rollenspel 1", "Eva", date="2026-11-01"))
    newer = store.create(SessionMeta("Rollenspel 2", "Eva", date="2026-11-15"))
    store.create(SessionMeta("Zonder analyse", "Eva", date="2026-11-20"))
    store.save_analysis(newer, analysis)
    store.save_analysis(older, analysis)
    store.save_item_review(older, "welcome", ItemReview("rejected"))
    store.save_item_review(newer, "put_at_ease", ItemReview("confirmed"))

    history = store.history("eva")

    assert [label for label, _ in history] == [
        "2026-11-01 · Rollenspel 1",
        "2026-11-15 · Rollenspel 2",
    ]
    assert history[0].observed["welcome"] is False
    assert history[1].observed["welcome"] is True
    assert history[0].observed["put_at_ease"] is False
    assert history[1].observed["put_at_ease"] is True
    assert history[1].observed == {item.id: item.observed for item in store.get(newer).final_form()}


def test_history_reads_all_talks_in_one_query(store: SessionStore):
    analysis = make_analysis()
    for day in range(1, 6):
        session_id = store.create(SessionMeta(f"Rollenspel {day}", "Eva", date=f"2026-11-0{day}"))
        store.save_analysis(session_id, analysis)
        store.save_item_review(session_id, "welcome", ItemReview("rejected"))
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)

    history = store.history("Eva")

    store._conn.set_trace_callback(None)
    assert len(history) == 5
    assert all(point.observed["welcome"] is False for point in history)
    assert len(statements) == 1, statements


# --- storage details ----------------------------------------------------------------------------


def test_wal_mode_is_on(store: SessionStore, data_dir: Path):
    store.create(META)

    with sqlite3.connect(data_dir / "sessions.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@posix_only
def test_data_dir_and_files_are_owner_only(store: SessionStore, data_dir: Path):
    session_id = store.create(META)
    audio = store.save_audio(session_id, "opname.m4a", b"data")
    export = store.save_export(session_id, "verslag.docx", b"PK")

    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / "sessions.db").stat().st_mode) == 0o600
    assert stat.S_IMODE(audio.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(audio.stat().st_mode) == 0o600
    assert stat.S_IMODE(export.stat().st_mode) == 0o600


@posix_only
def test_existing_data_dir_is_tightened(tmp_path: Path):
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o755)

    SessionStore(loose).close()

    assert stat.S_IMODE(loose.stat().st_mode) == 0o700


def test_default_data_dir_follows_the_environment(monkeypatch, tmp_path: Path):
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "elders"))

    assert default_data_dir() == tmp_path / "elders"
    with SessionStore() as store:
        assert store.data_dir == tmp_path / "elders"
    assert (tmp_path / "elders" / "sessions.db").is_file()


def test_default_data_dir_without_environment_is_per_user(monkeypatch):
    monkeypatch.delenv(DATA_ENV, raising=False)

    path = default_data_dir()

    assert path.name == "gesprekscoach"
    assert str(Path.home()) in str(path) or os.environ.get("XDG_DATA_HOME")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.wav", "passwd.wav"),
        ("..\\..\\Windows\\gesprek.MP3", "gesprek.mp3"),
        ("/abs/path/Gesprek 1 (ouder).m4a", "Gesprek 1 _ouder.m4a"),
        ("..", "opname"),
        ("", "opname"),
        (".wav", "opname.wav"),
        ("CON.wav", "_CON.wav"),
    ],
)
def test_safe_filename(name: str, expected: str):
    assert safe_filename(name) == expected


def test_audio_with_a_hostile_name_stays_in_the_session_folder(store: SessionStore, data_dir: Path):
    session_id = store.create(META)

    path = store.save_audio(session_id, "../../etc/passwd.wav", b"RIFF")

    folder = (data_dir / "sessions" / session_id).resolve()
    assert path.resolve().parent == folder
    assert path.name == "passwd.wav"
    assert not (data_dir.parent / "etc").exists()


def test_new_audio_replaces_the_old_file(store: SessionStore):
    session_id = store.create(META)
    first = store.save_audio(session_id, "eerste.wav", b"1")

    second = store.save_audio(session_id, "tweede.mp3", b"2")

    assert not first.exists()
    assert store.get(session_id).audio_path == second


def test_delete_audio_keeps_the_rest(store: SessionStore):
    session_id = store.create(META)
    audio = store.save_audio(session_id, "opname.wav", b"RIFF")
    store.save_transcript(session_id, make_transcript())

    store.delete_audio(session_id)

    session = store.get(session_id)
    assert not audio.exists()
    assert session.audio_path is None
    assert session.transcript is not None


# --- deleting and purging -----------------------------------------------------------------------


def _row_counts(db: Path, session_id: str) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            table: conn.execute(
                f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (session_id,)
            ).fetchone()[0]
            for table, column in (
                ("sessions", "id"),
                ("session_data", "session_id"),
                ("item_reviews", "session_id"),
                ("exports", "session_id"),
            )
        }


def test_delete_leaves_no_file_row_or_trace(store: SessionStore, data_dir: Path):
    analysis = make_analysis()
    keep = store.create(META)
    session_id = store.create(SessionMeta("Geheim", "Eva"))
    store.save_audio(session_id, "opname.wav", b"RIFF" * 100)
    store.save_transcript(session_id, analysis.transcript)
    store.save_analysis(session_id, analysis)
    store.save_item_review(session_id, "welcome", ItemReview("confirmed", "Notitie-XYZZY"))
    store.save_export(session_id, "verslag.pdf", b"%PDF")
    files_before = set(_files(data_dir))

    store.delete(session_id)

    assert not (data_dir / "sessions" / session_id).exists()
    assert {p for p in files_before if session_id in str(p)} & set(_files(data_dir)) == set()
    assert _row_counts(data_dir / "sessions.db", session_id) == dict.fromkeys(
        ("sessions", "session_data", "item_reviews", "exports"), 0
    )
    for path in _files(data_dir):
        if path.name.startswith("sessions.db"):
            content = path.read_bytes()
            assert b"Notitie-XYZZY" not in content, f"deleted text left in {path.name}"
            assert b"hij vertelt er thuis weinig over" not in content
    assert store.get(keep).meta == META
    with pytest.raises(SessionNotFoundError):
        store.get(session_id)


def test_purge_deletes_sessions_older_than_the_limit(store: SessionStore, data_dir: Path):
    old = store.create(META)
    store.save_audio(old, "oud.wav", b"x")
    recent = store.create(META)
    with sqlite3.connect(data_dir / "sessions.db") as conn:
        conn.execute(
            "UPDATE sessions SET created = '2020-01-01T00:00:00.000+00:00' WHERE id = ?", (old,)
        )

    purged = store.purge_older_than(30)

    assert purged == 1
    assert [s.id for s in store.list_sessions()] == [recent]
    assert not (data_dir / "sessions" / old).exists()
    in_a_year = dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
    assert store.purge_older_than(30, now=in_a_year) == 1
    assert store.list_sessions() == []


def test_purge_rejects_negative_days(store: SessionStore):
    with pytest.raises(StorageError):
        store.purge_older_than(-1)


def test_a_transcription_left_behind_is_marked_interrupted(store: SessionStore, data_dir: Path):
    busy = store.create(META)
    done = store.create(META)
    store.set_status(busy, "transcribing")  # no running process recorded: left behind
    store.set_status(done, "ready")
    store.close()

    with SessionStore(data_dir) as restarted:
        marked = restarted.mark_interrupted_jobs()
        statuses = {s.id: s.status for s in restarted.list_sessions()}

    assert marked == 1
    assert statuses == {busy: "interrupted", done: "ready"}


def test_a_job_is_interrupted_by_ctrl_c_and_reset_by_an_error(store: SessionStore):
    stopped, failed, finished = (store.create(META) for _ in range(3))

    with pytest.raises(KeyboardInterrupt), store.transcription_job(stopped):
        assert store.get(stopped).status == "transcribing"
        raise KeyboardInterrupt
    with pytest.raises(OSError), store.transcription_job(failed):
        raise OSError("disk full")
    with store.transcription_job(finished):
        store.set_status(finished, "ready")

    assert [store.get(i).status for i in (stopped, failed, finished)] == [
        "interrupted",
        "new",
        "ready",
    ]
    row = store._read("SELECT job_pid, job_token FROM sessions WHERE id = ?", (stopped,))[0]
    assert tuple(row) == (None, None), "an ended job leaves no process behind"


# The schema of the first release (user_version 1), verbatim; a later release added `owner`
# to `sessions` and still wrote version 1.
RELEASE_1_SCHEMA = """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY, created TEXT NOT NULL, updated TEXT NOT NULL, status TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '', teacher TEXT NOT NULL DEFAULT '',
    teacher_key TEXT NOT NULL DEFAULT '', talk_date TEXT NOT NULL DEFAULT '',
    meta TEXT NOT NULL, consent TEXT, compliment TEXT NOT NULL DEFAULT '',
    tip TEXT NOT NULL DEFAULT '', reflections TEXT NOT NULL DEFAULT '[]', audio TEXT{owner}
);
CREATE INDEX sessions_teacher ON sessions (teacher_key, talk_date);
CREATE TABLE session_data (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('transcript', 'analysis', 'evidence')),
    body TEXT NOT NULL, PRIMARY KEY (session_id, kind)
);
CREATE TABLE item_reviews (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    item_id TEXT NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
    examples TEXT NOT NULL DEFAULT '', rejected TEXT NOT NULL DEFAULT '[]',
    updated TEXT NOT NULL, PRIMARY KEY (session_id, item_id)
);
CREATE TABLE exports (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    name TEXT NOT NULL, path TEXT NOT NULL, created TEXT NOT NULL,
    PRIMARY KEY (session_id, name)
);
PRAGMA user_version = 1;
"""


@pytest.mark.parametrize("owner", ["", ", owner TEXT NOT NULL DEFAULT ''"], ids=["v1", "v1+owner"])
def test_a_store_of_the_first_releases_is_upgraded(data_dir: Path, owner: str):
    data_dir.mkdir()
    with sqlite3.connect(data_dir / "sessions.db") as conn:
        conn.executescript(RELEASE_1_SCHEMA.format(owner=owner))
        conn.execute(
            "INSERT INTO sessions (id, created, updated, status, meta) VALUES"
            " (?, '2026-01-01', '2026-01-01', 'transcribing', '{\"title\": \"Oud\"}')",
            ("a" * 32,),
        )

    with SessionStore(data_dir) as store:
        assert store.mark_interrupted_jobs() == 1
        assert store.get("a" * 32).status == "interrupted"
        assert store.get("a" * 32).meta.title == "Oud"
        store.hand_over("a" * 32, "bas")
        assert [h.to_owner for h in store.handovers()] == ["bas"]
        version = store._conn.execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION == 3


def _columns(db: Path) -> dict[str, list[str]]:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}


def test_a_new_store_has_the_same_tables_as_an_upgraded_one(tmp_path: Path):
    old = tmp_path / "old"
    old.mkdir()
    with sqlite3.connect(old / "sessions.db") as conn:
        conn.executescript(RELEASE_1_SCHEMA.format(owner=""))
    SessionStore(old).close()
    SessionStore(tmp_path / "new").close()

    assert _columns(old / "sessions.db") == _columns(tmp_path / "new" / "sessions.db")
    assert "job_heartbeat" in _columns(old / "sessions.db")["sessions"]


def test_a_store_of_this_release_opens_without_a_migration(store: SessionStore, data_dir: Path):
    session_id = store.create(META)
    schema_cookie = "PRAGMA schema_version"  # SQLite counts every change of the schema
    before = store._conn.execute(schema_cookie).fetchone()[0]
    store.close()

    with SessionStore(data_dir) as again:
        assert again.get(session_id).meta == META
        assert again._conn.execute(schema_cookie).fetchone()[0] == before
        assert again._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_store_of_a_newer_release_is_refused(data_dir: Path):
    SessionStore(data_dir).close()
    with sqlite3.connect(data_dir / "sessions.db") as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")

    with pytest.raises(StorageError) as caught:
        SessionStore(data_dir)
    assert "nieuwere versie" in caught.value.message_nl


def test_orphan_folders_are_removed(store: SessionStore, data_dir: Path):
    orphan = data_dir / "sessions" / ("0" * 32)
    orphan.mkdir()
    (orphan / "opname.wav").write_bytes(b"x")

    assert store.remove_orphan_folders() == 1

    assert not orphan.exists()


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.get("f" * 32),
        lambda s: s.get("../../etc"),
        lambda s: s.save_item_review("f" * 32, "welcome", ItemReview()),
        lambda s: s.save_feedback("f" * 32, tip="x"),
        lambda s: s.save_audio("f" * 32, "a.wav", b"x"),
        lambda s: s.set_status("f" * 32, "ready"),
        lambda s: s.delete("f" * 32),
    ],
)
def test_unknown_id_raises_a_dutch_error(store: SessionStore, call):
    with pytest.raises(SessionNotFoundError) as info:
        call(store)

    assert isinstance(info.value, AnalysisError)
    assert "bestaat niet" in info.value.message_nl


def test_unknown_item_is_rejected(store: SessionStore):
    session_id = store.create(META)

    with pytest.raises(ReviewError):
        store.save_item_review(session_id, "no_such_item", ItemReview("confirmed"))


def test_unknown_status_is_rejected(store: SessionStore):
    session_id = store.create(META)

    with pytest.raises(StorageError):
        store.set_status(session_id, "klaar")  # type: ignore[arg-type]


def test_store_in_an_unusable_place_raises_storage_error(tmp_path: Path):
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map")

    with pytest.raises(StorageError) as info:
        SessionStore(blocker / "data")

    assert info.value.message_nl


# --- speed --------------------------------------------------------------------------------------


def test_confirming_items_of_a_ten_minute_talk_is_fast(store: SessionStore):
    analysis = make_analysis(turns=150, words=True)  # ~10 minutes, word timings included
    session_id = store.create(META)
    store.save_analysis(session_id, analysis)
    item_ids = [item.id for item in analysis.form]
    assert len(item_ids) == 19

    durations = []
    for item_id in item_ids:
        started = time.perf_counter()
        store.save_item_review(session_id, item_id, ItemReview("confirmed", note=f"ok {item_id}"))
        durations.append(time.perf_counter() - started)

    assert max(durations) < 0.3, f"slowest edit took {max(durations):.3f} s"
    assert all(i.coach_status == "confirmed" for i in store.get(session_id).final_form())
