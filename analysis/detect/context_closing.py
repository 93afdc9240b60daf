"""Context check for the closing phase (issue #13, session 10): something the teacher gives
along home as a promise.

"Ik geef hem vanaf volgende week elke vrijdag een leesboekje mee" is a promise to the parent
(ANNOTATION.md, agreements: "send material home") however far the particle "mee" stands from
the verb, so the verb is found by the parse (verb with its separable particle), not by a
window of words. Giving along every week to this child is a promise; giving along to all
children, or always, is the school's habit ("elke vrijdag geven we alle kinderen een
nieuwsbrief mee"). Word lists are in ``data/lexicons.yaml``; registering happens
on import (see ``analysis/detect/__init__.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from analysis.detect.context import (
    MAIN_CLAUSE_DEPS,
    CheckFn,
    Kept,
    TurnContext,
    commitment_key,
    negated,
    own_clause,
    register,
    subject,
    token_key,
)
from analysis.detect.lexicons import Lexicons, lexicon_terms, load_lexicons


def is_handover(verb: Token) -> bool:
    """The verb is giving or sending along: a present or infinitive form of geven/sturen with
    the particle "mee" ("geef ... mee") or joined to it ("meegeven"), by its form (the
    lemmatizer and the tagger do not always know "geef", so its tense is read from the form)."""
    if verb.pos_ != "VERB":
        return False
    forms = lexicon_terms("handover_verbs")
    if verb.lower_.startswith("mee") and verb.lower_[3:] in forms:
        return True
    particle = any(c.dep_ == "compound:prt" and c.lower_ == "mee" for c in verb.children)
    return particle and verb.lower_ in forms


def is_habit(verb: Token, lex: Lexicons) -> bool:
    """The clause gives along to everyone ("alle kinderen", "iedereen") or always ("altijd",
    "meestal"): the school's habit, not a promise to this parent. A recurring handover for
    this child ("ik geef hem elke vrijdag een boekje mee") is a promise."""
    words = {t.lower_ for t in own_clause(verb)}
    return bool(words & (lexicon_terms("generic_recipients") | lex.habitual))


def teacher_commits(verb: Token, lex: Lexicons) -> bool:
    """ik/we are the subject of the verb, or of "ik ga/zal" over its infinitive, in a main
    clause, not negated, with no perfect, past or other modal auxiliary."""
    clause = verb.head if verb.dep_ in ("xcomp", "ccomp") and subject(verb) is None else verb
    subj = subject(clause)
    if subj is None or subj.lower_ not in lex.first_person_subjects:
        return False
    if clause.dep_ not in MAIN_CLAUSE_DEPS or negated(verb, lex) or negated(clause, lex):
        return False
    if clause != verb and token_key(clause) not in lex.future_auxiliaries:
        return False
    auxiliaries = [c for c in verb.children if c.dep_ == "aux"]
    return all(token_key(a) in lex.future_auxiliaries for a in auxiliaries)


def is_handover_promise(verb: Token, lex: Lexicons) -> bool:
    """ik/we give something along in a main clause, present or future, not negated, past,
    hypothetical or a habit."""
    return is_handover(verb) and teacher_commits(verb, lex) and not is_habit(verb, lex)


def check_handover_promise(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """Sentences in which the teacher promises to give something along home."""
    return [s for s in doc.sents if any(is_handover_promise(t, lex) for t in s)]


register("handover_promise", check_handover_promise, order=26)


# --- session 10 round B: agreements in spoken order, proposals, consent, the parent's part


def neighbours(token: Token, lex: Lexicons) -> list[Token]:
    """The nearest words left and right of ``token``, skipping hesitations ("dan eh bel ik"),
    so a subject is found next to its verb when the parse misses it; the parse of an
    unpunctuated turn may also split a sentence between verb and subject, so only punctuation
    is a boundary."""
    fillers = lexicon_terms("hesitation_fillers")
    doc = token.doc
    out: list[Token] = []
    for step in (-1, 1):
        i = token.i + step
        while 0 <= i < len(doc) and doc[i].lower_ in fillers:
            i += step
        if 0 <= i < len(doc) and not doc[i].is_punct:
            out.append(doc[i])
    return out


def has_subject(verb: Token, words: frozenset[str], lex: Lexicons) -> bool:
    """One of ``words`` is the verb's subject by the parse, or stands right before or after it
    (inverted order "dan bel ik", spoken order after a hesitation)."""
    subj = subject(verb)
    if subj is not None and subj.lower_ in words:
        return True
    return any(t.lower_ in words for t in neighbours(verb, lex))


def plain_clause(sent: Span, lex: Lexicons) -> bool:
    """The sentence is no negated, conditional, past or habitual statement."""
    lowers = {t.lower_ for t in sent}
    banned = lex.negations | lexicon_terms("conditional_words") | lex.habitual
    if lowers & banned:
        return False
    return not any("Past" in t.morph.get("Tense") or token_key(t) == "hebben" for t in sent)


def plain_statements(holds: Callable[[Token, Lexicons], bool]) -> CheckFn:
    """A check for the plain statements (see :func:`plain_clause`, no question word) with a
    word for which ``holds`` is true."""

    def check(doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept) -> list[Span]:
        return [
            s
            for s in doc.sents
            if plain_clause(s, lex)
            and not any(t.lower_ in lex.question_words for t in s)
            and any(holds(t, lex) for t in s)
        ]

    return check


def is_posting_promise(verb: Token, lex: Lexicons) -> bool:
    """ik/we put or share something on a place the parent sees ("dat zet ik op het
    ouderportaal", "ik zet u in de cc"): a promise to the parent outside class."""
    if not {token_key(verb), verb.lower_} & lexicon_terms("posting_verbs"):
        return False
    places = lexicon_terms("posting_places")
    if not any(t.lower_ in places for t in verb.sent if t.i > verb.i):
        return False
    return has_subject(verb, lexicon_terms("teacher_subjects_spoken"), lex)


def check_posting_promise(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """Sentences in which the teacher promises to post or copy something for the parent."""
    return [
        s for s in doc.sents if plain_clause(s, lex) and any(is_posting_promise(t, lex) for t in s)
    ]


def is_proposal(token: Token, lex: Lexicons) -> bool:
    """A proposal: "ik stel voor dat ...", "ik zou willen voorstellen dat ...", "mijn voorstel
    is dat ...": a proposal word followed by a "dat"-clause, not about the plan of the talk."""
    if not {token_key(token), token.lower_} & lexicon_terms("proposal_lemmas"):
        return False
    after = [t for t in token.sent if t.i > token.i]
    that = next((t for t in after if t.lower_ in ("dat", "da") and t.pos_ == "SCONJ"), None)
    if that is None or that.i - token.i > 4:
        return False
    rest = {t.lower_ for t in after if t.i > that.i}
    return not rest & lexicon_terms("proposal_plan_words")


def check_proposal(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """Sentences in which the teacher proposes a step ("ik stel voor dat ...")."""
    lowers = {t.lower_ for t in doc}
    if lowers & lex.negations:
        return []
    return [s for s in doc.sents if any(is_proposal(t, lex) for t in s)]


def check_consent_to_decision(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """The teacher puts a decision of the turn to the parent for consent ("ik meld hem aan,
    vindt u dat goed?", "... met uw toestemming"): the turn has a consent phrase and a
    first-person clause with an action verb that is not past or negated."""
    text = " ".join(t.lower_ for t in doc if not t.is_punct)
    phrases = load_lexicons()["consent_phrases"]
    if not any(f" {p} " in f" {text} " for p in phrases):
        return []
    teacher = lexicon_terms("teacher_subjects_spoken")
    excluded = lex.non_action | lex.report_verbs
    for verb in doc:
        if verb.pos_ != "VERB" or token_key(verb) in excluded or negated(verb, lex):
            continue
        governs = verb.head if verb.dep_ in ("xcomp", "ccomp") else verb
        if has_subject(governs, teacher, lex) and "Past" not in verb.morph.get("Tense"):
            return [verb.sent]
    return []


def is_parent_commitment(verb: Token, lex: Lexicons) -> bool:
    """The parent (u/ge/gij/jullie) as subject of a present-tense action with a time after the
    talk ("dan belt u zaterdag de mama", "u haalt hem voortaan op"): restating the parent's own
    part of an agreement."""
    if verb.pos_ != "VERB" or "Pres" not in verb.morph.get("Tense"):
        return False
    if token_key(verb) in lexicon_terms("parent_commit_excluded"):
        return False
    if not has_subject(verb, lexicon_terms("parent_commit_subjects"), lex):
        return False
    return any(t.lower_ in lexicon_terms("future_time_words") for t in own_clause(verb))


def is_spoken_promise(verb: Token, lex: Lexicons) -> bool:
    """ik/we right next to a commitment verb, also after a hesitation or inverted ("dan eh bel
    ik mevrouw X morgen", "dan app ik u"), where the parse of spoken Dutch misses the subject."""
    if verb.pos_ != "VERB" or commitment_key(verb, lex) is None:
        return False
    if "Inf" in verb.morph.get("VerbForm") or verb.dep_ not in MAIN_CLAUSE_DEPS:
        return False
    return any(t.lower_ in lex.first_person_subjects for t in neighbours(verb, lex))


register("spoken_promise", plain_statements(is_spoken_promise), order=31)
register("posting_promise", check_posting_promise, order=27)
register("proposal", check_proposal, order=28)
register("consent_to_decision", check_consent_to_decision, order=29)
register("parent_commitment", plain_statements(is_parent_commitment), order=30)
