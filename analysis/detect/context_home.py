"""Clause-level checks for the home items basic_needs and asks_home (issue #13, session 10).

Built from the guide's definitions by grammar, not from one writer's phrasing:

- basic_needs (relation): the child taken up by peers, read from the parse: a separable verb of
  joining in ("hij speelt mee", "ze trekt op met Nour", "ze zoekt de meiden op"), a verb of being
  together with "met" + peers or a name whatever relation the parser gives it, "samen" with the
  child or "die twee" as subject, a passive of being chosen or invited ("ze wordt als eerste
  gekozen"), or a standing among peers ("hij is geliefd", "hij staat er middenin");
- asks_home: a question about a moment of the child's day at home ("hoe ziet zo'n avond eruit",
  "hoe gaat het 's avonds"), or about the child's mood towards school as the parent sees it
  at home ("gaat ze graag naar school").

Word classes come from ``data/lexicons.yaml``; each check is named by a rule's
``where.context`` in ``data/behaviours.yaml``, which holds its item, Dutch explanation and
examples.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from analysis.detect.context import (
    PREDICATE_POS,
    Kept,
    TurnContext,
    main_or_that_clause,
    negated,
    register,
    sentences_where,
    subject,
    token_key,
)
from analysis.detect.context_child import is_school_word
from analysis.detect.context_class_items import plain_child_clause, terms
from analysis.detect.lexicons import Lexicons
from analysis.detect.questions import sentence_acts


def outside_class(sent: Span) -> bool:
    """The sentence is about home, the family or a club: peers there are not the class's."""
    outside = terms("home_words", "family_words", "club_activities")
    return any(t.lower_ in outside or token_key(t) in outside for t in sent)


def separable_lemmas(verb: Token) -> set[str]:
    """The verb with each separated particle in front ("speelt ... mee" -> "meespelen", "doet
    overal aan mee" -> "meedoen", "aandoen")."""
    return {c.lower_ + token_key(verb) for c in verb.children if c.dep_ == "compound:prt"}


def is_peer(token: Token) -> bool:
    """A peer or a name ("met de jongens", "met Nour", "zoekt de meiden op", "zoekt mij op")."""
    return (
        token.pos_ == "PROPN"
        or token.lower_ in terms("peer_company", "peer_persons")
        or token_key(token) in terms("peer_company", "peer_persons")
    )


def with_peers(verb: Token) -> bool:
    """A dependent "met" + a peer or name, as obl or obl:arg (the parser gives either)."""
    return any(
        c.dep_ in ("obl", "obl:arg")
        and is_peer(c)
        and any(g.dep_ == "case" and g.lower_ == "met" for g in c.children)
        for c in verb.children
    )


