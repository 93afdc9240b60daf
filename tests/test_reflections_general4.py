"""Challenge set: feelings the listener has or feels, echoes of times (issue #13, session 10 B).

Writers the rules were not written on name the parent's feeling as a noun they "have" ("je hebt
er spijt van", "ge hebt daar zorgen over", "jullie hebben twijfels"), as the subject with the
listener's possessive ("je zorg is dat ...", "uw grootste angst is ..."), or with voelen and the
reflexive before any adjective ("ge voelt u nutteloos", "u voelt zich overbodig"). The near
misses are the look-alikes the guide does not count: a reassurance ("maak je geen zorgen"), a
question, a condition, the teacher's own feeling, care for someone ("de zorg voor"), a negated
feeling, a physical state ("ge ziet er moe uit", settled: no feeling). Also an evaluative "dat
moet vreselijk zijn" with a strong word for how it feels. Active listening: an echo whose only
shared words are a number, a day or a clock time (an appointment or a figure read back) gives
nothing back; echoes that also carry the parent's content still count (the near misses of
this kind are known false alarms: the fix tried did not transfer).

Every sentence was written for this test, as six different writers would say it (a Flemish
kleuterjuf with ge/gij, a hurried vmbo mentor, an IB'er, a warm teacher with a shy non-native
parent, a counsellor-like teacher, and a recogniser's transcript: lowercase, no punctuation,
"eh", repeated words); none comes from the corpus, the dev set or heldout.

``python -m tests.test_reflections_general4`` prints recall and precision.
"""

from __future__ import annotations

import pytest

from analysis.detect import build_nlp

from .challenge import items_found, known_case, report

FR = "feeling_reflection"
AL = "active_listening"

# (item, position in the talk, teacher turn, parent turn before it): the item must be found.
FOUND = [
    (FR, 0.4, "Ge hebt daar spijt van, da's duidelijk.", "Ik had haar die gsm nooit mogen geven."),
    (FR, 0.5, "U hebt er achteraf spijt van dat u ja zei.", "Ik heb toen gewoon getekend."),
    (FR, 0.5, "je hebt er spijt van", "ik had gewoon eerder moeten bellen"),
    (FR, 0.4, "Je zorg is dat hij de aansluiting mist.", "Straks kan hij het niet meer volgen."),
    (FR, 0.45, "Uw grootste angst is dat ze weer gepest wordt.", "Op de oude school ging het mis."),
    (FR, 0.4, "jouw angst is dat niemand je gelooft", "ze zeggen toch altijd dat ik lieg"),
    (
        FR,
        0.5,
        "Jullie hebben er twijfels over, zo te horen.",
        "Is dat wel de goede school voor hem?",
    ),
    (FR, 0.5, "ge hebt daar echt zorgen over he", "hij eet bijna niks meer de laatste weken"),
    (
        FR,
        0.4,
        "U hebt heimwee naar uw familie.",
        "Mijn moeder en zussen wonen allemaal in Marokko.",
    ),
    (FR, 0.5, "u heeft eh veel verdriet daarvan", "sinds opa dood is is het thuis zo stil"),
    (FR, 0.5, "Je hebt schuldgevoelens, hoor ik.", "Ik werk te veel, ik ben er nooit voor hem."),
    (
        FR,
        0.45,
        "jullie hebben best wel stress van die verhuizing",
        "alles moet voor de eerste in dozen",
    ),
    (
        FR,
        0.5,
        "Ge hebt er buikpijn van, elke keer dat de school belt.",
        "Als ik uw nummer zie schrik ik al.",
    ),
    (FR, 0.4, "je hebt er eigenlijk gewoon kopzorgen van", "die rekeningen blijven maar komen"),
    (FR, 0.5, "ge voelt u nutteloos", "ik sta daar maar aan de kant te kijken"),
    (FR, 0.5, "U voelt zich een beetje overbodig nu.", "Hij vraagt me nooit meer iets."),
    (FR, 0.5, "Je voelt je echt tekortgeschoten.", "Ik had dat toch moeten zien als moeder."),
    (FR, 0.4, "jullie voelen je eh machteloos eigenlijk", "we hebben alles al geprobeerd"),
    (FR, 0.45, "U voelt zich schuldig, merk ik.", "Ik was die avond weer op mijn werk."),
    (
        FR,
        0.5,
        "u voelt zich buitengesloten door de andere ouders",
        "op het plein praat niemand met mij",
    ),
    (FR, 0.45, "Je hebt er een rotgevoel bij, dat snap ik.", "Hij huilde toen ik wegging."),
    # -- an evaluative "dat moet vreselijk zijn" for the listener, a strong feeling word
    (
        FR,
        0.5,
        "Dat moet vreselijk zijn om te zien, als vader.",
        "Ze eet niks meer en ze weegt zich elke dag.",
    ),
    (
        FR,
        0.5,
        "dat moet eh echt akelig geweest zijn",
        "hij kwam thuis met een blauw oog van het plein",
    ),
    (
        FR,
        0.45,
        "Dat is verschrikkelijk, voor hem en voor jullie.",
        "Ze hebben hem in de groepsapp uitgescholden.",
    ),
]

