"""Evidence resting on words the recogniser was unsure of: marked, and below the threshold held
back (issue #18, part 1).

The recording ``tests/data/audio/uncertain.ogg`` (``generate_uncertain.py``) is espeak-ng saying
six lines of ours; Whisper base hears "Hoe gaat het thuis?" as "Hoe rat houdt ...?", with "rat"
(for "gaat") at a low probability. Transcribed once per module with the real bundled model.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from analysis.form import fill_form
from analysis.pipeline import analyse
from analysis.records import Analysis, Detection, Finding, Speaker, Transcript, Turn, Word
from analysis.report import to_json
from analysis.review import Review, SessionMeta, reviewed_form
from analysis.store import SessionStore
from analysis.transcribe import TranscribeOptions, models, transcribe
from analysis.uncertainty import (
    HOLD_BACK_BELOW,
    UNCERTAIN_BELOW,
    held_back,
    mark_uncertain,
    word_spans,
)

from .conftest import DATA

RECORDING = DATA / "audio" / "uncertain.ogg"
SCRIPT_WORDS = {"hoe", "gaat", "het", "thuis"}


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Transcript]:
    """The recording transcribed by the bundled model, every speaker the teacher."""
    cache = tmp_path_factory.mktemp("gesprekscoach-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(models.CACHE_ENV, str(cache))
        transcript = transcribe(RECORDING, TranscribeOptions())
    transcript.turns = [replace(t, role="teacher", speaker="Juf") for t in transcript.turns]
    transcript.speakers = [Speaker("Juf", "teacher", guessed=False)]
    yield transcript


def _home_turn(transcript: Transcript) -> Turn:
    """The turn that should have said "Hoe gaat het thuis?"."""
    return next(t for t in transcript.turns if t.text.lower().startswith("hoe "))


def _misheard(turn: Turn) -> list[Word]:
    """Words of the turn that are not in the script line (misrecognised)."""
    return [w for w in turn.words if w.text.strip(" ?.,").lower() not in SCRIPT_WORDS]


def _asks_home_on(turn: Turn) -> Analysis:
    """An analysis with one asks_home finding quoting the whole turn, as a rule would."""
    finding = Finding(
        item="asks_home",
        turn=turn.index,
        quote=turn.text,
        char_start=0,
        char_end=len(turn.text),
        rule="thuis.test",
        explanation="test",
        confidence=0.9,
        speaker=turn.speaker,
        start=turn.start,
        end=turn.end,
    )
    transcript = Transcript(turns=[turn], speakers=[Speaker("Juf", "teacher", False)])
    return Analysis(transcript, Detection(findings=[finding]), fill_form([finding]))


def test_the_recording_has_a_misrecognised_low_probability_word(recorded: Transcript):
    turn = _home_turn(recorded)
    misheard = _misheard(turn)
    assert misheard, f"expected a misrecognised word in {turn.text!r}"
    assert min(w.probability or 1.0 for w in misheard) < UNCERTAIN_BELOW
    spans = word_spans(turn)
    assert [turn.text[s:e] for s, e, _ in spans] == [w.text.strip() for w in turn.words]


def test_a_finding_resting_on_the_misheard_word_is_marked(recorded: Transcript):
    turn = _home_turn(recorded)
    low = [w for w in _misheard(turn) if (w.probability or 1.0) < UNCERTAIN_BELOW]
    (finding,) = mark_uncertain(_asks_home_on(turn)).detection.findings
    marked = {(w.text, w.start) for w in finding.uncertain_words}
    assert {(w.text.strip(), w.start) for w in low} <= marked
    lowest = min(w.probability for w in finding.uncertain_words)
    assert finding.confidence == pytest.approx(0.9 * lowest / UNCERTAIN_BELOW, abs=1e-3)
    assert finding.confidence < 0.9
    evidence = json.loads(to_json(mark_uncertain(_asks_home_on(turn))))["form"]
    (home,) = [item for item in evidence if item["id"] == "asks_home"]
    words = home["evidence"][0]["uncertain_words"]
    assert {w["text"] for w in words} >= {w.text.strip() for w in low}
    assert all(set(w) == {"text", "start", "probability"} for w in words)
    assert home["evidence"][0]["held_back"] is (lowest < HOLD_BACK_BELOW)


def test_below_the_threshold_the_finding_is_held_back(recorded: Transcript, tmp_path: Path):
    turn = _home_turn(recorded)
    lowest = min(w.probability or 1.0 for w in turn.words)
    kept = mark_uncertain(_asks_home_on(turn), hold_back_below=lowest - 0.01)
    held = mark_uncertain(_asks_home_on(turn), hold_back_below=lowest + 0.01)
    assert not kept.detection.findings[0].held_back
    assert kept.form[[i.id for i in kept.form].index("asks_home")].observed
    (finding,) = held.detection.findings
    assert finding.held_back
    item = held.form[[i.id for i in held.form].index("asks_home")]
    assert not item.observed and item.evidence == [finding]  # listed, but not on the form
    assert held_back(held.form) == [finding]
    final = {i.id: i for i in reviewed_form(held, Review())}
    assert not final["asks_home"].observed
    home = next(i for i in json.loads(to_json(held))["form"] if i["id"] == "asks_home")
    assert home["observed"] is False and home["evidence"][0]["held_back"] is True
    # The flag and the words survive the session store.
    with SessionStore(tmp_path / "data") as store:
        session = store.create(SessionMeta(title="t"))
        store.save_transcript(session, held.transcript)
        store.save_analysis(session, held)
        again = store.get(session)
    assert again.analysis is not None
    assert again.analysis.detection.findings[0] == finding
    assert not {i.id: i for i in again.final_form()}["asks_home"].observed


def test_the_pipeline_marks_findings_on_the_recording(recorded: Transcript):
    analysis = analyse(recorded)
    findings = analysis.detection.findings
    assert findings, "the detectors found nothing on the recording"
    turns = {t.index: t for t in recorded.turns}
    for finding in findings:
        under = [
            w
            for s, e, w in word_spans(turns[finding.turn])
            if s < finding.char_end and e > finding.char_start
        ]
        expected = [w.text.strip() for w in under if (w.probability or 1.0) < UNCERTAIN_BELOW]
        assert [w.text for w in finding.uncertain_words] == expected
    assert any(f.uncertain_words for f in findings)


def test_typed_transcripts_pass_unchanged():
    turn = Turn(0, "Juf", "Hoe gaat het thuis?", "teacher", 0.0, 2.0)
    analysis = _asks_home_on(turn)
    assert mark_uncertain(analysis) is analysis


def test_form_page_lists_held_back_evidence_under_te_controleren(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from streamlit.testing.v1 import AppTest

    from .conftest import REPO

    words = [Word(1.0, 1.3, "Hoe", 0.9), Word(1.3, 1.6, "rat", 0.1), Word(1.6, 2.0, "thuis?", 0.8)]
    turn = Turn(0, "Juf", "Hoe rat thuis?", "teacher", 1.0, 2.0, words)
    held = mark_uncertain(_asks_home_on(turn))
    assert held.detection.findings[0].held_back
    data_dir = tmp_path / "data"
    monkeypatch.setenv("GESPREKSCOACH_DATA", str(data_dir))
    with SessionStore(data_dir) as store:
        session = store.create(SessionMeta(title="Onzeker"))
        store.save_transcript(session, held.transcript)
        store.save_analysis(session, held)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.run()
    at.session_state["session_id"] = session
    at.switch_page("ui/form_page.py").run()
    assert not at.exception, at.exception
    assert any(m.value == "### Te controleren" for m in at.markdown)
    assert any(":orange-background[rat]" in m.value for m in at.markdown)
    assert any("Onzeker verstaan: rat (10%, 0:01)" in c.value for c in at.caption)
    home = next(e for e in at.expander if "Vraagt naar de ervaringen" in e.label)
    assert "niet gezien" in home.label  # held back: not on the pre-filled form


def test_markdown_report_names_the_uncertain_words():
    from analysis.report import to_markdown

    words = [Word(1.0, 1.3, "Hoe", 0.9), Word(1.3, 1.6, "rat", 0.1), Word(1.6, 2.0, "thuis?", 0.8)]
    turn = Turn(0, "Juf", "Hoe rat thuis?", "teacher", 1.0, 2.0, words)
    text = to_markdown(mark_uncertain(_asks_home_on(turn)))
    assert "te controleren, telt niet mee; onzeker verstaan: rat (10%)" in text


def test_pseudonymised_evidence_hides_names_in_uncertain_words():
    from analysis.pseudonymise import pseudonymise_analysis

    words = [Word(1.0, 1.3, "Dag", 0.9), Word(1.3, 1.6, "Wijnanda.", 0.3)]
    turn = Turn(0, "Juf", "Dag Wijnanda.", "teacher", 1.0, 2.0, words)
    marked = mark_uncertain(_asks_home_on(turn))
    assert [w.text for w in marked.detection.findings[0].uncertain_words] == ["Wijnanda."]
    hidden = pseudonymise_analysis(marked, {"Wijnanda": "de moeder"})
    assert "Wijnanda" not in to_json(hidden)
