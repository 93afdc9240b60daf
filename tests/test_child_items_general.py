"""Challenge sentences for the child items asks_home, parent_strengths, basic_needs and
names_qualities (issue #13), written for this test.

Each item is defined in ``../shared/ANNOTATION.md``. The sentences are our own and varied on
purpose, as six different writers would put them: a Flemish kleuterjuf, a hurried mentor, an
intern supervisor (IB'er), a warm teacher with a shy non-native parent, a counsellor-like teacher
and a recogniser transcript (lowercase, no punctuation, "eh", repeated words). None comes from the
corpus, the dev set or heldout. Each sentence follows a parent turn of its own and is run through
the real pipeline at its place in the talk. The rules must find most positives (recall) and
leave most near misses alone (precision); the numbers are printed for the record.
"""

from __future__ import annotations

import logging

import pytest

from analysis.detect import build_nlp, rules_in_text
from analysis.detect.rulefiles import load_rules

LOG = logging.getLogger(__name__)
ITEM_OF_RULE = {rule.id: rule.item for rule in load_rules()}

# (item, parent turn before, position in the talk, teacher sentence): the item must be found.
FOUND = [
    # asks_home
    ("asks_home", "Het gaat wel, denk ik.", 0.3, "Hoe is Daan thuis de laatste tijd?"),
    ("asks_home", "Ja hoor.", 0.3, "Wat doet ze het liefst als ze uit school komt?"),
    ("asks_home", "Hij is een bezige bij.", 0.3, "speelt hij thuis veel met zijn broertje"),
    ("asks_home", "Mm.", 0.4, "Vertelt hij weleens iets over de klas als hij thuis is?"),
    ("asks_home", "Ze slaapt slecht.", 0.4, "Hoe gaat het slapengaan bij jullie?"),
    ("asks_home", "Ja, 't is een lieve.", 0.3, "Zegt ze thuis soms iets over de juf?"),
    ("asks_home", "Allez, ja.", 0.3, "En hoe is 't met hem in 't weekend?"),
    ("asks_home", "We hebben het druk.", 0.4, "Wat zien jullie daar thuis van?"),
    ("asks_home", "ja", 0.3, "eh hoe gaat het eh thuis met met hem"),
    ("asks_home", "ja ze is wel moe", 0.4, "en eet ze goed 's avonds"),
    (
        "asks_home",
        "Hij zit op voetbal.",
        0.4,
        "Hoe gaat het bij de club, heeft hij het daar naar zijn zin?",
    ),
    ("asks_home", "Ze gaat vaak naar oma.", 0.4, "En bij oma, hoe is ze daar?"),
    ("asks_home", "Ja. Thuis goed.", 0.3, "Wat doet Amir thuis? Speelt hij veel?"),
    ("asks_home", "Ze leest niet graag.", 0.4, "Pakt ze thuis zelf wel eens een boek?"),
    ("asks_home", "Het is soms heftig.", 0.4, "Hoe reageert hij thuis als iets niet lukt?"),
    ("asks_home", "Ik weet het niet goed.", 0.4, "Wat ziet u bij hem als hij 's avonds thuiskomt?"),
    ("asks_home", "Ze heeft twee zussen.", 0.3, "Hoe gaat ze om met haar zussen?"),
    ("asks_home", "Hij is vaak boos.", 0.4, "Is hij thuis ook zo snel boos?"),
    ("asks_home", "In de klas gaat het dus.", 0.4, "ook thuis?"),
    ("asks_home", "Hij vindt rekenen stom.", 0.5, "Oefent hij thuis weleens met de tafels?"),
    ("asks_home", "Ze tekent graag.", 0.3, "Waar speelt ze mee als ze thuis is?"),
    ("asks_home", "ja klopt", 0.3, "wat vertelt ze eh thuis over haar vriendinnetjes"),
    ("asks_home", "Hij is dol op dieren.", 0.3, "Heeft hij thuis huisdieren waar hij voor zorgt?"),
    ("asks_home", "Ze is moe na school.", 0.4, "Hoe is ze aan tafel, eet ze een beetje?"),
    ("asks_home", "Thuis gaat het prima.", 0.4, "Herkent u dat gedrag in de thuissituatie?"),
    ("asks_home", "Hij gamet veel.", 0.4, "Hoeveel tijd zit hij thuis achter een scherm?"),
    ("asks_home", "Ja, ze is veel weg.", 0.3, "Wat doet ze na school, heeft ze een bijbaantje?"),
    (
        "asks_home",
        "Ze huilt soms.",
        0.4,
        "Hoe gaat het 's ochtends bij jullie voordat ze vertrekt?",
    ),
    ("asks_home", "Hij praat weinig.", 0.3, "Praat hij thuis Turks of Nederlands?"),
    ("asks_home", "ze is wel blij", 0.4, "hoe is ze dan in het weekend bij jullie"),
    ("asks_home", "Hij zit veel op zijn kamer.", 0.4, "Komt hij thuis wel eens met vrienden aan?"),
    ("asks_home", "Het gaat wel.", 0.4, "Merkt u thuis iets van de spanning rond de toetsen?"),
    ("asks_home", "Ze wil niet naar school.", 0.4, "Wat zegt ze er thuis zelf over?"),
    ("asks_home", "Da's waar.", 0.4, "Hoe slaapt hij 's nachts, slaapt hij goed door?"),
    ("asks_home", "Ze is daar drie middagen.", 0.3, "Gaat ze graag naar de opvang?"),
    ("asks_home", "Hij is druk.", 0.3, "Met wie speelt hij het liefst buiten?"),
    ("asks_home", "ja hij is vier", 0.1, "is hij al zindelijk"),
    ("asks_home", "Ze zit op dansles.", 0.3, "Heeft ze nog meer hobby's?"),
    ("asks_home", "Hij heeft een zusje.", 0.3, "Hoe is hij met zijn zusje?"),
    ("asks_home", "Ze is graag binnen.", 0.3, "Kijkt ze veel tv?"),
    ("asks_home", "ja", 0.3, "en kan ze al eh fietsen zonder zijwieltjes"),
    ("asks_home", "Hij heeft vaak buikpijn.", 0.4, "Heeft hij dat vaker, die buikpijn?"),
    ("asks_home", "Ze kookt graag.", 0.3, "Helpt ze weleens met koken?"),
    ("asks_home", "Hij verveelt zich snel.", 0.3, "Wat vindt hij leuk om te doen?"),
    ("asks_home", "Ze zit op de scouts.", 0.3, "Heeft ze het daar naar haar zin?"),
    ("asks_home", "Hij logeert vaak bij zijn tante.", 0.4, "En hoe gaat het daar met hem?"),
    ("asks_home", "Uw zoon is de oudste.", 0.3, "Hoe gaat uw zoon om met de kleintjes?"),
    ("asks_home", "Ze zit veel op haar telefoon.", 0.4, "Met wie appt ze dan zoal?"),
    # parent_strengths
    (
        "parent_strengths",
        "Ik lees elke avond met haar.",
        0.5,
        "Wat fijn dat u dat elke avond doet, daar heeft ze veel aan.",
    ),
    (
        "parent_strengths",
        "Hij wordt thuis ook snel boos.",
        0.5,
        "Wat helpt bij jullie thuis als hij zo boos wordt?",
    ),
    (
        "parent_strengths",
        "Ik weet het soms niet.",
        0.5,
        "U kent hem het beste. Wat werkt er bij hem?",
    ),
    (
        "parent_strengths",
        "We maken een weekplanning op de koelkast.",
        0.5,
        "Goed bedacht van jullie, dat kunnen we in de klas ook gebruiken.",
    ),
    (
        "parent_strengths",
        "Ik kan wel helpen bij het schoolreisje.",
        0.6,
        "Dat is een mooi aanbod, dank u wel.",
    ),
    (
        "parent_strengths",
        "Ik denk dat ze meer rust nodig heeft.",
        0.5,
        "Daar heeft u helemaal gelijk in.",
    ),
    (
        "parent_strengths",
        "Ik zing met hem als hij niet wil.",
        0.5,
        "Da's echt goed gevonden van u.",
    ),
    (
        "parent_strengths",
        "Ze luistert beter als ik het rustig zeg.",
        0.5,
        "Hoe pakt u dat thuis aan, als ze niet wil luisteren?",
    ),
    (
        "parent_strengths",
        "Ik kook samen met hem.",
        0.5,
        "Hoe krijgt u het voor elkaar dat hij aan tafel blijft zitten?",
    ),
    (
        "parent_strengths",
        "Met de tablet gaat het beter.",
        0.7,
        "Wat u thuis doet met die tablet, wilt u dat blijven doen?",
    ),
    ("parent_strengths", "Ik check elke avond zijn agenda.", 0.5, "Top dat je dat doet, echt."),
    (
        "parent_strengths",
        "Ik heb de juf van vorig jaar gebeld.",
        0.4,
        "Goed dat u dat gedaan heeft.",
    ),
    (
        "parent_strengths",
        "Ik weet niet of ik het goed doe.",
        0.5,
        "Wat gaat er volgens u goed in hoe u hem helpt?",
    ),
    (
        "parent_strengths",
        "We praten er 's avonds over.",
        0.5,
        "Knap hoe jullie dat samen oppakken.",
    ),
    (
        "parent_strengths",
        "ik doe het met een beloningskaart",
        0.5,
        "oh dat is een goed idee van u eh die beloningskaart",
    ),
    ("parent_strengths", "ja soms lukt het", 0.5, "wat werkt er eh bij u thuis het beste"),
    ("parent_strengths", "Ik help met de woordjes.", 0.5, "Heel goed dat u helpt met de woordjes."),
    (
        "parent_strengths",
        "Wij hebben een vaste bedtijd ingevoerd.",
        0.5,
        "Dat is heel verstandig van jullie.",
    ),
    (
        "parent_strengths",
        "Ik geef hem een timer.",
        0.5,
        "Kunt u vertellen hoe u dat met die timer doet? Dan proberen we het hier ook.",
    ),
    (
        "parent_strengths",
        "Ze vertelt het alleen aan mij.",
        0.5,
        "U bent echt een steun voor haar, dat merk ik.",
    ),
    (
        "parent_strengths",
        "Wat kan ik doen?",
        0.5,
        "Wat heeft vroeger bij haar goed gewerkt, denkt u?",
    ),
    (
        "parent_strengths",
        "Ik heb een schema gemaakt.",
        0.6,
        "Dank u wel voor dat schema, daar hebben wij veel aan.",
    ),
    (
        "parent_strengths",
        "Als hij moe is laat ik hem even rusten.",
        0.5,
        "Dat doet u heel goed, hij heeft die rust nodig.",
    ),
    (
        "parent_strengths",
        "We lezen samen de ondertitels.",
        0.7,
        "Wat u thuis met de ondertitels doet, willen we graag verder uitbouwen.",
    ),
    (
        "parent_strengths",
        "Ik ben streng maar eerlijk.",
        0.5,
        "Hoe doet u dat thuis, als hij weigert?",
    ),
    ("parent_strengths", "Ik ga met haar naar de bib.", 0.5, "Amai, gij doet dat goed."),
    (
        "parent_strengths",
        "We hebben geen geld voor bijles.",
        0.5,
        "U doet al heel veel voor hem, dat zie ik.",
    ),
    ("parent_strengths", "Ik wil graag meehelpen.", 0.6, "Fijn dat u wilt meedenken."),
    (
        "parent_strengths",
        "Met muziek kan hij zich goed concentreren.",
        0.5,
        "Hoe zet u die muziek thuis in?",
    ),
    (
        "parent_strengths",
        "ik maak altijd een lijstje",
        0.5,
        "wat slim dat u dat doet met dat lijstje",
    ),
    (
        "parent_strengths",
        "Ik zeg het één keer en dan is het klaar.",
        0.5,
        "Wat maakt dat het bij u wel lukt?",
    ),
    ("parent_strengths", "Ik ken hem.", 0.5, "Jullie weten het beste wat hij nodig heeft."),
    # basic_needs
    (
        "basic_needs",
        "Hoe gaat het met haar?",
        0.3,
        "Ze heeft in de klas een vriendinnetje gevonden.",
    ),
    ("basic_needs", "Hij is wat stil.", 0.3, "Hij voelt zich nog niet helemaal thuis in de groep."),
    ("basic_needs", "Ze was zo verlegen.", 0.4, "Ze durft nu zelf haar vinger op te steken."),
    ("basic_needs", "Hij kan veel.", 0.4, "Hij werkt steeds zelfstandiger aan zijn weektaak."),
    (
        "basic_needs",
        "Rekenen vond ze eng.",
        0.4,
        "Ze heeft meer zelfvertrouwen gekregen bij rekenen.",
    ),
    ("basic_needs", "Hij vertelt weinig.", 0.4, "In de pauze wordt hij soms buitengesloten."),
    (
        "basic_needs",
        "Hij praat veel over u.",
        0.3,
        "Hij zoekt mij vaak op als er iets is, we hebben een goede band.",
    ),
    (
        "basic_needs",
        "Mag ze dat?",
        0.4,
        "Ze mag in de klas zelf kiezen waaraan ze werkt, en dat doet ze goed.",
    ),
    ("basic_needs", "Ze is thuis stil.", 0.3, "Ze durft al eens iets te zeggen in de kring."),
    ("basic_needs", "Hij was nieuw.", 0.3, "Hij hoort er echt bij in groep zes."),
    ("basic_needs", "Hoe is het in de klas?", 0.3, "Ze heeft het naar haar zin in de klas."),
    ("basic_needs", "ja", 0.3, "eh hij speelt in de klas eh vaak met met Ahmed"),
    ("basic_needs", "ja dat is fijn", 0.4, "ze durft eh steeds meer in de klas"),
    ("basic_needs", "Hij twijfelt vaak.", 0.4, "Als iets lukt, zie je hem echt stralen."),
    ("basic_needs", "Hij wil het perfect doen.", 0.4, "Hij is bang om fouten te maken in de klas."),
    ("basic_needs", "Ze praat veel over u.", 0.3, "Ze voelt zich veilig bij mij."),
    (
        "basic_needs",
        "Hij was erg afhankelijk.",
        0.4,
        "Het lukt hem nu om zelf zijn spullen te pakken.",
    ),
    (
        "basic_needs",
        "Hij is nieuw op school.",
        0.3,
        "Hij heeft nog weinig aansluiting bij de andere kinderen.",
    ),
    ("basic_needs", "Ze wil niet meer naar school.", 0.4, "Ze wordt soms gepest in de klas."),
    (
        "basic_needs",
        "Hij vertelt er weinig over.",
        0.4,
        "Hij staat op het schoolplein vaak alleen te kijken.",
    ),
    (
        "basic_needs",
        "Ze is streng voor zichzelf.",
        0.4,
        "Ze is trots als ze een taak helemaal zelf heeft afgemaakt.",
    ),
    (
        "basic_needs",
        "Hij vroeg altijd hulp.",
        0.4,
        "Hij kan al veel zelf, hij vraagt steeds minder hulp.",
    ),
    (
        "basic_needs",
        "Hij is net verhuisd.",
        0.3,
        "De verbinding met zijn klasgenoten is nog kwetsbaar.",
    ),
    (
        "basic_needs",
        "Ze zegt dat ze dom is.",
        0.4,
        "Ze gelooft niet dat ze het kan, terwijl ze het wel kan.",
    ),
    ("basic_needs", "Hij had geen vriendjes.", 0.3, "Hij heeft een maatje gevonden in de klas."),
    ("basic_needs", "Ze is snel onzeker.", 0.4, "In het groepje voelt ze zich veilig."),
    ("basic_needs", "ik weet het niet", 0.4, "hij voelt zich eh niet zo fijn in de groep"),
    ("basic_needs", "Hij is een leider.", 0.4, "Hij neemt zelf initiatief in de groep."),
    (
        "basic_needs",
        "Ze is verlegen.",
        0.3,
        "Ze speelt graag met de andere kindjes in de poppenhoek.",
    ),
    ("basic_needs", "Ze zegt niet veel.", 0.4, "Ze durft geen vragen te stellen aan de juf."),
    (
        "basic_needs",
        "Lezen was moeilijk.",
        0.4,
        "Hij ervaart nu succes bij het lezen, dat geeft hem moed.",
    ),
    ("basic_needs", "Heeft ze vriendjes?", 0.3, "In de klas heeft ze veel vriendjes."),
    # names_qualities
    ("names_qualities", "Ze is thuis ook zo.", 0.3, "Ze is heel zorgzaam voor de kleintjes."),
    ("names_qualities", "Hij geeft niet snel op.", 0.3, "Hij is een echte doorzetter."),
    ("names_qualities", "Hij tekent veel.", 0.3, "Hij kan heel goed tekenen."),
    ("names_qualities", "Ze vertelt graag.", 0.3, "Ze is erg creatief met verhalen."),
    ("names_qualities", "Hoe doet hij het?", 0.3, "Wat hij goed kan is anderen helpen."),
    ("names_qualities", "Ze vraagt veel.", 0.3, "Ze is echt een slimme meid, heel leergierig."),
    ("names_qualities", "Hij sleutelt graag.", 0.3, "Hij is sterk in techniek."),
    ("names_qualities", "ja", 0.3, "hij is eh heel behulpzaam"),
    ("names_qualities", "Ze maakt grapjes.", 0.3, "Ze heeft een groot gevoel voor humor."),
    ("names_qualities", "Hij liegt nooit.", 0.3, "Hij is eerlijk, ook als het moeilijk is."),
    ("names_qualities", "Ze is precies.", 0.3, "Ze is heel nauwkeurig in haar werk."),
    ("names_qualities", "Wat kan hij goed?", 0.3, "Zijn kracht is dat hij goed kan luisteren."),
    ("names_qualities", "Ze heeft veel vriendinnen.", 0.3, "Ze is sociaal en denkt aan anderen."),
    ("names_qualities", "Hoe gaat rekenen?", 0.3, "Hij rekent vlot en nauwkeurig."),
    (
        "names_qualities",
        "Ze vraagt alles.",
        0.3,
        "Wat ik zo mooi vind aan haar is haar nieuwsgierigheid.",
    ),
    ("names_qualities", "Hij zingt de hele dag.", 0.3, "Hij is ontzettend muzikaal."),
    ("names_qualities", "Ze is de oudste.", 0.3, "Ze is een echte leider in de groep."),
    ("names_qualities", "Hij heeft een zusje.", 0.3, "Hij is zo geduldig met de jongere kinderen."),
    ("names_qualities", "Ze schrijft veel.", 0.3, "Ze schrijft prachtige verhalen."),
    ("names_qualities", "ze is lief", 0.3, "ze is eh echt heel lief voor de andere kinderen"),
    ("names_qualities", "Hij geeft niet op.", 0.3, "Hij heeft veel doorzettingsvermogen."),
    ("names_qualities", "Ze leest veel.", 0.3, "Ze is heel goed in taal."),
    ("names_qualities", "Hij is netjes.", 0.3, "Hij is vriendelijk en beleefd."),
    ("names_qualities", "Ze heeft een agenda.", 0.3, "Haar sterke punt is plannen."),
    ("names_qualities", "Hij werkt hard.", 0.3, "Hij is een harde werker."),
    (
        "names_qualities",
        "Ze troost haar broertje.",
        0.3,
        "Ze is heel attent, ze ziet het als iemand verdrietig is.",
    ),
    ("names_qualities", "Hij praat graag.", 0.3, "Hij denkt goed mee in de kring."),
    ("names_qualities", "Ze voetbalt.", 0.3, "Ze is sportief en ze speelt heel eerlijk."),
    (
        "names_qualities",
        "Hij maakt grapjes.",
        0.3,
        "Hij is een vrolijke jongen die iedereen aan het lachen maakt.",
    ),
    ("names_qualities", "Hij knutselt graag.", 0.3, "Hij is heel handig met zijn handen."),
]

