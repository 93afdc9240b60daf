"""Challenge sentences for the weak form items, written for this test (issue #13).

Each item is defined in ``../shared/ANNOTATION.md``; the sentences below are our own, varied on
purpose (other verbs, persons and word order, Flemish and Dutch, with and without punctuation
and capitals, as a recogniser gives them) and none comes from the corpus, the dev set or
heldout. A rule that only matched one writer's phrasing fails here. Run through the real
pipeline: the item must be found (or not) in the sentence at its place in the talk.
"""

from __future__ import annotations

import pytest

from analysis.detect import build_nlp, rules_in_text
from analysis.detect.context import stem_infinitives
from analysis.detect.rulefiles import load_rules

ITEM_OF_RULE = {rule.id: rule.item for rule in load_rules()}

# (item, position in the talk, sentence): the item must be found.
FOUND = [
    ("closing", 0.95, "Goed, dan ronden we het hier af."),
    ("closing", 0.97, "ik sluit het gesprek af"),
    ("closing", 0.98, "nou dan laat ik jullie gaan"),
    ("closing", 0.99, "dag mevrouw tot de volgende keer"),
    ("closing", 0.98, "Dank jullie wel voor het fijne gesprek."),
    ("agreements", 0.8, "Ik vraag het na bij de gymleraar en dan hoort u het vrijdag."),
    ("agreements", 0.75, "die datum zet ik er meteen bij in het dossier"),
    ("agreements", 0.85, "We plannen in maart nog een kort gesprekje in."),
    ("agreements", 0.8, "ik stuur u het filmpje vanavond nog door"),
    ("agreements", 0.7, "Ik ga het formulier morgen doorsturen naar de logopedist."),
    ("agreements", 0.8, "ik volg dat op met de zorgjuf"),
    ("agreements", 0.8, "Dan voegen we uw man ook toe aan de lijst."),
    ("agreements", 0.9, "Ik noteer dat u thuis elke dag de woordjes oefent."),
    ("agreements", 0.6, "ik bel de fysio deze week even op"),
    ("agreements", 0.8, "Dat regel ik vanmiddag met de conciërge."),
    ("asks_feedback", 0.9, "Hoe vond u dat ik het gesprek leidde?"),
    ("asks_feedback", 0.92, "wat vond je van mijn uitleg"),
    ("asks_feedback", 0.9, "hoe hebt ge mij ervaren vandaag"),
    ("asks_feedback", 0.88, "Vonden jullie dat ik genoeg luisterde?"),
    ("asks_feedback", 0.9, "Waar zou ik de volgende keer meer op moeten letten, volgens u?"),
    ("asks_feedback", 0.92, "wat mag ik volgens jullie nog verbeteren"),
    ("asks_feedback", 0.9, "Wat kan ik de volgende keer beter doen, denkt u?"),
    ("asks_feedback", 0.9, "Hoe kan ik dat een volgende keer anders aanpakken?"),
    ("asks_feedback", 0.9, "Heb ik het een beetje duidelijk uitgelegd?"),
    ("asks_feedback", 0.9, "Hoe vond je de manier waarop ik het vertelde?"),
    ("asks_feedback", 0.95, "mocht er iets zijn wat ik anders kon aanpakken laat het me weten"),
    ("asks_feedback", 0.9, "noem gerust één ding dat ik anders zou moeten doen"),
    ("put_at_ease", 0.05, "Veel ouders zijn de eerste keer wat gespannen."),
    ("put_at_ease", 0.1, "dat hoort erbij hoor"),
    ("put_at_ease", 0.3, "Het is heel normaal dat u daarvan wakker ligt."),
    ("put_at_ease", 0.2, "dat is heel herkenbaar voor veel ouders"),
    ("put_at_ease", 0.1, "uw nederlands is echt goed"),
    ("put_at_ease", 0.1, "Jullie spreken het prima."),
    ("put_at_ease", 0.1, "Ik begrijp u heel goed, hoor."),
    ("put_at_ease", 0.05, "het is geen examen"),
    ("put_at_ease", 0.05, "Neem gerust even de tijd."),
    ("put_at_ease", 0.05, "Wilt u een kopje koffie?"),
    ("parent_strengths", 0.5, "U kent hem het best, natuurlijk."),
    ("parent_strengths", 0.4, "jullie weten als geen ander wat ze nodig heeft"),
    ("parent_strengths", 0.5, "Gij zijt de expert van uw eigen kind."),
    ("parent_strengths", 0.5, "U oefent thuis elke avond de tafels met hem. Dat is echt goed."),
    ("parent_strengths", 0.4, "jullie lezen samen voor het slapengaan da's heel slim"),
    ("asks_home", 0.4, "Leest ze die boekjes ook aan u voor?"),
    ("asks_home", 0.3, "hoe neemt hij afscheid van jullie 's morgens"),
    ("asks_home", 0.3, "leest u haar wel eens voor in het Arabisch"),
    ("asks_home", 0.4, "Helpt hij u weleens in de keuken?"),
    ("asks_home", 0.3, "Hoe gaat het thuis met Sanne?"),
    ("asks_home", 0.3, "merkt u daar thuis ook iets van"),
    ("basic_needs", 0.4, "Hardop lezen voor de groep durft hij nog niet."),
    ("basic_needs", 0.4, "in de kring durft ze steeds meer te vertellen"),
    ("basic_needs", 0.5, "Sanne durft nu ook in de grote kring iets te zeggen."),
    ("basic_needs", 0.5, "en dan hoort hij er meteen bij"),
    ("basic_needs", 0.4, "Op het plein staat hij vaak alleen."),
    ("basic_needs", 0.4, "ze speelt in de pauze meestal alleen"),
    ("basic_needs", 0.4, "Ze voelt zich veilig in de groep."),
]

