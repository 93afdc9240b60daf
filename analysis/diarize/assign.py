"""From labelled stretches of speech to labelled words, and from words to turns."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from analysis.diarize.regions import Region, Window
from analysis.records import Speaker, Transcript, Turn, Word

logger = logging.getLogger(__name__)

#: Resolution of the speaker track in seconds.
FRAME = 0.01
SPEAKER_PREFIX = "Spreker"


def label_track(
    regions: Sequence[Region],
    windows: Sequence[Window],
    labels: Sequence[int],
    duration: float,
) -> np.ndarray:
    """Speaker label per 10 ms frame (-1 where nobody speaks).

    Each frame of a region takes the label of that region's window whose centre is nearest.
    """
    track = np.full(int(np.ceil(duration / FRAME)) + 1, -1, dtype=np.int16)
    by_region: dict[int, list[tuple[float, int]]] = {}
    for window, label in zip(windows, labels, strict=True):
        by_region.setdefault(window.region, []).append(((window.start + window.end) / 2, label))
    for index, region in enumerate(regions):
        centres = by_region.get(index)
        if not centres:
            continue
        first = round(region.start / FRAME)
        last = min(round(region.end / FRAME), track.size)
        if last <= first:
            continue
        times = (np.arange(first, last) + 0.5) * FRAME
        points = np.array([c for c, _ in centres])
        nearest = np.argmin(np.abs(times[:, None] - points[None, :]), axis=1)
        track[first:last] = np.array([label for _, label in centres])[nearest]
    return track


def label_span(track: np.ndarray, start: float, end: float) -> int:
    """The label heard most in ``[start, end]``, else the nearest labelled frame's (-1: none)."""
    first = max(0, int(np.floor(start / FRAME)))
    last = min(track.size, max(int(np.ceil(end / FRAME)), first + 1))
    span = track[first:last]
    heard = span[span >= 0]
    if heard.size:
        return int(np.bincount(heard).argmax())
    labelled = np.flatnonzero(track >= 0)
    if labelled.size == 0:
        return -1
    middle = (first + last) / 2
    return int(track[labelled[np.argmin(np.abs(labelled - middle))]])


def assign_words(words: Sequence[Word], track: np.ndarray) -> list[int]:
    """The speaker label of each word by its time span (see :func:`label_span`)."""
    return [label_span(track, word.start, word.end) for word in words]


def _join(words: Sequence[Word]) -> str:
    text = "".join(
        word.text if word.text[:1].isspace() else " " + word.text for word in words
    ).strip()
    return " ".join(text.split())


def relabel(transcript: Transcript, track: np.ndarray) -> Transcript:
    """A copy of ``transcript`` whose turns follow the speaker ``track`` (see
    :func:`relabel_with_names`)."""
    return relabel_with_names(transcript, track)[0]


def relabel_with_names(
    transcript: Transcript, track: np.ndarray
) -> tuple[Transcript, dict[int, str]]:
    """A copy of ``transcript`` whose turns follow the speaker ``track``.

    Words are labelled one by one and consecutive words of one speaker form a turn, so a
    recognised segment in which the speaker changes is split. A turn without word times is
    labelled as a whole by its time span; one without any time keeps the previous speaker.
    Speakers are named "Spreker 1", "Spreker 2", … in order of first speech; roles start unknown.
    Also returns the name given to each track label.
    """
    pieces: list[tuple[int, list[Word], str, float | None, float | None]] = []
    previous = 0
    for turn in transcript.turns:
        if turn.words:
            labels = assign_words(turn.words, track)
            for word, label in zip(turn.words, labels, strict=True):
                label = label if label >= 0 else previous
                previous = label
                if pieces and pieces[-1][0] == label and pieces[-1][1]:
                    pieces[-1][1].append(word)
                else:
                    pieces.append((label, [word], "", None, None))
            continue
        if turn.start is not None:
            end = turn.end if turn.end is not None else turn.start
            label = label_span(track, turn.start, end)
            previous = label if label >= 0 else previous
        pieces.append((previous, [], turn.text, turn.start, turn.end))
    names: dict[int, str] = {}
    turns: list[Turn] = []
    for label, words, text, start, end in pieces:
        name = names.setdefault(label, f"{SPEAKER_PREFIX} {len(names) + 1}")
        if words:
            text, start, end = _join(words), words[0].start, words[-1].end
        if turns and not words and turns[-1].speaker == name and not turns[-1].words:
            last = turns[-1]
            turns[-1] = replace(last, text=f"{last.text} {text}".strip(), end=end)
            continue
        if words and turns and turns[-1].speaker == name and turns[-1].words:
            last = turns[-1]
            merged = [*last.words, *words]
            turns[-1] = replace(last, text=_join(merged), end=end, words=merged)
            continue
        turns.append(
            Turn(
                index=len(turns),
                speaker=name,
                text=text,
                role="unknown",
                start=start,
                end=end,
                words=list(words),
            )
        )
    speakers = [Speaker(name=name, role="unknown", guessed=True) for name in names.values()]
    return replace(transcript, turns=turns, speakers=speakers), names
