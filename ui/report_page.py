"""Page "Rapport": the filled-in form as Word, PDF, Markdown and JSON; the transcript as text."""

from __future__ import annotations

import json

import streamlit as st

from analysis.errors import AnalysisError
from analysis.export import export_filename, to_docx, to_markdown_report, to_pdf
from analysis.report import analysis_to_dict
from analysis.review import reviewed_form
from analysis.transcript_io import write_transcript
from ui import state

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def page() -> None:
    """Render the page."""
    st.title("Rapport")
    session = state.current_session()
    if session is None:
        return
    if session.analysis is None or session.transcript is None:
        st.warning("Dit gesprek is nog niet geanalyseerd.")
        return
    analysis, review, meta, consent = (
        session.analysis,
        session.review,
        session.meta,
        session.consent,
    )
    observed = sum(item.observed for item in reviewed_form(analysis, review))
    reviewed = sum(1 for r in review.items.values() if r.status != "pending")
    st.caption(
        f"{observed} van de {len(analysis.form)} items gezien · {reviewed} door de coach "
        "beoordeeld. Het rapport gebruikt het oordeel van de coach waar dat er is."
    )
    st.subheader("Observatieformulier")
    try:
        left, middle, right, last = st.columns(4)
        left.download_button(
            "Word (.docx)",
            to_docx(analysis, review, meta, consent),
            export_filename(meta, "docx"),
            mime=DOCX_MIME,
            type="primary",
        )
        middle.download_button(
            "PDF", to_pdf(analysis, review, meta, consent), export_filename(meta, "pdf"),
            mime="application/pdf",
        )  # fmt: skip
        right.download_button(
            "Markdown",
            to_markdown_report(analysis, review, meta, consent),
            export_filename(meta, "md"),
            mime="text/markdown",
        )
        last.download_button(
            "JSON (analyse)",
            json.dumps(analysis_to_dict(analysis), ensure_ascii=False, indent=2),
            export_filename(meta, "json"),
            mime="application/json",
        )
        st.subheader("Transcript")
        columns = st.columns(3)
        for column, fmt in zip(columns, ("txt", "srt", "vtt"), strict=True):
            if fmt != "txt" and not session.transcript.has_times:
                column.caption(f"{fmt.upper()}: het transcript heeft geen tijden.")
                continue
            column.download_button(
                fmt.upper(),
                write_transcript(session.transcript, fmt),
                export_filename(meta, fmt),
                mime="text/plain",
            )
    except AnalysisError as exc:
        state.show_error(exc)
    with st.expander("Voorbeeld van het rapport"):
        st.markdown(to_markdown_report(analysis, review, meta, consent))


if __name__ == "__main__":
    page()
