"""The observation form as data."""

from __future__ import annotations

import pytest

from analysis.errors import RuleFileError
from analysis.form import fill_form, load_form, parse_form
from analysis.records import Finding

GUIDE_IDS = [
    "welcome", "put_at_ease",
    "procedure_proposal", "inventory_questions", "active_listening", "feeling_reflection",
    "basic_needs", "asks_home", "asks_parent_needs", "names_qualities",
    "growth_opportunities", "own_actions", "parent_strengths",
    "summarise_check", "agreements",
    "any_questions", "look_back", "asks_feedback", "closing",
]  # fmt: skip


def test_form_has_the_guides_items_in_order():
    form = load_form()
    assert list(form.item_ids) == GUIDE_IDS
    assert form.phases == ("Afstemmen", "Delen", "Zorgen", "Afspreken", "Afronden")
    assert form.item("asks_home").text == (
        "Vraagt naar de ervaringen met en het gedrag van het kind thuis"
    )
    assert len(form.reflection_questions) == 2
    assert "compliment" in form.compliment_prompt and "tip" in form.tip_prompt


def test_items_that_a_recording_cannot_fully_show_say_so():
    form = load_form()
    partial = {item.id for item in form.items if item.visibility == "partial"}
    assert partial == {"put_at_ease", "closing"}
    assert all(form.item(i).visibility_note for i in partial)


def test_fill_form_marks_observed_items_with_sorted_evidence():
    findings = [
        Finding("closing", 9, "Tot ziens", 0, 9, "r2", "afscheid"),
        Finding("welcome", 3, "Welkom", 4, 10, "r1", "groet"),
        Finding("welcome", 0, "Goedemiddag", 0, 11, "r1", "groet"),
    ]
    items = {item.id: item for item in fill_form(findings)}
    assert items["welcome"].observed and [f.turn for f in items["welcome"].evidence] == [0, 3]
    assert items["closing"].observed
    assert not items["look_back"].observed and items["look_back"].evidence == []


def test_fill_form_rejects_unknown_items():
    with pytest.raises(RuleFileError):
        fill_form([Finding("nonsense", 0, "x", 0, 1, "r", "e")])


def test_form_file_rejects_unknown_keys():
    data = {
        "title": "t",
        "examples_header": "v",
        "phases": [{"name": "A", "items": [{"id": "x", "text": "y", "colour": "red"}]}],
        "feedback": {"compliment": "c", "tip": "t"},
        "reflection_questions": [],
    }
    with pytest.raises(RuleFileError, match="colour"):
        parse_form(data)