# Active listening with a number, a day or a time in the echo: the rest of what the parent said
# is given back, so it still counts.
FOUND += [
    (
        AL,
        0.4,
        "Vijf uur slaap, omdat hij zo lang gamet.",
        "Hij slaapt maar vijf uur, hij gamet tot twee uur.",
    ),
    (
        AL,
        0.4,
        "Dus vooral op maandag is het afscheid moeilijk.",
        "Op maandag huilt ze altijd bij het hek.",
    ),
    (
        AL,
        0.5,
        "hij gaat twee keer per week naar zijn vader en dan is hij eh onrustig als hij terugkomt",
        "Twee keer per week gaat hij naar zijn vader. Daarna is hij onrustig.",
    ),
    (AL, 0.4, "Sinds de zomer is hij stiller geworden.", "Sinds de zomer is hij zo stil."),
    (
        AL,
        0.5,
        "Drie avonden training, en dan nog huiswerk.",
        "Ze traint drie avonden, en dan moet dat huiswerk er nog bij.",
    ),
    (
        AL,
        0.5,
        "ge zijt om zes uur al weg en dan staat hij alleen op",
        "ik vertrek om zes uur en hij moet zelf opstaan",
    ),
    (
        AL,
        0.5,
        "Elke woensdag ruzie over de tablet, zegt u.",
        "Woensdag is altijd ruzie over die tablet.",
    ),
    (
        AL,
        0.4,
        "Dus in het weekend bij oma is ze veel rustiger.",
        "Bij oma in het weekend is ze een ander kind, zo rustig.",
    ),
    (
        AL,
        0.5,
        "U zei net dat hij om tien uur nog wakker ligt. Waar denkt hij dan aan?",
        "Om tien uur ligt hij nog wakker.",
    ),
    (
        AL,
        0.5,
        "Hoe gaat dat dan, op die vrijdagen bij zijn vader?",
        "Op vrijdag is hij bij zijn vader, daar mag hij alles.",
    ),
    (
        AL,
        0.5,
        "twintig minuten lezen lukt dus wel als u ernaast zit",
        "als ik naast hem zit leest hij wel twintig minuten",
    ),
    (AL, 0.45, "Wat bedoelt u met een zware maandag?", "Maandag is altijd zwaar voor hem."),
    (AL, 0.5, "Zijn opa is dus overleden in de vakantie.", "In de vakantie is zijn opa overleden."),
    (
        AL,
        0.5,
        "ze fietst elke dag alleen naar school en dat vindt ze eng",
        "ze fietst elke dag alleen en ze vindt dat eng",
    ),
    (
        AL,
        0.45,
        "Jullie hebben het al met de huisarts besproken.",
        "We zijn al bij de huisarts geweest ermee.",
    ),
    (
        AL,
        0.5,
        "Kunt u daar iets meer over vertellen, over die nachten?",
        "De nachten zijn echt een probleem.",
    ),
    (AL, 0.5, "Dus de logopedie stopt na de kerst.", "Na de kerst stopt de logopedie."),
    (
        AL,
        0.4,
        "Hoe merkt u dat, dat hij zich verveelt?",
        "Ik denk dat hij zich verveelt in de klas.",
    ),
    (AL, 0.5, "Het gamen loopt dus uit tot na middernacht.", "Hij gamet soms tot na middernacht."),
    (AL, 0.5, "De broer helpt dus met de rekensommen.", "Zijn broer helpt hem met rekenen."),
]

