"""The form items that suggestions look at are data (analysis/suggestions.yaml), checked
against the form's item ids."""

from __future__ import annotations

import pytest

from analysis.errors import RuleFileError
from analysis.form import load_form
from analysis.suggestions import load_suggestion_items, parse_suggestion_items


def test_shipped_suggestion_items_are_form_items() -> None:
    chosen = load_suggestion_items()
    ids = set(load_form().item_ids)
    assert chosen.trust and set(chosen.trust) <= ids
    assert chosen.tips and set(chosen.tips) <= ids
    assert chosen.tips[0] == "summarise_check"


def test_unknown_item_id_is_rejected() -> None:
    data = {"trust_items": ["welcome"], "tip_items": ["no_such_item"]}
    with pytest.raises(RuleFileError, match="no_such_item"):
        parse_suggestion_items(data, ["welcome", "closing"])


@pytest.mark.parametrize(
    "data", [{"trust_items": ["welcome"]}, {"trust_items": [], "tip_items": ["welcome"]}, []]
)
def test_missing_or_empty_list_is_rejected(data: object) -> None:
    with pytest.raises(RuleFileError):
        parse_suggestion_items(data, ["welcome"])
