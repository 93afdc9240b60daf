"""Repetition loops: finding them in recognised text and repairing them.

Whisper sometimes falls into a loop: one word or a short group of words repeated over and over
("Hai, hai, hai, ...", "mevrouw had dat mevrouw had dat ..."), covering speech that was really
there. :func:`find_loops` finds a group of 1-4 words repeated ``min_repeats`` times or more in
a row; :func:`repair_loops` re-decodes the stretch of audio under each loop (through a callback,
so this module needs no model) and, when the new text loops too, keeps the group once and drops
the repetitions.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from analysis.records import Segment, Word

logger = logging.getLogger(__name__)

#: A group of words repeated this many times in a row counts as a loop.
DEFAULT_MIN_REPEATS = 5
#: The longest group of words a loop is looked for in.
MAX_GROUP = 4

_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")

#: ``redecode(start, end)``: segments recognised again in that time span (seconds).
Redecode = Callable[[float, float], list[Segment]]


@dataclass(frozen=True, slots=True)
class Loop:
    """One loop: ``words[start:end]`` is ``phrase`` (``size`` words) ``repeats`` times."""

    start: int
    end: int
    size: int
    repeats: int
    phrase: str


def normalise(word: str) -> str:
    """A word as loops are compared: lower case, without punctuation at its edges."""
    return _EDGE_PUNCTUATION.sub("", word.lower())


def find_loops(
    words: Sequence[str], min_repeats: int = DEFAULT_MIN_REPEATS, max_group: int = MAX_GROUP
) -> list[Loop]:
    """The loops in ``words``, left to right, not overlapping.

    Words are compared after :func:`normalise`; words that are only punctuation are kept in
    place but never start a group. At each position the smallest group size that repeats
    ``min_repeats`` times or more wins ("ja ja ja ..." is a loop of "ja", not of "ja ja").
    Indices refer to ``words`` as given.
    """
    if min_repeats < 2:
        raise ValueError("min_repeats must be at least 2")
    keys = [normalise(word) for word in words]
    loops: list[Loop] = []
    i = 0
    while i < len(keys):
        if not keys[i]:
            i += 1
            continue
        found = None
        for size in range(1, max_group + 1):
            group = keys[i : i + size]
            if len(group) < size or not all(group):
                break
            repeats = 1
            while keys[i + repeats * size : i + (repeats + 1) * size] == group:
                repeats += 1
            if repeats >= min_repeats:
                found = Loop(
                    start=i,
                    end=i + repeats * size,
                    size=size,
                    repeats=repeats,
                    phrase=" ".join(group),
                )
                break
        if found is None:
            i += 1
        else:
            loops.append(found)
            i = found.end
    return loops


def _tokens(segments: Sequence[Segment]) -> list[tuple[int, Word]]:
    """(segment index, word) for every word; a segment without word times gets pseudo-words."""
    tokens: list[tuple[int, Word]] = []
    for index, segment in enumerate(segments):
        words = segment.words or tuple(
            Word(segment.start, segment.end, text) for text in segment.text.split()
        )
        tokens.extend((index, word) for word in words)
    return tokens


def has_loop(segments: Sequence[Segment], min_repeats: int = DEFAULT_MIN_REPEATS) -> bool:
    """True when the words of ``segments`` (read in order) contain a loop."""
    return bool(find_loops([word.text for _, word in _tokens(segments)], min_repeats))


def collapse_loops(
    segments: Sequence[Segment], min_repeats: int = DEFAULT_MIN_REPEATS
) -> list[Segment]:
    """``segments`` with each loop's group kept once and its repetitions dropped.

    A segment's text is rebuilt from its remaining words; a segment left without words is
    dropped. Segments without loops are returned unchanged.
    """
    tokens = _tokens(segments)
    loops = find_loops([word.text for _, word in tokens], min_repeats)
    if not loops:
        return list(segments)
    dropped = {i for loop in loops for i in range(loop.start + loop.size, loop.end)}
    kept: dict[int, list[Word]] = {}
    touched: set[int] = set()
    for position, (index, word) in enumerate(tokens):
        if position in dropped:
            touched.add(index)
        else:
            kept.setdefault(index, []).append(word)
    result: list[Segment] = []
    for index, segment in enumerate(segments):
        if index not in touched:
            result.append(segment)
            continue
        words = kept.get(index, [])
        if not words:
            continue
        result.append(
            dataclasses.replace(
                segment,
                start=min(segment.start, words[0].start),
                end=max(words[-1].end, words[0].start),
                text=" ".join(word.text for word in words),
                words=tuple(words) if segment.words else (),
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class Repair:
    """What :func:`repair_loops` did with one loop (for the log and the benchmarks)."""

    start: float
    end: float
    phrase: str
    repeats: int
    action: str  # "redecoded", "dropped" (nothing heard there on a second try) or "collapsed"


def repair_loops(
    segments: Sequence[Segment],
    redecode: Redecode | None,
    min_repeats: int = DEFAULT_MIN_REPEATS,
) -> tuple[list[Segment], list[Repair]]:
    """Segments without loops, and what was done.

    For each loop, the segments it touches are recognised again over their time span with
    ``redecode`` (other settings: sampling at a higher temperature, no previous text). The new
    segments replace the old ones when they hold no loop (none at all: the loop was made up over
    noise or silence, and is dropped); otherwise, or without ``redecode``, the loop is collapsed
    by :func:`collapse_loops`. A last pass collapses any loop the replacements formed with their
    neighbours, so the result never holds one. Segments must be in time order.
    """
    result = list(segments)
    repairs: list[Repair] = []
    searched_from = 0
    while True:
        tokens = _tokens(result)
        loops = [
            loop
            for loop in find_loops([word.text for _, word in tokens], min_repeats)
            if tokens[loop.start][0] >= searched_from
        ]
        if not loops:
            break
        loop = loops[0]
        first, last = tokens[loop.start][0], tokens[loop.end - 1][0]
        start, end = result[first].start, result[last].end
        fresh = redecode(start, end) if redecode is not None else None
        if fresh is not None and not has_loop(fresh, min_repeats):
            action = "redecoded" if fresh else "dropped"
        else:
            fresh = collapse_loops(result[first : last + 1], min_repeats)
            action = "collapsed"
        logger.info("loop %r x%d at %.1f-%.1f s %s", loop.phrase, loop.repeats, start, end, action)
        repairs.append(Repair(start, end, loop.phrase, loop.repeats, action))
        result[first : last + 1] = fresh
        searched_from = first + len(fresh)
    return collapse_loops(result, min_repeats), repairs
