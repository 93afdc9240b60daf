"""Challenge set for agreements and asks_home on writers no rule was written on (issue #13).

Each item is defined in ``../shared/ANNOTATION.md``. Every sentence below was written for this
test, as six different writers would say it (a Flemish kleuterjuf, a hurried vmbo mentor, an
IB'er, a warm teacher with a shy non-native parent, a counsellor-like teacher, and a recogniser's
transcript: lowercase, no punctuation, "eh", repeated words), varying verb, person, tense, word
order and topic; none comes from the corpus, the dev set or heldout. Each teacher turn runs
through the real pipeline after the parent turn before it, at its place in the talk (0 = start,
1 = end).

Positives the rules do not reach yet are listed in ``KNOWN_MISSES`` and near misses they still
fire on in ``KNOWN_FALSE_ALARMS``; both run as strict xfails, so a fix shows.
``python -m tests.test_plans_general`` prints recall and precision per item.
"""

from __future__ import annotations

import pytest

from analysis.detect import build_nlp

from .challenge import items_found, known_case, report

# (item, position in the talk, teacher turn, parent turn before it): the item must be found.
FOUND = [
    # agreements: a concrete next step promised to the parent, what the parent will do written
    # down, a date for a follow-up, a shared "we spreken af / we doen ..."
    (
        "agreements",
        0.8,
        "Ik geef u morgen een briefje mee in haar boekentas.",
        "Kan ik dat ergens nalezen?",
    ),
    (
        "agreements",
        0.85,
        "Afgesproken, dan kijken we na de krokusvakantie hoe het loopt.",
        "Zo proberen we het.",
    ),
    (
        "agreements",
        0.8,
        "Ik zal de zorgjuf vragen om u eens op te bellen.",
        "Wie kan ons daarbij helpen?",
    ),
    ("agreements", 0.75, "Dan zet ik u op de lijst voor het oudercafé.", "Dat lijkt me wel wat."),
    (
        "agreements",
        0.8,
        "We houden contact via het heen-en-weerschriftje, goed?",
        "Hoe horen we hoe het gaat?",
    ),
    ("agreements", 0.8, "Oké, ik mail de docent Engels vandaag nog.", "Die cijfers kloppen niet."),
    ("agreements", 0.9, "Dan zie ik u over drie weken weer, zelfde tijd.", "Prima."),
    (
        "agreements",
        0.8,
        "Ik zet het in Magister zodat u het kunt volgen.",
        "Ik wil weten of hij het inlevert.",
    ),
    (
        "agreements",
        0.85,
        "Afspraak: hij levert elke vrijdag zijn planner bij mij in.",
        "Dat moet hij dan wel doen.",
    ),
    ("agreements", 0.8, "dat check ik morgen bij de roostermaker", "hij heeft twee tussenuren"),
    ("agreements", 0.8, "ik app u zodra de cijfers binnen zijn", "wanneer weten we het"),
    (
        "agreements",
        0.8,
        "Ik vraag het onderzoek aan en u krijgt binnen twee weken bericht.",
        "Wat gebeurt er nu?",
    ),
    ("agreements", 0.85, "We maken een plan en dat bespreken we in januari samen.", "En dan?"),
    (
        "agreements",
        0.85,
        "Ik leg vast dat u het toestemmingsformulier thuis tekent en terugbrengt.",
        "Dat is goed.",
    ),
    (
        "agreements",
        0.8,
        "Dan nodig ik de schoolarts uit voor het volgende overleg.",
        "Misschien is het medisch.",
    ),
    (
        "agreements",
        0.85,
        "Ik schrijf in het verslag dat jullie thuis een vaste bedtijd invoeren.",
        "Ja, dat gaan we doen.",
    ),
    ("agreements", 0.9, "Laten we afspreken dat we over zes weken evalueren.", "Goed idee."),
    (
        "agreements",
        0.8,
        "Ik schrijf het voor u op, dan heeft u het op papier.",
        "Ik onthoud het niet goed.",
    ),
    (
        "agreements",
        0.85,
        "Ik vraag een tolk aan voor de volgende keer.",
        "Mijn Nederlands is niet goed.",
    ),
    (
        "agreements",
        0.85,
        "Dan bel ik u donderdag en vertel ik hoe het ging.",
        "Ik wil het graag weten.",
    ),
    (
        "agreements",
        0.85,
        "U leest thuis elke avond tien minuten met haar, dat spreken we af.",
        "Ja, dat kan ik.",
    ),
    (
        "agreements",
        0.8,
        "Ik stuur de uitleg ook in het Engels naar u toe.",
        "Engels lees ik beter.",
    ),
    (
        "agreements",
        0.85,
        "Zullen we afspreken dat hij één keer per week bij mij binnenloopt?",
        "Dat zou hem helpen.",
    ),
    (
        "agreements",
        0.9,
        "Wat ik van u meeneem: u let erop dat zijn tas 's avonds klaarstaat.",
        "Dat doe ik.",
    ),
    ("agreements", 0.85, "Dan plannen we een nieuw moment vlak voor de kerst.", "Graag."),
    (
        "agreements",
        0.9,
        "Mijn voorstel is dat we elkaar na de toetsweek weer spreken.",
        "Dat is goed.",
    ),
    ("agreements", 0.85, "Ik hou u op de hoogte via de mail.", "Laat u het weten?"),
    ("agreements", 0.85, "ja eh dan eh bel ik u volgende week dinsdag even", "oke"),
    (
        "agreements",
        0.8,
        "oke dan doen we dat zo hij neemt zijn gymspullen maandag mee",
        "ja hij vergeet het steeds",
    ),
    ("agreements", 0.85, "ik zet het even in de agenda voor de twintigste", "dat komt goed uit"),
    ("agreements", 0.8, "eh dat regel ik met met de administratie", "de rekening klopt niet"),
    ("agreements", 0.85, "dan spreken we af dat u haar om drie uur ophaalt", "ja dat lukt wel"),
    (
        "agreements",
        0.8,
        "ik geef de juf van groep vijf een seintje dat zij u belt",
        "wie belt mij dan",
    ),
    ("agreements", 0.85, "Die afspraken zet ik straks op papier en die krijgt u mee.", "Fijn."),
    # asks_home: the child's behaviour and experiences at home, in the family, weekends, bedtime,
    # free time, siblings, how the child speaks of school at home
    ("asks_home", 0.3, "En hoe is hij bij jullie, 's avonds?", "Hier is hij rustig, zegt u."),
    ("asks_home", 0.3, "Speelt ze graag buiten als ze van school komt?", "Ze is wel moe."),
    ("asks_home", 0.3, "Vertelt ze veel over de klas aan tafel?", "Ze is stil."),
    ("asks_home", 0.35, "Wat doet hij zoal in het weekend?", "Hij verveelt zich snel."),
    ("asks_home", 0.3, "Hoe gaat het slapengaan, valt hij makkelijk in slaap?", "Hij is vaak moe."),
    ("asks_home", 0.3, "Gamet hij veel 's avonds?", "Hij hangt maar wat rond."),
    ("asks_home", 0.3, "Hoe laat ligt hij meestal in bed?", "Hij komt vaak te laat."),
    ("asks_home", 0.3, "Praat hij met jullie over school?", "We weten niet veel."),
    (
        "asks_home",
        0.35,
        "Maakt ze haar huiswerk aan de keukentafel of op haar kamer?",
        "Ze doet het wel.",
    ),
    (
        "asks_home",
        0.35,
        "Hoe reageert hij bij u als hij zijn zin niet krijgt?",
        "Hij kan flink boos worden.",
    ),
    ("asks_home", 0.4, "Ziet u die onrust ook buiten school?", "Hij is erg druk."),
    ("asks_home", 0.4, "Hoe gaat het tussen hem en zijn zusje?", "Ze maken veel ruzie."),
    ("asks_home", 0.35, "Hoe is het eten en slapen de laatste tijd?", "Het is een drukke periode."),
    ("asks_home", 0.3, "Welke taal spreekt u met haar?", "Wij komen uit Syrië."),
    ("asks_home", 0.3, "Wat vindt ze leuk om samen met u te doen?", "Ze is lief."),
    ("asks_home", 0.35, "Kijkt ze veel tv in het weekend?", "Ze is maandag moe."),
    ("asks_home", 0.3, "Helpt ze weleens mee met koken?", "Ze is graag in de keuken."),
    (
        "asks_home",
        0.35,
        "Heeft ze vriendinnetjes in de straat om mee te spelen?",
        "We zijn net verhuisd.",
    ),
    ("asks_home", 0.4, "Hoe beleeft hij de verhuizing, denkt u?", "Het is allemaal veel."),
    ("asks_home", 0.3, "Wat vertelt hij over zijn dag als hij binnenkomt?", "Niet zo veel."),
    ("asks_home", 0.35, "Hoe gaat hij om met zijn broertjes?", "Hij is de oudste."),
    (
        "asks_home",
        0.3,
        "Hoe zijn de ochtenden bij jullie, gaat dat rustig?",
        "Het is vaak haasten.",
    ),
    ("asks_home", 0.35, "Waar vermaakt zij zich mee na schooltijd?", "Ze is veel alleen."),
    ("asks_home", 0.3, "eh hoe gaat het eigenlijk bij jullie met eh met Tim", "ja wel goed"),
    ("asks_home", 0.3, "slaapt ze wel goed de laatste tijd", "ze is vaak moe"),
    ("asks_home", 0.3, "wat doet ie graag in zijn vrije tijd", "voetbal denk ik"),
    ("asks_home", 0.3, "zegt hij wel eens iets over de klas", "niet echt"),
    ("asks_home", 0.35, "is ze bij oma ook zo druk", "oma past op"),
    ("asks_home", 0.35, "hoe gaat het met het huiswerk bij jullie", "moeizaam"),
    ("asks_home", 0.3, "Wat doet ze als ze boos is, bij jullie?", "Ze kan wel driftig zijn."),
    ("asks_home", 0.35, "Merken jullie dat ze slecht slaapt?", "Ze gaapt veel."),
]

