"""Sentences of a turn in the detector's pipeline (gesprek_zinnen), with the trained model.

A turn with sentence marks is split after them only; a turn without any (speech recognition)
is split by the parser where the senter allows it, so that "is this a question" is asked of
each clause, not of the whole turn.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from analysis.detect import QUESTIONS_KEY, build_nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def _acts(nlp: Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(span.label_, span.text) for span in doc.spans[QUESTIONS_KEY]]


def test_marked_turn_splits_after_its_marks_only(nlp: Language) -> None:
    doc = nlp("Dat snap ik heel goed. Hoe gaat het nu thuis met hem?")
    assert [s.text for s in doc.sents] == [
        "Dat snap ik heel goed.",
        "Hoe gaat het nu thuis met hem?",
    ]


def test_unmarked_turn_is_split_into_clauses(nlp: Language) -> None:
    doc = nlp("ze leest elke avond een boek ze vindt dat echt leuk")
    assert [s.text for s in doc.sents] == ["ze leest elke avond een boek", "ze vindt dat echt leuk"]


def test_question_in_unmarked_turn_is_only_its_own_clause(nlp: Language) -> None:
    acts = _acts(nlp, "dat snap ik heel goed hoe gaat het nu thuis met hem")
    assert acts == [("open_question", "hoe gaat het nu thuis met hem")]


def test_statements_in_unmarked_turn_are_no_question(nlp: Language) -> None:
    assert _acts(nlp, "ze leest elke avond een boek ze vindt dat echt leuk") == []


def test_tag_ending_an_unmarked_turn_makes_it_a_closed_question(nlp: Language) -> None:
    acts = _acts(nlp, "ik bel de logopedist en jullie oefenen thuis spreken we dat zo af")
    assert [act for act, _ in acts] == ["closed_question"]


def test_question_word_after_embedding_verb_is_no_question(nlp: Language) -> None:
    assert _acts(nlp, "ik vraag me af wat doet ze dan") == []


@pytest.mark.parametrize("text", ["nog vragen", "ja", "goed zo"])
def test_short_unmarked_turns_are_one_sentence(nlp: Language, text: str) -> None:
    assert [s.text for s in nlp(text).sents] == [text]


@pytest.mark.parametrize(
    "text", ["speelt gij vaak met haar buiten", "slaapt sanne goed", "eh gaat lotte graag zwemmen"]
)
def test_unmarked_verb_first_turn_is_a_closed_question(nlp: Language, text: str) -> None:
    assert [act for act, _ in _acts(nlp, text)] == ["closed_question"]


def test_verb_first_mid_turn_before_a_name_is_not_a_question(nlp: Language) -> None:
    assert _acts(nlp, "in de klas zit sanne naast mij en dat gaat goed") == []


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("eh hebben jullie nog vragen over het rapport.", ["closed_question"]),
        ("was ik vanavond te snel.", ["closed_question"]),
        ("gaat u maar zitten.", []),
        ("neemt ge een koekje.", []),
        ("Hebben jullie het druk gehad.", []),  # capitalised: a writer's full stop is kept
    ],
)
def test_lowercase_sentence_with_a_wrong_full_stop(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert [act for act, _ in _acts(nlp, text)] == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        (
            "hoe slaapt hij de laatste tijd heeft hij nog nachtmerries",
            ["open_question", "closed_question"],
        ),
        ("hoe reageert ze als ze moe is wordt ze dan boos", ["open_question"]),
        ("wat zou haar daarbij helpen denk je", ["open_question"]),
        ("Hoe slaapt hij? Heeft hij nachtmerries?", ["open_question", "closed_question"]),
    ],
)
def test_yes_no_question_after_a_question_word_question_in_one_unmarked_sentence(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert [act for act, _ in _acts(nlp, text)] == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("en op school hoe gaat het daar met rekenen", ["open_question"]),
        ("ik weet niet hoe het gaat", []),
        ("en wat doet ze dan graag.", ["open_question"]),
        ("wat ze doet weet ik niet.", []),
    ],
)
def test_question_word_after_a_short_topic_or_before_a_wrong_full_stop(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert [act for act, _ in _acts(nlp, text)] == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("fijn dat u er bent zal ik uw jas even ophangen", ["closed_question"]),
        ("het is lastig dan zal ik hem morgen bellen", []),
        ("dat is knap van haar denk ik", []),
    ],
)
def test_offer_with_ik_mid_unmarked_sentence(nlp: Language, text: str, acts: list[str]) -> None:
    assert [act for act, _ in _acts(nlp, text)] == acts


def test_polite_imperative_after_a_question_word_is_a_question(nlp: Language) -> None:
    assert [act for act, _ in _acts(nlp, "wat neem jij mee van vandaag")] == ["open_question"]
    assert _acts(nlp, "neem jij maar mee") == []
