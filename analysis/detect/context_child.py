"""Clause-level checks for the child items: asks_home, parent_strengths and basic_needs.

Built from the guide's definitions by grammar, not from one writer's phrasing: who is the
subject of which verb (the parse), in a question or a statement (the question tagger), with
lemma classes from ``data/lexicons.yaml``. Each check is named by a rule's ``where.context`` in
``data/behaviours.yaml``, which holds its item, Dutch explanation and examples.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span, Token

from analysis.detect.context import (
    MAIN_CLAUSE_DEPS,
    PREDICATE_POS,
    Kept,
    TurnContext,
    register,
    token_key,
)
from analysis.detect.lexicons import Lexicons, lexicon_terms
from analysis.detect.questions import sentence_acts


@cache
def terms(*names: str) -> frozenset[str]:
    """The words of one or more lexicons together, loaded once per combination."""
    return frozenset().union(*(lexicon_terms(name) for name in names))


def is_the_child(token: Token) -> bool:
    """The child spoken about to the parent: hij/zij/ze/ie, a name, or "uw zoon", "de kleine"
    (not je/ge: in a question to the parent that is the parent)."""
    if token.lower_ in terms("listeners", "parent_listeners"):
        return False  # "gij" is often tagged as a name
    if token.lower_ in terms("child_third_person", "child_nouns") or token_key(token) in terms(
        "child_nouns"
    ):
        return True
    vocative = token.i + 1 < len(token.doc) and token.doc[token.i + 1].is_punct
    return token.pos_ == "PROPN" and not vocative


def is_school_word(token: Token) -> bool:
    """A word of the school setting ("klas", "gymspullen"), not "na school" or "uit school"
    (time outside school)."""
    lower = token.lower_
    if not (
        lower in terms("school_words", "school_setting_words")
        or lower.startswith(tuple(terms("school_prefixes")))
    ):
        return False
    return not (token.i > 0 and token.doc[token.i - 1].lower_ in terms("outside_school_words"))


def is_child_life_question(head: Token, lex: Lexicons) -> bool:
    """A question clause with the child as its subject, about what the child does, is or likes:
    not a practical request or arrangement (a modal, an arrangement lemma), not about a school
    setting, not about the teacher."""
    subjects = [c for c in head.children if c.dep_ == "nsubj"]
    if not subjects or not all(is_the_child(c) for c in subjects):
        return False
    key = token_key(head)
    if (
        key in terms("not_home_question_lemmas")
        or head.lower_ in terms("not_home_question_lemmas")
        or key in lex.learning
    ):
        return False
    clause = list(head.subtree)
    if any(is_school_word(t) for t in clause) or {t.lower_ for t in clause} & terms(
        "first_person_subjects", "first_person_objects"
    ):
        return False
    if any(token_key(t) in terms("not_home_question_lemmas") for t in clause if t.dep_ == "aux"):
        return False
    return asks_by_word_order(head, subjects[0])


def is_plural(verb: Token) -> bool:
    """A plural finite verb by morphology, or an -en form the tagger left without number."""
    number = verb.morph.get("Number")
    return "Plur" in number or (not number and verb.lower_.endswith("en"))


def asks_by_word_order(head: Token, subj: Token) -> bool:
    """The clause is asked, by Dutch word order: the finite verb comes before the subject and
    is either the first word of the clause ("speelt hij buiten?") or follows a question-word
    phrase ("met wie speelt hij?", "hoe laat eet ze?"), not a subordinate clause ("als hij
    moe is, blijft hij stil") or a quote ("zegt ze")."""
    finite = min([head, *(c for c in head.children if c.dep_ in ("aux", "cop"))], key=lambda t: t.i)
    if finite.i > subj.i or is_plural(finite):
        return False  # "spelen ze": ze are other children, not the child
    doc = head.doc
    before = [
        t
        for t in doc[head.left_edge.i : finite.i]
        if not t.is_punct and t.lower_ not in terms("question_lead_words")
    ]
    if not before:
        return True
    part = before[-1]
    while part.head.i not in (head.i, part.i):
        part = part.head
    if part.head.i != head.i:
        return False  # the words before belong to another clause
    return any(t.lower_ in terms("question_words") for t in part.subtree)


def check_child_life_question(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A question to the parent about the child's life outside school (ANNOTATION.md,
    asks_home): the child as the subject of the question's main clause."""
    acts = sentence_acts(doc)
    out: list[Span] = []
    for sent in doc.sents:
        if acts.get(sent.start) is None:
            continue
        if any(is_school_word(t) for t in sent):
            continue
        heads = [t for t in sent if t.pos_ in PREDICATE_POS and t.dep_ in MAIN_CLAUSE_DEPS]
        if any(is_child_life_question(h, lex) for h in heads):
            out.append(sent)
    return out


register("child_life_question", check_child_life_question, order=71)
