"""From recognised segments to turns and speakers.

Kept apart so speaker separation (a later step) can label the segments and reuse this.
"""

from __future__ import annotations

from collections.abc import Iterable

from analysis.records import Segment, Speaker, Turn

DEFAULT_SPEAKER = "Spreker 1"


def build_turns(
    segments: Iterable[Segment], default_speaker: str = DEFAULT_SPEAKER
) -> tuple[list[Turn], list[Speaker]]:
    """One :class:`Turn` per segment, and the speakers in order of first appearance.

    A segment's own ``speaker`` label is used when set, else ``default_speaker``. Roles stay
    ``"unknown"``: who is the teacher or the parent is decided later.
    """
    turns: list[Turn] = []
    speakers: dict[str, Speaker] = {}
    for segment in segments:
        name = segment.speaker or default_speaker
        if name not in speakers:
            speakers[name] = Speaker(name=name, role="unknown", guessed=True)
        turns.append(
            Turn(
                index=len(turns),
                speaker=name,
                text=segment.text.strip(),
                role="unknown",
                start=segment.start,
                end=segment.end,
                words=list(segment.words),
            )
        )
    return turns, list(speakers.values())
