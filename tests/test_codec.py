"""One codec per record (analysis/codec.py): the store's lossless form reads back to equal
records, and the JSON contract's form is the same fields without the item, rounded."""

from __future__ import annotations

import json
from dataclasses import replace

from analysis.codec import (
    finding_from_dict,
    finding_to_dict,
    form_item_from_dict,
    form_item_to_dict,
    suggestion_from_dict,
    suggestion_to_dict,
)
from analysis.records import Finding, Suggestion, UncertainWord
from tests.test_review import make_analysis

UNSURE = (UncertainWord("zorgen", 12.5, 0.123456),)


def _finding() -> Finding:
    finding = make_analysis().detection.findings[2]
    return replace(finding, confidence=0.876543, uncertain_words=UNSURE, held_back=True)


def _through_json(data: object) -> object:
    return json.loads(json.dumps(data))


def test_a_finding_reads_back_equal_after_json():
    finding = _finding()

    assert finding_from_dict(_through_json(finding_to_dict(finding))) == finding


def test_every_form_item_and_suggestion_reads_back_equal():
    analysis = make_analysis()
    item = replace(analysis.form[0], evidence=[_finding()], visibility="partial")

    assert form_item_from_dict(_through_json(form_item_to_dict(item))) == item
    for suggestion in [*analysis.detection.suggestions, Suggestion("tip", "Vraag door.")]:
        assert suggestion_from_dict(_through_json(suggestion_to_dict(suggestion))) == suggestion


def test_the_contract_lists_evidence_without_its_item_and_rounded():
    finding = _finding()

    data = finding_to_dict(finding, contract=True)

    assert list(data) == [
        "turn",
        "quote",
        "start",
        "end",
        "speaker",
        "char_start",
        "char_end",
        "rule",
        "explanation",
        "confidence",
        "uncertain_words",
        "held_back",
    ]
    assert data["confidence"] == 0.877
    assert data["uncertain_words"] == [{"text": "zorgen", "start": 12.5, "probability": 0.123}]
    assert finding_to_dict(finding)["item"] == finding.item


def test_an_older_stored_finding_without_the_later_fields_gets_their_defaults():
    stored = {
        "item": "welcome",
        "turn": 0,
        "quote": "welkom",
        "char_start": 13,
        "char_end": 19,
        "rule": "welcome.greeting",
    }

    finding = finding_from_dict(stored)

    assert (finding.explanation, finding.confidence, finding.speaker) == ("", 1.0, "")
    assert (finding.start, finding.uncertain_words, finding.held_back) == (None, (), False)
