"""Suggested compliment and tips for the coach, from the findings and the metrics.

The coach writes the real compliment and tip; these are clearly marked suggestions: the text
itself starts with "Suggestie: " (so a page shows it as is, never adding the mark again), each
with its basis. Item names come from the form definition (:func:`analysis.form.load_form`),
never from text copied here. :func:`suggest_reviewed` suggests from the coach's reviewed form:
no quote the coach marked *klopt niet*, nothing from an item the coach rejected.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

from analysis.data_files import load_yaml
from analysis.errors import AnalysisError, RuleFileError
from analysis.form import load_form
from analysis.records import Finding, FormItem, Metrics, Suggestion

logger = logging.getLogger(__name__)

PREFIX = "Suggestie: "
SUGGESTION_FILE = "suggestions.yaml"
LOW_PARENT_SHARE = 0.25
GOOD_PARENT_SHARE = 0.4
LOW_OPEN_SHARE = 0.3
MIN_QUESTIONS = 3


@dataclass(frozen=True, slots=True)
class SuggestionItems:
    """The form items suggestions look at (``suggestions.yaml``): ``trust`` items a compliment
    prefers, ``tips`` items whose absence is worth a tip, most important first."""

    trust: tuple[str, ...]
    tips: tuple[str, ...]


@lru_cache(maxsize=1)
def load_suggestion_items() -> SuggestionItems:
    """The item lists of ``suggestions.yaml``, checked against the form's item ids."""
    return parse_suggestion_items(load_yaml(SUGGESTION_FILE), load_form().item_ids)


def parse_suggestion_items(data: object, item_ids: Iterable[str]) -> SuggestionItems:
    """``trust_items`` and ``tip_items`` of a parsed suggestion file; an id the form does not
    have, or a missing or empty list, is a :class:`RuleFileError`."""
    known = set(item_ids)
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("trust_items", "tip_items"):
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise RuleFileError(
                f"{SUGGESTION_FILE}: {key} must be a non-empty list of item ids",
                f"{SUGGESTION_FILE}: '{key}' moet een lijst met onderdelen zijn.",
            )
        unknown = sorted(set(value) - known)
        if unknown:
            raise RuleFileError(
                f"{SUGGESTION_FILE}: {key} names unknown item {unknown[0]!r}",
                f"{SUGGESTION_FILE}: '{key}' noemt een onbekend onderdeel: {unknown[0]}.",
            )
        lists[key] = tuple(value)
    return SuggestionItems(trust=lists["trust_items"], tips=lists["tip_items"])


def _item_texts() -> dict[str, str]:
    """Dutch item texts from the form; the ids themselves when the form cannot be read."""
    try:
        return {item.id: item.text for item in load_form().items}
    except (AnalysisError, OSError) as exc:
        logger.warning("form definition unavailable for suggestions: %s", exc)
        return {}


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def suggest(
    findings: Iterable[Finding],
    metrics: Metrics,
    confirmed: Collection[str] = (),
) -> list[Suggestion]:
    """At most two compliments and three tips, strongest first.

    ``confirmed`` holds item ids the coach confirmed: never a tip that they were missing.
    """
    findings = list(findings)
    if not metrics.turns_per_role.get("teacher"):
        return []  # no teacher turns: nothing to say about the teacher
    names = _item_texts()
    chosen = load_suggestion_items()

    def name(item: str) -> str:
        return f"'{names.get(item, item)}'"

    turns_by_item: dict[str, set[int]] = defaultdict(set)
    best_quote: dict[str, Finding] = {}
    for finding in findings:
        turns_by_item[finding.item].add(finding.turn)
        if (
            finding.item not in best_quote
            or finding.confidence > best_quote[finding.item].confidence
        ):
            best_quote[finding.item] = finding
    counts = Counter({item: len(turns) for item, turns in turns_by_item.items()})

    compliments: list[Suggestion] = []
    trust_seen = [item for item in chosen.trust if counts[item]]
    if trust_seen:
        top = max(trust_seen, key=lambda item: (counts[item], -chosen.trust.index(item)))
        quote = best_quote[top].quote.strip()
        compliments.append(
            Suggestion(
                kind="compliment",
                text=(
                    f"{PREFIX}je liet vaak zien: {name(top)} ({counts[top]} keer), "
                    f'bijvoorbeeld: "{quote}"'
                ),
                basis=f"{top}: {counts[top]} beurten met bewijs",
            )
        )
    parent_share = metrics.parent_word_share
    if parent_share is not None and parent_share >= GOOD_PARENT_SHARE:
        compliments.append(
            Suggestion(
                kind="compliment",
                text=(
                    f"{PREFIX}je gaf de ouder veel ruimte: de ouder sprak "
                    f"{_percent(parent_share)} van de woorden."
                ),
                basis=f"parent_word_share = {parent_share}",
            )
        )
    if not compliments and counts:
        top = counts.most_common(1)[0][0]
        compliments.append(
            Suggestion(
                kind="compliment",
                text=f"{PREFIX}sterk was {name(top)} ({counts[top]} keer).",
                basis=f"{top}: {counts[top]} beurten met bewijs",
            )
        )

    tips: list[Suggestion] = []
    if parent_share is not None and parent_share < LOW_PARENT_SHARE:
        tips.append(
            Suggestion(
                kind="tip",
                text=(
                    f"{PREFIX}de ouder sprak maar {_percent(parent_share)} van de woorden. "
                    "Stel meer open vragen en laat stiltes vallen, zodat de ouder ruimte krijgt."
                ),
                basis=f"parent_word_share = {parent_share}",
            )
        )
    open_share = metrics.open_question_share
    asked = metrics.open_questions + metrics.closed_questions
    if open_share is not None and asked >= MIN_QUESTIONS and open_share < LOW_OPEN_SHARE:
        tips.append(
            Suggestion(
                kind="tip",
                text=(
                    f"{PREFIX}van je {asked} vragen was {_percent(open_share)} open. Begin vaker "
                    "met 'hoe', 'wat' of 'vertel eens', dan vertelt de ouder meer."
                ),
                basis=f"open_question_share = {open_share} over {asked} vragen",
            )
        )
    for item in chosen.tips:
        if not counts[item] and item not in confirmed:
            tips.append(
                Suggestion(
                    kind="tip",
                    text=f"{PREFIX}{name(item)} zag ik niet terug in dit gesprek.",
                    basis=f"{item}: geen bewijs gevonden",
                )
            )
    return compliments[:2] + tips[:3]


def suggest_reviewed(items: Iterable[FormItem], metrics: Metrics) -> list[Suggestion]:
    """:func:`suggest` on the coach's reviewed form (:func:`analysis.review.reviewed_form`):
    only findings the coach kept (not marked *klopt niet*, not of a rejected item, not held
    back unless the item is confirmed); confirmed items never get a "missing" tip."""
    items = list(items)
    kept = [
        finding
        for item in items
        if item.coach_status != "rejected"
        for finding in item.evidence
        if not (finding.held_back and item.coach_status != "confirmed")
    ]
    confirmed = {item.id for item in items if item.coach_status == "confirmed"}
    return suggest(kept, metrics, confirmed)
