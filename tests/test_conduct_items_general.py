"""Challenge set for the teacher's conduct items (issue #13): put_at_ease, agreements,
asks_feedback and own_actions.

Each item is defined in ``../shared/ANNOTATION.md``. Every sentence below was written for this
test, as six different writers would say it (a Flemish kleuterjuf, a hurried vmbo mentor, an
IB'er, a warm teacher with a shy non-native parent, a counsellor-like teacher, and a recogniser's
transcript: lowercase, no punctuation, "eh", repeated words), on topics the corpus does not use;
none comes from the corpus, the dev set or heldout. Each teacher turn runs through the real
pipeline after the parent turn before it, at its place in the talk (0 = start, 1 = end).

Positives the rules do not reach yet are listed in ``KNOWN_MISSES`` and run as strict xfails,
so a fix shows. ``python -m tests.test_conduct_items_general`` prints recall and precision.
"""

from __future__ import annotations

import pytest

from analysis.detect import build_nlp

from .challenge import items_found, known_case, report

# (item, position in the talk, teacher turn, parent turn before it): the item must be found.
FOUND = [
    # put_at_ease: social talk or reassurance, not about school matters
    ("put_at_ease", 0.03, "Wat een weer vandaag, bent u niet te nat geworden?", "Dag juf."),
    ("put_at_ease", 0.03, "Wilt u iets drinken? Ik heb koffie en thee.", "Hallo."),
    (
        "put_at_ease",
        0.04,
        "Kon u een beetje parkeren? Het is altijd druk hier rond deze tijd.",
        "Ja hoor, ik ben er.",
    ),
    (
        "put_at_ease",
        0.05,
        "Oh, dan heeft u al een lange dag achter de rug.",
        "Ik kom net van mijn werk.",
    ),
    (
        "put_at_ease",
        0.03,
        "Amai, ge zijt door de regen gefietst zeker? Hang uw jas maar aan de kapstok.",
        "Dag juffrouw.",
    ),
    ("put_at_ease", 0.04, "Geen probleem hoor, we hebben alle tijd.", "Sorry dat ik wat laat ben."),
    (
        "put_at_ease",
        0.06,
        "Dat snap ik, maar het is echt gewoon een gesprekje onder ons.",
        "Ik vind dit altijd een beetje spannend.",
    ),
    (
        "put_at_ease",
        0.05,
        "dat is heel normaal hoor dat zijn bijna alle ouders",
        "ik ben wat zenuwachtig",
    ),
    ("put_at_ease", 0.03, "eh ja goedemorgen eh wilt u eh een kopje thee of zo", "goedemorgen"),
    (
        "put_at_ease",
        0.04,
        "Zit u goed op dat stoeltje? De stoelen zijn hier wel erg klein, hè.",
        "Dag mevrouw.",
    ),
    (
        "put_at_ease",
        0.05,
        "Het is hier een beetje warm, zal ik het raam even opendoen?",
        "Hallo meneer.",
    ),
    (
        "put_at_ease",
        0.08,
        "Dat geeft niks. We doen het rustig aan, en als u iets niet begrijpt zegt u het maar.",
        "Mijn Nederlands is niet zo goed.",
    ),
    (
        "put_at_ease",
        0.03,
        "Hebben jullie het makkelijk kunnen vinden? Het lokaal zit nogal verstopt.",
        "Goedemiddag.",
    ),
    (
        "put_at_ease",
        0.04,
        "Wat gezellig dat jij er ook bij bent, Noor! Wil je een stift om mee te tekenen?",
        "Dit is Noor, ze wilde graag mee.",
    ),
    (
        "put_at_ease",
        0.1,
        "Er bestaan geen domme vragen, u mag hier alles vragen.",
        "Ik heb een vraag maar die is misschien dom.",
    ),
    ("put_at_ease", 0.03, "Fijn dat u er bent, was het druk op de weg?", "Hoi."),
    (
        "put_at_ease",
        0.04,
        "ja kom kom verder eh was het een beetje te vinden met de trap en zo",
        "ja hallo",
    ),
    (
        "put_at_ease",
        0.05,
        "Geen enkel probleem, hij mag hier lekker met de blokken spelen.",
        "Ik heb mijn jongste bij me, die is wat druk.",
    ),
    (
        "put_at_ease",
        0.06,
        "Het is geen toets voor u hoor, we praten gewoon even samen over Daan.",
        "Ik wist niet goed wat ik moest verwachten.",
    ),
    (
        "put_at_ease",
        0.03,
        "Goeiedag! Wat een mooie zonnige dag, hè? Eindelijk lente.",
        "Goedendag.",
    ),
    ("put_at_ease", 0.04, "Oh, en ging dat een beetje vlot met de bus?", "Ik kom met de bus."),
    (
        "put_at_ease",
        0.05,
        "Maak u geen zorgen, we houden het kort en krachtig.",
        "Ik moet zo naar mijn werk.",
    ),
    (
        "put_at_ease",
        0.03,
        "Natuurlijk, zet maar neer waar u wilt, voelt u zich thuis.",
        "Mag ik mijn tas hier neerzetten?",
    ),
    (
        "put_at_ease",
        0.03,
        "dag mevrouw ge moogt gerust uw jas uitdoen hoor 't is hier warm",
        "dag meester",
    ),
    (
        "put_at_ease",
        0.07,
        "U doet het heel goed. Als het nodig is, praat ik wat langzamer.",
        "Ik vind praten in het Nederlands moeilijk.",
    ),
    (
        "put_at_ease",
        0.05,
        "Ik ook, en u hoeft zich nergens druk over te maken.",
        "Ik ben blij dat ik even kon komen.",
    ),
    (
        "put_at_ease",
        0.06,
        "Ach, dat mag. Ik was vroeger zelf ook altijd nerveus bij die gesprekken.",
        "Ik ben een beetje nerveus eerlijk gezegd.",
    ),
    (
        "put_at_ease",
        0.04,
        "Gaat het een beetje met u? U had het vorige keer zo druk met de verhuizing.",
        "Goeiemiddag.",
    ),
    ("put_at_ease", 0.03, "hoi hoi eh neem plaats eh koffie staat daar pak maar gewoon", "ja hoi"),
    (
        "put_at_ease",
        0.06,
        "Dat begrijp ik. Hier bent u gewoon welkom zoals u bent, er wordt niet geoordeeld.",
        "Ik heb het niet zo op scholen.",
    ),
    (
        "put_at_ease",
        0.3,
        "Geen zorgen hoor, neemt u hem gerust op als het moet.",
        "Excuses, mijn telefoon ging.",
    ),
    (
        "put_at_ease",
        0.04,
        "Oh wat lief van u! Die nemen we er lekker bij.",
        "Ik heb koekjes meegenomen.",
    ),
    (
        "put_at_ease",
        0.03,
        "Leuk u te ontmoeten. Vervelend weer hè, met die wind.",
        "Goedemiddag, ik ben de vader van Sem.",
    ),
    (
        "put_at_ease",
        0.04,
        "ja het fietsenrek staat altijd vol sorry daarvoor",
        "ik moest mijn fiets ver weg zetten",
    ),
    # agreements: an explicit agreement or a promise to the parent to do something later
    ("agreements", 0.8, "Ja, die mail ik u vanavond.", "Kunt u me de uitslag mailen?"),
    ("agreements", 0.7, "Dat zoek ik voor u uit bij de zorgcoördinator.", "En de logopedie?"),
    ("agreements", 0.8, "Ik laat het u voor de herfstvakantie weten.", "Wanneer horen we meer?"),
    (
        "agreements",
        0.85,
        "Dan zet ik haar mailadres er ook bij.",
        "Mijn vrouw wil ook op de hoogte blijven.",
    ),
    (
        "agreements",
        0.75,
        "Ik geef ze morgen aan Jesse mee in zijn tas.",
        "Kan ik de boekjes thuis gebruiken?",
    ),
    (
        "agreements",
        0.8,
        "Ja, da vraag ik na bij de zorgjuf en ik laat het u weten.",
        "Kunt ge dat eens navragen?",
    ),
    (
        "agreements",
        0.85,
        "Goed, we plannen over zes weken een nieuw gesprek.",
        "Ik wil graag nog eens praten over de overstap.",
    ),
    (
        "agreements",
        0.85,
        "oke dan eh spreken we af dat u eh elke avond tien minuten met hem leest",
        "ja dat lijkt me goed",
    ),
    (
        "agreements",
        0.85,
        "Prima, dan noteer ik dinsdag de twaalfde om half vier.",
        "Ik kan alleen op dinsdag.",
    ),
    (
        "agreements",
        0.8,
        "Dat doe ik, ik geef het vandaag nog door aan de mentor.",
        "Wilt u de mentor ook inlichten?",
    ),
    (
        "agreements",
        0.8,
        "Ik kijk straks even of uw e-mailadres goed in het systeem staat.",
        "Ik weet niet of ik de mails krijg.",
    ),
    (
        "agreements",
        0.8,
        "Komt goed, ik print het uit en geef het vrijdag mee.",
        "Ik wil het rapport graag op papier.",
    ),
    (
        "agreements",
        0.85,
        "Mooi, dat zet ik in het verslag: u oefent thuis de klokjes.",
        "Dat oefenen we thuis dan.",
    ),
    ("agreements", 0.8, "ik bel u volgende week maandag terug", "ja wanneer hoor ik wat"),
    (
        "agreements",
        0.75,
        "Dat overleg ik met de sectie en ik mail u het antwoord.",
        "Kunnen we de toets ook mondeling doen?",
    ),
    ("agreements", 0.8, "Het rooster stuur ik u vanmiddag toe.", "Wilt u mij het rooster sturen?"),
    (
        "agreements",
        0.85,
        "Laten we afspreken dat we over vier weken evalueren.",
        "Ik zou graag zien hoe het gaat.",
    ),
    (
        "agreements",
        0.85,
        "Zullen we afspreken dat hij zijn agenda elke dag aan u laat zien?",
        "Dat lijkt me prima.",
    ),
    (
        "agreements",
        0.8,
        "Goed. Ik regel de bijles, u zorgt dat hij woensdag er is. Deal?",
        "Oké.",
    ),
    (
        "agreements",
        0.8,
        "Ik vraag het onderzoek aan bij het samenwerkingsverband en ik houd u op de hoogte.",
        "Wat gebeurt er nu verder?",
    ),
    (
        "agreements",
        0.8,
        "Ik maak een account voor hem aan, dan kan hij ook inloggen.",
        "Kan mijn broer ook meekijken?",
    ),
    (
        "agreements",
        0.85,
        "Dan bellen we elkaar over drie weken om te kijken hoe het gaat.",
        "En als het niet beter gaat?",
    ),
    (
        "agreements",
        0.85,
        "ja ik stuur u eh morgen een mailtje met eh de oefenbladen",
        "ok dus ik hoor van u",
    ),
    (
        "agreements",
        0.8,
        "Ik zet alles op een rijtje en dat krijgt u volgende week.",
        "Ik wil dat graag op papier.",
    ),
    (
        "agreements",
        0.75,
        "Ja, ik maak een lijstje en stop dat in zijn map.",
        "Hij mag de woordjes thuis oefenen?",
    ),
    ("agreements", 0.85, "Zeker, ik bel u vrijdag op, ten laatste.", "Ge laat het me weten?"),
    (
        "agreements",
        0.9,
        "Dan zetten we het volgende gesprek op donderdag veertien maart.",
        "Dat is goed.",
    ),
    (
        "agreements",
        0.8,
        "Ik breng de gymjuf ervan op de hoogte.",
        "Kan de juf van gym dit ook weten?",
    ),
    (
        "agreements",
        0.75,
        "Ik stuur u de website van de logopedist door, dan kunt u daar kijken.",
        "Ik weet niet waar ik moet beginnen.",
    ),
    (
        "agreements",
        0.85,
        "Ik schrijf even op: thuis tafels oefenen, vijf minuten per dag.",
        "Wij gaan thuis de tafels oefenen.",
    ),
    (
        "agreements",
        0.9,
        "Ja, ik plan het in na de kerstvakantie.",
        "We zien elkaar dan na de kerst?",
    ),
    (
        "agreements",
        0.85,
        "ja natuurlijk en ik mail u sowieso na de toetsweek hoe het ging",
        "mag ik u mailen",
    ),
    # asks_feedback: asks for feedback on the teacher's own conduct
    (
        "asks_feedback",
        0.92,
        "Fijn. Was er iets in hoe ik het vertelde dat u niet prettig vond?",
        "Ik vond het een fijn gesprek.",
    ),
    (
        "asks_feedback",
        0.93,
        "Wat had ik volgens u beter kunnen doen in dit gesprek?",
        "Het was duidelijk.",
    ),
    ("asks_feedback", 0.92, "Mag ik u ook vragen hoe u mijn aanpak vond?", "Ja, prima."),
    ("asks_feedback", 0.93, "en eh hoe vond u mij eh als juf in dit gesprek", "ja het was goed"),
    (
        "asks_feedback",
        0.92,
        "Zeg het gerust als ik te snel ging of te veel vakjargon gebruikte.",
        "Oké.",
    ),
    (
        "asks_feedback",
        0.93,
        "Hebt ge tips voor mij, voor een volgende keer?",
        "Dat was duidelijk, juf.",
    ),
    ("asks_feedback", 0.9, "Was ik te snel met al die informatie?", "Het was wel veel informatie."),
    ("asks_feedback", 0.93, "Zijn er dingen die ik anders had moeten aanpakken, vindt u?", "Ja."),
    ("asks_feedback", 0.94, "Heeft u nog feedback voor mij?", "Ik ben tevreden."),
    ("asks_feedback", 0.92, "Kwam ik een beetje duidelijk over?", "Het was goed zo."),
    (
        "asks_feedback",
        0.93,
        "heeft u misschien eh tips voor mij hoe ik het gesprek de volgende keer kan doen",
        "ja hoor",
    ),
    ("asks_feedback", 0.94, "Wat zou u mij als tip willen meegeven?", "Prima gesprek."),
    ("asks_feedback", 0.92, "Heb ik het niet te ingewikkeld gemaakt?", "Ik snapte het."),
    ("asks_feedback", 0.93, "Hoe heeft u mijn manier van vertellen ervaren?", "Ja dat was het."),
    ("asks_feedback", 0.93, "Ik ben benieuwd wat u van mijn aanpak vond.", "Het voelde goed."),
    (
        "asks_feedback",
        0.92,
        "Was er genoeg ruimte voor uw verhaal, of praatte ik te veel?",
        "Ja hoor.",
    ),
    (
        "asks_feedback",
        0.93,
        "Wat kan ik volgende keer verbeteren aan zo'n gesprek?",
        "Het was nuttig.",
    ),
    ("asks_feedback", 0.92, "vond u dat ik goed heb geluisterd naar u", "ja"),
    (
        "asks_feedback",
        0.94,
        "Als u iets heeft wat ik anders kan doen, hoor ik het graag.",
        "Dank u.",
    ),
    ("asks_feedback", 0.94, "Nog tips voor mij?", "Ja, helder."),
    ("asks_feedback", 0.93, "wat kan ik nog beter doen volgens u", "'t was goed"),
    ("asks_feedback", 0.92, "Voelde u zich door mij gehoord?", "Zeker."),
    # own_actions: what the teacher does or will do in class for the child
    (
        "own_actions",
        0.5,
        "Ik geef hem een plekje bij het raam waar het rustiger is.",
        "Hij kan zich slecht concentreren.",
    ),
    (
        "own_actions",
        0.5,
        "Ik laat haar elke ochtend tien minuten extra lezen met een maatje.",
        "Ze leest zo langzaam.",
    ),
    ("own_actions", 0.5, "ik houd hem op het plein goed in de gaten", "hij wordt gepest"),
    (
        "own_actions",
        0.5,
        "Ik ga met haar samen naar het toilet tot ze het alleen durft.",
        "Ze durft niet naar het toilet.",
    ),
    (
        "own_actions",
        0.55,
        "Ik neem hem in de verlengde instructie, op dinsdag en donderdag.",
        "Hij snapt de breuken niet.",
    ),
    (
        "own_actions",
        0.55,
        "Ik check elke maandag zijn planner samen met hem.",
        "Hij vergeet zijn huiswerk.",
    ),
    (
        "own_actions",
        0.5,
        "We hebben haar tafel al naast die van de juf gezet.",
        "Ze is snel afgeleid.",
    ),
    (
        "own_actions",
        0.5,
        "ja ik eh ik geef hem eh af en toe een klusje zodat hij even kan bewegen",
        "hij is zo druk",
    ),
    (
        "own_actions",
        0.6,
        "Ik zal haar wat moeilijker werk geven, uit de plusmap.",
        "Ze vindt rekenen saai.",
    ),
    (
        "own_actions",
        0.5,
        "In de kring vraag ik hem eerst iets waarvan ik weet dat hij het weet.",
        "Hij praat niet in de klas.",
    ),
    ("own_actions", 0.55, "Ik ga met haar oefenen met een schrijfschema.", "Ze schrijft slordig."),
    (
        "own_actions",
        0.6,
        "We zetten een handelingsplan op en ik bespreek haar wekelijks met de leerkracht.",
        "Wat doet de school eraan?",
    ),
    (
        "own_actions",
        0.55,
        "Ik ga de groepjes opnieuw indelen, zodat hij bij andere kinderen zit.",
        "Hij voelt zich buitengesloten.",
    ),
    (
        "own_actions",
        0.5,
        "Ze mag bij mij de toets in een apart lokaaltje maken.",
        "Ze is bang voor toetsen.",
    ),
    ("own_actions", 0.5, "ik geef hem een wiebelkussen da helpt soms", "hij kan niet stilzitten"),
    (
        "own_actions",
        0.55,
        "Ik maak voor hem een weekplanning op papier die hij op zijn tafel kan leggen.",
        "Hij heeft moeite met plannen.",
    ),
    (
        "own_actions",
        0.5,
        "'s Ochtends vang ik haar op bij de deur en dan mag ze mij helpen met de plantjes.",
        "Ze huilt als ik wegga.",
    ),
    (
        "own_actions",
        0.55,
        "Ik zoek samen met hem een paar strips uit in de schoolbieb.",
        "Hij leest niet graag.",
    ),
    (
        "own_actions",
        0.55,
        "Ik oefen de spreekbeurt eerst alleen met haar in de pauze.",
        "Ze valt steeds stil bij spreekbeurten.",
    ),
    (
        "own_actions",
        0.6,
        "Ik koppel hem aan een bijlesleerling uit de bovenbouw.",
        "Zijn cijfers voor Frans zijn slecht.",
    ),
    (
        "own_actions",
        0.55,
        "Ik bespreek het buitenspelen elke dag kort met hem na.",
        "Hij maakt ruzie op het plein.",
    ),
    (
        "own_actions",
        0.5,
        "ik herhaal de instructie voor haar nog een keer aan de instructietafel",
        "ze snapt de instructie niet",
    ),
    (
        "own_actions",
        0.6,
        "Ik geef hem volgende week een eigen onderzoeksopdracht.",
        "Hij is slim maar verveelt zich.",
    ),
    (
        "own_actions",
        0.55,
        "dus ik eh ik laat haar eerst in een klein groepje praten en dan eh later in de kring",
        "ze is zo verlegen",
    ),
    (
        "own_actions",
        0.5,
        "Dan laat ik hem even afkoelen in de leeshoek en praat ik daarna met hem.",
        "Wat doet u als hij boos wordt?",
    ),
    (
        "own_actions",
        0.5,
        "Ik laat hem in de klas een tekening maken voor papa.",
        "Hij mist zijn papa.",
    ),
    (
        "own_actions",
        0.55,
        "Ik vergroot haar toetsen en ze krijgt extra tijd van mij.",
        "Ze heeft dyslexie.",
    ),
    (
        "own_actions",
        0.5,
        "Vorige week heb ik hem al apart uitleg gegeven na de les.",
        "Hij zegt dat hij niks snapt van wiskunde.",
    ),
    (
        "own_actions",
        0.55,
        "Ik ga haar elke dag één ding zeggen wat goed ging.",
        "Ze is erg onzeker.",
    ),
    (
        "own_actions",
        0.5,
        "Ik begin de dag voortaan met een rustig leesmoment, dan mist hij geen instructie.",
        "Hij is vaak te laat.",
    ),
    (
        "own_actions",
        0.55,
        "Ik zet ze bij de groepswerkjes bij een rustig meisje.",
        "Ze kan moeilijk samenwerken.",
    ),
]

