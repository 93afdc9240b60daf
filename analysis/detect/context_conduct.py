"""Context checks for the teacher's conduct items (issue #13, session 8): putting the parent at
ease in the opening, promises to the parent, asking feedback on the teacher's own conduct.

Each check reads the parse of a sentence and the talk phase, with its word lists in
``data/lexicons.yaml`` (by name), and is named by a rule's ``where.context`` in
``data/behaviours.yaml``; registering happens on import (see ``analysis/detect/__init__.py``).
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from analysis.detect.context import (
    SUBORDINATE_DEPS,
    Kept,
    TurnContext,
    commitment_key,
    contains,
    is_child,
    is_own_action,
    is_promise_clause,
    own_clause,
    register,
    sentences_where,
    stem_infinitives,
    token_key,
)
from analysis.detect.context_actions import not_an_action
from analysis.detect.lexicons import Lexicons, lexicon_terms, phrases
from analysis.detect.questions import sentence_acts

OPENING_END = 0.25  # the opening phase: where social talk belongs
CONTENT_POS = frozenset({"NOUN", "ADJ", "VERB", "PROPN", "INTJ"})


def is_social_word(token: Token) -> bool:
    """A content word of a small-talk topic (weather, trip, coat, chair, drink), by lemma or
    form; "weer" as the adverb "again" or "weg" as "away" is no topic."""
    if token.pos_ not in CONTENT_POS:
        return False
    words = lexicon_terms("social_talk_lemmas")
    return token.lower_ in words or token_key(token) in words


def is_room_talk(sent: Span) -> bool:
    """The room of the talk (the chair, the window, the coat) addressed to the parent or
    "hier" ("de stoelen zijn hier klein"), not a room or chair of the child's day."""
    words, anchors = lexicon_terms("room_words"), lexicon_terms("room_anchors")
    lowers = {t.lower_ for t in sent} | {token_key(t) for t in sent}
    return bool(lowers & words) and bool(lowers & anchors)


def about_school(sent: Span) -> bool:
    """The sentence speaks of school matters (subjects, work, marks, the class)."""
    words = lexicon_terms("school_matter_words")
    return any(t.lower_ in words or token_key(t) in words for t in sent)


def offers_a_seat(sent: Span) -> bool:
    """The sentence offers a seat ("neem plaats", "de stoelen staan klaar"): a welcome."""
    words = lexicon_terms("seating_words")
    return any(t.lower_ in words or token_key(t) in words for t in sent)


def is_reassurance(sent: Span) -> bool:
    lowers = [t.lower_ for t in sent]
    return any(contains(lowers, seq) for seq in phrases("reassurance_phrases"))


def about_child(sent: Span, lex: Lexicons) -> bool:
    """The child (hij/ze or a name) is a subject in the sentence: the talk's business."""
    return any(t.dep_.startswith("nsubj") and is_child(t, lex) for t in sent)


def in_opening(ctx: TurnContext) -> bool:
    return ctx.position is not None and ctx.position <= OPENING_END


