"""Page "Mijn gesprekken": stored sessions, deleting them, and a teacher's development."""

from __future__ import annotations

import streamlit as st

from analysis.errors import AnalysisError
from analysis.settings import Settings, apply_retention, load_settings, save_settings
from analysis.wording import count
from ui import handover_panel, insights, state
from ui.safe_text import md


def _settings() -> None:
    store = state.store()
    settings = load_settings(store.data_dir, store.owner)
    with st.expander("Privacy-instellingen"):
        st.caption(f"Gegevensmap (alleen voor u leesbaar): {md(str(store.data_dir))}")
        days = st.number_input(
            "Bewaartermijn in dagen (0 = bewaren tot u zelf verwijdert)",
            min_value=0,
            value=settings.retention_days,
            step=30,
            key="retention-days",
        )
        delete_audio = st.checkbox(
            "Opnames standaard meteen na het transcriberen verwijderen",
            value=settings.delete_audio_after_transcription,
            key="delete-audio-default",
        )
        if st.button("Bewaar instellingen", key="save-settings"):
            settings = Settings(int(days), bool(delete_audio))
            save_settings(store.data_dir, settings, store.owner)
            deleted = apply_retention(store, settings)
            gone = count(deleted, "gesprek")
            st.success(f"Bewaard. {gone} ouder dan de bewaartermijn verwijderd.")


def page() -> None:
    """Render the page."""
    st.title("Mijn gesprekken")
    store = state.store()
    teacher = st.text_input("Filter op leerkracht", placeholder="Alle leerkrachten")
    sessions = store.list_sessions(teacher or None)
    if not sessions:
        st.info("Er zijn nog geen gesprekken bewaard.")
    for summary in sessions:
        title_col, info_col, open_col, delete_col = st.columns([4, 3, 1, 1])
        title_col.markdown(f"**{md(summary.title or '(zonder titel)')}**")
        info = md(f"{summary.date} · {summary.teacher or '—'} · {summary.group or '—'}")
        info_col.caption(f"{info} · {state.SESSION_STATUS_LABELS[summary.status]}")
        if open_col.button("Open", key=f"open-{summary.id}"):
            state.open_session(summary.id)
            unfinished = not summary.has_analysis  # to the job's progress or its retry
            st.switch_page(st.session_state["pages"]["transcript" if unfinished else "form"])
        if delete_col.button("Verwijder", key=f"delete-{summary.id}"):
            st.session_state["confirm-delete"] = summary.id
        if st.session_state.get("confirm-delete") == summary.id:
            st.warning(
                "Dit verwijdert de opname, het transcript, het formulier en alle exports van dit "
                "gesprek definitief."
            )
            if st.button("Ja, verwijder definitief", key=f"really-delete-{summary.id}"):
                try:
                    store.delete(summary.id)
                except AnalysisError as exc:
                    state.show_error(exc)
                if state.current_id() == summary.id:
                    state.open_session(None)
                st.session_state.pop("confirm-delete", None)
                st.rerun()
    handover_panel.section()
    _settings()
    if teacher:
        st.subheader(f"Ontwikkeling van {md(teacher)}")
        insights.development(teacher)


if __name__ == "__main__":
    page()
