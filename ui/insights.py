"""Page "Inzichten": talk time, questions, who speaks when, and the parent's share over time.

For a talk with a shy parent the parent's share is the headline.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import streamlit as st

from analysis.timeline import timeline
from ui import state

ROLE_COLOURS = alt.Scale(
    domain=["leerkracht", "ouder", "kind", "onbekend"],
    range=["#1f5f8b", "#e07b39", "#5a9e4b", "#9e9e9e"],
)


def _share(value: Any) -> str:
    return f"{value:.0%}" if isinstance(value, int | float) else "—"


def _headline(metrics: dict[str, Any]) -> None:
    columns = st.columns(4)
    columns[0].metric(
        "Aandeel ouder (woorden)",
        _share(metrics.get("parent_word_share")),
        help="Hoeveel van alle gesproken woorden van de ouder(s) kwamen.",
    )
    columns[1].metric(
        "Open vragen",
        f"{metrics.get('open_questions', 0)} van "
        f"{metrics.get('open_questions', 0) + metrics.get('closed_questions', 0)}",
        help="Vragen van de leerkracht die uitnodigen om te vertellen.",
    )
    per_minute = metrics.get("questions_per_minute")
    columns[2].metric(
        "Vragen per minuut",
        f"{per_minute:.1f}" if isinstance(per_minute, int | float) else "—",
    )
    longest = metrics.get("longest_teacher_turn") or {}
    columns[3].metric(
        "Langste beurt leerkracht",
        f"{longest.get('words', 0)} woorden",
        help=f"Beurt {longest.get('turn', '—')}",
    )


def _role_shares(metrics: dict[str, Any]) -> None:
    shares = metrics.get("time_share_per_role") or metrics.get("word_share_per_role") or {}
    basis = "spreektijd" if metrics.get("time_share_per_role") else "woorden"
    rows = [{"rol": state.ROLE_LABELS.get(r, r), "aandeel": v} for r, v in shares.items()]
    st.markdown(f"**Wie praat er hoeveel?** (aandeel {basis})")
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("aandeel:Q", axis=alt.Axis(format="%"), title=None),
            y=alt.Y("rol:N", title=None),
            color=alt.Color("rol:N", scale=ROLE_COLOURS, legend=None),
            tooltip=["rol:N", alt.Tooltip("aandeel:Q", format=".0%")],
        )
    )
    st.altair_chart(chart, width="stretch")


def _questions(metrics: dict[str, Any]) -> None:
    rows = [
        {"soort": "open", "aantal": metrics.get("open_questions", 0)},
        {"soort": "gesloten", "aantal": metrics.get("closed_questions", 0)},
    ]
    st.markdown("**Vragen van de leerkracht**")
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("aantal:Q", title=None),
            y=alt.Y("soort:N", title=None),
            color=alt.Color(
                "soort:N",
                scale=alt.Scale(domain=["open", "gesloten"], range=["#2e7d32", "#bdbdbd"]),
                legend=None,
            ),
        )
    )
    st.altair_chart(chart, width="stretch")


def _timeline(session: Any) -> None:
    spans, unit = timeline(session.transcript)
    rows = [
        {
            "spreker": s.speaker,
            "rol": state.ROLE_LABELS.get(s.role, s.role),
            "begin": s.start / 60 if unit == "seconden" else s.start,
            "eind": s.end / 60 if unit == "seconden" else s.end,
            "beurt": s.turn,
        }
        for s in spans
    ]
    axis = "minuten" if unit == "seconden" else "woorden"
    st.markdown("**Wie spreekt wanneer?**")
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(height=18)
        .encode(
            x=alt.X("begin:Q", title=axis),
            x2="eind:Q",
            y=alt.Y("spreker:N", title=None),
            color=alt.Color("rol:N", scale=ROLE_COLOURS, title="rol"),
            tooltip=["beurt:Q", "spreker:N"],
        )
    )
    st.altair_chart(chart, width="stretch")


def _parent_over_time(metrics: dict[str, Any]) -> None:
    slices = metrics.get("parent_share_by_slice") or []
    if not slices:
        return
    rows = [
        {"deel": f"{n + 1}e vijfde", "volgorde": n, "aandeel ouder": v}
        for n, v in enumerate(slices)
    ]
    st.markdown("**Aandeel van de ouder in elk vijfde van het gesprek**")
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True, color="#e07b39")
        .encode(
            x=alt.X("deel:N", sort=alt.SortField("volgorde"), title=None),
            y=alt.Y("aandeel ouder:Q", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        )
    )
    st.altair_chart(chart, width="stretch")


def page() -> None:
    """Render the page."""
    st.title("Inzichten")
    session = state.analysed_session()
    if session is None or session.analysis is None or session.transcript is None:
        return
    metrics = session.analysis.detection.metrics
    _headline(metrics)
    left, right = st.columns(2)
    with left:
        _role_shares(metrics)
    with right:
        _questions(metrics)
    _timeline(session)
    _parent_over_time(metrics)


if __name__ == "__main__":
    page()
