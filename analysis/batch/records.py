"""The records of a batch run: one talk found, one job for a worker, one result back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from analysis.errors import AnalysisError
from analysis.review import Consent

TalkKind = Literal["recording", "transcript"]
#: ``done``: analysed in this run; ``already-done``: finished in an earlier run (resumed);
#: ``failed``: the file could not be read, transcribed or analysed; ``no-consent``: a
#: recording without a consent record, not processed.
TalkStatus = Literal["done", "already-done", "failed", "no-consent"]

#: The columns of ``summary.csv``, in order.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "file",
    "sha256",
    "status",
    "duration",
    "speakers",
    "roles",
    "items_seen",
    "open_questions",
    "closed_questions",
    "parent_word_share",
    "output",
    "seconds",
    "error",
)


class BatchError(AnalysisError):
    """The batch as a whole cannot run: nothing to process, a bad consent list, no cluster."""


@dataclass(frozen=True, slots=True)
class TalkInput:
    """A recording or transcript found for the batch.

    ``name`` is the file name the JSON records as its source; ``output`` the stem of its files
    in the output folder; ``weight`` its expected share of the work (for the remaining time).
    """

    path: Path
    kind: TalkKind
    sha256: str
    output: str
    weight: float = 1.0
    consent: Consent | None = None

    @property
    def name(self) -> str:
        """The file name: what the talk's JSON records as its source."""
        return self.path.name


@dataclass(frozen=True, slots=True)
class TalkJob:
    """What a worker needs for one talk (sent to another process or machine)."""

    path: str
    sha256: str
    num_speakers: int | None = None


@dataclass(frozen=True, slots=True)
class TalkSummary:
    """One row of ``summary.csv``: what a coordinator wants to see per talk."""

    duration: float | None = None
    speakers: int = 0
    roles: str = ""
    items_seen: str = ""
    open_questions: int | None = None
    closed_questions: int | None = None
    parent_word_share: float | None = None


@dataclass(frozen=True, slots=True)
class TalkResult:
    """A worker's answer for one :class:`TalkJob`: the JSON and Markdown report, or the error.

    ``notes`` are the warnings the single ``analyse`` command would print on stderr (no
    teacher, another language, the proposed speaker roles).
    """

    path: str
    sha256: str
    ok: bool
    json_text: str = ""
    markdown: str = ""
    summary: TalkSummary = field(default_factory=TalkSummary)
    error: str = ""
    notes: tuple[str, ...] = ()
    seconds: float = 0.0
    worker: str = ""


@dataclass(frozen=True, slots=True)
class TalkOutcome:
    """A talk's line in the batch's report: its status and summary."""

    file: str
    sha256: str
    status: TalkStatus
    summary: TalkSummary = field(default_factory=TalkSummary)
    output: str = ""
    seconds: float = 0.0
    error: str = ""


@dataclass(slots=True)
class BatchConfig:
    """A batch run: inputs (folders or files), the output folder and how to run.

    ``workers`` ``None`` means ``min(2, cores)`` locally, or one per CPU of a Ray cluster;
    ``ray_address`` runs the talks on that Ray cluster instead of local processes.
    ``force`` processes talks again that an earlier run finished. ``progress`` ``None`` draws
    the progress bar in place on a terminal and prints a line per talk otherwise.
    """

    inputs: list[Path]
    out: Path
    workers: int | None = None
    ray_address: str | None = None
    consent_csv: Path | None = None
    num_speakers: int | None = None
    force: bool = False
    progress: bool | None = None
    verbose: bool = False


@dataclass(slots=True)
class BatchReport:
    """What a batch run did, per talk, with the counts for the summary line."""

    outcomes: list[TalkOutcome] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 0

    def count(self, status: TalkStatus) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def results(self) -> int:
        """Talks with a result in the output folder (from this run or an earlier one)."""
        return self.count("done") + self.count("already-done")
