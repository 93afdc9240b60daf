"""The reviewed observation form as Word (DOCX), PDF and Markdown.

All three are laid out like the paper form: the form's title, the talk's meta data and the
consent line, then per phase a table *item | ✓/✗ | Voorbeelden* (the coach's examples, else the
evidence quotes with their time) with the coach's note, then the compliment, the tip and the
reflection questions with their answers. Texts of the form come from ``form.yaml`` only.

The content is built once (:func:`build_report`) and rendered three ways, so the formats never
disagree. The PDF embeds DejaVu Sans (shipped in ``analysis/fonts`` with its license) so Dutch
characters, curly quotes and ✓/✗ render everywhere.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from contextlib import ExitStack
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from analysis.errors import AnalysisError
from analysis.form import FormDefinition, load_form
from analysis.records import Analysis, FormItem
from analysis.review import Consent, Review, SessionMeta, reviewed_form
from analysis.transcript_io import format_time

log = logging.getLogger(__name__)

FONT_DIR = "fonts"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FONT_FAMILY = "DejaVu"

SEEN = "✓ gezien"
NOT_SEEN = "✗ niet gezien"
NOT_VISIBLE = "– niet te zien in een opname"
EMPTY = "(niet ingevuld)"
STATUS_LABELS = {
    "confirmed": "bevestigd door coach",
    "rejected": "afgewezen door coach",
    "pending": "nog niet beoordeeld",
}
_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


class ExportError(AnalysisError):
    """A report could not be rendered (missing font, library error)."""


# --- the content, built once ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One row of a phase table."""

    text: str
    verdict: str
    status: str
    examples: tuple[str, ...]
    examples_from_coach: bool
    note: str


