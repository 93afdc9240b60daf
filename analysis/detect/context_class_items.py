"""Clause-level checks for names_qualities (issue #13, session 9).

Built from the guide's definition by grammar, not from one writer's phrasing: the child (hij/ze
or a name, or the child's own "zijn/haar" thing) as the subject of a praising predicate, read
from the parse and lemma classes in ``data/lexicons.yaml``. Clause-level, so a recogniser's
run-on turn keeps a strength when another clause of it is negated or names a growth point.
Each check is named by a rule's ``where.context`` in ``data/behaviours.yaml``.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Span, Token

from analysis.detect.context import (
    PREDICATE_POS,
    main_or_that_clause,
    negated,
    register,
    sentences_where,
    subject,
    token_key,
)
from analysis.detect.lexicons import Lexicons, lexicon_terms


@cache
def terms(*names: str) -> frozenset[str]:
    """The words of one or more lexicons together, loaded once per combination."""
    return frozenset().union(*(lexicon_terms(name) for name in names))


def plain_child_clause(head: Token, lex: Lexicons, *, v2: bool = False) -> Token | None:
    """The child subject of ``head`` in a plain statement: hij/ze or a name (not je/ge, that may
    be the parent) before the verb (or after it in a topicalised statement when ``v2``), in a
    main or "dat" clause, not negated or conditional."""
    auxiliaries = [c for c in head.children if c.dep_ == "aux"]
    subj = next((s for t in (head, *auxiliaries) if (s := subject(t)) is not None), None)
    if subj is None or not (subj.lower_ in lex.child or subj.pos_ == "PROPN"):
        return None
    if subj.lower_ in terms("parent_subjects", "family_words"):
        return None
    clause = head.head if head.dep_ == "advmod" else head  # "goed" hung on "in rekenen"
    plain = main_or_that_clause(clause) or clause.pos_ in ("INTJ", "CCONJ")  # "en eh ze is ..."
    if negated(head, lex) or not plain:
        return None
    if any(c.lower_ in lex.conditional for c in head.children):
        return None
    verbs = [head, *(c for c in head.children if c.dep_ in ("aux", "cop"))]
    first = min(t.i for t in verbs)
    return subj if first > subj.i or (v2 and topicalised(head.sent, first, lex)) else None


def topicalised(sent: Span, verb_at: int, lex: Lexicons) -> bool:
    """A V2 statement with something before the verb ("In de pauze speelt hij ..."): not
    verb-first, not opened by a question word, no question mark."""
    if verb_at == sent.start or sent[0].lower_ in lex.question_words:
        return False
    return not sent.text.rstrip().endswith("?")


def is_skilled_in(head: Token, lex: Lexicons) -> bool:
    """ "Lotte is goed/sterk/knap in rekenen": a skill adjective with "in" + a subject or
    activity (not a place or a state: "in de klas", "in haar vel"). The parse hangs "in" on
    the adjective or makes the activity the head with the adjective on it."""
    if plain_child_clause(head, lex) is None:
        return False
    skills = [t for t in (head, *head.children) if token_key(t) in terms("skill_adjectives")]
    if not skills or negated(skills[0], lex):
        return False
    domains = [head] if head not in skills else []
    domains += [head.head] if head.dep_ == "advmod" and head in skills else []
    domains += [c for t in skills for c in t.children if c.dep_ == "obl"]
    return any(
        token_key(d) not in terms("skill_not_domains")
        and any(g.dep_ == "case" and g.lower_ == "in" for g in d.children)
        for d in domains
    )


def is_best_of(head: Token, lex: Lexicons) -> bool:
    """ "Ze is de beste van de klas", "hij is een van de snelste lezers": the child as the
    subject of a predicate with a praising superlative in it."""
    if not any(c.dep_ == "cop" for c in head.children):
        return False
    if plain_child_clause(head, lex) is None:
        return False
    return any(
        t.pos_ == "ADJ"
        and "Sup" in t.morph.get("Degree")
        and token_key(t) in terms("skill_adjectives", "quality_adverb_lemmas", "quality_lemmas")
        for t in head.subtree
    )


def is_childs_strong_point(head: Token, lex: Lexicons) -> bool:
    """ "Zijn handschrift is heel mooi", "haar woordenschat is groot": a thing of the child
    (zijn/haar + a noun that is not a person) as the subject of a praising adjective."""
    if head.pos_ != "ADJ" or token_key(head) not in terms("summary_praise", "strong_point_praise"):
        return False
    subj = subject(head)
    if subj is None or subj.pos_ != "NOUN" or negated(head, lex):
        return False
    if token_key(subj) in terms("family_words", "parent_reference", "child_nouns"):
        return False
    own = any(c.dep_ == "nmod:poss" and c.lower_ in ("zijn", "haar", "z'n") for c in subj.children)
    if not own or not main_or_that_clause(head) or "Cmp" in head.morph.get("Degree"):
        return False
    return not any(c.lower_ in lex.conditional for c in head.children) and subj.i < head.i


def is_able_well(head: Token, lex: Lexicons) -> bool:
    """ "Ze kan dat prima", "hij kan het heel goed maken": "kunnen" with a praising adverb."""
    able = token_key(head) == "kunnen" or any(
        c.dep_ == "aux" and token_key(c) == "kunnen" for c in head.children
    )
    if not able or plain_child_clause(head, lex) is None:
        return False
    return any(c.dep_ == "advmod" and token_key(c) in terms("able_praise") for c in head.children)


def is_child_strength(head: Token, lex: Lexicons) -> bool:
    """A strength of the child by one of the grammatical shapes above."""
    if token_key(head) in lex.learning:
        return False
    return (
        is_skilled_in(head, lex)
        or is_best_of(head, lex)
        or is_childs_strong_point(head, lex)
        or is_able_well(head, lex)
    )


def is_with_peers(head: Token, lex: Lexicons) -> bool:
    """Relation: the child does things with peers ("hij speelt met de jongens", "ze zit veel
    met twee meisjes uit de derde", "Noor trekt op met Sanne") or has a friend ("Katja heeft
    een vriendin"), or is settled in ("ze is gewend"): a plain statement about the child, not
    about home, the family or a club ("op judo heeft hij veel vriendjes")."""
    outside = terms("home_words", "family_words", "club_activities")
    if any(t.lower_ in outside or token_key(t) in outside for t in head.sent):
        return False  # friends at home, in the family or at a club are not the class's
    settled_word = token_key(head) in terms("settled_words") or head.lower_ in terms(
        "settled_words"
    )
    if head.pos_ == "ADJ" or settled_word:  # the tagger may read "gewend" as "wenen"
        settled = settled_word and any(c.dep_ == "cop" for c in head.children)
        return settled and plain_child_clause(head, lex, v2=True) is not None
    if plain_child_clause(head, lex, v2=True) is None:
        return False
    if token_key(head) in ("hebben", "vinden", "krijgen", "maken"):
        return any(c.dep_ == "obj" and token_key(c).startswith("vriend") for c in head.children)
    if token_key(head) not in terms("play_lemmas"):
        return False
    return any(
        c.dep_ == "obl"
        and (
            c.pos_ == "PROPN"
            or token_key(c) in terms("peer_company")
            or c.lower_ in terms("peer_company")
        )
        and any(g.dep_ == "case" and g.lower_ == "met" for g in c.children)
        for c in head.children
    )


STRENGTH_POS = PREDICATE_POS | {"NUM", "PRON"}  # "ze is een van de besten"
register("child_strength_clause", sentences_where(is_child_strength, STRENGTH_POS), order=93)
register("child_with_peers", sentences_where(is_with_peers, PREDICATE_POS), order=94)
