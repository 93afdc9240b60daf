"""Challenge set for reflections in plain words (issue #13, session 10).

Feeling reflections said as a judgement of the situation, two kinds the rules missed on writers
they were not written on: an understatement with a negation ("dat is niet makkelijk voor u",
"da's geen pretje", "dat is niet niks") and a feeling word on a noun of time or situation with
"dat/het" as subject ("dat is een zware periode", "het waren pittige weken"). Active listening:
the parent's content given back in plain words or followed up, and as near misses the parent's
words taken up as the topic of the teacher's own agenda (small talk, coffee, how to keep in
touch, the plan of the talk), which gives nothing back.

Every sentence was written for this test, as six different writers would say it (a Flemish
kleuterjuf with ge/gij, a hurried vmbo mentor, an IB'er, a warm teacher with a shy non-native
parent, a counsellor-like teacher, and a recogniser's transcript: lowercase, no punctuation,
"eh", repeated words); none comes from the corpus, the dev set or heldout. The feeling near
misses are the look-alikes the guide does not count: a hedge ("dat is niet makkelijk te
zeggen"), a reassurance ("dat is niet moeilijk"), a task ("de toets was niet makkelijk"), a
question, the teacher's own feeling, praise of a thing.

Positives the rules do not reach yet are listed in ``KNOWN_MISSES`` (strict xfails).
``python -m tests.test_reflections_general3`` prints recall and precision.
"""

from __future__ import annotations

import pytest

from analysis.detect import build_nlp

from .challenge import items_found, known_case, report

FR = "feeling_reflection"
AL = "active_listening"

