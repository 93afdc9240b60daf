"""Challenge set for the warmth items (issue #13): parent_strengths and put_at_ease.

Each item is defined in ``../shared/ANNOTATION.md``. Every sentence below was written for this
test, as six different writers would say it (a Flemish kleuterjuf, a hurried vmbo mentor, an
IB'er, a warm teacher with a shy non-native parent, a counsellor-like teacher, and a recogniser's
transcript: lowercase, no punctuation, "eh", repeated words), on topics the corpus does not use;
none comes from the corpus, the dev set or heldout. Each teacher turn runs through the real
pipeline after the parent turn before it, at its place in the talk (0 = start, 1 = end).

Positives the rules do not reach yet are listed in ``KNOWN_MISSES`` and run as strict xfails,
so a fix shows. ``python -m tests.test_warmth_general`` prints recall and precision.
"""

from __future__ import annotations

import pytest

from analysis.detect import build_nlp

from .challenge import items_found, known_case, report

# (item, position in the talk, teacher turn, parent turn before it): the item must be found.
FOUND = [
    # parent_strengths: asks what works for the parent, values what the parent does, builds on it
    # -- Flemish kleuterjuf
    (
        "parent_strengths",
        0.4,
        "Oh, da's een schone manier, doe dat zeker verder.",
        "Ik zing altijd een liedje als ze haar schoenen aan moet doen.",
    ),
    (
        "parent_strengths",
        0.5,
        "Dat is knap van u, zo leert hij zelfstandig worden.",
        "Thuis mag hij zelf zijn boterhammen smeren.",
    ),
    (
        "parent_strengths",
        0.45,
        "Goed dat ge dat doet, dat geeft hem rust 's morgens.",
        "We leggen 's avonds samen zijn kleren klaar.",
    ),
    (
        "parent_strengths",
        0.4,
        "Hoe krijgt gij hem eigenlijk rustig als hij thuis overstuur is?",
        "Hij kan soms echt ontploffen.",
    ),
    (
        "parent_strengths",
        0.5,
        "Wat doet ge thuis als ze niet wil slapen, wat helpt dan?",
        "Slapen gaan is bij ons elke avond een drama.",
    ),
    # -- hurried vmbo mentor
    (
        "parent_strengths",
        0.5,
        "Top, dat planbord. Hou dat vol.",
        "Ik laat hem zelf zijn planning op de koelkast hangen.",
    ),
    (
        "parent_strengths",
        0.55,
        "Prima dat u daar streng in bent, dat helpt echt.",
        "Om tien uur pak ik zijn telefoon af.",
    ),
    (
        "parent_strengths",
        0.5,
        "Dat werkt. Blijf dat doen.",
        "Ik vraag hem elke middag wat hij voor huiswerk heeft.",
    ),
    ("parent_strengths", 0.45, "Wat werkt bij u als hij dichtklapt?", "Hij zegt thuis ook niks."),
    (
        "parent_strengths",
        0.6,
        "Slim van u, die trainer heeft veel invloed op hem.",
        "Ik heb zelf met zijn voetbaltrainer gebeld.",
    ),
    # -- IB'er
    (
        "parent_strengths",
        0.5,
        "Dat dagschema is een sterk idee; wilt u het meegeven, dan gebruiken wij het ook.",
        "We werken thuis met een dagschema met plaatjes.",
    ),
    (
        "parent_strengths",
        0.55,
        "Die aanpak van om en om lezen sluit aan bij wat wij doen, daar bouwen we op voort.",
        "Ik lees elke avond met haar, om de beurt een bladzijde.",
    ),
    (
        "parent_strengths",
        0.4,
        "Welke aanpak werkt thuis het best bij hem?",
        "Hij is thuis ook erg druk.",
    ),
    (
        "parent_strengths",
        0.45,
        "Wat heeft u zelf al geprobeerd dat goed werkte?",
        "We weten het soms ook niet meer.",
    ),
    (
        "parent_strengths",
        0.6,
        "Die stickerkaart neem ik graag over, die werkt bij haar blijkbaar goed.",
        "Ik beloon haar met een sticker als ze het zelf doet.",
    ),
    # -- warm teacher, shy non-native parent
    (
        "parent_strengths",
        0.5,
        "Nee hoor, dat is juist heel goed. Blijf vooral Turks met hem praten.",
        "Ik praat Turks met hem thuis. Is dat slecht?",
    ),
    (
        "parent_strengths",
        0.5,
        "Wat mooi, zo rekent ze thuis ook. Dat doet u heel goed.",
        "Ik kook samen met haar en zij weegt de dingen.",
    ),
    (
        "parent_strengths",
        0.55,
        "Dat is al veel. U moedigt hem aan en dat merkt hij.",
        "Ik weet niet wat ik moet doen. Ik zeg alleen: probeer.",
    ),
    (
        "parent_strengths",
        0.4,
        "U kent haar het beste. Wat helpt haar als ze verdrietig is?",
        "Ze huilt soms thuis.",
    ),
    (
        "parent_strengths",
        0.5,
        "Heel fijn dat u dat doet, ga daar zeker mee door.",
        "Wij gaan elke week samen naar de bibliotheek.",
    ),
    # -- counsellor-like teacher
    (
        "parent_strengths",
        0.5,
        "Eerst ruimte geven en dan praten, dat is een wijze keuze van u.",
        "Ik laat hem eerst afkoelen voordat we praten.",
    ),
    (
        "parent_strengths",
        0.45,
        "Wat heeft u vroeger gedaan dat hem hielp?",
        "Vorig jaar was het ook zo.",
    ),
    (
        "parent_strengths",
        0.5,
        "Daar zit veel kracht in. Hoe zou u dat nu weer kunnen inzetten?",
        "Ik heb toen gewoon naast hem gezeten en niks gezegd.",
    ),
    (
        "parent_strengths",
        0.5,
        "Waar bent u als moeder sterk in, denkt u?",
        "Ik voel me soms een slechte moeder.",
    ),
    (
        "parent_strengths",
        0.6,
        "Dat u zijn oude juf ook gemaild hebt, dat waardeer ik echt.",
        "Ik heb zijn juf van vorig jaar ook gemaild.",
    ),
    # -- recogniser transcript
    (
        "parent_strengths",
        0.5,
        "ja ja dat is eh dat is heel goed van u dat u haar laat kiezen",
        "ik laat haar altijd eerst zelf kiezen welk boek",
    ),
    (
        "parent_strengths",
        0.5,
        "oh dat is slim eh daar zou ik zeker mee doorgaan",
        "we doen elke zaterdag samen de boodschappen en dan rekent hij af",
    ),
    (
        "parent_strengths",
        0.45,
        "eh wat werkt er thuis goed bij hem als hij eh boos is",
        "hij wordt snel boos",
    ),
    (
        "parent_strengths",
        0.5,
        "tel tot tien ja dat eh dat gebruik ik ook in de klas dat is een goeie",
        "ik zeg dan tel tot tien",
    ),
    (
        "parent_strengths",
        0.45,
        "hoe pakt u dat thuis aan eh met het huiswerk wat helpt daar",
        "het huiswerk is altijd ruzie",
    ),
    (
        "parent_strengths",
        0.55,
        "mooi dat u dat zo doet dat geeft hem vertrouwen",
        "ik geef hem een knuffel en dan gaat hij",
    ),
    (
        "parent_strengths",
        0.6,
        "Dat was een goede beslissing, ik zie het terug in de klas.",
        "Wij hebben de tablet doordeweeks weggehaald.",
    ),
    (
        "parent_strengths",
        0.5,
        "Wat een goede houding geeft u hem daarmee mee.",
        "We zeggen thuis altijd: fouten maken mag.",
    ),
    # put_at_ease: social talk, humour, reassurance, practical comfort, not about school matters
    # -- Flemish kleuterjuf
    (
        "put_at_ease",
        0.03,
        "Amai, wat een regen hé, zet uw paraplu maar in de hoek.",
        "Goeiemiddag juf.",
    ),
    (
        "put_at_ease",
        0.03,
        "Ge moet u geen zorgen maken, ge zijt mooi op tijd.",
        "Sorry, ik ben wat aan de late kant.",
    ),
    (
        "put_at_ease",
        0.04,
        "Die kleine stoeltjes zijn niks voor volwassenen hé, neem gerust de grote.",
        "Waar mag ik gaan zitten?",
    ),
    (
        "put_at_ease",
        0.03,
        "Let niet op de boel, we hebben vandaag met verf gewerkt.",
        "Dag juf.",
    ),
    (
        "put_at_ease",
        0.04,
        "Was het niet te moeilijk om de klas te vinden?",
        "Dag.",
    ),
    # -- hurried vmbo mentor
    ("put_at_ease", 0.03, "Koffie? Ik heb net verse gezet.", "Hoi."),
    (
        "put_at_ease",
        0.04,
        "Druk op de weg? Rustig aan, we hebben tijd genoeg.",
        "Ik kom net uit de file.",
    ),
    ("put_at_ease", 0.05, "Zit u een beetje lekker?", "Zo."),
    (
        "put_at_ease",
        0.05,
        "Geen stress, dit is gewoon even bijpraten.",
        "Moet ik me zorgen maken nu u belt?",
    ),
    ("put_at_ease", 0.04, "Haha, hij lijkt sprekend op u, zeg.", "Ik ben de vader van Jayden."),
    # -- IB'er
    (
        "put_at_ease",
        0.05,
        "U hoeft niets voor te bereiden, we kijken gewoon samen.",
        "Ik wist niet wat ik mee moest nemen.",
    ),
    (
        "put_at_ease",
        0.05,
        "Er is niets ergs aan de hand, dat wil ik eerst even zeggen.",
        "Ik schrok wel van uw uitnodiging.",
    ),
    (
        "put_at_ease",
        0.06,
        "Heel begrijpelijk dat u daar tegenop zag, dat doen veel ouders.",
        "Ik zag hier wel tegenop.",
    ),
    (
        "put_at_ease",
        0.07,
        "U mag me altijd onderbreken als iets niet duidelijk is.",
        "Oké.",
    ),
    (
        "put_at_ease",
        0.03,
        "Heeft u lang moeten wachten? Sorry daarvoor.",
        "Goedemiddag.",
    ),
    # -- warm teacher, shy non-native parent
    (
        "put_at_ease",
        0.05,
        "U spreekt het heel duidelijk, maakt u zich daar maar niet druk om.",
        "Sorry, mijn taal is niet zo goed.",
    ),
    (
        "put_at_ease",
        0.3,
        "Geeft niks, als u een woord niet weet, zoeken we het samen.",
        "Ik weet het woord niet.",
    ),
    (
        "put_at_ease",
        0.4,
        "U hoeft zich niet te verontschuldigen.",
        "Sorry, sorry dat ik zoveel vraag.",
    ),
    (
        "put_at_ease",
        0.05,
        "Rustig maar, u doet het prima.",
        "Ik ben nerveus, het is mijn eerste keer hier op school.",
    ),
    (
        "put_at_ease",
        0.04,
        "Uw zoon vertelde me al dat u heerlijk kookt!",
        "Goedemiddag.",
    ),
    # -- counsellor-like teacher
    (
        "put_at_ease",
        0.5,
        "Neemt u alle ruimte die u nodig heeft.",
        "Het is allemaal wat veel op dit moment.",
    ),
    (
        "put_at_ease",
        0.06,
        "Ik merk dat u wat gespannen bent, dat is helemaal oké.",
        "Ja... eh... waar zal ik beginnen.",
    ),
    (
        "put_at_ease",
        0.2,
        "Er is hier geen goed of fout antwoord.",
        "Ik weet niet of ik het goed zeg.",
    ),
    (
        "put_at_ease",
        0.1,
        "U mag hier alles zeggen wat u op het hart hebt.",
        "Mag ik eerlijk zijn?",
    ),
    ("put_at_ease", 0.5, "Huil gerust, de tissues staan hier.", "Sorry, ik word emotioneel."),
    # -- recogniser transcript
    (
        "put_at_ease",
        0.03,
        "nee hoor geen probleem u bent keurig op tijd",
        "sorry ik was de weg kwijt",
    ),
    ("put_at_ease", 0.03, "eh wilt u eh water of thee of zo", "hallo"),
    (
        "put_at_ease",
        0.03,
        "ja die trap he daar sta je dan even uit te hijgen haha",
        "pff die trap",
    ),
    (
        "put_at_ease",
        0.1,
        "maakt u zich maar geen zorgen eh dat komt allemaal goed",
        "ik ben bang dat ik iets fout heb gedaan",
    ),
    ("put_at_ease", 0.02, "nou lekker weertje he eindelijk wat zon", "goedemorgen"),
    (
        "put_at_ease",
        0.03,
        "eh ja sorry voor de eh de troep hier we zijn aan het verbouwen",
        "dag",
    ),
    ("put_at_ease", 0.03, "Wat een mooie sjaal, zelf gebreid?", "Hallo juf."),
    ("put_at_ease", 0.03, "U ziet er moe uit, lange dag gehad?", "Hallo."),
]

