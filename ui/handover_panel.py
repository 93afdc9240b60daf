"""On *Mijn gesprekken* in a shared installation: hand a talk to another coach, and the
hand-overs from and to this coach."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analysis.auth import load_users, users_file
from analysis.errors import AnalysisError
from analysis.handover import hand_over, history
from ui import state
from ui.safe_text import md


def section() -> None:
    """The hand-over form and history (nothing in a single-user installation)."""
    path = users_file()
    user = st.session_state.get(state.USER_KEY)
    if path is None or user is None:
        return
    store = state.store()
    try:
        users = load_users(path)
    except AnalysisError as exc:
        state.show_error(exc)
        return
    names = {login: found.name for login, found in users.items()}
    others = [login for login in users if login != user.login]
    sessions = {summary.id: summary for summary in store.list_sessions()}
    with st.expander("Gesprek overdragen aan een andere coach"):
        if not sessions or not others:
            st.caption("Er is geen gesprek of geen andere coach om aan over te dragen.")
        else:
            session_id = st.selectbox(
                "Gesprek",
                list(sessions),
                format_func=lambda sid: (
                    f"{sessions[sid].title or '(zonder titel)'} ({sessions[sid].date or '—'})"
                ),
                key="handover-session",
            )
            to = st.selectbox(
                "Aan coach", others, format_func=lambda login: names[login], key="handover-to"
            )
            note = st.text_input("Notitie bij de overdracht (optioneel)", key="handover-note")
            if st.button("Draag over", key="handover-go"):
                try:
                    hand_over(store, session_id, to, note, coaches=set(users))
                except AnalysisError as exc:
                    state.show_error(exc)
                else:
                    if state.current_id() == session_id:
                        state.open_session(None)
                    st.session_state["handover-done"] = names[to]
                    st.rerun()
    done = st.session_state.pop("handover-done", None)
    if done:
        st.success(f"Overgedragen aan {md(done)}.")
    handovers = history(store)
    if handovers:
        st.subheader("Overdrachten")
        for item in handovers:
            giver = names.get(item.from_owner, item.from_owner or "—")
            taker = names.get(item.to_owner, item.to_owner)
            when = dt.datetime.fromisoformat(item.at).astimezone().strftime("%d-%m-%Y %H:%M")
            line = f"{when} · {item.title or '(zonder titel)'} · van {giver} aan {taker}"
            st.markdown(md(line) + (f"  \n{md(item.note)}" if item.note else ""))