def pair_subject(verb: Token, lex: Lexicons) -> bool:
    """ "Die twee" or the child as subject of a verb with "samen" ("die twee spelen samen")."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or negated(verb, lex) or subj.lower_ not in terms("pair_subjects"):
        return False
    return any(c.lower_ == "samen" for c in verb.children)


def chosen_by_peers(verb: Token, lex: Lexicons) -> bool:
    """ "Ze wordt (vaak/als eerste) gekozen/uitgenodigd": the child as passive subject."""
    if token_key(verb) not in terms("peer_choice_lemmas") or negated(verb, lex):
        return False
    children = list(verb.children)
    passive = any(c.dep_ == "aux:pass" for c in children)
    subj = next((c for c in children if c.dep_ == "nsubj:pass"), None)
    return passive and subj is not None and (subj.lower_ in lex.child or subj.pos_ == "PROPN")


def is_among_peers(head: Token, lex: Lexicons) -> bool:
    """Relation (ANNOTATION.md, basic_needs): the child taken up by peers in a plain
    statement, by one of the shapes in the module docstring; not about home or a club."""
    if outside_class(head.sent):
        return False
    if chosen_by_peers(head, lex):
        return True
    if head.pos_ in ("VERB", "AUX") and pair_subject(head, lex):
        return token_key(head) in terms("play_lemmas") or head.lower_ in terms("play_lemmas")
    if plain_child_clause(head, lex, v2=True) is None:
        return False
    standing = terms("peer_standing_words")
    if head.lower_ in standing or any(
        c.dep_ == "advmod" and c.lower_ in standing for c in head.children
    ):
        return True
    joined = separable_lemmas(head) & terms("joining_in_verbs")
    if joined:
        return (
            not joined <= terms("joining_needs_peer")
            or with_peers(head)
            or any(c.dep_ == "obj" and is_peer(c) for c in head.children)
        )
    return (token_key(head) in terms("play_lemmas")) and with_peers(head)


register("child_among_peers", sentences_where(is_among_peers, PREDICATE_POS), order=131)


def asks_home_moment(sent: Span, lex: Lexicons) -> bool:
    """A question about a moment of the child's day at home: an adverb of the time of day
    ("'s avonds", a recogniser's "s avonds"), "zo'n" + a time of day, or a routine at home
    ("het slapen gaan", "naar bed gaan"); not about school, a meeting or the parent's own
    plans, not a request to the parent ("kunt u ...") nor about the parent ("hoe laat werkt u
    's avonds")."""
    lowers = [t.lower_ for t in sent]
    excluded = terms("not_home_moment_words", "request_modals", "parent_listeners")
    if set(lowers) & (excluded | lex.first_person_subjects):
        return False
    if any(is_school_word(t) for t in sent):
        return False
    times = terms("home_times", "home_time_adverbs")
    for i, token in enumerate(sent):
        key = token_key(token)
        if token.lower_ in terms("home_time_adverbs"):
            return True
        if key in times and i > 0 and lowers[i - 1] in terms("such_a_words"):
            return True
        if key in terms("home_routines") or token.lower_ in terms("home_routines"):
            return True
    return False


def asks_school_mood(sent: Span, lex: Lexicons) -> bool:
    """ "Gaat ze graag naar school?", "heeft hij zin in school": the child's mood towards
    school as the parent sees it at home; the child as subject, a liking word."""
    lowers = {t.lower_ for t in sent}
    if not lowers & terms("liking_words"):
        return False
    places = [t for t in sent if t.lower_ in terms("school_mood_places")]
    going = [p for p in places if any(c.lower_ in ("naar", "op") for c in p.children)]
    if not (going or (places and "zin" in lowers)):
        return False  # "wat doet hij graag in de klas": the class itself, not going there
    if lowers & lex.negations:
        return False
    return any(
        c.dep_ == "nsubj" and c.lower_ in terms("child_third_person") | {"ie"}
        for t in sent
        if t.pos_ in ("VERB", "AUX")
        for c in t.children
    ) or any(t.pos_ == "PROPN" and t.dep_ == "nsubj" for t in sent)


def check_home_moment_question(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A question to the parent about the child's day at home or mood towards school
    (ANNOTATION.md, asks_home)."""
    acts = sentence_acts(doc)
    return [
        s
        for s in doc.sents
        if acts.get(s.start) is not None and (asks_home_moment(s, lex) or asks_school_mood(s, lex))
    ]


register("home_moment_question", check_home_moment_question, order=132)


def child_subject(head: Token, lex: Lexicons) -> bool:
    """The child (hij/ze or a name) as subject of ``head`` in a main or "dat" clause."""
    auxiliaries = [c for c in head.children if c.dep_ in ("aux", "cop")]
    subj = next((s for t in (head, *auxiliaries) if (s := subject(t)) is not None), None)
    if subj is None or not (subj.lower_ in lex.child or subj.pos_ == "PROPN"):
        return False
    if subj.lower_ in terms("parent_subjects", "family_words"):
        return False
    return main_or_that_clause(head) and not any(c.lower_ in lex.conditional for c in head.children)


def fear_overcome(head: Token, lex: Lexicons) -> bool:
    """ "Ze is niet bang (meer) om fouten te maken": a fear word negated, with "meer" or an
    "om ... te" clause: the child dares (competence)."""
    if token_key(head) not in terms("fear_adjectives"):
        return False
    children = list(head.children)
    no_longer = any(c.lower_ == "meer" for c in children)
    if not negated(head, lex) and not any(c.lower_ == "meer" and negated(c, lex) for c in children):
        return False  # "niet meer bang": the parser may hang "niet" on "meer"
    to_clause = any(
        c.dep_ in ("ccomp", "xcomp", "advcl") and any(g.lower_ == "om" for g in c.children)
        for c in children
    )
    return no_longer or to_clause


def settled_in_class(head: Token, lex: Lexicons) -> bool:
    """ "Ze vindt snel haar rust", "hij heeft een veilige plek gevonden": finding rest or a
    place (relation); or "hij is trots als ..." (competence): a plain statement."""
    if token_key(head) == "vinden":
        if negated(head, lex) or any(c.dep_ == "xcomp" for c in head.children):
            return False  # "ze vindt rust belangrijk": an opinion, not a place found
        return any(
            c.dep_ == "obj" and token_key(c) in terms("settling_objects") for c in head.children
        )
    return token_key(head) in terms("class_ease_adjectives") and not negated(head, lex)


def is_at_ease(head: Token, lex: Lexicons) -> bool:
    """Competence and relation (ANNOTATION.md, basic_needs): the child at ease in class, by
    one of the shapes above; not about home, the family or a club, not a question."""
    if outside_class(head.sent) or head.sent.text.rstrip().endswith("?"):
        return False
    if not child_subject(head, lex):
        return False
    return fear_overcome(head, lex) or settled_in_class(head, lex)


register("child_at_ease", sentences_where(is_at_ease, PREDICATE_POS), order=133)
