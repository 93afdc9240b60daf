"""Context checks for the warmth items (issue #13, session 9): the teacher values or builds on
what the parent just told they do (parent_strengths), and answers the parent's apology or
unease about the talk itself (put_at_ease).

Both read the role of the previous turn (what the parent did or felt) and the parse of the
teacher's sentence, with word lists in ``data/lexicons.yaml`` by name; they are named by a rule's
``where.context`` in ``data/behaviours.yaml``; registering happens on import (see
``analysis/detect/__init__.py``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from analysis.detect.context import (
    MAIN_CLAUSE_DEPS,
    VERB_POS,
    Kept,
    TurnContext,
    contains,
    is_child,
    negated,
    register,
    subject,
    token_key,
)
from analysis.detect.lexicons import Lexicons, lexicon_terms, phrases
from analysis.detect.questions import sentence_acts

OPENING_END = 0.25  # the opening phase: where unease about the talk itself is answered


def key_in(token: Token, name: str) -> bool:
    """The token's form or lemma is in the lexicon ``name``."""
    words = lexicon_terms(name)
    return token.lower_ in words or token_key(token) in words


def acting_verb_near(doc: Doc, i: int) -> bool:
    """A verb of action next to the pronoun at ``i`` ("ik zet", "zet ik"), or after an
    auxiliary next to it ("we hebben de tablet weggehaald"); the parent's turns are tagged but
    not parsed, so this reads word order and tags only."""
    negations = lexicon_terms("negations")
    for j in (i + 1, i - 1):
        if not 0 <= j < len(doc) or doc[j].pos_ not in VERB_POS:
            continue
        if any(t.lower_ in negations for t in doc[j + 1 : j + 4]):
            return False
        if j == i - 1 and (j == 0 or doc[j - 1].is_punct or doc[j - 1].pos_ == "INTJ"):
            return False  # verb-first: the parent asks ("moet ik hem dat vertellen?")
        if doc[j].pos_ == "VERB":
            return not key_in(doc[j], "parent_opinion_lemmas")
        if key_in(doc[j], "parent_opinion_lemmas") and token_key(doc[j]) not in lexicon_terms(
            "parent_action_auxiliaries"
        ):
            return False
        for later in doc[j + 1 : j + 9]:
            if later.is_punct:
                break
            if later.pos_ == "VERB":
                return not key_in(later, "parent_opinion_lemmas")
    return False


def parent_told_own_action(ctx: TurnContext, lex: Lexicons) -> bool:
    """The parent's turn before has the parent (ik/we/wij) with a verb of action, not of an
    opinion or a perception ("ik laat hem eerst afkoelen", not "ik vind ..."); a question after
    it ("is dat goed?") asks for just this judgement."""
    return any(
        acting_verb_near(doc, t.i)
        for doc in ctx.parent_before
        for t in doc
        if t.lower_ in lexicon_terms("parent_self_subjects")
    )


def adjective_bases(lower: str) -> set[str]:
    """The base forms of an inflected Dutch adjective the lemmatizer may leave ("wijze" -> wijs,
    "slimme" -> slim, "goede" -> goed): drop the -e, undo a doubled consonant, z/v -> s/f."""
    if len(lower) < 4 or not lower.endswith("e"):
        return set()
    stem = lower[:-1]
    bases = {stem}
    if len(stem) > 2 and stem[-1] == stem[-2]:
        bases.add(stem[:-1])
    if stem[-1] in "zv":
        bases.add(stem[:-1] + {"z": "s", "v": "f"}[stem[-1]])
    return bases


def is_valuing_word(token: Token, lex: Lexicons) -> bool:
    """A praising word by lemma, not "goed genoeg" or "fijn om te horen" (the teacher's own
    relief), not a bare "goed." that closes a topic."""
    words = lexicon_terms("parent_praise_extra") | lex.praise
    forms = {token.lower_, token_key(token)} | adjective_bases(token.lower_)
    if not forms & words:
        return False
    if key_in(token, "not_valuing_words") or "Cmp" in token.morph.get("Degree"):
        return False
    nxt = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
    return nxt not in lexicon_terms("praise_breakers") and len(token.sent) > 2


def praise_clause_ok(token: Token, lex: Lexicons) -> bool:
    """A praising predicate that judges what was just told: "dat/die" as its subject ("dat is
    heel wijs", "da's een wijze keuze"), or an exclamation ("wat slim", "wat een goede
    beslissing"); not negated, not inside an "als" condition (advice)."""
    if negated(token, lex) or negated(token.head, lex):
        return False
    head = token.head if token.dep_ == "amod" else token
    if token.dep_ == "amod" and not key_in(head, "approach_nouns"):
        return False
    if any(c.lower_ in lex.conditional for c in [*head.children, *token.children]):
        return False
    sent = token.sent
    if sent[0].lower_ in lexicon_terms("exclamation_openers") and token.i - sent.start <= 3:
        return True
    subj = subject(head)
    return subj is not None and subj.lower_ in lexicon_terms("valued_anaphors")


def values_approach(sent: Span, lex: Lexicons) -> bool:
    """A statement that judges what was just told positively, not about the child."""
    if any(t.dep_.startswith("nsubj") and is_child(t, lex) for t in sent):
        return False
    return any(is_valuing_word(t, lex) and praise_clause_ok(t, lex) for t in sent) or any(
        it_works(t, lex) for t in sent
    )


