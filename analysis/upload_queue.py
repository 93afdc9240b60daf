"""The queue of recordings: uploaded together, transcribed one after another in the background.

:func:`enqueue_recording` stores a recording with its own consent record as a new session in
status ``queued``; a :class:`QueueWorker` (one per server process, a daemon thread) takes the
oldest queued recording of any coach (:meth:`SessionStore.claim_queued`), transcribes and
analyses it with :func:`analysis.workflow.transcribe_into_session` (as a transcription job:
process and heartbeat recorded, consent required) and records the outcome, then the next.
Everything about the queue is in the session store, so a page reload, another browser tab or
a restart of the server loses nothing: queued recordings wait until a worker runs again.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.errors import AnalysisError, ConsentError
from analysis.records import Segment
from analysis.review import Consent, SessionMeta
from analysis.store import SessionStore
from analysis.transcribe import TranscribeOptions
from analysis.workflow import transcribe_into_session

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

#: How often an idle worker looks for recordings queued by another process.
POLL_SECONDS = 5.0
#: Progress is written to the store at most this often.
PROGRESS_SECONDS = 1.0
#: How many of the latest transcribed segments :func:`live_text` keeps per running job.
LIVE_SEGMENTS = 6
UNEXPECTED_NL = (
    "Er ging iets mis bij het verwerken van deze opname (foutcode {code}). Zet de opname "
    "opnieuw in de wachtrij of geef de foutcode door aan de beheerder."
)


_live: dict[str, list[str]] = {}
_live_lock = threading.Lock()


def live_text(session_id: str) -> list[str]:
    """The latest transcribed segments of a recording this process is transcribing now
    (empty when none): the page shows the transcript growing, also after a reload."""
    with _live_lock:
        return list(_live.get(session_id, []))


def options_to_dict(options: TranscribeOptions | None) -> dict[str, Any] | None:
    """``options`` as plain JSON data for the queue item (``None``: the defaults)."""
    return None if options is None else dataclasses.asdict(options)


def options_from_dict(data: Mapping[str, Any] | None) -> TranscribeOptions | None:
    """The :class:`TranscribeOptions` stored by :func:`options_to_dict` (unknown keys of an
    older or newer version are ignored)."""
    if not data:
        return None
    known = {f.name for f in dataclasses.fields(TranscribeOptions)}
    return TranscribeOptions(**{key: value for key, value in data.items() if key in known})


def _require(consent: Consent | None, name: str) -> Consent:
    if consent is None or not consent.confirmed or not consent.by.strip():
        raise ConsentError(
            f"{name}: no consent record; not queued",
            f"{name}: bevestig eerst de toestemming (door wie en wanneer); de opname is niet "
            "in de wachtrij gezet.",
        )
    return consent


def enqueue_recording(
    store: SessionStore,
    meta: SessionMeta,
    consent: Consent | None,
    name: str,
    data: bytes,
    delete_audio_after: bool = False,
    num_speakers: int | None = None,
    options: TranscribeOptions | None = None,
    check: Callable[[Path], None] | None = None,
) -> str:
    """Store a recording as a new session waiting in the queue; returns the session id.

    ``options`` are the transcription settings (default: the built-in ones). ``check`` is
    called with the stored recording before it is queued (e.g. to refuse an unreadable
    file at once); an :class:`AnalysisError` from it leaves nothing behind.

    Raises :class:`ConsentError` (nothing stored) without a confirmed consent record with
    who consented.
    """
    consent = _require(consent, name)
    session_id = store.create(meta, consent)
    try:
        audio = store.save_audio(session_id, name, data)
        if check is not None:
            check(audio)
        store.enqueue(
            session_id,
            name,
            {
                "delete_audio_after": bool(delete_audio_after),
                "num_speakers": num_speakers,
                "transcribe": options_to_dict(options),
            },
        )
    except BaseException:
        store.delete(session_id)
        raise
    log.info("queued the recording of session %s", session_id)
    return session_id


def requeue(store: SessionStore, session_id: str) -> None:
    """Put a failed or interrupted recording back at the end of the queue."""
    items = {item.session_id: item for item in store.queue_items()}
    item = items.get(session_id)
    session = store.get(session_id)
    if session.audio_path is None:
        raise AnalysisError(
            "the session has no recording any more", "Dit gesprek heeft geen opname meer."
        )
    _require(session.consent, item.file_name if item else session.meta.title)
    store.enqueue(session_id, item.file_name if item else "", item.options if item else {})


def process_queued(store: SessionStore, session_id: str, nlp: Language | None = None) -> bool:
    """Transcribe and analyse one claimed recording; records the outcome. True on success."""
    items = {item.session_id: item for item in store.queue_items()}
    options: dict[str, Any] = dict(items[session_id].options) if session_id in items else {}
    last = [0.0]

    def progress(fraction: float, segments: list[Segment]) -> None:
        with _live_lock:
            _live[session_id] = [segment.text for segment in segments[-LIVE_SEGMENTS:]]
        now = time.monotonic()
        if now - last[0] >= PROGRESS_SECONDS or fraction >= 1.0:
            last[0] = now
            store.set_queue_progress(session_id, fraction)

    try:
        transcribe_into_session(
            store,
            session_id,
            options_from_dict(options.get("transcribe")),
            progress,
            nlp,
            delete_audio_after=bool(options.get("delete_audio_after", False)),
            num_speakers=options.get("num_speakers"),
        )
    except AnalysisError as exc:
        log.warning("queued recording of session %s failed: %s", session_id, exc.message)
        store.finish_queued(session_id, exc.message_nl)
        return False
    except Exception:
        code = uuid.uuid4().hex[:8]
        log.exception("queued recording of session %s failed (code %s)", session_id, code)
        store.finish_queued(session_id, UNEXPECTED_NL.format(code=code))
        return False
    finally:
        with _live_lock:
            _live.pop(session_id, None)
    store.finish_queued(session_id)
    return True


class QueueWorker:
    """Works through the queue of the store in ``data_dir``, one recording at a time, in a
    daemon thread of this process (the app's server: it goes on when the browser tab that
    queued the recordings is closed).

    ``nlp`` loads the Dutch pipeline (default: :func:`analysis.detect.build_nlp`, cached per
    process). Call :meth:`start` (again: harmless) and :meth:`wake` after queueing.
    """

    def __init__(
        self,
        data_dir: Path,
        nlp: Callable[[], Language] | None = None,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.data_dir = Path(data_dir)
        self._nlp = nlp
        self.poll_seconds = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.processed = 0

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the thread (unless it runs)."""
        with self._lock:
            if self.running:
                return
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._loop, name="gesprekscoach-queue", daemon=True
            )
            self._thread.start()

    def wake(self) -> None:
        """Look at the queue now (after queueing a recording)."""
        self._wake.set()

    def stop(self, timeout: float | None = None) -> None:
        """Stop after the current recording (for tests and a clean shutdown)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def run_once(self, store: SessionStore) -> str | None:
        """Process the next queued recording, if any; returns its session id."""
        session_id = store.claim_queued()
        if session_id is None:
            return None
        nlp = self._nlp() if self._nlp is not None else None
        process_queued(store, session_id, nlp)
        self.processed += 1
        return session_id

    def _loop(self) -> None:
        try:
            store = SessionStore(self.data_dir)
        except AnalysisError:
            log.exception("the queue worker cannot open the store in %s", self.data_dir)
            return
        try:
            while not self._stop.is_set():
                try:
                    found = self.run_once(store)
                except AnalysisError:  # the store itself failed: try again later
                    log.exception("the queue worker could not take the next recording")
                    found = None
                if found is None:
                    self._wake.wait(self.poll_seconds)
                    self._wake.clear()
        finally:
            store.close()
