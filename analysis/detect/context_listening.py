"""Gates that tell a reflection of the child's feeling from a repeat of the parent's words.

The guide (``../shared/ANNOTATION.md``, borderline cases): "When the parent reports the child's
feeling and the teacher only repeats it, that is active_listening", not a feeling reflection;
naming a feeling of the child the parent did not name is one. A teacher who reports what they
see of the child themselves ("ik zie dat hij moe is") reflects nothing the parent said. Each
gate is named by a rule's ``where.context`` in ``data/behaviours.yaml``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from analysis.detect.context import (
    Kept,
    TurnContext,
    after_parent,
    is_feeling_lemma,
    register,
    token_key,
)
from analysis.detect.lexicons import Lexicons, lexicon_terms


def parent_lemmas(ctx: TurnContext) -> set[str]:
    """The lemmas of what the parent just said."""
    return {token_key(t) for doc in ctx.parent_before for t in doc if t.is_alpha}


def feeling_keys(sent: Span, lex: Lexicons) -> set[str]:
    """The feeling lemmas of a sentence."""
    return {token_key(t) for t in sent if is_feeling_lemma(t, lex)}


def own_observation(sent: Span) -> bool:
    """The teacher reports what they themselves perceive: ik/wij as the subject of a verb of
    perceiving ("ik zie dat hij moe is", "wij merken op school dat ze bang is")."""
    perceive = lexicon_terms("own_perception_lemmas")
    first = lexicon_terms("first_person_subjects")
    return any(
        token_key(t) in perceive
        and any(c.dep_ == "nsubj" and c.lower_ in first for c in t.children)
        for t in sent
    )


def child_feeling_sentences(
    doc: Doc, ctx: TurnContext, lex: Lexicons, *, repeated: bool
) -> list[Span]:
    """Sentences after a parent's statement whose feeling word the parent did (``repeated``)
    or did not use, and that are not the teacher's own observation."""
    heard = parent_lemmas(ctx) if after_parent(ctx, lex) else None

    def fits(sent: Span) -> bool:
        repeats = heard is not None and bool(feeling_keys(sent, lex) & heard)
        return heard is not None and repeats == repeated and not own_observation(sent)

    return list(filter(fits, doc.sents))


def check_child_feeling_new(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A gate: sentences naming a feeling of the child that the parent did not name."""
    return child_feeling_sentences(doc, ctx, lex, repeated=False)


def check_child_feeling_repeated(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A gate: sentences that repeat the feeling of the child the parent just named."""
    return child_feeling_sentences(doc, ctx, lex, repeated=True)


register("child_feeling_new", check_child_feeling_new, order=2, gate=True)
register("child_feeling_repeated", check_child_feeling_repeated, order=3, gate=True)