# (item, position, teacher turn, parent turn before it): look-alikes that are NOT the item.
NOT_FOUND = [
    (
        "put_at_ease",
        0.5,
        "In de klas drinken de kinderen om tien uur hun thee.",
        "Drinkt ze genoeg?",
    ),
    (
        "put_at_ease",
        0.4,
        "Hij fietst elke dag alleen naar school, dat gaat goed.",
        "Hoe komt hij naar school?",
    ),
    ("put_at_ease", 0.5, "Bij regen spelen ze binnen in de speelzaal.", "Spelen ze altijd buiten?"),
    (
        "put_at_ease",
        0.6,
        "We gaan zijn stoel dichter bij het bord zetten.",
        "Hij ziet het bord slecht.",
    ),
    (
        "put_at_ease",
        0.5,
        "Hij neemt de tijd voor zijn werk, soms wel te veel.",
        "Is hij snel klaar?",
    ),
    ("put_at_ease", 0.5, "Ze is rustig in de klas.", "Hoe is ze in de klas?"),
    (
        "put_at_ease",
        0.4,
        "De kinderen mogen in de klas alles vragen aan de juf.",
        "Vraagt ze wel iets?",
    ),
    ("put_at_ease", 0.5, "Hij maakt zich zorgen over de toets.", "Hij slaapt slecht."),
    ("put_at_ease", 0.3, "Het is een examenjaar, dus het wordt druk.", "Hoe wordt dit jaar?"),
    (
        "put_at_ease",
        0.4,
        "Vindt hij het spannend om naar groep vijf te gaan?",
        "Hij heeft het er vaak over.",
    ),
    ("put_at_ease", 0.5, "hij vergeet vaak zijn jas op de kapstok", "hij verliest alles"),
    (
        "put_at_ease",
        0.5,
        "De koffieochtend voor ouders is op vrijdag.",
        "Wanneer kan ik langskomen?",
    ),
    (
        "put_at_ease",
        0.6,
        "De trap naar het lokaal is voor hem nog lastig met zijn been.",
        "Hoe gaat het met zijn been?",
    ),
    ("put_at_ease", 0.5, "Het lokaal van groep zes is verhuisd naar boven.", "Waar is de klas nu?"),
    ("put_at_ease", 0.5, "Ze rijdt met de bus naar zwemles.", "Hoe gaat ze naar zwemles?"),
    ("put_at_ease", 0.5, "Hij heeft geen haast bij het lezen.", "Leest hij snel?"),
    ("agreements", 0.8, "Ik heb u vorige week al gemaild.", "Ik heb niks gehoord."),
    (
        "agreements",
        0.8,
        "Als het nodig is, zou ik de schoolarts kunnen bellen.",
        "Wat kunnen we doen?",
    ),
    ("agreements", 0.8, "Moet ik u dan bellen?", "Ik wil het graag weten."),
    (
        "agreements",
        0.7,
        "Ik ga hem vaker laten voorlezen in de klas.",
        "Hij leest thuis niet graag voor.",
    ),
    ("agreements", 0.7, "Ik noteer altijd alles in mijn schriftje.", "U schrijft veel op."),
    ("agreements", 0.8, "Hij mailt zijn huiswerk naar de docent.", "Hoe levert hij het in?"),
    (
        "agreements",
        0.8,
        "De school belt ouders meestal pas bij problemen.",
        "Waarom hoorde ik niks?",
    ),
    (
        "agreements",
        0.4,
        "Ik schrijf dat onderwerp even op, daar komen we straks op terug.",
        "En dan nog iets over de gymles.",
    ),
    ("agreements", 0.3, "Ik bel normaal nooit ouders op hun werk.", "U belde me op mijn werk."),
    (
        "agreements",
        0.8,
        "We hebben toen afgesproken dat hij bijles kreeg.",
        "Wat was er vorig jaar?",
    ),
    ("agreements", 0.7, "Ik regel zoveel dingen op een dag.", "U heeft het druk."),
    (
        "agreements",
        0.8,
        "Zou u dat willen navragen bij de huisarts?",
        "Ik weet niet wat de dokter zei.",
    ),
    ("agreements", 0.7, "Ik zet hem in de klas vooraan bij het bord.", "Hij ziet slecht."),
    ("agreements", 0.8, "Vorig jaar stuurde de juf elke week een mail.", "Dat mis ik nu."),
    ("agreements", 0.8, "Ik weet niet of ik dat kan regelen.", "Kan hij een laptop krijgen?"),
    ("agreements", 0.6, "Stuurt ze u wel eens berichtjes?", "Ze heeft een telefoon."),
    ("asks_feedback", 0.9, "Hoe vond u de ouderavond van vorige week?", "Ik was er ook."),
    ("asks_feedback", 0.9, "Wat kan ze thuis beter anders aanpakken?", "Ze wordt snel boos."),
    ("asks_feedback", 0.9, "Hoe vond Sam de toets?", "Hij zei er niks over."),
    ("asks_feedback", 0.5, "Ik pak het in de klas anders aan.", "Hij luistert niet."),
    ("asks_feedback", 0.9, "Hoe vond u dit gesprek?", "Nou."),
    ("asks_feedback", 0.9, "Heeft u er iets aan gehad?", "Ja."),
    ("asks_feedback", 0.5, "Ik vond het een goed gesprek.", "Ja."),
    ("asks_feedback", 0.6, "Hoe zou u het thuis aanpakken?", "Hij wil niet lezen."),
    ("asks_feedback", 0.9, "Wat vindt u van de nieuwe rekenmethode?", "Ik ken hem niet."),
    (
        "asks_feedback",
        0.5,
        "Mijn collega doet het anders, die geeft meer huiswerk.",
        "Hij heeft weinig huiswerk.",
    ),
    ("asks_feedback", 0.9, "Heeft u nog vragen voor mij?", "Nee."),
    (
        "asks_feedback",
        0.5,
        "Ik had het beter moeten uitleggen aan de klas.",
        "Hij snapte het niet.",
    ),
    ("asks_feedback", 0.9, "Hoe ervaart hij de nieuwe klas?", "Hij zegt niet veel."),
    ("asks_feedback", 0.9, "Wat kan ik nog voor u doen?", "Niks meer."),
    ("asks_feedback", 0.9, "Hebt u tips voor zijn huiswerk?", "Hij doet het nooit."),
    ("own_actions", 0.5, "Hij zit bij het raam.", "Waar zit hij?"),
    ("own_actions", 0.5, "Ik vind hem een leuke jongen.", "Hij is soms lastig."),
    ("own_actions", 0.5, "Kunt u thuis met hem lezen?", "Hij leest slecht."),
    ("own_actions", 0.5, "De gymjuf laat hem vaak op de bank zitten.", "Hij doet niet mee."),
    ("own_actions", 0.85, "Ik bel u volgende week.", "Wanneer hoor ik meer?"),
    ("own_actions", 0.5, "Ik ben al twintig jaar juf.", "U heeft veel ervaring."),
    ("own_actions", 0.5, "Ik weet niet goed wat ik met hem aan moet.", "Hij is druk."),
    ("own_actions", 0.5, "Ik denk dat hij meer uitdaging nodig heeft.", "Hij verveelt zich."),
    ("own_actions", 0.5, "Hij gaat volgend jaar naar groep zes.", "Blijft hij zitten?"),
    ("own_actions", 0.5, "Ik heb zelf ook twee kinderen thuis.", "U snapt het wel."),
    ("own_actions", 0.5, "Wat doet u thuis als ze huilt?", "Ze huilt veel."),
    ("own_actions", 0.5, "Zijn vorige juf gaf hem altijd extra werk.", "Hij verveelt zich."),
    ("own_actions", 0.5, "Ik zie dat hij moe is in de klas.", "Hij slaapt slecht."),
    ("own_actions", 0.5, "Ik merk dat ze meer durft.", "Ze was zo verlegen."),
    ("own_actions", 0.5, "Ik hoorde van zijn broer dat hij gepest wordt.", "Hij zegt niks."),
    (
        "own_actions",
        0.5,
        "Ik zou niet weten hoe ik dat in de klas moet doen.",
        "Kan hij een time-out krijgen?",
    ),
]

