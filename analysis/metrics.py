"""Conversation metrics a coach can read: who talked how much, questions, wait time.

``compute_metrics`` returns a :class:`~analysis.records.Metrics` record (its dict form, with
stable English keys, is in :mod:`analysis.codec`). Times are only used when the transcript has
them. The headline for a shy parent is ``parent_word_share`` (and ``parent_share_by_slice``: how
the parent's share develops over five equal parts of the talk).
"""

from __future__ import annotations

import itertools
import logging
import re
import statistics
from collections import Counter

from analysis.records import ROLES, LongestTurn, Metrics, Transcript, Turn, WaitTimes

logger = logging.getLogger(__name__)

SLICES = 5
_ANNOTATION = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*|\d+")


def count_words(text: str) -> int:
    """Spoken words in ``text``; stage directions in brackets ("(lacht)") do not count."""
    return len(_WORD.findall(_ANNOTATION.sub(" ", text)))


def _turn_seconds(turns: list[Turn], k: int, talk_end: float | None) -> float | None:
    turn = turns[k]
    if turn.start is None:
        return None
    end = turn.end
    if end is None:
        end = turns[k + 1].start if k + 1 < len(turns) else talk_end
    if end is None or end < turn.start:
        return None
    return end - turn.start


def _shares(counts: dict[str, float]) -> dict[str, float]:
    total = sum(counts.values())
    return {role: round(value / total, 3) for role, value in counts.items()} if total else {}


def _talk_end(transcript: Transcript) -> float | None:
    if transcript.duration is not None:
        return transcript.duration
    ends = [t.end for t in transcript.turns if t.end is not None]
    return max(ends) if ends else None


def _slices(
    transcript: Transcript, words: list[int], seconds: list[float | None]
) -> list[float | None]:
    """Parent's word share in five equal parts of the talk (by time when known, else words)."""
    turns = transcript.turns
    use_time = transcript.has_times and all(s is not None for s in seconds)
    weights = [float(s) for s in seconds] if use_time else [float(w) for w in words]  # type: ignore[arg-type]
    total = sum(weights)
    parent = [0.0] * SLICES
    spoken = [0.0] * SLICES
    if not total:
        return [None] * SLICES
    cursor = 0.0
    for turn, weight, n_words in zip(turns, weights, words, strict=True):
        middle = cursor + weight / 2
        cursor += weight
        index = min(int(middle / total * SLICES), SLICES - 1)
        spoken[index] += n_words
        if turn.role == "parent":
            parent[index] += n_words
    return [round(p / s, 3) if s else None for p, s in zip(parent, spoken, strict=True)]


def compute_metrics(
    transcript: Transcript,
    acts: dict[int, list[str]],
    questions: dict[int, list[str]] | None = None,
) -> Metrics:
    """Metrics of ``transcript``.

    ``acts`` are the teacher's question acts per turn index; ``questions`` (optional) lists the
    act of every question sentence per turn, so that two questions in one turn count twice.
    """
    turns = transcript.turns
    talk_end = _talk_end(transcript)
    words = [count_words(t.text) for t in turns]
    seconds = [_turn_seconds(turns, k, talk_end) for k in range(len(turns))]
    words_per_role: Counter[str] = Counter()
    seconds_per_role: Counter[str] = Counter()
    turns_per_role: Counter[str] = Counter()
    for turn, n_words, secs in zip(turns, words, seconds, strict=True):
        words_per_role[turn.role] += n_words
        turns_per_role[turn.role] += 1
        if secs is not None:
            seconds_per_role[turn.role] += secs
    word_share = _shares(dict(words_per_role))
    has_times = transcript.has_times and any(s is not None for s in seconds)

    teacher = [k for k, t in enumerate(turns) if t.role == "teacher"]
    longest: LongestTurn | None = None
    if teacher:
        k = max(teacher, key=lambda i: words[i])
        longest = LongestTurn(turn=turns[k].index, words=words[k], seconds=seconds[k])

    per_sentence = questions if questions is not None else acts
    open_count = sum(a.count("open_question") for a in per_sentence.values())
    closed_count = sum(a.count("closed_question") for a in per_sentence.values())
    asked = open_count + closed_count
    minutes: float | None = None
    if has_times:
        start = turns[0].start or 0.0
        end = talk_end if talk_end is not None else (turns[-1].start or 0.0)
        minutes = (end - start) / 60 if end > start else None

    return Metrics(
        parent_word_share=word_share.get("parent", 0.0) if word_share else None,
        parent_share_by_slice=tuple(_slices(transcript, words, seconds)),
        words_per_role={r: words_per_role[r] for r in ROLES if turns_per_role[r]},
        word_share_per_role=word_share,
        turns_per_role={r: turns_per_role[r] for r in ROLES if turns_per_role[r]},
        longest_teacher_turn=longest,
        open_questions=open_count,
        closed_questions=closed_count,
        open_question_share=round(open_count / asked, 3) if asked else None,
        talk_minutes=round(minutes, 2) if minutes else None,
        questions_per_minute=round(asked / minutes, 2) if minutes else None,
        seconds_per_role=(
            {r: round(v, 1) for r, v in seconds_per_role.items()} if has_times else None
        ),
        time_share_per_role=_shares(dict(seconds_per_role)) if has_times else None,
        wait_after_question=_wait_times(turns, acts) if has_times else None,
    )


def _wait_times(turns: list[Turn], acts: dict[int, list[str]]) -> WaitTimes | None:
    """Seconds from the end of a teacher question turn to the start of the next speaker.

    Only when the transcript has real end times (not just each next turn's start)."""
    genuine = any(
        a.end is not None and b.start is not None and abs(b.start - a.end) > 0.01
        for a, b in itertools.pairwise(turns)
    )
    if not genuine:
        return None
    waits: list[float] = []
    for k, turn in enumerate(turns[:-1]):
        if turn.role != "teacher" or not acts.get(turn.index) or turn.end is None:
            continue
        nxt = next((t for t in turns[k + 1 :] if t.speaker != turn.speaker), None)
        if nxt is None or nxt.start is None:
            continue
        waits.append(max(0.0, nxt.start - turn.end))
    if not waits:
        return None
    return WaitTimes(
        count=len(waits),
        mean=round(statistics.fmean(waits), 2),
        median=round(statistics.median(waits), 2),
        shortest=round(min(waits), 2),
    )
