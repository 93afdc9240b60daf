"""The dict (JSON) form of the analysis records: one encoder and one decoder per record.

Each record's fields are listed once, here. The same encoders serve the session store
(lossless: every field, full precision) and the JSON contract of ``analyse`` (``contract=True``:
a finding without its item, since it sits under it, and confidences rounded to three places).

The records of the other stages keep their codec beside them, one place each:
transcripts (:class:`~analysis.records.Transcript`, ``Speaker``, ``Turn``, ``Word``) in
:mod:`analysis.transcript_io` (a transcript is also a file format, checked field by field),
the coach's review, meta data and consent in :mod:`analysis.review`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from analysis.records import (
    Detection,
    Finding,
    FormItem,
    LongestTurn,
    Metrics,
    Suggestion,
    UncertainWord,
    WaitTimes,
)

CONTRACT_DIGITS = 3


def attributes(record: object, names: Iterable[str]) -> dict[str, Any]:
    """``{name: record.name}`` for each of ``names``, in that order: a record's fields or
    properties as a dict, for reports that choose which figures to show."""
    return {name: getattr(record, name) for name in names}


def _number(value: float, contract: bool) -> float:
    return round(value, CONTRACT_DIGITS) if contract else value


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def uncertain_word_to_dict(word: UncertainWord, contract: bool = False) -> dict[str, Any]:
    """A word the recogniser was unsure of as a dict."""
    return {
        "text": word.text,
        "start": word.start,
        "probability": _number(word.probability, contract),
    }


def uncertain_word_from_dict(data: Mapping[str, Any]) -> UncertainWord:
    """The inverse of :func:`uncertain_word_to_dict`."""
    return UncertainWord(str(data["text"]), float(data["start"]), float(data["probability"]))


def finding_to_dict(finding: Finding, contract: bool = False) -> dict[str, Any]:
    """A finding as a dict; with ``contract`` the evidence object of the JSON contract."""
    data = {
        "item": finding.item,
        "turn": finding.turn,
        "quote": finding.quote,
        "start": finding.start,
        "end": finding.end,
        "speaker": finding.speaker,
        "char_start": finding.char_start,
        "char_end": finding.char_end,
        "rule": finding.rule,
        "explanation": finding.explanation,
        "confidence": _number(finding.confidence, contract),
        "uncertain_words": [uncertain_word_to_dict(w, contract) for w in finding.uncertain_words],
        "held_back": finding.held_back,
    }
    if contract:
        del data["item"]  # evidence is listed under its item
    return data


_REQUIRED = object()

#: The plain fields of a finding: how each is read, and its value when the dict lacks it.
_FINDING_FIELDS: dict[str, tuple[Callable[[Any], Any], Any]] = {
    "item": (str, _REQUIRED),
    "turn": (int, _REQUIRED),
    "quote": (str, _REQUIRED),
    "char_start": (int, _REQUIRED),
    "char_end": (int, _REQUIRED),
    "rule": (str, _REQUIRED),
    "explanation": (str, ""),
    "confidence": (float, 1.0),
    "speaker": (str, ""),
    "held_back": (bool, False),
}


def finding_from_dict(data: Mapping[str, Any]) -> Finding:
    """The inverse of :func:`finding_to_dict` (lossless form); ``KeyError`` for a missing
    required field."""
    plain = {
        name: read(data[name] if default is _REQUIRED else data.get(name, default))
        for name, (read, default) in _FINDING_FIELDS.items()
    }
    return Finding(
        **plain,
        start=_optional_float(data.get("start")),
        end=_optional_float(data.get("end")),
        uncertain_words=tuple(
            uncertain_word_from_dict(w) for w in data.get("uncertain_words") or ()
        ),
    )


def suggestion_to_dict(suggestion: Suggestion) -> dict[str, Any]:
    """A suggested compliment or tip as a dict."""
    return {"kind": suggestion.kind, "text": suggestion.text, "basis": suggestion.basis}


def suggestion_from_dict(data: Mapping[str, Any]) -> Suggestion:
    """The inverse of :func:`suggestion_to_dict`."""
    return Suggestion(kind=data["kind"], text=data["text"], basis=data.get("basis", ""))


def metrics_to_dict(metrics: Metrics) -> dict[str, Any]:
    """The metrics as the JSON contract and the session store write them (keys in this order)."""
    longest = metrics.longest_teacher_turn
    wait = metrics.wait_after_question
    return {
        "parent_word_share": metrics.parent_word_share,
        "parent_share_by_slice": list(metrics.parent_share_by_slice),
        "words_per_role": dict(metrics.words_per_role),
        "word_share_per_role": dict(metrics.word_share_per_role),
        "turns_per_role": dict(metrics.turns_per_role),
        "longest_teacher_turn": (
            None
            if longest is None
            else {"turn": longest.turn, "words": longest.words, "seconds": longest.seconds}
        ),
        "open_questions": metrics.open_questions,
        "closed_questions": metrics.closed_questions,
        "open_question_share": metrics.open_question_share,
        "talk_minutes": metrics.talk_minutes,
        "questions_per_minute": metrics.questions_per_minute,
        "seconds_per_role": _optional_dict(metrics.seconds_per_role),
        "time_share_per_role": _optional_dict(metrics.time_share_per_role),
        "wait_after_question": (
            None
            if wait is None
            else {
                "count": wait.count,
                "mean": wait.mean,
                "median": wait.median,
                "shortest": wait.shortest,
            }
        ),
    }


def metrics_from_dict(data: Mapping[str, Any]) -> Metrics:
    """The inverse of :func:`metrics_to_dict`; missing keys (older sessions) get the defaults."""
    longest = data.get("longest_teacher_turn")
    wait = data.get("wait_after_question")
    return Metrics(
        parent_word_share=data.get("parent_word_share"),
        parent_share_by_slice=tuple(data.get("parent_share_by_slice") or ()),
        words_per_role=dict(data.get("words_per_role") or {}),
        word_share_per_role=dict(data.get("word_share_per_role") or {}),
        turns_per_role=dict(data.get("turns_per_role") or {}),
        longest_teacher_turn=(
            None
            if not longest
            else LongestTurn(
                turn=int(longest["turn"]), words=int(longest["words"]), seconds=longest["seconds"]
            )
        ),
        open_questions=int(data.get("open_questions") or 0),
        closed_questions=int(data.get("closed_questions") or 0),
        open_question_share=data.get("open_question_share"),
        talk_minutes=data.get("talk_minutes"),
        questions_per_minute=data.get("questions_per_minute"),
        seconds_per_role=_optional_dict(data.get("seconds_per_role")),
        time_share_per_role=_optional_dict(data.get("time_share_per_role")),
        wait_after_question=(
            None
            if not wait
            else WaitTimes(
                count=int(wait["count"]),
                mean=wait["mean"],
                median=wait["median"],
                shortest=wait["shortest"],
            )
        ),
    )


def _optional_dict(value: Mapping[str, float] | None) -> dict[str, float] | None:
    return None if value is None else dict(value)


def form_item_to_dict(item: FormItem, contract: bool = False) -> dict[str, Any]:
    """A form item: its definition, verdict and evidence (coach fields excluded: they live in
    the review)."""
    return {
        "id": item.id,
        "phase": item.phase,
        "text": item.text,
        "observed": item.observed,
        "visibility": item.visibility,
        "visibility_note": item.visibility_note,
        "evidence": [finding_to_dict(f, contract) for f in item.evidence],
    }


def form_item_from_dict(data: Mapping[str, Any]) -> FormItem:
    """The inverse of :func:`form_item_to_dict` (lossless form)."""
    return FormItem(
        id=data["id"],
        phase=data["phase"],
        text=data["text"],
        observed=bool(data["observed"]),
        evidence=[finding_from_dict(f) for f in data["evidence"]],
        visibility=data.get("visibility", "full"),
        visibility_note=data.get("visibility_note", ""),
    )


def detection_to_dict(detection: Detection) -> dict[str, Any]:
    """The detectors' result as a dict (turn numbers as text keys, as JSON needs)."""
    return {
        "findings": [finding_to_dict(f) for f in detection.findings],
        "acts": {str(turn): list(acts) for turn, acts in detection.acts.items()},
        "metrics": metrics_to_dict(detection.metrics),
        "suggestions": [suggestion_to_dict(s) for s in detection.suggestions],
    }


def detection_from_dict(data: Mapping[str, Any]) -> Detection:
    """The inverse of :func:`detection_to_dict`."""
    return Detection(
        findings=[finding_from_dict(f) for f in data["findings"]],
        acts={int(turn): list(acts) for turn, acts in data["acts"].items()},
        metrics=metrics_from_dict(data.get("metrics") or {}),
        suggestions=[suggestion_from_dict(s) for s in data.get("suggestions") or []],
    )
