"""Gesprekscoach: the Streamlit app. Layout and navigation only; pages live in ``ui/``."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import queue_panel, state, streamlit_nl

# The page icon is served by the app itself: a Material icon or an emoji shortcode here would
# make the browser fetch it from fonts.gstatic.com or a CDN on every page load.
ICON = Path(__file__).resolve().parent / "ui" / "assets" / "gesprekscoach.png"
st.set_page_config(page_title="Gesprekscoach", page_icon=str(ICON), layout="wide")

PAGES = {
    "new": st.Page(
        "ui/new_talk.py", title="Nieuw gesprek", icon=":material/add_circle:", default=True
    ),
    "transcript": st.Page(
        "ui/transcript_page.py", title="Transcriptie", icon=":material/description:"
    ),
    "form": st.Page("ui/form_page.py", title="Observatieformulier", icon=":material/checklist:"),
    "insights": st.Page("ui/insights.py", title="Inzichten", icon=":material/insights:"),
    "report": st.Page("ui/report_page.py", title="Rapport", icon=":material/download:"),
    "sessions": st.Page(
        "ui/sessions_page.py", title="Mijn gesprekken", icon=":material/folder_open:"
    ),
}
st.session_state["pages"] = PAGES
state.model_loader()  # the Dutch model loads in the background from the first page view on
if not state.sign_in():
    st.stop()
queue_panel.resume_after_restart()  # recordings queued before a restart go on
with st.sidebar:
    st.caption("Alles blijft op deze computer: geen cloud, geen statistieken.")
    streamlit_nl.install()  # Streamlit's own English texts in Dutch
state.run_page(st.navigation(list(PAGES.values())))