# (item, position in the talk, teacher turn, parent turn before it): the item must be found.
FOUND = [
    # -- understatement with a negation
    (
        FR,
        0.4,
        "Amai, da's niet simpel voor u, zo alleen met drie.",
        "Mijn man werkt in Antwerpen, ik sta er alleen voor.",
    ),
    (
        FR,
        0.5,
        "Dat is geen pretje, elke ochtend die strijd.",
        "Elke ochtend weer ruzie over zijn kleren.",
    ),
    (
        FR,
        0.5,
        "Oei, dat is niet niks voor jullie.",
        "We moeten na de zomer verhuizen, naar de andere kant van de stad.",
    ),
    (
        FR,
        0.4,
        "dat is niet makkelijk eh met twee banen",
        "ik werk overdag en s avonds in de schoonmaak",
    ),
    (FR, 0.5, "ja dat is ook niet leuk voor u", "hij praat thuis bijna niet meer tegen mij"),
    (
        FR,
        0.6,
        "Dat was vast niet eenvoudig, die eerste maanden hier.",
        "We kwamen in maart, we kenden niemand.",
    ),
    (
        FR,
        0.5,
        "Dat is niet gemakkelijk, om dat telkens te moeten uitleggen.",
        "Iedereen vraagt waarom ze niet praat op school.",
    ),
    (
        FR,
        0.4,
        "da's geen makkelijke tijd geweest voor u",
        "eerst het ziekenhuis en dan nog die verhuis",
    ),
    (
        FR,
        0.5,
        "Dat is ook niet zo fijn, om dat van een ander te horen.",
        "De buurvrouw vertelde het mij, niet de school.",
    ),
    (FR, 0.5, "dat is echt geen pretje nee nee", "hij slaapt al weken slecht en ik dus ook"),
    (
        FR,
        0.5,
        "Dat zal niet makkelijk zijn, met een baby erbij.",
        "De kleine huilt veel, ik slaap weinig.",
    ),
    (
        FR,
        0.6,
        "Dat was voor jullie allebei niet simpel.",
        "Na de scheiding hebben we alles opnieuw moeten regelen.",
    ),
    # -- a feeling word on a noun of time or situation
    (
        FR,
        0.5,
        "Dat is een pittige periode voor u.",
        "Mijn moeder is ziek en ik rijd elke dag naar haar toe.",
    ),
    (FR, 0.5, "Het waren zware weken, hoor ik.", "Hij lag twee weken in het ziekenhuis."),
    (FR, 0.4, "da's een moeilijke situatie mevrouw", "zijn vader wil niet dat hij bij mij woont"),
    (FR, 0.5, "Dat is een pijnlijke ervaring geweest.", "Ze werd uitgelachen toen ze voorlas."),
    (
        FR,
        0.5,
        "dat is een heel vervelende situatie eh ja",
        "ze hebben zijn fiets weer kapotgemaakt",
    ),
    (
        FR,
        0.5,
        "Dat moet een spannende tijd zijn, zo vlak voor de operatie.",
        "Volgende week wordt ze geopereerd aan haar oor.",
    ),
    (FR, 0.6, "Dat was een lastige periode, die winter.", "Ik was die hele winter ziek thuis."),
    (
        FR,
        0.5,
        "Dat is een rotsituatie, eerlijk gezegd.",
        "Haar beste vriendin verhuist naar Groningen.",
    ),
    (FR, 0.5, "dat zijn zware dagen zo zonder slaap", "de baby is elke nacht drie keer wakker"),
    (FR, 0.4, "Dat is een hele zware klap geweest.", "Zijn opa is in de vakantie overleden."),
    (
        FR,
        0.5,
        "Het is een moeilijk jaar geweest voor jullie gezin.",
        "Eerst verloor ik mijn werk, toen werd mijn vrouw ziek.",
    ),
    (FR, 0.5, "Dat was een enge nacht.", "We hebben met hem naar de spoedeisende hulp gemoeten."),
    # -- active listening: the parent's content given back in plain words, or a follow-up on it
    (
        AL,
        0.5,
        "Dus je wilt eigenlijk dat hij zelf leert plannen.",
        "Ik wil niet steeds achter hem aan zitten met zijn huiswerk.",
    ),
    (
        AL,
        0.5,
        "Het is voor jou belangrijk dat ze met plezier naar school gaat.",
        "Cijfers vind ik minder belangrijk, als ze het maar naar haar zin heeft.",
    ),
    (
        AL,
        0.5,
        "jij ziet het nut er niet zo van in eh van die bijles",
        "ik snap niet waarom hij naar die bijles moet hij haalt toch voldoendes",
    ),
    (
        AL,
        0.4,
        "Ge wilt vooral dat hij rustig kan slapen, hè.",
        "Hij ligt tot middernacht wakker, ik wil gewoon dat hij slaapt.",
    ),
    (
        AL,
        0.5,
        "Thuis leest ze dus vooral stripboeken.",
        "Romans legt ze weg, maar strips leest ze in een ruk uit.",
    ),
    (
        AL,
        0.5,
        "U zegt dat hij op zondag al buikpijn krijgt.",
        "Zondagavond begint het al, dan heeft hij buikpijn.",
    ),
    (
        AL,
        0.5,
        "Hoe merkt u dat hij het niet leuk meer vindt?",
        "Hij wil niet meer naar de voetbaltraining.",
    ),
    (AL, 0.6, "Wat bedoelt u precies met druk?", "Hij is thuis de laatste tijd zo druk."),
    (AL, 0.5, "sinds wanneer slaapt hij zo slecht", "hij slaapt de laatste tijd heel slecht"),
    (
        AL,
        0.5,
        "Dus in het weekend gaat het wel, en op maandag begint het weer.",
        "In het weekend is hij vrolijk, maar maandag wil hij niet.",
    ),
    (
        AL,
        0.5,
        "je bent er eigenlijk wel klaar mee met dat gedoe in de groepsapp",
        "elke avond weer die berichten in de app ik word er gek van",
    ),
    (
        AL,
        0.4,
        "U heeft dus het idee dat niemand naar hem luistert.",
        "Ik heb al drie keer gemaild en er gebeurt niks.",
    ),
    (
        AL,
        0.5,
        "eh dus s ochtends gaat het mis met aankleden",
        "s ochtends is het elke keer ruzie over zijn kleren",
    ),
    (
        AL,
        0.5,
        "Jullie merken thuis vooral dat ze stiller is geworden.",
        "Ze praat thuis bijna niet meer, ze zit veel op haar kamer.",
    ),
    (
        AL,
        0.6,
        "Ge zegt dat ze pas begint te huilen als ze thuis is, niet eerder?",
        "Op school houdt ze zich groot, thuis komt het eruit.",
    ),
    (
        AL,
        0.5,
        "Hij heeft dus een nieuwe vriend, uit de buurt.",
        "Hij speelt nu veel met een jongen uit de straat.",
    ),
    (
        AL,
        0.5,
        "Wat gebeurt er dan precies als hij thuiskomt?",
        "Als hij thuiskomt gooit hij zijn tas in de hoek.",
    ),
    (
        AL,
        0.5,
        "en als ze boos wordt wat doet u dan",
        "ze kan heel boos worden als ze moet stoppen met tablet",
    ),
    (
        AL,
        0.5,
        "Zij wil graag bij haar oude vriendinnen in de klas blijven.",
        "Ze wil niet naar de andere groep, haar vriendinnen blijven hier.",
    ),
    (
        AL,
        0.5,
        "Het eten gaat dus wel, maar slapen is het probleem.",
        "Hij eet goed, maar hij slaapt heel slecht.",
    ),
    (AL, 0.5, "hoe lang speelt dat nou al", "hij wil s ochtends niet meer uit bed komen"),
    (AL, 0.4, "En sinds wanneer is dat zo, ongeveer?", "Ze eet bijna niks meer bij het ontbijt."),
    (
        AL,
        0.5,
        "wat doet dat met jullie als gezin",
        "mijn man zit sinds maart in het buitenland voor zijn werk",
    ),
    (
        AL,
        0.6,
        "eh hoe vaak gebeurt dat dan in een week",
        "soms slaat hij zijn zusje als hij moe is",
    ),
]

