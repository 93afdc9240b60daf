"""Challenge set for own_actions against general verbs (issue #13, session 9 round 2).

"ik/we + verb" with the child named is only ``own_actions`` when the teacher plans an action in
class (ANNOTATION.md); forgiving the child, believing it, asking it something, or agreeing that
"we do that too" with the parent's approach is not. Every sentence was written for this test, as
different writers would say it (Flemish, hurried, warm, counsellor-like, a recogniser's
lowercase transcript); none comes from the corpus, the dev set or heldout. Each teacher turn runs
through the real pipeline after the parent turn before it. ``python
tests/test_actions_general.py`` prints recall and precision.
"""

from __future__ import annotations

import pytest

from analysis.detect import build_nlp, rules_in_text
from analysis.detect.rulefiles import load_rules

ITEM_OF_RULE = {rule.id: rule.item for rule in load_rules()}

# (position, teacher turn, parent turn before it): own_actions must be found.
FOUND = [
    (0.5, "Ik ga haar bij het rekenen naast een rustig maatje zetten.", "Ze is snel afgeleid."),
    (0.5, "Ik zet hem voortaan vooraan, vlak bij het bord.", "Hij ziet het bord slecht."),
    (0.55, "Vanaf maandag geef ik haar een eigen takenlijstje.", "Ze weet nooit wat ze moet doen."),
    (0.5, "ik ga hem eh elke ochtend even apart nemen voor de uitleg", "hij snapt het vaak niet"),
    (
        0.5,
        "We laten haar voortaan als eerste kiezen bij het spel.",
        "Ze durft nooit iets te kiezen.",
    ),
    (
        0.6,
        "Ik help hem de komende weken met het plannen van zijn werk.",
        "Hij raakt overzicht kwijt.",
    ),
    (0.5, "Ik ga hem vragen om de schriften uit te delen.", "Hij wil zo graag helpen."),
    (0.5, "In de kring laat ik haar voortaan als eerste vertellen.", "Thuis praat ze honderduit."),
    (0.55, "ik zal hem wat vaker laten voorlezen in een klein groepje", "lezen vindt hij eng"),
    (0.5, "Ik oefen met haar elke dag vijf minuten de tafels.", "De tafels gaan nog moeizaam."),
    (0.5, "Ik geef hem een koptelefoon voor het zelfstandig werken.", "Het lawaai stoort hem."),
    (
        0.6,
        "Dan zet ik haar bij het werken aan de rustige tafel bij het raam.",
        "Ze wordt gek van drukte.",
    ),
    (
        0.5,
        "We gaan hem helpen met een stappenplan op zijn tafel.",
        "Hij weet niet waar te beginnen.",
    ),
    (0.5, "ik ga haar eh bij de instructietafel nemen bij nieuwe sommen", "ze raakt achter"),
    (
        0.55,
        "Ik ga hem een taak geven in de klas, de planten water geven.",
        "Hij voelt zich nutteloos.",
    ),
    (0.5, "Bij het buitenspelen zoek ik een maatje voor haar.", "Ze staat vaak alleen."),
]

# (position, teacher turn, parent turn before it): own_actions must not be found.
NOT_FOUND = [
    (
        0.5,
        "Ik zal het hem wel vergeven, hij bedoelde het niet zo.",
        "Hij heeft uw fiets omgegooid.",
    ),
    (0.5, "ik zal het haar vergeven hoor ze is nog klein", "ze heeft op de muur getekend"),
    (0.5, "Ik geloof hem wel, hij is altijd eerlijk tegen mij.", "Hij zegt dat hij het niet deed."),
    (0.5, "Ik vraag het haar morgen zelf wel.", "Misschien wil ze wel meedoen met toneel."),
    (0.5, "Ik vraag hem wel hoe hij dat ziet.", "Hij wil geen bijles."),
    (
        0.5,
        "ik vraag het hem zelf of hij dat wil",
        "misschien wil hij klassenvertegenwoordiger zijn",
    ),
    (
        0.5,
        "Voorlezen voor het slapen, dat doen wij met de kinderen ook.",
        "Ik lees haar elke avond voor.",
    ),
    (
        0.5,
        "Dat doen we in de groep met hem ook, heel herkenbaar.",
        "Ik tel tot drie als hij boos is.",
    ),
    (0.5, "dat doen wij met de kindjes ook in de kring", "we zingen een liedje bij het opruimen"),
    (0.5, "Ik hoop het voor hem, hij werkt zo hard.", "Ik hoop dat hij naar de havo kan."),
    (0.5, "Ik ken hem nu een half jaar, hij is een schat.", "U kent hem nog niet zo lang."),
    (0.5, "Ik gun het haar echt, die rol in de musical.", "Ze wil zo graag de hoofdrol."),
    (0.5, "Ik beloof het haar niet, maar we kijken ernaar.", "Ze wil naast haar vriendin."),
    (0.5, "Ik herinner me haar nog van groep een.", "Ze zat vroeger bij juf Ans."),
    (0.5, "Wij snappen hem wel, hij is gewoon moe.", "Hij is zo chagrijnig de laatste tijd."),
    (0.5, "Ik hoor het hem vaak zeggen, dat hij het niet kan.", "Hij zegt thuis dat hij dom is."),
]


def _has_own_action(nlp, position: float, text: str, before: str) -> bool:
    return "own_actions" in {
        ITEM_OF_RULE[rule] for rule in rules_in_text(text, before, position, nlp)
    }


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.mark.parametrize(("position", "text", "before"), FOUND, ids=[c[1][:40] for c in FOUND])
def test_own_action_found(nlp, position: float, text: str, before: str) -> None:
    assert _has_own_action(nlp, position, text, before), f"own_actions missed: {text!r}"


@pytest.mark.parametrize(
    ("position", "text", "before"), NOT_FOUND, ids=[c[1][:40] for c in NOT_FOUND]
)
def test_general_verb_is_no_own_action(nlp, position: float, text: str, before: str) -> None:
    assert not _has_own_action(nlp, position, text, before), f"own_actions wrongly in {text!r}"


def test_challenge_set_is_large_enough() -> None:
    assert len(FOUND) >= 15 and len(NOT_FOUND) >= 15


def _report() -> None:
    """Recall on the positives and false alarms on the near misses."""
    nlp = build_nlp()
    tp = [c[1] for c in FOUND if _has_own_action(nlp, *c)]
    fp = [c[1] for c in NOT_FOUND if _has_own_action(nlp, *c)]
    print(f"own_actions: recall {len(tp)}/{len(FOUND)}, false alarms {len(fp)}/{len(NOT_FOUND)}")
    for text in sorted({c[1] for c in FOUND} - set(tp)):
        print(f"   miss: {text}")
    for text in fp:
        print(f"   false: {text}")


if __name__ == "__main__":
    _report()