# (item, parent turn before, position, teacher sentence): near misses, the item must not be found.
NOT_FOUND = [
    # asks_home
    (
        "asks_home",
        "Thuis speelt hij met zijn broertje.",
        0.4,
        "Thuis speelt hij dus vooral met zijn broertje.",
    ),
    ("asks_home", "Ik werk tot vijf uur.", 0.5, "Wilt u haar morgen iets eerder komen halen?"),
    ("asks_home", "Het is zwaar.", 0.3, "Hoe gaat het met u zelf?"),
    ("asks_home", "Goedemiddag.", 0.05, "Hoe was de reis hierheen?"),
    ("asks_home", "Ja.", 0.5, "Heeft hij zijn gymspullen morgen bij zich?"),
    ("asks_home", "Oké.", 0.3, "straks wil ik nog even horen hoe het thuis loopt"),
    ("asks_home", "Ja, ik heb hem.", 0.5, "Heeft u de brief over het schoolreisje gelezen?"),
    ("asks_home", "Ik heb het rapport gezien.", 0.5, "Wat vindt u van het rapport?"),
    ("asks_home", "Prima.", 0.9, "Zullen we over zes weken een nieuwe afspraak maken?"),
    ("asks_home", "We oefenen elke dag.", 0.5, "Thuis oefent hij dus elke dag, fijn."),
    ("asks_home", "Ja.", 0.5, "Mag ik u iets vragen over de overblijf?"),
    ("asks_home", "Nee.", 0.9, "Heeft u verder nog vragen over het rapport?"),
    ("asks_home", "Ik weet het niet.", 0.7, "Wat heeft u nodig van ons als school?"),
    (
        "asks_home",
        "Hij moet naar de logopedist.",
        0.6,
        "Kan hij dinsdag naar de logopedie op school?",
    ),
    (
        "asks_home",
        "Ze vindt de juf lief.",
        0.4,
        "Werkt ze in de klas liever alleen of in een groepje?",
    ),
    ("asks_home", "Ja.", 0.4, "Weet u welke toets ze volgende week heeft?"),
    ("asks_home", "Ik werk dan.", 0.6, "Wordt hij morgen door opa opgehaald?"),
    ("asks_home", "Ja.", 0.5, "Gaat ze mee op schoolreis?"),
    ("asks_home", "Hij zegt niet veel.", 0.4, "Vindt hij de juf aardig?"),
    ("asks_home", "Dat weet ik niet.", 0.5, "Heeft hij zijn gymspullen bij zich?"),
    ("asks_home", "Hij is in de klas erg druk.", 0.4, "Zit hij in de klas naast Tom?"),
    ("asks_home", "Wat vindt u?", 0.6, "Zal ze dan een weekje bij de intern begeleider komen?"),
    ("asks_home", "Ik weet niet wat ze nodig heeft.", 0.6, "Wat heeft ze van mij nodig, denkt u?"),
    # parent_strengths
    ("parent_strengths", "Hij speelt graag buiten.", 0.3, "Wat doet hij thuis graag?"),
    ("parent_strengths", "Hij heeft hard gewerkt.", 0.4, "Hij heeft zijn best gedaan, fijn."),
    ("parent_strengths", "Het gaat beter.", 0.4, "Fijn dat het goed gaat met haar."),
    ("parent_strengths", "Hij maakt zijn huiswerk.", 0.4, "Goed dat hij zijn huiswerk zelf maakt."),
    ("parent_strengths", "Ik weet het niet.", 0.6, "U moet thuis meer met haar lezen."),
    (
        "parent_strengths",
        "Wat doen we nu?",
        0.6,
        "Ik heb een goed idee: we gaan met een schrift werken.",
    ),
    ("parent_strengths", "Hij zegt dat het saai is.", 0.4, "Daar heeft hij wel gelijk in."),
    ("parent_strengths", "Oké.", 0.5, "Goed, dan gaan we naar het volgende punt."),
    (
        "parent_strengths",
        "Ik zag het rapport.",
        0.5,
        "Het werkt bij hem goed als ik het rustig uitleg.",
    ),
    ("parent_strengths", "Mooi weer vandaag.", 0.05, "Fijn dat de zon weer schijnt."),
    ("parent_strengths", "Hoe doet ze het?", 0.3, "Ze doet het heel goed in groep vijf."),
    ("parent_strengths", "Hij was bij de meester.", 0.5, "Wat heeft u van de meester gehoord?"),
    (
        "parent_strengths",
        "Ik heb het opgeschreven.",
        0.5,
        "Dat moet u niet doen, dat is niet goed voor hem.",
    ),
    ("parent_strengths", "Hij is vaak boos.", 0.4, "Hoe is hij thuis als hij boos is?"),
    ("parent_strengths", "Wat vindt u?", 0.5, "Ik vind dat een goed plan van de school."),
    ("parent_strengths", "Ik kook voor hem.", 0.5, "Wat eet hij het liefst?"),
    # basic_needs
    ("basic_needs", "Ze is bang in het donker.", 0.4, "Slaapt ze thuis alleen op haar kamer?"),
    ("basic_needs", "Ze heeft een nichtje.", 0.4, "Thuis speelt ze dus vaak met haar nichtje."),
    ("basic_needs", "Is het ernstig?", 0.5, "Ik durf dat niet met zekerheid te zeggen."),
    ("basic_needs", "Ik sta er alleen voor.", 0.4, "U bent niet de enige, hoor."),
    ("basic_needs", "Is dat moeilijk?", 0.5, "Zelf vind ik dat ook lastig."),
    ("basic_needs", "Ze heeft vriendinnen.", 0.3, "Heeft ze thuis in de straat veel vriendinnen?"),
    ("basic_needs", "Is de school veilig?", 0.5, "Het plein is veilig, we hebben een nieuw hek."),
    ("basic_needs", "Heeft u kinderen?", 0.2, "Ik ben zelf ook moeder."),
    (
        "basic_needs",
        "Wanneer komt het verslag?",
        0.8,
        "Het lukt mij niet om het vóór vrijdag te sturen.",
    ),
    ("basic_needs", "Nee.", 0.9, "Heeft u zelf nog vragen?"),
    ("basic_needs", "Wanneer is gym?", 0.5, "Alleen op woensdag heeft hij gym."),
    ("basic_needs", "Zal ik het regelen?", 0.8, "Ik kan het zelf wel regelen."),
    ("basic_needs", "Wat vindt u daarvan?", 0.5, "Ik voel me daar niet zo prettig bij."),
    ("basic_needs", "Moet ik iets tekenen?", 0.8, "U mag zelf kiezen welke dag het beste past."),
    ("basic_needs", "Hij zit op judo.", 0.4, "Op judo heeft hij dus veel vriendjes, zegt u."),
    (
        "basic_needs",
        "Wat staat er in de brief?",
        0.6,
        "De toets is op dinsdag, de kinderen leren zelf thuis.",
    ),
    # names_qualities
    ("names_qualities", "Hoe gaat het?", 0.2, "Het gaat goed met hem."),
    ("names_qualities", "Hij was er niet.", 0.3, "Hij is ziek geweest."),
    ("names_qualities", "Ze slaapt slecht.", 0.3, "Ze is vaak moe in de klas."),
    ("names_qualities", "Hij is thuis rustig.", 0.3, "Hij is soms druk in de klas."),
    ("names_qualities", "Ik heb geholpen.", 0.6, "U bent heel behulpzaam geweest."),
    ("names_qualities", "In welke groep zit hij?", 0.2, "Hij zit in groep vijf."),
    ("names_qualities", "Rekenen?", 0.4, "Hij is niet zo sterk in rekenen."),
    ("names_qualities", "Wat lezen ze?", 0.4, "Het boek is heel creatief gemaakt."),
    ("names_qualities", "Hoe is het met hem?", 0.1, "Goed hoor, dank u."),
    ("names_qualities", "Hoe doet u dat?", 0.5, "Ik ben heel geduldig met hem."),
    ("names_qualities", "Ze haast zich.", 0.5, "Ze moet nauwkeuriger gaan werken."),
    ("names_qualities", "Hij helpt weinig.", 0.5, "Hij zou wat behulpzamer kunnen zijn."),
    ("names_qualities", "Zijn broer speelt piano.", 0.3, "Zijn broer is erg muzikaal."),
    ("names_qualities", "Is dit een goede school?", 0.2, "Het is een fijne school."),
    ("names_qualities", "Ze kan het niet.", 0.5, "Ze vindt spelling nog moeilijk."),
    ("names_qualities", "Hij wil winnen.", 0.5, "Hij is een slechte verliezer."),
]