# (item, position, teacher turn, parent turn before it): near misses, the item must not be found.
NOT_FOUND = [
    ("agreements", 0.8, "Ik heb haar vorige maand al gebeld.", "Heeft u contact gehad?"),
    (
        "agreements",
        0.6,
        "Afspraken maken met kinderen van vijf is soms lastig.",
        "Hij luistert slecht.",
    ),
    (
        "agreements",
        0.5,
        "In de klas spreken we af dat niemand wordt uitgelachen.",
        "Hij werd uitgelachen.",
    ),
    ("agreements", 0.6, "Hij vergeet vaak zijn afspraken met de bijles.", "Hij is chaotisch."),
    (
        "agreements",
        0.3,
        "Ik schrijf dat punt even op, daar komen we zo op terug.",
        "En zijn gedrag?",
    ),
    (
        "agreements",
        0.6,
        "Ik ga hem in de klas een vaste plek vooraan geven.",
        "Hij kijkt veel rond.",
    ),
    (
        "agreements",
        0.7,
        "Misschien kan ik ooit eens bellen, ik weet het niet.",
        "Kunt u eens bellen?",
    ),
    ("agreements", 0.5, "Wie heeft u eigenlijk gebeld?", "Ik heb school gebeld."),
    (
        "agreements",
        0.5,
        "Zijn moeder had die dag een afspraak bij de tandarts.",
        "Hij was er niet.",
    ),
    ("agreements", 0.5, "Mailt de school u altijd op tijd?", "Ik hoor nooit iets."),
    ("agreements", 0.5, "Ze schrijft alles netjes op in haar agenda.", "Ze is zo georganiseerd."),
    ("agreements", 0.5, "De afspraak met de logopedist liep flink uit.", "U was laat."),
    (
        "agreements",
        0.7,
        "Vorig jaar hadden we afgesproken dat hij zou lezen, maar dat lukte niet.",
        "Ja.",
    ),
    ("agreements", 0.4, "We spreken op school altijd Nederlands.", "Thuis spreken we Turks."),
    ("agreements", 0.5, "Ik stuur de kinderen om drie uur naar huis.", "Wanneer is school uit?"),
    (
        "agreements",
        0.5,
        "Ik zou het kunnen regelen als de directeur ja zegt, maar dat weet ik niet.",
        "Kan dat?",
    ),
    ("agreements", 0.3, "Dat heeft de vorige juf toch ook al opgeschreven?", "Dat is bekend."),
    ("asks_home", 0.3, "Hoe gaat het met u?", "Goed hoor."),
    ("asks_home", 0.4, "Wat doet hij graag in de klas?", "Weet ik niet."),
    ("asks_home", 0.4, "Hoe laat begint de school morgen?", "Om half negen toch?"),
    ("asks_home", 0.5, "Thuis oefenen helpt echt.", "We oefenen wel."),
    ("asks_home", 0.5, "Hoe krijgt u haar zover dat ze gaat lezen?", "Ze leest thuis."),
    ("asks_home", 0.5, "Wat werkt bij u goed als ze boos wordt?", "Ze is soms boos."),
    ("asks_home", 0.1, "Daarna hoor ik graag hoe het thuis gaat.", "Goed."),
    ("asks_home", 0.9, "Heeft u nog vragen?", "Nee."),
    ("asks_home", 0.5, "Wat heeft u van mij nodig?", "Duidelijkheid."),
    ("asks_home", 0.5, "Kunt u haar woensdag wat eerder ophalen?", "Waarom?"),
    ("asks_home", 0.4, "Speelt hij in de pauze met anderen?", "Ik hoop het."),
    ("asks_home", 0.05, "Hoe was uw weekend?", "Druk."),
    ("asks_home", 0.4, "Hoe gaat het met zijn rekenen op school?", "Dat weet u beter."),
    ("asks_home", 0.1, "Wat wilt u vandaag bespreken?", "Zijn gedrag."),
    ("asks_home", 0.4, "Thuis is hij vast ook moe.", "Hij gaapt veel."),
    ("asks_home", 0.05, "Woont u ver van school?", "Tien minuten."),
    ("asks_home", 0.05, "Wat doet u voor werk?", "Ik werk in de zorg."),
]

