"""What the reviewed report says (analysis/export.py, analysis/verdicts.py, suggestions): the
Voorbeelden column, the Concept mark, the sample line, one verdict wording for app and report,
suggestions from the reviewed form, the JSON of the confirmed form and the Afspraken note."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from analysis.export import (
    NOT_VISIBLE,
    SAMPLE_LINE,
    ReportInput,
    build_agreements_note,
    build_report,
    clock,
    consent_line,
    form_to_dict,
    proposed_agreements,
    sample_talk,
    to_form_json,
)
from analysis.form import fill_form, load_form
from analysis.records import Analysis, Detection, Finding, Metrics
from analysis.report import to_markdown
from analysis.review import ItemReview, Review, SessionMeta, finding_key, reviewed_form
from analysis.suggestions import PREFIX, suggest_reviewed
from analysis.verdicts import verdict_words
from tests.conftest import SAMPLES
from tests.test_review import make_analysis, make_transcript
from ui.form_page import _verdict

META = SessionMeta("Rollenspel", "Eva", "groep 5", "10-minutengesprek", "2026-11-28")


def _finding(item: str, turn: int, quote: str, confidence: float, start: float) -> Finding:
    return Finding(
        item=item,
        turn=turn,
        quote=quote,
        char_start=turn,
        char_end=turn + len(quote),
        rule=f"{item}.{turn}",
        explanation="testregel",
        confidence=confidence,
        speaker="Leerkracht",
        start=start,
    )


def _analysis(findings: list[Finding]) -> Analysis:
    transcript = make_transcript(14)
    metrics = Metrics(turns_per_role={"teacher": 7, "parent": 7})
    return Analysis(transcript, Detection(findings=findings, metrics=metrics), fill_form(findings))


LISTENING = [
    _finding("active_listening", 1, "Dat neem ik over in de klas:", 0.95, 2.4),
    _finding("active_listening", 3, "Kunt u daar wat meer over vertellen?", 0.85, 75.0),
    _finding("active_listening", 5, "Woensdag en vrijdag.", 0.7, 130.0),
    _finding("active_listening", 7, "Helemaal vol, zegt u.", 0.6, 140.0),
    _finding("active_listening", 9, "Op zijn oude school.", 0.75, 150.0),
    _finding("active_listening", 11, "Helemaal vol, zegt u.", 0.9, 3725.0),
]


def _row(report, item_id: str):
    text = load_form().item(item_id).text
    return next(row for phase in report.phases for row in phase.rows if row.text == text)


def test_examples_are_the_best_three_whole_sentences_with_app_times():
    analysis = _analysis(LISTENING)

    row = _row(build_report(analysis, Review(), META), "active_listening")

    assert row.examples == (
        "1:15 “Kunt u daar wat meer over vertellen?”",
        "2:30 “Op zijn oude school.”",
        "1:02:05 “Helemaal vol, zegt u.”",
    ), "whole sentences before the 0.95 fragment ending in a colon; each quote once"


def test_coach_examples_come_first_then_two_kept_quotes():
    analysis = _analysis(LISTENING)
    review = Review(
        items={
            "active_listening": ItemReview(
                examples="Vatte de zorg samen\n\nVroeg door naar thuis",
                rejected_findings=[finding_key(LISTENING[3]), finding_key(LISTENING[5])],
            )
        }
    )

    row = _row(build_report(analysis, review, META), "active_listening")

    assert row.examples == (
        "Vatte de zorg samen",
        "Vroeg door naar thuis",
        "1:15 “Kunt u daar wat meer over vertellen?”",
        "2:30 “Op zijn oude school.”",
    ), "the quote marked klopt niet is gone, at most two quotes after the coach's examples"


def test_rejected_item_shows_no_machine_quotes():
    analysis = _analysis(LISTENING)
    review = Review(items={"active_listening": ItemReview("rejected", examples="Eigen voorbeeld")})

    row = _row(build_report(analysis, review, META), "active_listening")

    assert row.examples == ("Eigen voorbeeld",)
    assert row.verdict == "✗ niet gezien"


def test_clock_matches_the_app():
    assert [clock(2.9), clock(754), clock(3725), clock(None)] == ["0:02", "12:34", "1:02:05", ""]


def test_report_is_a_concept_until_every_item_is_reviewed():
    analysis = make_analysis()
    ids = load_form().item_ids
    almost = Review(items={item_id: ItemReview("confirmed") for item_id in ids[:-1]})
    done = Review(items={**almost.items, ids[-1]: ItemReview("rejected")})

    draft = build_report(analysis, almost, META)
    final = build_report(analysis, done, META)

    assert draft.draft and draft.heading == f"Concept – {load_form().title}"
    assert draft.draft_line.startswith(f"Concept: {len(ids) - 1} van de {len(ids)} items")
    assert not final.draft and final.heading == load_form().title and final.draft_line == ""


def test_rejected_non_verbal_item_reads_the_same_in_app_and_report():
    analysis = make_analysis()
    review = Review(items={"closing": ItemReview("rejected")})
    final = next(i for i in reviewed_form(analysis, review) if i.id == "closing")
    original = next(i for i in analysis.form if i.id == "closing")

    row = _row(build_report(analysis, review, META), "closing")

    assert row.verdict == NOT_VISIBLE == f"– {verdict_words(final)}"
    assert _verdict(original, final).endswith(f": {verdict_words(final)}")


def test_cli_markdown_uses_the_same_verdict_words():
    analysis = make_analysis()
    markdown = to_markdown(analysis)

    for item in analysis.form:
        assert f"**{item.text}** — {verdict_words(item)}\n" in markdown
    assert "niet gezien in het transcript" not in markdown


def test_sample_is_training_material_not_missing_consent():
    report = build_report(make_analysis(), Review(), META, None, sample=True)

    assert report.consent == SAMPLE_LINE
    assert SAMPLE_LINE == "Voorbeeldgesprek (oefenmateriaal, geen opname): geen toestemming nodig."
    assert "niet vastgelegd" in consent_line(None)
    sample = next(SAMPLES.glob("*.txt")).name
    assert sample_talk(None, sample, SAMPLES)
    assert not sample_talk(None, "eigen-gesprek.txt", SAMPLES)
    assert not sample_talk(None, f"../{SAMPLES.name}/{sample}", SAMPLES)


def test_suggestions_have_one_prefix_and_skip_quotes_marked_wrong():
    feelings = [
        _finding("feeling_reflection", 1, "Dat klinkt zwaar voor u.", 0.9, 6.0),
        _finding("feeling_reflection", 3, "U lijkt opgelucht.", 0.8, 18.0),
    ]
    analysis = _analysis(feelings)
    review = Review(
        items={"feeling_reflection": ItemReview(rejected_findings=[finding_key(feelings[0])])}
    )
    before = suggest_reviewed(reviewed_form(analysis, Review()), analysis.detection.metrics)

    after = suggest_reviewed(reviewed_form(analysis, review), analysis.detection.metrics)

    compliment = next(s.text for s in after if s.kind == "compliment")
    assert "Dat klinkt zwaar voor u." in next(s.text for s in before if s.kind == "compliment")
    assert "Dat klinkt zwaar voor u." not in compliment and "U lijkt opgelucht." in compliment
    assert all(s.text.startswith(PREFIX) and PREFIX not in s.text[1:] for s in after)


def test_a_confirmed_item_gets_no_tip_that_it_was_missing():
    analysis = _analysis([])
    name = load_form().item("summarise_check").text
    review = Review(items={"summarise_check": ItemReview("confirmed")})

    metrics = analysis.detection.metrics
    tips = [s.text for s in suggest_reviewed(reviewed_form(analysis, review), metrics)]
    pending = [s.text for s in suggest_reviewed(reviewed_form(analysis, Review()), metrics)]

    assert any(name in tip for tip in pending)
    assert not any(name in tip for tip in tips)


def test_json_of_the_confirmed_form_holds_the_coachs_verdicts():
    analysis = make_analysis()
    helps = next(f for f in analysis.detection.findings if f.quote == "helpt ook graag")
    review = Review(
        items={
            "welcome": ItemReview("confirmed", note="Hartelijk", examples="Stond op"),
            "names_qualities": ItemReview(rejected_findings=[finding_key(helps)]),
            "closing": ItemReview("rejected"),
        },
        compliment="Mooi",
        reflections=["Antwoord"],
    )

    data = json.loads(to_form_json(ReportInput(analysis, review, META)))

    items = {item["id"]: item for item in data["items"]}
    assert data == form_to_dict(ReportInput(analysis, review, META))
    assert data["draft"] and data["reviewed"] == 2 and data["items_total"] == 19
    assert items["welcome"]["coach"] == {
        "status": "confirmed",
        "note": "Hartelijk",
        "examples": ["Stond op"],
    }
    assert [e["quote"] for e in items["names_qualities"]["evidence"]] == ["doorzetter"]
    assert [e["quote"] for e in items["names_qualities"]["rejected_evidence"]] == [
        "helpt ook graag"
    ]
    assert items["closing"]["verdict"] == "niet gezien in de opname"
    assert not items["closing"]["observed"]
    assert data["meta"]["teacher"] == "Eva" and data["compliment"] == "Mooi"
    assert data["reflections"][0]["answer"] == "Antwoord"


def test_afspraken_propose_the_kept_agreements_and_the_coach_edits_them():
    agreements = [
        _finding("agreements", 1, "ik stuur u volgende week een mail.", 0.9, 6.0),
        _finding("agreements", 3, "We spreken over zes weken weer af.", 0.8, 18.0),
    ]
    analysis = _analysis(agreements)
    review = Review(
        items={
            "agreements": ItemReview(examples="Moeder leest elke avond voor", rejected_findings=[])
        }
    )
    wrong = Review(items={"agreements": ItemReview(rejected_findings=[finding_key(agreements[1])])})

    proposed = proposed_agreements(analysis, review)

    assert proposed == (
        "Moeder leest elke avond voor",
        "Ik stuur u volgende week een mail.",
        "We spreken over zes weken weer af.",
    )
    assert proposed_agreements(analysis, wrong) == ("Ik stuur u volgende week een mail.",)
    rejected = Review(items={"agreements": ItemReview("rejected")})
    assert proposed_agreements(analysis, rejected) == ()
    note = build_agreements_note(META, ["Ik mail u op maandag.", "  ", "Tekenen blijft."])
    assert note.agreements == ("Ik mail u op maandag.", "Tekenen blijft.")
    assert (
        note.about == "Afspraken uit het 10-minutengesprek van 28 november 2026 met Eva (groep 5)."
    )


@pytest.mark.parametrize("status", ["pending", "confirmed"])
def test_held_back_quotes_wait_for_a_confirmed_item(status):
    finding = _finding("welcome", 1, "Goedemiddag.", 0.9, 6.0)
    analysis = _analysis([replace(finding, held_back=True)])
    review = Review(items={"welcome": ItemReview(status)})

    row = _row(build_report(analysis, review, META), "welcome")

    assert row.examples == (("0:06 “Goedemiddag.”",) if status == "confirmed" else ())
