"""Roles from speaker names (ANNOTATION.md's table), with user overrides.

The name table lives in ``roles.yaml``. A user override (``--teacher NAME`` etc.) always wins and
marks the speaker as not guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache

from analysis.data_files import load_yaml
from analysis.errors import TranscriptError
from analysis.records import ROLES, Role, Speaker, Transcript

_APOSTROPHES = re.compile(r"[’‘`´]")


def normalise_name(name: str) -> str:
    """Lowercase, unify apostrophes, turn dashes into apostrophes ("IB-er" → "ib'er")."""
    text = _APOSTROPHES.sub("'", name.strip().lower())
    text = re.sub(r"(?<=\w)-(?=er\b)", "'", text)
    return re.sub(r"\s+", " ", text)


@lru_cache(maxsize=1)
def role_names() -> dict[str, tuple[str, ...]]:
    """The role → names table from ``roles.yaml``."""
    data = load_yaml("roles.yaml")
    table: dict[str, tuple[str, ...]] = {}
    for role, names in data.items():
        if role not in ROLES:
            raise TranscriptError(f"roles.yaml: unknown role {role!r}")
        table[role] = tuple(normalise_name(name) for name in names)
    return table


def role_from_name(name: str) -> Role | None:
    """The role a speaker name means, or ``None`` when the table does not know it."""
    key = normalise_name(name)
    for role, names in role_names().items():
        for entry in names:
            if key == entry or key.startswith(entry + " "):
                return role  # type: ignore[return-value]
    return None


def guess_speakers(names: Iterable[str]) -> list[Speaker]:
    """Speakers in order of appearance with roles guessed from their names.

    A name the table does not know becomes the child when the talk already has a teacher and a
    parent (a child is usually named by first name only: "Lieke"); otherwise it stays unknown.
    """
    ordered = list(dict.fromkeys(names))
    speakers: list[Speaker] = []
    for name in ordered:
        role = role_from_name(name)
        reason = f"De naam '{name}' betekent deze rol." if role else ""
        speakers.append(Speaker(name=name, role=role or "unknown", guessed=True, reason=reason))
    known = {speaker.role for speaker in speakers}
    if {"teacher", "parent"} <= known:
        for speaker in speakers:
            if speaker.role == "unknown":
                speaker.role = "child"
                speaker.reason = (
                    f"'{speaker.name}' is geen rolnaam; naast leerkracht en ouder is dit "
                    "vermoedelijk het kind."
                )
    return speakers


def apply_roles(
    transcript: Transcript, overrides: Mapping[str, Iterable[str]] | None = None
) -> Transcript:
    """Return a copy of ``transcript`` with roles on speakers and turns.

    ``overrides`` maps a role to speaker names the user assigned to it (case-insensitive). A name
    that is not a speaker of the talk raises :class:`TranscriptError`, listing the speakers.
    """
    by_name = {speaker.name: speaker for speaker in transcript.speakers}
    speakers = [
        replace(by_name[speaker.name]) if speaker.name in by_name else speaker
        for speaker in guess_speakers(turn.speaker for turn in transcript.turns)
    ]
    lookup = {normalise_name(speaker.name): speaker for speaker in speakers}
    for role, names in (overrides or {}).items():
        if role not in ROLES:
            raise TranscriptError(f"unknown role {role!r}", f"Onbekende rol '{role}'.")
        for name in names:
            speaker = lookup.get(normalise_name(name))
            if speaker is None:
                known = ", ".join(s.name for s in speakers)
                raise TranscriptError(
                    f"speaker {name!r} does not occur in the transcript (speakers: {known})",
                    f"Spreker '{name}' komt niet voor in het transcript (sprekers: {known}).",
                )
            speaker.role = role  # type: ignore[assignment]
            speaker.guessed = False
            speaker.reason = "Door de gebruiker ingesteld."
    roles = {speaker.name: speaker.role for speaker in speakers}
    turns = [replace(turn, role=roles[turn.speaker]) for turn in transcript.turns]
    return replace(transcript, turns=turns, speakers=speakers)
