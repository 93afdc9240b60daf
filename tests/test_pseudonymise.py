"""Pseudonymised export: names and contact details found, proposed replacements, applied to
every export format.

The end-to-end tests use a talk of our own (``tests/data/pseudonymise``) that plants every kind
of identifier in the transcript, the speaker names, the coach's notes and examples, the meta
fields and the consent record; the proposed table is accepted as is, as a hurried user would.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis.export import ReportInput, to_docx, to_markdown_report, to_pdf
from analysis.form import fill_form
from analysis.pipeline import analyse
from analysis.pseudonymise import (
    lexicon,
    plain,
    propose_replacements,
    pseudonymise_analysis,
    pseudonymise_session,
    pseudonymise_text,
    replace_contact_details,
    replacement_table,
    speaker_label,
)
from analysis.records import Analysis, Detection, Finding, Suggestion, Transcript
from analysis.report import to_json, to_markdown, to_text
from analysis.review import (
    Consent,
    Review,
    SessionMeta,
    consent_from_dict,
    meta_from_dict,
    review_from_dict,
)
from analysis.roles import apply_roles
from analysis.transcript_io import parse_transcript, read_transcript, write_transcript
from tests.conftest import DATA, DEV_SET

PLANTED = DATA / "pseudonymise"
PARTICLES = {"van", "den", "de", "der", "groep"}

TALK = (
    "Juf Anouk: Goedemiddag, mevrouw De Vries. U bent de moeder van Sanne, toch?\n"
    "Moeder: Ja. Sanne praat thuis veel over Lotte.\n"
    "Juf Anouk: Dat klopt, Sanne en Lotte spelen elke dag samen. Dat is fijn.\n"
    "Sanne: Ja! Maandag gaan we naar de Cito-toets.\n"
)


def _talk(text: str, **roles: list[str]) -> Transcript:
    return apply_roles(parse_transcript(text, "txt"), roles)


# --- contact details ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        ("Mail naar anouk.de-vries@school-noord.nl graag.", "[e-mailadres]"),
        ("Bel 06-12345678 maar.", "[telefoonnummer]"),
        ("Bel 06 1234 5678 maar.", "[telefoonnummer]"),
        ("Bel +31 6 12345678 maar.", "[telefoonnummer]"),
        ("Bel +31 (0)6 1234 5678 maar.", "[telefoonnummer]"),
        ("Bel 0031 6 12345678 maar.", "[telefoonnummer]"),
        ("Bel 010-1234567 maar.", "[telefoonnummer]"),
        ("Bel 0471 23 45 67 maar.", "[telefoonnummer]"),
        ("Bel +32 471 23 45 67 maar.", "[telefoonnummer]"),
        ("Bel 02 123 45 67 maar.", "[telefoonnummer]"),
        ("Het adres is 3011 AB 12 in de wijk.", "[adres]"),
        ("Het adres is 3011AB maar.", "[adres]"),
        ("Ze wonen op de Lindelaan 14 sinds mei.", "[adres]"),
        ("Ze wonen op de Kerkstraat 3a sinds mei.", "[adres]"),
        ("Zie https://www.school.nl/ouders?id=3 voor meer.", "[website]"),
        ("Zie www.obs-de-linde.nl voor meer.", "[website]"),
        ("Zie obs-de-linde.nl voor meer.", "[website]"),
    ],
)
def test_contact_details_are_replaced(text: str, placeholder: str):
    result = replace_contact_details(text)

    assert placeholder in result
    assert not re.search(r"\d{3}", result)
    assert result.split()[0] == text.split()[0] and result.endswith(text.split()[-1])


@pytest.mark.parametrize(
    "text",
    [
        "We beginnen om 10.30 uur en stoppen om 11.15 uur.",
        "Het gesprek was op 28-11-2026 om 10:00.",
        "In 2026 en 2027 zit hij in groep 5.",
        "Hij kreeg een 7,5 voor rekenen en las 120 woorden.",
        "Hij rijdt over de snelweg 3 keer per week.",
        "Dat kost 1250 euro per jaar.",
    ],
)
def test_numbers_that_are_no_contact_details_stay(text: str):
    assert replace_contact_details(text) == text


# --- applying the table ---------------------------------------------------------------------------


def test_names_are_replaced_whole_word_in_any_case_and_without_diacritics():
    table = {"Yılmaz": "Persoon 1", "Daan": "het kind", "Çağla": "Persoon 2"}

    text = "Mevrouw Yılmaz, YILMAZ, yilmaz en Cagla. Daan komt. Met Daan en Daanvogels."
    result = pseudonymise_text(text, table)

    assert result == (
        "Mevrouw Persoon 1, Persoon 1, Persoon 1 en Persoon 2. Het kind komt. "
        "Met het kind en Daanvogels."
    )


def test_possessives_and_multi_word_surnames():
    table = {"Daan": "het kind", "Van den Berg": "Persoon 4", "Berg": "Persoon 4"}

    result = pseudonymise_text(
        "Daans fiets, Daan's jas; meester Van den Berg en meneer van den berg. Berg belde.",
        table,
    )

    assert result == (
        "Het kind z'n fiets, het kind z'n jas; meester Persoon 4 en meneer Persoon 4. "
        "Persoon 4 belde."
    )


def test_lowercase_repeats_are_replaced_unless_they_are_the_ordinary_word():
    table = {"Roos": "Persoon 1", "Bas": "Persoon 2", "Ben": "Persoon 3"}

    result = pseudonymise_text(
        "ik heb roos en bas gezien. er bloeit een mooie roos in de tuin en hij speelt de bas. "
        "ik ben blij. Ben komt ook.",
        table,
    )

    assert result == (
        "ik heb Persoon 1 en Persoon 2 gezien. er bloeit een mooie roos in de tuin en hij speelt "
        "de bas. ik ben blij. Persoon 3 komt ook."
    )


def test_a_phrase_inside_a_sentence_keeps_its_lowercase():
    table = {"Anouk": "de leerkracht"}

    assert pseudonymise_text("Anouk en moeder", table) == "De leerkracht en moeder"
    assert pseudonymise_text("Anouk en moeder", table, sentence=False) == "de leerkracht en moeder"


def test_speaker_labels_keep_role_words():
    table = {"Juf Anouk": "de juf", "Anouk": "de leerkracht", "Sanne": "het kind"}

    assert speaker_label("Juf Anouk", table) == "Juf"
    assert speaker_label("Sanne", table) == "Kind"
    assert speaker_label("Moeder", table) == "Moeder"
    assert speaker_label("Spreker 2", table) == "Spreker 2"


# --- proposals ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_proposals_cover_speakers_and_names_in_the_text():
    proposals = propose_replacements(_talk(TALK, child=["Sanne"]))

    assert proposals["Juf Anouk"] == "de juf"
    assert proposals["Anouk"] == "de leerkracht"
    assert proposals["Sanne"] == "het kind"
    assert "Moeder" not in proposals
    assert proposals["De Vries"].startswith("Persoon")
    assert proposals["Vries"] == proposals["De Vries"]
    assert proposals["Lotte"].startswith("Persoon") and proposals["Lotte"] != proposals["Vries"]
    for not_a_name in ("Dat", "Maandag", "Goedemiddag", "Ja", "U", "Cito-toets"):
        assert not_a_name not in proposals


@pytest.mark.slow
def test_speakers_of_one_role_get_numbered_role_phrases():
    talk = _talk(
        "Meester Bas: Welkom allebei. Fijn dat Fatma en Ahmed er zijn.\n"
        "Moeder Fatma: Dank u.\n"
        "Vader Ahmed: Ja, dank u wel.\n"
    )

    proposals = propose_replacements(talk)

    assert proposals["Meester Bas"] == "de meester"
    assert proposals["Bas"] == "de leerkracht"
    assert proposals["Moeder Fatma"] == "de moeder" and proposals["Fatma"] == "de ouder"
    assert proposals["Vader Ahmed"] == "de vader" and proposals["Ahmed"] == "de tweede ouder"
    result = pseudonymise_analysis(Analysis(talk, Detection(), fill_form([])), proposals)
    assert [s.name for s in result.transcript.speakers] == ["Meester", "Moeder", "Vader"]
    assert result.transcript.turns[0].text == (
        "Welkom allebei. Fijn dat de ouder en de tweede ouder er zijn."
    )


@pytest.mark.slow
def test_anonymous_speaker_labels_are_no_names():
    talk = _talk(
        "Spreker 1: Goedemiddag, kom verder.\nSPEAKER_01: Dank u.\nS3: Hoi.\n",
        teacher=["Spreker 1"],
    )

    assert propose_replacements(talk) == {}


@pytest.mark.slow
def test_words_that_look_like_names_are_left_alone_when_nobody_has_that_name():
    talk = _talk(
        "Juf Mila: Er bloeit een roos in de tuin. Bellen mag altijd.\n"
        "Moeder: Mijn zoon speelt bas. Hoop doet leven, zeg ik dan.\n"
        "Juf Mila: Neem gerust een koekje. Ik neem er ook een.\n"
    )

    proposals = propose_replacements(talk)
    result = pseudonymise_analysis(Analysis(talk, Detection(), fill_form([])), proposals)

    assert set(proposals) == {"Juf Mila", "Mila"}
    assert [t.text for t in result.transcript.turns] == [t.text for t in talk.turns]


@pytest.mark.slow
def test_a_name_at_a_sentence_start_only_is_found():
    talk = _talk(
        "Juf Mila: Hoe gaat het met vriendjes?\n"
        "Moeder: Roos komt vaak spelen. Şeyma ook.\n"
        "Juf Mila: Fijn. Roos is een lieve meid.\n"
    )

    proposals = propose_replacements(talk)

    assert proposals["Roos"].startswith("Persoon")
    assert proposals["Şeyma"].startswith("Persoon")


@pytest.mark.slow
def test_names_in_lowercase_speech_recognition_output_are_found():
    talk = _talk(
        "Leerkracht: ja goedemorgen kom binnen meneer van dam gaat u zitten\n"
        "Vader: ja dank u\n"
        "Leerkracht: nou met thijs gaat het goed hij speelt veel met ilse in de pauze\n"
        "Vader: ja thijs vertelt thuis ook over ilse\n",
        teacher=["Leerkracht"],
        parent=["Vader"],
    )

    proposals = propose_replacements(talk)
    result = pseudonymise_analysis(Analysis(talk, Detection(), fill_form([])), proposals)

    assert {"van Dam", "Thijs", "Ilse"} <= set(proposals)
    assert "goedemorgen" not in {name.casefold() for name in proposals}
    assert result.transcript.turns[0].text.startswith("ja goedemorgen kom binnen meneer Persoon")
    assert surviving(repr(result), ["van Dam", "Thijs", "Ilse"]) == []


def test_analysis_is_pseudonymised_in_turns_quotes_speakers_and_suggestions():
    transcript = parse_transcript(TALK, "txt")
    table = {
        "Juf Anouk": "de juf",
        "Anouk": "de leerkracht",
        "Sanne": "het kind",
        "De Vries": "Persoon 1",
        "Lotte": "Persoon 2",
    }
    finding = Finding(
        "welcome", 0, "Goedemiddag, mevrouw De Vries.", 0, 30, "r", "groet", speaker="Juf Anouk"
    )
    detection = Detection(
        findings=[finding], suggestions=[Suggestion("tip", "Vraag Sanne zelf ook iets.")]
    )
    analysis = Analysis(transcript, detection, fill_form([finding]))

    result = pseudonymise_analysis(analysis, table)

    everything = repr(result)
    for name in ("Anouk", "Sanne", "Vries", "Lotte"):
        assert name not in everything
    welcome = next(item for item in result.form if item.id == "welcome")
    assert welcome.evidence[0].quote == "Goedemiddag, mevrouw Persoon 1."
    assert welcome.evidence[0].speaker == "Juf"
    assert welcome.evidence[0].char_start == 0 and welcome.evidence[0].char_end == 30
    assert result.transcript.turns[3].speaker == "Kind"
    assert result.detection.suggestions[0].text == "Vraag het kind zelf ook iets."
    assert analysis.transcript.turns[3].speaker == "Sanne"


def test_word_lists_reject_unknown_keys(monkeypatch: pytest.MonkeyPatch):
    from analysis import pseudonymise
    from analysis.errors import RuleFileError

    data = {"not_name": ["x"]}
    monkeypatch.setattr(pseudonymise, "load_yaml", lambda name: data)
    lexicon.cache_clear()
    try:
        with pytest.raises(RuleFileError, match="unknown keys \\['not_name'\\]"):
            lexicon()
    finally:
        monkeypatch.undo()
        lexicon.cache_clear()
    assert "cito" in lexicon().not_names


# --- every export format, with the planted talk ---------------------------------------------------


@dataclass(frozen=True)
class Session:
    analysis: Analysis
    review: Review
    meta: SessionMeta
    consent: Consent | None


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _report_input(session: Session) -> ReportInput:
    return ReportInput(session.analysis, session.review, session.meta, session.consent)


FORMATS: dict[str, Callable[[Session], str]] = {
    "docx": lambda s: _docx_text(to_docx(_report_input(s))),
    "pdf": lambda s: _pdf_text(to_pdf(_report_input(s))),
    "markdown-report": lambda s: to_markdown_report(_report_input(s)),
    "json": lambda s: to_json(s.analysis),
    "markdown": lambda s: to_markdown(s.analysis),
    "text": lambda s: to_text(s.analysis),
    "txt": lambda s: write_transcript(s.analysis.transcript, "txt"),
    "srt": lambda s: write_transcript(s.analysis.transcript, "srt"),
    "vtt": lambda s: write_transcript(s.analysis.transcript, "vtt"),
}
FORM_REPORTS = ("docx", "pdf", "markdown-report")
TRANSCRIPTS = ("json", "text", "txt", "srt", "vtt")


def _fold(text: str) -> str:
    return " ".join(plain(text).casefold().split())


def surviving(text: str, identifiers: list[str]) -> list[str]:
    """The identifiers (or words of a name, or a phone number's digits) found in ``text``."""
    folded = _fold(text)
    digits_only = re.sub(r"[\s().\-/+]", "", text)
    found = []
    for identifier in identifiers:
        forms = [identifier]
        if not re.search(r"[\d@.]", identifier):
            forms += [w for w in identifier.split() if w.casefold() not in PARTICLES]
        for form in forms:
            if re.search(rf"(?<!\w){re.escape(_fold(form))}(?!\w)", folded):
                found.append(form)
        digits = re.sub(r"\D", "", identifier)
        if len(digits) >= 7 and digits[-6:] in digits_only:
            found.append(identifier)
    return found


@pytest.fixture(scope="module")
def planted() -> dict:
    return json.loads((PLANTED / "sessie.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def session(planted: dict) -> Session:
    transcript = apply_roles(
        read_transcript(PLANTED / "gesprek.txt"),
        {"teacher": ["Juf Anouk"], "parent": ["Moeder"], "child": ["Daan"]},
    )
    return Session(
        analyse(transcript),
        review_from_dict(planted["review"]),
        meta_from_dict(planted["meta"]),
        consent_from_dict(planted["consent"]),
    )


@pytest.fixture(scope="module")
def pseudonymised(session: Session) -> Session:
    table = propose_replacements(
        session.analysis.transcript, session.meta, session.consent, session.review
    )
    return Session(
        *pseudonymise_session(
            session.analysis, session.review, session.meta, session.consent, table
        )
    )


@pytest.mark.slow
def test_the_planted_talk_plants_every_kind(planted: dict, session: Session):
    identifiers = planted["identifiers"]
    everything = "\n".join(render(session) for render in FORMATS.values())

    assert len(identifiers) >= 16
    assert set(identifiers) <= set(surviving(everything, identifiers))
    for render in FORMATS.values():
        assert surviving(render(session), identifiers)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_no_identifier_survives_any_export(fmt: str, planted: dict, pseudonymised: Session):
    text = FORMATS[fmt](pseudonymised)

    assert surviving(text, planted["identifiers"]) == []
    assert not re.search(r"(?i)\b(?:ouder|kind|leerkracht|juf|van den) persoon\b", text)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", TRANSCRIPTS)
def test_the_pseudonymised_transcript_stays_readable(
    fmt: str, planted: dict, pseudonymised: Session
):
    text = FORMATS[fmt](pseudonymised)

    for role_word in ("het kind", "de juf", "Juf", "Moeder", "Kind"):
        assert role_word in text
    for word in planted["ordinary_words"]:
        assert re.search(rf"(?<!\w){word}(?!\w)", text), word
    assert "Het kind werkt hard in de klas." in text
    assert "Hoe gaat het thuis met het kind z'n huiswerk?" in text


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORM_REPORTS)
def test_the_pseudonymised_report_stays_readable(fmt: str, pseudonymised: Session):
    text = " ".join(FORMATS[fmt](pseudonymised).split())

    assert "Mooi hoe je het kind erbij betrok" in text
    assert "gegeven door de leerkracht, Persoon" in text
    assert "[telefoonnummer]" in text and "[e-mailadres]" in text
    assert "Oefengesprek met de moeder van het kind" in text
    assert "Leerkracht: Leerkracht" in text and "[groep]" in text


def test_session_pseudonymisation_leaves_the_originals_alone():
    meta = SessionMeta("Gesprek over Sanne", "Anouk", "Groep 4 De Linde", "anders", "")
    consent = Consent(True, "2026-11-01", "Anouk", "Sanne en moeder")
    review = Review(compliment="Sanne voelde zich gehoord.")
    analysis = Analysis(parse_transcript(TALK, "txt"), Detection(), fill_form([]))
    table = {"Anouk": "de leerkracht", "Sanne": "het kind", "Groep 4 De Linde": "[groep]"}

    _, new_review, new_meta, new_consent = pseudonymise_session(
        analysis, review, meta, consent, table
    )

    assert new_meta == SessionMeta("Gesprek over het kind", "Leerkracht", "[groep]", "anders", "")
    assert new_consent is not None and new_consent.by == "de leerkracht"
    assert new_consent.people == "het kind en moeder"
    assert new_review.compliment == "Het kind voelde zich gehoord."
    assert meta.teacher == "Anouk" and review.compliment.startswith("Sanne")


def _sentences(path: Path) -> set[str]:
    turns = read_transcript(path).turns
    sentences = (s.strip() for t in turns for s in re.split(r"(?<=[.!?])\s+", t.text))
    return {_fold(s) for s in sentences if len(s.split()) >= 5}


def test_the_planted_talk_is_our_own():
    """Written for this test: no sentence of five words or more comes from the dev set."""
    ours = _sentences(PLANTED / "gesprek.txt")
    for path in sorted(DEV_SET.glob("*.txt")):
        assert not ours & _sentences(path), path.name


def test_replacement_table_from_the_reviewed_rows() -> None:
    rows = [
        {"naam": " Anouk ", "wordt": " de juf "},
        {"naam": "Sanne", "wordt": ""},
        {"naam": "Lotte", "wordt": None},
        {"naam": "  ", "wordt": "Persoon 3"},
        {"naam": None, "wordt": "Persoon 4"},
    ]

    table = replacement_table(rows)

    assert table == {"Anouk": "de juf", "Sanne": "[naam]", "Lotte": "[naam]"}
