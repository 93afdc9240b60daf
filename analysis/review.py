"""The coach's review of an analysed talk, as data.

The detectors pre-fill the form; the coach then confirms or rejects each item, overrules single
findings, writes examples and notes, a compliment, a tip and the reflection answers. These
records hold that review (and the talk's meta data and consent record) apart from the
:class:`~analysis.records.Analysis`, so the analysis can be recomputed without losing the
coach's work. :func:`reviewed_form` merges both into the final form.

Every record converts to and from JSON-able dicts; ``*_from_dict`` validate their input and raise
:class:`ReviewError` (with a Dutch message) for bad values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

from analysis.errors import AnalysisError
from analysis.records import COACH_STATUSES, Analysis, CoachStatus, Finding, FormItem

SessionKind = Literal["kennismakingsgesprek", "10-minutengesprek", "zorggesprek", "anders"]
SESSION_KINDS: tuple[str, ...] = get_args(SessionKind)

#: Dutch labels of the kinds of talk, for selects and exports.
KIND_LABELS: dict[str, str] = {
    "kennismakingsgesprek": "Kennismakingsgesprek",
    "10-minutengesprek": "10-minutengesprek",
    "zorggesprek": "Zorggesprek",
    "anders": "Ander gesprek",
}


class ReviewError(AnalysisError):
    """A review, consent or meta record holds an invalid value."""


def _check_date(value: str, what: str) -> str:
    """``value`` when it is empty or an ISO date (``YYYY-MM-DD``, a time part is allowed)."""
    if not value:
        return value
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise ReviewError(
            f"{what}: not an ISO date: {value!r}",
            f"{what}: '{value}' is geen geldige datum (verwacht JJJJ-MM-DD).",
        ) from exc
    return value


@dataclass(slots=True)
class ItemReview:
    """The coach's verdict on one form item.

    ``status`` is about the whole item: did the teacher show the behaviour? ``examples`` fills
    the form's "Voorbeelden" column; ``rejected_findings`` holds the :func:`finding_key` of each
    detector finding the coach overruled.
    """

    status: CoachStatus = "pending"
    note: str = ""
    examples: str = ""
    rejected_findings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.status not in COACH_STATUSES:
            raise ReviewError(
                f"unknown review status {self.status!r} (choose from {', '.join(COACH_STATUSES)})",
                f"Onbekende beoordeling '{self.status}'.",
            )


@dataclass(slots=True)
class Consent:
    """The record that everyone in the recording agreed to recording and analysis."""

    confirmed: bool = False
    confirmed_at: str = ""
    by: str = ""
    people: str = ""

    def __post_init__(self) -> None:
        _check_date(self.confirmed_at, "Toestemming")


@dataclass(slots=True)
class SessionMeta:
    """What the talk was: title, teacher, group, kind and date (ISO)."""

    title: str = ""
    teacher: str = ""
    group: str = ""
    kind: SessionKind = "anders"
    date: str = ""

    def __post_init__(self) -> None:
        if self.kind not in SESSION_KINDS:
            raise ReviewError(
                f"unknown kind of talk {self.kind!r} (choose from {', '.join(SESSION_KINDS)})",
                f"Onbekende soort gesprek '{self.kind}'. Kies uit: {', '.join(SESSION_KINDS)}.",
            )
        _check_date(self.date, "Datum van het gesprek")

    @property
    def kind_label(self) -> str:
        """The Dutch label of :attr:`kind`."""
        return KIND_LABELS[self.kind]


@dataclass(slots=True)
class Review:
    """The coach's whole review: per item, then compliment, tip and reflection answers.

    ``reflections`` answers the form's reflection questions in order.
    """

    items: dict[str, ItemReview] = field(default_factory=dict)
    compliment: str = ""
    tip: str = ""
    reflections: list[str] = field(default_factory=list)

    def item(self, item_id: str) -> ItemReview:
        """The review of ``item_id`` (a fresh pending one when the coach did not touch it)."""
        return self.items.get(item_id) or ItemReview()


# --- the final form ---------------------------------------------------------------------------


def finding_key(finding: Finding) -> str:
    """A stable key of a finding: ``item:turn:char_start:rule``.

    Stable across re-runs of the same detectors on the same transcript, so a coach's rejection
    survives recomputing the analysis.
    """
    return f"{finding.item}:{finding.turn}:{finding.char_start}:{finding.rule}"


def is_observed(status: CoachStatus, evidence_keys: Iterable[str], rejected: Iterable[str]) -> bool:
    """Whether an item counts as observed in the final form.

    Confirmed → observed; rejected → not observed; pending → observed while at least one
    finding is left that the coach did not overrule.
    """
    if status == "confirmed":
        return True
    if status == "rejected":
        return False
    return bool(set(evidence_keys) - set(rejected))


def reviewed_form(analysis: Analysis, review: Review) -> list[FormItem]:
    """The analysis's form with the coach's review applied (new records; the input is unchanged).

    Evidence loses the findings the coach rejected; ``observed`` follows :func:`is_observed`.
    """
    items: list[FormItem] = []
    for item in analysis.form:
        verdict = review.item(item.id)
        rejected = set(verdict.rejected_findings)
        evidence = [f for f in item.evidence if finding_key(f) not in rejected]
        items.append(
            FormItem(
                id=item.id,
                phase=item.phase,
                text=item.text,
                observed=is_observed(
                    verdict.status,
                    (finding_key(f) for f in item.evidence if not f.held_back),
                    rejected,
                ),
                evidence=evidence,
                visibility=item.visibility,
                visibility_note=item.visibility_note,
                coach_status=verdict.status,
                coach_note=verdict.note,
                coach_examples=verdict.examples,
            )
        )
    return items


# --- dict conversion --------------------------------------------------------------------------


def _mapping(data: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ReviewError(f"{what}: expected an object", f"{what}: ongeldige gegevens.")
    return data


def _texts(data: Mapping[str, Any], *keys: str) -> dict[str, str]:
    """The text fields ``keys`` of ``data`` (missing or ``null``: empty)."""
    return {key: "" if data.get(key) is None else str(data[key]) for key in keys}


def item_review_to_dict(item: ItemReview) -> dict[str, Any]:
    """An :class:`ItemReview` as a JSON-able dict."""
    return asdict(item)


def item_review_from_dict(data: Any) -> ItemReview:
    """An :class:`ItemReview` from :func:`item_review_to_dict`'s shape."""
    data = _mapping(data, "Beoordeling")
    rejected = data.get("rejected_findings") or []
    if not isinstance(rejected, list):
        raise ReviewError("rejected_findings: expected a list", "Beoordeling: ongeldige gegevens.")
    return ItemReview(
        status=data.get("status", "pending"),
        rejected_findings=[str(key) for key in rejected],
        **_texts(data, "note", "examples"),
    )


