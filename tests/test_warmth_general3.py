"""Challenge set for the warmth items, session 10 (issue #13): parent_strengths, put_at_ease,
names_qualities and procedure_proposal.

Kinds from the train errors of writers G, H and D (read, not copied): the teacher names the
parent's own strength ("daar ligt uw kracht"), turns the parent's request for advice back to
what the parent knows ("wat denkt u zelf?"), values a home practice the parent told without
"ik/we" ("samen koken, wat een mooi idee"), or says "ik vind het knap dat u ..."
(parent_strengths); in the opening the teacher eases the parent's arrival (the weather at the
door, the draught, the light, the chair) or offers a choice about the talk's pace or place
("wil je het liever een andere keer doen?", "zal ik wat langzamer praten?") (put_at_ease); the
child is compared favourably with peers ("sneller dan de meeste kinderen", "een van de besten
van de groep", "dat kunnen niet veel kinderen") (names_qualities); early in the talk the
teacher announces what she will tell or hear ("ik vertel even hoe het gaat", "mag ik vertellen
wat ik zie?") (procedure_proposal).

Every sentence was written for this test, as six different writers would say it (a Flemish
kleuterjuf with ge/gij, a hurried vmbo mentor, an IB'er, a warm teacher with a shy non-native
parent, a counsellor-like teacher, and a recogniser's transcript: lowercase, no punctuation,
"eh", repeated words); none comes from the corpus, the dev set or heldout. Positives the rules
do not reach yet are strict xfails in ``KNOWN_MISSES``; ``python -m tests.test_warmth_general3``
prints recall and precision.
"""

from __future__ import annotations

import pytest

from analysis.detect import build_nlp

from .challenge import items_found, known_case, report