# (item, position, teacher turn, parent turn before it): the item must NOT be found.
NOT_FOUND = [
    (FR, 0.5, "Dat is niet makkelijk te zeggen.", "Gaat hij over naar groep zes?"),
    (FR, 0.5, "Dat is niet moeilijk, hoor.", "Is het huiswerk veel?"),
    (FR, 0.5, "De toets was niet makkelijk, dat klopt.", "Hij had een vijf voor de rekentoets."),
    (FR, 0.5, "Is dat niet makkelijk voor hem?", "Hij mag nu zelf fietsen naar school."),
    (FR, 0.5, "Dat is niet erg.", "Sorry dat ik zo laat ben."),
    (
        FR,
        0.5,
        "Ik vind dat niet makkelijk, eerlijk gezegd.",
        "U moet hem toch gewoon strenger aanpakken.",
    ),
    (FR, 0.5, "Dat is een moeilijke som.", "Hij snapt die deelsommen niet."),
    (FR, 0.5, "Dat is een mooie tekening.", "Die heeft ze thuis voor u gemaakt."),
    (FR, 0.5, "Dat is een moeilijke vraag.", "Wat zou u doen als hij niet overgaat?"),
    (
        FR,
        0.5,
        "Als het niet makkelijk is, belt u maar.",
        "Ik weet niet of het lukt met dat schema.",
    ),
    (
        FR,
        0.5,
        "dat is niet zo simpel om te regelen want het rooster ligt vast",
        "kan hij niet een ander uur krijgen",
    ),
    (FR, 0.5, "Het was een drukke week op school.", "Ja."),
    (
        FR,
        0.5,
        "Een lastige periode komt er nog aan, met de toetsen.",
        "Hoe gaat het verder dit jaar?",
    ),
    (FR, 0.5, "Dat was geen makkelijke toets.", "Ze was er niet blij mee."),
    # -- active listening: the parent's words as the topic of the teacher's own agenda
    (
        AL,
        0.05,
        "Met de fiets door die regen, wilt u een kop thee om op te warmen?",
        "Ik ben met de fiets gekomen, door die regen.",
    ),
    (
        AL,
        0.05,
        "da's een hele rit met de bus ja ge moogt uw jas hier ophangen",
        "ik ben met de bus gekomen een uur onderweg",
    ),
    (
        AL,
        0.1,
        "Mijn Duits is ook niet goed, hoor, we komen er samen wel uit.",
        "Sorry, mijn Nederlands is niet goed.",
    ),
    (
        AL,
        0.7,
        "Hoe wilt u dat ik u op de hoogte houd, per mail of bellen?",
        "Bellen gaat moeilijk, ik werk in ploegen.",
    ),
    (
        AL,
        0.7,
        "wilt u dat ik u een berichtje stuur of liever bel want u werkt veel",
        "ik werk veel ja",
    ),
    (
        AL,
        0.1,
        "Eerst vertel ik hoe het in de klas gaat, daarna hoor ik graag hoe het thuis gaat.",
        "Ik weet eigenlijk niet hoe het in de klas gaat.",
    ),
    (AL, 0.5, "Dat is geen pretje.", "Ja."),
    (
        AL,
        0.5,
        "Nee, een tweede taal helpt juist bij het leren.",
        "Is Turks thuis slecht voor zijn Nederlands?",
    ),
    (AL, 0.5, "Wat een mooie tekening.", "Die heeft hij thuis gemaakt, voor u."),
    (AL, 0.5, "Hoe gaat het met rekenen?", "Met lezen gaat het goed."),
    (AL, 0.9, "Hoe vond u dat, dit gesprek?", "Het was fijn om alles eens op een rij te hebben."),
    (AL, 0.5, "Hoe zou u het vinden als ik dat met hem oefen?", "Hij vergeet steeds zijn agenda."),
    (AL, 0.5, "Hoe merkt u dat hij moe is?", "Ja."),
]

