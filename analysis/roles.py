"""Roles from speaker names (ANNOTATION.md's table), user overrides, and the talk itself.

The name table lives in ``roles.yaml`` (read by :mod:`analysis.role_names`). A user override
(``--teacher NAME`` etc.) always wins and marks the speaker as not guessed. Speakers whose name
says nothing ("Spreker 1", "SPEAKER_00", "Petra") get a role proposed from what they say
(:mod:`analysis.talk_roles`), marked as guessed with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from analysis.errors import TranscriptError
from analysis.records import ROLES, Speaker, Transcript
from analysis.role_names import normalise_name, role_from_name
from analysis.talk_roles import propose_roles


def proposed_from_talk(speaker: Speaker) -> bool:
    """Whether the speaker's role was proposed from the talk (not set, not from the name)."""
    return speaker.guessed and speaker.role != "unknown" and role_from_name(speaker.name) is None


def guess_speakers(names: Iterable[str]) -> list[Speaker]:
    """Speakers in order of appearance with roles from their names (``unknown`` otherwise)."""
    speakers: list[Speaker] = []
    for name in dict.fromkeys(names):
        role = role_from_name(name)
        reason = f"De naam '{name}' betekent deze rol." if role else ""
        speakers.append(Speaker(name=name, role=role or "unknown", guessed=True, reason=reason))
    return speakers


def apply_roles(
    transcript: Transcript, overrides: Mapping[str, Iterable[str]] | None = None
) -> Transcript:
    """Return a copy of ``transcript`` with roles on speakers and turns.

    Roles come from the names, then ``overrides``, which maps a role to speaker names the user
    assigned to it (case-insensitive); a name that is not a speaker of the talk raises
    :class:`TranscriptError`, listing the speakers. The roles still open are proposed from the
    talk (around the overrides, which replace earlier proposals).
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
    named = replace(transcript, turns=turns, speakers=speakers)
    return propose_roles(named, refresh=any(overrides.values()) if overrides else False)
