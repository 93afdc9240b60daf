"""Clause-level checks for the child items asks_home and parent_strengths.

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
    after_parent,
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


def praise_words(lex: Lexicons) -> frozenset[str]:
    return lex.praise | terms("parent_praise_extra")


def is_praise(token: Token, lex: Lexicons) -> bool:
    return token.lower_ in praise_words(lex) or token_key(token) in praise_words(lex)


def is_parent(token: Token, lex: Lexicons) -> bool:
    return token.lower_ in lex.parent_subjects


def praised_of_parent(sent: Span, lex: Lexicons) -> bool:
    """Praise "of" the parent: a praising word shortly before "van u/jullie/ge" ("dat is heel
    verstandig van jullie", "een mooi idee van u", "goed bedacht van u")."""
    for token in sent[1:]:
        if token.lower_ not in terms("parent_listeners") or token.nbor(-1).lower_ != "van":
            continue
        window = sent.doc[max(sent.start, token.i - 6) : token.i - 1]
        if any(is_praise(t, lex) for t in window):
            return True
    return False


def parent_does_well(verb: Token, lex: Lexicons) -> bool:
    """The parent as the subject of a clause that praises them: an action done well ("gij doet
    dat goed") or a praising or strength predicate ("u bent een steun voor haar"); not
    conditional, not an advice with a modal."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects or not is_parent(subjects[0], lex):
        return False
    children = list(verb.children)
    if any(c.lower_ in lex.conditional or c.lower_ in terms("request_modals") for c in children):
        return False
    if any(c.lower_ in lex.negations for c in children):
        return False
    key = token_key(verb)
    if verb.pos_ in ("ADJ", "NOUN"):
        return is_praise(verb, lex) or key in terms("strength_nouns")
    if key in terms("praise_excluded_parent_verbs"):
        return False
    return any(c.dep_ in ("advmod", "xcomp") and is_praise(c, lex) for c in children)


def praised_parent_clause(sent: Span, lex: Lexicons) -> bool:
    """A praising word that opens the sentence, with a "dat"/"hoe" clause whose subject is the
    parent ("top dat je dat doet", "knap hoe jullie dat oppakken")."""
    opening = [t for t in sent[:3] if is_praise(t, lex)]
    if not opening:
        return False
    for verb in sent:
        if verb.pos_ != "VERB" or verb.i <= opening[0].i:
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        marks = {c.lower_ for c in verb.children} | {verb.doc[opening[0].i + 1].lower_}
        if not subjects or not marks & terms("praise_clause_marks"):
            continue
        if subjects[0].lower_ in lex.parent_subjects | terms("informal_listeners"):
            return token_key(verb) not in terms("praise_excluded_parent_verbs")
    return False


def praised_offer(sent: Span, lex: Lexicons) -> bool:
    """What the parent just offered or thought of, praised: "dat/die" as the subject of an offer
    noun with a praising adjective ("dat is een mooi aanbod", "da's een slim idee")."""
    for noun in sent:
        if token_key(noun) not in terms("offer_nouns") and noun.lower_ not in terms("offer_nouns"):
            continue
        praised = any(c.dep_ == "amod" and is_praise(c, lex) for c in noun.children)
        subjects = [c for c in noun.children if c.dep_ == "nsubj"]
        if praised and subjects and subjects[0].lower_ in lex.anaphors | terms("offer_anaphors"):
            return True
    return False


def check_parent_praised(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A statement that praises what the parent does, offers or knows (ANNOTATION.md,
    parent_strengths): praise "van u", the parent as subject of a praising clause, or a
    praising word with a "dat/hoe u ..." clause."""
    acts = sentence_acts(doc)
    out: list[Span] = []
    for sent in doc.sents:
        if acts.get(sent.start) is not None:
            continue
        if {t.lower_ for t in sent} & lex.negations:
            continue
        if (
            (praised_offer(sent, lex) and after_parent(ctx, lex))
            or praised_of_parent(sent, lex)
            or any(parent_does_well(t, lex) for t in sent if t.pos_ in PREDICATE_POS)
            or praised_parent_clause(sent, lex)
        ):
            out.append(sent)
    return out


def asks_parent_way(verb: Token, lex: Lexicons) -> bool:
    """ "Hoe" with the parent as the subject of an action: how the parent does it ("hoe zet u
    die muziek in?", "kunt u vertellen hoe u dat doet?"); not an opinion, a feeling or a wish."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.pos_ != "VERB" or not subjects or subjects[0].lower_ not in terms("parent_listeners"):
        return False
    children = {c.lower_ for c in verb.children}
    if "hoe" not in children or children & terms("hypothetical_modals"):
        return False
    if any(c.dep_ == "mark" and c.lower_ != "hoe" and c.pos_ != "CCONJ" for c in verb.children):
        return False  # "hoe is hij ... sinds zijn mama werkt": the verb of another clause
    excluded = terms("praise_excluded_parent_verbs")
    if token_key(verb) not in excluded and verb.lower_ not in excluded:
        return True
    # a separable verb of doing ("hoe gaan jullie daarmee om"): gaan is no action, omgaan is
    particles = [c.lower_ for c in verb.children if c.dep_ == "compound:prt"]
    particles += [  # "hoe gaan jullie daar mee om": the parser may hang "om" under "daar"
        g.lower_
        for c in verb.children
        if c.lower_ in terms("adverbial_pronouns")
        for g in c.children
        if g.dep_ == "case"
    ]
    return any(p + token_key(verb) in terms("parent_way_particle_verbs") for p in particles)


def asks_what_works(verb: Token, lex: Lexicons) -> bool:
    """What works or helps, or when it does succeed ("wat heeft er goed gewerkt?", "wat maakt
    dat het bij u wel lukt?"); not a wish ("wat zou u helpen?"), not about the teacher."""
    if token_key(verb) not in terms("strength_question_lemmas") or "Inf" in verb.morph.get(
        "VerbForm"
    ):
        return False
    children = list(verb.children)
    subjects = [c for c in children if c.dep_ in ("nsubj", "expl")]
    if not subjects and "Part" in verb.morph.get("VerbForm"):
        # "wat heeft er goed gewerkt": the parser may hang the participle under "heeft"
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj" and c.i != verb.i]
    if not subjects or subjects[0].lower_ not in terms("what_works_subjects"):
        return False  # "wat kan hij nog verbeteren": a person works, not an approach
    lowers = {c.lower_ for c in children}
    if lowers & (terms("hypothetical_modals") | lex.first_person_subjects):
        return False
    objects = [c for c in children if c.dep_ in ("obj", "iobj", "obl")]
    return not any(o.lower_ in lex.listeners | terms("teacher_objects") for o in objects)


def opens_with_question_word(sent: Span) -> bool:
    """A question by word order alone, for a recogniser's turn the question tagger left as a
    statement: a question word directly followed by the finite verb ("wat lukt er wel")."""
    words = [t for t in sent if t.lower_ not in terms("question_lead_words")]
    return (
        len(words) > 1
        and words[0].lower_ in terms("question_words")
        and words[1].pos_ in ("VERB", "AUX")
    )


def check_asks_parent_strength(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """An open question about what works for the parent or how they do it (ANNOTATION.md,
    parent_strengths)."""
    acts = sentence_acts(doc)
    out: list[Span] = []
    for sent in doc.sents:
        if acts.get(sent.start) is None and not opens_with_question_word(sent):
            continue
        if {t.lower_ for t in sent} & lex.first_person_subjects:
            continue
        verbs = [t for t in sent if t.pos_ in ("VERB", "AUX")]
        open_form = acts.get(sent.start) == "open_question" or opens_with_question_word(sent)
        if any(asks_parent_way(v, lex) for v in verbs) or (
            open_form and any(asks_what_works(v, lex) for v in verbs)
        ):
            out.append(sent)
    return out


register("parent_praised", check_parent_praised, order=22)
register("asks_parent_strength", check_asks_parent_strength, order=23)
