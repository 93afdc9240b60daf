"""Context checks for parent_strengths (issue #13, session 10), by kind of sentence rather than
by wording: the teacher names the parent's own strength ("daar ligt uw kracht"), turns the
parent's request for advice back to what the parent knows ("wat denkt u zelf?"), values a home
practice the parent told without "ik/we" ("samen koken, wat een mooi idee"), or praises the
parent's action under the teacher's own opinion ("ik vind het knap dat u ..."); and, for
names_qualities, the child compared favourably with peers ("sneller dan de meeste kinderen").
Each reads the teacher's parse and the parent's words before it (tagged, not parsed); word
lists live in ``data/lexicons.yaml``, the rules that name these checks in ``behaviours.yaml``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from analysis.detect.context import (
    PREDICATE_POS,
    Kept,
    TurnContext,
    is_child,
    register,
    token_key,
)
from analysis.detect.context_child import (
    parent_does_well,
    praised_parent_clause,
    terms,
)
from analysis.detect.context_warmth import values_approach
from analysis.detect.lexicons import Lexicons
from analysis.detect.questions import sentence_acts


def in_lexicon(token: Token, *names: str) -> bool:
    """The token's form or lemma is in one of the lexicons ``names``."""
    words = terms(*names)
    return token.lower_ in words or token_key(token) in words


def is_listener_owned_strength(noun: Token) -> bool:
    """A strength noun owned by the listener ("uw kracht", "jullie sterke kant") or the object of
    "hebben" with the listener as subject ("ge hebt daar een talent voor")."""
    strength = in_lexicon(noun, "parent_strength_nouns") or (
        in_lexicon(noun, "strength_side_nouns")
        and any(
            c.dep_ == "amod" and in_lexicon(c, "strength_side_adjectives") for c in noun.children
        )
    )
    if not strength:
        return False
    before = [t for t in noun.doc[max(0, noun.i - 3) : noun.i] if t.pos_ != "ADJ"]
    if before and before[-1].lower_ in terms("listener_possessives"):
        return True  # by word order: a recogniser's run-on may break the parse
    head = noun.head
    return (
        noun.dep_ == "obj"
        and in_lexicon(head, "have_forms")
        and any(c.lower_ in terms("parent_listeners") for c in head.children)
    )


