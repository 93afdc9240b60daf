"""Page "Rapport": the filled-in form as Word, PDF, Markdown and JSON; the transcript as text."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from analysis.errors import AnalysisError
from analysis.export import (
    EMPTY,
    EXPORT_FORMATS,
    Report,
    ReportInput,
    agreements_to_docx,
    agreements_to_pdf,
    build_agreements_note,
    export_filename,
    proposed_agreements,
    sample_talk,
)
from analysis.pseudonymise import (
    propose_replacements,
    pseudonymise_session,
    replacement_table,
)
from analysis.records import Analysis
from analysis.report import analysis_to_dict
from analysis.review import Consent, Review, SessionMeta, reviewed_form
from analysis.store import Session
from analysis.transcript_io import write_transcript
from ui import state
from ui.new_talk import SAMPLES
from ui.safe_text import md

T = TypeVar("T")

DOCX_MIME = EXPORT_FORMATS["docx"].mime  # the Afspraken note as Word, like the report
AGREEMENTS_FILE = "afspraken.txt"
#: Formats built only when their button is clicked: a Word or PDF file takes 0.2-0.6 s to
#: lay out (fonts, tables), and building all of them made every visit to this page that slow.
ON_CLICK = frozenset({"docx", "pdf"})


def _on_click(write: Callable[[T], bytes], source: T) -> Callable[[], bytes]:
    """``write(source)``, run by Streamlit when the download button is clicked."""
    return functools.partial(write, source)


def _pseudonymised(
    session_id: str,
    analysis: Analysis,
    review: Review,
    meta: SessionMeta,
    consent: Consent | None,
) -> tuple[Analysis, Review, SessionMeta, Consent | None]:
    """Let the user review the proposed replacements, then apply them to everything exported."""
    st.caption(
        "Controleer de namen hieronder: pas een vervanging aan of wis de regel als het geen naam "
        "is. De downloads gebruiken deze vervangingen. E-mailadressen, telefoonnummers, "
        "adressen en webadressen worden altijd vervangen."
    )
    proposals = propose_replacements(analysis.transcript, meta, consent, review)
    rows = [{"naam": name, "wordt": placeholder} for name, placeholder in proposals.items()]
    edited = st.data_editor(
        rows, num_rows="dynamic", key=f"pseudo-table-{session_id}", width="stretch"
    )
    return pseudonymise_session(analysis, review, meta, consent, replacement_table(edited))


def _cell(text: str) -> str:
    """A Markdown table cell showing ``text`` literally (on one line; ``|`` is escaped)."""
    return md(" ".join(text.split()))


def _preview(report: Report) -> None:
    """The report as the Markdown export lays it out, with every text shown literally (the
    export file itself is Markdown source; here user text must not become images or links)."""
    st.markdown(f"#### {md(report.heading)}")
    if report.draft_line:
        st.markdown(f"**{md(report.draft_line)}**")
    if report.subtitle:
        st.markdown(f"**{md(report.subtitle)}**")
    st.markdown("\n".join(f"- {md(label)}: {md(value)}" for label, value in report.meta))
    st.caption(md(report.consent))
    for phase in report.phases:
        lines = [
            f"**{md(phase.name)}**",
            "",
            f"| Item | ✓/✗ | {_cell(report.examples_header)} |",
            "| --- | --- | --- |",
        ]
        for row in phase.rows:
            examples = " · ".join(row.examples)
            if row.note:
                examples += (" · " if examples else "") + f"Opmerking coach: {row.note}"
            verdict = f"{row.verdict} ({row.status})"
            lines.append(f"| {_cell(row.text)} | {_cell(verdict)} | {_cell(examples)} |")
        st.markdown("\n".join(lines))
    for prompt, answer in (
        (report.compliment_prompt, report.compliment),
        (report.tip_prompt, report.tip),
        *report.reflections,
    ):
        st.markdown(f"**{md(prompt)}**  \n{md(answer or EMPTY)}")


def _save_agreements(session_id: str) -> None:
    text = st.session_state.get(f"agreements-{session_id}", "")
    state.store().save_export(session_id, AGREEMENTS_FILE, text.encode("utf-8"))


def _agreements(session: Session) -> None:
    """*Afspraken*: a short note for the parent with the agreements, edited by the coach."""
    assert session.analysis is not None
    st.subheader("Afspraken voor de ouder")
    st.caption(
        "Een kort briefje voor de ouder met de afspraken uit het gesprek. De software stelt de "
        "gevonden afspraken voor; controleer en herschrijf ze, één afspraak per regel. Het "
        "briefje gebruikt de echte namen, ook als het rapport gepseudonimiseerd is."
    )
    saved = next((p for p in session.exports if p.name == AGREEMENTS_FILE), None)
    key = f"agreements-{session.id}"
    if key not in st.session_state:
        st.session_state[key] = (
            saved.read_text(encoding="utf-8")
            if saved is not None and saved.is_file()
            else "\n".join(proposed_agreements(session.analysis, session.review))
        )
    text = st.text_area(
        "Afspraken", key=key, height=140, on_change=_save_agreements, args=(session.id,)
    )
    note = build_agreements_note(session.meta, text.splitlines())
    left, right, _ = st.columns(3)
    left.download_button(
        "Afspraken (.docx)",
        _on_click(agreements_to_docx, note),
        export_filename(session.meta, "docx", "afspraken"),
        mime=DOCX_MIME,
    )
    right.download_button(
        "Afspraken (PDF)",
        _on_click(agreements_to_pdf, note),
        export_filename(session.meta, "pdf", "afspraken"),
        mime="application/pdf",
    )


def page() -> None:
    """Render the page."""
    st.title("Rapport")
    session = state.analysed_session()
    if session is None or session.analysis is None or session.transcript is None:
        return
    analysis, review, meta, consent = (
        session.analysis,
        session.review,
        session.meta,
        session.consent,
    )
    sample = sample_talk(consent, session.transcript.source, SAMPLES)
    if st.toggle("Namen vervangen (gepseudonimiseerd rapport)", key=f"pseudo-{session.id}"):
        analysis, review, meta, consent = _pseudonymised(
            session.id, analysis, review, meta, consent
        )
    source = ReportInput(analysis, review, meta, consent, sample)
    observed = sum(item.observed for item in reviewed_form(analysis, review))
    reviewed = sum(1 for r in review.items.values() if r.status != "pending")
    st.caption(
        f"{observed} van de {len(analysis.form)} items gezien · {reviewed} door de coach "
        "beoordeeld. Het rapport gebruikt het oordeel van de coach waar dat er is."
    )
    if reviewed < len(analysis.form):
        st.info(
            "Het rapport is een **concept** tot u elk item hebt beoordeeld op de pagina "
            "**Observatieformulier**."
        )
    st.subheader("Observatieformulier")
    try:
        columns = st.columns(len(EXPORT_FORMATS))
        for column, fmt in zip(columns, EXPORT_FORMATS.values(), strict=True):
            column.download_button(
                fmt.label,
                _on_click(fmt.write, source) if fmt.extension in ON_CLICK else fmt.write(source),
                export_filename(meta, fmt.extension),
                mime=fmt.mime,
                type="primary" if fmt.extension == "docx" else "secondary",
                help=fmt.help or None,
            )
        last = columns[-1]
        last.download_button(
            "JSON (analyse)",
            json.dumps(analysis_to_dict(analysis), ensure_ascii=False, indent=2),
            export_filename(meta, "json", "analyse"),
            mime="application/json",
            help="Wat de software vond, zonder het oordeel van de coach.",
        )
        st.subheader("Transcript")
        columns = st.columns(3)
        for column, fmt in zip(columns, ("txt", "srt", "vtt"), strict=True):
            if fmt != "txt" and not analysis.transcript.has_times:
                column.caption(f"{fmt.upper()}: het transcript heeft geen tijden.")
                continue
            column.download_button(
                fmt.upper(),
                write_transcript(analysis.transcript, fmt),
                export_filename(meta, fmt, "transcript"),
                mime="text/plain",
            )
    except AnalysisError as exc:
        state.show_error(exc)
    with st.expander("Voorbeeld van het rapport"):
        _preview(source.report())
    try:
        _agreements(session)
    except AnalysisError as exc:
        state.show_error(exc)


if __name__ == "__main__":
    page()
