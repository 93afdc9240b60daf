"""Roles from speaker names, user overrides, and proposed from the talk itself."""

from __future__ import annotations

import re

import pytest

from analysis.data_files import read_text
from analysis.editing import rename_speaker
from analysis.errors import RuleFileError, TranscriptError
from analysis.role_names import is_anonymous_label, role_from_name
from analysis.talk_roles import (
    CUE_FILE,
    count_questions,
    cue_book,
    needs_parse,
    parse_cue_book,
    phrase_in,
    propose_roles,
    split_sentences,
)
from analysis.transcript_io import parse_transcript


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Leerkracht", "teacher"),
        ("juf anouk", "teacher"),
        ("JUF", "teacher"),
        ("Meester Bas", "teacher"),
        ("IB'er", "teacher"),
        ("IB’er", "teacher"),
        ("ib-er", "teacher"),
        ("Intern begeleider", "teacher"),
        ("Mentor", "teacher"),
        ("Moeder", "parent"),
        ("Oma Riet", "parent"),
        ("Pleegouder", "parent"),
        ("Kind", "child"),
        ("Leerling", "child"),
        ("Juffie", None),
        ("Meesters", None),
        ("Sanne", None),
    ],
)
def test_role_from_name(name: str, role: str | None):
    assert role_from_name(name) == role


def test_overrides_win_and_are_not_guessed():
    transcript = parse_transcript(
        "Anouk: Welkom.\nPetra: Dank u.\n", "txt", roles={"teacher": ["anouk"], "parent": ["Petra"]}
    )
    assert [(s.name, s.role, s.guessed) for s in transcript.speakers] == [
        ("Anouk", "teacher", False),
        ("Petra", "parent", False),
    ]
    assert [t.role for t in transcript.turns] == ["teacher", "parent"]


def test_unknown_override_name_lists_the_speakers():
    with pytest.raises(TranscriptError) as info:
        parse_transcript("Juf: Welkom.\nMoeder: Dag.\n", "txt", roles={"child": ["Sanne"]})
    assert "Juf, Moeder" in info.value.message
    assert "Sanne" in info.value.message_nl


# --- roles proposed from the talk for speakers whose name says nothing -----------------------


@pytest.mark.parametrize(
    ("name", "anonymous"),
    [
        ("Spreker 1", True),
        ("SPEAKER_00", True),
        ("S1", True),
        ("Speaker A", True),
        ("Persoon 2", True),
        ("spk_3", True),
        ("Lieke", False),
        ("Juf Anouk", False),
        ("Spreker", False),
    ],
)
def test_anonymous_labels(name: str, anonymous: bool):
    assert is_anonymous_label(name) is anonymous


HURRIED = """\
Spreker 1: Goedemiddag. Ik moet zo weer weg, kunnen we snel beginnen? Hoe doet Mees het?
Spreker 2: Goedemiddag, meneer. Komt u binnen, gaat u zitten. We hebben een kwartier.
Spreker 1: Goed. Leest hij al beter? Heeft hij vriendjes? Moet ik thuis iets doen?
Spreker 2: Bij mij in de klas zie ik dat hij graag leest. Hoe gaat het lezen bij u thuis?
Spreker 1: Mijn zoon leest alleen strips. Is dat erg? Wat vindt u?
Spreker 2: Strips zijn prima. Ik geef hem een stripboek mee voor thuis.
Spreker 1: Fijn. Zijn we klaar?
Spreker 2: Bijna. Dank u wel dat u gekomen bent, meneer.
"""


def test_a_hurried_parent_who_asks_most_is_not_the_teacher():
    transcript = parse_transcript(HURRIED, "txt")
    questions = {
        name: sum(count_questions(t.text) for t in transcript.turns if t.speaker == name)
        for name in ("Spreker 1", "Spreker 2")
    }
    assert questions["Spreker 1"] > 2 * questions["Spreker 2"]  # the parent asks far more
    parent, teacher = transcript.speakers
    assert (teacher.role, teacher.guessed) == ("teacher", True)
    assert (parent.role, parent.guessed) == ("parent", True)
    assert teacher.reason.startswith("Vermoedelijk de leerkracht: ")
    assert "welkom" in teacher.reason
    assert "'mijn kind'" in parent.reason
    assert [t.role for t in transcript.turns] == ["parent", "teacher"] * 4


def test_an_override_wins_and_the_others_are_proposed_around_it():
    transcript = parse_transcript(HURRIED, "txt", roles={"teacher": ["spreker 1"]})
    first, second = transcript.speakers
    assert (first.role, first.guessed, first.reason) == (
        "teacher",
        False,
        "Door de gebruiker ingesteld.",
    )
    assert (second.role, second.guessed) == ("parent", True)


