"""A new talk enters the store: from a transcript (analysed at once) or from a recording
(handed to the server's transcription job).

The front end only collects the meta data, the consent record and the file; these functions
create the session and make sure a talk that cannot be used leaves nothing behind. A
recording is not transcribed in the browser tab's own run: it is queued for the
:class:`analysis.upload_queue.QueueWorker` of the server process, which records its progress
in the store, so a reload or a closed tab does not stop it and the talk shows where it stands
when it is opened again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.errors import AnalysisError
from analysis.review import Consent, SessionMeta
from analysis.store import SessionStore, safe_filename
from analysis.transcribe import TranscribeOptions
from analysis.transcribe.audio import check_file, probe_duration, too_long
from analysis.transcribe.options import DEFAULT_MAX_DURATION
from analysis.transcript_io import parse_transcript
from analysis.upload_queue import enqueue_recording
from analysis.workflow import analyse_into_session

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)


def start_from_text(
    store: SessionStore,
    meta: SessionMeta,
    consent: Consent | None,
    text: str,
    name: str,
    nlp: Language | None = None,
) -> str:
    """Parse ``text`` (a transcript file named ``name``), store and analyse it as a new
    session; returns its id. A transcript that cannot be read or analysed raises its
    :class:`AnalysisError` and leaves no session behind. An empty title becomes the file's
    name."""
    transcript = parse_transcript(text, None, name)
    if not meta.title:
        meta.title = Path(name).stem
    session_id = store.create(meta, consent)
    try:
        analyse_into_session(store, session_id, transcript, nlp)
    except BaseException:
        store.delete(session_id)
        raise
    return session_id


def check_recording(path: Path, options: TranscribeOptions | None = None) -> None:
    """Raise :class:`analysis.errors.AudioError` (Dutch message) at once when ``path`` is no
    readable recording or is longer than the limit, before it waits for transcription."""
    check_file(path)
    duration = probe_duration(path)
    limit = options.max_duration if options is not None else DEFAULT_MAX_DURATION
    if duration is not None and duration > limit:
        raise too_long(path, duration, limit)


@dataclass(frozen=True, slots=True)
class Recording:
    """An uploaded recording and how to transcribe it."""

    name: str
    data: bytes = field(repr=False)
    delete_audio_after: bool = False
    num_speakers: int | None = None
    options: TranscribeOptions | None = None


def start_transcription(
    store: SessionStore, meta: SessionMeta, consent: Consent | None, recording: Recording
) -> str:
    """Store a recording as a new session and hand it to the server's transcription job;
    returns the session id. The session is ``queued``, then ``transcribing`` (progress in
    the store), then ``ready`` with transcript and analysis, or ``failed`` with the reason.

    Without a confirmed consent record (:class:`analysis.errors.ConsentError`) or for a file
    that is no readable recording (:class:`analysis.errors.AudioError`) nothing is stored.
    Start the worker (:meth:`analysis.upload_queue.QueueWorker.wake`) afterwards.
    """
    if not meta.title:
        meta.title = Path(safe_filename(recording.name)).stem
    try:
        return enqueue_recording(
            store,
            meta,
            consent,
            recording.name,
            recording.data,
            recording.delete_audio_after,
            recording.num_speakers,
            recording.options,
            check=lambda path: check_recording(path, recording.options),
        )
    except AnalysisError as exc:
        log.info("recording %r not accepted: %s", recording.name, exc.message)
        raise
