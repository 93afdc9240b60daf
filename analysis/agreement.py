"""How often the tool is right, per item, from the coach's own decisions.

Every decision a coach makes on the form page is a label: *bevestigd* and *afgewezen* on an item,
*klopt niet* on a single finding. Over all reviewed talks in a session store (an installation,
or one coach's sessions when the store is opened for that coach), per item:

* how often a pre-filled *gezien* was confirmed (the item stayed observed after the review);
* how often the coach added an item the tool missed (not pre-filled, observed after review);
* Cohen's kappa between the tool's pre-filled verdict and the coach's final verdict;
* the number of talks behind each figure, with a warning below :data:`MIN_TALKS`.

An item of a talk counts as *reviewed* when the coach decided on it: a status other than
*nog niet beoordeeld*, or at least one finding marked *klopt niet*. Items left pending say
nothing about the tool and are not counted.

:func:`export_labelled` writes the reviewed talks as labelled data in the project's own format
(``NAME.txt`` + ``NAME.labels.json``, ``../shared/ANNOTATION.md``), pseudonymised, so that
``python -m analysis evaluate DIR`` measures the rules on real talks.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from analysis.codec import attributes
from analysis.form import load_form
from analysis.pseudonymise import propose_replacements, pseudonymise_session
from analysis.records import FormItem
from analysis.review import finding_key
from analysis.store import Session, SessionStore
from analysis.transcript_io import to_text
from analysis.wording import count, decimal

log = logging.getLogger(__name__)

#: Fewer reviewed talks than this behind a figure gets a warning: it can change a lot.
MIN_TALKS = 5
#: The figures of an :class:`ItemAgreement` in the JSON table, in order.
ROW_FIGURES = (
    "item",
    "talks",
    "decisions",
    "prefilled",
    "confirmed",
    "tool_missed",
    "added",
    "kappa",
    "too_few",
)


@dataclass(frozen=True, slots=True)
class Decision:
    """One reviewed item of one talk: the tool's pre-filled verdict and the coach's final one."""

    session: str
    item: str
    tool: bool
    coach: bool


@dataclass(slots=True)
class ItemAgreement:
    """The figures of one item (or of all items pooled) over the reviewed talks."""

    item: str
    text: str
    decisions: int = 0
    prefilled: int = 0
    confirmed: int = 0
    tool_missed: int = 0
    added: int = 0
    both_not: int = 0
    talk_ids: set[str] = field(default_factory=set)

    @property
    def talks(self) -> int:
        """The number of reviewed talks behind the figures."""
        return len(self.talk_ids)

    @property
    def confirmed_share(self) -> float | None:
        """Share of pre-filled *gezien* the coach kept (``None`` without any)."""
        return self.confirmed / self.prefilled if self.prefilled else None

    @property
    def added_share(self) -> float | None:
        """Share of items the tool left empty that the coach marked as seen."""
        return self.added / self.tool_missed if self.tool_missed else None

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa, tool vs coach, over the reviewed talks (``None`` when undefined:
        no talks, or both always gave the same single answer)."""
        return cohen_kappa(
            both=self.confirmed,
            tool_only=self.prefilled - self.confirmed,
            coach_only=self.added,
            neither=self.both_not,
        )

    @property
    def too_few(self) -> bool:
        """True when fewer than :data:`MIN_TALKS` talks stand behind the figures."""
        return self.talks < MIN_TALKS

    def add(self, decision: Decision) -> None:
        """Count one decision."""
        self.decisions += 1
        self.talk_ids.add(decision.session)
        if decision.tool:
            self.prefilled += 1
            self.confirmed += decision.coach
        else:
            self.tool_missed += 1
            self.added += decision.coach
            self.both_not += not decision.coach


@dataclass(slots=True)
class AgreementTable:
    """Per item in form order, plus all items pooled, and the talks behind them."""

    items: list[ItemAgreement]
    overall: ItemAgreement
    sessions: list[str] = field(default_factory=list)


def cohen_kappa(both: int, tool_only: int, coach_only: int, neither: int) -> float | None:
    """Cohen's kappa of a 2×2 table (``None`` when the expected agreement is 1 or n is 0)."""
    n = both + tool_only + coach_only + neither
    if n == 0:
        return None
    observed = (both + neither) / n
    tool_yes = (both + tool_only) / n
    coach_yes = (both + coach_only) / n
    expected = tool_yes * coach_yes + (1 - tool_yes) * (1 - coach_yes)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1 - expected)


def decisions(session: Session) -> list[Decision]:
    """The reviewed items of one session (empty when it has no analysis or no review)."""
    if session.analysis is None:
        return []
    final = {item.id: item for item in session.final_form()}
    found = []
    for item in session.analysis.form:
        verdict = session.review.items.get(item.id)
        if verdict is None:
            continue
        if verdict.status == "pending" and not verdict.rejected_findings:
            continue
        found.append(Decision(session.id, item.id, item.observed, final[item.id].observed))
    return found