def consent_to_dict(consent: Consent) -> dict[str, Any]:
    """A :class:`Consent` as a JSON-able dict."""
    return asdict(consent)


def consent_from_dict(data: Any) -> Consent:
    """A :class:`Consent` from :func:`consent_to_dict`'s shape."""
    data = _mapping(data, "Toestemming")
    return Consent(
        confirmed=bool(data.get("confirmed", False)), **_texts(data, "confirmed_at", "by", "people")
    )


def meta_to_dict(meta: SessionMeta) -> dict[str, Any]:
    """A :class:`SessionMeta` as a JSON-able dict."""
    return asdict(meta)


def meta_from_dict(data: Any) -> SessionMeta:
    """A :class:`SessionMeta` from :func:`meta_to_dict`'s shape."""
    data = _mapping(data, "Gegevens van het gesprek")
    return SessionMeta(
        kind=data.get("kind") or "anders", **_texts(data, "title", "teacher", "group", "date")
    )


def review_to_dict(review: Review) -> dict[str, Any]:
    """A :class:`Review` as a JSON-able dict (items as :func:`item_review_to_dict`)."""
    return asdict(review)


def review_from_dict(data: Any) -> Review:
    """A :class:`Review` from :func:`review_to_dict`'s shape."""
    data = _mapping(data, "Beoordeling")
    items = _mapping(data.get("items") or {}, "Beoordeling")
    reflections = data.get("reflections") or []
    if not isinstance(reflections, list):
        raise ReviewError("reflections: expected a list", "Reflectie: ongeldige gegevens.")
    return Review(
        items={str(item_id): item_review_from_dict(raw) for item_id, raw in items.items()},
        reflections=["" if answer is None else str(answer) for answer in reflections],
        **_texts(data, "compliment", "tip"),
    )
