"""Page "Inzichten": talk time, questions, who speaks when, and the parent's share over time.

For a talk with a shy parent the parent's share is the headline.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
from analysis.form import FormDefinition, load_form
from analysis.store import HistoryPoint, SessionSummary
from analysis.timeline import talk_timeline
from analysis.wording import count, decimal, percent
from ui import state

ROLE_COLOURS = {
    "leerkracht": "#1f5f8b",
    "ouder": "#e07b39",
    "kind": "#5a9e4b",
    "onbekend": "#9e9e9e",
}
#: Vega expressions for axis labels: a decimal comma, and seconds as m:ss.
DECIMAL_LABEL = "replace(format(datum.value, ',.1~f'), '.', ',')"
CLOCK_LABEL = "floor(datum.value / 60) + ':' + slice('0' + floor(datum.value % 60), -2)"


def role_scale(roles: Sequence[str]) -> alt.Scale:
    """The role colours for the roles that occur (in the usual order), so a legend lists only
    those."""
    present = [role for role in ROLE_COLOURS if role in set(roles)]
    present += sorted(set(roles) - set(present))
    return alt.Scale(domain=present, range=[ROLE_COLOURS.get(r, "#9e9e9e") for r in present])


Rows = list[dict[str, Any]]


@st.cache_data(show_spinner=False, max_entries=64)
def _spec(name: str, data: str, _build: Callable[[Any], Any]) -> dict[str, Any]:
    """The Vega-Lite spec of chart ``name`` drawn from ``data`` (JSON), built and checked by
    Altair once per content: that took 0.1-0.4 s a chart on every visit to the page."""
    return dict(_build(json.loads(data)).to_dict())


def _draw(
    name: str,
    data: Any,
    build: Callable[[Any], Any],
    datasets: dict[str, Rows] | None = None,
    **options: Any,
) -> Any:
    """``build(data)`` as a chart on the page, with the named ``datasets`` its layers read
    (``alt.Data(name=...)``: they change without building the chart anew); ``options`` go to
    ``st.vega_lite_chart``."""
    spec = _spec(name, json.dumps(data, sort_keys=True, ensure_ascii=False), build)
    if datasets:
        spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return st.vega_lite_chart(spec=spec, **options)


def _metric(metrics: Any, name: str) -> Any:
    """One metric, whether the metrics come as a dict or as a record."""
    if isinstance(metrics, dict):
        return metrics.get(name)
    return getattr(metrics, name, None)


def _share(value: Any) -> str:
    return percent(value) if isinstance(value, int | float) else "—"


def _headline(metrics: Any) -> None:
    columns = st.columns(4)
    columns[0].metric(
        "Aandeel ouder (woorden)",
        _share(_metric(metrics, "parent_word_share")),
        help="Hoeveel van alle gesproken woorden van de ouder(s) kwamen.",
    )
    open_questions = _metric(metrics, "open_questions") or 0
    closed_questions = _metric(metrics, "closed_questions") or 0
    columns[1].metric(
        "Open vragen",
        f"{open_questions} van {open_questions + closed_questions}",
        help="Vragen van de leerkracht die uitnodigen om te vertellen.",
    )
    per_minute = _metric(metrics, "questions_per_minute")
    columns[2].metric(
        "Vragen per minuut",
        decimal(per_minute) if isinstance(per_minute, int | float) else "—",
    )
    longest = _metric(metrics, "longest_teacher_turn") or {}
    words = longest.get("words", 0) if isinstance(longest, dict) else getattr(longest, "words", 0)
    turn = longest.get("turn", "—") if isinstance(longest, dict) else getattr(longest, "turn", "—")
    columns[3].metric(
        "Langste beurt leerkracht", count(int(words or 0), "woord"), help=f"Beurt {turn}"
    )


def _role_shares(metrics: Any) -> None:
    by_time = _metric(metrics, "time_share_per_role")
    shares = by_time or _metric(metrics, "word_share_per_role") or {}
    basis = "spreektijd" if by_time else "woorden"
    rows = [
        {"rol": state.ROLE_LABELS.get(r, r), "aandeel": v, "procent": _share(v)}
        for r, v in shares.items()
    ]
    st.markdown(f"**Wie praat er hoeveel?** (aandeel {basis})")
    _draw("role_shares", rows, _role_shares_chart, width="stretch")


def _role_shares_chart(rows: Rows) -> alt.Chart:
    return _bars(
        rows,
        x=alt.X("aandeel:Q", axis=alt.Axis(format="%"), title=None),
        category="rol",
        scale=role_scale([r["rol"] for r in rows]),
        tooltip=[alt.Tooltip("rol:N"), alt.Tooltip("procent:N", title="aandeel")],
    )


def _bars(rows: Rows, x: alt.X, category: str, scale: alt.Scale, tooltip: Any = None) -> alt.Chart:
    """Horizontal bars: one per ``category`` value, coloured by ``scale``, no legend."""
    encoding: dict[str, Any] = {
        "x": x,
        "y": alt.Y(f"{category}:N", title=None),
        "color": alt.Color(f"{category}:N", scale=scale, legend=None),
    }
    if tooltip is not None:
        encoding["tooltip"] = tooltip
    return alt.Chart(alt.Data(values=rows)).mark_bar().encode(**encoding)


def _questions(metrics: Any) -> None:
    rows = [
        {"soort": "open", "aantal": _metric(metrics, "open_questions") or 0},
        {"soort": "gesloten", "aantal": _metric(metrics, "closed_questions") or 0},
    ]
    st.markdown("**Vragen van de leerkracht**")
    _draw("questions", rows, _questions_chart, width="stretch")


def _questions_chart(rows: Rows) -> alt.Chart:
    return _bars(
        rows,
        x=alt.X("aantal:Q", title=None),
        category="soort",
        scale=alt.Scale(domain=["open", "gesloten"], range=["#2e7d32", "#bdbdbd"]),
    )


VERDICT_COLOURS = {
    "gevonden": "#1f5f8b",
    "bevestigd": "#2e7d32",
    "afgewezen": "#c62828",
    "klopt niet": "#c62828",
    "te controleren": "#f9a825",
}
MARKS_ROW = "vondsten"
SELECTION = "vondst"


def _present_scale(colours: dict[str, str], values: Sequence[str]) -> alt.Scale:
    present = [value for value in colours if value in set(values)]
    return alt.Scale(domain=present, range=[colours[value] for value in present])


def _from_to(data: alt.Data, mark: alt.MarkDef, x: alt.X, **encoding: Any) -> alt.Chart:
    """A layer whose marks run from ``begin`` (``x``) to ``eind`` on the time axis."""
    return alt.Chart(data, mark=mark).encode(x=x, x2="eind:Q", **encoding)


#: The timeline's data sets, named in its chart (a verdict changes only the marks).
TIMELINE_DATA = ("turns", "bands", "marks")


def timeline_data(session: Any) -> dict[str, Any]:
    """What the timeline shows, as JSON-able rows: turns, phase bands, marks, the rows."""
    line = talk_timeline(session.analysis, session.review)
    timed = line.unit == "seconden"
    turns = [
        {
            "spreker": s.speaker,
            "rol": state.ROLE_LABELS.get(s.role, s.role),
            "begin": s.start,
            "eind": s.end,
            "beurt": s.turn,
            "van": state.clock(s.start) if timed else f"woord {int(s.start) + 1}",
        }
        for s in line.spans
    ]
    bands = [{"fase": b.phase, "begin": b.start, "eind": b.end} for b in line.bands]
    marks = [
        {
            "plek": m.position,
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
    return {"timed": timed, "turns": turns, "bands": bands, "marks": marks, "rows": rows}


def timeline_shape(data: dict[str, Any]) -> dict[str, Any]:
    """What the timeline's chart (not its data sets) depends on: the unit, the rows, and the
    roles and verdicts that occur (their legends list only those)."""
    return {
        "timed": data["timed"],
        "rows": data["rows"],
        "roles": list(dict.fromkeys(turn["rol"] for turn in data["turns"])),
        "verdicts": list(dict.fromkeys(mark["oordeel"] for mark in data["marks"])),
    }


def _timeline_chart(shape: dict[str, Any]) -> alt.LayerChart:
    """Who speaks when (a row per speaker), the findings with the coach's verdicts as marks on
    their own row (click to play), and the form's phases as bands where the tool places them.

    The axis is in m:ss when the talk has times (else in words); legends list only the roles
    and verdicts that occur. Drawn as SVG so every mark is an element with its data in its
    ``aria-label``. The layers read the named data sets of :data:`TIMELINE_DATA`.
    """
    turns, bands, marks = (alt.Data(name=name) for name in TIMELINE_DATA)
    rows = shape["rows"]
    axis = (
        alt.Axis(labelExpr=CLOCK_LABEL, title="tijd (m:ss)")
        if shape["timed"]
        else alt.Axis(title="woorden")
    )
    x = alt.X("begin:Q", axis=axis)
    y = alt.Y("spreker:N", title=None, sort=rows, scale=alt.Scale(domain=rows))
    band_layer = _from_to(
        bands,
        alt.MarkDef(type="rect", opacity=0.12),
        x,
        color=alt.Color("fase:N", title="fase", sort=list(load_form().phases)),
        tooltip=["fase:N"],
    )
    band_labels = (
        alt.Chart(bands)
        .mark_text(align="left", baseline="top", dx=3, dy=3, fontSize=11, color="#555")
        .encode(x=x, y=alt.value(0), text="fase:N")
    )
    turn_layer = _from_to(
        turns,
        alt.MarkDef(type="bar", height=16),
        x,
        y=y,
        color=alt.Color("rol:N", scale=role_scale(shape["roles"]), title="rol"),
        tooltip=["beurt:Q", "spreker:N", alt.Tooltip("van:N", title="vanaf")],
    )
    pick = alt.selection_point(name=SELECTION, fields=["seconden", "beurt"], on="click")
    mark_layer = (
        alt.Chart(marks)
        .mark_point(filled=True, size=140, shape="diamond")
        .encode(
            x=alt.X("plek:Q", axis=axis),
            y=alt.Y("rij:N", title=None, sort=rows, scale=alt.Scale(domain=rows)),
            color=alt.Color(
                "oordeel:N",
                scale=_present_scale(VERDICT_COLOURS, shape["verdicts"]),
                title="oordeel coach",
            ),
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
    data = timeline_data(session)
    event = _draw(
        "timeline",
        timeline_shape(data),
        _timeline_chart,
        {name: data[name] for name in TIMELINE_DATA},
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
    st.caption(f"{count(len(table.sessions), 'beoordeeld gesprek')}.")
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


def _parent_over_time(metrics: Any) -> None:
    slices = _metric(metrics, "parent_share_by_slice") or []
    if not slices:
        return
    rows = [
        {"deel": f"{n + 1}e vijfde", "volgorde": n, "aandeel ouder": v, "procent": _share(v)}
        for n, v in enumerate(slices)
    ]
    st.markdown("**Aandeel van de ouder in elk vijfde van het gesprek**")
    _draw("parent_over_time", rows, _parent_over_time_chart, width="stretch")


def _parent_over_time_chart(rows: Rows) -> alt.Chart:
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True, color="#e07b39")
        .encode(
            x=alt.X("deel:N", sort=alt.SortField("volgorde"), title=None),
            y=alt.Y("aandeel ouder:Q", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            tooltip=["deel:N", alt.Tooltip("procent:N", title="aandeel ouder")],
        )
    )


@dataclass(frozen=True, slots=True)
class TalkColumn:
    """One talk in a teacher's development: its number, what tells it apart, and its score."""

    number: int
    title: str
    date: str
    added: str
    seen: int
    total: int

    @property
    def score(self) -> str:
        """ "11/19 gezien"."""
        return f"{self.seen}/{self.total} gezien"

    @property
    def label(self) -> list[str]:
        """The column's axis label, one line each: number and title, date and time, score."""
        when = " ".join(part for part in (self.date, self.added) if part)
        return [f"{self.number}. {self.title}", when or "zonder datum", self.score]


