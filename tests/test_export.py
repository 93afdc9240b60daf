"""Tests of the reviewed-form exports (analysis/export.py): DOCX, PDF and Markdown.

The report's content rules (examples, Concept, sample, layout, JSON, Afspraken, escaping) are
tested in ``tests/test_report_*.py``."""

from __future__ import annotations

import io

import pytest

from analysis.export import (
    NOT_SEEN,
    NOT_VISIBLE,
    SEEN,
    ReportInput,
    build_report,
    consent_line,
    export_filename,
    nl_date,
    to_docx,
    to_markdown_report,
    to_pdf,
)
from analysis.form import load_form
from analysis.review import Consent, ItemReview, Review, SessionMeta, finding_key
from tests.test_review import make_analysis

Document = pytest.importorskip("docx", reason="python-docx not installed").Document
pytest.importorskip("fpdf", reason="fpdf2 not installed")

META = SessionMeta(
    "Rollenspel – Daan", "Eva de Vriës", "groep 5", "10-minutengesprek", "2026-11-28"
)
CONSENT = Consent(True, "2026-11-28", "Eva de Vriës", "Eva en Inge (moeder)")
TIP = "Vat vaker tussentijds samen; ‘even checken’ helpt. Één keer per fase, dat is naïef?"
COMPLIMENT = "Je benoemde het gevoel precies: “U maakt zich zorgen”."


@pytest.fixture
def analysis():
    return make_analysis()


@pytest.fixture
def review(analysis):
    helps = next(f for f in analysis.detection.findings if f.quote == "helpt ook graag")
    return Review(
        items={
            "welcome": ItemReview("confirmed"),
            "put_at_ease": ItemReview(
                "confirmed", note="Stond op om te begroeten.", examples="Bood koffie aan"
            ),
            "names_qualities": ItemReview(rejected_findings=[finding_key(helps)]),
            "asks_home": ItemReview("rejected", note="Was een gesloten vraag."),
        },
        compliment=COMPLIMENT,
        tip=TIP,
        reflections=["Gevoelsreflecties en doorvragen."],
    )


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_report_rows_follow_the_review(analysis, review):
    report = build_report(analysis, review, META, CONSENT)

    rows = {row.text: row for phase in report.phases for row in phase.rows}
    form = load_form()
    welcome = rows[form.item("welcome").text]
    at_ease = rows[form.item("put_at_ease").text]
    qualities = rows[form.item("names_qualities").text]
    home = rows[form.item("asks_home").text]
    closing = rows[form.item("closing").text]
    summary = rows[form.item("agreements").text]
    assert [p.name for p in report.phases] == list(form.phases)
    assert welcome.verdict == SEEN and welcome.examples == ("0:00 “welkom”",)
    assert at_ease.verdict == SEEN and at_ease.examples == ("Bood koffie aan",)
    assert at_ease.examples_from_coach and at_ease.note == "Stond op om te begroeten."
    assert qualities.examples == ("0:48 “doorzetter”",)
    assert home.verdict == NOT_SEEN and home.examples == ()
    assert closing.verdict == NOT_VISIBLE and closing.examples == (
        form.item("closing").visibility_note,
    )
    assert summary.verdict == NOT_SEEN
    assert report.reflections[1] == (form.reflection_questions[1], "")


def test_docx_holds_the_form_and_the_review(analysis, review):
    data = to_docx(ReportInput(analysis, review, META, CONSENT))

    text = _docx_text(data)
    form = load_form()
    assert data[:2] == b"PK"
    assert form.title in text
    for item in form.items:
        assert item.text in text
    for question in form.reflection_questions:
        assert question in text
    assert "Bood koffie aan" in text
    assert "Stond op om te begroeten." in text
    assert TIP in text
    assert COMPLIMENT in text
    assert "Eva de Vriës" in text and "28 november 2026" in text
    assert "Toestemming voor opname en analyse: gegeven door Eva en Inge (moeder)" in text
    assert len(Document(io.BytesIO(data)).tables) == len(form.phases)


def test_pdf_is_a_pdf_with_the_text(analysis, review):
    data = to_pdf(ReportInput(analysis, review, META, CONSENT))

    assert data.startswith(b"%PDF")
    assert data.rstrip().endswith(b"%%EOF")
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert load_form().title.split()[0] in flat
    assert "Bood koffie aan" in flat
    assert "Eva de Vriës" in flat
    assert "naïef" in flat
    assert "“U maakt zich zorgen”" in flat
    assert "✓" in flat and "✗" in flat


def test_pdf_without_review_or_consent_still_renders(analysis):
    data = to_pdf(ReportInput(analysis, Review(), SessionMeta()))

    assert data.startswith(b"%PDF")
    assert len(data) > 5_000


def test_markdown_report_includes_the_review(analysis, review):
    text = to_markdown_report(ReportInput(analysis, review, META, CONSENT))

    assert text.startswith(f"# Concept – {load_form().title}\n")
    assert "| Item | ✓/✗ | Voorbeelden |" in text
    assert "Bood koffie aan<br>*Opmerking coach:* Stond op om te begroeten." in text
    assert TIP in text
    assert "(niet ingevuld)" in text, "the second reflection question has no answer"


def test_consent_line_without_consent():
    assert consent_line(None) == "Toestemming voor opname en analyse: niet vastgelegd."
    assert "niet vastgelegd" in consent_line(Consent(confirmed=False, by="Eva"))


def test_dutch_dates_and_file_names():
    assert nl_date("2026-03-01") == "1 maart 2026"
    assert nl_date("") == ""
    assert export_filename(META, "pdf") == "observatieformulier-2026-11-28-eva-de-vriës.pdf"
    assert export_filename(SessionMeta(), ".docx") == "observatieformulier.docx"
    assert export_filename(META, "srt", "transcript") == "transcript-2026-11-28-eva-de-vriës.srt"
