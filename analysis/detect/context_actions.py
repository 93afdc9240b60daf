"""Context check for the teacher's own actions in class (issue #13, session 9 round 2).

A gate for the token rule ``handelen.ik_ga``: "ik/we + verb" is only an action in class when the
verb the teacher is the subject of is one. Forgiving, asking the child itself, or agreeing that
"we do that too" with the parent's approach (``dat doen wij ook``) is no class action
(ANNOTATION.md, own_actions). Word lists are in ``data/lexicons.yaml``; registering happens on
import (see ``analysis/detect/__init__.py``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from analysis.detect.context import Kept, TurnContext, register, subject, token_key
from analysis.detect.lexicons import Lexicons, lexicon_terms

FUTURE_AUX = frozenset({"gaan", "zullen", "willen"})


def echoes_parent(verb: Token) -> bool:
    """ "dat doen wij (in de kring) ook": the pro-verb doen with a demonstrative object and
    "ook", without a future auxiliary, agrees with what the parent does; it plans nothing."""
    if token_key(verb) not in lexicon_terms("pro_verbs"):
        return False
    kids = list(verb.children)
    has_pronoun = any(c.dep_ == "obj" and c.lower_ in ("dat", "dit", "het", "zo") for c in kids)
    has_also = any(c.lower_ == "ook" for c in kids)
    future = any(c.dep_ == "aux" and token_key(c) in FUTURE_AUX for c in kids)
    return has_pronoun and has_also and not future


def not_an_action(verb: Token, lex: Lexicons) -> bool:
    """The verb is no action of the teacher in class: a saying or thinking verb,
    a general verb (vergeven, geloven ...) without an action verb as its complement, or an
    echo of the parent's approach."""
    general = lex.report_verbs | lexicon_terms("general_teacher_verbs")
    if echoes_parent(verb):
        return True
    if token_key(verb) not in general:
        return False
    # "ik ga haar laten lezen", "ik vraag hem te plannen": the action is the verb complement
    return all(not_an_action(c, lex) for c in verb.children if c.dep_ in ("xcomp", "ccomp"))


def first_person_verbs(sent: Span, lex: Lexicons) -> list[Token]:
    """The verbs of a sentence with ik/we/wij as their subject (parse)."""
    found = []
    for token in sent:
        subj = subject(token) if token.pos_ in ("VERB", "AUX") else None
        if subj is not None and subj.lower_ in lex.first_person_subjects:
            found.append(token)
    return found


def check_class_action_verb(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """Every sentence (a gate) unless all its ik/we clauses have a verb that is no class
    action; a sentence without a parsed first-person subject passes."""
    kept_sents = []
    for sent in doc.sents:
        verbs = first_person_verbs(sent, lex)
        if not verbs or not all(not_an_action(v, lex) for v in verbs):
            kept_sents.append(sent)
    return kept_sents


register("class_action_verb", check_class_action_verb, order=95, gate=True)