def _day(iso_date: str) -> str:
    """``2026-12-04`` → ``4-12-2026`` (other text unchanged)."""
    try:
        day = dt.date.fromisoformat(iso_date)
    except ValueError:
        return iso_date
    return f"{day.day}-{day.month}-{day.year}"


def _local_time(iso: str) -> str:
    """The local clock time (``14:05``) of a stored UTC time stamp, empty if unreadable."""
    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%H:%M")
    except ValueError:
        return ""


def talk_columns(
    points: Sequence[HistoryPoint], summaries: Sequence[SessionSummary]
) -> list[TalkColumn]:
    """A column per talk in ``points`` (the store's history, in date order), numbered, with
    title, date and the time it was added (from ``summaries``, the teacher's listed sessions)
    so two talks with the same title and date stay apart, and the score per talk."""
    analysed = sorted(
        (s for s in summaries if s.has_analysis),
        key=lambda s: (s.date == "", s.date, s.created),
    )
    matched = len(analysed) == len(points)
    columns = []
    for number, point in enumerate(points, start=1):
        summary = analysed[number - 1] if matched else None
        title = (summary.title if summary else point.label) or "(zonder titel)"
        columns.append(
            TalkColumn(
                number=number,
                title=title,
                date=_day(summary.date) if summary else "",
                added=_local_time(summary.created) if summary else "",
                seen=sum(point.observed.values()),
                total=len(point.observed),
            )
        )
    return columns


