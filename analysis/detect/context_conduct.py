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
    Kept,
    TurnContext,
    contains,
    is_child,
    register,
    token_key,
)
from analysis.detect.lexicons import Lexicons, lexicon_terms, phrases
from analysis.detect.questions import sentence_acts

OPENING_END = 0.25  # the opening phase: where social talk belongs
CONTENT_POS = frozenset({"NOUN", "ADJ", "VERB", "PROPN", "INTJ"})


@lru_cache(maxsize=1)
def _social_words() -> frozenset[str]:
    return lexicon_terms("social_talk_lemmas")


@lru_cache(maxsize=1)
def _reassurances() -> tuple[tuple[str, ...], ...]:
    return phrases("reassurance_phrases")


@lru_cache(maxsize=1)
def _room() -> tuple[frozenset[str], frozenset[str]]:
    return lexicon_terms("room_words"), lexicon_terms("room_anchors")


@lru_cache(maxsize=1)
def _seating() -> frozenset[str]:
    return lexicon_terms("seating_words")


@lru_cache(maxsize=1)
def _school_matters() -> frozenset[str]:
    return lexicon_terms("school_matter_words")


def is_social_word(token: Token) -> bool:
    """A content word of a small-talk topic (weather, trip, coat, chair, drink), by lemma or
    form; "weer" as the adverb "again" or "weg" as "away" is no topic."""
    if token.pos_ not in CONTENT_POS:
        return False
    words = _social_words()
    return token.lower_ in words or token_key(token) in words


def is_room_talk(sent: Span) -> bool:
    """The room of the talk (the chair, the window, the coat) addressed to the parent or
    "hier" ("de stoelen zijn hier klein"), not a room or chair of the child's day."""
    words, anchors = _room()
    lowers = {t.lower_ for t in sent} | {token_key(t) for t in sent}
    return bool(lowers & words) and bool(lowers & anchors)


def about_school(sent: Span) -> bool:
    """The sentence speaks of school matters (subjects, work, marks, the class)."""
    words = _school_matters()
    return any(t.lower_ in words or token_key(t) in words for t in sent)


def offers_a_seat(sent: Span) -> bool:
    """The sentence offers a seat ("neem plaats", "de stoelen staan klaar"): a welcome."""
    words = _seating()
    return any(t.lower_ in words or token_key(t) in words for t in sent)


def is_reassurance(sent: Span) -> bool:
    lowers = [t.lower_ for t in sent]
    return any(contains(lowers, seq) for seq in _reassurances())


def about_child(sent: Span, lex: Lexicons) -> bool:
    """The child (hij/ze or a name) is a subject in the sentence: the talk's business."""
    return any(t.dep_.startswith("nsubj") and is_child(t, lex) for t in sent)


def in_opening(ctx: TurnContext) -> bool:
    return ctx.position is not None and ctx.position <= OPENING_END


def check_opening_small_talk(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """Sentences of the opening that talk about something other than school: a small-talk
    topic word (by lemma), not about the child, not offering a seat and not inside the
    welcome itself (unless it asks), or a reassurance that there is time and nothing to
    worry about."""
    if not in_opening(ctx):
        return []
    welcomes = [span.start for item, span in kept if item == "welcome"]
    acts = sentence_acts(doc)
    out: list[Span] = []
    for sent in doc.sents:
        if about_school(sent):
            continue
        social = any(is_social_word(t) for t in sent) or is_room_talk(sent)
        social = social and not about_child(sent, lex) and not offers_a_seat(sent)
        welcomed = acts.get(sent.start) is None and any(
            sent.start <= start < sent.end for start in welcomes
        )
        if (social and not welcomed) or is_reassurance(sent):
            out.append(sent)
    return out


register("opening_small_talk", check_opening_small_talk, order=31)
