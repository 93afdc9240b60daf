"""The role-name table (``roles.yaml``, ANNOTATION.md's table): what a speaker name says about
the speaker's role ("Juf Anouk" → teacher, "Moeder" → parent), and which names are only labels
("Spreker 1", "SPEAKER_00"). Used by :mod:`analysis.roles` and :mod:`analysis.talk_roles`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.data_files import load_yaml
from analysis.errors import RuleFileError
from analysis.records import ROLES, Role

_APOSTROPHES = re.compile(r"[’‘`´]")


def normalise_name(name: str) -> str:
    """Lowercase, unify apostrophes, turn dashes into apostrophes ("IB-er" → "ib'er")."""
    text = _APOSTROPHES.sub("'", name.strip().lower())
    text = re.sub(r"(?<=\w)-(?=er\b)", "'", text)
    return re.sub(r"\s+", " ", text)


_ANONYMOUS_KEY = "anonymous"


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    data = load_yaml("roles.yaml")
    table: dict[str, tuple[str, ...]] = {}
    for key, names in data.items():
        if key not in ROLES and key != _ANONYMOUS_KEY:
            raise RuleFileError(
                f"roles.yaml: unknown role {key!r}",
                f"Het bestand roles.yaml noemt een onbekende rol: '{key}'.",
            )
        table[key] = tuple(normalise_name(name) for name in names)
    return table


def role_names() -> dict[str, tuple[str, ...]]:
    """The role → names table from ``roles.yaml``."""
    return {role: names for role, names in _table().items() if role != _ANONYMOUS_KEY}


@lru_cache(maxsize=1)
def _anonymous_label() -> re.Pattern[str]:
    words = "|".join(re.escape(word) for word in _table().get(_ANONYMOUS_KEY, ()))
    return re.compile(rf"^(?:(?:{words})[ _-]?)?(?:\d+|[a-z])$")


def is_anonymous_label(name: str) -> bool:
    """Whether ``name`` is a label that names no one ("Spreker 1", "SPEAKER_00", "S1",
    "Speaker A", "Persoon 2")."""
    return bool(_anonymous_label().match(normalise_name(name)))


def role_from_name(name: str) -> Role | None:
    """The role a speaker name means, or ``None`` when the table does not know it."""
    key = normalise_name(name)
    for role, names in role_names().items():
        for entry in names:
            if key == entry or key.startswith(entry + " "):
                return role  # type: ignore[return-value]
    return None