# (item, position in the talk, teacher turn, parent turn before it): near misses, not the item.
NOT_FOUND = [
    # parent_strengths: praise of the child, of others, of information; asks_home; rejection
    ("parent_strengths", 0.4, "Hij doet dat heel goed in de klas.", "Hoe gaat het met rekenen?"),
    ("parent_strengths", 0.3, "Dat is een goede vraag.", "Mag ik iets vragen over de toets?"),
    (
        "parent_strengths",
        0.4,
        "Goed dat ik het weet, dan houd ik er rekening mee.",
        "Hij slaapt slecht de laatste tijd.",
    ),
    (
        "parent_strengths",
        0.85,
        "Dat is goed, dan zien we elkaar donderdag.",
        "Donderdag kan ik wel.",
    ),
    ("parent_strengths", 0.4, "Ze werkt mooi samen met haar buurman.", "En in de groep?"),
    ("parent_strengths", 0.3, "Wat doet hij graag thuis?", "Hij speelt veel."),
    (
        "parent_strengths",
        0.5,
        "Dat doet de logopedist heel goed met hem.",
        "Hij gaat op woensdag naar logopedie.",
    ),
    ("parent_strengths", 0.3, "Hoe gaat het thuis met eten?", "Goed, denk ik."),
    (
        "parent_strengths",
        0.5,
        "Ik vind het knap dat hij dat zelf heeft opgelost.",
        "Hij had ruzie maar heeft het goedgemaakt.",
    ),
    ("parent_strengths", 0.97, "Dank u wel dat u gekomen bent.", "Graag gedaan."),
    (
        "parent_strengths",
        0.85,
        "dat is goed hoor dan bel ik u volgende week",
        "bellen is makkelijker voor mij",
    ),
    (
        "parent_strengths",
        0.3,
        "Heeft hij thuis een eigen plekje om huiswerk te maken?",
        "Soms.",
    ),
    ("parent_strengths", 0.5, "Mijn collega van groep vijf doet dat heel goed.", "O ja?"),
    (
        "parent_strengths",
        0.5,
        "Doe dat liever niet meer, dat werkt averechts.",
        "Ik straf hem als hij een onvoldoende haalt.",
    ),
    ("parent_strengths", 0.4, "Wat een mooie tekening heeft ze gemaakt.", "Die hangt thuis."),
    (
        "parent_strengths",
        0.5,
        "Hij vertelt in de kring dat hij thuis veel kookt.",
        "Hij kookt graag.",
    ),
    ("parent_strengths", 0.5, "Dat werkt in de klas niet bij haar.", "Een beloning?"),
    # put_at_ease: school matters, procedure, the child's nerves, plain welcome
    (
        "put_at_ease",
        0.4,
        "Door het slechte weer bleven de kinderen in de pauze binnen.",
        "Hij was zo druk.",
    ),
    ("put_at_ease", 0.4, "Hij is altijd precies op tijd in de klas.", "Is hij op tijd?"),
    ("put_at_ease", 0.4, "Ze is in de klas erg gespannen bij toetsen.", "En met toetsen?"),
    (
        "put_at_ease",
        0.05,
        "Zullen we beginnen? We hebben een kwartier.",
        "Ja, goed.",
    ),
    ("put_at_ease", 0.02, "Komt u binnen, ik ben juf Karin.", "Goedemiddag."),
    ("put_at_ease", 0.5, "Haar Nederlands gaat met sprongen vooruit.", "En de taal?"),
    ("put_at_ease", 0.4, "Hij maakt graag grapjes in de klas.", "Is hij vrolijk?"),
    (
        "put_at_ease",
        0.9,
        "U moet wel op tijd komen bij de volgende afspraak.",
        "Ik was laat, ja.",
    ),
    (
        "put_at_ease",
        0.5,
        "De rommel in zijn laatje moet hij zelf opruimen.",
        "Zijn laatje is een puinhoop.",
    ),
    ("put_at_ease", 0.4, "Om tien uur drinken de kinderen hun melk.", "Wanneer eten ze?"),
    ("put_at_ease", 0.5, "Maakt u zich zorgen over zijn gedrag?", "Een beetje."),
    (
        "put_at_ease",
        0.6,
        "geen probleem dan schuiven we de toets een week op",
        "hij is volgende week weg",
    ),
    (
        "put_at_ease",
        0.5,
        "Hij mag de toets in een rustig lokaal maken, dan is hij minder zenuwachtig.",
        "Hij is zo zenuwachtig voor toetsen.",
    ),
    ("put_at_ease", 0.5, "Zijn handschrift is prima leesbaar.", "Kun je het lezen?"),
    ("put_at_ease", 0.6, "De rekentoets was voor veel kinderen moeilijk.", "Was het moeilijk?"),
]

