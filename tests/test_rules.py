"""Every rule's and question cue's own examples, straight from the rule files (regression).

Positive examples must fire the rule, negative ones must not. Examples carry their context
(what the parent said before, where in the talk) when the rule needs it.
"""

from __future__ import annotations

import pytest

from analysis.detect import QUESTIONS_KEY, build_nlp, rules_in_text
from analysis.detect.components import QuestionTagger
from analysis.detect.rulefiles import Example, load_question_cues, load_rules
from analysis.form import load_form

RULES = load_rules()
CUES = load_question_cues()


def _cases(kind: str) -> list[pytest.param]:
    out = []
    for rule in RULES:
        examples: tuple[Example, ...] = rule.positive if kind == "positive" else rule.negative
        for n, example in enumerate(examples):
            out.append(pytest.param(rule.id, example, id=f"{rule.id}-{kind}{n}"))
    return out


def _cue_cases(kind: str) -> list[pytest.param]:
    out = []
    for cue in CUES:
        examples = cue.positive if kind == "positive" else cue.negative
        for n, example in enumerate(examples):
            out.append(pytest.param(cue.id, example.text, id=f"{cue.id}-{kind}{n}"))
    return out


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.mark.parametrize(("rule_id", "example"), _cases("positive"))
def test_rule_positive_example_fires(nlp, rule_id: str, example: Example) -> None:
    # Arrange / Act
    found = rules_in_text(example.text, example.before, example.position, nlp, example.after)
    # Assert
    assert rule_id in found, f"{rule_id} missed: {example.text!r} (found {sorted(found)})"


@pytest.mark.parametrize(("rule_id", "example"), _cases("negative"))
def test_rule_negative_example_stays_silent(nlp, rule_id: str, example: Example) -> None:
    found = rules_in_text(example.text, example.before, example.position, nlp, example.after)
    assert rule_id not in found, f"{rule_id} fired on {example.text!r}"


def _matched_cues(nlp, text: str) -> set[str]:
    tagger: QuestionTagger = nlp.get_pipe("gesprek_vragen")
    doc = nlp(text)
    return {cue for kinds in tagger.cues_by_sentence(doc).values() for cue in kinds.values()}


@pytest.mark.parametrize(("cue_id", "text"), _cue_cases("positive"))
def test_cue_positive_example_matches(nlp, cue_id: str, text: str) -> None:
    assert cue_id in _matched_cues(nlp, text)


@pytest.mark.parametrize(("cue_id", "text"), _cue_cases("negative"))
def test_cue_negative_example_does_not_match(nlp, cue_id: str, text: str) -> None:
    assert cue_id not in _matched_cues(nlp, text)


def test_every_item_of_the_form_has_a_rule() -> None:
    assert {rule.item for rule in RULES} == set(load_form().item_ids)


def test_question_spans_key_is_set(nlp) -> None:
    doc = nlp("Hoe gaat het thuis?")
    assert QUESTIONS_KEY in doc.spans
