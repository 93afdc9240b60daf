"""The history of a coach's transcript corrections, so every one can be undone and redone.

Each correction (rename, role, merge, move or split a turn, fix a word) made through
:func:`correct` first stores the transcript as it was; :func:`undo` brings it back (and keeps
the corrected one for :func:`redo`), re-analysing without transcribing again. The coach's
review stays as it is. The history lives in files in the session's own folder::

    <session folder>/edits/index.json     the undo and redo steps, newest last
    <session folder>/edits/<id>.json      one transcript per step

so it survives a reload and a restart, and goes when the session is deleted. At most
:data:`MAX_STEPS` steps are kept; the oldest go first.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.errors import AnalysisError, TranscriptError
from analysis.records import Analysis, Transcript
from analysis.store import SessionStore, private_dir, write_private
from analysis.transcript_io import transcript_from_dict, transcript_to_dict
from analysis.workflow import analyse_into_session, edit_transcript

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

HISTORY_DIR = "edits"
INDEX = "index.json"
MAX_STEPS = 50


@dataclass(frozen=True, slots=True)
class Step:
    """One correction that can be undone (or redone): what it was, and the stored transcript
    to go back to."""

    label: str
    file: str
    at: str


@dataclass(slots=True)
class EditHistory:
    """The undo and redo steps of one session, the most recent last."""

    undo: list[Step] = field(default_factory=list)
    redo: list[Step] = field(default_factory=list)

    @property
    def undo_label(self) -> str | None:
        """What :func:`undo` would undo (``None``: nothing)."""
        return self.undo[-1].label if self.undo else None

    @property
    def redo_label(self) -> str | None:
        """What :func:`redo` would redo (``None``: nothing)."""
        return self.redo[-1].label if self.redo else None


def _folder(store: SessionStore, session_id: str) -> Path:
    return store.folder(session_id) / HISTORY_DIR


def _history_error(exc: Exception) -> AnalysisError:
    return AnalysisError(
        f"the edit history cannot be read or written: {exc}",
        "De geschiedenis van de correcties kan niet gelezen of bewaard worden.",
    )


def load_history(store: SessionStore, session_id: str) -> EditHistory:
    """The session's edit history (empty when there is none)."""
    path = _folder(store, session_id) / INDEX
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return EditHistory()
    except (OSError, ValueError) as exc:
        log.warning("edit history of session %s unreadable, starting afresh: %s", session_id, exc)
        return EditHistory()
    return EditHistory(
        undo=[Step(**step) for step in data.get("undo", [])],
        redo=[Step(**step) for step in data.get("redo", [])],
    )


def _save(store: SessionStore, session_id: str, history: EditHistory) -> None:
    folder = private_dir(_folder(store, session_id))
    data: dict[str, Any] = {
        "undo": [asdict(step) for step in history.undo],
        "redo": [asdict(step) for step in history.redo],
    }
    write_private(folder / INDEX, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _write_step(store: SessionStore, session_id: str, label: str, transcript: Transcript) -> Step:
    folder = private_dir(_folder(store, session_id))
    step = Step(label=label, file=f"{uuid.uuid4().hex}.json", at=dt.datetime.now().isoformat())
    body = json.dumps(transcript_to_dict(transcript), ensure_ascii=False)
    write_private(folder / step.file, body.encode("utf-8"))
    return step


def _read_step(store: SessionStore, session_id: str, step: Step) -> Transcript:
    path = _folder(store, session_id) / step.file
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _history_error(exc) from exc
    return transcript_from_dict(data, "opgeslagen correctie")


def _drop(store: SessionStore, session_id: str, steps: list[Step]) -> None:
    for step in steps:
        with suppress(FileNotFoundError):
            (_folder(store, session_id) / step.file).unlink()


def _transcript(store: SessionStore, session_id: str) -> Transcript:
    transcript = store.get(session_id).transcript
    if transcript is None:
        raise TranscriptError("this session has no transcript yet", "Er is nog geen transcript.")
    return transcript


def correct(
    store: SessionStore,
    session_id: str,
    label: str,
    edit: Callable[..., Transcript],
    *args: Any,
    nlp: Language | None = None,
) -> Analysis:
    """Apply a correction from :mod:`analysis.editing` and re-analyse, keeping the transcript
    as it was so the correction can be undone. ``label`` says what it did, in Dutch
    ("Spreker 2 samengevoegd met Vader"). A correction that changes nothing is not kept;
    a new correction clears what could be redone."""
    before = _transcript(store, session_id)
    try:
        step = _write_step(store, session_id, label, before)
    except OSError as exc:
        raise _history_error(exc) from exc
    try:
        analysis = edit_transcript(store, session_id, edit, *args, nlp=nlp)
    except BaseException:
        _drop(store, session_id, [step])
        raise
    if analysis.transcript == before:
        _drop(store, session_id, [step])
        return analysis
    history = load_history(store, session_id)
    _drop(store, session_id, history.redo)
    history.redo = []
    history.undo.append(step)
    if len(history.undo) > MAX_STEPS:
        _drop(store, session_id, history.undo[:-MAX_STEPS])
        history.undo = history.undo[-MAX_STEPS:]
    try:
        _save(store, session_id, history)
    except OSError as exc:
        raise _history_error(exc) from exc
    log.info("session %s: %s", session_id, label)
    return analysis


def _go(store: SessionStore, session_id: str, nlp: Language | None, backwards: bool) -> str | None:
    history = load_history(store, session_id)
    source, target = (history.undo, history.redo) if backwards else (history.redo, history.undo)
    if not source:
        return None
    step = source[-1]
    restored = _read_step(store, session_id, step)
    try:
        keep = _write_step(store, session_id, step.label, _transcript(store, session_id))
    except OSError as exc:
        raise _history_error(exc) from exc
    analyse_into_session(store, session_id, restored, nlp)
    source.pop()
    target.append(keep)
    _drop(store, session_id, [step])
    try:
        _save(store, session_id, history)
    except OSError as exc:
        raise _history_error(exc) from exc
    log.info("session %s: %s %s", session_id, "undid" if backwards else "redid", step.label)
    return step.label


def undo(store: SessionStore, session_id: str, nlp: Language | None = None) -> str | None:
    """Undo the latest correction (re-analysing the transcript as it was before it); returns
    its label, or ``None`` when there is nothing to undo."""
    return _go(store, session_id, nlp, backwards=True)


def redo(store: SessionStore, session_id: str, nlp: Language | None = None) -> str | None:
    """Redo the latest undone correction; returns its label, or ``None`` when there is none."""
    return _go(store, session_id, nlp, backwards=False)
