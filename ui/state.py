"""Shared app state: cached resources, the current session, Dutch labels."""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path
from typing import Any, cast

import streamlit as st
from spacy.language import Language

import analysis.diarize  # noqa: F401  (loaded with the app: role proposals after corrections)
from analysis.auth import (
    TOKEN_SECONDS,
    User,
    authenticate,
    load_or_create_secret,
    load_users,
    make_token,
    users_file,
    verify_token,
)
from analysis.detect import build_nlp
from analysis.doc_cache import CachingPipeline
from analysis.errors import AnalysisError
from analysis.housekeeping import HousekeepingReport, run_housekeeping
from analysis.model_loader import ModelLoader
from analysis.store import Session, SessionStore, default_data_dir
from ui.player import audio_player, play_button
from ui.safe_text import md

log = logging.getLogger(__name__)

__all__ = ["audio_player", "play_button"]  # the player lives in ui.player

ROLE_LABELS = {"teacher": "leerkracht", "parent": "ouder", "child": "kind", "unknown": "onbekend"}
STATUS_LABELS = {
    "pending": "nog niet beoordeeld",
    "confirmed": "bevestigd",
    "rejected": "afgewezen",
}
SESSION_STATUS_LABELS = {
    "new": "nieuw",
    "queued": "in de wachtrij",
    "transcribing": "wordt getranscribeerd",
    "interrupted": "onderbroken",
    "ready": "klaar",
    "failed": "mislukt",
}
SESSION_KEY = "session_id"
USER_KEY = "signed_in_user"
QUERY_KEY = "sessie"
COOKIE_NAME = "gesprekscoach_login"
HOUSEKEEPING_SECONDS = 3600
ERROR_MESSAGE = (
    "Er ging iets mis bij het tonen van deze pagina. Uw werk tot nu toe is bewaard. Probeer "
    "het opnieuw; blijft het misgaan, geef dan foutcode {code} door aan de beheerder."
)
_COOKIE_KEY = "_sign_in_cookie"  # (value, max-age) to write into the browser on the next run
_SIGNED_OUT_KEY = "_signed_out"  # ignore the cookie this tab sent when it connected


@st.cache_resource(show_spinner=False, ttl=HOUSEKEEPING_SECONDS)
def _housekeeping(data_dir: str) -> HousekeepingReport | None:
    """Housekeeping of the whole data folder, once per process and then at most hourly."""
    try:
        return run_housekeeping(Path(data_dir))
    except AnalysisError:
        log.exception("housekeeping of %s failed", data_dir)
        return None


@st.cache_resource(show_spinner=False)
def _store(data_dir: str, owner: str | None) -> SessionStore:
    return SessionStore(Path(data_dir), owner=owner)


def store() -> SessionStore:
    """The session store of the configured data directory, scoped to the signed-in coach
    (opened once per process). Before the first one, and then hourly, housekeeping runs on
    the whole folder: transcriptions whose process is gone are marked interrupted and each
    coach's retention period is applied to their own sessions."""
    data_dir = str(default_data_dir())
    _housekeeping(data_dir)
    user = st.session_state.get(USER_KEY)
    return _store(data_dir, user.login if user else None)


def run_page(page: Any) -> None:
    """Run a navigation page; an unexpected error shows a Dutch message, not a traceback.

    The details (type, message, traceback) go to the log with a short code that the page
    shows, so a coach can report it without seeing paths or internals. Streamlit's own
    control flow (``st.rerun``, ``st.stop``, ``st.switch_page``) passes through.
    """
    try:
        page.run()
    except AnalysisError as exc:
        log.warning("unhandled %s on page %r: %s", type(exc).__name__, page.title, exc.message)
        show_error(exc)
    except Exception:
        code = uuid.uuid4().hex[:8]
        log.exception("unexpected error on page %r (code %s)", page.title, code)
        st.error(ERROR_MESSAGE.format(code=code), icon=":material/error:")


def _write_cookie(value: str, max_age: int) -> None:
    """Set (or with ``max_age`` 0 clear) the sign-in cookie in the browser.

    Streamlit can read cookies (``st.context.cookies``) but not set them, so a tiny script
    does; it runs in the page itself (``st.html`` is not put in an iframe). A script cannot
    make a cookie HttpOnly: ``SameSite=Strict`` keeps other sites from sending it along.
    """
    secure = "; Secure" if str(st.context.url or "").startswith("https:") else ""
    cookie = f"{COOKIE_NAME}={value}; Max-Age={max_age}; Path=/; SameSite=Strict{secure}"
    st.html(
        f"<script>document.cookie = {json.dumps(cookie)};</script>", unsafe_allow_javascript=True
    )


