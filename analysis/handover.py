"""Handing a session to another coach in a shared installation.

The owner of the session changes, so it moves from one coach's *Mijn gesprekken* to the
other's, and the hand-over (when, from whom, to whom, the title then, a note) is stored so
both coaches see it in their history (:meth:`SessionStore.handovers`).
"""

from __future__ import annotations

from collections.abc import Collection

from analysis.errors import AnalysisError
from analysis.store import Handover, SessionStore

__all__ = ["Handover", "HandoverError", "hand_over", "history"]

MAX_NOTE = 500


class HandoverError(AnalysisError):
    """A hand-over that cannot be made (no shared installation, unknown or same coach)."""


def hand_over(
    store: SessionStore,
    session_id: str,
    to_owner: str,
    note: str = "",
    coaches: Collection[str] | None = None,
) -> Handover:
    """Hand the session of ``store``'s coach to the coach ``to_owner`` (a login of the
    users file; ``coaches`` lists the known logins)."""
    if store.owner is None:
        raise HandoverError(
            "hand-overs need a shared installation (a users file)",
            "Overdragen kan alleen in een gedeelde installatie met inlog.",
        )
    to_owner = to_owner.strip()
    if not to_owner or (coaches is not None and to_owner not in coaches):
        raise HandoverError(
            f"unknown coach {to_owner!r}", f"Coach '{to_owner}' is niet bekend in deze installatie."
        )
    if to_owner == store.owner:
        raise HandoverError(
            "a session cannot be handed to its own coach",
            "U kunt een gesprek niet aan uzelf overdragen.",
        )
    return store.hand_over(session_id, to_owner, " ".join(note.split())[:MAX_NOTE])


def history(store: SessionStore) -> list[Handover]:
    """The hand-overs from and to ``store``'s coach, newest first."""
    return store.handovers()
