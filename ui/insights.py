"""Page "Inzichten": talk time, questions, who speaks when, and the parent's share over time.

For a talk with a shy parent the parent's share is the headline.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import altair as alt
import streamlit as st

from analysis.agreement import (
    MIN_TALKS,
    agreement,
    export_labelled,
    reviewed_sessions,
    table_rows,
)
from analysis.form import load_form
from analysis.timeline import talk_timeline
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


VERDICT_COLOURS = alt.Scale(
    domain=["gevonden", "bevestigd", "afgewezen", "klopt niet", "te controleren"],
    range=["#1f5f8b", "#2e7d32", "#c62828", "#c62828", "#f9a825"],
)
MARKS_ROW = "vondsten"
SELECTION = "vondst"


def timeline_chart(session: Any) -> alt.LayerChart:
    """Who speaks when (a row per speaker), the findings with the coach's verdicts as marks on
    their own row (click to play), and the form's phases as bands where the tool places them.

    Drawn as SVG so every mark is an element with its data in its ``aria-label``.
    """
    line = talk_timeline(session.analysis, session.review)
    scale = (lambda value: value / 60) if line.unit == "seconden" else (lambda value: value)
    axis = "minuten" if line.unit == "seconden" else "woorden"
    turns = [
        {
            "spreker": s.speaker,
            "rol": state.ROLE_LABELS.get(s.role, s.role),
            "begin": scale(s.start),
            "eind": scale(s.end),
            "beurt": s.turn,
        }
        for s in line.spans
    ]
    bands = [{"fase": b.phase, "begin": scale(b.start), "eind": scale(b.end)} for b in line.bands]
    marks = [
        {
            "plek": scale(m.position),
            "tijd": state.clock(m.seconds) if m.seconds is not None else f"beurt {m.turn}",
            "seconden": m.seconds if m.seconds is not None else -1.0,
            "rij": MARKS_ROW,
            "onderdeel": m.item_text,
            "oordeel": m.verdict,
            "beurt": m.turn,
        }
        for m in line.marks
    ]
    rows = [MARKS_ROW, *dict.fromkeys(s.speaker for s in line.spans)]
    x = alt.X("begin:Q", title=axis)
    y = alt.Y("spreker:N", title=None, sort=rows, scale=alt.Scale(domain=rows))
    band_layer = (
        alt.Chart(alt.Data(values=bands))
        .mark_rect(opacity=0.12)
        .encode(
            x=x,
            x2="eind:Q",
            color=alt.Color("fase:N", title="fase", sort=list(load_form().phases)),
            tooltip=["fase:N"],
        )
    )
    band_labels = (
        alt.Chart(alt.Data(values=bands))
        .mark_text(align="left", baseline="top", dx=3, dy=3, fontSize=11, color="#555")
        .encode(x=x, y=alt.value(0), text="fase:N")
    )
    turn_layer = (
        alt.Chart(alt.Data(values=turns))
        .mark_bar(height=16)
        .encode(
            x=x,
            x2="eind:Q",
            y=y,
            color=alt.Color("rol:N", scale=ROLE_COLOURS, title="rol"),
            tooltip=["beurt:Q", "spreker:N"],
        )
    )
    pick = alt.selection_point(name=SELECTION, fields=["seconden", "beurt"], on="click")
    mark_layer = (
        alt.Chart(alt.Data(values=marks))
        .mark_point(filled=True, size=140, shape="diamond")
        .encode(
            x=alt.X("plek:Q", title=axis),
            y=alt.Y("rij:N", title=None, sort=rows, scale=alt.Scale(domain=rows)),
            color=alt.Color("oordeel:N", scale=VERDICT_COLOURS, title="oordeel coach"),
            tooltip=["tijd:N", "onderdeel:N", "oordeel:N", "beurt:Q"],
        )
        .add_params(pick)
    )
    chart = (
        alt.layer(band_layer, band_labels, turn_layer, mark_layer)
        .resolve_scale(color="independent")
        .properties(height=40 + 28 * len(rows))
    )
    chart.usermeta = {"embedOptions": {"renderer": "svg"}}
    return chart


def _timeline(session: Any) -> None:
    st.markdown("**Tijdlijn: wie spreekt wanneer, wat is gevonden, in welke fase**")
    st.caption(
        "Ruiten zijn vondsten met het oordeel van de coach; klik op een ruit om dat moment te "
        "beluisteren. De gekleurde banden zijn de fasen van het formulier waar de software ze "
        "plaatst; een fase zonder band is niet gevonden."
    )
    state.audio_player(session)
    event = st.altair_chart(
        timeline_chart(session),
        width="stretch",
        on_select="rerun",
        selection_mode=[SELECTION],
        key=f"tijdlijn-{session.id}",
    )
    picked = (event or {}).get("selection", {}).get(SELECTION) or []
    handled_key = f"tijdlijn-gekozen-{session.id}"
    if picked and picked != st.session_state.get(handled_key):
        st.session_state[handled_key] = picked  # act on a new click once, not on every rerun
        seconds = picked[0].get("seconden")
        if isinstance(seconds, int | float) and seconds >= 0 and session.audio_path is not None:
            st.session_state[f"audio-start-{session.id}"] = max(0, int(seconds) - 1)
            st.rerun()


def _export_zip(sessions: list[Any]) -> bytes:
    """The reviewed talks as pseudonymised labelled data, zipped."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "gesprekken"
        export_labelled(sessions, folder)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.iterdir()):
                archive.write(path, f"gesprekken/{path.name}")
        return buffer.getvalue()


def agreement_section() -> None:
    """How often the tool agrees with the coach, per item, over all reviewed talks."""
    st.subheader("Hoe vaak heeft de software gelijk?")
    st.caption(
        "Uit uw eigen beoordelingen: per onderdeel hoe vaak een voorgevuld *gezien* werd "
        "bevestigd, hoe vaak u een onderdeel toevoegde dat de software miste, en Cohens kappa "
        "tussen software en coach. Alleen onderdelen waarover u een oordeel gaf tellen mee."
    )
    sessions = reviewed_sessions(state.store())
    table = agreement(sessions)
    if not table.sessions:
        st.info("Nog geen beoordeelde gesprekken.")
        return
    st.table(table_rows(table))
    st.caption(f"{len(table.sessions)} beoordeelde gesprekken.")
    if table.overall.too_few:
        st.warning(
            f"Minder dan {MIN_TALKS} beoordeelde gesprekken: de cijfers kunnen nog sterk "
            "veranderen."
        )
    if st.button("Maak een gelabelde export (met vervangen namen)", key="gelabelde-export"):
        st.download_button(
            "Download gesprekken.zip",
            _export_zip(sessions),
            file_name="gesprekken.zip",
            mime="application/zip",
        )


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
    if session is not None and session.analysis is not None and session.transcript is not None:
        metrics = session.analysis.detection.metrics
        _headline(metrics)
        left, right = st.columns(2)
        with left:
            _role_shares(metrics)
        with right:
            _questions(metrics)
        _timeline(session)
        _parent_over_time(metrics)
    agreement_section()


if __name__ == "__main__":
    page()
