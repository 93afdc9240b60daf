"""Metrics and suggestions from a small talk with and without times."""

from __future__ import annotations

import json

from analysis.codec import metrics_from_dict, metrics_to_dict
from analysis.metrics import compute_metrics, count_words
from analysis.records import Finding, Metrics, Transcript, Turn, WaitTimes
from analysis.suggestions import suggest


def _talk(times: bool) -> Transcript:
    rows = [
        ("Juf", "teacher", "Hoe gaat het thuis? (lacht)", 0.0, 4.0),
        ("Moeder", "parent", "Goed hoor, hij leest veel.", 6.0, 9.0),
        ("Juf", "teacher", "Slaapt hij goed? Eet hij goed?", 9.5, 12.0),
        ("Moeder", "parent", "Ja.", 13.0, 14.0),
        (
            "Juf",
            "teacher",
            "Mooi. Dan vertel ik nu hoe het in de klas gaat, want dat is belangrijk.",
            14.0,
            30.0,
        ),
    ]
    return Transcript(
        turns=[
            Turn(
                index=i,
                speaker=s,
                role=r,
                text=t,
                start=a if times else None,
                end=b if times else None,
            )
            for i, (s, r, t, a, b) in enumerate(rows)
        ]
    )


ACTS = {0: ["open_question"], 2: ["closed_question"]}
QUESTIONS = {0: ["open_question"], 2: ["closed_question", "closed_question"]}


def test_count_words_skips_stage_directions() -> None:
    assert count_words("Hoe gaat het thuis? (lacht)") == 4


def test_metrics_without_times() -> None:
    metrics = compute_metrics(_talk(times=False), ACTS, QUESTIONS)
    assert metrics.words_per_role == {"teacher": 25, "parent": 6}
    assert metrics.parent_word_share == 0.194
    assert metrics.turns_per_role == {"teacher": 3, "parent": 2}
    assert metrics.open_questions == 1 and metrics.closed_questions == 2
    assert metrics.open_question_share == 0.333
    assert metrics.longest_teacher_turn.turn == 4
    assert metrics.seconds_per_role is None
    assert metrics.questions_per_minute is None
    assert metrics.wait_after_question is None
    assert len(metrics.parent_share_by_slice) == 5


def test_metrics_with_times() -> None:
    metrics = compute_metrics(_talk(times=True), ACTS, QUESTIONS)
    assert metrics.seconds_per_role == {"teacher": 22.5, "parent": 4.0}
    assert metrics.talk_minutes == 0.5
    assert metrics.questions_per_minute == 6.0
    assert metrics.wait_after_question == WaitTimes(count=2, mean=1.5, median=1.5, shortest=1.0)


def test_suggestions_are_marked_and_grounded() -> None:
    metrics = compute_metrics(_talk(times=False), ACTS, QUESTIONS)
    finding = Finding(
        item="asks_home",
        turn=0,
        quote="Hoe gaat het thuis?",
        char_start=0,
        char_end=19,
        rule="thuis.vraag_thuis",
        explanation="Vraagt naar thuis.",
    )
    suggestions = suggest([finding], metrics)
    kinds = [s.kind for s in suggestions]
    assert kinds[0] == "compliment" and "tip" in kinds
    assert all(s.text.startswith("Suggestie: ") and s.basis for s in suggestions)
    assert any("parent_word_share" in s.basis for s in suggestions if s.kind == "tip")
    assert any("summarise_check" in s.basis for s in suggestions)


def test_suggestions_without_findings() -> None:
    suggestions = suggest([], Metrics(parent_word_share=0.5, turns_per_role={"teacher": 3}))
    assert suggestions[0].kind == "compliment"


def test_empty_talk_has_no_share_and_no_suggestions() -> None:
    metrics = compute_metrics(Transcript(turns=[]), {})
    assert metrics.parent_word_share is None
    assert suggest([], metrics) == []


def test_metrics_dict_keeps_the_contract_keys_and_round_trips() -> None:
    metrics = compute_metrics(_talk(times=True), ACTS, QUESTIONS)

    data = metrics_to_dict(metrics)

    assert list(data) == [
        "parent_word_share",
        "parent_share_by_slice",
        "words_per_role",
        "word_share_per_role",
        "turns_per_role",
        "longest_teacher_turn",
        "open_questions",
        "closed_questions",
        "open_question_share",
        "talk_minutes",
        "questions_per_minute",
        "seconds_per_role",
        "time_share_per_role",
        "wait_after_question",
    ]
    assert data["longest_teacher_turn"] == {"turn": 4, "words": 15, "seconds": 16.0}
    assert data["wait_after_question"]["count"] == 2
    assert metrics_from_dict(json.loads(json.dumps(data))) == metrics


def test_metrics_from_an_older_empty_dict_are_empty() -> None:
    assert metrics_from_dict({}) == Metrics()
