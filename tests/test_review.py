"""Unit tests of the coach's review records and the final form (analysis/review.py)."""

from __future__ import annotations

import json

import pytest

from analysis.errors import AnalysisError
from analysis.form import fill_form, load_form
from analysis.records import (
    Analysis,
    Detection,
    Finding,
    Metrics,
    Speaker,
    Suggestion,
    Transcript,
    Turn,
    Word,
)
from analysis.review import (
    Consent,
    ItemReview,
    Review,
    ReviewError,
    SessionMeta,
    consent_from_dict,
    consent_to_dict,
    finding_key,
    is_observed,
    item_review_from_dict,
    meta_from_dict,
    meta_to_dict,
    review_from_dict,
    review_to_dict,
    reviewed_form,
)

# --- builders shared with test_sessions.py and test_export.py ---------------------------------

TEACHER_LINES = [
    "Goedemiddag, welkom! Gaat u zitten. Ik ben juf Eva.",
    "Ik stel voor dat we eerst kijken naar hoe het gaat en dan naar uw vragen.",
    "U maakt zich daar zorgen over, hoor ik.",
    "Wat merkt u thuis van school?",
    "Daan is echt een doorzetter, hij helpt ook graag anderen.",
    "Ik vat het even samen: we letten op het rekenen en we spreken over zes weken weer af.",
    "Zijn er nog vragen? Dank u wel voor uw komst, ik loop even mee.",
]
PARENT_LINE = "Ja, dat klopt wel, hij vertelt er thuis weinig over en dat vinden we lastig."