# (item, position in the talk, sentence): near misses, the item must not be found.
NOT_FOUND = [
    ("closing", 0.9, "Is er nog iets voordat we afronden?"),
    ("closing", 0.9, "We sluiten de les af met een liedje."),
    ("closing", 0.5, "Goed, dan ronden we het hier af."),
    ("agreements", 0.8, "Ik heb dat vorige week al nagevraagd."),
    ("agreements", 0.8, "Ik zou het kunnen navragen, misschien."),
    ("agreements", 0.8, "Hij schrijft het zelf op in zijn agenda."),
    ("agreements", 0.8, "Ik vraag het niet na."),
    ("agreements", 0.7, "Daarna kunnen we haar eventueel aanmelden voor onderzoek."),
    ("agreements", 0.8, "Ik schreef het toen op een briefje."),
    ("asks_feedback", 0.9, "Wat kan hij de volgende keer beter doen?"),
    ("asks_feedback", 0.9, "Ik kan het de volgende keer beter uitleggen."),
    ("asks_feedback", 0.9, "Hoe vond u dat hij de toets maakte?"),
    ("asks_feedback", 0.9, "Wat kan ik nog voor jullie regelen?"),
    ("asks_feedback", 0.9, "Ik denk dat ik iets beter kan uitleggen."),
    ("asks_feedback", 0.9, "Er is één ding dat ik anders ga doen in de klas."),
    ("asks_feedback", 0.3, "Hoe vond u dat ik het gesprek leidde?"),
    ("put_at_ease", 0.3, "Veel ouders kiezen voor de naschoolse opvang."),
    ("put_at_ease", 0.2, "Hij spreekt het goed."),
    ("put_at_ease", 0.3, "Dat hoort bij de leerlijn van groep vier."),
    ("put_at_ease", 0.2, "dat denken veel ouders maar de cijfers zeggen iets anders"),
    ("put_at_ease", 0.8, "Het is geen examen, hoor."),
    ("parent_strengths", 0.5, "Hij kent zijn tafels het best van de klas."),
    ("parent_strengths", 0.5, "U zegt dat ze moe is. Dat is goed."),
    ("parent_strengths", 0.5, "Dan kunt u de plaatjes samen bekijken. Is dat goed?"),
    ("parent_strengths", 0.3, "u mag hier gerust even huilen hoor dat is goed"),
    ("parent_strengths", 0.05, "U bent de expert, dus eerst hoor ik graag uw verhaal."),
    ("asks_home", 0.5, "Kunt u hem vrijdag om twaalf uur ophalen?"),
    ("asks_home", 0.5, "Brengt u haar morgen naar school?"),
    ("asks_home", 0.5, "Hoe krijgt u hem thuis aan het lezen?"),
    ("asks_home", 0.5, "Wat heeft ze u verteld over de toets?"),
    ("basic_needs", 0.4, "Durft hij thuis alleen te slapen?"),
    ("basic_needs", 0.4, "Thuis speelt hij vaak alleen."),
    ("basic_needs", 0.4, "Ik durf dat niet te zeggen."),
    ("basic_needs", 0.4, "U staat er niet alleen voor."),
    ("basic_needs", 0.4, "Ze helpt kinderen die alleen staan."),
]


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def _items(nlp, text: str, position: float) -> set[str]:
    return {ITEM_OF_RULE[rule] for rule in rules_in_text(text, None, position, nlp, None)}


@pytest.mark.parametrize(("item", "position", "text"), FOUND)
def test_item_found_in_own_sentence(nlp, item: str, position: float, text: str) -> None:
    # Act
    found = _items(nlp, text, position)
    # Assert
    assert item in found, f"{item} missed: {text!r} (found {sorted(found)})"


@pytest.mark.parametrize(("item", "position", "text"), NOT_FOUND)
def test_item_not_found_in_near_miss(nlp, item: str, position: float, text: str) -> None:
    found = _items(nlp, text, position)
    assert item not in found, f"{item} wrongly found in {text!r}"


def test_every_weak_item_has_both_kinds_of_case() -> None:
    items = {item for item, _, _ in FOUND}
    assert items == {item for item, _, _ in NOT_FOUND}
    for item in items:
        assert sum(case[0] == item for case in FOUND) >= 5, item


@pytest.mark.parametrize(
    ("stem", "infinitive"),
    [
        ("schrijf", "schrijven"),
        ("stuur", "sturen"),
        ("bel", "bellen"),
        ("noteer", "noteren"),
        ("geef", "geven"),
        ("lees", "lezen"),
        ("regel", "regelen"),
    ],
)
def test_a_stem_left_as_lemma_has_its_infinitive(stem: str, infinitive: str) -> None:
    assert infinitive in stem_infinitives(stem)


def test_an_infinitive_is_no_stem() -> None:
    assert stem_infinitives("bellen") == set()
