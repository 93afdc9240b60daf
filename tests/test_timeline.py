"""The talk timeline: marks with the coach's verdicts, phase bands placed as data, and the
insights page with the timeline and the agreement table (AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.errors import RuleFileError
from analysis.form import fill_form
from analysis.records import Analysis, Detection, Finding
from analysis.review import ItemReview, Review, SessionMeta, finding_key
from analysis.store import SessionStore
from analysis.timeline import load_placement, parse_placement, talk_timeline
from analysis.transcript_io import parse_transcript

from .conftest import REPO

TALK = """\
[00:00:00] Juf Anouk: Goedemiddag, welkom! Gaat u zitten.
[00:00:10] Moeder: Dank u.
[00:00:20] Juf Anouk: We hebben tien minuten. Eerst vertel ik, dan u.
[00:01:00] Moeder: Goed.
[00:01:40] Juf Anouk: Hoe gaat het thuis met lezen?
[00:02:00] Moeder: Ze leest strips.
[00:03:00] Juf Anouk: Heeft u nog vragen? Dan loop ik even met u mee.
[00:03:20] Moeder: Nee, dank u.
"""


def _analysis() -> Analysis:
    transcript = parse_transcript(TALK, "txt")
    found = [
        ("welcome", 0, "Goedemiddag, welkom!"),
        ("procedure_proposal", 2, "Eerst vertel ik, dan u."),
        ("asks_home", 4, "Hoe gaat het thuis met lezen?"),
        ("any_questions", 6, "Heeft u nog vragen?"),
        ("closing", 6, "Dan loop ik even met u mee."),
    ]
    findings = []
    for item, turn, quote in found:
        text = transcript.turns[turn].text
        at = text.index(quote)
        findings.append(
            Finding(
                item, turn, quote, at, at + len(quote), f"t.{item}", "t", 0.9, "Juf Anouk",
                transcript.turns[turn].start, transcript.turns[turn].end,
            )
        )  # fmt: skip
    return Analysis(transcript, Detection(findings=findings), fill_form(findings))


def test_marks_sit_at_their_quote_and_carry_the_verdict():
    analysis = _analysis()
    proposal = next(f for f in analysis.detection.findings if f.item == "procedure_proposal")
    review = Review(
        items={
            "welcome": ItemReview("confirmed"),
            "asks_home": ItemReview("rejected"),
            "procedure_proposal": ItemReview(rejected_findings=[finding_key(proposal)]),
        }
    )
    line = talk_timeline(analysis, review)
    assert line.unit == "seconden"
    marks = {m.item: m for m in line.marks}
    assert marks["welcome"].position == 0.0 and marks["welcome"].verdict == "bevestigd"
    # "Eerst vertel ik" starts at character 24 of a 47-character turn spoken from 20 to 60 s.
    text = analysis.transcript.turns[2].text
    expected = 20 + 40 * text.index("Eerst") / len(text)
    assert marks["procedure_proposal"].position == pytest.approx(expected)
    assert marks["procedure_proposal"].seconds == pytest.approx(expected)
    assert marks["procedure_proposal"].verdict == "klopt niet"
    assert marks["asks_home"].verdict == "afgewezen"
    assert marks["any_questions"].verdict == "gevonden"
    assert marks["welcome"].phase == "Afstemmen" and marks["closing"].phase == "Afronden"


def test_phase_bands_follow_the_placement_and_leave_out_missing_phases():
    analysis = _analysis()
    bands = talk_timeline(analysis).bands
    assert [b.phase for b in bands] == ["Afstemmen", "Delen", "Afronden"]  # no Zorgen, Afspreken
    welcome, share, close = bands
    assert (welcome.start, welcome.item) == (0.0, "welcome")
    assert welcome.end == share.start and share.item == "procedure_proposal"
    assert share.end == close.start and close.start == pytest.approx(180.0)
    assert close.end == pytest.approx(200 + 0.4 * 3)  # last turn: 0.4 s per word (3 words)
    # With the proposal marked "klopt niet", Delen starts nowhere: no band.
    proposal = next(f for f in analysis.detection.findings if f.item == "procedure_proposal")
    review = Review(items={"procedure_proposal": ItemReview("rejected")})
    assert "Delen" not in [b.phase for b in talk_timeline(analysis, review).bands]
    review = Review(
        items={"procedure_proposal": ItemReview(rejected_findings=[finding_key(proposal)])}
    )
    assert "Delen" not in [b.phase for b in talk_timeline(analysis, review).bands]


def test_placement_file_is_validated():
    assert [p.name for p in load_placement()] == [
        "Afstemmen",
        "Delen",
        "Zorgen",
        "Afspreken",
        "Afronden",
    ]
    with pytest.raises(RuleFileError, match="unknown items"):
        parse_placement({"phases": [{"name": "Afstemmen", "starts": ["welkom"]}]})
    with pytest.raises(RuleFileError, match="only 'name' and 'starts'"):
        parse_placement({"phases": [{"name": "Afstemmen", "start": ["welcome"]}]})
    with pytest.raises(RuleFileError, match="form's, in order"):
        parse_placement({"phases": [{"name": "Afstemmen", "starts": ["welcome"]}]})


def test_insights_page_shows_the_timeline_and_the_agreement_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    data_dir = tmp_path / "data"
    monkeypatch.setenv("GESPREKSCOACH_DATA", str(data_dir))
    analysis = _analysis()
    with SessionStore(data_dir) as store:
        session = store.create(SessionMeta(title="Tijdlijn", teacher="Anouk"))
        store.save_transcript(session, analysis.transcript)
        store.save_analysis(session, analysis)
        store.save_item_review(session, "welcome", ItemReview("confirmed"))
        store.save_item_review(session, "agreements", ItemReview("confirmed"))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.run()
    at.session_state["session_id"] = session
    at.switch_page("ui/insights.py").run()
    assert not at.exception, at.exception
    specs = [chart.proto.spec for chart in at.get("vega_lite_chart")]
    (timeline,) = [spec for spec in specs if '"vondst"' in spec]
    assert '"renderer": "svg"' in timeline and "Afronden" in timeline
    (frame,) = at.table
    table = frame.value
    welcome = table[table["onderdeel"] == "Ontvangen en welkom heten"].iloc[0]
    assert welcome["gezien bevestigd"] == "1/1 (100%)" and welcome["gesprekken"] == "1"
    agreements = table[table["onderdeel"].str.startswith("Benoemt eventuele afspraken")]
    assert list(agreements["toegevoegd door coach"]) == ["1/1 (100%)"]
    assert any("Minder dan 5" in w.value for w in at.warning)
