"""The statistical second opinion: shipped model, findings it adds, switching it off, training.

Real model and pipeline, offline; every sentence here is written for this test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from analysis.detect import build_nlp, detect
from analysis.detect.second_opinion import (
    ECHO_TOKEN,
    RULE_PREFIX,
    SETTINGS_FILE,
    apply_second_opinion,
    load_second_opinion,
    model_text,
    parent_texts,
    score_texts,
)
from analysis.form import load_form
from analysis.records import Finding, Transcript, Turn
from models.second_opinion import train as train_script

ROOT = Path(__file__).resolve().parents[1]
PARENT = "We zijn net verhuisd en hij kent nog niemand in de straat."
RESTATED = "Jullie zijn net verhuisd en hij kent nog niemand in de straat."
RESTATEMENT = f"Ja. {RESTATED}"


def talk(teacher: str = RESTATEMENT) -> Transcript:
    """A short talk: a welcome, the parent's news, the teacher's reply."""
    return Transcript(
        turns=[
            Turn(0, "Juf Anna", "Goedemiddag, komt u verder.", "teacher", 0.0, 3.0),
            Turn(1, "Moeder", PARENT, "parent", 3.0, 8.0),
            Turn(2, "Juf Anna", teacher, "teacher", 8.0, 14.0),
        ]
    )


def test_shipped_model_loads_and_scores_every_item() -> None:
    opinion = load_second_opinion()
    [scores] = score_texts(opinion.nlp, [RESTATEMENT], [PARENT] if opinion.context else None)
    assert set(scores) == set(load_form().item_ids)
    assert all(0.0 <= value <= 1.0 for value in scores.values())
    assert opinion.items, "the shipped settings name at least one item the model may add"
    for setting in opinion.items.values():
        assert 0.0 < setting.threshold < 1.0 and 0.0 < setting.confidence < 1.0


def test_model_text_reads_like_a_recogniser_and_marks_echoes() -> None:
    assert model_text("Dus, hij SLAAPT slecht?") == "dus hij slaapt slecht"
    marked = model_text("Dus hij slaapt slecht.", "Hij slaapt zo slecht, en eet ook slecht.")
    assert marked.split().count(ECHO_TOKEN) == 2  # slaapt, slecht (hij: too short)
    assert ECHO_TOKEN not in model_text("Dus hij slaapt slecht.", "Ze tekent graag.")


def test_parent_texts_are_the_words_since_the_teacher_turn_before() -> None:
    turns = [*talk().turns, Turn(3, "Vader", "Klopt.", "parent"), Turn(4, "Juf Anna", "Ja.")]
    assert parent_texts(turns, [0, 2, 4]) == ["", PARENT, "Klopt."]


def test_an_added_finding_carries_rule_explanation_quote_turn_and_time() -> None:
    # Arrange: the rules' findings are left out, so what the model adds does not depend on
    # which rules exist.
    opinion = load_second_opinion()
    transcript = talk()
    nlp = build_nlp()
    docs = [nlp(turn.text) for turn in transcript.turns]

    findings = apply_second_opinion(opinion, transcript.turns, docs, [])

    [finding] = findings
    assert finding.item == "active_listening"
    assert finding.rule == RULE_PREFIX + "active_listening"
    assert finding.turn == 2 and finding.speaker == "Juf Anna"
    assert (finding.start, finding.end) == (8.0, 14.0)
    assert finding.quote == RESTATED  # the sentence it scores highest, not "Ja."
    assert finding.quote == RESTATEMENT[finding.char_start : finding.char_end]
    shown = finding.explanation.removeprefix("Tweede mening (statistisch model, ").split(")")[0]
    assert float(shown.replace(",", ".")) >= opinion.items["active_listening"].threshold
    assert "geen regel" in finding.explanation
    assert finding.confidence == opinion.items["active_listening"].confidence


def test_nothing_is_added_where_a_rule_found_the_item() -> None:
    opinion = load_second_opinion()
    transcript = talk()
    nlp = build_nlp()
    docs = [nlp(turn.text) for turn in transcript.turns]
    by_rule = Finding("active_listening", 2, RESTATED, 4, len(RESTATEMENT), "r.x", "uitleg", 0.8)

    findings = apply_second_opinion(opinion, transcript.turns, docs, [by_rule])

    assert [f.rule for f in findings] == ["r.x"]


def test_it_is_off_by_default_as_its_settings_say() -> None:
    # With the session 7 rules no add-threshold helped on corpus dev, so the shipped settings
    # keep it off: detect() without the option adds no model finding.
    assert load_second_opinion().enabled is False
    transcript = talk()
    default = detect(transcript).findings
    assert not any(f.rule.startswith(RULE_PREFIX) for f in default)
    assert default == detect(transcript, second_opinion=False).findings


def test_a_pipeline_that_does_not_use_it_never_loads_its_model() -> None:
    # A real process: building the pipeline and analysing a talk with the shipped settings
    # (off) leaves the model unloaded; asking for it loads it.
    script = (
        "from analysis.detect import build_nlp, detect\n"
        "from analysis.detect.second_opinion import load_second_opinion\n"
        "from analysis.records import Transcript, Turn\n"
        "t = Transcript([Turn(0, 'Juf Anna', 'Fijn dat u er bent.', 'teacher', 0.0, 2.0)])\n"
        "build_nlp(); detect(t)\n"
        "print(load_second_opinion.cache_info().currsize)\n"
        "detect(t, second_opinion=True)\n"
        "print(load_second_opinion.cache_info().currsize)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.split() == ["0", "1"]


def test_turning_it_off_removes_its_findings_and_keeps_the_rules() -> None:
    transcript = talk()
    on = detect(transcript, second_opinion=True).findings
    off = detect(transcript, second_opinion=False).findings
    assert not [f for f in off if f.rule.startswith(RULE_PREFIX)]
    same = [(f.turn, f.item, f.rule, f.quote) for f in on if not f.rule.startswith(RULE_PREFIX)]
    assert same == [(f.turn, f.item, f.rule, f.quote) for f in off]
    # With it on, the model's scores moved the rules' confidences (the welcome at least).
    assert [f.confidence for f in on if f.turn == 0] != [f.confidence for f in off if f.turn == 0]


def _rule_finding(teacher: str, item: str, second_opinion: bool) -> Finding:
    findings = detect(talk(teacher), second_opinion=second_opinion).findings
    [finding] = [f for f in findings if f.turn == 2 and f.item == item]
    return finding


def test_a_rule_finding_the_model_agrees_with_gains_confidence() -> None:
    question = "Hoe gaat het thuis met slapen?"
    off = _rule_finding(question, "asks_home", second_opinion=False)
    on = _rule_finding(question, "asks_home", second_opinion=True)
    assert (on.rule, on.quote) == (off.rule, off.quote)
    assert on.confidence > off.confidence
    assert on.explanation == off.explanation


def test_a_rule_finding_the_model_doubts_loses_confidence_and_says_why() -> None:
    # The model scores this turn-final goodbye low for closing (mechanism, not a verdict).
    goodbye = "Ik ga nu naar huis, fijne avond."
    opinion = load_second_opinion()
    [scores] = score_texts(opinion.nlp, [goodbye], [PARENT])
    band = next(b for b in opinion.bands if scores["closing"] < b.below)
    assert band.shift < 0, (scores["closing"], band)
    off = _rule_finding(goodbye, "closing", second_opinion=False)
    on = _rule_finding(goodbye, "closing", second_opinion=True)
    assert (on.rule, on.quote) == (off.rule, off.quote)
    assert on.confidence == round(off.confidence + band.shift, 2)
    assert on.explanation.startswith(off.explanation)
    assert "twijfelt" in on.explanation


def test_no_finding_where_the_teacher_repeats_nothing() -> None:
    transcript = talk("Zullen we dan beginnen met het rapport van dit jaar?")
    findings = detect(transcript, second_opinion=True).findings
    assert not [f for f in findings if f.rule.startswith(RULE_PREFIX)]


def test_training_script_runs_end_to_end_on_a_tiny_subset(tmp_path: Path) -> None:
    out = tmp_path / "second_opinion"
    args = ["--train", "train", "--tune", "dev", "--limit", "1", "--epochs", "1", "--context"]
    train_script.main([*args, "--out", str(out)])
    settings = yaml.safe_load((out / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert settings["trained_on"] == "train" and settings["tuned_on"] == "dev"
    assert settings["context"] is True and settings["enabled"] is False
    assert settings["bands"], "the rule findings of the tuning talk fall in some band"
    assert {band["below"] for band in settings["bands"]} <= set(train_script.BANDS)
    assert set(settings["tuning"]) == set(load_form().item_ids)
    opinion = load_second_opinion.__wrapped__(out)
    [scores] = score_texts(opinion.nlp, [RESTATEMENT], [PARENT])
    assert set(scores) == set(load_form().item_ids)


def test_training_script_refuses_the_test_split(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        train_script.main(["--train", "train,test", "--out", str(tmp_path)])
