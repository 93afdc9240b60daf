"""Turn-level checks for agreements and asks_home (issue #13, session 9).

Built from the guide's definitions, not from one writer's phrasing: a follow-up question on what
the parent just told of the child at home refers back to it ("sinds wanneer is dat?") without
naming the child again; a promise to meet again is a first-person main clause with a
see/speak verb and "elkaar". Word classes come from ``data/lexicons.yaml``; each check is named
by a rule's ``where.context`` in ``data/behaviours.yaml``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from analysis.detect.context import (
    Kept,
    TurnContext,
    content_words,
    is_promise_clause,
    item_groups,
    parent_content,
    register,
    token_key,
)
from analysis.detect.context_child import is_school_word, terms
from analysis.detect.lexicons import Lexicons
from analysis.detect.questions import sentence_acts


def parent_told_of_child_at_home(ctx: TurnContext, lex: Lexicons) -> bool:
    """The parent's turn before speaks of the child (hij/ze, a name) and of home: a home word
    ("thuis", "slaapt", "eten"), a family member or a place at home."""
    if ctx.parent_is_question:
        return False
    lowers = {t.lower_ for d in ctx.parent_before for t in d}
    home = any(
        w in lex.home or w in lex.family or w.startswith(lex.home_prefixes) for w in lowers
    ) or bool(lowers & terms("parent_home_words"))
    return home and bool(lowers & terms("child_third_person"))


def refers_back(sent: Span, ctx: TurnContext, lex: Lexicons) -> bool:
    """The question points back at what the parent told: a demonstrative as its subject or
    object ("hoe lang is dat al zo?"), or a content word of the parent's turn."""
    if any(t.lower_ in terms("back_reference_words") and t.dep_ != "det" for t in sent):
        return True
    return bool(content_words(sent, lex) & parent_content(ctx, lex))


def check_home_report_follow_up(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A question that follows up what the parent just told of the child at home (ANNOTATION.md,
    asks_home: asks how the child is at home), also when it does not name the child again; not
    about the parent, the teacher, the school, and not a clarification."""
    if found & item_groups().not_home or not parent_told_of_child_at_home(ctx, lex):
        return []
    acts = sentence_acts(doc)
    return [
        s for s in doc.sents if acts.get(s.start) is not None and follows_up_at_home(s, ctx, lex)
    ]


def follows_up_at_home(sent: Span, ctx: TurnContext, lex: Lexicons) -> bool:
    """A question sentence that points back at the parent's report and is not about the
    parent, the teacher or the school, nor a clarification."""
    lowers = {t.lower_ for t in sent}
    if lowers & (lex.clarification | lex.first_person_subjects | terms("first_person_objects")):
        return False
    if lowers & lex.parent_pronouns and not lowers & lex.home_observation:
        return False
    return not any(is_school_word(t) for t in sent) and refers_back(sent, ctx, lex)


def check_meet_again(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A promise to meet or speak again (ANNOTATION.md, agreements): ik/we as subject of a
    see/speak verb with "elkaar" ("we spreken elkaar na de toetsweek weer"), a main clause in
    the present or future, not negated, past, hypothetical or a habit."""
    out: list[Span] = []
    for sent in doc.sents:
        for verb in sent:
            if token_key(verb) not in lex.follow_up or verb.pos_ != "VERB":
                continue
            if not any(t.lower_ in lex.reciprocal for t in verb.subtree):
                continue
            if is_promise_clause(verb, lex):
                out.append(sent)
                break
    return out


register("home_report_follow_up", check_home_report_follow_up, order=72)
register("meet_again", check_meet_again, order=24)
