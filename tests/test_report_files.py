"""The report files themselves: DOCX layout and properties, PDF rows that break across pages,
the Afspraken note, and Markdown that shows user text literally (checked with markdown-it-py)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from analysis.export import (
    DOCX_WIDTHS_CM,
    agreements_to_docx,
    agreements_to_pdf,
    build_agreements_note,
    build_report,
    report_to_docx,
    report_to_markdown,
    report_to_pdf,
)
from analysis.form import load_form
from analysis.review import ItemReview, Review, SessionMeta
from tests.test_review import make_analysis

docx = pytest.importorskip("docx", reason="python-docx not installed")
pypdf = pytest.importorskip("pypdf", reason="pypdf not installed")

META = SessionMeta("Rollenspel", "Eva", "groep 5", "10-minutengesprek", "2026-11-28")
NOW = dt.datetime(2026, 12, 5, 9, 30, tzinfo=dt.UTC)


def _report(review: Review | None = None):
    return build_report(make_analysis(), review or Review(), META, None, now=NOW)


def _pages(data: bytes) -> list[str]:
    return [
        " ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages
    ]


def test_docx_headings_keep_with_their_table_and_columns_have_sensible_widths():
    document = docx.Document(io.BytesIO(report_to_docx(_report())))

    body = list(document.element.body.iterchildren())
    tables = [n for n, element in enumerate(body) if element.tag.endswith("}tbl")]
    assert len(tables) == len(load_form().phases)
    for position in tables:
        heading = docx.text.paragraph.Paragraph(body[position - 1], document)
        assert heading.style.name == "Heading 1"
        assert heading.paragraph_format.keep_with_next
    reflection = next(p for p in document.paragraphs if p.text == "Reflectie")
    assert reflection.paragraph_format.keep_with_next
    for table in document.tables:
        widths = [column.width.cm for column in table.columns]
        assert widths == pytest.approx(DOCX_WIDTHS_CM, abs=0.01)
        assert widths[1] < widths[0] / 1.5 and widths[1] < widths[2] / 2
        assert [c.width.cm for c in table.rows[1].cells] == pytest.approx(DOCX_WIDTHS_CM, abs=0.01)
        assert table.rows[0]._tr.trPr.xpath("./w:tblHeader"), "header row repeats on a new page"


def test_docx_core_properties_are_this_report_not_the_template():
    review = Review(items={i: ItemReview("confirmed") for i in load_form().item_ids})
    properties = docx.Document(io.BytesIO(report_to_docx(_report(review)))).core_properties
    draft = docx.Document(io.BytesIO(report_to_docx(_report()))).core_properties

    assert properties.title == load_form().title
    assert draft.title == f"Concept – {load_form().title}"
    assert properties.author == "Gesprekscoach" and properties.comments == ""
    assert properties.created == NOW and properties.modified == NOW
    assert properties.subject == "Rollenspel" and properties.language == "nl-NL"
    today = build_report(make_analysis(), Review(), META)
    created = docx.Document(io.BytesIO(report_to_docx(today))).core_properties.created
    assert abs(dt.datetime.now(dt.UTC) - created) < dt.timedelta(minutes=5), "now, not 2013"


def test_docx_and_pdf_mark_a_draft():
    report = _report()

    document = docx.Document(io.BytesIO(report_to_docx(report)))
    pages = _pages(report_to_pdf(report))

    assert document.paragraphs[0].text.startswith("Concept – ")
    assert any(p.text.startswith("Concept: 0 van de 19 items") for p in document.paragraphs)
    assert pages[0].startswith("Concept – ") and "Concept: 0 van de 19 items" in pages[0]


def test_pdf_rows_break_across_pages_instead_of_leaving_page_one_empty():
    lines = [f"Regel {n:03d} van een lange notitie van de coach." for n in range(120)]
    review = Review(items={"welcome": ItemReview("confirmed", note="\n".join(lines))})

    data = report_to_pdf(_report(review))
    pages = _pages(data)

    assert "Regel 000" in pages[0], "the long row starts on page 1"
    first_page_lines = sum(f"Regel {n:03d}" in pages[0] for n in range(120))
    assert first_page_lines > 20, "page 1 is filled, not left half empty"
    assert "Regel 119" not in pages[0] and "Regel 119" in " ".join(pages[1:])
    assert pages[1].startswith("Item ✓/✗ Voorbeelden"), "the header row repeats"
    metadata = pypdf.PdfReader(io.BytesIO(data)).metadata
    assert metadata.title.startswith("Concept – ") and metadata.author == "Gesprekscoach"
    assert metadata.creation_date.year == 2026 and metadata.creation_date.month == 12


def test_afspraken_note_as_docx_and_pdf():
    note = build_agreements_note(META, ["Ik mail u maandag.", "Tekenen na school blijft."], NOW)

    document = docx.Document(io.BytesIO(agreements_to_docx(note)))
    text = "\n".join(p.text for p in document.paragraphs)
    pdf_text = " ".join(_pages(agreements_to_pdf(note)))

    assert document.core_properties.title == "Afspraken"
    assert [p.text for p in document.paragraphs if p.style.name == "List Bullet"] == [
        "Ik mail u maandag.",
        "Tekenen na school blijft.",
    ]
    for expected in (note.about, note.closing, "Ik mail u maandag."):
        assert expected in text and expected in pdf_text


# --- Markdown: user text stays text ------------------------------------------------------------

HOSTILE = (
    "![foto](http://tracker.example/p.png?naam=Sanne) "
    "[klik](https://evil.example) <https://auto.example> <img src=x onerror=alert(1)> "
    "www.bare.example sanne@example.nl `code` *nadruk* | kolom"
)


def _tokens(tokens):
    for token in tokens:
        yield token
        yield from _tokens(token.children or [])


def test_markdown_report_escapes_user_text():
    from markdown_it import MarkdownIt

    review = Review(
        items={
            "welcome": ItemReview(
                "confirmed", note=HOSTILE, examples=f"{HOSTILE}\n# kop\n1. lijst\n[ref] ![ref]"
            )
        },
        compliment=HOSTILE,
        tip=f"- {HOSTILE}",
        reflections=[
            f"> {HOSTILE}",
            "[ref]: http://def.example\n[ref] ![ref] [x][ref] [telefoonnummer]",
        ],
    )
    meta = SessionMeta(HOSTILE, HOSTILE, "groep 5")
    report = build_report(make_analysis(), review, meta, None, now=NOW)
    text = report_to_markdown(report)

    parser = MarkdownIt("commonmark").enable("table")
    tokens = list(_tokens(parser.parse(text)))
    types = {token.type for token in tokens}
    assert "image" not in types and "link_open" not in types
    assert {t.content for t in tokens if t.type.startswith("html")} <= {"<br>"}
    assert "code_inline" not in types
    emphasised, inside = set(), False
    for token in tokens:
        inside = (inside or token.type == "em_open") and token.type != "em_close"
        if inside and token.type == "text":
            emphasised.add(token.content)
    assert emphasised == {"Opmerking coach:"}, "only the report's own emphasis"
    headings = [t for t in tokens if t.type == "heading_open"]
    assert len(headings) == 1 + len(report.phases) + 3, "no heading from user text"
    html = parser.render(text).replace("\u2060", "")
    assert "![foto](http://tracker.example/p.png?naam=Sanne)" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "http://tracker" not in parser.render(text), "bare URLs are broken up"
    assert "[telefoonnummer]" in text, "brackets that start no link stay readable"