def check_parent_strength_named(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A statement that names a strength of the parent (ANNOTATION.md, parent_strengths: what
    the parent does well or brings), not negated."""
    acts = sentence_acts(doc)
    return [
        sent
        for sent in doc.sents
        if not asks(sent, acts.get(sent.start))
        and not {t.lower_ for t in sent} & lex.negations
        and any(is_listener_owned_strength(t) for t in sent)
    ]


def asks(sent: Span, act: str | None) -> bool:
    """A real question: any question but a statement closed by a tag ("..., hè"), which still
    states."""
    if act is None:
        return False
    words = [t for t in sent if not t.is_punct]
    return act != "closed_question" or not words or words[-1].lower_ not in terms("trailing_tags")


def parent_asks_advice(ctx: TurnContext) -> bool:
    """The parent's turn before asks what to do: a modal directly before ik/we ("moet ik ...",
    "wat kan ik ...", "zal ik het zeggen")."""
    for doc in ctx.parent_before:
        for token in doc[1:]:
            if token.lower_ in terms("parent_self_subjects") and token.nbor(-1).lower_ in terms(
                "advice_request_modals"
            ):
                return True
    return False


def asks_listener_self(sent: Span) -> bool:
    """A question with the listener as subject and "zelf" after it ("wat denkt u zelf?", "hoe
    zou je het zelf aanpakken?")."""
    words = [t for t in sent if t.lower_ not in terms("question_lead_words")]
    if not words or words[0].lower_ not in terms("question_words"):
        return False
    return any(
        t.dep_ == "nsubj"
        and t.lower_ in terms("listeners")
        and any(n.lower_ == "zelf" for n in sent.doc[t.i + 1 : t.i + 3])
        for t in sent
    )


def check_advice_returned(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """After the parent asked what to do, an open question that asks what the parent thinks or
    would do themselves (ANNOTATION.md, parent_strengths: asks what the parent knows works)."""
    if not parent_asks_advice(ctx):
        return []
    return [sent for sent in doc.sents if asks_listener_self(sent)]


def parent_told_practice(ctx: TurnContext) -> bool:
    """The parent's turn before tells of something done together or by someone at home ("samen
    koken", "opa neemt hem mee"), not a question."""
    for doc in ctx.parent_before:
        if doc.text.rstrip().endswith("?"):
            continue
        if any(in_lexicon(t, "home_practice_words") for t in doc):
            return True
    return False


def check_home_practice_valued(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """After the parent told a home practice, a statement that values it (a praising word about
    "dat" or an approach, or an exclamation), not about the child (ANNOTATION.md,
    parent_strengths: builds on what the parent does)."""
    if not parent_told_practice(ctx):
        return []
    acts = sentence_acts(doc)
    return [
        sent
        for sent in doc.sents
        if acts.get(sent.start) is None and values_approach(sent, lex) and not plain_approval(sent)
    ]


def plain_approval(sent: Span) -> bool:
    """Only a plain "dat is goed" or "oké": an acceptance, not a judgement of an approach."""
    praising = [t for t in sent if t.pos_ in ("ADJ", "ADV") and not in_lexicon(t, "plain_approval")]
    return not any(
        in_lexicon(t, "approach_praise", "praise_words", "parent_praise_extra") for t in praising
    )


def after_own_opinion(sent: Span) -> Span | None:
    """The rest of a sentence after the teacher's opinion "ik vind het/dat", or None."""
    words = [t for t in sent if t.lower_ not in terms("question_lead_words")]
    if len(words) < 4 or words[0].lower_ != "ik" or token_key(words[1]) != "vinden":
        return None
    if words[2].lower_ not in terms("valued_anaphors") | {"het"}:
        return None
    return sent.doc[words[2].i + 1 : sent.end]


def negation_elsewhere(predicate: Token, sent: Span, lex: Lexicons) -> bool:
    """Every negation of the sentence belongs to another clause than the praising predicate
    ("dat doet u heel mooi, ook al merkt u het zelf niet")."""
    own = {predicate.i} | {c.i for c in predicate.children if c.pos_ not in ("VERB", "AUX")}
    return all(t.head.i not in own for t in sent if t.lower_ in lex.negations)


def check_parent_praised_more(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """Praise of what the parent does under the teacher's opinion ("ik vind het knap dat u dat
    volhoudt"), or the parent as subject of a clause done well with a negation only in another
    clause (ANNOTATION.md, parent_strengths)."""
    acts = sentence_acts(doc)
    out: list[Span] = []
    for sent in doc.sents:
        if acts.get(sent.start) is not None:
            continue
        rest = after_own_opinion(sent)
        if rest is not None:
            marks = [t.i for t in rest if t.lower_ in terms("praise_clause_marks")]
            lead = sent.doc[sent.start : marks[0] if marks else rest.end]
            if not {t.lower_ for t in lead} & lex.negations and praised_parent_clause(rest, lex):
                out.append(sent)
                continue
        if not {t.lower_ for t in sent} & lex.negations:
            continue  # without a negation the parent_praised check decides
        if any(
            t.pos_ in PREDICATE_POS
            and parent_does_well(t, lex)
            and negation_elsewhere(t, sent, lex)
            for t in sent
        ):
            out.append(sent)
    return out


def peer_after(sent: Span, start: int, width: int) -> bool:
    """A word for the child's peers within ``width`` words after ``start`` ("dan de meeste
    kinderen", "van de groep", "dan ik")."""
    return any(
        t.lower_ in terms("peer_groups") for t in sent.doc[start : min(start + width, sent.end)]
    )


def praising_comparative(token: Token) -> bool:
    """A praising comparative by its morphology and lemma, or by its form when the tagger
    misses it ("netter" -> net, "vlotter" -> vlot)."""
    if "Cmp" in token.morph.get("Degree") and in_lexicon(token, "peer_comparison_lemmas"):
        return True
    lower = token.lower_
    if len(lower) < 5 or not lower.endswith("er"):
        return False
    stem = lower[:-2]
    bases = {stem, stem[:-1]} if stem[-1] == stem[-2] else {stem}
    return bool(bases & terms("peer_comparison_lemmas"))


def outshines_peers(sent: Span) -> bool:
    """The child compared favourably with peers: a praising comparative with "dan" + peers
    ("hij rekent sneller dan de meeste kinderen"), a praising superlative among them ("een van
    de snelsten van de groep"), or what few peers can ("dat kunnen niet veel kinderen")."""
    for t in sent:
        nxt = t.i + 1
        followed_by_than = nxt < sent.end and sent.doc[nxt].lower_ == "dan"
        if praising_comparative(t) and followed_by_than and peer_after(sent, nxt + 1, 3):
            return True
        if t.lower_ in terms("peer_superlatives") and peer_after(sent, nxt, 4):
            return True
        if t.lower_ in terms("few_words") and peer_after(sent, nxt, 2):
            before = [w.lower_ for w in sent.doc[sent.start : t.i]]
            if any(w in terms("valued_anaphors") for w in before[:2]):
                return True
    return False


def check_child_outshines_peers(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A statement that the child does something better than its peers (ANNOTATION.md,
    names_qualities: a specific strength), about the child, not negated except in "niet veel"."""
    acts = sentence_acts(doc)
    out: list[Span] = []
    for sent in doc.sents:
        if acts.get(sent.start) is not None or not outshines_peers(sent):
            continue
        lowers = [t.lower_ for t in sent]
        negations = [i for i, w in enumerate(lowers) if w in lex.negations]
        if any(i + 1 >= len(lowers) or lowers[i + 1] not in terms("few_words") for i in negations):
            continue
        subjects = [t for t in sent if t.dep_.startswith("nsubj")]
        if any(is_child(t, lex) for t in subjects) or any(
            t.lower_ in terms("valued_anaphors") for t in subjects
        ):
            out.append(sent)
    return out


register("parent_strength_named", check_parent_strength_named, order=26)
register("advice_returned", check_advice_returned, order=27)
register("home_practice_valued", check_home_practice_valued, order=28)
register("parent_praised_more", check_parent_praised_more, order=29)
register("child_outshines_peers", check_child_outshines_peers, order=35)