def test_two_teachers_and_two_parents():
    text = """\
S1: Goedenavond, welkom allebei. Dit is mijn collega, de intern begeleider. Gaat u zitten.
S2: Goedenavond.
S3: Hallo.
S4: Goedenavond. Ik stel voor dat de juf eerst vertelt wat zij in de klas ziet. Is dat goed voor u?
S2: Ja, prima.
S1: In de klas zie ik dat Vera veel moeite heeft met spelling. Wat merkt u thuis?
S3: Bij ons thuis oefenen we elke avond. Onze dochter wordt er verdrietig van.
S4: U maakt zich zorgen om haar. Wat heeft u van ons nodig?
S2: Dat we weten hoe het gaat. Mijn man en ik willen graag tips, juf.
S1: Ik mail u elke twee weken. Dank u wel dat u gekomen bent.
"""
    roles = {s.name: s.role for s in parse_transcript(text, "txt").speakers}
    assert roles == {"S1": "teacher", "S2": "parent", "S3": "parent", "S4": "teacher"}


def test_the_child_is_found_by_name_papa_and_short_turns():
    text = """\
Spreker 1: Hoi Sem! Goedemiddag, meneer. Komen jullie binnen.
Spreker 2: Dag juf.
Spreker 3: Hoi juf.
Spreker 1: Sem, vertel jij eens wat je leuk vindt in de klas?
Spreker 3: Gym!
Spreker 1: En wat vind je moeilijk, Sem?
Spreker 3: Rekenen.
Spreker 2: Bij ons thuis oefent hij de tafels met mij, maar hij vindt het saai.
Spreker 3: Papa!
Spreker 1: Hoe gaat dat oefenen bij u thuis, meneer?
Spreker 2: Elke avond tien minuten. Mijn zoon doet goed zijn best.
"""
    transcript = parse_transcript(text, "txt")
    roles = {s.name: s.role for s in transcript.speakers}
    assert roles == {"Spreker 1": "teacher", "Spreker 2": "parent", "Spreker 3": "child"}
    assert "voornaam" in transcript.speaker("Spreker 3").reason


def test_renaming_a_speaker_to_a_role_name_gives_that_role():
    proposed = parse_transcript(HURRIED, "txt")
    assert proposed.speaker("Spreker 2").role == "teacher"
    # The coach renames the teacher "Moeder" (say the labels were swapped): the name wins and
    # the other speaker is proposed again around it.
    renamed = propose_roles(rename_speaker(proposed, "Spreker 2", "Moeder"), refresh=True)
    assert (renamed.speaker("Moeder").role, renamed.speaker("Spreker 1").role) == (
        "parent",
        "teacher",
    )


def test_a_first_name_next_to_a_named_teacher_and_parent_is_the_child():
    transcript = parse_transcript("Juf: Welkom.\nMoeder: Dag juf.\nDaan: Hoi.\n", "txt")
    daan = transcript.speaker("Daan")
    assert (daan.role, daan.guessed) == ("child", True)
    assert "geen rolnaam" in daan.reason


def test_flemish_ge_talks_do_not_take_meneer_for_a_parent():
    # In Flanders a pupil says "meneer" to the teacher and "u" is informal too.
    text = """\
Spreker 1: Dag Lotte, dag mevrouw. Kom binnen, zet u. Ik stel voor dat Lotte eerst vertelt.
Spreker 2: Dag meneer.
Spreker 3: Dag meneer. Dank u.
Spreker 1: Lotte, hoe zijt ge de eerste weken doorgekomen?
Spreker 2: Goed, meneer. Ik vind Frans wel moeilijk.
Spreker 1: In de klas zie ik dat ge hard werkt, Lotte. Hoe is dat thuis, mevrouw?
Spreker 3: Mijn dochter zit elke avond aan haar huiswerk.
Spreker 1: Merci dat ge gekomen zijt. Ik loop even met u mee.
"""
    roles = {s.name: s.role for s in parse_transcript(text, "txt").speakers}
    assert roles == {"Spreker 1": "teacher", "Spreker 2": "child", "Spreker 3": "parent"}


def test_one_speaker_and_empty_turns_get_no_proposal():
    transcript = parse_transcript("Spreker 1: Goedemiddag, welkom.\nSpreker 2:\n", "txt")
    assert {s.role for s in transcript.speakers} == {"unknown"}


def test_phrases_with_gaps_names_and_sentence_edges():
    names = frozenset({"lieke"})
    sentence = split_sentences(0, "Dan stel ik eerst even voor, Lieke.")[0]
    assert sentence.words == (
        "<s>",
        "dan",
        "stel",
        "ik",
        "eerst",
        "even",
        "voor",
        ",",
        "lieke",
        "</s>",
    )
    assert phrase_in(sentence.bare, ("stel", "ik", "..", "voor"), names)
    assert not phrase_in(sentence.bare, ("stel", "ik", "voor"), names)
    assert phrase_in(sentence.words, (",", "NAME", "</s>"), names)
    assert not phrase_in(sentence.words, ("<s>", "NAME"), names)


