"""Reflections that generalise: a challenge set of the project's own sentences (issue #13).

A reflection restates, in the second person, what the parent (or the child) said, meant or
feels: a statement, often without a feeling word ("Je wilt eigenlijk ...", "U vindt dat ...",
"Het klinkt alsof ..."). Every sentence below was written for this test in varied voices (Dutch
and Flemish, punctuated and as a recogniser gives them); none comes from a talk, the dev set or
heldout. The real pipeline runs each teacher turn after the parent turn that precedes it.
"""

from __future__ import annotations

import pytest

from analysis.detect import build_nlp, rules_in_text
from analysis.detect.rulefiles import load_rules

ITEM_OF = {rule.id: rule.item for rule in load_rules()}
REFLECTION_ITEMS = {"feeling_reflection", "active_listening"}

# (teacher turn, parent turn before it)
FEELING_REFLECTIONS = [
    (
        "Je maakt je zorgen om haar toekomst.",
        "Ik weet echt niet wat er van haar terecht moet komen.",
    ),
    (
        "jullie zijn ongerust over de overstap naar het middelbaar",
        "ze moet volgend jaar naar een grote school en ze kent daar niemand",
    ),
    (
        "Je mist je vriendje uit je oude klas.",
        "Op mijn vorige school had ik Tim, die woont nu ver weg.",
    ),
    (
        "U schrok ervan toen u dat briefje vond.",
        "Ik vond een briefje in zijn tas met lelijke dingen erop.",
    ),
    (
        "Dat moet een hele opluchting voor jullie zijn.",
        "De uitslag van de test was goed, hij heeft geen dyslexie.",
    ),
    (
        "Jullie zijn er eigenlijk best trots op, dat ze dat zelf heeft opgelost.",
        "Ze heeft zelf met die meisjes gepraat, zonder ons.",
    ),
    (
        "U bent het eigenlijk een beetje beu, al die mails.",
        "Elke dag weer een bericht van school dat hij iets vergeten is.",
    ),
    (
        "je voelt je een beetje buitengesloten in de pauze",
        "ze spelen altijd voetbal en ik mag nooit meedoen",
    ),
    (
        "U bent bang dat hij de aansluiting met de klas verliest.",
        "Hij is al drie weken ziek thuis.",
    ),
    (
        "ge kijkt er echt naar uit dat ze weer naar school mag",
        "volgende week mag ze weer, eindelijk",
    ),
    (
        "Het klinkt alsof u er helemaal klaar mee bent.",
        "Elke avond hetzelfde gedoe met dat huiswerk.",
    ),
    (
        "Voor jou is die wiskundetoets echt iets waar je tegen opziet.",
        "Ik word al misselijk als ik aan donderdag denk.",
    ),
]

CONTENT_REFLECTIONS = [
    (
        "Dus u wilt eigenlijk vooral dat hij weer plezier krijgt in school.",
        "Cijfers kunnen me niet zoveel schelen, als hij maar weer graag gaat.",
    ),
    ("u vindt dat de school te laat aan de bel heeft getrokken", "we hoorden het pas in januari"),
    (
        "jij denkt dat de juf je niet ziet staan",
        "ik steek mijn vinger op maar ik word nooit gekozen",
    ),
    ("U twijfelt dus of hij wel naar de plusklas moet.", "Hij is slim, maar hij is ook snel moe."),
    (
        "ge hoopt dat hij er volgend jaar beter bij zit",
        "dit jaar zat hij naast jongens die hem steeds uitdaagden",
    ),
    (
        "Eigenlijk wil je gewoon met rust gelaten worden in de klas.",
        "Iedereen vraagt steeds of het wel gaat.",
    ),
    (
        "Jullie hadden meer begeleiding van de school verwacht.",
        "We dachten dat er een plan zou komen.",
    ),
    (
        "Wat ik hoor, is dat u vooral rust wilt, thuis en op school.",
        "Het is gewoon te veel allemaal, overal gedoe.",
    ),
    (
        "Aan de ene kant wil je meer vrijheid, aan de andere kant vind je het ook eng om alleen"
        " te fietsen.",
        "Ik wil zelf naar school fietsen maar die rotonde is echt druk.",
    ),
    ("gij wilt vooral weten waar ge aan toe zijt", "ik hoor altijd alles als laatste"),
]

