"""The flow of a talk, one function per step, called by the command line, the batch runner and
the app alike.

Steps (data in, data out)::

    recording ─ transcribe_recording ─ separate_speakers ─ propose_roles ─┐
    transcript file ─ read_transcript (roles from names, overrides) ──────┴─ analyse ─ form

:func:`read_talk` runs the first steps for either kind of input. The session functions below
tie the steps to the store, so that the app only wires widgets to them. The consent gate lives
here, in the core: a recording is never transcribed for a session without a confirmed consent
record.
"""

from __future__ import annotations

import logging
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import diarize, transcript_io
from analysis.errors import AnalysisError, AudioError, ConsentError, TranscriptError
from analysis.pipeline import analyse
from analysis.records import Analysis, Finding, Transcript
from analysis.roles import apply_roles, proposed_from_talk
from analysis.store import SessionStore
from analysis.transcribe import AUDIO_EXTENSIONS, Progress, TranscribeOptions, transcribe
from analysis.transcribe.resume import Checkpoint, checkpoint_from_dict, checkpoint_to_dict

if TYPE_CHECKING:
    from spacy.language import Language

logger = logging.getLogger(__name__)

Roles = Mapping[str, Sequence[str]]


# --- the steps ------------------------------------------------------------------------------


def is_recording(path: Path) -> bool:
    """True for a recording (audio or video) by its file name; otherwise a transcript file."""
    return Path(path).suffix.lower() in AUDIO_EXTENSIONS


def check_input_file(path: Path, error: type[AnalysisError] = TranscriptError) -> None:
    """Raise ``error`` unless ``path`` is a regular file (not missing, a folder, a pipe or a
    device), before anything tries to open it: opening a pipe would wait forever."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError as exc:
        raise error(f"{path}: file not found", f"Het bestand '{path.name}' bestaat niet.") from exc
    except OSError as exc:
        raise error(
            f"{path}: cannot be read ({exc.strerror})",
            f"Het bestand '{path.name}' kan niet gelezen worden.",
        ) from exc
    if stat.S_ISDIR(mode):
        raise error(f"{path}: is a folder, not a file", f"'{path.name}' is een map, geen bestand.")
    if not stat.S_ISREG(mode):
        raise error(
            f"{path}: not a regular file (a pipe, device or socket)",
            f"'{path.name}' is geen gewoon bestand.",
        )


def transcribe_recording(
    path: Path,
    options: TranscribeOptions | None = None,
    progress: Progress | None = None,
    resume: Checkpoint | None = None,
    on_checkpoint: Callable[[Checkpoint], None] | None = None,
) -> Transcript:
    """Step 1: the recording at ``path`` as a transcript (one speaker, times per word).
    ``resume`` / ``on_checkpoint``: go on after an interruption (see
    :mod:`analysis.transcribe.resume`)."""
    return transcribe(Path(path), options, progress, resume, on_checkpoint)


def resume_point(store: SessionStore, session_id: str) -> Checkpoint | None:
    """Where an interrupted transcription of the session stopped (``None``: nothing kept)."""
    return checkpoint_from_dict(store.partial(session_id))


def separate_speakers(
    path: Path, transcript: Transcript, num_speakers: int | None = None
) -> Transcript:
    """Step 2: the transcript of the recording at ``path`` with its speakers separated and
    their roles proposed from the talk; ``num_speakers`` 1 leaves it as it is."""
    if num_speakers == 1:
        return transcript
    return diarize.separate_speakers(Path(path), transcript, num_speakers)


def propose_roles(transcript: Transcript, roles: Roles | None = None) -> Transcript:
    """Step 3: roles from the speakers' names and the user's ``roles`` (role → speaker names);
    the roles still open are proposed from the talk around what the user set."""
    transcript = apply_roles(transcript, roles)
    if roles and any(roles.values()):
        transcript = diarize.propose_roles(transcript, refresh=True)
    return transcript


def read_talk(
    path: Path,
    *,
    roles: Roles | None = None,
    num_speakers: int | None = None,
    options: TranscribeOptions | None = None,
    progress: Progress | None = None,
) -> Transcript:
    """A talk ready for :func:`analyse`: a transcript file read with ``roles``, or a recording
    transcribed, its speakers separated (unless ``num_speakers`` is 1) and roles proposed."""
    path = Path(path)
    if not is_recording(path):
        return transcript_io.read_transcript(path, roles=roles)
    check_input_file(path, AudioError)
    transcript = transcribe_recording(path, options, progress)
    transcript = separate_speakers(path, transcript, num_speakers)
    return propose_roles(transcript, roles)


def language_warning(transcript: Transcript) -> str | None:
    """A warning when the recording sounds like another language than the transcript's."""
    if not transcript.other_language:
        return None
    return (
        f"warning: the recording sounds like '{transcript.detected_language}', "
        f"not '{transcript.language}'; the transcript and analysis may be unreliable"
    )


def speaker_lines(transcript: Transcript) -> list[str]:
    """One line per speaker: the role, whether it was proposed or set, turns and the reason."""
    lines = []
    for speaker in transcript.speakers:
        turns = sum(1 for turn in transcript.turns if turn.speaker == speaker.name)
        how = "proposed" if speaker.guessed else "set"
        reason = f" — {speaker.reason}" if speaker.reason else ""
        lines.append(f"{speaker.name}: {speaker.role} ({how}; {turns} turns){reason}")
    return lines


def read_notes(path: Path, transcript: Transcript) -> list[str]:
    """What to tell the user about a talk :func:`read_talk` read from ``path``: another
    language heard, and the speakers with their roles (for a transcript file only when a
    role was guessed from the talk)."""
    if not is_recording(path):
        guessed = any(proposed_from_talk(speaker) for speaker in transcript.speakers)
        return speaker_lines(transcript) if guessed else []
    warning = language_warning(transcript)
    return ([warning] if warning else []) + speaker_lines(transcript)


def teacher_missing(transcript: Transcript) -> str | None:
    """A warning when no speaker is a teacher: no behaviour of the form can be found then."""
    if any(speaker.role == "teacher" for speaker in transcript.speakers):
        return None
    names = ", ".join(speaker.name for speaker in transcript.speakers)
    return f"warning: no speaker is a teacher ({names})"


# --- sessions -------------------------------------------------------------------------------


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

    After every chunk of the recording (ten minutes by default) what is transcribed so far is
    kept with the session; transcribing an interrupted session again goes on from there.
    """
    require_consent(store, session_id)
    session = store.get(session_id)
    if session.audio_path is None:
        raise AudioError("this session has no recording", "Deze sessie heeft (nog) geen opname.")
    audio = Path(session.audio_path)

    def keep(checkpoint: Checkpoint) -> None:
        store.save_partial(session_id, checkpoint_to_dict(checkpoint))

    with store.transcription_job(session_id):
        resume = resume_point(store, session_id)
        transcript = transcribe_recording(audio, options, progress, resume, keep)
        transcript = separate_speakers(audio, transcript, num_speakers)
        transcript = propose_roles(transcript)
        analysis = analyse_into_session(store, session_id, transcript, nlp)
        store.drop_partial(session_id)
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
    # Roles the user did not set are proposed again around the correction.
    corrected = diarize.propose_roles(edit(transcript, *args), refresh=True)
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
