"""Integration tests of the detector: a whole talk in, findings, acts and metrics out."""

from __future__ import annotations

import json

import pytest

from analysis.detect import SPANS_KEY, build_nlp, detect
from analysis.records import Detection, Transcript, Turn
from tests.conftest import DEV_SET, dev_set_files


def _talk(lines: list[tuple[str, str, str]]) -> Transcript:
    return Transcript(
        turns=[Turn(index=i, speaker=s, role=r, text=t) for i, (s, r, t) in enumerate(lines)]
    )


TALK = [
    ("Juf", "teacher", "Goedemiddag, komt u binnen. Fijn dat u er bent."),
    ("Moeder", "parent", "Dank u."),
    ("Juf", "teacher", "Wilt u iets drinken? Koffie of thee?"),
    ("Moeder", "parent", "Graag koffie."),
    ("Juf", "teacher", "We hebben een kwartier. Ik stel voor dat ik eerst vertel hoe het gaat."),
    ("Moeder", "parent", "Prima."),
    ("Juf", "teacher", "Zijn er dingen die u vandaag wilt bespreken?"),
    ("Moeder", "parent", "Ja, zijn huiswerk. Hij vergeet het vaak en dan wordt hij boos."),
    ("Juf", "teacher", "Hij vergeet zijn huiswerk vaak. Hoe gaat dat thuis?"),
    ("Moeder", "parent", "Elke avond ruzie. Ik word er moe van."),
    ("Juf", "teacher", "Dat vindt u zwaar, hoor ik."),
    ("Moeder", "parent", "Ja."),
    ("Juf", "teacher", "Hij is heel behulpzaam in de klas en hij heeft veel vriendjes."),
    ("Moeder", "parent", "Fijn om te horen."),
    ("Juf", "teacher", "Ik zet hem voortaan vooraan bij de instructietafel."),
    ("Moeder", "parent", "Goed."),
    ("Juf", "teacher", "Dan spreken we af dat ik u over twee weken bel."),
    ("Moeder", "parent", "Prima."),
    ("Juf", "teacher", "Heeft u verder nog vragen?"),
    ("Moeder", "parent", "Nee."),
    ("Juf", "teacher", "Dank u wel voor uw komst. Tot ziens!"),
]


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.fixture(scope="module")
def detection(nlp) -> Detection:
    return detect(_talk(TALK), nlp)


def _items(detection: Detection) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for finding in detection.findings:
        out.setdefault(finding.turn, set()).add(finding.item)
    return out


@pytest.mark.parametrize(
    ("turn", "item"),
    [
        (0, "welcome"),
        (2, "put_at_ease"),
        (4, "procedure_proposal"),
        (6, "inventory_questions"),
        (8, "active_listening"),
        (8, "asks_home"),
        (10, "feeling_reflection"),
        (12, "names_qualities"),
        (12, "basic_needs"),
        (14, "own_actions"),
        (16, "agreements"),
        (18, "any_questions"),
        (20, "closing"),
    ],
)
def test_talk_items_found(detection, turn: int, item: str) -> None:
    assert item in _items(detection).get(turn, set())


def test_only_teacher_turns_get_items_and_acts(detection) -> None:
    teacher = {i for i, (_, role, _) in enumerate(TALK) if role == "teacher"}
    assert {f.turn for f in detection.findings} <= teacher
    assert set(detection.acts) <= teacher


def test_findings_quote_their_turn(detection) -> None:
    for finding in detection.findings:
        text = TALK[finding.turn][2]
        assert text[finding.char_start : finding.char_end] == finding.quote
        assert finding.rule and finding.explanation
        assert 0 < finding.confidence <= 1
        assert finding.speaker == "Juf"


def test_acts_open_and_closed(detection) -> None:
    assert detection.acts[8] == ["open_question"]
    assert detection.acts[18] == ["closed_question"]
    assert 10 not in detection.acts


def test_metrics_and_suggestions_present(detection) -> None:
    assert 0 < detection.metrics["parent_word_share"] < 1
    assert detection.suggestions
    assert all(s.text.startswith("Suggestie") for s in detection.suggestions)


def test_summary_turn_is_not_active_listening(nlp) -> None:
    talk = _talk(
        [
            *TALK[:-1],
            ("Juf", "teacher", "Als ik het samenvat: hij vergeet zijn huiswerk vaak. Klopt dat?"),
        ]
    )
    last = len(talk.turns) - 1
    items = _items(detect(talk, nlp)).get(last, set())
    assert "summarise_check" in items
    assert "active_listening" not in items


def test_spans_carry_rule_ids(nlp) -> None:
    doc = nlp("Hij heeft veel vriendjes in de klas.")
    spans = doc.spans[SPANS_KEY]
    assert spans and all(span.id_ and span.label_ == "basic_needs" for span in spans)


def _macro_f1(nlp) -> tuple[float, float]:
    from analysis.transcript_io import read_transcript

    items: dict[str, list[int]] = {}
    form_hits = form_total = 0
    for path in dev_set_files():
        labels = json.loads(path.with_name(path.stem + ".labels.json").read_text())
        gold = {t["i"]: set(t["items"]) for t in labels["turns"]}
        transcript = read_transcript(path)
        found = _items(detect(transcript, nlp))
        for turn in transcript.turns:
            if turn.role != "teacher":
                continue
            for item in gold.get(turn.index, set()) | found.get(turn.index, set()):
                counts = items.setdefault(item, [0, 0, 0])
                g, p = item in gold.get(turn.index, set()), item in found.get(turn.index, set())
                counts[0] += g and p
                counts[1] += p and not g
                counts[2] += g and not p
        seen = {i for s in found.values() for i in s}
        for item, observed in labels["form"].items():
            form_total += 1
            form_hits += observed == (item in seen)
    f1s = [2 * tp / (2 * tp + fp + fn) for tp, fp, fn in items.values() if tp + fp + fn]
    return sum(f1s) / len(f1s), form_hits / form_total


@pytest.mark.slow
@pytest.mark.skipif(not DEV_SET.is_dir(), reason="shared dev set not available")
def test_dev_set_scores_stay_above_floor(nlp) -> None:
    macro_f1, form_accuracy = _macro_f1(nlp)
    assert macro_f1 >= 0.85
    assert form_accuracy >= 0.95
