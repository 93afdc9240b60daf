"""The named word lists of ``analysis/detect/data/lexicons.yaml`` and their references.

Each word list lives in one place; rules and code refer to it by name (``"@feeling_words"`` in
a rule file, :func:`lexicon_terms` in code).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from analysis.detect.yaml_nodes import (
    check_keys,
    compose,
    line_of,
    mapping,
    node_error,
    string,
    string_list,
)
from analysis.errors import RuleFileError

LEXICON_FILE = "lexicons.yaml"

Lexicon = dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def load_lexicons() -> Lexicon:
    """All named word lists, lower-cased, keyed by name."""
    root = mapping(compose(LEXICON_FILE), LEXICON_FILE, "lexicon file")
    lexicons: Lexicon = {}
    for name, node in root.items():
        what = f"lexicon {name!r}"
        entry = mapping(node, LEXICON_FILE, what)
        check_keys(entry, node, LEXICON_FILE, what, {"description", "words"}, {"source"})
        string(entry["description"], LEXICON_FILE, f"{what} description")
        words = string_list(entry["words"], LEXICON_FILE, f"{what} words")
        if not words:
            raise node_error(LEXICON_FILE, line_of(node), f"{what} is empty")
        lexicons[name] = tuple(dict.fromkeys(w.lower() for w in words))
    return lexicons


def _words(reference: str, lexicons: Lexicon, source: str, line: int) -> tuple[str, ...]:
    words = lexicons.get(reference[1:])
    if words is None:
        raise node_error(source, line, f"unknown lexicon {reference!r}")
    return words


def expand_terms(
    terms: list[str], lexicons: Lexicon, source: str, line: int
) -> tuple[tuple[str, ...], ...]:
    """Constraint terms as token sequences; ``@name`` expands to every word of that lexicon."""
    out: list[tuple[str, ...]] = []
    for term in terms:
        if term.startswith("@"):
            out.extend(tuple(w.split()) for w in _words(term, lexicons, source, line))
        else:
            out.append(tuple(term.lower().split()))
    return tuple(out)


def expand_value(value: Any, lexicons: Lexicon, source: str, line: int) -> Any:
    """Replace ``"@name"`` inside IN/NOT_IN lists (or as the whole list) by the lexicon's
    single words."""
    if isinstance(value, str) and value.startswith("@"):
        return [w for w in _words(value, lexicons, source, line) if " " not in w]
    if isinstance(value, list):
        out: list[Any] = []
        for part in value:
            expanded = expand_value(part, lexicons, source, line)
            if isinstance(part, str) and part.startswith("@"):
                out.extend(expanded)
            else:
                out.append(expanded)
        return out
    if isinstance(value, dict):
        return {key: expand_value(v, lexicons, source, line) for key, v in value.items()}
    return value


def lexicon_terms(name: str) -> frozenset[str]:
    """The single-word entries of one lexicon, for quick membership tests in code."""
    words = load_lexicons().get(name)
    if words is None:
        raise RuleFileError(
            f"{LEXICON_FILE}: unknown lexicon {name!r}",
            f"De woordenlijst '{name}' staat niet in {LEXICON_FILE}.",
        )
    return frozenset(w for w in words if " " not in w)