FOUND = [
    # parent_strengths: the parent's own strength named
    (
        "parent_strengths",
        0.5,
        "Daar ligt echt uw kracht, hoor.",
        "Ik blijf gewoon rustig als hij gaat schreeuwen.",
    ),
    (
        "parent_strengths",
        0.4,
        "dat is uw sterke kant he dat geduld",
        "ik wacht tot hij zelf komt vertellen",
    ),
    (
        "parent_strengths",
        0.6,
        "Gij hebt daar echt een talent voor, om hem te kalmeren.",
        "Ik neem hem dan op schoot en we tellen tot tien.",
    ),
    (
        "parent_strengths",
        0.5,
        "Dat is jullie kracht als gezin: samen aan tafel praten.",
        "Wij eten elke avond samen, zonder telefoons.",
    ),
    (
        "parent_strengths",
        0.45,
        "eh ja dat is echt eh jouw kracht dat je zo rustig blijft",
        "ik word nooit boos op haar ik wacht gewoon",
    ),
    (
        "parent_strengths",
        0.55,
        "Daar zit uw sterkte, in dat structureren.",
        "Ik maak voor elke week een schema op de koelkast.",
    ),
    # parent_strengths: the parent's question for advice turned back to what the parent knows
    ("parent_strengths", 0.6, "Wat denkt u zelf?", "Moet ik hem dan straffen?"),
    (
        "parent_strengths",
        0.55,
        "wat zoudt gij zelf doen als ge het mocht kiezen",
        "moet ik haar dan elke dag laten oefenen",
    ),
    (
        "parent_strengths",
        0.5,
        "Hoe zou u het zelf willen aanpakken?",
        "Wat moet ik dan doen als ze weer niet wil?",
    ),
    (
        "parent_strengths",
        0.5,
        "eh wat denk jij zelf dat werkt bij hem",
        "moet ik zijn telefoon afpakken of niet",
    ),
    (
        "parent_strengths",
        0.65,
        "Wat zou je zelf tegen haar willen zeggen?",
        "Zal ik het haar vertellen, of is dat te vroeg?",
    ),
    (
        "parent_strengths",
        0.45,
        "Wat voelt u zelf dat goed is voor hem?",
        "Kan ik hem beter thuishouden die week?",
    ),
    # parent_strengths: a home practice told without ik/we, valued
    (
        "parent_strengths",
        0.5,
        "Wat een mooi idee, samen koken.",
        "Samen koken op zaterdag. Dan rekent ze zonder het te merken.",
    ),
    (
        "parent_strengths",
        0.5,
        "wat mooi zeg dat opa met hem gaat vissen",
        "opa neemt hem mee vissen op zondag dan praat hij wel",
    ),
    (
        "parent_strengths",
        0.4,
        "Wat een slimme truc, dat aftellen.",
        "Gewoon aftellen van tien naar nul, dan weet hij dat het tijd is.",
    ),
    (
        "parent_strengths",
        0.6,
        "Dat is een heel mooie gewoonte.",
        "Elke avond samen een hoofdstuk lezen, om de beurt.",
    ),
    # parent_strengths: the teacher's own opinion praising the parent's action
    (
        "parent_strengths",
        0.5,
        "Ik vind het heel knap dat u dat zo volhoudt.",
        "Elke ochtend fiets ik met hem mee naar school.",
    ),
    (
        "parent_strengths",
        0.55,
        "ik vind da echt schoon dat ge daar zo op let",
        "ik kijk altijd of ze haar brooddoos mee heeft",
    ),
    (
        "parent_strengths",
        0.5,
        "Ik vind het sterk dat jullie hem zelf laten kiezen.",
        "We laten hem zelf zijn kleren kiezen.",
    ),
    (
        "parent_strengths",
        0.6,
        "ik vind het eh heel goed dat je haar dat laat doen",
        "ik laat haar zelf de boodschappen afrekenen",
    ),
    (
        "parent_strengths",
        0.5,
        "Dat doet u heel mooi, ook al merkt u het zelf misschien niet.",
        "Ik lees hem elke avond voor.",
    ),
    (
        "parent_strengths",
        0.5,
        "Ik vind het fijn dat jullie dat thuis zo oppakken.",
        "We oefenen thuis met kaartjes.",
    ),
    # names_qualities: the child compared favourably with peers
    (
        "names_qualities",
        0.3,
        "Ze leest vlotter dan de meeste kinderen uit haar groep.",
        "Hoe gaat het met lezen?",
    ),
    ("names_qualities", 0.35, "hij rekent eh sneller dan de rest van de klas echt", "ja"),
    ("names_qualities", 0.3, "Ge moet weten: hij tekent beter dan ik.", "Tekenen doet hij graag."),
    (
        "names_qualities",
        0.4,
        "Ze is een van de besten van de groep met spelling.",
        "Ze oefent veel.",
    ),
    ("names_qualities", 0.3, "hij is eigenlijk de handigste van de klas met de laptop", "ok"),
    ("names_qualities", 0.35, "Ze kent al alle letters. Dat kunnen weinig kleuters, hoor.", "Ja."),
    (
        "names_qualities",
        0.4,
        "Hij houdt vol tot het af is. Dat doen niet veel jongens van twaalf.",
        "Hm.",
    ),
    (
        "names_qualities",
        0.3,
        "ze schrijft mooier dan de meeste leerlingen in de tweede",
        "ja ze schrijft graag",
    ),
    (
        "names_qualities",
        0.45,
        "Bij gym is hij een van de snelsten van het jaar.",
        "Hij sport veel.",
    ),
    (
        "names_qualities",
        0.3,
        "Haar verhalen zijn creatiever dan die van de anderen.",
        "Ze verzint veel.",
    ),
    ("names_qualities", 0.35, "hij werkt zorgvuldiger dan veel klasgenoten", "ja hij is precies"),
    (
        "names_qualities",
        0.4,
        "Ze begrijpt een tekst beter dan de meeste kinderen van haar leeftijd.",
        "Lezen vindt ze leuk.",
    ),
    (
        "names_qualities",
        0.3,
        "Ahmed is de sterkste van de groep met hoofdrekenen.",
        "Rekenen gaat goed?",
    ),
    (
        "names_qualities",
        0.5,
        "eh die jongen die weet meer van dieren dan ik eh echt waar dat weten niet veel kinderen",
        "hij kijkt altijd naar natuurfilms",
    ),
    (
        "names_qualities",
        0.3,
        "Hij zit al op een hoger niveau, hij leest sneller dan de rest.",
        "Lezen gaat goed?",
    ),
    (
        "names_qualities",
        0.35,
        "ze spreekt vlotter Engels dan haar klasgenoten",
        "we spreken thuis Engels",
    ),
    (
        "names_qualities",
        0.4,
        "Zo netjes werkt bijna niemand in de klas; zij is de netste van de groep.",
        "Ze is precies.",
    ),
    (
        "names_qualities",
        0.3,
        "Hij is een van de slimsten van de klas, eerlijk gezegd.",
        "Hij verveelt zich soms.",
    ),
    (
        "names_qualities",
        0.3,
        "Ze helpt anderen handiger dan de meeste kinderen dat kunnen.",
        "Ze is behulpzaam.",
    ),
    (
        "names_qualities",
        0.35,
        "Gij moet weten, hij leest vlotter dan de meeste kinderen van 't derde.",
        "Leest hij goed?",
    ),
    # procedure_proposal: the teacher announces what she will tell or hear in the talk
    ("procedure_proposal", 0.1, "Ik vertel eerst even hoe het in de klas gaat.", "Goed."),
    (
        "procedure_proposal",
        0.15,
        "mag ik eerst vertellen wat ik zie bij het buitenspelen",
        "ja hoor",
    ),
    (
        "procedure_proposal",
        0.2,
        "Ik wil u graag uitleggen wat het ontwikkelingsperspectief inhoudt.",
        "Wat is dat precies?",
    ),
    (
        "procedure_proposal",
        0.1,
        "we willen graag horen hoe jullie het thuis zien",
        "we zijn benieuwd",
    ),
    ("procedure_proposal", 0.2, "Zal ik eerst vertellen hoe de toetsen gingen?", "Ja, graag."),
    ("procedure_proposal", 0.1, "ik vertel u kort wat de bedoeling is van vanavond", "dag meester"),
    (
        "procedure_proposal",
        0.25,
        "Ik kan u wel uitleggen waarom we dat advies geven.",
        "Ik snap het advies niet.",
    ),
    (
        "procedure_proposal",
        0.15,
        "Ge moogt het zeggen, maar ik wil eerst vertellen wat ik gezien heb.",
        "Ik wil iets kwijt.",
    ),
    ("procedure_proposal", 0.2, "ik ga u eh even vertellen hoe de eerste weken gegaan zijn", "ok"),
    ("procedure_proposal", 0.1, "Eerst wil ik horen hoe het met u gaat.", "Het gaat."),
    ("procedure_proposal", 0.2, "Mag ik u vertellen hoe ik het zie?", "Ik ben boos."),
    (
        "procedure_proposal",
        0.3,
        "Dan leg ik u uit welke hulp er op school is.",
        "Wat kan de school doen?",
    ),
    (
        "procedure_proposal",
        0.15,
        "ik schets even wat er vorige week gebeurd is",
        "wat is er gebeurd",
    ),
    (
        "procedure_proposal",
        0.1,
        "We vertellen u vandaag wat we in groep acht doen met het advies.",
        "Dag.",
    ),
    ("procedure_proposal", 0.2, "Kan ik eerst vertellen wat de juf van gym zag?", "Ja."),
    ("procedure_proposal", 0.25, "ik wil eerst eens horen wat jullie ervan vinden", "tja"),
    (
        "procedure_proposal",
        0.1,
        "Ik leg u even uit hoe zo'n rapport werkt.",
        "Ik snap die cijfers niet.",
    ),
    ("procedure_proposal", 0.15, "ik vertel gewoon eh hoe ik haar zie in de groep", "ja"),
    (
        "procedure_proposal",
        0.2,
        "Wij willen u graag vertellen hoe het project is verlopen.",
        "Goed.",
    ),
    ("procedure_proposal", 0.3, "Ik wil u straks laten zien wat ze gemaakt heeft.", "Leuk."),
    # put_at_ease: the parent's arrival eased in the opening
    ("put_at_ease", 0.02, "Kom gauw binnen, het regent pijpenstelen.", ""),
    ("put_at_ease", 0.03, "kom binnen kom binnen het is koud buiten he", ""),
    ("put_at_ease", 0.03, "Zet u maar hier, dan zit u niet zo in de tocht.", "Goedemiddag."),
    ("put_at_ease", 0.04, "Ik doe het raam even dicht, het waait hier zo hard.", "Dag meester."),
    ("put_at_ease", 0.04, "Ik heb de verwarming al wat hoger gezet voor u.", "Brr, het is fris."),
    ("put_at_ease", 0.05, "Zit u goed zo, met het licht in uw rug?", "Ja, dank u."),
    (
        "put_at_ease",
        0.03,
        "Hangt u uw jas maar over de stoel, dan droogt hij een beetje.",
        "Hallo.",
    ),
    ("put_at_ease", 0.02, "Kom er maar bij, ge zijt helemaal nat geregend.", ""),
    (
        "put_at_ease",
        0.04,
        "ik heb het licht wat gedimd dat is wat rustiger voor de ogen",
        "ja ik zie niet zo goed",
    ),
    (
        "put_at_ease",
        0.05,
        "Schuif maar aan bij de kachel, dan warmt u wat op.",
        "Wat een kou, zeg.",
    ),
    # put_at_ease: a choice about the talk's pace or place
    (
        "put_at_ease",
        0.1,
        "Wil je liever een andere keer afspreken, of gaat het nu?",
        "Het is vandaag allemaal een beetje veel.",
    ),
    (
        "put_at_ease",
        0.9,
        "Blijf gerust nog even zitten, er komt pas straks iemand.",
        "Het lucht wel op, zo.",
    ),
    ("put_at_ease", 0.06, "Zal ik wat langzamer praten?", "Mijn Nederlands is niet zo goed."),
    ("put_at_ease", 0.05, "dat mag ook hoor blijft u gerust staan", "ik blijf liever staan"),
    (
        "put_at_ease",
        0.15,
        "Zullen we even pauzeren? Er is geen haast.",
        "Sorry, het wordt me even te veel.",
    ),
    (
        "put_at_ease",
        0.1,
        "wilt ge liever dat ik eerst vertel of dat gij begint",
        "ik weet niet goed hoe dat gaat",
    ),
    (
        "put_at_ease",
        0.2,
        "Wilt u even een glaasje water en dan gaan we verder?",
        "Ik moet even slikken.",
    ),
    (
        "put_at_ease",
        0.08,
        "zullen we even naar buiten lopen eh dan praat het misschien wat makkelijker",
        "ik vind dit soort gesprekken niks",
    ),
    (
        "put_at_ease",
        0.05,
        "Wil je liever op een gewone stoel zitten?",
        "Oei, die stoeltjes zijn klein.",
    ),
    (
        "put_at_ease",
        0.12,
        "We kunnen het ook aan de telefoon afmaken als dat beter uitkomt.",
        "Ik moet eigenlijk om vier uur weg.",
    ),
]

