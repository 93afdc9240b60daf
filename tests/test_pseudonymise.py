"""Pseudonymised export: names found, proposed replacements, applied everywhere."""

from __future__ import annotations

from analysis.form import fill_form
from analysis.pseudonymise import (
    propose_replacements,
    pseudonymise_analysis,
    pseudonymise_text,
)
from analysis.records import Analysis, Detection, Finding, Suggestion
from analysis.transcript_io import parse_transcript

TALK = (
    "Juf Anouk: Goedemiddag, mevrouw De Vries. U bent de moeder van Sanne, toch?\n"
    "Moeder: Ja. Sanne praat thuis veel over Lotte.\n"
    "Juf Anouk: Dat klopt, Sanne en Lotte spelen elke dag samen. Dat is fijn.\n"
    "Sanne: Ja! Maandag gaan we naar de Cito-toets.\n"
)


def test_proposals_cover_speakers_and_names_in_the_text():
    transcript = parse_transcript(TALK, "txt")
    proposals = propose_replacements(transcript)

    assert proposals["Juf Anouk"] == "Leerkracht"
    assert proposals["Anouk"] == "Leerkracht"
    assert proposals["Moeder"] == "Ouder"
    assert proposals["Sanne"] == "Kind"
    assert proposals["De Vries"].startswith("Persoon")
    assert proposals["Lotte"].startswith("Persoon")
    for not_a_name in ("Dat", "Maandag", "Goedemiddag", "Ja", "U"):
        assert not_a_name not in proposals


def test_replacement_is_whole_word_and_longest_first():
    replacements = {"Sanne": "Kind", "De Vries": "Persoon 1", "Vries": "X"}
    text = "Mevrouw De Vries, Sanne en Sannes zus."
    assert pseudonymise_text(text, replacements) == "Mevrouw Persoon 1, Kind en Sannes zus."


def test_analysis_is_pseudonymised_in_turns_quotes_speakers_and_suggestions():
    transcript = parse_transcript(TALK, "txt")
    finding = Finding(
        "welcome", 0, "Goedemiddag, mevrouw De Vries.", 0, 30, "r", "groet", speaker="Juf Anouk"
    )
    detection = Detection(
        findings=[finding], suggestions=[Suggestion("tip", "Vraag Sanne zelf ook iets.")]
    )
    analysis = Analysis(transcript, detection, fill_form([finding]))

    result = pseudonymise_analysis(analysis, propose_replacements(transcript))

    everything = repr(result)
    for name in ("Anouk", "Sanne", "Vries", "Lotte"):
        assert name not in everything
    welcome = next(item for item in result.form if item.id == "welcome")
    assert welcome.evidence[0].quote.startswith("Goedemiddag, mevrouw Persoon")
    assert welcome.evidence[0].char_start == 0 and welcome.evidence[0].char_end == 30
    assert result.transcript.turns[3].speaker == "Kind"
    assert analysis.transcript.turns[3].speaker == "Sanne"
