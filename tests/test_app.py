"""The Streamlit app's flows, driven with ``streamlit.testing.v1.AppTest``."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.records import Segment
from analysis.review import Consent, SessionMeta
from analysis.store import SessionStore
from analysis.transcribe.resume import Checkpoint, checkpoint_to_dict
from analysis.transcript_io import read_transcript
from analysis.upload_queue import enqueue_recording, process_queued
from ui.queue_panel import _worker

from .conftest import REPO, SAMPLES

APP = str(REPO / "app.py")
TIMEOUT = 180


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("GESPREKSCOACH_DATA", str(folder))
    return folder


def _start(data_dir: Path) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    return at


def _open_sample(at: AppTest) -> str:
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at.session_state["session_id"]


def _with_recording(data_dir: Path, title: str, status: str) -> tuple[SessionStore, str]:
    """A store with one consented session that has a recording but no transcript."""
    store = SessionStore(data_dir)
    session_id = store.create(
        SessionMeta(title=title), Consent(confirmed=True, by="moeder en leerkracht")
    )
    store.save_audio(session_id, "hallo.wav", (REPO / "tests/data/audio/hallo.wav").read_bytes())
    store.set_status(session_id, status)
    return store, session_id


def test_new_talk_page_starts_with_samples(data_dir: Path):
    at = _start(data_dir)
    assert at.title[0].value == "Nieuw gesprek"
    assert at.selectbox(key="sample").options == sorted(p.stem for p in SAMPLES.glob("*.txt"))


def test_open_sample_shows_prefilled_form_and_saves_each_edit(data_dir: Path):
    at = _start(data_dir)
    session_id = _open_sample(at)

    assert at.title[0].value == "Observatieformulier"
    assert len(at.expander) == 19
    assert any("check_circle: gezien" in e.label for e in at.expander)

    at.session_state[f"item-{session_id}-welcome"] = True  # open the item's panel
    at.run()
    at.radio(key=f"status-{session_id}-welcome").set_value("confirmed").run()
    at.text_area(key=f"tip-{session_id}").set_value("Vat aan het eind samen.").run()
    at.text_area(key=f"examples-{session_id}-welcome").set_value("Stond op bij de deur.").run()
    assert not at.exception

    stored = SessionStore(data_dir).get(session_id)
    assert stored.review.item("welcome").status == "confirmed"
    assert stored.review.item("welcome").examples == "Stond op bij de deur."
    assert stored.review.tip == "Vat aan het eind samen."


def test_edits_survive_a_restart_via_the_url(data_dir: Path):
    at = _start(data_dir)
    session_id = _open_sample(at)
    at.session_state[f"item-{session_id}-closing"] = True  # open the item's panel
    at.run()
    at.radio(key=f"status-{session_id}-closing").set_value("rejected").run()

    fresh = AppTest.from_file(APP, default_timeout=TIMEOUT)
    fresh.query_params["sessie"] = session_id
    fresh.session_state[f"item-{session_id}-closing"] = True
    fresh.switch_page("ui/form_page.py").run()

    assert not fresh.exception
    assert fresh.radio(key=f"status-{session_id}-closing").value == "rejected"


def test_transcript_without_consent_is_not_processed(data_dir: Path):
    at = _start(data_dir)
    at.radio[0].set_value("Transcript").run()
    at.text_area[0].set_value("Juf: Welkom.\nMoeder: Dag.").run()
    at.button[0].click().run()

    assert any("toestemming" in w.value for w in at.warning)
    assert SessionStore(data_dir).list_sessions() == []


def test_pasted_text_without_speakers_gives_a_dutch_error(data_dir: Path):
    at = _start(data_dir)
    at.radio[0].set_value("Transcript").run()
    at.checkbox(key="consent-confirmed").check().run()
    at.text_input(key="consent-by").set_value("moeder en leerkracht").run()
    at.text_area[0].set_value("zomaar wat tekst\nzonder namen").run()
    at.button[0].click().run()

    assert not at.exception
    assert at.error and "spreker" in at.error[0].value
    assert SessionStore(data_dir).list_sessions() == []


def test_transcript_page_renames_a_speaker_and_reanalyses(data_dir: Path):
    at = _start(data_dir)
    session_id = _open_sample(at)
    at.switch_page("ui/transcript_page.py").run()
    transcript = SessionStore(data_dir).get(session_id).transcript
    assert transcript is not None
    teacher = transcript.turns[0].speaker

    at.text_input(key=f"name-{session_id}-{teacher}").set_value("Juf Petra").run()

    assert not at.exception
    stored = SessionStore(data_dir).get(session_id)
    assert stored.transcript is not None and stored.transcript.turns[0].speaker == "Juf Petra"
    assert stored.analysis is not None
    assert any(f.speaker == "Juf Petra" for f in stored.analysis.detection.findings)


def test_report_page_offers_word_pdf_and_transcripts(data_dir: Path):
    at = _start(data_dir)
    _open_sample(at)
    at.switch_page("ui/report_page.py").run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:2] == ["Word (.docx)", "PDF"]
    assert {"TXT", "SRT", "VTT"} <= set(labels)


def test_insights_page_renders_charts(data_dir: Path):
    at = _start(data_dir)
    _open_sample(at)
    at.switch_page("ui/insights.py").run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 4
    assert at.metric[0].label == "Aandeel ouder (woorden)"


def test_sessions_page_lists_and_deletes_fully(data_dir: Path):
    store = SessionStore(data_dir)
    session_id = store.create(
        SessionMeta(title="Oefengesprek", teacher="Anouk", date="2026-11-01"),
        Consent(confirmed=True, confirmed_at="2026-11-01", by="moeder"),
    )
    store.save_audio(session_id, "opname.wav", b"RIFF....")
    store.save_transcript(session_id, read_transcript(SAMPLES / "bedeesde-ouder-sterk.txt"))
    folder = store.folder(session_id)
    assert folder.exists()

    at = _start(data_dir)
    at.switch_page("ui/sessions_page.py").run()
    assert any("Oefengesprek" in m.value for m in at.markdown)
    at.button(key=f"delete-{session_id}").click().run()
    at.button(key=f"really-delete-{session_id}").click().run()

    assert not at.exception
    assert SessionStore(data_dir).list_sessions() == []
    assert not folder.exists()


def test_report_page_pseudonymises_names_after_review(data_dir: Path):
    at = _start(data_dir)
    session_id = _open_sample(at)
    at.switch_page("ui/report_page.py").run()
    preview = "\n".join(m.value for m in at.markdown)
    assert "Jonas" in preview  # the report shows the best few quotes, not every quote

    at.toggle(key=f"pseudo-{session_id}").set_value(True).run()

    assert not at.exception
    preview = "\n".join(m.value for m in at.markdown)
    assert "Esther" not in preview and "Jonas" not in preview
    assert "Leerkracht" in preview


def test_interrupted_transcription_can_be_run_again(data_dir: Path):
    store, session_id = _with_recording(data_dir, "Onderbroken", "transcribing")
    store.close()  # the process "dies" here

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["sessie"] = session_id
    at.switch_page("ui/transcript_page.py").run()
    assert any("onderbroken" in w.value for w in at.warning)

    try:
        at.button(key=f"retry-{session_id}").click().run()
        assert not at.exception
        with SessionStore(data_dir) as fresh:
            _wait_for_job(fresh, session_id)
    finally:
        _worker(str(data_dir)).stop(timeout=60)
    session = SessionStore(data_dir).get(session_id)
    assert session.status == "ready" and session.transcript is not None


def test_renaming_keeps_findings_without_rerunning_the_detectors(data_dir: Path, monkeypatch):
    at = _start(data_dir)
    session_id = _open_sample(at)
    before = SessionStore(data_dir).get(session_id).analysis
    at.switch_page("ui/transcript_page.py").run()

    import analysis.workflow

    def fail(*args, **kwargs):
        raise AssertionError("the detectors ran for a rename")

    monkeypatch.setattr(analysis.workflow, "analyse", fail)
    at.text_input(key=f"name-{session_id}-Vader").set_value("Vader Martin").run()

    assert not at.exception
    after = SessionStore(data_dir).get(session_id).analysis
    assert after is not None and before is not None
    assert len(after.detection.findings) == len(before.detection.findings)
    assert "Vader Martin" in {t.speaker for t in after.transcript.turns}


def _consent(at: AppTest, source: str) -> None:
    at.radio[0].set_value(source).run()
    at.checkbox(key="consent-confirmed").check().run()
    at.text_input(key="consent-by").set_value("moeder en leerkracht").run()


def test_corrupt_recording_gives_a_dutch_message_and_leaves_nothing(data_dir: Path):
    at = _start(data_dir)
    _consent(at, "Opname (audio of video)")
    at.file_uploader[0].set_value(("../../opname.wav", b"\x00\x01garbage" * 500, "audio/wav"))
    at.run()
    at.button[0].click().run()

    assert not at.exception
    assert at.error and "geluidsbestand" in at.error[0].value
    assert SessionStore(data_dir).list_sessions() == []
    assert list((data_dir / "sessions").iterdir()) == []


def test_recording_is_transcribed_by_the_server_job_after_consent(data_dir: Path):
    at = _start(data_dir)
    _consent(at, "Opname (audio of video)")
    audio = (REPO / "tests/data/audio/hallo.wav").read_bytes()
    at.file_uploader[0].set_value(("gesprek.wav", audio, "audio/wav")).run()
    try:
        at.button[0].click().run()

        assert not at.exception
        assert at.title[0].value == "Transcriptie"  # the page with the job's progress
        (summary,) = SessionStore(data_dir).list_sessions()
        with SessionStore(data_dir) as store:
            _wait_for_job(store, summary.id)
    finally:
        _worker(str(data_dir)).stop(timeout=60)
    session = SessionStore(data_dir).get(summary.id)
    assert session.status == "ready"
    assert session.transcript is not None and session.transcript.turns
    assert session.audio_path is not None and session.audio_path.parent.parent.name == "sessions"
    assert session.consent is not None and session.consent.by == "moeder en leerkracht"
    at.run()
    assert not at.exception
    assert at.subheader[0].value == "Sprekers"  # the transcript once the job is done


def test_a_reload_during_transcription_shows_the_job_and_then_its_result(data_dir: Path):
    store = SessionStore(data_dir)
    session_id = enqueue_recording(
        store,
        SessionMeta(title="Lopend"),
        Consent(confirmed=True, by="moeder en leerkracht"),
        "hallo.wav",
        (REPO / "tests/data/audio/hallo.wav").read_bytes(),
    )
    assert store.claim_queued() == session_id  # the server's job has taken it
    store.set_queue_progress(session_id, 0.4)
    try:
        reloaded = AppTest.from_file(APP, default_timeout=TIMEOUT)  # a new tab or F5
        reloaded.query_params["sessie"] = session_id
        reloaded.switch_page("ui/transcript_page.py").run()

        assert not reloaded.exception
        (bar,) = reloaded.get("progress")
        assert "40%" in bar.proto.text
        assert any("herladen" in c.value for c in reloaded.caption)
        assert process_queued(store, session_id)  # the job finishes meanwhile
        reloaded.run()
    finally:
        _worker(str(data_dir)).stop(timeout=60)
    assert not reloaded.exception
    assert reloaded.subheader[0].value == "Sprekers"
    assert SessionStore(data_dir).get(session_id).status == "ready"


def test_open_on_an_unfinished_talk_goes_to_its_retry(data_dir: Path):
    _, session_id = _with_recording(data_dir, "Mislukt", "interrupted")

    at = _start(data_dir)
    at.switch_page("ui/sessions_page.py").run()
    at.button(key=f"open-{session_id}").click().run()

    assert not at.exception
    assert at.title[0].value == "Transcriptie"
    assert at.button(key=f"retry-{session_id}")


def test_an_interrupted_talk_says_how_much_was_kept(data_dir: Path):
    store, session_id = _with_recording(data_dir, "Lang", "interrupted")
    kept = Checkpoint("key", 2, 1200.0, (Segment(0.0, 2.0, "Goedemiddag."),), "nl", "nl")
    store.save_partial(session_id, checkpoint_to_dict(kept))

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["sessie"] = session_id
    at.switch_page("ui/transcript_page.py").run()

    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "De eerste 20:00 van de opname is al getranscribeerd en bewaard" in captions
    assert at.button(key=f"retry-{session_id}")


def test_the_open_talk_survives_a_refresh_and_sidebar_navigation(data_dir: Path):
    at = _start(data_dir)
    session_id = _open_sample(at)

    reloaded = AppTest.from_file(APP, default_timeout=TIMEOUT)  # F5: only the URL is left
    reloaded.query_params["sessie"] = session_id
    reloaded.switch_page("ui/transcript_page.py").run()
    assert reloaded.subheader[0].value == "Sprekers"
    reloaded.query_params.clear()  # a sidebar link carries no query parameters
    reloaded.switch_page("ui/insights.py").run()

    assert not reloaded.exception
    assert not any("Open eerst" in info.value for info in reloaded.info)
    assert reloaded.metric[0].label == "Aandeel ouder (woorden)"


def _wait_for_job(store: SessionStore, session_id: str) -> None:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if store.get(session_id).status not in ("queued", "transcribing"):
            return
        time.sleep(0.5)
    raise AssertionError("the transcription job did not finish")


def test_latin1_transcript_upload(data_dir: Path):
    at = _start(data_dir)
    _consent(at, "Transcript")
    text = (
        "Juf Zoë: Goedemiddag, welkom! Komt u binnen.\n"
        "Moeder: Dag juf, ik ben één keer eerder geweest.\n"
    )
    at.file_uploader[0].set_value(("oud.txt", text.encode("latin-1"), "text/plain")).run()
    at.button[0].click().run()

    assert not at.exception
    (summary,) = SessionStore(data_dir).list_sessions()
    transcript = SessionStore(data_dir).get(summary.id).transcript
    assert transcript is not None and transcript.turns[0].speaker == "Juf Zoë"