NOT_FOUND = [
    # parent_strengths near misses
    ("parent_strengths", 0.5, "Zijn kracht ligt in rekenen.", "Hoe doet hij het met rekenen?"),
    ("parent_strengths", 0.5, "Wat denkt u zelf?", "Hij is de laatste tijd zo stil."),
    ("parent_strengths", 0.5, "Wat denkt u, zal ik hem vaker laten helpen?", "Moet ik iets doen?"),
    ("parent_strengths", 0.5, "Hoe gaat het met u zelf?", "Moet ik dat zeggen?"),
    ("parent_strengths", 0.5, "Wat een mooie tekening.", "Hij heeft dit thuis getekend."),
    ("parent_strengths", 0.5, "Dat is een mooi rapport.", "Hij had allemaal voldoendes."),
    (
        "parent_strengths",
        0.5,
        "Ik vind het jammer dat u dat niet eerder zei.",
        "Hij heeft al weken buikpijn.",
    ),
    (
        "parent_strengths",
        0.5,
        "Ik vind het knap dat hij dat zelf heeft opgelost.",
        "Hij heeft het zelf uitgepraat met Tim.",
    ),
    (
        "parent_strengths",
        0.5,
        "ik vind het niet goed dat je hem zo laat laat gamen",
        "hij gamet tot twaalf uur",
    ),
    ("parent_strengths", 0.5, "Uw kracht? Nee, dat zou ik niet zeggen.", "Ben ik te streng?"),
    ("parent_strengths", 0.5, "Bedankt voor uw geduld.", "Geen probleem."),
    ("parent_strengths", 0.5, "Wat denkt hij zelf?", "Moet hij naar de bijles?"),
    # names_qualities near misses
    ("names_qualities", 0.3, "Hij is niet sneller dan de anderen.", "Rekent hij snel?"),
    ("names_qualities", 0.3, "Het gaat beter dan vorig jaar.", "Hoe gaat het?"),
    ("names_qualities", 0.3, "Rekent hij thuis sneller dan zijn zus?", "Ja."),
    (
        "names_qualities",
        0.3,
        "Ik ben zelf beter in taal dan in rekenen.",
        "Ik was slecht in rekenen.",
    ),
    ("names_qualities", 0.3, "Hij is trager dan de meeste kinderen.", "Hoe gaat het met tempo?"),
    ("names_qualities", 0.3, "De groep is dit jaar sneller dan vorig jaar.", "Hoe is de groep?"),
    ("names_qualities", 0.3, "Ze leest langzamer dan de rest van de klas.", "Hoe leest ze?"),
    ("names_qualities", 0.3, "u weet daar meer van dan ik", "ik heb daar boeken over"),
    ("names_qualities", 0.3, "Is hij een van de snelsten van de klas?", "Hij rent veel."),
    (
        "names_qualities",
        0.3,
        "Dat kunnen niet veel ouders, elke dag voorlezen.",
        "Ik lees elke dag voor.",
    ),
    # procedure_proposal near misses
    ("procedure_proposal", 0.2, "Ik heb hem verteld wat hij moet doen.", "Wat zei u tegen hem?"),
    ("procedure_proposal", 0.2, "Ik ga hem uitleggen hoe de som werkt.", "Hij snapt breuken niet."),
    ("procedure_proposal", 0.8, "Ik vertel eerst even hoe het in de klas gaat.", "Goed."),
    ("procedure_proposal", 0.2, "Ik weet niet wat ik moet vertellen.", "Zeg het maar."),
    ("procedure_proposal", 0.2, "Hij vertelt thuis nooit wat hij doet.", "Hij zegt niks."),
    ("procedure_proposal", 0.2, "Vertelt u maar hoe het thuis gaat.", "Waar zal ik beginnen?"),
    ("procedure_proposal", 0.2, "Ik hoorde van haar wat er gebeurd is.", "Ze was overstuur."),
    ("procedure_proposal", 0.2, "Ik leg de klas uit hoe we met ruzie omgaan.", "Er is veel ruzie."),
    ("procedure_proposal", 0.2, "ik snap niet wat u bedoelt", "dat zeg ik toch"),
    ("procedure_proposal", 0.2, "Wat vertelt hij thuis over school?", "Niet veel."),
    (
        "procedure_proposal",
        0.35,
        "Dan zal ik u vertellen wat ik van die ruzie weet.",
        "Ik wil nu weten wat er gebeurd is!",
    ),
    # put_at_ease near misses
    ("put_at_ease", 0.03, "Gaat u maar zitten.", "Goedemiddag."),
    (
        "put_at_ease",
        0.5,
        "Het regent vaak in de pauze, dan speelt hij binnen.",
        "Wat doet hij in de pauze?",
    ),
    ("put_at_ease", 0.03, "Kom binnen.", ""),
    (
        "put_at_ease",
        0.6,
        "Wil je liever dat hij naar groep vijf gaat, of blijft hij zitten?",
        "Ik twijfel.",
    ),
    ("put_at_ease", 0.5, "Zal ik hem vaker laten oefenen?", "Hij leest nog niet zo vlot."),
    ("put_at_ease", 0.4, "Hij zit in de klas bij het raam, in de tocht.", "Hij is vaak verkouden."),
    (
        "put_at_ease",
        0.5,
        "Ik heb de lamp boven zijn tafel laten maken.",
        "Hij klaagt over het licht.",
    ),
    ("put_at_ease", 0.5, "Blijft hij nog even zitten na de les?", "Hij moet strafwerk maken."),
    ("put_at_ease", 0.7, "We kunnen ook de tafels aan de telefoon overhoren.", "Hoe oefenen we?"),
    ("put_at_ease", 0.05, "Wil je eerst de cijfers zien of het verslag?", "Zeg het maar."),
    (
        "put_at_ease",
        0.6,
        "Het was koud op schoolreis, hij had geen jas bij.",
        "Hij was ziek daarna.",
    ),
    ("put_at_ease", 0.4, "Zullen we het over zijn rekenen hebben?", "Ja."),
]

