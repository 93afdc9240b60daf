"""How the store encodes records: JSON columns, the stored analysis, rows back to records.

The records' own dict form is :mod:`analysis.codec` (analysis records),
:mod:`analysis.transcript_io` (transcripts) and :mod:`analysis.review` (review, meta, consent);
this module adds only what is particular to the store: the versioned analysis document, the
per-item evidence summary :meth:`~analysis.store.SessionStore.history` reads, and the mapping
of rows to the store's records.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from analysis.codec import (
    detection_from_dict,
    detection_to_dict,
    form_item_from_dict,
    form_item_to_dict,
)
from analysis.records import Analysis, Transcript
from analysis.review import (
    ItemReview,
    Review,
    SessionMeta,
    consent_from_dict,
    finding_key,
    meta_from_dict,
    meta_to_dict,
)
from analysis.store.errors import StorageError
from analysis.store.records import Handover, QueueItem, Session, SessionSummary
from analysis.transcript_io import transcript_from_dict

ANALYSIS_FORMAT_VERSION = 1


def dumps(value: Any) -> str:
    """Compact JSON for a column (sets and tuples as lists, anything else as text)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def teacher_key(teacher: str) -> str:
    """How a teacher's name is matched: whitespace collapsed, case folded."""
    return " ".join(teacher.split()).casefold()


def meta_columns(meta: SessionMeta) -> dict[str, str]:
    """The ``sessions`` columns holding the meta data (the record, and what is searched)."""
    return {
        "title": meta.title,
        "teacher": meta.teacher,
        "teacher_key": teacher_key(meta.teacher),
        "talk_date": meta.date,
        "meta": dumps(meta_to_dict(meta)),
    }


def analysis_to_store_dict(analysis: Analysis) -> dict[str, Any]:
    """The detection result and the pre-filled form as JSON (without the transcript).

    Lossless for everything :func:`analysis_from_store_dict` needs; the coach fields of the
    form are not stored here (they live in the review).
    """
    return {
        "version": ANALYSIS_FORMAT_VERSION,
        "detection": detection_to_dict(analysis.detection),
        "form": [form_item_to_dict(item) for item in analysis.form],
    }


def analysis_from_store_dict(transcript: Transcript, data: Mapping[str, Any]) -> Analysis:
    """Rebuild the :class:`Analysis` records from :func:`analysis_to_store_dict`'s JSON."""
    try:
        return Analysis(
            transcript=transcript,
            detection=detection_from_dict(data["detection"]),
            form=[form_item_from_dict(raw) for raw in data["form"]],
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StorageError(
            f"stored analysis is damaged ({exc.__class__.__name__}: {exc})",
            "De opgeslagen analyse van dit gesprek is beschadigd. Analyseer het gesprek opnieuw.",
        ) from exc


def evidence_summary(analysis: Analysis) -> dict[str, list[str]]:
    """Finding keys per item in form order: all that a teacher's history needs."""
    return {
        item.id: [finding_key(f) for f in item.evidence if not f.held_back]
        for item in analysis.form
    }


def item_review_from_row(row: sqlite3.Row) -> ItemReview:
    """A coach's verdict on one item from its ``item_reviews`` row."""
    return ItemReview(
        status=row["status"],
        note=row["note"],
        examples=row["examples"],
        rejected_findings=list(json.loads(row["rejected"])),
    )


def session_from_rows(
    row: sqlite3.Row,
    data: Mapping[str, Any],
    reviews: Iterable[sqlite3.Row],
    data_dir: Path,
    exports: Iterable[str],
) -> Session:
    """A whole :class:`Session` from its row, its decoded ``session_data`` bodies by kind, its
    item review rows and its export paths (relative to ``data_dir``)."""
    transcript = (
        transcript_from_dict(data["transcript"], "opgeslagen transcript")
        if "transcript" in data
        else None
    )
    analysis = (
        analysis_from_store_dict(transcript, data["analysis"])
        if transcript is not None and "analysis" in data
        else None
    )
    return Session(
        id=row["id"],
        created=row["created"],
        updated=row["updated"],
        status=row["status"],
        meta=meta_from_dict(json.loads(row["meta"])),
        consent=consent_from_dict(json.loads(row["consent"])) if row["consent"] else None,
        transcript=transcript,
        analysis=analysis,
        review=Review(
            items={r["item_id"]: item_review_from_row(r) for r in reviews},
            compliment=row["compliment"],
            tip=row["tip"],
            reflections=list(json.loads(row["reflections"])),
        ),
        audio_path=data_dir / row["audio"] if row["audio"] else None,
        exports=[data_dir / path for path in exports],
    )


def summary_from_row(row: sqlite3.Row) -> SessionSummary:
    """A listed session from its row (with ``has_transcript`` and ``has_analysis``)."""
    meta = meta_from_dict(json.loads(row["meta"]))
    return SessionSummary(
        id=row["id"],
        title=meta.title,
        teacher=meta.teacher,
        group=meta.group,
        kind=meta.kind,
        date=meta.date,
        status=row["status"],
        created=row["created"],
        updated=row["updated"],
        has_audio=row["audio"] is not None,
        has_transcript=bool(row["has_transcript"]),
        has_analysis=bool(row["has_analysis"]),
    )


def queue_item_from_row(row: sqlite3.Row) -> QueueItem:
    """A queue item from its ``queue_items`` row joined with the session (and ``ahead``)."""
    return QueueItem(
        session_id=row["session_id"],
        title=row["title"],
        file_name=row["file_name"],
        status=row["status"],
        enqueued=row["enqueued"],
        options=dict(json.loads(row["options"])),
        progress=float(row["progress"]),
        error=row["error"],
        finished=row["finished"],
        position=int(row["ahead"]) if row["status"] == "queued" else None,
    )


def handover_from_row(row: sqlite3.Row) -> Handover:
    """A hand-over from its ``handovers`` row."""
    return Handover(
        row["session_id"],
        row["at"],
        row["from_owner"],
        row["to_owner"],
        row["title"],
        row["note"],
    )
