"""Questions decided from word order, question words and tags, with and without punctuation.

A challenge set written for this test (not taken from any talk): Dutch and Flemish, as a writer
and as a recogniser gives them (lowercase, no marks, fillers), counselling-style questions, and
sentences that look like questions but are none (imperatives, inversion after a fronted word,
embedded questions, a hedge after a statement). Each case runs the real pipeline and checks the
acts of the whole turn, in order.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from analysis.detect import QUESTIONS_KEY, build_nlp

OPEN = "open_question"
CLOSED = "closed_question"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def _acts(nlp: Language, text: str) -> list[str]:
    doc = nlp(text)
    return [span.label_ for span in doc.spans[QUESTIONS_KEY]]


@pytest.mark.parametrize(
    "text",
    [
        "de rekenles loopt goed zie ik",
        "gij hebt daar hard aan gewerkt merk ik",
        "ze is wat stiller de laatste tijd denk ik",
        "u heeft het druk gehad hoor ik",
    ],
)
def test_hedge_after_a_statement_is_no_question(nlp: Language, text: str) -> None:
    assert _acts(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "lotte jij bent vandaag de baas van de tafel",
        "tja ik snap dat wel van hem",
        "allee ge moogt hier gaan zitten",
        "meneer ik hoor u zuchten",
    ],
)
def test_name_or_filler_before_subject_and_verb_is_no_verb_first(nlp: Language, text: str) -> None:
    assert _acts(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("zo heb ik het niet gezegd", []),
        ("dus gaat hij na de kerst naar een andere groep", []),
        ("zo heeft u nog vragen voor mij", [CLOSED]),
    ],
)
def test_fronted_adverb_makes_an_inversion(nlp: Language, text: str, acts: list[str]) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("loop maar mee hoor wilt u thee of water", [CLOSED]),
        ("kom maar binnen hè", []),
        ("neem gerust plaats dan kijken we samen naar het rapport", []),
    ],
)
def test_imperative_rules_out_only_its_own_clause(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("dan zien we elkaar in juni terug klopt dat meneer", [CLOSED]),
        ("ze gaat vanaf maandag naar de bijles toch juf", [CLOSED]),
        ("dat klopt meneer", []),
    ],
)
def test_tag_followed_by_a_form_of_address(nlp: Language, text: str, acts: list[str]) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("mag ik vragen hoe het slapen nu gaat", [OPEN]),
        ("Mag ik u eens vragen wat hem zo boos maakt?", [OPEN]),
        ("mag ik vragen hoe oud zijn zus is", [CLOSED]),
        ("mag ik vragen of hij een bril heeft", [CLOSED]),
    ],
)
def test_announced_question_word_question_is_open(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        (
            "hij oefent thuis de tafels en ik geef hem extra tijd heb ik zo alles",
            [CLOSED],
        ),
        (
            "ge gaat elke week naar de logo en wij bellen elkaar in mei hebben we niets vergeten",
            [CLOSED],
        ),
        ("ik help hem in de klas met lezen heb ik gezegd", []),
        ("zij leest goed heb ik gemerkt en ze rekent ook vlot", []),
    ],
)
def test_closing_check_with_ik_or_we_ends_the_turn(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("juf hoe gaat ze met de anderen om wat speelt ze graag", [OPEN]),
        ("waar loopt hij op vast denkt u", [OPEN]),
        ("hoe gaat het met zwemmen vindt ze dat leuk", [OPEN, CLOSED]),
    ],
)
def test_no_yes_no_question_inside_a_second_question_word_question_or_a_hedge(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("hij komt vaak moe thuis wat helpt hem dan om tot rust te komen", [OPEN]),
        ("dat klinkt herkenbaar hoe ziet een gewone ochtend bij jullie eruit", [OPEN]),
        ("ik wil u nog iets vragen wat heeft u van mij nodig", [OPEN]),
        ("ze heeft een grote zus hoe oud is die zus", [CLOSED]),
        ("ze kijkt graag films welke film kijkt ze het liefst", [CLOSED]),
        ("alles wat helpt is welkom", []),
        ("dat is iets wat speelt bij veel kinderen", []),
        ("ik weet niet wat hem zo dwarszit", []),
    ],
)
def test_question_word_question_mid_sentence(nlp: Language, text: str, acts: list[str]) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("Welke taal spreekt hij met zijn opa?", [CLOSED]),
        ("welke sport doet ze na school", [CLOSED]),
        ("Welke dingen merkt u thuis?", [OPEN]),
        ("op welke manier kan ik haar het best helpen", [OPEN]),
    ],
)
def test_which_noun_asks_a_fact_unless_it_asks_for_an_account(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("hoe was de eerste week viel het mee", [OPEN, CLOSED]),
        ("wat lukt er goed thuis is er een vast moment voor huiswerk", [OPEN, CLOSED]),
        ("hoe gaat het als het regent", [OPEN]),
    ],
)
def test_yes_no_question_with_het_or_er_after_a_question_word_question(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("Wat zou er gebeuren als u hem zelf liet kiezen?", [OPEN]),
        ("hoe zou het voor je zijn als hij naar een andere school gaat", [OPEN]),
        ("in hoeverre speelt dat thuis ook", [OPEN]),
        ("waarom denkt u dat hij dat doet", [OPEN]),
        ("kun je me daar wat meer over vertellen", [OPEN]),
        ("vertelt ge eens hoe de ochtenden bij jullie verlopen", [OPEN]),
        ("wat maakt dat het nu beter gaat", [OPEN]),
        ("oké ga je gang", [OPEN]),
        ("zou je dat thuis eens willen proberen", [CLOSED]),
        ("Zou u het fijn vinden als ik volgende week even bel?", [CLOSED]),
    ],
)
def test_counselling_style_questions(nlp: Language, text: str, acts: list[str]) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("hebt gij daar thuis al iets van gemerkt", [CLOSED]),
        ("zijt ge daar ongerust over", [CLOSED]),
        ("gaat ze graag naar de chiro", [CLOSED]),
        ("heeft ie thuis ook zo'n driftbuien", [CLOSED]),
        ("is 't thuis ook zo druk", [CLOSED]),
        ("hoe is 't nu met de kleine", [OPEN]),
        ("ze heeft een fijne week gehad hè", [CLOSED]),
        ("dat was best spannend voor jullie of niet", [CLOSED]),
    ],
)
def test_flemish_clitics_and_tags(nlp: Language, text: str, acts: list[str]) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    "text",
    [
        "kom maar binnen",
        "neemt u gerust een koekje",
        "dan ga ik nu even het rapport erbij pakken",
        "daar ben ik het helemaal mee eens",
        "ik vraag me af of hij genoeg slaapt",
        "ik weet niet hoe hij dat doet",
        "zie je wel dat lukt je prima",
        "als hij thuis oefent gaat het in de klas ook beter",
        "in de eerste weken zie ik dat bij veel kinderen",
        "ze is erg behulpzaam merk ik elke dag",
        "mooi is dat",
        "leuk vindt hij dat",
    ],
)
def test_look_alikes_are_no_question(nlp: Language, text: str) -> None:
    assert _acts(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("Bij ons werkt het zo: eerst kijken we samen naar het rapport.", []),
        ("U kent hem het best: wat helpt hem als hij boos is?", [OPEN]),
        ("Hoe gaat het thuis, slaapt ze goed?", [OPEN, CLOSED]),
        ("Wat vindt u ervan, als ik hem apart neem?", [OPEN]),
        ("Hoe was de start, heeft hij al vrienden gemaakt?", [OPEN, CLOSED]),
    ],
)
def test_colon_announces_and_comma_separates_a_second_question(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("dat was voor jullie ook best een zware tijd hè die verhuizing", [CLOSED]),
        ("hè wat een drukte vandaag", []),
        ("ze is pas zes hè", [CLOSED]),
    ],
)
def test_tag_word_mid_sentence_in_a_turn_without_marks(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("snapt ze iets niet dan vraagt ze het meteen aan de juf", []),
        ("lukt het niet dan mag hij even pauze nemen", []),
        ("mogen we haar schriften zien dan weten we meer", [CLOSED]),
        ("gaat het thuis goed dan", [CLOSED]),
    ],
)
def test_verb_first_condition_before_dan_is_no_question(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("hij slaapt slecht de laatste tijd is er thuis iets veranderd", [CLOSED]),
        ("in de klas is er altijd iemand die hem helpt", []),
        ("hij leest heel graag dan is er geen probleem", []),
    ],
)
def test_existential_er_after_a_verb_mid_sentence(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("na de pauze gaat ze naar de juf en vertelt ze wat er gebeurd is", []),
        ("bij dictee wordt hij zenuwachtig en vergeet hij de regels", []),
        ("als het te druk wordt loopt hij weg of verstopt hij zich onder de tafel", []),
        ("s morgens eet ze niks en heeft ze om tien uur honger", []),
        ("op dinsdag zwemmen we en gaan we daarna samen naar de bib", []),
        ("thuis zit ge alleen en doet ge uw huiswerk aan tafel", []),
        ("dan bel ik de logopedist en vraag ik wanneer ze tijd heeft", []),
        ("heeft ze vriendjes en speelt ze buiten", [CLOSED]),
        ("dat snap ik en heeft u dat thuis ook gemerkt", [CLOSED]),
        ("hoe gaat het thuis en slaapt hij goed", [OPEN, CLOSED]),
        ("Op dinsdag zwemt hij, en gaat hij daarna naar huis?", [CLOSED]),
        ("ze is moe. na de middag valt ze stil en legt ze haar hoofd op de bank", []),
    ],
)
def test_inversion_goes_on_after_en_or_of_with_the_same_subject(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("dat hoeft niet per se als u wilt kunt u woordjes met hem oefenen", []),
        ("het is niet erg als hij het vergeet krijgt hij morgen een nieuw blad", []),
        ("ge moet niet schrikken wanneer ze thuiskomt is ze soms heel moe", []),
        ("dat kan gebeuren zodra hij klaar is mag hij gaan lezen", []),
        ("geen probleem als jullie willen kunnen jullie het boek lenen", []),
        ("ik weet niet of het lukt heeft u zelf een idee", [CLOSED]),
        ("dat is fijn om te horen kunt u morgen ook komen", [CLOSED]),
    ],
)
def test_main_clause_after_a_subordinate_clause_the_parser_cut_off(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("jullie lezen elke avond samen en ik stuur een briefje mee heb ik dat juist", [CLOSED]),
        ("zij krijgt een maatje in de klas heb ik nog iets vergeten", [CLOSED]),
        ("ge komt in juni terug hebben we alles gehad", [CLOSED]),
        ("hij mag eerder stoppen met rekenen hebben wij het goed begrepen", [CLOSED]),
        ("Ze oefent thuis met de tafels, heb ik het zo correct weergegeven?", [CLOSED]),
        ("dat heb ik goed gezien", []),
        ("de eerste les heb ik gemist", []),
        ("toen heb ik het helemaal vergeten", []),
        ("ik heb alles goed samengevat", []),
        ("zoals ik al zei heb ik het goed bekeken", []),
    ],
)
def test_speakers_check_after_a_summary(nlp: Language, text: str, acts: list[str]) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("ze is sterk in taal bij rekenen heeft ze nog wat hulp nodig", []),
        ("hij zit graag buiten bij het voetballen is hij altijd de keeper", []),
        ("ge doet dat goed na het zwemmen zijt ge wel altijd moe", []),
        ("ze oefent hard kunt u haar thuis helpen met lezen", [CLOSED]),
        ("ik stuur elke week een briefje klopt dat voor jullie", [CLOSED]),
        ("we zien elkaar in maart terug klopt het zo", [CLOSED]),
    ],
)
def test_infinitive_after_a_preposition_is_a_noun_not_a_clause(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert _acts(nlp, text) == acts


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("ik stuur de brief morgen naar huis goed", [CLOSED]),
        ("dan spreken we weer af na de kerstvakantie oké", [CLOSED]),
        ("we proberen het eerst twee weken uit met een weekschema goed", [CLOSED]),
        ("hij leest goed", []),
        ("dat kan ze heel goed", []),
        ("nou ja goed", []),
        ("de toets ging ook goed", []),
        ("dan doe ik dat elke vrijdag afgesproken", []),
    ],
)
def test_a_check_word_that_ends_a_turn_without_marks(
    nlp: Language, text: str, acts: list[str]
) -> None:
    assert _acts(nlp, text) == acts