KNOWN_MISSES = {
    "wat mooi zeg dat opa met hem gaat vissen",
    "ik vind da echt schoon dat ge daar zo op let",
    "ik heb het licht wat gedimd dat is wat rustiger voor de ogen",
    "We kunnen het ook aan de telefoon afmaken als dat beter uitkomt.",
    "Haar verhalen zijn creatiever dan die van de anderen.",
    "ze spreekt vlotter Engels dan haar klasgenoten",
    "Dan leg ik u uit welke hulp er op school is.",
    "Ik leg u even uit hoe zo'n rapport werkt.",
    "We vertellen u vandaag wat we in groep acht doen met het advies.",
    "ik ga u eh even vertellen hoe de eerste weken gegaan zijn",
    "we willen graag horen hoe jullie het thuis zien",
}
KNOWN_FALSE_ALARMS = {
    "Wil je eerst de cijfers zien of het verslag?",
    "Dan zal ik u vertellen wat ik van die ruzie weet.",
}


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
    for item in ("parent_strengths", "put_at_ease", "names_qualities", "procedure_proposal"):
        assert sum(case[0] == item for case in FOUND) >= 20, item
        assert sum(case[0] == item for case in NOT_FOUND) >= 10, item


def test_known_lists_name_real_cases() -> None:
    assert {case[2] for case in FOUND} >= KNOWN_MISSES
    assert {case[2] for case in NOT_FOUND} >= KNOWN_FALSE_ALARMS


if __name__ == "__main__":
    report(FOUND, NOT_FOUND)