def it_works(verb: Token, lex: Lexicons) -> bool:
    """ "dat/die" as the subject of werken or helpen in a plain main clause ("dat helpt echt",
    "die werkt dus voor allebei"): what was just told works; not negated, not conditional."""
    if verb.pos_ != "VERB" or not key_in(verb, "works_lemmas") or negated(verb, lex):
        return False
    if verb.dep_ not in MAIN_CLAUSE_DEPS or "Inf" in verb.morph.get("VerbForm"):
        return False
    if any(c.lower_ in lex.conditional for c in verb.children):
        return False
    subj = subject(verb)
    return subj is not None and subj.lower_ in lexicon_terms("valued_anaphors")


def continues_approach(sent: Span, lex: Lexicons) -> bool:
    """Advice to go on with what the parent does ("daar zou ik mee doorgaan", "hou dat vol",
    "doe dat vooral vaker"): a verb of going on, or gaan/houden/doen with a particle of going
    on, not negated and not the child's doing."""
    for verb in sent:
        if verb.pos_ not in VERB_POS or verb.dep_ not in MAIN_CLAUSE_DEPS or negated(verb, lex):
            continue
        parts = {c.lower_ for c in verb.children}
        going_on = key_in(verb, "continue_lemmas") or (
            key_in(verb, "continue_bases") and bool(parts & lexicon_terms("continue_particles"))
        )
        subj = subject(verb)
        advice = (
            subj is None
            or subj.lower_ in lexicon_terms("parent_listeners")
            or (subj.lower_ == "ik" and bool(parts & lexicon_terms("advice_modals")))
        )
        if going_on and advice:
            return True
    return False


def check_approach_valued(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """After the parent told what they do, a statement that values it or advises to go on with
    it (ANNOTATION.md, parent_strengths: "builds on it")."""
    if not parent_told_own_action(ctx, lex):
        return []
    acts = sentence_acts(doc)
    return [
        sent
        for sent in doc.sents
        if acts.get(sent.start) is None
        and (values_approach(sent, lex) or continues_approach(sent, lex))
    ]


def parent_uneasy(ctx: TurnContext) -> tuple[bool, bool]:
    """Whether the parent's turn before apologises ("sorry", "te laat") and whether it voices
    unease (nerves, a hard or strange situation) ."""
    lowers = [t.lower_ for doc in ctx.parent_before for t in doc]
    apology = any(contains(lowers, seq) for seq in phrases("apology_phrases"))
    unease = apology or any(w in lexicon_terms("nerves_words") for w in lowers)
    unease = unease or any(contains(lowers, seq) for seq in phrases("unease_phrases"))
    return apology, unease


def check_unease_eased(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """The teacher's first sentence after the parent apologised waves it away ("geen probleem",
    "nee hoor", "geeft niks"), or, in the opening, acknowledges the parent's unease about the
    talk ("dat snap ik", "heel begrijpelijk") (ANNOTATION.md, put_at_ease: reassures)."""
    apology, unease = parent_uneasy(ctx)
    if not unease:
        return []
    sents = list(doc.sents)
    if not sents:
        return []
    first = sents[0]
    lowers = [t.lower_ for t in first]
    waved = any(contains(lowers, seq) for seq in phrases("apology_accepted"))
    understood = any(contains(lowers, seq) for seq in phrases("unease_acknowledged"))
    opening = ctx.position is not None and ctx.position <= OPENING_END
    if (apology and waved) or (opening and (waved or understood)):
        return [first]
    return []


def is_room_comfort(sent: Span) -> bool:
    """The comfort of the room for the parent: a chair with a word of its size or comfort
    ("die kleine stoeltjes", "een grotemensenstoel", "de grote stoel"), the mess of the room
    ("let niet op de rommel"), the draught, light or heating ("dan zit u niet in de tocht"), or
    the weather the parent comes in from ("kom binnen, het waait zo hard")."""
    lowers = [t.lower_ for t in sent]
    seats = [w for w in lowers if any(part in w for part in lexicon_terms("seat_stems"))]
    sized = any(key_in(t, "comfort_qualifiers") for t in sent) or any(
        w.startswith(tuple(lexicon_terms("seat_prefixes"))) for w in seats
    )
    messy = any(key_in(t, "room_mess_words") for t in sent)
    eased = any(key_in(t, "room_comfort_nouns") for t in sent)
    weather = any(t.pos_ == "VERB" and key_in(t, "weather_verbs") for t in sent)
    return (bool(seats) and sized) or messy or eased or weather


def check_opening_comfort(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """In the opening, a sentence about the comfort of the room for the parent (the size of the
    chairs, the draught, the mess), not about the child (ANNOTATION.md, put_at_ease: practical
    comfort; offering a seat alone stays a welcome)."""
    if ctx.position is None or ctx.position > OPENING_END:
        return []
    return [
        sent
        for sent in doc.sents
        if is_room_comfort(sent)
        and not any(t.dep_.startswith("nsubj") and is_child(t, lex) for t in sent)
    ]


register("approach_valued", check_approach_valued, order=24)
register("unease_eased", check_unease_eased, order=33)
register("opening_comfort", check_opening_comfort, order=34)
