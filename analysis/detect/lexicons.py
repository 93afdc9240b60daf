"""The named word lists of ``analysis/detect/data/lexicons.yaml`` and their references.

Each word list lives in one place; rules and code refer to it by name (``"@feeling_words"`` in
a rule file, :func:`lexicon_terms` in code).
"""

from __future__ import annotations

from functools import cache, lru_cache
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


@cache
def lexicon_terms(name: str) -> frozenset[str]:
    """The single-word entries of one lexicon, for quick membership tests in code (built once
    per lexicon, so callers need no cache of their own)."""
    words = load_lexicons().get(name)
    if words is None:
        raise RuleFileError(
            f"{LEXICON_FILE}: unknown lexicon {name!r}",
            f"De woordenlijst '{name}' staat niet in {LEXICON_FILE}.",
        )
    return frozenset(w for w in words if " " not in w)


@cache
def phrases(name: str) -> tuple[tuple[str, ...], ...]:
    """Every entry of a lexicon as a token sequence, multi-word ones included (built once)."""
    return tuple(tuple(entry.split()) for entry in load_lexicons()[name])


class Lexicons:
    """The word lists the detection code uses by name: the context checks' and the question
    classifier's (each list itself lives in ``lexicons.yaml``)."""

    def __init__(self) -> None:
        # context checks
        self.light = lexicon_terms("light_words")
        self.feeling = lexicon_terms("feeling_words")
        self.strong_feeling = lexicon_terms("strong_feeling_words")
        self.second_person = lexicon_terms("second_person")
        self.child = lexicon_terms("child_reference")
        self.backchannels = lexicon_terms("backchannels")
        self.home = lexicon_terms("home_words")
        self.family = lexicon_terms("family_words")
        self.class_words = lexicon_terms("school_words")
        self.person_subjects = lexicon_terms("person_subjects")
        self.evaluations = lexicon_terms("evaluations")
        self.first_person_subjects = lexicon_terms("first_person_subjects")
        self.hedges = lexicon_terms("hedge_verbs")
        self.content_links = lexicon_terms("feeling_content_links")
        self.content_openers = lexicon_terms("content_openers")
        self.trailing_tags = lexicon_terms("trailing_tags")
        self.directives = phrases("directives")
        self.negations = lexicon_terms("negations")
        self.receive = lexicon_terms("receive_lemmas")
        self.commitments = lexicon_terms("commitment_lemmas")
        self.reciprocal = lexicon_terms("reciprocal_words")
        self.follow_up = lexicon_terms("follow_up_lemmas")
        self.parent_subjects = lexicon_terms("parent_subjects")
        self.report_verbs = lexicon_terms("report_verbs")
        self.feeling_lemmas = lexicon_terms("feeling_lemmas")
        self.reflexives = lexicon_terms("reflexives")
        self.non_action = lexicon_terms("non_action_lemmas")
        self.learning = lexicon_terms("learning_lemmas")
        self.child_subjects = lexicon_terms("child_subjects")
        self.summary_praise = lexicon_terms("summary_praise")
        self.conditional = lexicon_terms("conditional_words")
        self.dismissive = phrases("dismissive")
        self.habitual = lexicon_terms("habitual_words")
        self.future_auxiliaries = lexicon_terms("future_auxiliaries")
        self.anaphors = lexicon_terms("anaphors")
        self.permission = lexicon_terms("permission_lemmas")
        self.praise = lexicon_terms("praise_words") | lexicon_terms("approach_praise")
        # question classifier
        self.question_words = lexicon_terms("question_words")
        self.factual_how = lexicon_terms("factual_how")
        self.factual_words = lexicon_terms("factual_question_words")
        self.factual_nouns = lexicon_terms("factual_nouns")
        self.subjects = lexicon_terms("subject_pronouns")
        self.skip = lexicon_terms("clause_skip")
        self.non_verbs = lexicon_terms("non_verbs")
        self.imperative = lexicon_terms("imperative_particles")
        self.preference = lexicon_terms("preference_words")
        self.strong_subjects = lexicon_terms("strong_subjects")
        self.run_on_links = lexicon_terms("run_on_links")
        self.embedding = lexicon_terms("embedding_words")
        self.subordinators = lexicon_terms("inversion_subordinators")
        self.clause_links = lexicon_terms("clause_links")
        self.first_person = lexicon_terms("first_person")
        self.polite_subjects = lexicon_terms("polite_imperative_subjects")
        self.offer_verbs = lexicon_terms("offer_verbs")
        # home follow-up
        self.home_prefixes = tuple(sorted(lexicon_terms("home_prefixes")))
        self.home_observation = lexicon_terms("home_observation_verbs")
        self.clarification = lexicon_terms("clarification_verbs")
        self.parent_pronouns = lexicon_terms("parent_pronouns")
        self.existential = lexicon_terms("existential_words")
        self.follow_up_links = lexicon_terms("follow_up_links")
        # reflections (session 7)
        self.reflection_subjects = lexicon_terms("reflection_subjects")
        self.reflection_verbs = lexicon_terms("reflection_verbs")
        self.perfect_auxiliaries = lexicon_terms("perfect_auxiliaries")
        self.presumptive = lexicon_terms("presumptive_adverbs")
        self.understanding = lexicon_terms("understanding_lemmas")
        self.pattern_feelings = lexicon_terms("pattern_feeling_lemmas")
        self.anticipation_heads = lexicon_terms("anticipation_heads")
        self.inchoative = lexicon_terms("inchoative_lemmas")
        self.causing = lexicon_terms("causing_lemmas")
        self.follow_up_markers = lexicon_terms("follow_up_markers")
        self.value_words = lexicon_terms("value_words")
        self.listeners = lexicon_terms("listeners")
        self.anticipation_particles = lexicon_terms("anticipation_particles")
