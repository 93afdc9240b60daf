"""Checking roles proposed from the talk on labelled talks whose speakers are made anonymous.

A labelled talk names its speakers by role ("Juf Anouk", "Moeder", "Lieke"), so the expected
role of each speaker follows from the name (a first name next to a teacher and a parent is the
child). :func:`check_talk` replaces every name by an anonymous label in one of the styles other
tools write ("Spreker 1", "SPEAKER_00", "S1", in order of first appearance), writes the talk in
a transcript format, reads it back as any input is read (so roles are proposed from the talk)
and compares. Used by ``benchmarks/roles_from_text.py`` and the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from analysis.records import Role, Transcript
from analysis.role_names import role_from_name
from analysis.transcript_io import parse_transcript, read_transcript, write_transcript

#: Label styles: the label of the n-th speaker (from 0) in order of first appearance.
STYLES: dict[str, Callable[[int], str]] = {
    "Spreker N": lambda n: f"Spreker {n + 1}",
    "SPEAKER_00": lambda n: f"SPEAKER_{n:02d}",
    "S1": lambda n: f"S{n + 1}",
    "Speaker A": lambda n: f"Speaker {chr(ord('A') + n)}",
    "Persoon N": lambda n: f"Persoon {n + 1}",
}


@dataclass(frozen=True, slots=True)
class SpeakerCheck:
    """One speaker: the original name, the label it got, the expected and proposed role."""

    name: str
    label: str
    expected: Role
    proposed: Role
    reason: str

    @property
    def right(self) -> bool:
        return self.expected == self.proposed


@dataclass(frozen=True, slots=True)
class TalkCheck:
    """The proposed roles of one anonymised talk against the roles its names mean."""

    talk: str
    style: str
    fmt: str
    speakers: tuple[SpeakerCheck, ...]

    @property
    def teacher_right(self) -> bool:
        """Every teacher speaker proposed as teacher and no one else as teacher."""
        return all((s.expected == "teacher") == (s.proposed == "teacher") for s in self.speakers)

    def right_of(self, role: Role) -> tuple[int, int]:
        """(right, total) over the speakers expected to have ``role``."""
        wanted = [s for s in self.speakers if s.expected == role]
        return sum(s.right for s in wanted), len(wanted)

    @property
    def all_right(self) -> bool:
        return all(s.right for s in self.speakers)


def expected_roles(transcript: Transcript) -> dict[str, Role]:
    """The role each speaker's name means; a name the table does not know is the child when
    the talk has a teacher and a parent (how the labelled talks name a child)."""
    roles: dict[str, Role] = {}
    for speaker in transcript.speakers:
        roles[speaker.name] = role_from_name(speaker.name) or "unknown"
    if {"teacher", "parent"} <= set(roles.values()):
        roles = {name: "child" if role == "unknown" else role for name, role in roles.items()}
    return roles


def anonymise(transcript: Transcript, style: str) -> tuple[Transcript, dict[str, str]]:
    """``transcript`` with its speakers renamed in ``style`` (roles cleared), and the mapping."""
    label = STYLES[style]
    order = list(dict.fromkeys(turn.speaker for turn in transcript.turns))
    mapping = {name: label(n) for n, name in enumerate(order)}
    turns = [replace(t, speaker=mapping[t.speaker], role="unknown") for t in transcript.turns]
    return replace(transcript, turns=turns, speakers=[]), mapping


def check_transcript(
    transcript: Transcript, talk: str, style: str = "Spreker N", fmt: str = "txt"
) -> TalkCheck:
    """Anonymise a talk with named speakers, write it as ``fmt``, read it back and compare."""
    expected = expected_roles(transcript)
    anonymous, mapping = anonymise(transcript, style)
    if fmt in ("srt", "vtt") and not all(turn.start is not None for turn in anonymous.turns):
        anonymous = _with_times(anonymous)
    proposed = parse_transcript(write_transcript(anonymous, fmt), fmt, f"{talk}.{fmt}")
    by_label = {speaker.name: speaker for speaker in proposed.speakers}
    speakers = tuple(
        SpeakerCheck(
            name=name,
            label=label,
            expected=expected[name],
            proposed=by_label[label].role,
            reason=by_label[label].reason,
        )
        for name, label in mapping.items()
    )
    return TalkCheck(talk=talk, style=style, fmt=fmt, speakers=speakers)


def _with_times(transcript: Transcript, seconds: float = 3.0) -> Transcript:
    """Evenly spaced times for a talk without them (subtitles need times)."""
    turns = [
        replace(turn, start=i * seconds, end=(i + 1) * seconds, words=[])
        for i, turn in enumerate(transcript.turns)
    ]
    return replace(transcript, turns=turns)


def check_talk(path: Path, style: str = "Spreker N", fmt: str = "txt") -> TalkCheck:
    """:func:`check_transcript` for a labelled talk file."""
    return check_transcript(read_transcript(path), path.stem, style, fmt)