ITEMS = ("asks_home", "parent_strengths", "basic_needs", "names_qualities")
# Lowest recall on FOUND and highest share of near misses found, per item (measured, see git log).
MIN_RECALL = {
    "asks_home": 0.9,
    "parent_strengths": 0.8,
    # 0.69 with a clause check (child as subject of durven, lukken, ...) that was dropped: on
    # talks by writers nobody tuned on (corpus c41-c56, heldout) it cost more precision than it
    # gained; the recall gap it measures stays open (docs/detection.md).
    "basic_needs": 0.55,
    "names_qualities": 0.8,
}
MAX_FALSE = {
    "asks_home": 0.1,
    "parent_strengths": 0.1,
    "basic_needs": 0.1,
    "names_qualities": 0.1,
}


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def _items(nlp, before: str, position: float, text: str) -> set[str]:
    return {ITEM_OF_RULE[rule] for rule in rules_in_text(text, before, position, nlp)}


def _rates(nlp) -> dict[str, tuple[float, float]]:
    rates = {}
    for item in ITEMS:
        found = [_items(nlp, b, p, t) for i, b, p, t in FOUND if i == item]
        wrong = [_items(nlp, b, p, t) for i, b, p, t in NOT_FOUND if i == item]
        recall = sum(item in f for f in found) / len(found)
        false = sum(item in w for w in wrong) / len(wrong)
        rates[item] = (recall, false)
    return rates


def test_challenge_set_is_big_enough() -> None:
    for item in ITEMS:
        assert sum(case[0] == item for case in FOUND) >= 30, item
        assert sum(case[0] == item for case in NOT_FOUND) >= 15, item


def test_child_items_hold_on_own_sentences(nlp) -> None:
    rates = _rates(nlp)
    for item, (recall, false) in rates.items():
        LOG.warning("%s recall %.2f near-miss hits %.2f", item, recall, false)
    for item, (recall, false) in rates.items():
        assert recall >= MIN_RECALL[item], (item, recall)
        assert false <= MAX_FALSE[item], (item, false)