def make_transcript(turns: int = 14, words: bool = False) -> Transcript:
    """A talk of ``turns`` turns alternating teacher and parent, 6 s per turn."""
    result = []
    for index in range(turns):
        teacher = index % 2 == 0
        text = TEACHER_LINES[(index // 2) % len(TEACHER_LINES)] if teacher else PARENT_LINE
        start = 6.0 * index
        word_list = (
            [
                Word(start + 0.3 * n, start + 0.3 * n + 0.25, w, 0.9)
                for n, w in enumerate(text.split())
            ]
            if words
            else []
        )
        result.append(
            Turn(
                index=index,
                speaker="Leerkracht" if teacher else "Moeder",
                text=text,
                role="teacher" if teacher else "parent",
                start=start,
                end=start + 6.0,
                words=word_list,
            )
        )
    return Transcript(
        turns=result,
        speakers=[
            Speaker("Leerkracht", "teacher", guessed=False),
            Speaker("Moeder", "parent", guessed=True, reason="noemt haar kind"),
        ],
        source="rollenspel.txt",
        duration=6.0 * turns,
    )


def _finding(transcript: Transcript, item: str, turn: int, quote: str, rule: str) -> Finding:
    text = transcript.turns[turn].text
    start = text.index(quote)
    return Finding(
        item=item,
        turn=turn,
        quote=quote,
        char_start=start,
        char_end=start + len(quote),
        rule=rule,
        explanation="testregel",
        confidence=0.8,
        speaker=transcript.turns[turn].speaker,
        start=transcript.turns[turn].start,
        end=transcript.turns[turn].end,
    )


def make_analysis(turns: int = 14, words: bool = False) -> Analysis:
    """An analysis built from records directly (no NLP pipeline)."""
    transcript = make_transcript(turns, words)
    findings = [
        _finding(transcript, "welcome", 0, "welkom", "welcome.greeting"),
        _finding(transcript, "procedure_proposal", 2, "Ik stel voor", "procedure.propose"),
        _finding(transcript, "feeling_reflection", 4, "zorgen", "feeling.worry"),
        _finding(transcript, "asks_home", 6, "Wat merkt u thuis", "home.question"),
        _finding(transcript, "names_qualities", 8, "doorzetter", "quality.named"),
        _finding(transcript, "names_qualities", 8, "helpt ook graag", "quality.helps"),
        _finding(transcript, "summarise_check", 10, "Ik vat het even samen", "summary.start"),
        _finding(transcript, "any_questions", 12, "Zijn er nog vragen?", "questions.any"),
    ]
    detection = Detection(
        findings=findings,
        acts={6: ["open_question"], 12: ["closed_question"]},
        metrics=Metrics(parent_word_share=0.45, open_questions=1, closed_questions=1),
        suggestions=[Suggestion("compliment", "Mooie gevoelsreflectie.", "feeling.worry")],
    )
    return Analysis(transcript=transcript, detection=detection, form=fill_form(findings))


# --- tests --------------------------------------------------------------------------------------


def test_finding_key_is_item_turn_offset_rule():
    analysis = make_analysis()
    finding = analysis.detection.findings[0]

    assert finding_key(finding) == "welcome:0:13:welcome.greeting"


def test_pending_item_with_evidence_is_observed_and_unchanged():
    analysis = make_analysis()

    form = reviewed_form(analysis, Review())

    welcome = next(item for item in form if item.id == "welcome")
    assert welcome.observed
    assert welcome.coach_status == "pending"
    assert len(welcome.evidence) == 1
    assert [item.id for item in form] == list(load_form().item_ids)


def test_rejected_findings_leave_the_evidence():
    analysis = make_analysis()
    qualities = [f for f in analysis.detection.findings if f.item == "names_qualities"]
    review = Review(
        items={"names_qualities": ItemReview(rejected_findings=[finding_key(qualities[0])])}
    )

    item = next(i for i in reviewed_form(analysis, review) if i.id == "names_qualities")

    assert item.observed, "one unrejected finding is left"
    assert [f.quote for f in item.evidence] == ["helpt ook graag"]


def test_pending_item_with_all_findings_rejected_is_not_observed():
    analysis = make_analysis()
    welcome = next(f for f in analysis.detection.findings if f.item == "welcome")
    review = Review(items={"welcome": ItemReview(rejected_findings=[finding_key(welcome)])})

    item = next(i for i in reviewed_form(analysis, review) if i.id == "welcome")

    assert not item.observed
    assert item.evidence == []


def test_confirmed_item_without_evidence_is_observed_with_coach_fields():
    analysis = make_analysis()
    review = Review(
        items={
            "put_at_ease": ItemReview(
                status="confirmed", note="Zette koffie.", examples="Bood koffie aan"
            )
        }
    )

    item = next(i for i in reviewed_form(analysis, review) if i.id == "put_at_ease")

    assert item.observed
    assert item.coach_status == "confirmed"
    assert item.coach_note == "Zette koffie."
    assert item.coach_examples == "Bood koffie aan"


def test_rejected_item_is_not_observed_even_with_evidence():
    analysis = make_analysis()
    review = Review(items={"welcome": ItemReview(status="rejected")})

    item = next(i for i in reviewed_form(analysis, review) if i.id == "welcome")

    assert not item.observed
    assert len(item.evidence) == 1, "evidence not rejected one by one stays visible"


def test_reviewed_form_leaves_the_analysis_alone():
    analysis = make_analysis()
    review = Review(items={"welcome": ItemReview(status="rejected")})

    reviewed_form(analysis, review)

    assert analysis.form[0].observed
    assert analysis.form[0].coach_status == "pending"


@pytest.mark.parametrize(
    ("status", "evidence", "rejected", "expected"),
    [
        ("confirmed", [], [], True),
        ("rejected", ["a"], [], False),
        ("pending", ["a"], [], True),
        ("pending", ["a"], ["a"], False),
        ("pending", [], [], False),
    ],
)
def test_is_observed(status, evidence, rejected, expected):
    assert is_observed(status, evidence, rejected) is expected


def test_review_round_trips_through_json():
    review = Review(
        items={
            "welcome": ItemReview("confirmed", "Mooi", "„Welkom!”", ["welcome:0:13:x"]),
            "closing": ItemReview("rejected"),
        },
        compliment="Je stelde de ouder op zijn gemak.",
        tip="Vraag vaker door.",
        reflections=["Gevoelsreflecties", ""],
    )

    again = review_from_dict(json.loads(json.dumps(review_to_dict(review))))

    assert again == review


def test_meta_and_consent_round_trip():
    meta = SessionMeta("Rollenspel 1", "Eva de Vries", "groep 5", "10-minutengesprek", "2026-11-28")
    consent = Consent(True, "2026-11-28", "Eva de Vries", "Eva, moeder van Daan")

    assert meta_from_dict(meta_to_dict(meta)) == meta
    assert consent_from_dict(consent_to_dict(consent)) == consent
    assert meta.kind_label == "10-minutengesprek"


@pytest.mark.parametrize(
    "make",
    [
        lambda: ItemReview(status="maybe"),  # type: ignore[arg-type]
        lambda: SessionMeta(kind="sollicitatie"),  # type: ignore[arg-type]
        lambda: SessionMeta(date="28-11-2026"),
        lambda: Consent(confirmed=True, confirmed_at="gisteren"),
        lambda: item_review_from_dict({"status": "pending", "rejected_findings": "abc"}),
        lambda: review_from_dict(["not", "a", "dict"]),
    ],
)
def test_invalid_values_raise_a_review_error_with_dutch_text(make):
    with pytest.raises(ReviewError) as info:
        make()

    assert isinstance(info.value, AnalysisError)
    assert info.value.message_nl


def test_untouched_item_review_is_pending():
    assert Review().item("welcome") == ItemReview()
