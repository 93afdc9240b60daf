"""Regression: roles proposed from the talk are right on every labelled talk made anonymous.

Each talk's speakers are renamed "Spreker 1", "SPEAKER_00" or "S1" (in order of first
appearance), written as txt, srt or vtt, and read back as any input is read. The proposed roles
must equal the roles the original names mean: every teacher (also a second one, the IB'er)
a teacher and no one else, parents and a child right too. The dev set is read by path from
``../shared/dev-set``; the held-out talks are only measured here, never tuned on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.data_files import read_text
from analysis.records import Transcript, Turn
from analysis.role_check import check_talk
from analysis.talk_roles import (
    choose_roles,
    count_questions,
    cue_book,
    parse_cue_book,
    propose_roles,
    speaker_profiles,
)
from analysis.transcript_io import read_transcript

from .conftest import DATA, DEV_SET, SAMPLES, dev_set_files

STYLES = [("Spreker N", "txt"), ("SPEAKER_00", "srt"), ("S1", "vtt")]
OWN = DATA / "roles"
CORPUS = DATA / "corpus"


def _talks(folder: Path, label: str) -> list:
    files = sorted(folder.glob("*.txt"))
    if not files:
        return [pytest.param(None, id=f"{label}-absent", marks=pytest.mark.skip(f"no {folder}"))]
    return [pytest.param(path, id=f"{label}-{path.stem}") for path in files]


LABELLED = [
    *(
        _talks(DEV_SET, "dev")
        if dev_set_files()
        else [pytest.param(None, id="dev-absent", marks=pytest.mark.skip(f"no {DEV_SET}"))]
    ),
    *_talks(SAMPLES, "samples"),
    *_talks(DATA / "heldout", "heldout"),
    *_talks(OWN, "own"),
]


@pytest.mark.parametrize("path", LABELLED)
@pytest.mark.parametrize(("style", "fmt"), STYLES, ids=[s for s, _ in STYLES])
def test_roles_from_the_talk_are_right(path: Path, style: str, fmt: str):
    check = check_talk(path, style, fmt)
    wrong = [
        (s.name, s.label, s.expected, s.proposed, s.reason) for s in check.speakers if not s.right
    ]
    assert check.teacher_right, wrong
    assert not wrong
    assert all(s.reason.startswith("Vermoedelijk") for s in check.speakers)


# Known limit, kept as a strict xfail so that a fix shows: in c92 (heavily damaged recogniser
# text, session 10) the heuristic finds the mbo student at the table addressed with "u" and
# "meneer/mevrouw" and telling how things go at home, so she reads as a parent.
CORPUS_KNOWN_WRONG = {"c92-mbo-kapper-stage-marokkaanse-moeder-asr"}


def _corpus_talks() -> list:
    mark = pytest.mark.xfail(strict=True, reason="the student reads as a parent (see above)")
    return [
        pytest.param(*p.values, marks=mark, id=p.id)
        if p.values[0] is not None and p.values[0].stem in CORPUS_KNOWN_WRONG
        else p
        for p in _talks(CORPUS, "corpus")
    ]


@pytest.mark.parametrize("path", _corpus_talks())
def test_roles_from_the_talk_on_the_corpus(path: Path):
    check = check_talk(path)
    wrong = [(s.name, s.expected, s.proposed, s.reason) for s in check.speakers if not s.right]
    assert check.teacher_right, wrong
    assert not wrong


@pytest.mark.parametrize("path", _talks(OWN, "own"))
def test_own_talks_have_a_parent_who_asks_more_than_the_teacher(path: Path):
    """The own talks are the hard case: question counts alone would pick the parent."""
    transcript = read_transcript(path)
    asked: dict[str, int] = {}
    for turn in transcript.turns:
        asked[turn.role] = asked.get(turn.role, 0) + count_questions(turn.text)
    assert asked["parent"] > asked["teacher"]


# A teacher and a child as speech recognition and speaker separation may deliver them: the
# teacher's welcome was not recognised, and the child's "Meester, ..." came out as "Meneer, ...".
# That one vocative makes the child look like the teacher addressing a parent (and the real
# teacher like a parent addressed as 'meneer'); whoever is asked "wat vind jij ..." about "je
# vader" is not the teacher.
MISHEARD_VOCATIVE = [
    ("Spreker 1", "Hoi Daan. Vertel jij eens hoe het gaat?"),
    ("Spreker 2", "Meneer, het gaat goed."),
    ("Spreker 1", "Wat vind jij nog moeilijk?"),
    ("Spreker 2", "De tafels van zeven."),
    ("Spreker 1", "En wat vind jij het leukst?"),
    ("Spreker 2", "Tekenen."),
    ("Spreker 1", "Oefen jij thuis ook met je vader?"),
    ("Spreker 2", "Soms."),
]


def _recognised(lines: list[tuple[str, str]]) -> Transcript:
    turns = [
        Turn(index=i, speaker=name, text=text, start=4.0 * i, end=4.0 * i + 3.5)
        for i, (name, text) in enumerate(lines)
    ]
    return Transcript(turns=turns)


def test_a_speaker_addressed_with_jij_is_not_the_teacher():
    transcript = _recognised(MISHEARD_VOCATIVE)
    roles = {s.name: s.role for s in propose_roles(transcript).speakers}
    assert roles["Spreker 1"] == "teacher"
    assert roles["Spreker 2"] != "teacher"
    profiles = speaker_profiles(transcript)
    assert any(e.cue == "addressed_as_jij_not_teacher" for e in profiles["Spreker 2"].evidence)
    assert profiles["Spreker 2"].score("parent") > profiles["Spreker 2"].score("teacher")
    # Control: the same talk with the cue book minus that cue names the child the teacher.
    text = read_text("role_cues.yaml")
    start = text.index("\n  addressed_as_jij_not_teacher:")
    without = parse_cue_book(text[:start] + text[text.index("\n\n", start) :])
    assert len(without.cues) == len(cue_book().cues) - 1
    old = speaker_profiles(transcript, book=without)
    assert choose_roles(old, list(old), {}, without.priors)["Spreker 2"] == "teacher"