# Positives the rules do not reach yet (strict xfail: a fix makes the test fail until removed).
KNOWN_MISSES = {
    "Afgesproken, dan kijken we na de krokusvakantie hoe het loopt.",
    "Dan nodig ik de schoolarts uit voor het volgende overleg.",
    "Hoe gaat het tussen hem en zijn zusje?",
    "Hoe is het eten en slapen de laatste tijd?",
    "Ik zal de zorgjuf vragen om u eens op te bellen.",
    "Speelt ze graag buiten als ze van school komt?",
    "Wat ik van u meeneem: u let erop dat zijn tas 's avonds klaarstaat.",
    "We houden contact via het heen-en-weerschriftje, goed?",
    "We maken een plan en dat bespreken we in januari samen.",
    "Welke taal spreekt u met haar?",
    "Ziet u die onrust ook buiten school?",
    "dat check ik morgen bij de roostermaker",
    "eh hoe gaat het eigenlijk bij jullie met eh met Tim",
    "hoe gaat het met het huiswerk bij jullie",
    "ik geef de juf van groep vijf een seintje dat zij u belt",
    "oke dan doen we dat zo hij neemt zijn gymspullen maandag mee",
}
# Near misses the rules still fire on (strict xfail).
KNOWN_FALSE_ALARMS = {
    "Afspraken maken met kinderen van vijf is soms lastig.",
    "De afspraak met de logopedist liep flink uit.",
    "Hij vergeet vaak zijn afspraken met de bijles.",
    "Hoe was uw weekend?",
    "Ik schrijf dat punt even op, daar komen we zo op terug.",
    "Ik stuur de kinderen om drie uur naar huis.",
    "In de klas spreken we af dat niemand wordt uitgelachen.",
    "Zijn moeder had die dag een afspraak bij de tandarts.",
}


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.mark.parametrize(
    ("item", "position", "text", "before"), [known_case(c, KNOWN_MISSES) for c in FOUND]
)
def test_plans_item_found(nlp, item: str, position: float, text: str, before: str) -> None:
    # Act
    found = items_found(nlp, text, before, position)
    # Assert
    assert item in found, f"{item} missed: {text!r} (found {sorted(found)})"


@pytest.mark.parametrize(
    ("item", "position", "text", "before"), [known_case(c, KNOWN_FALSE_ALARMS) for c in NOT_FOUND]
)
def test_plans_item_not_found_in_near_miss(
    nlp, item: str, position: float, text: str, before: str
) -> None:
    found = items_found(nlp, text, before, position)
    assert item not in found, f"{item} wrongly found in {text!r}"


def test_challenge_set_is_large_enough() -> None:
    for item in ("agreements", "asks_home"):
        assert sum(case[0] == item for case in FOUND) >= 30, item
        assert sum(case[0] == item for case in NOT_FOUND) >= 15, item


def test_known_lists_name_real_cases() -> None:
    assert {case[2] for case in FOUND} >= KNOWN_MISSES
    assert {case[2] for case in NOT_FOUND} >= KNOWN_FALSE_ALARMS


if __name__ == "__main__":
    report(FOUND, NOT_FOUND)