def _signed_in_by_cookie(users: dict[str, User]) -> User | None:
    """The coach whose valid sign-in cookie this browser sent, if any."""
    if st.session_state.get(_SIGNED_OUT_KEY):
        return None
    token = st.context.cookies.get(COOKIE_NAME)
    if not token:
        return None
    try:
        user = verify_token(token, load_or_create_secret(default_data_dir()), users)
    except AnalysisError as exc:
        log.warning("sign-in cookie not checked: %s", exc.message)
        return None
    if user is None:
        log.info("ignoring an invalid or expired sign-in cookie")
    return user


def _remember(user: User) -> None:
    """Keep ``user`` signed in for this tab, and in a signed cookie for reloads."""
    st.session_state[USER_KEY] = user
    st.session_state.pop(_SIGNED_OUT_KEY, None)
    try:
        token = make_token(user, load_or_create_secret(default_data_dir()))
    except AnalysisError as exc:
        log.warning("sign-in not kept across reloads: %s", exc.message)
        return
    st.session_state[_COOKIE_KEY] = (token, TOKEN_SECONDS)


def sign_in() -> bool:
    """On a shared installation (a users file is configured), ask for a sign-in.

    Returns True when the page may be shown: no users file, or a coach is signed in.
    """
    path = users_file()
    if path is None:
        return True
    pending = st.session_state.pop(_COOKIE_KEY, None)
    if pending is not None:
        _write_cookie(*pending)
    user = st.session_state.get(USER_KEY)
    if user is None:
        try:
            users = load_users(path)
        except AnalysisError as exc:
            st.title("Gesprekscoach")
            show_error(exc)
            return False
        user = _signed_in_by_cookie(users)
        if user is not None:
            st.session_state[USER_KEY] = user
    if user is not None:
        with st.sidebar:
            st.caption(f"Ingelogd als {md(user.name)}")
            if st.button("Uitloggen", key="sign-out"):
                st.session_state.clear()
                st.session_state[_SIGNED_OUT_KEY] = True
                st.session_state[_COOKIE_KEY] = ("", 0)
                st.rerun()
        return True
    st.title("Gesprekscoach")
    with st.form("sign-in"):
        login = st.text_input("Gebruikersnaam", key="login-name")
        password = st.text_input("Wachtwoord", type="password", key="login-password")
        if st.form_submit_button("Inloggen", type="primary"):
            found = authenticate(users, login, password)
            if found is None:
                st.error("Gebruikersnaam of wachtwoord klopt niet.")
            else:
                _remember(found)
                st.rerun()
    return False


def _load_pipeline() -> Language:
    """The Dutch pipeline remembering the turns it processed: a correction re-analyses only
    the turns it changed (it stands in for the ``Language``, see :mod:`analysis.doc_cache`)."""
    return cast(Language, CachingPipeline(build_nlp()))


@st.cache_resource(show_spinner=False)
def model_loader() -> ModelLoader[Language]:
    """The Dutch pipeline, loading in a background thread from the server's first page view
    on (one per process), so it is ready by the time a coach makes the first correction."""
    return ModelLoader(_load_pipeline, name="Dutch pipeline").start()


def nlp() -> Language:
    """The Dutch pipeline with the behaviour rules (loaded once per process)."""
    loader = model_loader()
    if loader.ready:
        return loader.get()
    with st.spinner("Het Nederlandse taalmodel wordt geladen…"):
        return loader.get()


def current_id() -> str | None:
    """The open session: from this browser tab's state, else from the URL (survives refresh).

    Taken from the URL it is kept in the tab's state too: Streamlit drops the query
    parameters when the coach goes to another page in the sidebar, and the talk must stay
    open there.
    """
    session_id = st.session_state.get(SESSION_KEY) or st.query_params.get(QUERY_KEY)
    if session_id:
        st.session_state[SESSION_KEY] = session_id
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
        st.warning(md(exc.message_nl))
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
    """A Dutch error message for the user (it may quote a file or speaker name)."""
    st.error(md(exc.message_nl))


def clock(seconds: float | None) -> str:
    """``m:ss`` (or ``h:mm:ss``) for a time in seconds; empty when unknown."""
    if seconds is None:
        return ""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
