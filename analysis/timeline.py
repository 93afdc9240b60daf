"""Where in the talk it happened: who speaks when, the found behaviours with the coach's verdicts
as marks, and the form's five phases as bands where the tool places them.

Positions are in seconds when every turn has a start time, else in words (cumulative). The
placement of the phases is data (``phases.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from analysis.data_files import load_yaml
from analysis.errors import RuleFileError
from analysis.form import load_form
from analysis.records import Analysis, Finding, Transcript
from analysis.review import Review, finding_key

PHASES_FILE = "phases.yaml"


@dataclass(frozen=True, slots=True)
class Span:
    """One turn on the timeline."""

    turn: int
    speaker: str
    role: str
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class PhasePlacement:
    """A phase of the form and the items whose first finding starts it."""

    name: str
    starts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PhaseBand:
    """A placed phase: from ``start`` to ``end`` (axis units), begun by ``item`` in ``turn``."""

    phase: str
    start: float
    end: float
    turn: int
    item: str


@dataclass(frozen=True, slots=True)
class Mark:
    """One finding on the timeline with the coach's verdict on it.

    ``verdict`` is ``gevonden`` (not reviewed), ``bevestigd``, ``afgewezen`` (the item),
    ``klopt niet`` (this finding) or ``te controleren`` (held back, not reviewed).
    ``seconds`` is where to play (``None`` without times).
    """

    item: str
    item_text: str
    phase: str
    turn: int
    position: float
    seconds: float | None
    quote: str
    rule: str
    verdict: str


def timeline(transcript: Transcript) -> tuple[list[Span], str]:
    """The turns as spans and the unit of the axis: ``"seconden"`` when every turn has a start
    time (a turn without an end lasts until the next one), else ``"woorden"`` (cumulative)."""
    turns = transcript.turns
    if transcript.has_times:
        spans = []
        for index, turn in enumerate(turns):
            start = float(turn.start or 0.0)
            end = turn.end
            if end is None:
                following = turns[index + 1].start if index + 1 < len(turns) else None
                end = following if following is not None else start + 0.4 * len(turn.text.split())
            spans.append(Span(turn.index, turn.speaker, turn.role, start, max(float(end), start)))
        return spans, "seconden"
    spans, position = [], 0.0
    for turn in turns:
        words = float(len(turn.text.split()))
        spans.append(Span(turn.index, turn.speaker, turn.role, position, position + words))
        position += words
    return spans, "woorden"


def parse_placement(data: Any) -> tuple[PhasePlacement, ...]:
    """Validate ``phases.yaml``: every form phase once, in form order, with known items."""
    form = load_form()
    if not isinstance(data, dict) or set(data) != {"phases"}:
        raise RuleFileError(f"{PHASES_FILE}: expected exactly the key 'phases' at the top")
    placements = []
    for raw in data["phases"]:
        if not isinstance(raw, dict) or set(raw) - {"name", "starts"}:
            raise RuleFileError(f"{PHASES_FILE}: phase {raw!r}: only 'name' and 'starts'")
        unknown = [item for item in raw.get("starts", []) if item not in form.item_ids]
        if unknown:
            raise RuleFileError(f"{PHASES_FILE}: phase {raw['name']!r}: unknown items {unknown}")
        placements.append(PhasePlacement(str(raw["name"]), tuple(raw.get("starts", []))))
    if tuple(p.name for p in placements) != form.phases:
        raise RuleFileError(f"{PHASES_FILE}: phases must be the form's, in order: {form.phases}")
    return tuple(placements)


@lru_cache(maxsize=1)
def load_placement() -> tuple[PhasePlacement, ...]:
    """The phase placement shipped with the package (parsed once)."""
    return parse_placement(load_yaml(PHASES_FILE))


def position_of(finding: Finding, spans: Mapping[int, Span], text_length: int) -> float:
    """Where in its turn's span a finding's quote starts (by its character offset)."""
    span = spans[finding.turn]
    share = finding.char_start / text_length if text_length else 0.0
    return span.start + share * (span.end - span.start)


def phase_bands(
    findings: Iterable[Finding],
    spans: list[Span],
    transcript: Transcript,
    placement: tuple[PhasePlacement, ...] | None = None,
) -> list[PhaseBand]:
    """The phases placed on the timeline from ``findings`` (see ``phases.yaml``)."""
    placement = placement or load_placement()
    by_turn = {span.turn: span for span in spans}
    lengths = {turn.index: len(turn.text) for turn in transcript.turns}
    located = sorted(
        (position_of(f, by_turn, lengths[f.turn]), f.turn, f.item)
        for f in findings
        if f.turn in by_turn
    )
    talk_end = max((span.end for span in spans), default=0.0)
    starts: list[tuple[str, float, int, str]] = []
    earliest = 0.0
    for phase in placement:
        first = next(
            (
                (pos, turn, item)
                for pos, turn, item in located
                if item in phase.starts and pos >= earliest
            ),
            None,
        )
        if first is None:
            continue
        starts.append((phase.name, first[0], first[1], first[2]))
        earliest = first[0]
    return [
        PhaseBand(name, start, starts[n + 1][1] if n + 1 < len(starts) else talk_end, turn, item)
        for n, (name, start, turn, item) in enumerate(starts)
    ]


def verdict_of(finding: Finding, review: Review) -> str:
    """The coach's verdict on one finding, in Dutch (see :class:`Mark`)."""
    item = review.item(finding.item)
    if finding_key(finding) in item.rejected_findings:
        return "klopt niet"
    if item.status == "confirmed":
        return "bevestigd"
    if item.status == "rejected":
        return "afgewezen"
    return "te controleren" if finding.held_back else "gevonden"


@dataclass(frozen=True, slots=True)
class TalkTimeline:
    """Everything the timeline chart shows."""

    unit: str
    spans: list[Span]
    marks: list[Mark]
    bands: list[PhaseBand]


def talk_timeline(analysis: Analysis, review: Review | None = None) -> TalkTimeline:
    """The timeline of an analysed talk with the coach's verdicts (``review``) on its marks.

    Phase bands are placed from the findings the coach did not overrule (no *klopt niet*, item
    not rejected) and that are not held back.
    """
    review = review or Review()
    transcript = analysis.transcript
    spans, unit = timeline(transcript)
    by_turn = {span.turn: span for span in spans}
    lengths = {turn.index: len(turn.text) for turn in transcript.turns}
    form = load_form()
    marks = [
        Mark(
            item=f.item,
            item_text=form.item(f.item).text,
            phase=form.item(f.item).phase,
            turn=f.turn,
            position=position_of(f, by_turn, lengths[f.turn]),
            seconds=position_of(f, by_turn, lengths[f.turn]) if unit == "seconden" else None,
            quote=f.quote,
            rule=f.rule,
            verdict=verdict_of(f, review),
        )
        for f in sorted(analysis.detection.findings, key=lambda f: (f.turn, f.char_start))
        if f.turn in by_turn
    ]
    standing = [
        f for f in analysis.detection.findings if verdict_of(f, review) in ("gevonden", "bevestigd")
    ]
    return TalkTimeline(unit, spans, marks, phase_bands(standing, spans, transcript))