# Positives the rules do not reach yet (strict xfail: a fix makes the test fail until removed).
KNOWN_MISSES = {
    "Dat is al veel. U moedigt hem aan en dat merkt hij.",
    "Dat u zijn oude juf ook gemaild hebt, dat waardeer ik echt.",
    "Die aanpak van om en om lezen sluit aan bij wat wij doen, daar bouwen we op voort.",
    "Er is hier geen goed of fout antwoord.",
    "Er is niets ergs aan de hand, dat wil ik eerst even zeggen.",
    "Geen stress, dit is gewoon even bijpraten.",
    "Haha, hij lijkt sprekend op u, zeg.",
    "Let niet op de boel, we hebben vandaag met verf gewerkt.",
    "Neemt u alle ruimte die u nodig heeft.",
    "Prima dat u daar streng in bent, dat helpt echt.",
    "U mag hier alles zeggen wat u op het hart hebt.",
    "Uw zoon vertelde me al dat u heerlijk kookt!",
    "Waar bent u als moeder sterk in, denkt u?",
    "Was het niet te moeilijk om de klas te vinden?",
    "Welke aanpak werkt thuis het best bij hem?",
    "ja die trap he daar sta je dan even uit te hijgen haha",
}
# Near misses the rules still fire on (strict xfail).
KNOWN_FALSE_ALARMS: set[str] = set()


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.mark.parametrize(
    ("item", "position", "text", "before"), [known_case(c, KNOWN_MISSES) for c in FOUND]
)
def test_warmth_item_found(nlp, item: str, position: float, text: str, before: str) -> None:
    # Act
    found = items_found(nlp, text, before, position)
    # Assert
    assert item in found, f"{item} missed: {text!r} (found {sorted(found)})"


@pytest.mark.parametrize(
    ("item", "position", "text", "before"), [known_case(c, KNOWN_FALSE_ALARMS) for c in NOT_FOUND]
)
def test_warmth_item_not_found_in_near_miss(
    nlp, item: str, position: float, text: str, before: str
) -> None:
    found = items_found(nlp, text, before, position)
    assert item not in found, f"{item} wrongly found in {text!r}"


def test_challenge_set_is_large_enough() -> None:
    for item in ("parent_strengths", "put_at_ease"):
        assert sum(case[0] == item for case in FOUND) >= 30, item
        assert sum(case[0] == item for case in NOT_FOUND) >= 15, item


def test_known_lists_name_real_cases() -> None:
    assert {case[2] for case in FOUND} >= KNOWN_MISSES
    assert {case[2] for case in NOT_FOUND} >= KNOWN_FALSE_ALARMS


if __name__ == "__main__":
    report(FOUND, NOT_FOUND)