def development_chart(
    points: Sequence[HistoryPoint], summaries: Sequence[SessionSummary], form: FormDefinition
) -> alt.Chart:
    """A teacher's development over role-plays: an item per row (full text), a talk per column
    (number, title, date and time, score), green where the final form says *gezien*."""
    columns = talk_columns(points, summaries)
    rows = [
        {
            "gesprek": column.number,
            "titel": column.title,
            "item": form.item(item_id).text,
            "positie": form.item_ids.index(item_id),
            "gezien": "gezien" if seen else "niet gezien",
            "score": column.score,
        }
        for column, point in zip(columns, points, strict=True)
        for item_id, seen in point.observed.items()
    ]
    labels = {str(column.number): column.label for column in columns}
    label_expr = f"{json.dumps(labels)}[datum.value]"
    present = sorted({row["gezien"] for row in rows}, key=["gezien", "niet gezien"].index)
    colours = {"gezien": "#2e7d32", "niet gezien": "#e0e0e0"}
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_rect(stroke="white")
        .encode(
            x=alt.X(
                "gesprek:O",
                title=None,
                axis=alt.Axis(
                    orient="bottom",  # multi-line labels grow away from the chart
                    labelAngle=0,
                    labelExpr=label_expr,
                    labelLimit=120,  # less than a column: long titles end in "…"
                    labelFontSize=11,
                    labelLineHeight=14,
                    labelPadding=6,
                ),
            ),
            y=alt.Y(
                "item:N",
                sort=alt.SortField("positie"),
                title=None,
                axis=alt.Axis(labelLimit=0, labelFontSize=12),
            ),
            color=alt.Color(
                "gezien:N",
                scale=alt.Scale(domain=present, range=[colours[p] for p in present]),
                title=None,
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("gesprek:O", title="nr."),
                alt.Tooltip("titel:N", title="gesprek"),
                "item:N",
                "gezien:N",
                alt.Tooltip("score:N", title="totaal"),
            ],
        )
        .properties(width=alt.Step(170), height=alt.Step(24))
    )


def development(teacher: str) -> None:
    """Section "Ontwikkeling": a teacher's talks side by side, item by item."""
    store = state.store()
    points = store.history(teacher)
    if not points:
        st.caption("Nog geen geanalyseerde gesprekken van deze leerkracht.")
        return
    st.caption(
        "Per gesprek (genummerd op datum, met de tijd waarop het is toegevoegd) welke onderdelen "
        "in het definitieve formulier *gezien* zijn."
    )
    chart = development_chart(points, store.list_sessions(teacher), load_form())
    st.altair_chart(chart, width="content")


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
