"""Roles for the speakers of a recording: proposed from the talk, with the voice as extra cue.

Speaker separation calls its speakers "Spreker 1", "Spreker 2", …; their roles are proposed
from what they say by :mod:`analysis.talk_roles` (the same proposer as for transcripts with
anonymous speakers), and the median voice pitch per speaker adds one cue: the highest voice,
at least :data:`CHILD_PITCH` Hz, points to the child.
"""

from __future__ import annotations

from analysis.talk_roles import CHILD_PITCH, count_questions, propose_roles

__all__ = ["CHILD_PITCH", "count_questions", "propose_roles"]