@dataclass(frozen=True, slots=True)
class PhaseTable:
    """One phase of the form with its rows."""

    name: str
    rows: tuple[ItemRow, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """Everything an export shows, in order; renderers only lay it out."""

    title: str
    subtitle: str
    meta: tuple[tuple[str, str], ...]
    consent: str
    examples_header: str
    phases: tuple[PhaseTable, ...]
    compliment_prompt: str
    compliment: str
    tip_prompt: str
    tip: str
    reflections: tuple[tuple[str, str], ...]


def nl_date(value: str) -> str:
    """An ISO date as Dutch text (``2026-11-28`` → ``28 november 2026``); other text unchanged."""
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def consent_line(consent: Consent | None) -> str:
    """The consent line of the form, in Dutch."""
    if consent is None or not consent.confirmed:
        return "Toestemming voor opname en analyse: niet vastgelegd."
    parts = ["Toestemming voor opname en analyse: gegeven"]
    if consent.people:
        parts.append(f" door {consent.people}")
    recorded = []
    if consent.by:
        recorded.append(f"door {consent.by}")
    if consent.confirmed_at:
        recorded.append(f"op {nl_date(consent.confirmed_at)}")
    if recorded:
        parts.append(f" (vastgelegd {' '.join(recorded)})")
    return "".join(parts) + "."


def _verdict(item: FormItem) -> str:
    if item.observed:
        return SEEN
    if item.coach_status == "pending" and item.visibility == "partial":
        return NOT_VISIBLE
    return NOT_SEEN


def _evidence_lines(item: FormItem) -> tuple[str, ...]:
    if item.coach_status == "rejected":
        return ()
    lines = []
    for finding in item.evidence:
        if finding.held_back and item.coach_status != "confirmed":
            continue  # rests on words the recogniser was unsure of; not on the form unchecked
        where = (
            f"[{format_time(round(finding.start))}]"
            if finding.start is not None
            else f"[beurt {finding.turn + 1}]"
        )
        lines.append(f"{where} “{finding.quote}”")
    return tuple(lines)


def _row(item: FormItem) -> ItemRow:
    coach_examples = tuple(
        line.strip() for line in item.coach_examples.splitlines() if line.strip()
    )
    examples = coach_examples or _evidence_lines(item)
    if not examples and _verdict(item) == NOT_VISIBLE and item.visibility_note:
        examples = (item.visibility_note,)
    return ItemRow(
        text=item.text,
        verdict=_verdict(item),
        status=STATUS_LABELS[item.coach_status],
        examples=examples,
        examples_from_coach=bool(coach_examples),
        note=item.coach_note.strip(),
    )


def build_report(
    analysis: Analysis,
    review: Review,
    meta: SessionMeta,
    consent: Consent | None = None,
    form: FormDefinition | None = None,
) -> Report:
    """The content of the reviewed form (see the module docstring)."""
    form = form or load_form()
    items = reviewed_form(analysis, review)
    phases = tuple(
        PhaseTable(phase, tuple(_row(item) for item in items if item.phase == phase))
        for phase in form.phases
    )
    answers = list(review.reflections) + [""] * len(form.reflection_questions)
    meta_rows = (
        ("Leerkracht", meta.teacher),
        ("Groep", meta.group),
        ("Soort gesprek", meta.kind_label),
        ("Datum", nl_date(meta.date)),
    )
    return Report(
        title=form.title,
        subtitle=meta.title.strip(),
        meta=tuple((label, value or "–") for label, value in meta_rows),
        consent=consent_line(consent),
        examples_header=form.examples_header,
        phases=tuple(phase for phase in phases if phase.rows),
        compliment_prompt=form.compliment_prompt,
        compliment=review.compliment.strip(),
        tip_prompt=form.tip_prompt,
        tip=review.tip.strip(),
        reflections=tuple(
            (question, answers[n].strip()) for n, question in enumerate(form.reflection_questions)
        ),
    )


def export_filename(meta: SessionMeta, extension: str) -> str:
    """A file name for an export: ``observatieformulier-<date>-<teacher>.<ext>``."""
    parts = ["observatieformulier", meta.date[:10], meta.teacher]
    slug = "-".join(p for p in (re.sub(r"[^\w]+", "-", part).strip("-") for part in parts) if p)
    return f"{slug.lower()}.{extension.lstrip('.')}"


# --- Markdown ---------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def report_to_markdown(report: Report) -> str:
    """A built report as Markdown."""
    lines = [f"# {report.title}", ""]
    if report.subtitle:
        lines += [f"**{report.subtitle}**", ""]
    lines += [f"- {label}: {value}" for label, value in report.meta]
    lines += ["", report.consent, ""]
    for phase in report.phases:
        lines += [f"## {phase.name}", ""]
        lines += [f"| Item | ✓/✗ | {report.examples_header} |", "| --- | --- | --- |"]
        for row in phase.rows:
            cell = "<br>".join(row.examples)
            if row.note:
                cell += ("<br>" if cell else "") + f"*Opmerking coach:* {row.note}"
            lines.append(
                f"| {_md_cell(row.text)} | {row.verdict} ({row.status}) | {_md_cell(cell)} |"
            )
        lines.append("")
    lines += [f"## {report.compliment_prompt}", "", report.compliment or EMPTY, ""]
    lines += [f"## {report.tip_prompt}", "", report.tip or EMPTY, ""]
    lines += ["## Reflectie", ""]
    for number, (question, answer) in enumerate(report.reflections, start=1):
        lines += [f"{number}. **{question}**", "", f"   {answer or EMPTY}", ""]
    return "\n".join(lines).rstrip() + "\n"


def to_markdown_report(
    analysis: Analysis, review: Review, meta: SessionMeta, consent: Consent | None = None
) -> str:
    """The reviewed form as Markdown."""
    return report_to_markdown(build_report(analysis, review, meta, consent))


# --- Word -------------------------------------------------------------------------------------


def report_to_docx(report: Report) -> bytes:
    """A built report as a Word document."""
    try:
        from docx import Document
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Cm, Pt
    except ImportError as exc:
        raise ExportError(
            "python-docx is not installed",
            "Word-export is niet beschikbaar: het pakket python-docx ontbreekt.",
        ) from exc
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.author = "Gesprekscoach"
    document.core_properties.comments = ""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    document.styles["Normal"].font.size = Pt(10)

    document.add_heading(report.title, level=0)
    if report.subtitle:
        document.add_paragraph(report.subtitle, style="Subtitle")
    for label, value in report.meta:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_paragraph(report.consent).paragraph_format.space_before = Pt(6)

    widths = (Cm(6.5), Cm(3.5), Cm(7.0))
    for phase in report.phases:
        document.add_heading(phase.name, level=1)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for cell, text in zip(
            table.rows[0].cells, ("Item", "✓/✗", report.examples_header), strict=True
        ):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for row in phase.rows:
            cells = table.add_row().cells
            cells[0].text = row.text
            cells[1].text = row.verdict
            status = cells[1].add_paragraph().add_run(row.status)
            status.italic = True
            status.font.size = Pt(8)
            examples = cells[2]
            examples.text = row.examples[0] if row.examples else ""
            for line in row.examples[1:]:
                examples.add_paragraph(line)
            if row.note:
                note = examples.add_paragraph() if row.examples else examples.paragraphs[0]
                note.add_run("Opmerking coach: ").bold = True
                note.add_run(row.note)
        for table_row in table.rows:
            for cell, width in zip(table_row.cells, widths, strict=True):
                cell.width = width

    for prompt, answer in (
        (report.compliment_prompt, report.compliment),
        (report.tip_prompt, report.tip),
    ):
        document.add_heading(prompt, level=1)
        document.add_paragraph(answer or EMPTY)
    document.add_heading("Reflectie", level=1)
    for number, (question, answer) in enumerate(report.reflections, start=1):
        document.add_paragraph().add_run(f"{number}. {question}").bold = True
        document.add_paragraph(answer or EMPTY)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_docx(
    analysis: Analysis, review: Review, meta: SessionMeta, consent: Consent | None = None
) -> bytes:
    """The reviewed form as a Word (DOCX) document."""
    return report_to_docx(build_report(analysis, review, meta, consent))


# --- PDF --------------------------------------------------------------------------------------


def _font_paths(stack: ExitStack) -> dict[str, Path]:
    folder = resources.files("analysis").joinpath(FONT_DIR)
    paths = {}
    for style, name in FONT_FILES.items():
        path = stack.enter_context(resources.as_file(folder.joinpath(name)))
        if not path.is_file():
            raise ExportError(
                f"font file missing: analysis/{FONT_DIR}/{name}",
                "PDF-export is niet beschikbaar: het lettertype ontbreekt in de installatie.",
            )
        paths[style] = path
    return paths


def report_to_pdf(report: Report) -> bytes:
    """A built report as a PDF (A4, DejaVu Sans embedded)."""
    try:
        from fpdf import FPDF, FontFace
        from fpdf.enums import XPos, YPos
    except ImportError as exc:
        raise ExportError(
            "fpdf2 is not installed",
            "PDF-export is niet beschikbaar: het pakket fpdf2 ontbreekt.",
        ) from exc
    # fontTools logs every font subsetting step at INFO; keep the app's log readable.
    subset_log = logging.getLogger("fontTools.subset")
    subset_log.setLevel(max(subset_log.level, logging.WARNING))
    with ExitStack() as stack:
        fonts = _font_paths(stack)
        pdf = FPDF(format="A4")
        pdf.set_margins(18, 18, 18)
        pdf.set_auto_page_break(auto=True, margin=18)
        for style, path in fonts.items():
            pdf.add_font(FONT_FAMILY, style, str(path))
        pdf.set_title(report.title)
        pdf.set_creator("Gesprekscoach")
        pdf.set_lang("nl")
        pdf.add_page()
        width = pdf.epw

        def paragraph(text: str, style: str = "", size: float = 10, gap: float = 1.5) -> None:
            pdf.set_font(FONT_FAMILY, style, size)
            pdf.multi_cell(width, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(gap)

        paragraph(report.title, "B", 15, 2)
        if report.subtitle:
            paragraph(report.subtitle, "", 12, 2)
        for label, value in report.meta:
            pdf.set_font(FONT_FAMILY, "B", 10)
            pdf.cell(pdf.get_string_width(f"{label}: "), 5, f"{label}: ")
            pdf.set_font(FONT_FAMILY, "", 10)
            pdf.multi_cell(0, 5, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        paragraph(report.consent, "I", 9, 3)

        headings = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
        for phase in report.phases:
            paragraph(phase.name, "B", 12, 1)
            pdf.set_font(FONT_FAMILY, "", 9)
            with pdf.table(
                col_widths=(36, 20, 44),
                text_align="LEFT",
                v_align="TOP",
                line_height=4.5,
                padding=1.5,
                headings_style=headings,
                width=width,
            ) as table:
                header = table.row()
                for text in ("Item", "✓/✗", report.examples_header):
                    header.cell(text)
                for row in phase.rows:
                    cells = table.row()
                    cells.cell(row.text)
                    cells.cell(f"{row.verdict}\n({row.status})")
                    examples = "\n".join(row.examples)
                    if row.note:
                        examples += ("\n" if examples else "") + f"Opmerking coach: {row.note}"
                    cells.cell(examples)
            pdf.ln(4)

        for prompt, answer in (
            (report.compliment_prompt, report.compliment),
            (report.tip_prompt, report.tip),
        ):
            paragraph(prompt, "B", 12, 1)
            paragraph(answer or EMPTY, "", 10, 3)
        paragraph("Reflectie", "B", 12, 1)
        for number, (question, answer) in enumerate(report.reflections, start=1):
            paragraph(f"{number}. {question}", "B", 10, 1)
            paragraph(answer or EMPTY, "", 10, 3)
        return bytes(pdf.output())


def to_pdf(
    analysis: Analysis, review: Review, meta: SessionMeta, consent: Consent | None = None
) -> bytes:
    """The reviewed form as a PDF document."""
    return report_to_pdf(build_report(analysis, review, meta, consent))
