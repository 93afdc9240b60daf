"""Transcript corrections that can be undone and redone: the edits themselves, the history kept
in the session's folder (real store, real Dutch pipeline), and the transcript page with its
merge confirmation, *Ongedaan maken* / *Opnieuw* and corrections on the turn itself (AppTest).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis import edit_history, editing
from analysis.detect import build_nlp
from analysis.errors import TranscriptError
from analysis.model_loader import ModelLoader
from analysis.records import Speaker, Transcript, Turn, Word
from analysis.review import SessionMeta
from analysis.store import SessionStore
from analysis.transcript_io import read_transcript
from analysis.workflow import analyse_into_session

from .conftest import REPO, SAMPLES

APP = str(REPO / "app.py")
SAMPLE = SAMPLES / "bedeesde-ouder-sterk.txt"


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("GESPREKSCOACH_DATA", str(folder))
    return folder


def _timed() -> Transcript:
    words = [Word(0.0, 0.4, "Goedemiddag,"), Word(0.5, 0.9, "welkom."), Word(2.0, 2.3, "Dag.")]
    turn = Turn(0, "Juf", "Goedemiddag, welkom. Dag.", "teacher", 0.0, 2.3, words)
    return Transcript(turns=[turn], speakers=[Speaker("Juf", "teacher"), Speaker("Moeder")])


# --- the edits ---------------------------------------------------------------------------------


def test_split_turn_splits_text_and_word_times_and_can_give_the_rest_to_another_speaker():
    transcript = _timed()
    at = editing.split_points(transcript.turns[0].text)[-1]  # before "Dag."

    split = editing.split_turn(transcript, 0, at, "Moeder")

    first, second = split.turns
    assert (first.text, first.speaker, first.end) == ("Goedemiddag, welkom.", "Juf", 0.9)
    assert (second.text, second.speaker, second.start, second.index) == ("Dag.", "Moeder", 2.0, 1)
    assert [w.text for w in second.words] == ["Dag."]


def test_a_split_at_the_edge_is_refused():
    with pytest.raises(TranscriptError):
        editing.split_turn(_timed(), 0, 0)


def test_the_default_merge_pair_is_two_speakers_of_one_role_not_the_teacher_into_the_parent():
    turns = [
        Turn(0, "Juf", "Welkom.", "teacher"),
        Turn(1, "Moeder", "Dag.", "parent"),
        Turn(2, "Juf", "Hoe gaat het?", "teacher"),
        Turn(3, "Spreker 3", "Goed.", "parent"),
        Turn(4, "Moeder", "Prima.", "parent"),
    ]
    speakers = [
        Speaker("Juf", "teacher"),
        Speaker("Moeder", "parent"),
        Speaker("Spreker 3", "parent"),
    ]
    assert editing.default_merge_pair(Transcript(turns, speakers)) == ("Spreker 3", "Moeder")


# --- the history -------------------------------------------------------------------------------


def test_every_correction_can_be_undone_and_redone_and_the_history_is_in_the_session_folder(
    tmp_path: Path, nlp
):
    store = SessionStore(tmp_path / "data")
    session_id = store.create(SessionMeta(title="Oefenen"))
    original = read_transcript(SAMPLE)
    analyse_into_session(store, session_id, original, nlp)
    stored = store.get(session_id).transcript
    teacher, parent = (s.name for s in stored.speakers)

    edit_history.correct(store, session_id, "rol", editing.set_role, parent, "child", nlp=nlp)
    edit_history.correct(
        store, session_id, "samengevoegd", editing.merge_speakers, parent, teacher, nlp=nlp
    )
    assert len(store.get(session_id).transcript.speakers) == 1
    assert edit_history.load_history(store, session_id).undo_label == "samengevoegd"

    assert edit_history.undo(store, session_id, nlp) == "samengevoegd"
    assert edit_history.undo(store, session_id, nlp) == "rol"
    assert edit_history.undo(store, session_id, nlp) is None
    restored = store.get(session_id)
    assert restored.transcript == stored
    assert restored.analysis is not None and restored.status == "ready"

    assert edit_history.redo(store, session_id, nlp) == "rol"
    assert store.get(session_id).transcript.speaker(parent).role == "child"
    history = edit_history.load_history(store, session_id)
    assert (history.undo_label, history.redo_label) == ("rol", "samengevoegd")
    folder = store.folder(session_id) / edit_history.HISTORY_DIR
    assert len(list(folder.glob("*.json"))) == 3  # the index and one transcript per step

    edit_history.correct(store, session_id, "tekst", editing.edit_text, 0, "Kom binnen.", nlp=nlp)
    assert edit_history.load_history(store, session_id).redo_label is None  # a new branch
    store.delete(session_id)
    assert not folder.exists()


def test_a_correction_that_changes_nothing_is_not_kept(tmp_path: Path, nlp):
    store = SessionStore(tmp_path / "data")
    session_id = store.create(SessionMeta(title="Oefenen"))
    analyse_into_session(store, session_id, read_transcript(SAMPLE), nlp)
    text = store.get(session_id).transcript.turns[0].text

    edit_history.correct(store, session_id, "tekst", editing.edit_text, 0, text, nlp=nlp)

    assert edit_history.load_history(store, session_id).undo == []
    assert list((store.folder(session_id) / edit_history.HISTORY_DIR).glob("*.json")) == []


def test_the_model_loader_loads_once_in_the_background_and_hands_errors_on():
    calls: list[str] = []
    release = threading.Event()

    def load() -> str:
        calls.append(threading.current_thread().name)
        release.wait(10)
        return "pipeline"

    loader = ModelLoader(load, name="test-model").start()
    assert not loader.ready
    release.set()
    assert loader.get(timeout=10) == loader.get() == "pipeline"
    assert calls == ["test-model"] and loader.ready

    def broken() -> str:
        raise OSError("no model")

    with pytest.raises(OSError, match="no model"):
        ModelLoader(broken).get(timeout=10)


# --- the transcript page -----------------------------------------------------------------------


def _transcript_page(data_dir: Path) -> tuple[AppTest, str]:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.button[0].click().run()  # open the sample
    session_id = at.session_state["session_id"]
    at.switch_page("ui/transcript_page.py").run()
    assert not at.exception, at.exception
    return at, session_id


def test_merging_asks_first_and_is_undone_and_redone_after_a_reload(data_dir: Path):
    at, session_id = _transcript_page(data_dir)
    before = SessionStore(data_dir).get(session_id).transcript
    source = at.selectbox(key=f"merge-src-{session_id}").value

    at.button(key=f"merge-{session_id}").click().run()

    assert SessionStore(data_dir).get(session_id).transcript == before  # nothing merged yet
    (question,) = [w.value for w in at.warning if "Samenvoegen?" in w.value]
    assert all(s.name in question for s in before.speakers)
    assert "(leerkracht" in question and "(ouder" in question
    assert at.button(key=f"undo-{session_id}").disabled

    at.button(key=f"merge-confirm-{session_id}").click().run()
    merged = SessionStore(data_dir).get(session_id).transcript
    assert [s.name for s in merged.speakers] != [s.name for s in before.speakers]
    assert source not in {turn.speaker for turn in merged.turns}

    at.button(key=f"undo-{session_id}").click().run()
    assert not at.exception
    assert SessionStore(data_dir).get(session_id).transcript == before

    reloaded = AppTest.from_file(APP, default_timeout=180)
    reloaded.query_params["sessie"] = session_id
    reloaded.switch_page("ui/transcript_page.py").run()
    assert reloaded.button(key=f"undo-{session_id}").disabled
    reloaded.button(key=f"redo-{session_id}").click().run()
    assert not reloaded.exception
    assert SessionStore(data_dir).get(session_id).transcript == merged


def test_a_turn_is_corrected_and_split_on_the_turn_itself(data_dir: Path):
    at, session_id = _transcript_page(data_dir)
    before = SessionStore(data_dir).get(session_id).transcript
    turn = before.turns[2]
    other = next(s.name for s in before.speakers if s.name != turn.speaker)

    at.button(key=f"edit-turn-{session_id}-2").click().run()
    at.text_area(key=f"turn-text-{session_id}-2").set_value(turn.text + " Fijn.")
    at.selectbox(key=f"turn-speaker-{session_id}-2").set_value(other)
    at.button(key=f"turn-save-{session_id}-2").click().run()

    corrected = SessionStore(data_dir).get(session_id).transcript
    assert corrected.turns[2].text.endswith("Fijn.") and corrected.turns[2].speaker == other

    at.button(key=f"edit-turn-{session_id}-2").click().run()
    at.button(key=f"turn-split-{session_id}-2").click().run()  # at the first word boundary
    split = SessionStore(data_dir).get(session_id).transcript
    assert len(split.turns) == len(before.turns) + 1
    assert split.turns[2].text == corrected.turns[2].text.split()[0]

    at.button(key=f"undo-{session_id}").click().run()
    at.button(key=f"undo-{session_id}").click().run()
    assert not at.exception
    assert SessionStore(data_dir).get(session_id).transcript == before
