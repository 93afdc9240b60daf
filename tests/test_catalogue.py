"""The rule catalogue (docs/rules.md) names every check in Dutch and is current."""

from __future__ import annotations

from pathlib import Path

from analysis.detect.catalogue import CONTEXT_NAMES, render
from analysis.detect.context import REGISTRY

ROOT = Path(__file__).resolve().parents[1]


def test_every_registered_context_check_has_a_dutch_name() -> None:
    missing = sorted(set(REGISTRY) - set(CONTEXT_NAMES))
    assert missing == [], f"add a Dutch name to catalogue.CONTEXT_NAMES for {missing}"


def test_no_name_for_a_check_that_does_not_exist() -> None:
    assert sorted(set(CONTEXT_NAMES) - set(REGISTRY)) == []


def test_docs_rules_md_is_generated_from_the_current_rule_files() -> None:
    written = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert written == render(), (
        "docs/rules.md is stale: python -m analysis.detect.catalogue --out docs/rules.md"
    )