# Near misses: the item must NOT be found.
NOT_FOUND = [
    (FR, 0.5, "Maak je geen zorgen, dat komt goed.", "Ik weet niet of hij het haalt."),
    (FR, 0.5, "Heb je daar zorgen over?", "Hij gaat volgend jaar naar de brugklas."),
    (FR, 0.5, "Als u twijfels hebt, belt u mij.", "Ik weet het nog niet zo goed."),
    (FR, 0.5, "Ik heb er spijt van dat ik niet eerder belde.", "We hoorden het pas van de buren."),
    (
        FR,
        0.4,
        "U hebt de zorg voor drie kinderen en een zieke moeder.",
        "Mijn man zit in het buitenland.",
    ),
    (FR, 0.1, "Voelt u zich welkom hier?", "Ik ben hier nog nooit binnen geweest."),
    (FR, 0.5, "Ge moet daar geen spijt van hebben.", "Ik heb hem toen toch laten gaan."),
    (FR, 0.5, "ik heb eh ook zorgen over zijn cijfers", "hij heeft weer een vier"),
    (FR, 0.5, "Zorg dat hij op tijd in bed ligt.", "Hij is zo moe in de ochtend."),
    (FR, 0.5, "Uw zoon heeft er geen last van.", "Ik dacht dat hij het moeilijk had."),
    (FR, 0.5, "U hoeft zich niet schuldig te voelen.", "Ik had het eerder moeten zien."),
    (FR, 0.5, "Hebt u nog vragen over het rapport?", "Nee, ik denk het niet."),
    (FR, 0.1, "Ge ziet er moe uit, ge zijt zeker al vroeg op.", "Ik kom net van de nachtdienst."),
    (
        FR,
        0.4,
        "dan zijt ge zelf ook doodmoe s morgens",
        "twee keer per nacht moet ik zijn suiker meten",
    ),
    (FR, 0.5, "Die toets was ook verschrikkelijk moeilijk.", "Hij had een vier voor die toets."),
    # -- active listening: a number, a day or a time read back in an appointment or a figure
    (AL, 0.85, "Donderdag na vier uur, ik schrijf het op.", "donderdag na vier uur dat kan ik"),
    (AL, 0.85, "nul zes twaalf vierendertig ik zet het erin", "nul zes twaalf vierendertig"),
    (
        AL,
        0.5,
        "Twee keer, oké. Hoe is Sanne thuis zelf?",
        "Twee keer in de week komt de thuiszorg.",
    ),
    (AL, 0.85, "woensdag om drie uur dan zet ik het in de agenda", "Op woensdag kan ik het beste."),
    (AL, 0.3, "Honderd uur, en zestig daarvan ongeoorloofd.", "Honderd uur?"),
    (AL, 0.85, "Om half negen dan, ik zie u dinsdag.", "Dinsdag om half negen is goed."),
    (
        AL,
        0.5,
        "Elke vrijdag een toets van tien minuten, dat doen we in de hele groep.",
        "Op vrijdag is er toch een toets?",
    ),
    (AL, 0.85, "Dan bel ik u zaterdag rond elf uur.", "Zaterdag rond elf uur ben ik thuis."),
    (
        AL,
        0.85,
        "vijf minuten is genoeg dan zien we elkaar maandag",
        "ik heb maar vijf minuten maandag",
    ),
    (
        AL,
        0.3,
        "Twintig procent van de lessen, dat is wat de school telt.",
        "Twintig procent is dat toch niet zo veel?",
    ),
]


# Near misses the rules still take (strict xfails). Tried and dropped (session 10 B): leaving
# numbers, days and clock times out of the echo check, and tiredness ("moe", "doodmoe") out of
# the feeling lemmas, fixed these but lost active_listening and feeling_reflection on writers L
# and I that no rule was written on.
KNOWN_FALSE_ALARMS = {
    "nul zes twaalf vierendertig ik zet het erin",
    "Twee keer, oké. Hoe is Sanne thuis zelf?",
    "woensdag om drie uur dan zet ik het in de agenda",
    "Honderd uur, en zestig daarvan ongeoorloofd.",
    "vijf minuten is genoeg dan zien we elkaar maandag",
    "Twintig procent van de lessen, dat is wat de school telt.",
    "Ge ziet er moe uit, ge zijt zeker al vroeg op.",
    "dan zijt ge zelf ook doodmoe s morgens",
}


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.mark.parametrize(
    ("item", "position", "text", "before"), [known_case(c, set()) for c in FOUND]
)
def test_held_feeling_found(nlp, item: str, position: float, text: str, before: str) -> None:
    found = items_found(nlp, text, before, position)
    assert item in found, f"{item} missed: {text!r} (found {sorted(found)})"


@pytest.mark.parametrize(
    ("item", "position", "text", "before"), [known_case(c, KNOWN_FALSE_ALARMS) for c in NOT_FOUND]
)
def test_held_feeling_not_found_in_near_miss(
    nlp, item: str, position: float, text: str, before: str
) -> None:
    found = items_found(nlp, text, before, position)
    assert item not in found, f"{item} wrongly found in {text!r}"


def test_known_false_alarms_name_real_cases() -> None:
    assert {case[2] for case in NOT_FOUND} >= KNOWN_FALSE_ALARMS


def test_challenge_set_is_large_enough() -> None:
    assert sum(case[0] == FR for case in FOUND) >= 20
    assert sum(case[0] == FR for case in NOT_FOUND) >= 10
    assert sum(case[0] == AL for case in FOUND) >= 20
    assert sum(case[0] == AL for case in NOT_FOUND) >= 10


if __name__ == "__main__":
    report(FOUND, NOT_FOUND)
