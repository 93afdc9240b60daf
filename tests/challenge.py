"""Shared harness of the challenge sets (our own sentences per item, `tests/test_*_general.py`).

A case is ``(item, position, text, before)``: the teacher's ``text`` at ``position`` in the talk
(0 = start, 1 = end) after the parent's ``before``; a set lists the cases it must find and the
near misses it must not, plus the ones the rules do not reach yet (strict xfail, so a fix shows).
"""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from analysis.detect import build_nlp, rules_in_text
from analysis.detect.rulefiles import load_rules

Case = tuple[str, float, str, str]

ITEM_OF_RULE = {rule.id: rule.item for rule in load_rules()}


def items_found(nlp: Language, text: str, before: str, position: float) -> set[str]:
    """The form items the rules find in ``text`` after ``before`` at ``position``."""
    return {ITEM_OF_RULE[rule] for rule in rules_in_text(text, before, position, nlp)}


def known_case(case: Case, known: set[str]) -> Any:
    """``case`` as a pytest parameter, a strict xfail when its text is in ``known``."""
    mark = pytest.mark.xfail(strict=True, reason="not reached yet") if case[2] in known else ()
    return pytest.param(*case, marks=mark, id=f"{case[0]}-{case[2][:40]}")


def report(found: list[Case], not_found: list[Case]) -> None:
    """Print recall and precision per item on a set (precision over its near misses only)."""
    nlp = build_nlp()
    for item in sorted({case[0] for case in found}):
        pos = [c for c in found if c[0] == item]
        neg = [c for c in not_found if c[0] == item]
        tp = [c[2] for c in pos if item in items_found(nlp, c[2], c[3], c[1])]
        fp = [c[2] for c in neg if item in items_found(nlp, c[2], c[3], c[1])]
        precision = len(tp) / (len(tp) + len(fp)) if tp or fp else 0.0
        print(
            f"{item}: recall {len(tp)}/{len(pos)} = {len(tp) / len(pos):.2f}, "
            f"false alarms {len(fp)}/{len(neg)}, precision {precision:.2f}"
        )
        for text in sorted({c[2] for c in pos} - set(tp)):
            print(f"   miss: {text}")
        for text in fp:
            print(f"   false: {text}")