def check_opening_small_talk(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """Sentences of the opening that talk about something other than school: a small-talk
    topic word (by lemma) or the nerves of such a talk, not about the child, not offering a
    seat and not inside the welcome itself (unless it asks), or a reassurance that there is
    time and nothing to worry about."""
    if not in_opening(ctx):
        return []
    welcomes = [span.start for item, span in kept if item == "welcome"]
    acts = sentence_acts(doc)
    out: list[Span] = []
    for sent in doc.sents:
        if about_school(sent):
            continue
        nerves = any(t.lower_ in lexicon_terms("nerves_words") for t in sent)
        social = any(is_social_word(t) for t in sent) or is_room_talk(sent) or nerves
        social = social and not about_child(sent, lex) and not offers_a_seat(sent)
        welcomed = acts.get(sent.start) is None and any(
            sent.start <= start < sent.end for start in welcomes
        )
        if (social and not welcomed) or is_reassurance(sent):
            out.append(sent)
    return out


@lru_cache(maxsize=1)
def _promise_words() -> dict[str, frozenset[str]]:
    names = ("record_nouns", "appointment_nouns", "recording_lemmas", "checking_lemmas")
    names += ("topic_nouns",)
    return {name: frozenset(phrases_joined(name)) for name in names}


def phrases_joined(name: str) -> set[str]:
    return {" ".join(seq) for seq in phrases(name)}


def verb_keys(verb: Token) -> set[str]:
    """The verb's lemma, form and the infinitives of its stem, each also with its separable
    particle ("neem ... op" -> opnemen, even when the lemmatizer gives a wrong lemma)."""
    bases = {token_key(verb), verb.lower_} | stem_infinitives(verb.lower_)
    particle = next((c.lower_ for c in verb.children if c.dep_ == "compound:prt"), "")
    return bases | {particle + base for base in bases}


def ends_in(nouns: set[str], heads: frozenset[str]) -> bool:
    """Some noun is one of ``heads`` or a compound ending in one ("leerlingdossier")."""
    return any(noun.endswith(head) for noun in nouns for head in heads)


def stranded_particle(verb: Token) -> str:
    """A preposition left by "er ... bij" that the parser hangs on the verb ("dan zet ik het
    er ook bij"): it acts as the verb's separable particle."""
    if not any(c.lower_ == "er" for c in verb.children):
        return ""
    return next((c.lower_ for c in verb.children if c.dep_ == "case" and c.i > verb.i), "")


def has_idiom(verb: Token) -> bool:
    """The verb's own clause holds a promise idiom ("ik houd u op de hoogte"), however the
    parser attached it."""
    lowers = [t.lower_ for t in sorted(own_clause(verb), key=lambda t: t.i)]
    return any(contains(lowers, seq) for seq in phrases("promise_idioms"))


def names_next_step(verb: Token, lex: Lexicons) -> bool:
    """What the verb commits to: a commitment verb (also with a particle the parser left
    as "er ... bij"), an idiom ("op de hoogte brengen"), recording on a record or a date
    ("dat zet ik in het verslag", "we zetten het gesprek op dinsdag"), or checking whether
    something holds ("ik kijk even of ..."); not writing down a topic."""
    words = _promise_words()
    keys = verb_keys(verb)
    if commitment_key(verb, lex) is not None or has_idiom(verb):
        return True
    particle = stranded_particle(verb)
    if particle and particle + token_key(verb) in lex.commitments:
        return True
    nouns = {token_key(t) for c in verb.children if c.dep_ in ("obj", "obl") for t in c.subtree}
    if keys & words["recording_lemmas"]:
        if ends_in(nouns, words["topic_nouns"]):
            return False
        return ends_in(nouns, words["record_nouns"] | words["appointment_nouns"])
    if keys & words["checking_lemmas"]:
        # "ik kijk even of ...": the parser often hangs the of-clause elsewhere
        return any(t.lower_ == "of" and t.i > verb.i for t in verb.sent)
    return False


def is_next_step(verb: Token, lex: Lexicons) -> bool:
    """A first-person promise of a next step for after the talk (see
    :func:`names_next_step`), in a main clause, present or future, not negated, past,
    hypothetical or a habit. A verb the tagger took for an adjective counts when it has a
    first-person subject and a particle ("dat zoek ik uit")."""
    if verb.pos_ != "VERB":
        has_particle = any(c.dep_ == "compound:prt" for c in verb.children)
        if verb.dep_ != "ROOT" or not has_particle:
            return False
    if for_the_child(verb, lex):
        return False
    return names_next_step(verb, lex) and is_promise_clause(verb, lex)


def for_the_child(verb: Token, lex: Lexicons) -> bool:
    """The step is done for the child or in class ("ik zet haar op de lijst", "dat zingen we
    met de klas"): a promise about class is ``own_actions`` only (ANNOTATION.md)."""
    if any(
        c.dep_ == "obj" and (c.lower_ in lexicon_terms("child_objects_home") or c.pos_ == "PROPN")
        for c in verb.children
    ):
        return True
    return any(t.lower_ in lex.class_words for t in verb.sent)


@lru_cache(maxsize=1)
def _feedback_words() -> tuple[frozenset[str], ...]:
    return (
        lexicon_terms("conduct_evaluation_words"),
        lexicon_terms("feedback_invitations"),
        lexicon_terms("teacher_self"),
        lexicon_terms("question_frames"),
        lexicon_terms("judging_verbs"),
    )


def judged_clause(token: Token) -> list[Token]:
    """The clause the teacher's word is in, and the clause above it when that one is
    subordinate ("hoe vond u dat ik het bracht"), not a whole run-on turn."""
    head = token.head
    words = list(head.subtree)
    if head.dep_ in SUBORDINATE_DEPS or head.dep_ in ("xcomp", "obj", "obl", "nmod"):
        words += list(head.head.subtree)
    return words


def check_asks_own_conduct(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """Sentences that ask how the teacher did: the teacher (ik/mij/mijn) and a word judging
    conduct (vinden, overkomen, duidelijk, te snel, gehoord, aanpak) in a question or an
    invitation without one ("ik ben benieuwd wat u van mijn aanpak vond", "zeg het gerust als
    ik te snel ging"); not about the child, and not the teacher only as the one who asks
    ("mag ik vragen hoe u het gesprek ervoer" looks back on the talk) or the judge ("weet je
    wat ik knap vind" is the teacher's own view)."""
    evaluation, invitations, self_words, frames, judging = _feedback_words()
    acts = sentence_acts(doc)
    out: list[Span] = []
    for sent in doc.sents:
        lowers = {t.lower_ for t in sent}
        judged = [t for t in sent if t.lower_ in self_words and token_key(t.head) not in frames]
        own_view = any(
            t.dep_ == "nsubj" and t.lower_ in self_words and token_key(t.head) in judging
            for t in sent
        )
        near = {token_key(w) for t in judged for w in judged_clause(t)}
        near |= {w.lower_ for t in judged for w in judged_clause(t)}
        if not judged or own_view or not near & evaluation or lowers & lex.child:
            continue
        if acts.get(sent.start) is not None or lowers & invitations:
            out.append(sent)
    return out


def for_child_in_class(verb: Token, lex: Lexicons) -> bool:
    """The child (hem/haar, a name) is the verb's object or its "voor/met ..." phrase, or the
    verb's own clause is set in class (klas, kring, instructie ...)."""
    for child in verb.children:
        named = child.pos_ == "PROPN" and child.dep_ != "obl"  # not "op dinsdag"
        if child.dep_ in ("obj", "iobj", "obl") and (
            child.lower_ in lexicon_terms("child_objects_home") or named
        ):
            return True
    return any(t.lower_ in lex.class_words for t in own_clause(verb))


def is_class_action(verb: Token, lex: Lexicons) -> bool:
    """The teacher (ik/we) acts for the child or in class ("ik koppel hem aan een maatje",
    "we hebben haar tafel verzet", "ik herhaal de instructie"): an action verb by lemma (not an
    auxiliary, report, feeling or perception verb), not negated, not for the parent (u/jullie
    as object is a promise, ``agreements``), in a main clause (not "als ik ...")."""
    if verb.dep_ not in ("ROOT", "conj", "parataxis") or not is_own_action(verb, lex):
        return False
    if not_an_action(verb, lex):  # "ik geloof hem", "dat doen wij ook"
        return False
    if any(c.lower_ in lex.parent_subjects for c in verb.children if c.dep_ != "nsubj"):
        return False
    if any(c.lower_ in lex.conditional for c in verb.children if c.dep_ == "mark"):
        return False
    return for_child_in_class(verb, lex)


register("opening_small_talk", check_opening_small_talk, order=31)
register("teacher_class_action", sentences_where(is_class_action), order=23)
register("asks_own_conduct", check_asks_own_conduct, order=32)
register(
    "first_person_next_step", sentences_where(is_next_step, frozenset({"VERB", "ADJ"})), order=22
)