def agreement(sessions: Iterable[Session]) -> AgreementTable:
    """The agreement table over ``sessions`` (sessions without a decision are skipped)."""
    form = load_form()
    per_item = {d.id: ItemAgreement(d.id, d.text) for d in form.items}
    overall = ItemAgreement("alle", "Alle onderdelen")
    used: list[str] = []
    for session in sessions:
        found = decisions(session)
        if not found:
            continue
        used.append(session.id)
        for decision in found:
            per_item[decision.item].add(decision)
            overall.add(decision)
    return AgreementTable(items=list(per_item.values()), overall=overall, sessions=used)


def reviewed_sessions(store: SessionStore, teacher: str | None = None) -> list[Session]:
    """The sessions of ``store`` (optionally one teacher's) that have an analysis."""
    return [
        store.get(summary.id)
        for summary in store.list_sessions(teacher)
        if summary.has_analysis and summary.has_transcript
    ]


def store_agreement(store: SessionStore, teacher: str | None = None) -> AgreementTable:
    """:func:`agreement` over the store's sessions (the store's owner scopes it to one coach)."""
    return agreement(reviewed_sessions(store, teacher))


def _number(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.0%}" if percent else decimal(value, 2)


def table_rows(table: AgreementTable) -> list[dict[str, str]]:
    """The table as rows of Dutch column names → shown values (the app and the CLI)."""
    rows = []
    for row in [*table.items, table.overall]:
        rows.append(
            {
                "onderdeel": row.text,
                "gesprekken": str(row.talks),
                "gezien bevestigd": f"{row.confirmed}/{row.prefilled}"
                f" ({_number(row.confirmed_share, percent=True)})",
                "toegevoegd door coach": f"{row.added}/{row.tool_missed}"
                f" ({_number(row.added_share, percent=True)})",
                "kappa": _number(row.kappa),
                "let op": f"te weinig gesprekken (< {MIN_TALKS})" if row.too_few else "",
            }
        )
    return rows


def table_to_text(table: AgreementTable) -> str:
    """A fixed-width table for the terminal."""
    rows = table_rows(table)
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns).rstrip()]
    lines += ["  ".join(r[c].ljust(widths[c]) for c in columns).rstrip() for r in rows]
    lines.append(count(len(table.sessions), "beoordeeld gesprek"))
    return "\n".join(lines) + "\n"


def table_to_dict(table: AgreementTable) -> dict[str, Any]:
    """The table as JSON-able data (numbers, not shown strings)."""

    return {
        "sessions": len(table.sessions),
        "items": [attributes(row, ROW_FIGURES) for row in table.items],
        "overall": attributes(table.overall, ROW_FIGURES),
    }


# --- labelled export ----------------------------------------------------------------------------


def labels_of(session: Session, final: list[FormItem]) -> dict[str, Any]:
    """The ``NAME.labels.json`` body of a reviewed session (ANNOTATION.md's format).

    Turn items are the findings the coach left standing on items observed in the final form;
    ``form`` is the coach's final verdict (an item the coach added without a quote is in
    ``form`` but on no turn). ``acts`` are the tool's, not reviewed by the coach.
    """
    assert session.analysis is not None and session.transcript is not None
    rejected = {
        key for verdict in session.review.items.values() for key in verdict.rejected_findings
    }
    items_per_turn: dict[int, set[str]] = {}
    observed = {item.id: item.observed for item in final}
    for item in session.analysis.form:
        if not observed[item.id]:
            continue
        for finding in item.evidence:
            if finding_key(finding) not in rejected:
                items_per_turn.setdefault(finding.turn, set()).add(item.id)
    order = {item_id: n for n, item_id in enumerate(load_form().item_ids)}
    turns = [
        {
            "i": turn.index,
            "speaker": turn.speaker,
            "items": sorted(items_per_turn.get(turn.index, ()), key=order.__getitem__),
            "acts": sorted(session.analysis.detection.acts.get(turn.index, [])),
        }
        for turn in session.transcript.turns
        if turn.role == "teacher"
    ]
    return {"turns": turns, "form": observed, "acts_reviewed": False}


def export_labelled(sessions: Iterable[Session], folder: Path) -> list[Path]:
    """Write every reviewed session as pseudonymised ``gesprek-NN.txt`` +
    ``gesprek-NN.labels.json`` into ``folder``; returns the ``.txt`` paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for session in sessions:
        if not decisions(session):
            continue
        assert session.analysis is not None and session.transcript is not None
        replacements = propose_replacements(
            session.transcript, session.meta, session.consent, session.review
        )
        analysis, review, _, _ = pseudonymise_session(
            session.analysis, session.review, session.meta, session.consent, replacements
        )
        named = replace(session, transcript=analysis.transcript, analysis=analysis, review=review)
        name = f"gesprek-{len(written) + 1:02d}"
        txt = folder / f"{name}.txt"
        txt.write_text(to_text(analysis.transcript), encoding="utf-8")
        labels = labels_of(named, named.final_form())
        (folder / f"{name}.labels.json").write_text(
            json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        written.append(txt)
    log.info("exported %d reviewed talks to %s", len(written), folder)
    return written
