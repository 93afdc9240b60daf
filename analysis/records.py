"""Core records: one typed dataclass per stage, converted at the boundary.

Times are seconds as floats (``None`` when unknown). Turn indices count from 0 in file order.
Character offsets in a :class:`Finding` are offsets into ``Turn.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

Role = Literal["teacher", "parent", "child", "unknown"]
ROLES: tuple[str, ...] = get_args(Role)

Act = Literal["open_question", "closed_question"]
ACTS: tuple[str, ...] = get_args(Act)

CoachStatus = Literal["pending", "confirmed", "rejected"]
COACH_STATUSES: tuple[str, ...] = get_args(CoachStatus)


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word with its time span (faster-whisper's shape)."""

    start: float
    end: float
    text: str
    probability: float | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """One recognised stretch of speech as a speech recogniser returns it."""

    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    speaker: str | None = None


@dataclass(slots=True)
class Speaker:
    """A speaker of the talk and the role they play.

    ``guessed`` is true when the role was inferred (from the name or the talk) rather than set
    by the user; ``reason`` says in Dutch why that role was chosen.
    """

    name: str
    role: Role = "unknown"
    guessed: bool = True
    reason: str = ""


@dataclass(slots=True)
class Turn:
    """One speaker turn: consecutive speech of one speaker."""

    index: int
    speaker: str
    text: str
    role: Role = "unknown"
    start: float | None = None
    end: float | None = None
    words: list[Word] = field(default_factory=list)


@dataclass(slots=True)
class Transcript:
    """A whole talk: its turns in order, its speakers, and where it came from."""

    turns: list[Turn]
    speakers: list[Speaker] = field(default_factory=list)
    source: str | None = None
    duration: float | None = None
    language: str = "nl"
    detected_language: str | None = None

    def speaker(self, name: str) -> Speaker | None:
        """The speaker record of ``name`` (exact match), or ``None``."""
        for speaker in self.speakers:
            if speaker.name == name:
                return speaker
        return None

    @property
    def other_language(self) -> bool:
        """True when speech recognition heard another language than the one transcribed."""
        return self.detected_language is not None and self.detected_language != self.language

    @property
    def has_times(self) -> bool:
        """True when every turn has a start time."""
        return bool(self.turns) and all(turn.start is not None for turn in self.turns)


@dataclass(frozen=True, slots=True)
class UncertainWord:
    """A recognised word the speech recogniser was unsure of (probability below a threshold)."""

    text: str
    start: float
    probability: float


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of evidence for a form item: which rule saw what, where, and why.

    ``char_start``/``char_end`` index into the turn's text; ``quote`` is that slice.
    ``uncertain_words`` are the quote's recognised words with a low probability
    (:mod:`analysis.uncertainty`); ``held_back`` findings do not mark their item as observed
    and wait for the coach.
    """

    item: str
    turn: int
    quote: str
    char_start: int
    char_end: int
    rule: str
    explanation: str
    confidence: float = 1.0
    speaker: str = ""
    start: float | None = None
    end: float | None = None
    uncertain_words: tuple[UncertainWord, ...] = ()
    held_back: bool = False


@dataclass(slots=True)
class FormItem:
    """One item of the observation form, filled from findings and reviewed by a coach."""

    id: str
    phase: str
    text: str
    observed: bool = False
    evidence: list[Finding] = field(default_factory=list)
    visibility: Literal["full", "partial"] = "full"
    visibility_note: str = ""
    coach_status: CoachStatus = "pending"
    coach_note: str = ""
    coach_examples: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A suggested compliment or tip for the coach, derived from findings and metrics."""

    kind: Literal["compliment", "tip"]
    text: str
    basis: str = ""


@dataclass(frozen=True, slots=True)
class LongestTurn:
    """The teacher's longest turn (:attr:`Metrics.longest_teacher_turn`): the turn's index,
    its spoken words and its seconds (``None`` when the transcript has no times)."""

    turn: int
    words: int
    seconds: float | None = None


@dataclass(frozen=True, slots=True)
class WaitTimes:
    """Seconds from the end of a teacher's question turn until the other speaker starts
    (:attr:`Metrics.wait_after_question`): how many waits, their mean, median and shortest."""

    count: int
    mean: float
    median: float
    shortest: float


@dataclass(frozen=True, slots=True)
class Metrics:
    """Conversation metrics (:func:`analysis.metrics.compute_metrics`): who talked how much,
    questions, wait time. Shares are fractions rounded to three places; per-role values are
    keyed by role; fields that need times are ``None`` when the transcript has none."""

    parent_word_share: float | None = None
    parent_share_by_slice: tuple[float | None, ...] = ()
    words_per_role: dict[str, int] = field(default_factory=dict)
    word_share_per_role: dict[str, float] = field(default_factory=dict)
    turns_per_role: dict[str, int] = field(default_factory=dict)
    longest_teacher_turn: LongestTurn | None = None
    open_questions: int = 0
    closed_questions: int = 0
    open_question_share: float | None = None
    talk_minutes: float | None = None
    questions_per_minute: float | None = None
    seconds_per_role: dict[str, float] | None = None
    time_share_per_role: dict[str, float] | None = None
    wait_after_question: WaitTimes | None = None


@dataclass(slots=True)
class Detection:
    """What the behaviour detectors found in a transcript (before it is put on the form), with
    the metrics and suggestions the pipeline derives from it."""

    findings: list[Finding] = field(default_factory=list)
    acts: dict[int, list[str]] = field(default_factory=dict)
    metrics: Metrics = field(default_factory=Metrics)
    suggestions: list[Suggestion] = field(default_factory=list)


@dataclass(slots=True)
class Analysis:
    """A transcript with its detection result and the pre-filled form."""

    transcript: Transcript
    detection: Detection
    form: list[FormItem]
