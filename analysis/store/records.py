"""The session store's records: a stored session, its summary, queue items, hand-overs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple, get_args

from analysis.records import Analysis, FormItem, Transcript
from analysis.review import Consent, Review, SessionMeta, reviewed_form

SessionStatus = Literal["new", "queued", "transcribing", "interrupted", "ready", "failed"]
SESSION_STATUSES: tuple[str, ...] = get_args(SessionStatus)


@dataclass(slots=True)
class Session:
    """One stored session with everything belonging to it.

    ``analysis`` is the detectors' result as computed (coach fields pending); ``review`` is the
    coach's work; :meth:`final_form` merges both. Paths are absolute.
    """

    id: str
    created: str
    updated: str
    status: SessionStatus
    meta: SessionMeta
    consent: Consent | None = None
    transcript: Transcript | None = None
    analysis: Analysis | None = None
    review: Review = field(default_factory=Review)
    audio_path: Path | None = None
    exports: list[Path] = field(default_factory=list)

    def final_form(self) -> list[FormItem]:
        """The form with the coach's review applied (empty before there is an analysis)."""
        return reviewed_form(self.analysis, self.review) if self.analysis else []


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """A session as listed: meta data and progress, without the heavy parts."""

    id: str
    title: str
    teacher: str
    group: str
    kind: str
    date: str
    status: SessionStatus
    created: str
    updated: str
    has_audio: bool
    has_transcript: bool
    has_analysis: bool


@dataclass(frozen=True, slots=True)
class QueueItem:
    """A recording in the queue: its session, where it stands, and what went wrong if so.

    ``position`` counts the queued recordings of all coaches before it (0: next); ``None``
    once it is no longer waiting.
    """

    session_id: str
    title: str
    file_name: str
    status: SessionStatus
    enqueued: str
    options: dict[str, Any]
    progress: float
    error: str
    finished: str | None
    position: int | None


@dataclass(frozen=True, slots=True)
class Handover:
    """A session handed from one coach to another (kept in both coaches' history)."""

    session_id: str
    at: str
    from_owner: str
    to_owner: str
    title: str
    note: str


class HistoryPoint(NamedTuple):
    """One talk in a teacher's development: a label (date and title) and the final verdicts."""

    label: str
    observed: dict[str, bool]
