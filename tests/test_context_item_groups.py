"""The item groups the context checks use are data (analysis/detect/data/item_groups.yaml)."""

from __future__ import annotations

from analysis.detect.context import item_groups
from analysis.form import load_form


def test_item_groups_are_form_items() -> None:
    groups = item_groups()
    ids = set(load_form().item_ids)
    for group in (groups.formula, groups.business, groups.not_home):
        assert group and group <= ids
    assert "welcome" in groups.formula
    assert "procedure_proposal" in groups.business
    assert "parent_strengths" in groups.not_home
