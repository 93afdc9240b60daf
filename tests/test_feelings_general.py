"""Feeling reflections in long turns and in few words: a challenge set (issue #13, session 9).

Written before the corpus errors were read further, as six writers would say it (a Flemish
kleuterjuf, a hurried vmbo mentor, an IB'er, a warm teacher with a shy non-native parent, a
counsellor-like teacher, a recogniser's lowercase run-on text with "eh" and no full stops).
The feeling is named with "voor u/jou/jullie" near a word for how something feels, or as "u
hebt het gevoel dat ...", often in a turn that has a "niet", "geen" or "als" elsewhere. None
comes from the corpus, the dev set or heldout. Each teacher turn runs through the real pipeline
after the turn of the parent before it.

Run ``python tests/test_feelings_general.py`` to print recall and precision.
"""

from __future__ import annotations

import pytest

from analysis.detect import build_nlp, rules_in_text
from analysis.detect.rulefiles import load_rules

ITEM_OF = {rule.id: rule.item for rule in load_rules()}
ITEM = "feeling_reflection"

# (teacher turn, turn before it): feeling_reflection must be found.
FEELINGS = [
    (
        "ze slaapt niet meer door en dat is voor jullie eh best zwaar denk ik",
        "ze wordt elke nacht wakker",
    ),
    ("hij wil niet meer naar de voetbal en dat is voor u ook wel verdrietig", "hij stopt ermee"),
    (
        "geen tijd meer voor uzelf dat lijkt me voor u heel vermoeiend",
        "ik werk en zorg voor mijn moeder",
    ),
    ("Een spannende tijd voor jullie, met de verhuizing.", "We verhuizen in mei naar Utrecht."),
    ("Een heftig jaar voor u, zo te horen.", "Eerst mijn vader, toen mijn baan."),
    ("Voor u is dat natuurlijk een flinke zorg erbij.", "Nu moet hij ook nog naar de fysio."),
    (
        "da's voor u geen makkelijk nieuws maar wel zwaar om te horen denk ik",
        "dat wist ik echt niet",
    ),
    (
        "zij komt niet meer spelen dat is voor jou wel pijnlijk he",
        "mijn vriendin speelt nu met een ander",
    ),
    ("U hebt het gevoel dat niemand naar hem luistert.", "Ze zeggen steeds dat hij overdrijft."),
    ("je hebt het gevoel dat je er niet bij hoort", "ze kijken nooit naar mij in de pauze"),
    ("ge hebt het gevoel dat ge het nooit goed doet", "wat ik ook doe het is nooit genoeg"),
    ("dan heb je het gevoel dat je er alleen voor staat", "mijn man is vaak weg voor zijn werk"),
    ("jullie hebben het gevoel dat de school niet luistert", "we hebben al drie keer gemaild"),
    (
        "eh ja nee dat snap ik en dat is eh voor u ook heel frustrerend eh met al die formulieren",
        "ik moet alles drie keer invullen",
    ),
    (
        "Die onzekerheid, dat is voor jullie best lastig, hè.",
        "We weten nog niet of ze mag blijven.",
    ),
    (
        "nu niet meer zo vaak naar oma dat is voor jou ook wel moeilijk",
        "oma woont nu in een verzorgingshuis",
    ),
]

# (turn, turn before it): no feeling reflection by the guide.
NEAR_MISSES = [
    ("Dat is voor u niet moeilijk, hoor, het formulier.", "Moet ik iets invullen?"),
    ("Als het voor u te zwaar wordt, belt u mij gerust.", "Ik werk veel."),
    ("Ik heb het gevoel dat hij beter slaapt.", "Hij gaat nu om acht uur naar bed."),
    ("Wat is voor u het moeilijkste om te regelen?", "Ik werk in ploegen."),
    ("Deze som is lastig voor jou omdat je de tafels nog oefent.", "Ik snap het niet."),
    ("We hebben het gevoel dat de aanpak werkt.", "En, gaat het beter?"),
    ("Dat boek is te moeilijk voor jou, pak maar een ander.", "Ik kan het niet lezen."),
    ("Het is voor u niet zwaar om hem te brengen, zei u.", "Ik breng hem met de auto."),
    ("Ik vind het voor jullie wel prettig als we vaker mailen.", "Graag."),
    ("Voor u heb ik een brief met de data.", "Wanneer is de ouderavond?"),
    ("het rooster is voor jullie nog niet klaar", "wanneer krijgen we het rooster"),
    ("Hebt u het gevoel dat het thuis beter gaat?", "Ja."),
    ("Die toets was voor jou best zwaar, het waren veel sommen.", "Ik had een vijf."),
    ("Wij hebben het gevoel dat ze goed meedoet.", "Doet ze mee in de klas?"),
    ("De excursie is voor u gratis.", "Wat kost dat?"),
]

# Turns the rules do not find yet, and near misses they still fire on; strict, so a fix must
# move them out of these sets.
KNOWN_MISSES = {
    "da's voor u geen makkelijk nieuws maar wel zwaar om te horen denk ik",
}
KNOWN_FALSE = {
    "Als het voor u te zwaar wordt, belt u mij gerust.",
    "Deze som is lastig voor jou omdat je de tafels nog oefent.",
    "Dat boek is te moeilijk voor jou, pak maar een ander.",
    "Die toets was voor jou best zwaar, het waren veel sommen.",
}


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def _items(nlp, text: str, before: str) -> set[str]:
    return {ITEM_OF[rule_id] for rule_id in rules_in_text(text, before, 0.5, nlp)}


def _cases(cases: list[tuple[str, str]], known: set[str]) -> list:
    return [
        pytest.param(text, before, marks=pytest.mark.xfail(strict=True))
        if text in known
        else (text, before)
        for text, before in cases
    ]


@pytest.mark.parametrize(("text", "before"), _cases(FEELINGS, KNOWN_MISSES))
def test_feeling_reflection_found(nlp, text: str, before: str) -> None:
    items = _items(nlp, text, before)
    assert ITEM in items, f"missed: {text!r} (found {sorted(items)})"


@pytest.mark.parametrize(("text", "before"), _cases(NEAR_MISSES, KNOWN_FALSE))
def test_near_miss_is_no_feeling_reflection(nlp, text: str, before: str) -> None:
    items = _items(nlp, text, before)
    assert ITEM not in items, f"fired on {text!r} ({sorted(items)})"


def _measure() -> None:
    nlp = build_nlp()
    hits = 0
    for text, before in FEELINGS:
        found = ITEM in _items(nlp, text, before)
        hits += found
        if not found:
            print(f"  MISS {text}")
    false = 0
    for text, before in NEAR_MISSES:
        if ITEM in _items(nlp, text, before):
            false += 1
            print(f"  FALSE {text}")
    print(f"recall {hits}/{len(FEELINGS)}  near misses fired {false}/{len(NEAR_MISSES)}")


if __name__ == "__main__":
    _measure()
