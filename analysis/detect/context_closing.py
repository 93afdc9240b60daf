"""Context check for the closing phase (issue #13, session 10): something the teacher gives
along home as a promise.

"Ik geef hem vanaf volgende week elke vrijdag een leesboekje mee" is a promise to the parent
(ANNOTATION.md, agreements: "send material home") however far the particle "mee" stands from
the verb, so the verb is found by the parse (verb with its separable particle), not by a
window of words. Giving along every week to this child is a promise; giving along to all
children, or always, is the school's habit ("elke vrijdag geven we alle kinderen een
nieuwsbrief mee"). Word lists are in ``data/lexicons.yaml``; registering happens
on import (see ``analysis/detect/__init__.py``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from analysis.detect.context import (
    MAIN_CLAUSE_DEPS,
    Kept,
    TurnContext,
    negated,
    own_clause,
    register,
    subject,
    token_key,
)
from analysis.detect.lexicons import Lexicons, lexicon_terms


def is_handover(verb: Token) -> bool:
    """The verb is giving or sending along: a present or infinitive form of geven/sturen with
    the particle "mee" ("geef ... mee") or joined to it ("meegeven"), by its form (the
    lemmatizer and the tagger do not always know "geef", so its tense is read from the form)."""
    if verb.pos_ != "VERB":
        return False
    forms = lexicon_terms("handover_verbs")
    if verb.lower_.startswith("mee") and verb.lower_[3:] in forms:
        return True
    particle = any(c.dep_ == "compound:prt" and c.lower_ == "mee" for c in verb.children)
    return particle and verb.lower_ in forms


def is_habit(verb: Token, lex: Lexicons) -> bool:
    """The clause gives along to everyone ("alle kinderen", "iedereen") or always ("altijd",
    "meestal"): the school's habit, not a promise to this parent. A recurring handover for
    this child ("ik geef hem elke vrijdag een boekje mee") is a promise."""
    words = {t.lower_ for t in own_clause(verb)}
    return bool(words & (lexicon_terms("generic_recipients") | lex.habitual))


def teacher_commits(verb: Token, lex: Lexicons) -> bool:
    """ik/we are the subject of the verb, or of "ik ga/zal" over its infinitive, in a main
    clause, not negated, with no perfect, past or other modal auxiliary."""
    clause = verb.head if verb.dep_ in ("xcomp", "ccomp") and subject(verb) is None else verb
    subj = subject(clause)
    if subj is None or subj.lower_ not in lex.first_person_subjects:
        return False
    if clause.dep_ not in MAIN_CLAUSE_DEPS or negated(verb, lex) or negated(clause, lex):
        return False
    if clause != verb and token_key(clause) not in lex.future_auxiliaries:
        return False
    auxiliaries = [c for c in verb.children if c.dep_ == "aux"]
    return all(token_key(a) in lex.future_auxiliaries for a in auxiliaries)


def is_handover_promise(verb: Token, lex: Lexicons) -> bool:
    """ik/we give something along in a main clause, present or future, not negated, past,
    hypothetical or a habit."""
    return is_handover(verb) and teacher_commits(verb, lex) and not is_habit(verb, lex)


def check_handover_promise(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """Sentences in which the teacher promises to give something along home."""
    return [s for s in doc.sents if any(is_handover_promise(t, lex) for t in s)]


register("handover_promise", check_handover_promise, order=26)
