"""The queue of recordings (*Wachtrij*) and handing a talk to another coach.

Real session stores on a temporary folder; the queue worker is the real background thread
transcribing real (short) recordings; the app is driven with Streamlit's AppTest.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.auth import USERS_ENV, hash_password
from analysis.errors import ConsentError
from analysis.handover import HandoverError, hand_over, history
from analysis.review import Consent, SessionMeta
from analysis.store import SessionNotFoundError, SessionStore
from analysis.upload_queue import QueueWorker, enqueue_recording, requeue

from .conftest import REPO

APP = str(REPO / "app.py")
HALLO = (REPO / "tests/data/audio/hallo.wav").read_bytes()
CORRUPT = b"RIFF\x00\x00\x00\x00WAVEgarbage" * 200
CONSENT = Consent(confirmed=True, confirmed_at="2025-03-14", by="moeder en leerkracht")
META = SessionMeta(title="Rollenspel", teacher="Sanne")
WAIT = 600


def _wait_until_finished(store: SessionStore, count: int) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if sum(1 for item in store.queue_items() if item.finished) >= count:
            return
        time.sleep(0.5)
    raise AssertionError(f"the queue did not finish: {store.queue_items()}")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("GESPREKSCOACH_DATA", str(folder))
    return folder


# --- the queue in the store -------------------------------------------------------------------


def test_a_recording_without_consent_is_not_queued(data_dir):
    with SessionStore(data_dir) as store:
        for consent in (None, Consent(confirmed=True, by=" "), Consent(by="moeder")):
            with pytest.raises(ConsentError):
                enqueue_recording(store, META, consent, "gesprek.wav", HALLO)
        assert store.list_sessions() == [] and store.queue_items() == []


def test_the_worker_transcribes_queued_recordings_one_after_another(data_dir):
    with SessionStore(data_dir) as store:
        first = enqueue_recording(store, META, CONSENT, "gesprek.wav", HALLO)
        second = enqueue_recording(store, META, CONSENT, "kapot.wav", CORRUPT)
        assert [(i.session_id, i.status, i.position) for i in store.queue_items()] == [
            (first, "queued", 0),
            (second, "queued", 1),
        ]
        worker = QueueWorker(data_dir, poll_seconds=0.2)
        worker.start()
        try:
            worker.wake()
            _wait_until_finished(store, 2)
        finally:
            worker.stop(timeout=60)

        done, failed = store.queue_items()
        assert (done.session_id, done.status, done.progress, done.error) == (first, "ready", 1, "")
        session = store.get(first)
        assert session.transcript is not None and session.analysis is not None
        assert session.consent == CONSENT
        assert (failed.session_id, failed.status) == (second, "failed")
        assert "geluidsbestand" in failed.error  # the Dutch message for the coach
        assert done.finished is not None and failed.finished is not None
        assert done.finished <= failed.finished  # first in, first out
        assert worker.processed == 2 and not worker.running
        statuses = {s.id: s.status for s in store.list_sessions()}
        assert statuses == {first: "ready", second: "failed"}


def test_a_recording_is_claimed_by_one_worker_only(data_dir):
    with SessionStore(data_dir) as one, SessionStore(data_dir) as other:
        session_id = enqueue_recording(one, META, CONSENT, "gesprek.wav", HALLO)

        assert one.claim_queued() == session_id
        assert other.claim_queued() is None
        assert one.get(session_id).status == "transcribing"
        assert one.mark_interrupted_jobs() == 0  # claimed by this (running) process


def test_a_failed_recording_can_be_queued_again(data_dir):
    with SessionStore(data_dir) as store:
        session_id = enqueue_recording(store, META, CONSENT, "gesprek.wav", HALLO)
        assert store.claim_queued() == session_id
        store.finish_queued(session_id, "Mislukt.")
        assert store.get(session_id).status == "failed"

        requeue(store, session_id)

        (item,) = store.queue_items()
        assert (item.status, item.error, item.finished, item.position) == ("queued", "", None, 0)


def test_a_schema_2_store_gains_the_queue_and_hand_over_tables(data_dir):
    with SessionStore(data_dir) as store:
        session_id = store.create(META)
    with sqlite3.connect(data_dir / "sessions.db") as conn:  # back to schema 2
        conn.execute("DROP TABLE queue_items")
        conn.execute("DROP TABLE handovers")
        conn.execute("PRAGMA user_version = 2")

    with SessionStore(data_dir) as store:
        assert store.queue_items() == [] and store.handovers() == []
        assert store.get(session_id).meta.title == "Rollenspel"
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == 3


# --- hand-over ----------------------------------------------------------------------------------


def test_a_talk_handed_to_another_coach_moves_and_both_see_the_hand_over(data_dir):
    with SessionStore(data_dir, owner="anouk") as anouk, SessionStore(data_dir, owner="bas") as bas:
        session_id = anouk.create(META)
        kept = anouk.create(SessionMeta(title="Blijft bij Anouk"))

        note = "  Wil jij dit   bekijken? "
        handover = hand_over(anouk, session_id, "bas", note, {"anouk", "bas"})

        assert [s.id for s in anouk.list_sessions()] == [kept]
        assert [s.id for s in bas.list_sessions()] == [session_id]
        assert (handover.from_owner, handover.to_owner, handover.title, handover.note) == (
            "anouk",
            "bas",
            "Rollenspel",
            "Wil jij dit bekijken?",
        )
        assert history(anouk) == history(bas) == [handover]
        with pytest.raises(SessionNotFoundError):
            anouk.get(session_id)
        with pytest.raises(SessionNotFoundError):  # Bas cannot give away Anouk's talk
            hand_over(bas, kept, "anouk", coaches={"anouk", "bas"})
        with pytest.raises(HandoverError):
            hand_over(bas, session_id, "bas")
        with pytest.raises(HandoverError):
            hand_over(bas, session_id, "carla", coaches={"anouk", "bas"})
    with SessionStore(data_dir) as everyone, pytest.raises(HandoverError):
        hand_over(everyone, kept, "bas")  # a single-user installation has no coaches


def test_deleting_a_handed_over_talk_removes_its_history(data_dir):
    with SessionStore(data_dir, owner="anouk") as anouk, SessionStore(data_dir, owner="bas") as bas:
        session_id = anouk.create(META)
        hand_over(anouk, session_id, "bas")
        bas.delete(session_id)

        assert history(anouk) == history(bas) == []


# --- the app ------------------------------------------------------------------------------------


def test_wachtrij_queues_several_recordings_each_with_its_own_consent(data_dir):
    from ui.queue_panel import _worker

    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    at.radio[0].set_value("Wachtrij (meerdere opnames)").run()
    at.text_input[0].set_value("Oefengesprek").run()
    at.file_uploader(key="queue-uploads").set_value(
        [("eerste.wav", HALLO, "audio/wav"), ("tweede.wav", HALLO, "audio/wav")]
    ).run()
    at.checkbox(key="queue-consent-0").check().run()
    at.text_input(key="queue-by-0").set_value("moeder en leerkracht").run()
    try:
        at.button(key="queue-add").click().run()

        assert not at.exception, at.exception
        assert any("tweede" in w.value and "toestemming" in w.value for w in at.warning)
        assert any("1 opname in de wachtrij gezet" in s.value for s in at.success)
        with SessionStore(data_dir) as store:
            (item,) = store.queue_items()
            assert item.file_name == "eerste.wav"
            assert item.title == "Oefengesprek – eerste"
            _wait_until_finished(store, 1)
            session = store.get(item.session_id)
            assert session.status == "ready" and session.transcript is not None
            assert session.consent is not None and session.consent.by == "moeder en leerkracht"
    finally:
        _worker(str(data_dir)).stop(timeout=60)

    at.run()
    assert not at.exception
    assert any(r"eerste\.wav" in m.value and "klaar" in m.value for m in at.markdown)
    at.switch_page("ui/sessions_page.py").run()
    assert any("klaar" in c.value for c in at.caption)


def _users(tmp_path: Path) -> Path:
    users = tmp_path / "users.toml"
    users.write_text(
        "".join(
            f'[users.{login}]\nname = "{name}"\n'
            f'password_hash = "{hash_password(login + "-geheim", 1000)}"\n'
            for login, name in (("anouk", "Anouk de Vries"), ("bas", "Bas Jansen"))
        ),
        encoding="utf-8",
    )
    return users


def _sign_in(login: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.text_input(key="login-name").set_value(login)
    at.text_input(key="login-password").set_value(f"{login}-geheim")
    at.button[0].click().run()
    at.switch_page("ui/sessions_page.py").run()
    assert not at.exception, at.exception
    return at


def test_handing_over_in_the_app_shows_in_both_coaches_history(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(USERS_ENV, str(_users(tmp_path)))
    with SessionStore(data_dir, owner="anouk") as anouk:
        session_id = anouk.create(SessionMeta(title="Gesprek met *vader*", teacher="Sanne"))

    at = _sign_in("anouk")
    at.selectbox(key="handover-session").set_value(session_id).run()
    at.selectbox(key="handover-to").set_value("bas").run()
    at.text_input(key="handover-note").set_value("Graag jouw blik op fase 2.").run()
    at.button(key="handover-go").click().run()

    assert not at.exception, at.exception
    assert any("Overgedragen aan Bas Jansen" in s.value for s in at.success)
    lines = [m.value for m in at.markdown if "van Anouk de Vries aan Bas Jansen" in m.value]
    assert len(lines) == 1 and r"Gesprek met \*vader\*" in lines[0]  # escaped user text
    with SessionStore(data_dir, owner="anouk") as anouk:
        assert anouk.list_sessions() == []

    at = _sign_in("bas")
    assert any("Gesprek met" in m.value for m in at.markdown)  # in Bas's list now
    assert any("van Anouk de Vries aan Bas Jansen" in m.value for m in at.markdown)
    assert any("jouw blik op fase 2" in m.value for m in at.markdown)


def test_recordings_queued_before_a_restart_go_on_when_the_app_starts(data_dir):
    from ui.queue_panel import _resume, _worker

    with SessionStore(data_dir) as store:
        session_id = enqueue_recording(
            store, SessionMeta(title="Na herstart"), CONSENT, "a.wav", HALLO
        )
    _resume.clear()  # a fresh server process
    at = AppTest.from_file(APP, default_timeout=300)
    try:
        at.run()  # the home page, not the Wachtrij

        assert not at.exception, at.exception
        with SessionStore(data_dir) as store:
            _wait_until_finished(store, 1)
            assert store.get(session_id).status == "ready"
    finally:
        _worker(str(data_dir)).stop(timeout=60)
