"""*Wachtrij* on *Nieuw gesprek*: several recordings at once, each with its own consent record,
transcribed one after another in the background by the server process."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from analysis.detect import build_nlp
from analysis.errors import AnalysisError
from analysis.review import Consent, SessionMeta
from analysis.settings import load_settings
from analysis.store import QueueItem, SessionStore, default_data_dir, safe_filename
from analysis.upload_queue import QueueWorker, enqueue_recording, requeue
from analysis.wording import count
from ui import state
from ui.safe_text import md

AUDIO_TYPES = ["wav", "mp3", "m4a", "aac", "ogg", "opus", "flac", "webm", "mp4", "mov"]
REFRESH_SECONDS = 3


@st.cache_resource(show_spinner=False)
def _worker(data_dir: str) -> QueueWorker:
    """The queue worker of this server process (one per data folder)."""
    return QueueWorker(Path(data_dir), build_nlp)


def worker() -> QueueWorker:
    """The running queue worker of this server process (started if needed)."""
    found = _worker(str(default_data_dir()))
    found.start()
    return found


@st.cache_resource(show_spinner=False)
def _resume(data_dir: str) -> bool:
    """Once per server process: recordings still queued (of any coach) when the server
    stopped are taken up again at start-up, without anyone opening the *Wachtrij*."""
    with SessionStore(Path(data_dir)) as store:
        waiting = any(item.status == "queued" for item in store.queue_items())
    if waiting:
        worker()
    return waiting


def resume_after_restart() -> None:
    """Start the queue worker when recordings wait in the queue (checked once per process)."""
    _resume(str(default_data_dir()))


def _title(meta: SessionMeta, name: str, several: bool) -> str:
    stem = Path(safe_filename(name)).stem
    if not meta.title:
        return stem
    return f"{meta.title} – {stem}" if several else meta.title


def _consent_for(index: int, name: str) -> Consent:
    with st.container(border=True):
        st.markdown(f"**{md(name)}**")
        confirmed = st.checkbox(
            "Iedereen op deze opname heeft toestemming gegeven voor opnemen en analyseren.",
            key=f"queue-consent-{index}",
        )
        left, right = st.columns(2)
        by = left.text_input(
            "Toestemming gegeven door",
            placeholder="Bijvoorbeeld: moeder en leerkracht",
            key=f"queue-by-{index}",
        )
        when = right.date_input(
            "Datum van de toestemming",
            value=dt.date.today(),
            format="DD-MM-YYYY",
            key=f"queue-date-{index}",
        )
    return Consent(confirmed=confirmed, confirmed_at=when.isoformat(), by=by, people=by)


def _line(item: QueueItem) -> str:
    label = state.SESSION_STATUS_LABELS.get(item.status, item.status)
    if item.status == "queued" and item.position is not None:
        label += f" (nummer {item.position + 1})"
    elif item.status == "transcribing":
        label += f" ({item.progress:.0%})"
    return f"{md(item.title or item.file_name)} · {md(item.file_name)} · {label}"


def overview() -> None:
    """This coach's recordings in the queue and how they stand (refreshed while active)."""
    items = state.store().queue_items()
    if not items:
        return
    active = any(item.status in ("queued", "transcribing") for item in items)
    if any(item.status == "queued" for item in items):
        worker()  # e.g. after a restart of the server: the queue goes on

    def show() -> None:
        st.subheader("Wachtrij")
        for item in state.store().queue_items():
            st.markdown(_line(item))
            if item.error:
                st.caption(md(item.error))
            if item.status in ("failed", "interrupted") and st.button(
                "Opnieuw in de wachtrij", key=f"requeue-{item.session_id}"
            ):
                try:
                    requeue(state.store(), item.session_id)
                    worker().wake()
                except AnalysisError as exc:
                    state.show_error(exc)
                st.rerun()

    st.fragment(run_every=REFRESH_SECONDS if active else None)(show)()


def section(meta: SessionMeta) -> None:
    """Upload several recordings, each with its consent record, and queue them."""
    st.caption(
        "Kies meerdere opnames tegelijk. Ze worden op deze computer na elkaar getranscribeerd "
        "en geanalyseerd, ook als u dit tabblad sluit; elk klaar gesprek staat daarna in "
        "Mijn gesprekken. Leg per opname vast wie toestemming gaf, en wanneer."
    )
    uploads = st.file_uploader(
        "Opnames", type=AUDIO_TYPES, accept_multiple_files=True, key="queue-uploads"
    )
    store = state.store()
    consents = [_consent_for(index, upload.name) for index, upload in enumerate(uploads or [])]
    delete_after = st.checkbox(
        "Verwijder elke opname meteen na het transcriberen",
        value=load_settings(store.data_dir, store.owner).delete_audio_after_transcription,
        key="queue-delete-after",
    )
    if st.button("Zet in de wachtrij", type="primary", key="queue-add"):
        if not uploads:
            st.warning("Kies eerst een of meer opnames.")
        queued = 0
        for upload, consent in zip(uploads or [], consents, strict=True):
            if not consent.confirmed or not consent.by.strip():
                st.warning(
                    f"{md(upload.name)}: bevestig eerst de toestemming (en door wie); deze "
                    "opname is niet in de wachtrij gezet."
                )
                continue
            item_meta = SessionMeta(
                title=_title(meta, upload.name, len(uploads or []) > 1),
                teacher=meta.teacher,
                group=meta.group,
                kind=meta.kind,
                date=meta.date,
            )
            enqueue_recording(
                store, item_meta, consent, upload.name, upload.getvalue(), delete_after
            )
            queued += 1
        if queued:
            worker().wake()
            st.success(f"{count(queued, 'opname')} in de wachtrij gezet.")
    overview()
