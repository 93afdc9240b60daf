"""Gesprekscoach: the Streamlit app (layout and wiring only; all logic lives in ``analysis``)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from analysis.errors import AnalysisError
from analysis.form import load_form
from analysis.pipeline import analyse
from analysis.records import Analysis, Transcript
from analysis.report import to_json, to_markdown, turn_items
from analysis.roles import apply_roles
from analysis.transcript_io import decode_bytes, parse_transcript

SAMPLES = Path(__file__).resolve().parent / "samples"
ROLE_LABELS = {"teacher": "leerkracht", "parent": "ouder", "child": "kind", "unknown": "onbekend"}


@st.cache_resource(show_spinner="Het Nederlandse taalmodel wordt geladen…")
def _nlp() -> object:
    from analysis.detect import build_nlp

    return build_nlp()


@st.cache_data(show_spinner="Het gesprek wordt geanalyseerd…", max_entries=20)
def _analyse(transcript: Transcript) -> Analysis:
    return analyse(transcript, _nlp())  # type: ignore[arg-type]


def _samples() -> dict[str, Path]:
    return {path.stem: path for path in sorted(SAMPLES.glob("*.txt"))}


def _input() -> Transcript | None:
    """The transcript the user chose: an upload, pasted text, or a sample."""
    source = st.radio(
        "Transcript",
        ["Voorbeeldgesprek", "Bestand uploaden", "Tekst plakken"],
        horizontal=True,
    )
    try:
        if source == "Voorbeeldgesprek":
            samples = _samples()
            if not samples:
                st.info("Er zijn geen voorbeeldgesprekken gevonden.")
                return None
            name = st.selectbox("Kies een voorbeeld", list(samples))
            text = decode_bytes(samples[name].read_bytes(), samples[name].name)
            return parse_transcript(text, None, samples[name].name)
        if source == "Bestand uploaden":
            upload = st.file_uploader(
                "Transcript (txt, srt, vtt of json)", type=["txt", "srt", "vtt", "json"]
            )
            if upload is None:
                return None
            name = Path(upload.name).name
            return parse_transcript(decode_bytes(upload.getvalue(), name), None, name)
        text = st.text_area(
            "Plak hier het transcript: één beurt per regel, 'Spreker: tekst'",
            height=200,
            placeholder="Leerkracht: Goedemiddag, komt u binnen.\nMoeder: Dag juf.",
        )
        return parse_transcript(text, None, "geplakt transcript") if text.strip() else None
    except AnalysisError as exc:
        st.error(exc.message_nl)
        return None


def _roles(transcript: Transcript) -> Transcript:
    """Let the user correct the guessed roles."""
    st.subheader("Sprekers en rollen")
    overrides: dict[str, list[str]] = {}
    columns = st.columns(max(len(transcript.speakers), 1))
    for column, speaker in zip(columns, transcript.speakers, strict=False):
        options = list(ROLE_LABELS)
        chosen = column.selectbox(
            speaker.name,
            options,
            index=options.index(speaker.role),
            format_func=ROLE_LABELS.__getitem__,
            help=speaker.reason or "Rol niet herkend aan de naam.",
            key=f"role-{speaker.name}",
        )
        if chosen != speaker.role:
            overrides.setdefault(chosen, []).append(speaker.name)
    return apply_roles(transcript, overrides) if overrides else transcript


def _show_form(analysis: Analysis) -> None:
    form = load_form()
    st.subheader(form.title)
    for phase in form.phases:
        st.markdown(f"#### {phase}")
        for item in (i for i in analysis.form if i.phase == phase):
            mark = "✅ gezien" if item.observed else "⬜ niet gezien"
            with st.expander(f"{mark} — {item.text}", expanded=False):
                st.caption(form.item(item.id).hint)
                for finding in item.evidence:
                    stamp = f" ({finding.start:.0f} s)" if finding.start is not None else ""
                    st.markdown(
                        f"> {finding.quote}\n\nBeurt {finding.turn}{stamp} · "
                        f"{finding.explanation} · zekerheid {finding.confidence:.0%} · "
                        f"regel `{finding.rule}`"
                    )
                if not item.observed and item.visibility_note:
                    st.info(item.visibility_note)
    if analysis.detection.suggestions:
        st.markdown(f"#### {form.compliment_prompt} en {form.tip_prompt[len('Formuleer ') :]}")
        for suggestion in analysis.detection.suggestions:
            st.markdown(f"- *Suggestie ({suggestion.kind})*: {suggestion.text}")
    st.markdown("#### Reflectie")
    for number, question in enumerate(form.reflection_questions, start=1):
        st.markdown(f"{number}. {question}")


def _show_turns(analysis: Analysis) -> None:
    items = turn_items(analysis)
    rows = [
        {
            "beurt": turn.index,
            "tijd": turn.start,
            "spreker": turn.speaker,
            "rol": ROLE_LABELS[turn.role],
            "tekst": turn.text,
            "items": ", ".join(items.get(turn.index, [])),
            "vragen": ", ".join(analysis.detection.acts.get(turn.index, [])),
        }
        for turn in analysis.transcript.turns
    ]
    st.dataframe(rows, hide_index=True, use_container_width=True)


def main() -> None:
    """The page."""
    st.set_page_config(page_title="Gesprekscoach", page_icon="💬", layout="wide")
    st.title("Gesprekscoach")
    st.caption(
        "Analyse van oudergesprekken voor intercollegiale coaching. Alles blijft op deze computer."
    )
    transcript = _input()
    if transcript is None:
        return
    transcript = _roles(transcript)
    try:
        analysis = _analyse(transcript)
    except AnalysisError as exc:
        st.error(exc.message_nl)
        return
    form_tab, turns_tab, export_tab = st.tabs(["Observatieformulier", "Transcript", "Exporteren"])
    with form_tab:
        _show_form(analysis)
    with turns_tab:
        _show_turns(analysis)
    with export_tab:
        stem = Path(transcript.source or "gesprek").stem
        st.download_button("Rapport (Markdown)", to_markdown(analysis), f"{stem}.md")
        st.download_button("Analyse (JSON)", to_json(analysis), f"{stem}.json")


main()