NON_REFLECTIONS = [
    ("Ik maak me ook zorgen om zijn cijfers.", "Zijn cijfers gaan omlaag."),
    ("Ik ben blij dat u gekomen bent.", "Goedemiddag."),
    ("Als u zich zorgen maakt, kunt u mij altijd bellen.", "Goed om te weten."),
    ("Wat maakt u zo boos?", "Ja."),
    ("U hoeft niet bang te zijn, het komt goed.", "Ja."),
    ("U moet hem elke avond tien minuten laten lezen.", "Hij leest bijna nooit."),
    ("Dat spreken we af: ik bel u volgende week.", "Goed."),
    ("Hij is sterk in rekenen en hij helpt graag anderen.", "Ja."),
    ("ik zou het fijn vinden als je wat vaker je vinger opsteekt", "oké"),
    ("Wilt u iets drinken?", "Graag."),
    ("We hebben een kwartier voor dit gesprek.", "Prima."),
    ("Je moet je niet zo druk maken over die toets.", "Ja."),
    ("Als je boos wordt, mag je even op de gang gaan staan.", "Oké."),
    ("Ik denk dat we het zo moeten doen.", "Dat is goed."),
    ("Dat is een moeilijke som voor groep vijf.", "Hij snapt breuken niet."),
    ("Ik vind het jammer dat ik hem zo weinig zie.", "Hij is vaak ziek."),
    ("Ik twijfel nog over het advies.", "Wat wordt het advies?"),
    ("U krijgt van mij een mail met de oefenbladen.", "Graag."),
    ("Zijn er nog dingen die u kwijt wilt?", "Nee."),
    ("als ge wilt kan ik de zorgcoördinator erbij vragen", "ja"),
    ("Wilt u dat ik het aan de klas uitleg?", "Misschien."),
    ("U wilt vast weten hoe het rapport eruitziet.", "Ja."),
]


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def _items(nlp, text: str, before: str) -> set[str]:
    return {ITEM_OF[rule_id] for rule_id in rules_in_text(text, before, 0.5, nlp)}


@pytest.mark.parametrize(("text", "before"), FEELING_REFLECTIONS)
def test_feeling_reflection_is_found(nlp, text: str, before: str) -> None:
    items = _items(nlp, text, before)
    assert "feeling_reflection" in items, f"missed: {text!r} (found {sorted(items)})"


@pytest.mark.parametrize(("text", "before"), CONTENT_REFLECTIONS)
def test_content_reflection_is_found(nlp, text: str, before: str) -> None:
    items = _items(nlp, text, before)
    assert items & REFLECTION_ITEMS, f"missed: {text!r} (found {sorted(items)})"


@pytest.mark.parametrize(("text", "before"), NON_REFLECTIONS)
def test_non_reflection_is_not_a_reflection(nlp, text: str, before: str) -> None:
    items = _items(nlp, text, before)
    assert not items & REFLECTION_ITEMS, f"fired on {text!r} ({sorted(items)})"


# A question that only shares the home or the class with the parent's turn is a new question;
# with "ook / nog / dan" it asks for more of what the parent said (a follow-up).
FRAME_QUESTIONS = [
    ("Speelt hij thuis weleens met kinderen uit de buurt?", "Thuis is hij best druk.", False),
    ("hoe gaat het slapen bij jullie thuis", "thuis hebben we een vast ritme", False),
    ("Ziet u dat thuis ook, dat hij snel opgeeft?", "Thuis is hij snel boos.", True),
    ("en wat doet ze thuis dan nog meer", "thuis tekent ze veel", True),
]


@pytest.mark.parametrize(("text", "before", "follow_up"), FRAME_QUESTIONS)
def test_home_frame_alone_is_no_follow_up(nlp, text: str, before: str, follow_up: bool) -> None:
    items = _items(nlp, text, before)
    assert ("active_listening" in items) is follow_up, f"{text!r}: {sorted(items)}"


# A feeling named, then what it is about in the next sentence: a feeling reflection that also
# restates the parent (ANNOTATION.md), also with Flemish ge/gij.
FEELING_WITH_CONTENT = [
    (
        "Gij zijt daar flink van geschrokken. Dat ge dat van de buren moest horen.",
        "Dat wist ik niet, van die ruzie.",
    ),
    ("gij zijt er kwaad om. dat ge dat via de buren moest horen", "dat wist ik niet van die ruzie"),
    (
        "U bent er boos over. Dat u het van een andere ouder moest horen.",
        "Ik hoorde het op het plein.",
    ),
]


@pytest.mark.parametrize(("text", "before"), FEELING_WITH_CONTENT)
def test_feeling_with_its_content_is_also_active_listening(nlp, text: str, before: str) -> None:
    items = _items(nlp, text, before)
    assert items >= REFLECTION_ITEMS, f"{text!r}: {sorted(items)}"
