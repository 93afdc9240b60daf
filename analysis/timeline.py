"""Who speaks when: turn spans for a timeline chart, in seconds or, without times, in words."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.records import Transcript


@dataclass(frozen=True, slots=True)
class Span:
    """One turn on the timeline."""

    turn: int
    speaker: str
    role: str
    start: float
    end: float


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