def test_punctuated_text_is_not_parsed_but_speech_recognition_text_is():
    punctuated = parse_transcript(HURRIED, "txt")
    assert not needs_parse(punctuated)
    asr = parse_transcript(
        "Spreker 1: goedemiddag komt u binnen we hebben tien minuten\n"
        "Spreker 2: ja dank u wel ik heb maar weinig tijd\n",
        "txt",
    )
    assert needs_parse(asr)


@pytest.mark.slow
def test_names_in_lowercase_text_come_from_the_language_model():
    text = """\
[00:00] Spreker 1: goedemiddag komt u binnen meneer en hoi thijs ga maar zitten
[00:05] Spreker 2: dag juf
[00:07] Spreker 3: hoi
[00:09] Spreker 1: ik stel voor dat thijs eerst vertelt thijs wat vind jij leuk in de klas
[00:15] Spreker 3: tekenen
[00:17] Spreker 1: tekenen en wat vind je nog moeilijk thijs
[00:20] Spreker 3: rekenen denk ik
[00:23] Spreker 2: ja bij ons thuis oefent hij elke avond met de tafels maar hij vindt het saai
[00:28] Spreker 1: hoe gaat dat oefenen bij u thuis meneer
[00:31] Spreker 2: elke avond een kwartier mijn zoon doet echt zijn best
[00:35] Spreker 1: thijs hoe vind jij dat oefenen met je vader
[00:38] Spreker 3: leuk
"""
    transcript = parse_transcript(text, "txt")
    assert needs_parse(transcript)
    with_model = {s.name: s.role for s in transcript.speakers}
    assert with_model == {"Spreker 1": "teacher", "Spreker 2": "parent", "Spreker 3": "child"}
    assert "voornaam aangesproken ('Thijs')" in transcript.speaker("Spreker 3").reason
    # Without the model the lowercase name is not recognised.
    plain = propose_roles(transcript, refresh=True, parse=False)
    assert "Thijs" not in plain.speaker("Spreker 3").reason


@pytest.mark.slow
def test_a_child_talked_about_in_lowercase_text_is_not_taken_as_addressed():
    """Two mothers and a teacher; the child is only talked about ("met nore", "nore tekent
    jullie"), so neither mother may be taken for the child addressed by her first name."""
    text = """\
Spreker 1: goeiemiddag kom binnen zet u maar
Spreker 2: dag juf
Spreker 1: hoe gaat het thuis met nore. vertelt ze over de klas
Spreker 3: ja thuis praat ze de hele dag
Spreker 1: in de klas zegt ze nog niks. nore tekent jullie allebei met een hartje
Spreker 2: ah dat is lief
Spreker 1: wat doen jullie als ze verdrietig is thuis met nore
Spreker 3: dan gaan we samen lezen in de zetel
Spreker 1: dat is mooi. ik spreek met jullie af dat ik u over twee weken bel
Spreker 2: merci juf
"""
    transcript = parse_transcript(text, "txt")
    assert needs_parse(transcript)
    roles = {s.name: s.role for s in transcript.speakers}
    assert roles == {"Spreker 1": "teacher", "Spreker 2": "parent", "Spreker 3": "parent"}
    assert all("voornaam" not in s.reason for s in transcript.speakers)


# --- the cue file ----------------------------------------------------------------------------


def test_every_cue_has_roles_a_weight_and_both_explanations():
    book = cue_book()
    assert len(book.cues) >= 20
    assert len({cue.id for cue in book.cues}) == len(book.cues)
    for cue in [*book.cues, *book.structure.values()]:
        assert cue.roles and cue.weight > 0, cue.id
        assert cue.explanation and cue.explanation_en, cue.id
    assert {"welcome", "proposes_procedure", "own_class", "closes", "my_child"} <= {
        cue.id for cue in book.cues
    }


def _cue_text(old: str, new: str) -> str:
    text = read_text(CUE_FILE)
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    cap: 2\n    when: opening\n", "    cap: 2\n    wen: opening\n", "unknown key 'wen'"),
        ("  welcome:\n    roles: teacher\n", "  welcome:\n    roles: juf\n", "unknown role 'juf'"),
        ("    when: opening\n", "    when: begin\n", "when must be one of"),
        ("  my_child:\n", "  welcome:\n", "'welcome' is defined twice"),
        ("unless_talk_has: flemish_address", "unless_talk_has: vlaams", "unknown lexicon 'vlaams'"),
        ("  first_speaker:\n", "  first_spreker:\n", "unknown structural cue 'first_spreker'"),
    ],
)
def test_mistakes_in_the_cue_file_name_the_line(old: str, new: str, message: str):
    with pytest.raises(RuleFileError, match=rf"role_cues\.yaml:\d+: .*{re.escape(message)}"):
        parse_cue_book(_cue_text(old, new))
