"""The reviewed observation form as Word (DOCX), PDF, Markdown and JSON; the *Afspraken* note.

All report formats are laid out like the paper form: the form's title (marked *Concept* until
the coach reviewed every item), the talk's meta data and the consent line, then per phase a
table *item | ✓/✗ | Voorbeelden* (the coach's examples first, then at most the best few quotes
the coach kept, each with its time as the app shows it) with the coach's note, then the
compliment, the tip and the reflection questions with their answers. Texts of the form come
from ``form.yaml`` only; the verdict words from :mod:`analysis.verdicts`, as in the app.

The content is built once (:func:`build_report`) and rendered several ways, so the formats never
disagree. The PDF embeds DejaVu Sans (shipped in ``analysis/fonts`` with its license) so Dutch
characters, curly quotes and ✓/✗ render everywhere; its table rows may break across pages.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from analysis.codec import finding_to_dict, form_item_to_dict
from analysis.errors import AnalysisError
from analysis.form import FormDefinition, load_form
from analysis.records import Analysis, Finding, FormItem
from analysis.review import (
    Consent,
    Review,
    SessionMeta,
    consent_to_dict,
    finding_key,
    meta_to_dict,
    reviewed_form,
)
from analysis.verdicts import printed_verdict, verdict_words

log = logging.getLogger(__name__)

FONT_DIR = "fonts"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FONT_FAMILY = "DejaVu"
AUTHOR = "Gesprekscoach"

SEEN = "✓ gezien"
NOT_SEEN = "✗ niet gezien"
NOT_VISIBLE = "– niet gezien in de opname"
EMPTY = "(niet ingevuld)"
DRAFT = "Concept"
SAMPLE_LINE = "Voorbeeldgesprek (oefenmateriaal, geen opname): geen toestemming nodig."
STATUS_LABELS = {
    "confirmed": "bevestigd door coach",
    "rejected": "afgewezen door coach",
    "pending": "nog niet beoordeeld",
}
#: Quotes per item in the *Voorbeelden* column: without and with examples of the coach.
MAX_QUOTES = 3
MAX_QUOTES_WITH_COACH = 2
AGREEMENTS_ITEM = "agreements"
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


# --- small helpers ----------------------------------------------------------------------------


def clock(seconds: float | None) -> str:
    """A time as the app shows it: ``m:ss`` (``h:mm:ss`` from an hour on); empty when unknown."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def nl_date(value: str) -> str:
    """An ISO date as Dutch text (``2026-11-28`` → ``28 november 2026``); other text unchanged."""
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_MD_ESCAPES = str.maketrans({char: "\\" + char for char in "\\`*_<>#|~$"})
_MD_BARE_LINK = re.compile(r"(?<=:)(?=//)|(?<=@)|(?<=www)(?=\.)", re.IGNORECASE)
#: A link or image needs ``](``, ``][`` or a ``[label]:`` definition; a bracket elsewhere
#: (``[telefoonnummer]``) stays as it is.
_MD_LINK_END = re.compile(r"\](?=[(\[:])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
_MD_BULLET = re.compile(r"^(\s*)([-+=])", re.MULTILINE)
#: An invisible WORD JOINER: breaks the bare-URL and e-mail patterns that viewers turn into links.
WORD_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that any viewer shows literally: no image, link, bare URL, HTML,
    code, emphasis, table cell, heading or list can start in it."""
    text = _MD_BARE_LINK.sub(WORD_JOINER, text).translate(_MD_ESCAPES)
    text = _MD_LINK_END.sub(r"\\]", text)
    text = _MD_ORDERED.sub(r"\1\\\2", text)
    return _MD_BULLET.sub(r"\1\\\2", text)


# --- the content, built once ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One row of a phase table: the item's text, its verdict as printed
    (:func:`analysis.verdicts.printed_verdict`), the coach's status in Dutch
    (:data:`STATUS_LABELS`), the *Voorbeelden* (the coach's own examples first, then the best
    quotes kept, see :func:`quote_line`) and the coach's note."""

    text: str
    verdict: str
    status: str
    examples: tuple[str, ...]
    examples_from_coach: bool
    note: str


@dataclass(frozen=True, slots=True)
class PhaseTable:
    """One phase of the form (its name in ``form.yaml``) with a row per item, in form order;
    a phase without items is left out of the report."""

    name: str
    rows: tuple[ItemRow, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """Everything an export shows, in order; renderers only lay it out.

    ``draft_line`` is empty once the coach reviewed every item; until then the report is a
    *Concept* (see :attr:`heading`).
    """

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
    draft_line: str = ""
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def draft(self) -> bool:
        """True while some item still waits for the coach's verdict."""
        return bool(self.draft_line)

    @property
    def heading(self) -> str:
        """The title as printed: ``Concept – <title>`` for a draft."""
        return f"{DRAFT} – {self.title}" if self.draft else self.title


def consent_line(consent: Consent | None, sample: bool = False) -> str:
    """The consent line of the form, in Dutch (a sample talk is training material, no recording)."""
    if sample:
        return SAMPLE_LINE
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


def sample_talk(consent: Consent | None, source: str | None, samples_dir: Path) -> bool:
    """True for a talk opened from the shipped samples: no consent step, source a sample file."""
    if consent is not None or not source:
        return False
    return (samples_dir / Path(source).name).is_file() and Path(source).name == source


def kept_findings(item: FormItem) -> list[Finding]:
    """The findings of a reviewed item the coach kept: none of a rejected item, none marked
    *klopt niet* (already gone from a reviewed item), no held-back one unless confirmed."""
    if item.coach_status == "rejected":
        return []
    return [f for f in item.evidence if not (f.held_back and item.coach_status != "confirmed")]


def whole_sentence(quote: str) -> bool:
    """True for a quote that reads as a sentence: a capital first, ``.``, ``?``, ``!`` last."""
    text = quote.strip()
    return bool(text) and text[0].isupper() and text[-1] in ".?!…"


def best_quotes(item: FormItem, limit: int) -> list[Finding]:
    """At most ``limit`` kept findings: whole sentences first, then by confidence; each quote
    once; in the order of the talk."""
    unique: dict[str, Finding] = {}
    for finding in kept_findings(item):
        key = " ".join(finding.quote.split()).casefold()
        if key and (key not in unique or finding.confidence > unique[key].confidence):
            unique[key] = finding
    ranked = sorted(
        unique.values(),
        key=lambda f: (not whole_sentence(f.quote), -f.confidence, f.turn, f.char_start),
    )
    return sorted(ranked[:limit], key=lambda f: (f.turn, f.char_start))


def quote_line(finding: Finding) -> str:
    """A quote with its time as the app shows it (``0:02 “…”``), else its turn."""
    where = clock(finding.start) if finding.start is not None else f"beurt {finding.turn}"
    return f"{where} “{finding.quote.strip()}”"


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _row(item: FormItem) -> ItemRow:
    coach_examples = _lines(item.coach_examples)
    limit = MAX_QUOTES_WITH_COACH if coach_examples else MAX_QUOTES
    examples = coach_examples + tuple(quote_line(f) for f in best_quotes(item, limit))
    verdict = printed_verdict(item)
    if not examples and verdict == NOT_VISIBLE and item.visibility_note:
        examples = (item.visibility_note,)
    return ItemRow(
        text=item.text,
        verdict=verdict,
        status=STATUS_LABELS[item.coach_status],
        examples=examples,
        examples_from_coach=bool(coach_examples),
        note=item.coach_note.strip(),
    )


def draft_line(items: Sequence[FormItem]) -> str:
    """The *Concept* line while items wait for the coach; empty when every item is reviewed."""
    reviewed = sum(item.coach_status != "pending" for item in items)
    if reviewed == len(items):
        return ""
    return (
        f"{DRAFT}: {reviewed} van de {len(items)} items beoordeeld door de coach. "
        "Dit rapport is pas definitief als elk item is beoordeeld."
    )


def build_report(
    analysis: Analysis,
    review: Review,
    meta: SessionMeta,
    consent: Consent | None = None,
    form: FormDefinition | None = None,
    *,
    sample: bool = False,
    now: dt.datetime | None = None,
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
        consent=consent_line(consent, sample),
        examples_header=form.examples_header,
        phases=tuple(phase for phase in phases if phase.rows),
        compliment_prompt=form.compliment_prompt,
        compliment=review.compliment.strip(),
        tip_prompt=form.tip_prompt,
        tip=review.tip.strip(),
        reflections=tuple(
            (question, answers[n].strip()) for n, question in enumerate(form.reflection_questions)
        ),
        draft_line=draft_line(items),
        created=now or dt.datetime.now(dt.UTC),
    )


@dataclass(frozen=True, slots=True)
class ReportInput:
    """What a report of the reviewed form is made of: the analysis, the coach's review, the
    talk's meta data and consent, and whether it is a sample talk (no consent needed)."""

    analysis: Analysis
    review: Review
    meta: SessionMeta
    consent: Consent | None = None
    sample: bool = False

    def report(self, now: dt.datetime | None = None) -> Report:
        """The built report (see :func:`build_report`)."""
        return build_report(
            self.analysis, self.review, self.meta, self.consent, sample=self.sample, now=now
        )


def export_filename(meta: SessionMeta, extension: str, kind: str = "observatieformulier") -> str:
    """A file name for an export: ``<kind>-<date>-<teacher>.<ext>`` (kind: ``transcript`` …)."""
    parts = [kind, meta.date[:10], meta.teacher]
    slug = "-".join(p for p in (re.sub(r"[^\w]+", "-", part).strip("-") for part in parts) if p)
    return f"{slug.lower()}.{extension.lstrip('.')}"


# --- Markdown ---------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return "<br>".join(escape_markdown(line) for line in text.splitlines())


def _md_paragraph(text: str) -> str:
    return "  \n".join(escape_markdown(line.strip()) for line in text.splitlines())


def report_to_markdown(report: Report) -> str:
    """A built report as Markdown; every text is escaped so it shows literally."""
    lines = [f"# {escape_markdown(report.heading)}", ""]
    if report.draft_line:
        lines += [f"**{escape_markdown(report.draft_line)}**", ""]
    if report.subtitle:
        lines += [f"**{escape_markdown(report.subtitle)}**", ""]
    lines += [
        f"- {escape_markdown(label)}: {escape_markdown(value)}" for label, value in report.meta
    ]
    lines += ["", escape_markdown(report.consent), ""]
    for phase in report.phases:
        lines += [f"## {escape_markdown(phase.name)}", ""]
        lines += [
            f"| Item | ✓/✗ | {escape_markdown(report.examples_header)} |",
            "| --- | --- | --- |",
        ]
        for row in phase.rows:
            cell = "<br>".join(_md_cell(example) for example in row.examples)
            if row.note:
                cell += ("<br>" if cell else "") + f"*Opmerking coach:* {_md_cell(row.note)}"
            verdict = escape_markdown(f"{row.verdict} ({row.status})")
            lines.append(f"| {_md_cell(row.text)} | {verdict} | {cell} |")
        lines.append("")
    for prompt, answer in (
        (report.compliment_prompt, report.compliment),
        (report.tip_prompt, report.tip),
    ):
        lines += [f"## {escape_markdown(prompt)}", "", _md_paragraph(answer or EMPTY), ""]
    lines += ["## Reflectie", ""]
    for number, (question, answer) in enumerate(report.reflections, start=1):
        lines += [f"{number}. **{escape_markdown(question)}**", ""]
        lines += [f"   {_md_paragraph(answer or EMPTY)}", ""]
    return "\n".join(lines).rstrip() + "\n"


def to_markdown_report(source: ReportInput) -> str:
    """The reviewed form as Markdown."""
    return report_to_markdown(source.report())


# --- JSON of the confirmed form ---------------------------------------------------------------


def form_to_dict(source: ReportInput) -> dict[str, Any]:
    """The reviewed form as JSON: per item the final verdict, the coach's status, note and
    examples, the evidence kept and the findings the coach marked *klopt niet*."""
    analysis, review, meta, consent = source.analysis, source.review, source.meta, source.consent
    sample = source.sample
    form = load_form()
    items = reviewed_form(analysis, review)
    original = {item.id: item for item in analysis.form}
    out_items = []
    for item in items:
        kept = {finding_key(f) for f in item.evidence}
        out = form_item_to_dict(item, contract=True)
        out["observed"] = item.observed
        out["verdict"] = verdict_words(item)
        out["coach"] = {
            "status": item.coach_status,
            "note": item.coach_note,
            "examples": list(_lines(item.coach_examples)),
        }
        out["rejected_evidence"] = [
            finding_to_dict(f, contract=True)
            for f in original[item.id].evidence
            if finding_key(f) not in kept
        ]
        out_items.append(out)
    reviewed = sum(item.coach_status != "pending" for item in items)
    return {
        "form": form.title,
        "meta": meta_to_dict(meta),
        "consent": consent_to_dict(consent) if consent else None,
        "sample": sample,
        "source": analysis.transcript.source,
        "reviewed": reviewed,
        "items_total": len(items),
        "draft": reviewed < len(items),
        "items": out_items,
        "compliment": review.compliment,
        "tip": review.tip,
        "reflections": [
            {"question": question, "answer": answer}
            for question, answer in zip(
                form.reflection_questions,
                list(review.reflections) + [""] * len(form.reflection_questions),
                strict=False,
            )
        ],
    }


def to_form_json(source: ReportInput) -> str:
    """:func:`form_to_dict` as text."""
    return json.dumps(form_to_dict(source), ensure_ascii=False, indent=2) + "\n"


# --- Word -------------------------------------------------------------------------------------

#: Column widths of a phase table in cm (item, ✓/✗, examples) on A4 with 2 cm margins.
DOCX_WIDTHS_CM = (5.6, 3.0, 8.4)
#: Column widths of a phase table in the PDF as fractions of the text width.
PDF_WIDTHS = (0.33, 0.17, 0.50)


def _docx() -> Any:
    try:
        import docx
    except ImportError as exc:
        raise ExportError(
            "python-docx is not installed",
            "Word-export is niet beschikbaar: het pakket python-docx ontbreekt.",
        ) from exc
    return docx


def _new_document(title: str, subject: str, created: dt.datetime) -> Any:
    from docx.shared import Cm, Pt

    document = _docx().Document()
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.language = "nl-NL"
    properties.created = created
    properties.modified = created
    properties.revision = 1
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    document.styles["Normal"].font.size = Pt(10)
    return document


def _heading(document: Any, text: str, level: int) -> Any:
    heading = document.add_heading(text, level=level)
    heading.paragraph_format.keep_with_next = True
    return heading


def _save(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def report_to_docx(report: Report) -> bytes:
    """A built report as a Word document."""
    _docx()
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm, Pt

    document = _new_document(report.heading, report.subtitle, report.created)
    _heading(document, report.heading, 0)
    if report.draft_line:
        document.add_paragraph().add_run(report.draft_line).bold = True
    if report.subtitle:
        document.add_paragraph(report.subtitle, style="Subtitle")
    for label, value in report.meta:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_paragraph(report.consent).paragraph_format.space_before = Pt(6)

    widths = tuple(Cm(width) for width in DOCX_WIDTHS_CM)
    for phase in report.phases:
        _heading(document, phase.name, 1)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        header = table.rows[0]
        _repeat_header(header)
        for cell, text in zip(header.cells, ("Item", "✓/✗", report.examples_header), strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
            cell.paragraphs[0].paragraph_format.keep_with_next = True
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
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for table_row in table.rows:
            for cell, width in zip(table_row.cells, widths, strict=True):
                cell.width = width

    for prompt, answer in (
        (report.compliment_prompt, report.compliment),
        (report.tip_prompt, report.tip),
    ):
        _heading(document, prompt, 1)
        document.add_paragraph(answer or EMPTY)
    _heading(document, "Reflectie", 1)
    for number, (question, answer) in enumerate(report.reflections, start=1):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{number}. {question}").bold = True
        paragraph.paragraph_format.keep_with_next = True
        document.add_paragraph(answer or EMPTY)
    return _save(document)


def to_docx(source: ReportInput) -> bytes:
    """The reviewed form as a Word (DOCX) document."""
    return report_to_docx(source.report())


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


Cell = tuple[tuple[str, str], ...]
"""A table cell as paragraphs of (text, font style)."""


class _PdfWriter:
    """An A4 PDF with DejaVu Sans: paragraphs, and tables whose rows break across pages."""

    LINE = 4.4
    PAD = 1.5

    def __init__(self, fpdf: Any, title: str, created: dt.datetime) -> None:
        from fpdf.enums import MethodReturnValue, XPos, YPos

        self._lines_mode = MethodReturnValue.LINES
        self._next = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
        pdf = fpdf.FPDF(format="A4")
        pdf.set_margins(18, 18, 18)
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.set_title(title)
        pdf.set_author(AUTHOR)
        pdf.set_creator(AUTHOR)
        pdf.set_creation_date(created)
        pdf.set_lang("nl")
        self.pdf = pdf

    def paragraph(self, text: str, style: str = "", size: float = 10, gap: float = 1.5) -> None:
        pdf = self.pdf
        pdf.set_font(FONT_FAMILY, style, size)
        pdf.multi_cell(pdf.epw, size * 0.5, text, align="L", **self._next)
        pdf.ln(gap)

    def keep_space(self, height: float) -> None:
        """Start a new page unless ``height`` mm fit on this one (keeps a heading with what
        follows)."""
        if self.pdf.y + height > self.pdf.page_break_trigger:
            self.pdf.add_page()

    def _cell_lines(self, cell: Cell, width: float) -> list[tuple[str, str]]:
        lines: list[tuple[str, str]] = []
        for text, style in cell:
            self.pdf.set_font(FONT_FAMILY, style, 9)
            wrapped = self.pdf.multi_cell(
                width - 2 * self.PAD, self.LINE, text, dry_run=True, output=self._lines_mode
            )
            lines += [(line, style) for line in wrapped]
        return lines

    def _draw(self, cells: list[list[tuple[str, str]]], widths: Sequence[float], first: int,
              count: int, fill: bool = False) -> None:  # fmt: skip
        pdf = self.pdf
        top, x = pdf.y, pdf.l_margin
        height = count * self.LINE + 2 * self.PAD
        for lines, width in zip(cells, widths, strict=True):
            if fill:
                pdf.set_fill_color(230, 230, 230)
            pdf.rect(x, top, width, height, style="DF" if fill else "D")
            for n, (text, style) in enumerate(lines[first : first + count]):
                pdf.set_font(FONT_FAMILY, style, 9)
                pdf.set_xy(x + self.PAD, top + self.PAD + n * self.LINE)
                pdf.cell(width - 2 * self.PAD, self.LINE, text)
            x += width
        pdf.set_xy(pdf.l_margin, top + height)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[Cell]],
              fractions: Sequence[float]) -> None:  # fmt: skip
        """A table with a grey header row repeated on every page; a row that does not fit
        breaks after as many lines as fit (at least two)."""
        pdf = self.pdf
        widths = [pdf.epw * fraction for fraction in fractions]
        head = [self._cell_lines(((text, "B"),), w) for text, w in zip(header, widths, strict=True)]
        head_lines = max(len(lines) for lines in head)
        self._draw(head, widths, 0, head_lines, fill=True)
        for row in rows:
            cells = [self._cell_lines(cell, w) for cell, w in zip(row, widths, strict=True)]
            total, done = max(len(lines) for lines in cells), 0
            while done < total:
                room = int((pdf.page_break_trigger - pdf.y - 2 * self.PAD) // self.LINE)
                if room < min(2, total - done):
                    pdf.add_page()
                    self._draw(head, widths, 0, head_lines, fill=True)
                    continue
                count = min(room, total - done)
                self._draw(cells, widths, done, count)
                done += count

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _fpdf() -> Any:
    try:
        import fpdf
    except ImportError as exc:
        raise ExportError(
            "fpdf2 is not installed",
            "PDF-export is niet beschikbaar: het pakket fpdf2 ontbreekt.",
        ) from exc
    # fontTools logs every font subsetting step at INFO; keep the app's log readable.
    subset_log = logging.getLogger("fontTools.subset")
    subset_log.setLevel(max(subset_log.level, logging.WARNING))
    return fpdf


def _pdf_writer(stack: ExitStack, title: str, created: dt.datetime) -> _PdfWriter:
    fpdf = _fpdf()
    writer = _PdfWriter(fpdf, title, created)
    for style, path in _font_paths(stack).items():
        writer.pdf.add_font(FONT_FAMILY, style, str(path))
    writer.pdf.add_page()
    return writer


def report_to_pdf(report: Report) -> bytes:
    """A built report as a PDF (A4, DejaVu Sans embedded)."""
    with ExitStack() as stack:
        writer = _pdf_writer(stack, report.heading, report.created)
        pdf = writer.pdf
        writer.paragraph(report.heading, "B", 15, 2)
        if report.draft_line:
            writer.paragraph(report.draft_line, "B", 10, 2)
        if report.subtitle:
            writer.paragraph(report.subtitle, "", 12, 2)
        for label, value in report.meta:
            pdf.set_font(FONT_FAMILY, "B", 10)
            pdf.cell(pdf.get_string_width(f"{label}: "), 5, f"{label}: ")
            pdf.set_font(FONT_FAMILY, "", 10)
            pdf.multi_cell(0, 5, value, align="L", **writer._next)
        pdf.ln(2)
        writer.paragraph(report.consent, "I", 9, 3)

        for phase in report.phases:
            writer.keep_space(7 + 3 * (writer.LINE + 2 * writer.PAD) + 2 * writer.LINE)
            writer.paragraph(phase.name, "B", 12, 1)
            rows = []
            for row in phase.rows:
                examples: list[tuple[str, str]] = [(line, "") for line in row.examples]
                if row.note:
                    examples += [("Opmerking coach:", "B"), (row.note, "")]
                rows.append((((row.text, ""),), ((row.verdict, ""), (row.status, "I")), examples))
            header = ("Item", "✓/✗", report.examples_header)
            writer.table(header, [tuple(tuple(c) for c in r) for r in rows], PDF_WIDTHS)
            pdf.ln(4)

        for prompt, answer in (
            (report.compliment_prompt, report.compliment),
            (report.tip_prompt, report.tip),
        ):
            writer.keep_space(20)
            writer.paragraph(prompt, "B", 12, 1)
            writer.paragraph(answer or EMPTY, "", 10, 3)
        writer.keep_space(25)
        writer.paragraph("Reflectie", "B", 12, 1)
        for number, (question, answer) in enumerate(report.reflections, start=1):
            writer.keep_space(15)
            writer.paragraph(f"{number}. {question}", "B", 10, 1)
            writer.paragraph(answer or EMPTY, "", 10, 3)
        return writer.output()


def to_pdf(source: ReportInput) -> bytes:
    """The reviewed form as a PDF document."""
    return report_to_pdf(source.report())


# --- the Afspraken note for the parent --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgreementsNote:
    """A short note for the parent: the agreements of the talk, as the coach edited them.

    ``about`` names the talk (kind, date, teacher, group) in one sentence; ``agreements`` has
    one line each (none: the note says so); ``closing`` says whom to tell about a wrong one.
    """

    title: str
    about: str
    agreements: tuple[str, ...]
    closing: str
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def proposed_agreements(analysis: Analysis, review: Review) -> tuple[str, ...]:
    """The agreements to propose for the note: the coach's examples of the agreements item,
    then the quotes the coach kept (none of a rejected item), each once."""
    item = next(i for i in reviewed_form(analysis, review) if i.id == AGREEMENTS_ITEM)
    lines = [_sentence(line) for line in _lines(item.coach_examples)]
    lines += [_sentence(f.quote) for f in kept_findings(item)]
    return tuple(dict.fromkeys(line for line in lines if line))


def build_agreements_note(
    meta: SessionMeta, agreements: Sequence[str], now: dt.datetime | None = None
) -> AgreementsNote:
    """The note's content; ``agreements`` one per item, as the coach left them."""
    talk = meta.kind_label.lower() if meta.kind != "anders" else "gesprek"
    about = f"Afspraken uit het {talk}"
    if meta.date:
        about += f" van {nl_date(meta.date)}"
    if meta.teacher:
        about += f" met {meta.teacher}"
    if meta.group:
        about += f" ({meta.group})"
    who = meta.teacher or "de leerkracht"
    return AgreementsNote(
        title="Afspraken",
        about=about + ".",
        agreements=tuple(line.strip() for line in agreements if line.strip()),
        closing=f"Klopt er iets niet, of mist er een afspraak? Laat het {who} weten.",
        created=now or dt.datetime.now(dt.UTC),
    )


def agreements_to_docx(note: AgreementsNote) -> bytes:
    """The *Afspraken* note as a Word document."""
    document = _new_document(note.title, note.about, note.created)
    _heading(document, note.title, 0)
    document.add_paragraph(note.about)
    if note.agreements:
        for line in note.agreements:
            document.add_paragraph(line, style="List Bullet")
    else:
        document.add_paragraph("(geen afspraken vastgelegd)")
    document.add_paragraph(note.closing)
    return _save(document)


def agreements_to_pdf(note: AgreementsNote) -> bytes:
    """The *Afspraken* note as a PDF."""
    with ExitStack() as stack:
        writer = _pdf_writer(stack, note.title, note.created)
        writer.paragraph(note.title, "B", 15, 2)
        writer.paragraph(note.about, "", 10, 3)
        pdf = writer.pdf
        for line in note.agreements or ("(geen afspraken vastgelegd)",):
            pdf.set_font(FONT_FAMILY, "", 10)
            pdf.cell(6, 5, "•")
            pdf.multi_cell(pdf.epw - 6, 5, line, align="L", **writer._next)
            pdf.ln(1.5)
        writer.pdf.ln(2)
        writer.paragraph(note.closing, "", 10, 1.5)
        return writer.output()


# --- the export formats -----------------------------------------------------------------------

#: A writer of the reviewed form: its input → file content.
FormWriter = Callable[[ReportInput], bytes | str]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """A file format the reviewed form is exported in: its button label, file extension,
    MIME type and writer. Adding a format is one entry in :data:`EXPORT_FORMATS`."""

    name: str
    label: str
    extension: str
    mime: str
    write: FormWriter
    help: str = ""


#: The export formats of the reviewed form, in the order the report page offers them; the
#: command line's ``export --format`` takes their names.
EXPORT_FORMATS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat(
            "docx",
            "Word (.docx)",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            to_docx,
        ),
        ExportFormat("pdf", "PDF", "pdf", "application/pdf", to_pdf),
        ExportFormat("markdown", "Markdown", "md", "text/markdown", to_markdown_report),
        ExportFormat(
            "json",
            "JSON (formulier)",
            "json",
            "application/json",
            to_form_json,
            "Het ingevulde formulier met het oordeel van de coach per item.",
        ),
    )
}
