"""Numbers and counts as a Dutch reader expects them: "1 beurt", "3 beurten", "1,5".

The singular and plural of every count word live in ``count_words.yaml``; :func:`count` is the
one place that chooses between them, for the app, the reports and the messages.
"""

from __future__ import annotations

from functools import cache

from analysis.data_files import load_yaml
from analysis.errors import RuleFileError

COUNT_WORDS_FILE = "count_words.yaml"


@cache
def count_words() -> dict[str, str]:
    """Singular phrase → plural phrase, checked when loaded."""
    raw = load_yaml(COUNT_WORDS_FILE)
    if not isinstance(raw, dict):
        raise RuleFileError(f"analysis/{COUNT_WORDS_FILE}: expected 'enkelvoud: meervoud' lines")
    for singular, plural in raw.items():
        if not (isinstance(singular, str) and isinstance(plural, str) and singular and plural):
            raise RuleFileError(f"analysis/{COUNT_WORDS_FILE}: '{singular}' needs a plural as text")
    return dict(raw)


def count(number: int, singular: str) -> str:
    """``number`` followed by ``singular`` or its plural: ``count(1, "beurt")`` → "1 beurt",
    ``count(0, "beurt")`` → "0 beurten". The phrase must be listed in ``count_words.yaml``."""
    words = count_words()
    if singular not in words:
        raise KeyError(f"{singular!r} is not in analysis/{COUNT_WORDS_FILE}")
    return f"{number} {singular if number == 1 else words[singular]}"


def decimal(value: float, digits: int = 1) -> str:
    """``value`` with a decimal comma: ``decimal(1.25, 2)`` → "1,25"."""
    return f"{value:.{digits}f}".replace(".", ",")


def percent(value: float, digits: int = 0) -> str:
    """A share (0–1) as a Dutch percentage: ``percent(0.425, 1)`` → "42,5%"."""
    return f"{value * 100:.{digits}f}%".replace(".", ",")
