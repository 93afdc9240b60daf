"""Page "Nieuw gesprek": meta data, consent, and a recording, transcript or sample."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from analysis.errors import AnalysisError
from analysis.intake import Recording, start_from_text, start_transcription
from analysis.review import KIND_LABELS, SESSION_KINDS, Consent, SessionMeta
from analysis.settings import load_settings
from analysis.store import safe_filename
from analysis.transcribe import TranscribeOptions
from analysis.transcript_io import TRANSCRIPT_FORMATS, decode_bytes
from ui import queue_panel, state
from ui.safe_text import md
from ui.speech_settings import speech_options

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TRANSCRIPT_TYPES = list(TRANSCRIPT_FORMATS)
AUDIO_TYPES = ["wav", "mp3", "m4a", "aac", "ogg", "opus", "flac", "webm", "mp4", "mov"]
SOURCES = (
    "Voorbeeldgesprek",
    "Transcript",
    "Opname (audio of video)",
    "Wachtrij (meerdere opnames)",
)


def _meta() -> SessionMeta:
    st.subheader("Over het gesprek")
    left, right = st.columns(2)
    title = left.text_input("Titel", placeholder="Bijvoorbeeld: 10-minutengesprek groep 4")
    teacher = right.text_input("Leerkracht", placeholder="Naam van de leerkracht die oefent")
    group = left.text_input("Groep / klas", placeholder="Bijvoorbeeld: groep 4")
    kind = right.selectbox("Soort gesprek", SESSION_KINDS, format_func=KIND_LABELS.__getitem__)
    date = left.date_input("Datum van het gesprek", value=dt.date.today(), format="DD-MM-YYYY")
    return SessionMeta(title=title, teacher=teacher, group=group, kind=kind, date=date.isoformat())


def _consent() -> Consent:
    st.subheader("Toestemming")
    st.caption(
        "Een opname van een oudergesprek is een persoonsgegeven. Verwerk alleen een opname als "
        "iedereen die erop te horen is daar toestemming voor gaf."
    )
    confirmed = st.checkbox(
        "Iedereen op de opname heeft toestemming gegeven voor opnemen en analyseren.",
        key="consent-confirmed",
    )
    left, right = st.columns(2)
    by = left.text_input(
        "Toestemming gegeven door",
        placeholder="Bijvoorbeeld: moeder en leerkracht",
        key="consent-by",
    )
    when = right.date_input("Datum van de toestemming", value=dt.date.today(), format="DD-MM-YYYY")
    return Consent(confirmed=confirmed, confirmed_at=when.isoformat(), by=by, people=by)


def _start_with_transcript(
    meta: SessionMeta, consent: Consent | None, text: str, name: str
) -> None:
    state.open_session(start_from_text(state.store(), meta, consent, text, name, state.nlp()))


def _start_with_recording(
    meta: SessionMeta,
    consent: Consent,
    name: str,
    data: bytes,
    delete_after: bool,
    num_speakers: int | None,
    options: TranscribeOptions | None = None,
) -> None:
    """Hand the recording to the server's transcription job; the transcript page shows its
    progress (also after a reload, or when the talk is opened again later)."""
    recording = Recording(name, data, delete_after, num_speakers, options)
    session_id = start_transcription(state.store(), meta, consent, recording)
    queue_panel.worker().wake()
    state.open_session(session_id)


def page() -> None:
    """Render the page."""
    st.title("Nieuw gesprek")
    source = st.radio("Wat wilt u analyseren?", SOURCES, horizontal=True)
    meta = _meta()
    try:
        if source == SOURCES[0]:
            samples = {path.stem: path for path in sorted(SAMPLES.glob("*.txt"))}
            name = st.selectbox("Voorbeeld", list(samples), key="sample")
            st.caption("Geschreven voorbeeldgesprekken in de geest van de trainingsfilm.")
            if st.button("Open voorbeeld", type="primary"):
                path = samples[name]
                meta.title = meta.title or f"Voorbeeld: {name}"
                _start_with_transcript(meta, None, decode_bytes(path.read_bytes()), path.name)
                st.switch_page(st.session_state["pages"]["form"])
            return
        if source == SOURCES[3]:
            queue_panel.section(meta)
            return
        consent = _consent()
        if source == SOURCES[1]:
            upload = st.file_uploader("Transcript (txt, srt, vtt of json)", type=TRANSCRIPT_TYPES)
            pasted = st.text_area(
                "…of plak het transcript: één beurt per regel, 'Spreker: tekst'", height=150
            )
            if st.button("Analyseer", type="primary"):
                if not consent.confirmed or not consent.by.strip():
                    st.warning("Bevestig eerst de toestemming (en door wie).")
                    return
                if upload is not None:
                    name = safe_filename(upload.name, "transcript.txt")
                    text = decode_bytes(upload.getvalue(), name)
                elif pasted.strip():
                    name, text = "geplakt transcript.txt", pasted
                else:
                    st.warning("Kies een bestand of plak een transcript.")
                    return
                _start_with_transcript(meta, consent, text, name)
                st.switch_page(st.session_state["pages"]["form"])
            return
        upload = st.file_uploader("Opname", type=AUDIO_TYPES)
        delete_after = st.checkbox(
            "Verwijder de opname meteen na het transcriberen",
            value=load_settings(
                state.store().data_dir, state.store().owner
            ).delete_audio_after_transcription,
        )
        speakers = st.selectbox(
            "Aantal sprekers",
            [None, 1, 2, 3, 4],
            format_func=lambda n: "automatisch herkennen" if n is None else str(n),
        )
        options = speech_options(meta.teacher)
        st.caption(
            "De opname wordt op deze computer getranscribeerd met Whisper (model "
            f"'{md(options.model)}'); met het ingebouwde model 'base' duurt dat ongeveer een kwart "
            "van de duur van de opname."
        )
        if st.button("Transcribeer en analyseer", type="primary"):
            if not consent.confirmed or not consent.by.strip():
                st.warning("Bevestig eerst de toestemming (en door wie).")
                return
            if upload is None:
                st.warning("Kies eerst een opname.")
                return
            _start_with_recording(
                meta, consent, upload.name, upload.getvalue(), delete_after, speakers, options
            )
            st.switch_page(st.session_state["pages"]["transcript"])
    except AnalysisError as exc:
        state.show_error(exc)


if __name__ == "__main__":
    page()
