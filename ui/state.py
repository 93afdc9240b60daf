"""Shared app state: cached resources, the current session, Dutch labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from analysis.auth import authenticate, load_users, users_file
from analysis.errors import AnalysisError
from analysis.sessions import Session, SessionStore, default_data_dir
from analysis.settings import apply_retention, load_settings

ROLE_LABELS = {"teacher": "leerkracht", "parent": "ouder", "child": "kind", "unknown": "onbekend"}
STATUS_LABELS = {
    "pending": "nog niet beoordeeld",
    "confirmed": "bevestigd",
    "rejected": "afgewezen",
}
SESSION_STATUS_LABELS = {
    "new": "nieuw",
    "transcribing": "wordt getranscribeerd",
    "interrupted": "onderbroken",
    "ready": "klaar",
}
ACT_LABELS = {"open_question": "open vraag", "closed_question": "gesloten vraag"}
SESSION_KEY = "session_id"
USER_KEY = "signed_in_user"
QUERY_KEY = "sessie"


@st.cache_resource(show_spinner=False)
def _store(data_dir: str, owner: str | None) -> SessionStore:
    session_store = SessionStore(Path(data_dir), owner=owner)
    session_store.mark_interrupted_on_start()
    apply_retention(session_store, load_settings(Path(data_dir)))
    return session_store


def store() -> SessionStore:
    """The session store of the configured data directory (opened once per process; on opening,
    sessions whose transcription was killed are marked interrupted)."""
    user = st.session_state.get(USER_KEY)
    return _store(str(default_data_dir()), user.login if user else None)


def sign_in() -> bool:
    """On a shared installation (a users file is configured), ask for a sign-in.

    Returns True when the page may be shown: no users file, or a coach is signed in.
    """
    path = users_file()
    if path is None:
        return True
    user = st.session_state.get(USER_KEY)
    if user is not None:
        with st.sidebar:
            st.caption(f"Ingelogd als {user.name}")
            if st.button("Uitloggen", key="sign-out"):
                st.session_state.clear()
                st.rerun()
        return True
    st.title("Gesprekscoach")
    try:
        users = load_users(path)
    except AnalysisError as exc:
        show_error(exc)
        return False
    with st.form("sign-in"):
        login = st.text_input("Gebruikersnaam", key="login-name")
        password = st.text_input("Wachtwoord", type="password", key="login-password")
        if st.form_submit_button("Inloggen", type="primary"):
            found = authenticate(users, login, password)
            if found is None:
                st.error("Gebruikersnaam of wachtwoord klopt niet.")
            else:
                st.session_state[USER_KEY] = found
                st.rerun()
    return False


@st.cache_resource(show_spinner="Het Nederlandse taalmodel wordt geladen…")
def nlp() -> Any:
    """The Dutch pipeline with the behaviour rules (loaded once per process)."""
    import analysis.diarize  # noqa: F401  (warm up: role proposals after every correction)
    from analysis.detect import build_nlp

    return build_nlp()


def current_id() -> str | None:
    """The open session: from this browser tab's state, else from the URL (survives refresh)."""
    session_id = st.session_state.get(SESSION_KEY) or st.query_params.get(QUERY_KEY)
    if session_id:
        st.query_params[QUERY_KEY] = session_id
    return session_id


def open_session(session_id: str | None) -> None:
    """Make ``session_id`` the open session (``None`` closes it)."""
    if session_id is None:
        st.session_state.pop(SESSION_KEY, None)
        st.query_params.clear()
    else:
        st.session_state[SESSION_KEY] = session_id
        st.query_params[QUERY_KEY] = session_id


def current_session() -> Session | None:
    """The open session, or ``None`` with a hint on the page."""
    session_id = current_id()
    if not session_id:
        st.info("Open eerst een gesprek via **Nieuw gesprek** of **Mijn gesprekken**.")
        return None
    try:
        return store().get(session_id)
    except AnalysisError as exc:
        open_session(None)
        st.warning(exc.message_nl)
        return None


def analysed_session() -> Session | None:
    """The open session when it has been analysed; otherwise ``None`` with a hint."""
    session = current_session()
    if session is None:
        return None
    if session.analysis is None or session.transcript is None:
        st.warning("Dit gesprek is nog niet geanalyseerd.")
        return None
    return session


def show_error(exc: AnalysisError) -> None:
    """A Dutch error message for the user."""
    st.error(exc.message_nl)


def clock(seconds: float | None) -> str:
    """``m:ss`` (or ``h:mm:ss``) for a time in seconds; empty when unknown."""
    if seconds is None:
        return ""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def audio_player(session: Session) -> None:
    """The recording, starting where the user last clicked (if the session has audio)."""
    if session.audio_path is None or not session.audio_path.exists():
        return
    start = int(st.session_state.get(f"audio-start-{session.id}", 0))
    st.audio(str(session.audio_path), start_time=start, autoplay=start > 0)


def play_button(session: Session, seconds: float | None, key: str) -> None:
    """A small button that makes the player jump to ``seconds``."""
    if seconds is None or session.audio_path is None:
        return
    if st.button(f":material/play_arrow: {clock(seconds)}", key=key, help="Speel dit moment af"):
        st.session_state[f"audio-start-{session.id}"] = max(0, int(seconds) - 1)
        st.rerun()
