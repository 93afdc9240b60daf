"""Page "Transcriptie": the transcript with speakers and roles, and corrections to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from analysis import editing
from analysis.errors import AnalysisError
from analysis.records import ROLES
from analysis.sessions import Session
from analysis.workflow import edit_transcript, transcribe_into_session
from ui import state
from ui.safe_text import md


def _apply(session: Session, edit: Callable[..., Any], *args: Any) -> None:
    try:
        edit_transcript(state.store(), session.id, edit, *args, nlp=state.nlp())
    except AnalysisError as exc:
        st.session_state["transcript-error"] = exc.message_nl


def _speakers(session: Session) -> None:
    transcript = session.transcript
    assert transcript is not None
    st.subheader("Sprekers")
    for speaker in transcript.speakers:
        turns = sum(1 for turn in transcript.turns if turn.speaker == speaker.name)
        name_col, role_col, info_col = st.columns([2, 2, 3])
        new_name = name_col.text_input(
            "Naam", value=speaker.name, key=f"name-{session.id}-{speaker.name}"
        )
        if new_name.strip() and new_name.strip() != speaker.name:
            _apply(session, editing.rename_speaker, speaker.name, new_name)
            st.rerun()
        role = role_col.selectbox(
            "Rol",
            ROLES,
            index=ROLES.index(speaker.role),
            format_func=state.ROLE_LABELS.__getitem__,
            key=f"role-{session.id}-{speaker.name}-{speaker.role}",
        )
        if role != speaker.role:
            _apply(session, editing.set_role, speaker.name, role)
            st.rerun()
        guessed = "geraden" if speaker.guessed else "ingesteld"
        info_col.caption(f"{turns} beurten · rol {guessed}. {md(speaker.reason)}")
    names = [speaker.name for speaker in transcript.speakers]
    if len(names) > 1:
        with st.expander("Twee sprekers samenvoegen"):
            left, right, button = st.columns([2, 2, 1])
            source = left.selectbox("Spreker", names, key=f"merge-src-{session.id}")
            target = right.selectbox(
                "wordt", [n for n in names if n != source], key=f"merge-dst-{session.id}"
            )
            if button.button("Voeg samen", key=f"merge-{session.id}") and target:
                _apply(session, editing.merge_speakers, source, target)
                st.rerun()


def _turn_tools(session: Session) -> None:
    transcript = session.transcript
    assert transcript is not None
    with st.expander("Een beurt corrigeren"):
        index = st.number_input(
            "Beurt", min_value=0, max_value=len(transcript.turns) - 1, step=1,
            key=f"fix-index-{session.id}",
        )  # fmt: skip
        turn = transcript.turns[int(index)]
        names = [speaker.name for speaker in transcript.speakers]
        left, right = st.columns([1, 3])
        speaker = left.selectbox(
            "Spreker", names, index=names.index(turn.speaker), key=f"fix-spk-{session.id}-{index}"
        )
        text = right.text_area("Tekst", value=turn.text, key=f"fix-text-{session.id}-{index}")
        if st.button("Bewaar correctie", key=f"fix-save-{session.id}"):
            if speaker != turn.speaker:
                _apply(session, editing.move_turn, int(index), speaker)
            if text != turn.text:
                _apply(state.store().get(session.id), editing.edit_text, int(index), text)
            st.rerun()


def _turns(session: Session) -> None:
    transcript = session.transcript
    assert transcript is not None
    st.subheader("Transcript")
    for turn in transcript.turns:
        time_col, text_col = st.columns([1, 8])
        with time_col:
            state.play_button(session, turn.start, key=f"play-turn-{turn.index}")
            if turn.start is not None and session.audio_path is None:
                st.caption(state.clock(turn.start))
        role = state.ROLE_LABELS[turn.role]
        text_col.markdown(f"**{turn.index} · {md(turn.speaker)}** ({role}): {md(turn.text)}")


def _retry(session: Session) -> None:
    """A session without transcript (e.g. transcription interrupted): transcribe it again."""
    status = state.SESSION_STATUS_LABELS[session.status]
    st.warning(f"Dit gesprek heeft nog geen transcript (status: {status}).")
    if session.audio_path is None or session.status == "transcribing":
        return
    if st.button("Transcribeer de opname opnieuw", type="primary", key=f"retry-{session.id}"):
        bar = st.progress(0.0, text="Transcriberen…")

        def progress(fraction: float, segments: list) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=f"Transcriberen… {fraction:.0%}")

        try:
            transcribe_into_session(state.store(), session.id, None, progress, state.nlp())
        except AnalysisError as exc:
            state.show_error(exc)
            return
        st.rerun()


def page() -> None:
    """Render the page."""
    st.title("Transcriptie")
    session = state.current_session()
    if session is None:
        return
    if session.transcript is None:
        _retry(session)
        return
    if session.transcript.other_language:
        st.warning(
            f"De opname klinkt als een andere taal ('{md(session.transcript.detected_language)}') "
            "dan Nederlands. Controleer het transcript: de analyse is dan onbetrouwbaar."
        )
    error = st.session_state.pop("transcript-error", None)
    if error:
        st.error(md(error))
    state.audio_player(session)
    _speakers(session)
    _turn_tools(session)
    _turns(session)


if __name__ == "__main__":
    page()
