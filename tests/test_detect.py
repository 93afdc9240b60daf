"""Integration tests of the detector: a whole talk in, findings and acts out; the pipeline
adds metrics and suggestions; the dev-set scores as ``python -m analysis evaluate`` prints them."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from analysis.detect import SPANS_KEY, DetectorResult, build_nlp, detect
from analysis.metrics import compute_metrics
from analysis.pipeline import analyse
from analysis.records import Metrics, Transcript, Turn
from analysis.suggestions import suggest
from tests.conftest import DEV_SET, REPO


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
def detection(nlp) -> DetectorResult:
    return detect(_talk(TALK), nlp)


def _items(detection: DetectorResult) -> dict[int, set[str]]:
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


def test_questions_list_every_question_sentence(detection) -> None:
    assert detection.questions[2] == ["closed_question", "closed_question"]
    assert detection.acts[2] == ["closed_question"]
    assert set(detection.questions) == set(detection.acts)


def test_pipeline_adds_metrics_and_suggestions_to_the_detection(nlp, detection) -> None:
    transcript = _talk(TALK)

    result = analyse(transcript, nlp)

    metrics = result.detection.metrics
    assert isinstance(metrics, Metrics) and 0 < (metrics.parent_word_share or 0) < 1
    assert metrics == compute_metrics(transcript, detection.acts, detection.questions)
    assert metrics.closed_questions >= 3  # two questions in turn 2 count twice
    assert result.detection.findings == detection.findings
    assert result.detection.suggestions == suggest(detection.findings, metrics)
    assert all(s.text.startswith("Suggestie") for s in result.detection.suggestions)
    assert [item.id for item in result.form if item.observed]


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


def _evaluate(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "evaluate", str(DEV_SET), *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
@pytest.mark.skipif(not DEV_SET.is_dir(), reason="shared dev set not available")
def test_dev_set_scores_that_evaluate_prints_stay_above_floor() -> None:
    scores = json.loads(_evaluate("--json"))
    text = _evaluate()

    assert scores["item_macro_f1"] >= 0.85
    assert scores["act_macro_f1"] >= 0.85
    assert scores["form_accuracy"] >= 0.95
    printed = re.search(r"^item macro-F1\s+([\d.]+)$", text, re.MULTILINE)
    assert printed and float(printed.group(1)) == round(scores["item_macro_f1"], 3)
