"""The words for an item's verdict on the reviewed form: one source for the app and the report.

An item is *gezien* when the final form counts it as observed; an item with a non-verbal part
(``visibility: partial``) that is not observed is *niet gezien in de opname* (whether the coach
rejected it or not: the recording cannot show it all); any other item is *niet gezien*.
"""

from __future__ import annotations

from typing import Literal

from analysis.records import FormItem

VerdictKind = Literal["seen", "not_seen", "not_visible"]

VERDICT_WORDS: dict[VerdictKind, str] = {
    "seen": "gezien",
    "not_seen": "niet gezien",
    "not_visible": "niet gezien in de opname",
}
#: The mark before the words in printed reports (the app shows an icon instead).
VERDICT_MARKS: dict[VerdictKind, str] = {"seen": "✓", "not_seen": "✗", "not_visible": "–"}


def verdict_kind(item: FormItem) -> VerdictKind:
    """The verdict of an item of the *reviewed* form (:func:`analysis.review.reviewed_form`)."""
    if item.observed:
        return "seen"
    if item.visibility == "partial":
        return "not_visible"
    return "not_seen"


def verdict_words(item: FormItem) -> str:
    """The Dutch words of :func:`verdict_kind` (``gezien``, ``niet gezien`` …)."""
    return VERDICT_WORDS[verdict_kind(item)]


def printed_verdict(item: FormItem) -> str:
    """The verdict as a report prints it: mark and words (``✓ gezien``)."""
    kind = verdict_kind(item)
    return f"{VERDICT_MARKS[kind]} {VERDICT_WORDS[kind]}"
