"""The session workflow: recording or transcript in, analysed and stored session out.

These functions tie the store, transcription and analysis together so that the app (and any
other front end) only wires widgets to them. The consent gate lives here, in the core: a
recording is never transcribed for a session without a confirmed consent record.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.errors import AudioError, ConsentError, TranscriptError
from analysis.pipeline import analyse
from analysis.records import Analysis, Finding, Segment, Transcript
from analysis.roles import apply_roles
from analysis.sessions import SessionStore

if TYPE_CHECKING:
    from spacy.language import Language

    from analysis.transcribe import TranscribeOptions

logger = logging.getLogger(__name__)

Progress = Callable[[float, list[Segment]], None]


def require_consent(store: SessionStore, session_id: str) -> None:
    """Raise :class:`ConsentError` unless the session has a confirmed consent record."""
    consent = store.get(session_id).consent
    if consent is None or not consent.confirmed or not consent.by.strip():
        raise ConsentError(
            "no consent record: confirm that everyone recorded agreed before transcribing",
            "Bevestig eerst dat iedereen op de opname toestemming heeft gegeven (met datum en "
            "door wie), voordat de opname verwerkt wordt.",
        )


def analyse_into_session(
    store: SessionStore, session_id: str, transcript: Transcript, nlp: Language | None = None
) -> Analysis:
    """Store ``transcript``, analyse it and store the analysis (the coach's review is kept)."""
    store.save_transcript(session_id, transcript)
    analysis = analyse(transcript, nlp)
    store.save_analysis(session_id, analysis)
    return analysis


def transcribe_into_session(
    store: SessionStore,
    session_id: str,
    options: TranscribeOptions | None = None,
    progress: Progress | None = None,
    nlp: Language | None = None,
    delete_audio_after: bool = False,
    num_speakers: int | None = None,
) -> Analysis:
    """Transcribe the session's recording, analyse it, and store both.

    Speakers are separated (unless ``num_speakers`` is 1) and their roles proposed.
    Requires consent. It runs as the session's transcription job
    (:meth:`SessionStore.transcription_job`): the session is ``transcribing`` meanwhile, with
    this process recorded as running it. Stopped by Ctrl-C (``KeyboardInterrupt``), a
    ``SystemExit`` or a stopped app run, the session becomes ``interrupted`` (*onderbroken*)
    and can be transcribed again; on an error it goes back to ``new``. A process killed
    outright leaves ``transcribing``, which housekeeping
    (:meth:`SessionStore.mark_interrupted_jobs`) turns into ``interrupted`` once the process
    is gone.
    """
    require_consent(store, session_id)
    session = store.get(session_id)
    if session.audio_path is None:
        raise AudioError("this session has no recording", "Deze sessie heeft (nog) geen opname.")
    from analysis.diarize import separate_speakers
    from analysis.transcribe import transcribe

    audio = Path(session.audio_path)
    with store.transcription_job(session_id):
        transcript = transcribe(audio, options, progress)
        if num_speakers != 1:
            transcript = separate_speakers(audio, transcript, num_speakers)
        transcript = apply_roles(transcript)
        analysis = analyse_into_session(store, session_id, transcript, nlp)
    if delete_audio_after:
        store.delete_audio(session_id)
        logger.info("deleted the recording of session %s after transcription", session_id)
    return analysis


def edit_transcript(
    store: SessionStore,
    session_id: str,
    edit: Callable[..., Transcript],
    *args: Any,
    nlp: Language | None = None,
) -> Analysis:
    """Apply a correction from :mod:`analysis.editing` and re-analyse (no new transcription)."""
    session = store.get(session_id)
    transcript = session.transcript
    if transcript is None:
        raise TranscriptError("this session has no transcript yet", "Er is nog geen transcript.")
    from analysis.diarize import propose_roles

    # Roles the user did not set are proposed again around the correction.
    corrected = propose_roles(edit(transcript, *args), refresh=True)
    if session.analysis is not None and _same_content(transcript, corrected):
        # Only names changed (a rename): the findings still hold, so skip the detectors.
        analysis = _renamed(session.analysis, corrected)
        store.save_transcript(session_id, corrected)
        store.save_analysis(session_id, analysis)
        return analysis
    return analyse_into_session(store, session_id, corrected, nlp)


def _same_content(before: Transcript, after: Transcript) -> bool:
    """True when every turn keeps its text and role (only speaker names may differ)."""
    return len(before.turns) == len(after.turns) and all(
        (a.text, a.role) == (b.text, b.role) for a, b in zip(before.turns, after.turns, strict=True)
    )


def _renamed(analysis: Analysis, transcript: Transcript) -> Analysis:
    """``analysis`` carried over to ``transcript`` whose speakers were renamed."""

    def move(finding: Finding) -> Finding:
        return replace(finding, speaker=transcript.turns[finding.turn].speaker)

    detection = replace(analysis.detection, findings=[move(f) for f in analysis.detection.findings])
    form = [replace(item, evidence=[move(f) for f in item.evidence]) for item in analysis.form]
    return Analysis(transcript=transcript, detection=detection, form=form)
