"""The recording's player: in the sidebar, so it stays in view, and it plays only when asked.

The ``st.audio`` element itself never changes (no start time, no autoplay), so a rerun or a
page switch never starts or restarts it. A ▶ click leaves the moment in the session state
(:func:`request_play`); the next run takes it once and sends a tiny script that seeks the
sidebar's player there and starts it (also at 0:00). Nothing plays on any other run.
"""

from __future__ import annotations

import json
import uuid

import streamlit as st

from analysis.export import clock
from analysis.store import Session

#: A second of lead-in before the moment, so the first word is not cut off.
LEAD_SECONDS = 1.0
#: How long the script looks for the player (it may still be mounting), in tries of 100 ms.
SCRIPT_TRIES = 50


def _request_key(session_id: str) -> str:
    return f"audio-start-{session_id}"


def request_play(session_id: str, seconds: float) -> None:
    """Ask the player to play from ``seconds`` (minus the lead-in) on the next run."""
    st.session_state[_request_key(session_id)] = max(0.0, float(seconds) - LEAD_SECONDS)


def take_request(session_id: str) -> float | None:
    """The moment a ▶ click asked for, once (``None`` when nothing was asked since)."""
    value = st.session_state.pop(_request_key(session_id), None)
    return float(value) if isinstance(value, int | float) else None


def play_script(seconds: float, nonce: str) -> str:
    """A script that seeks the sidebar's player to ``seconds`` and starts it.

    ``nonce`` makes every request a new element, so the same moment can be played twice.
    """
    return (
        "<script>(() => {"
        f" const at = {json.dumps(round(seconds, 3))}; const nonce = {json.dumps(nonce)};"
        " let tries = 0;"
        " const go = () => {"
        "  const audio = document.querySelector('[data-testid=\"stSidebar\"] audio');"
        f"  if (!audio) {{ if (tries++ < {SCRIPT_TRIES}) setTimeout(go, 100); return; }}"
        "  audio.dataset.playRequest = nonce;"
        "  audio.currentTime = at;"
        "  const started = audio.play();"
        "  if (started) started.catch(() => {});"
        " };"
        " go();"
        "})();</script>"
    )


def audio_player(session: Session) -> None:
    """The recording in the sidebar (if the session has audio); plays a requested moment once.

    Call it before anything else a page puts in the sidebar, so the player keeps its place
    (and keeps playing) when the rest of the sidebar changes.
    """
    if session.audio_path is None or not session.audio_path.exists():
        return
    start = take_request(session.id)
    with st.sidebar:
        st.caption("Opname")
        st.audio(str(session.audio_path))
        slot = st.empty()
        if start is not None:
            with slot:
                st.html(play_script(start, uuid.uuid4().hex), unsafe_allow_javascript=True)


def play_button(session: Session, seconds: float | None, key: str) -> None:
    """A small ▶ button that plays the recording from ``seconds`` in the sidebar's player."""
    if seconds is None or session.audio_path is None:
        return
    st.button(
        f":material/play_arrow: {clock(seconds)}",
        key=key,
        help="Speel dit moment af",
        on_click=request_play,
        args=(session.id, seconds),
    )