# Positives the rules do not reach yet, and near misses they still find.
KNOWN_MISSES = {
    "dat is echt geen pretje nee nee",
    "Ge zegt dat ze pas begint te huilen als ze thuis is, niet eerder?",
    "Hoe merkt u dat hij het niet leuk meer vindt?",
    "eh hoe vaak gebeurt dat dan in een week",
    # Since a tag set off by a comma makes this a closed question (session 10 round B), the
    # statement-only rule luisteren.u_wilt_denkt no longer takes it; a tagged reflection is both.
    "Ge wilt vooral dat hij rustig kan slapen, hè.",
    "hoe lang speelt dat nou al",
    "je bent er eigenlijk wel klaar mee met dat gedoe in de groepsapp",
    "wat doet dat met jullie als gezin",
}
KNOWN_FALSE_ALARMS = {
    "Hoe wilt u dat ik u op de hoogte houd, per mail of bellen?",
    "wilt u dat ik u een berichtje stuur of liever bel want u werkt veel",
    "Hoe vond u dat, dit gesprek?",
}


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.mark.parametrize(
    ("item", "position", "text", "before"), [known_case(c, KNOWN_MISSES) for c in FOUND]
)
def test_situation_feeling_found(nlp, item: str, position: float, text: str, before: str) -> None:
    found = items_found(nlp, text, before, position)
    assert item in found, f"{item} missed: {text!r} (found {sorted(found)})"


@pytest.mark.parametrize(
    ("item", "position", "text", "before"), [known_case(c, KNOWN_FALSE_ALARMS) for c in NOT_FOUND]
)
def test_situation_feeling_not_found_in_near_miss(
    nlp, item: str, position: float, text: str, before: str
) -> None:
    found = items_found(nlp, text, before, position)
    assert item not in found, f"{item} wrongly found in {text!r}"


def test_challenge_set_is_large_enough() -> None:
    assert sum(case[0] == FR for case in FOUND) >= 20
    assert sum(case[0] == FR for case in NOT_FOUND) >= 10
    assert sum(case[0] == AL for case in FOUND) >= 20
    assert sum(case[0] == AL for case in NOT_FOUND) >= 10


def test_known_lists_name_real_cases() -> None:
    assert {case[2] for case in FOUND} >= KNOWN_MISSES
    assert {case[2] for case in NOT_FOUND} >= KNOWN_FALSE_ALARMS


if __name__ == "__main__":
    report(FOUND, NOT_FOUND)