# Positives the rules do not reach yet (strict xfail: a fix makes the test fail until removed).
KNOWN_MISSES = {
    "'s Ochtends vang ik haar op bij de deur en dan mag ze mij helpen met de plantjes.",
    "Dat zoek ik voor u uit bij de zorgcoördinator.",
    "Het is geen toets voor u hoor, we praten gewoon even samen over Daan.",
    "Ik kijk straks even of uw e-mailadres goed in het systeem staat.",
    "Ik koppel hem aan een bijlesleerling uit de bovenbouw.",
    "Ik zet alles op een rijtje en dat krijgt u volgende week.",
    "U doet het heel goed. Als het nodig is, praat ik wat langzamer.",
    "Voelde u zich door mij gehoord?",
    "We hebben haar tafel al naast die van de juf gezet.",
    "Ze mag bij mij de toets in een apart lokaaltje maken.",
}
# Near misses the rules still fire on (strict xfail).
KNOWN_FALSE_ALARMS = {
    "Hebt u tips voor zijn huiswerk?",
    "Ik regel zoveel dingen op een dag.",
    "Ik schrijf dat onderwerp even op, daar komen we straks op terug.",
    "Moet ik u dan bellen?",
}


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.mark.parametrize(
    ("item", "position", "text", "before"), [known_case(c, KNOWN_MISSES) for c in FOUND]
)
def test_conduct_item_found(nlp, item: str, position: float, text: str, before: str) -> None:
    # Act
    found = items_found(nlp, text, before, position)
    # Assert
    assert item in found, f"{item} missed: {text!r} (found {sorted(found)})"


@pytest.mark.parametrize(
    ("item", "position", "text", "before"), [known_case(c, KNOWN_FALSE_ALARMS) for c in NOT_FOUND]
)
def test_conduct_item_not_found_in_near_miss(
    nlp, item: str, position: float, text: str, before: str
) -> None:
    found = items_found(nlp, text, before, position)
    assert item not in found, f"{item} wrongly found in {text!r}"


def test_challenge_set_is_large_enough() -> None:
    minimum = {"put_at_ease": 30, "agreements": 30, "asks_feedback": 20, "own_actions": 30}
    for item, needed in minimum.items():
        assert sum(case[0] == item for case in FOUND) >= needed, item
        assert sum(case[0] == item for case in NOT_FOUND) >= 15, item


def test_known_lists_name_real_cases() -> None:
    assert {case[2] for case in FOUND} >= KNOWN_MISSES
    assert {case[2] for case in NOT_FOUND} >= KNOWN_FALSE_ALARMS


if __name__ == "__main__":
    report(FOUND, NOT_FOUND)
