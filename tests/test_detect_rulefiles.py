"""Unit tests of rule-file loading: schema errors name the file and line; lexicons expand."""

from __future__ import annotations

import pytest
import spacy

from analysis.detect import rulefiles, yaml_nodes
from analysis.detect.components import SentenceSplitter
from analysis.errors import RuleFileError

GOOD_RULE = """\
rules:
  - id: test.regel
    item: welcome
    explanation: Begroet.
    patterns:
      - [{LOWER: {IN: "@greetings"}}]
    examples:
      positive: [Goedemiddag.]
      negative: [Dag hoor.]
"""


@pytest.fixture
def rule_text(monkeypatch):
    """Serve ``behaviours.yaml`` from a string instead of the package."""
    texts: dict[str, str] = {}
    real_read = yaml_nodes.read_data

    def fake_read(name: str) -> str:
        return texts[name] if name in texts else real_read(name)

    monkeypatch.setattr(yaml_nodes, "read_data", fake_read)
    rulefiles.load_rules.cache_clear()
    yield texts
    rulefiles.load_rules.cache_clear()


def test_lexicon_reference_is_expanded(rule_text) -> None:
    rule_text["test.yaml"] = GOOD_RULE
    (rule,) = rulefiles.load_rules("test.yaml")
    values = rule.patterns[0][0]["LOWER"]["IN"]
    assert "goedemiddag" in values and "@greetings" not in values


def test_unknown_key_is_rejected_with_line(rule_text) -> None:
    rule_text["test.yaml"] = GOOD_RULE.replace(
        "    explanation:", "    explanaton: x\n    explanation:"
    )
    with pytest.raises(RuleFileError, match=r"test\.yaml:4: .*unknown key 'explanaton'"):
        rulefiles.load_rules("test.yaml")


def test_unknown_where_key_is_rejected(rule_text) -> None:
    rule_text["test.yaml"] = GOOD_RULE.replace(
        "    examples:", "    where: {positon: [0, 1]}\n    examples:"
    )
    with pytest.raises(RuleFileError, match=r"test\.yaml:\d+: .*unknown key 'positon'"):
        rulefiles.load_rules("test.yaml")


def test_unknown_lexicon_is_rejected(rule_text) -> None:
    rule_text["test.yaml"] = GOOD_RULE.replace("@greetings", "@groeten")
    with pytest.raises(RuleFileError, match=r"test\.yaml:6: unknown lexicon '@groeten'"):
        rulefiles.load_rules("test.yaml")


def test_unknown_item_is_rejected(rule_text) -> None:
    rule_text["test.yaml"] = GOOD_RULE.replace("item: welcome", "item: wellcome")
    with pytest.raises(RuleFileError, match="unknown item 'wellcome'"):
        rulefiles.load_rules("test.yaml")


def test_rule_needs_examples_on_both_sides(rule_text) -> None:
    rule_text["test.yaml"] = GOOD_RULE.replace("negative: [Dag hoor.]", "negative: []")
    with pytest.raises(RuleFileError, match="at least one positive and one negative"):
        rulefiles.load_rules("test.yaml")


def test_yaml_syntax_error_names_line(rule_text) -> None:
    rule_text["test.yaml"] = "rules:\n  - id: [unclosed\n"
    with pytest.raises(RuleFileError, match=r"test\.yaml:\d+"):
        rulefiles.load_rules("test.yaml")


def test_invalid_token_pattern_names_rule(rule_text) -> None:
    from analysis.detect.components import BehaviourMatcher

    rule_text["test.yaml"] = GOOD_RULE.replace('{LOWER: {IN: "@greetings"}}', "{LOWR: goed}")
    with pytest.raises(RuleFileError, match=r"test\.yaml:2: rule 'test.regel' has an invalid"):
        BehaviourMatcher(spacy.blank("nl"), "test.yaml")


def test_shipped_files_load() -> None:
    assert len(rulefiles.load_rules()) > 40
    assert rulefiles.load_question_cues()
    assert "feeling_words" in rulefiles.load_lexicons()


def test_sentence_splitter_splits_glued_full_stop() -> None:
    nlp = spacy.blank("nl")
    doc = SentenceSplitter()(nlp("U kent Jesse het best. Wat helpt hem thuis?"))
    assert [s.text for s in doc.sents] == ["U kent Jesse het best.", "Wat helpt hem thuis?"]


def test_blank_pipeline_still_finds_lexical_behaviours() -> None:
    from analysis.detect import SPANS_KEY, add_components

    nlp = add_components(spacy.blank("nl"))
    doc = nlp("Goedemiddag! Komt u binnen.")
    assert {span.label_ for span in doc.spans[SPANS_KEY]} == {"welcome"}


def test_sentence_splitter_keeps_title_abbreviations() -> None:
    nlp = spacy.blank("nl")
    doc = SentenceSplitter()(nlp("Goedemiddag mevr. Jansen, komt u binnen."))
    assert len(list(doc.sents)) == 1


# --- one registry of context checks ----------------------------------------------------------


def test_every_context_in_the_rule_files_is_registered_once() -> None:
    from analysis.detect.context import REGISTRY

    used = {rule.where.context for rule in rulefiles.load_rules() if rule.where.context}
    assert used <= set(REGISTRY)
    assert [c.name for c in REGISTRY.values()].count("after_parent") == 1


def test_registering_a_context_check_twice_is_rejected() -> None:
    from analysis.detect.context import REGISTRY, check_echo, register

    with pytest.raises(RuleFileError, match="registered twice"):
        register("echo", check_echo, order=99)
    assert REGISTRY["echo"].order == 60


def test_patterns_that_make_a_finder_check_dead_are_rejected(rule_text) -> None:
    rule_text["test.yaml"] = GOOD_RULE.replace(
        "    examples:", "    where: {context: echo}\n    examples:"
    )
    with pytest.raises(RuleFileError, match=r"test\.yaml:2: .*make context check 'echo' dead"):
        rulefiles.load_rules("test.yaml")


def test_a_gate_check_without_patterns_is_rejected(rule_text) -> None:
    rule_text["test.yaml"] = GOOD_RULE.replace(
        '    patterns:\n      - [{LOWER: {IN: "@greetings"}}]\n',
        "    where: {context: after_parent}\n",
    )
    with pytest.raises(RuleFileError, match="gate check 'after_parent' needs patterns"):
        rulefiles.load_rules("test.yaml")


def test_an_unknown_context_names_the_registered_ones(rule_text) -> None:
    rule_text["test.yaml"] = GOOD_RULE.replace(
        "    examples:", "    where: {context: no_such_check}\n    examples:"
    )
    with pytest.raises(RuleFileError, match=r"context must be one of .*after_parent"):
        rulefiles.load_rules("test.yaml")
