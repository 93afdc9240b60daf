"""Roles from speaker names and user overrides."""

from __future__ import annotations

import pytest

from analysis.errors import TranscriptError
from analysis.roles import role_from_name
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
