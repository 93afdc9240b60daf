"""Checks that need the talk, not one sentence: who spoke before, where in the talk we are.

A follow-up or paraphrase must pick up what the parent just said (shared content words); a
summary restates several earlier turns; social talk belongs to the opening. Each check here is
named by a rule's ``where.context`` in ``data/behaviours.yaml``, which also holds its id, item,
Dutch explanation and examples.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from analysis.data_files import load_yaml
from analysis.detect.lexicons import Lexicons, lexicon_terms
from analysis.detect.questions import sentence_acts
from analysis.errors import RuleFileError
from analysis.form import load_form

VERB_POS = frozenset({"VERB", "AUX"})
PREDICATE_POS = frozenset({"VERB", "AUX", "ADJ", "NOUN", "PROPN"})
FUNCTION_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "AUX", "PUNCT", "SYM", "PART", "INTJ"})
MAIN_CLAUSE_DEPS = frozenset({"ROOT", "conj", "parataxis"})  # not a subordinate clause
SUBORDINATE_DEPS = frozenset({"ccomp", "advcl", "acl", "acl:relcl", "csubj"})
ECHO_RATIO = 0.3  # share of the sentence's content words that must come from the parent


# The (item, sentence) pairs a turn has kept so far, handed to every context check.
Kept = list[tuple[str, Span]]


@dataclass(slots=True)
class TurnContext:
    """What a teacher turn needs to know about the talk around it."""

    position: float | None = None
    parent_before: list[Doc] = field(default_factory=list)
    parent_is_question: bool = False
    previous_teacher_items: list[set[str]] = field(default_factory=list)
    previous_teacher_docs: list[Doc] = field(default_factory=list)
    earlier_content: list[set[str]] = field(default_factory=list)
    seen_items: set[str] = field(default_factory=set)


CheckFn = Callable[["Doc", "TurnContext", set[str], "Lexicons", Kept], list[Span]]


def token_key(token: object) -> str:
    """The lemma when the pipeline has one, else the lower-case form."""
    lemma = getattr(token, "lemma_", "")
    lower = getattr(token, "lower_", "")
    return (lemma or lower).lower()


def is_name(token: Token) -> bool:
    """A proper name (tagged, or capitalised inside a sentence)."""
    return token.pos_ == "PROPN" or (token.is_title and not token.is_sent_start)


def content_words(
    tokens: Span | Doc,
    lex: Lexicons,
    drop_feelings: bool = False,
    drop_names: bool = False,
) -> set[str]:
    """Content words (lemmas) of a stretch: no function words, no back-channels."""
    out: set[str] = set()
    for token in tokens:
        lower = token.lower_
        if not token.is_alpha or len(lower) < 3 or lower in lex.light:
            continue
        if token.pos_ in FUNCTION_POS:
            continue
        if drop_names and is_name(token):
            continue
        if drop_feelings and lower in lex.feeling:
            continue
        key = token_key(token)
        if key in lex.light or (drop_feelings and key in lex.feeling):
            continue
        out.add(key)
    return out


def parent_content(ctx: TurnContext, lex: Lexicons) -> set[str]:
    words: set[str] = set()
    for doc in ctx.parent_before:
        words |= content_words(doc, lex)
    return words


def is_backchannel(sent: Span, lex: Lexicons) -> bool:
    return all(t.lower_ in lex.backchannels or t.is_punct for t in sent)


def has_first_person(sent: Span, lex: Lexicons) -> bool:
    """The teacher speaks about themselves (subject ik/we), not counting hedges ("denk ik")."""
    doc = sent.doc
    for token in sent:
        if token.lower_ not in lex.first_person_subjects:
            continue
        before = doc[token.i - 1].lower_ if token.i > sent.start else ""
        after = doc[token.i + 1].lower_ if token.i + 1 < sent.end else ""
        if before in lex.hedges or after in lex.hedges:
            continue
        return True
    return False


def has_any(sent: Span, words: frozenset[str]) -> bool:
    return any(t.lower_ in words for t in sent)


def contains(lowers: list[str], seq: tuple[str, ...]) -> bool:
    n = len(seq)
    return any(tuple(lowers[i : i + n]) == seq for i in range(len(lowers) - n + 1))


def after_parent(ctx: TurnContext, lex: Lexicons) -> bool:
    """The parent said something with content just before, and did not ask a question."""
    if ctx.parent_is_question:
        return False
    words: set[str] = set()
    for doc in ctx.parent_before:
        words |= content_words(doc, lex, drop_feelings=True)
    return len(words - lex.evaluations) >= 1


def parent_told(ctx: TurnContext, lex: Lexicons, least: int = 3) -> bool:
    """The parent just told something (``least`` words that are not back-channels) and did not
    ask a question; looser than :func:`after_parent`, which needs content words."""
    if ctx.parent_is_question:
        return False
    words = [
        t for d in ctx.parent_before for t in d if t.is_alpha and t.lower_ not in lex.backchannels
    ]
    return len(words) >= least


def dismissive(doc: Doc, lex: Lexicons) -> bool:
    lowers = [t.lower_ for t in doc]
    return any(contains(lowers, seq) for seq in lex.dismissive)


def words_in(doc: Doc) -> int:
    return sum(1 for t in doc if not t.is_punct and not t.is_space)


# --- the checks: each returns the sentences that show the behaviour ----------------------------


ITEM_GROUP_FILE = "item_groups.yaml"


@dataclass(frozen=True, slots=True)
class ItemGroups:
    """Form items the checks treat alike (``data/item_groups.yaml``): ``formula`` items share
    words by formula, ``business`` items start the talk's business, ``not_home`` items make a
    follow-up no question about home, ``informing`` items make a sentence no paraphrase."""

    formula: frozenset[str]
    business: frozenset[str]
    not_home: frozenset[str]
    informing: frozenset[str]


@lru_cache(maxsize=1)
def item_groups() -> ItemGroups:
    """The item groups, each id checked against the form."""
    data = load_yaml(ITEM_GROUP_FILE, "analysis.detect.data")
    known = set(load_form().item_ids)
    groups: dict[str, frozenset[str]] = {}
    for key in ("formula_items", "business_items", "not_home_items", "informing_items"):
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, list) or not value or not set(value) <= known:
            raise RuleFileError(
                f"{ITEM_GROUP_FILE}: {key} must be a list of form item ids",
                f"{ITEM_GROUP_FILE}: '{key}' moet een lijst met onderdelen van het formulier zijn.",
            )
        groups[key] = frozenset(value)
    return ItemGroups(
        formula=groups["formula_items"],
        business=groups["business_items"],
        not_home=groups["not_home_items"],
        informing=groups["informing_items"],
    )


def check_echo(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A follow-up question or a paraphrase that picks up the parent's content words.

    After a parent's question only a clear paraphrase counts (two or more shared content
    words): "Ze huilt 's morgens en wil niet naar school." restates before it answers.
    """
    if found & item_groups().formula or dismissive(doc, lex):
        return []
    answered_question = False
    if not after_parent(ctx, lex):
        if not ctx.parent_is_question:
            return []
        answered_question = True
    parent = parent_content(ctx, lex)
    acts = sentence_acts(doc)
    out: list[Span] = []
    statement_rank = 0
    for sent in doc.sents:
        if is_backchannel(sent, lex):
            continue
        if acts.get(sent.start) is not None:
            if answered_question:
                continue
            shared = content_words(sent, lex, drop_names=True) & parent
            if not has_any(sent, lex.follow_up_markers):
                # The home or the class alone is the question's frame, not what the parent
                # said, unless the question asks for more of it ("ziet u dat thuis ook?").
                shared -= lex.home | lex.class_words
            if shared:
                out.append(sent)
            continue
        own = content_words(sent, lex, drop_feelings=True)
        shared = own & parent
        statement_rank += 1
        if statement_rank > 2 or has_first_person(sent, lex) or not shared:
            continue
        lowers = [t.lower_ for t in sent]
        if any(contains(lowers, seq) for seq in lex.directives):
            continue  # advice ("U moet thuis ..."), not a paraphrase
        if statement_rank == 2 and not has_any(sent, lex.second_person):
            continue
        if answered_question and len(shared) < 2:
            continue
        if len(shared) >= 2 or len(shared) / max(len(own), 1) >= ECHO_RATIO:
            out.append(sent)
    return out


def feeling_index(sent: Span, lex: Lexicons) -> int | None:
    for token in sent:
        if token.lower_ in lex.strong_feeling or token.lower_ in lex.feeling:
            return token.i
        if token_key(token) in lex.feeling_lemmas:
            return token.i
    return None


def check_feeling_with_content(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A feeling reflection that also restates what it is about ("U was bang dat ...")."""
    fr_sentences = [span for item, span in kept if item == "feeling_reflection"]
    out: list[Span] = []
    if not fr_sentences:
        return out
    sents = list(doc.sents)
    starts = {s.start for s in fr_sentences}
    candidates = [s for s in sents if s.start in starts or has_any(s, lex.strong_feeling)]
    for sent in candidates:
        at = feeling_index(sent, lex)
        if at is None:
            continue
        link = next((t for t in doc[at + 1 : sent.end] if t.lower_ in lex.content_links), None)
        if link is not None:
            rest = [
                t
                for t in doc[link.i + 1 : sent.end]
                if not t.is_punct and t.lower_ not in lex.trailing_tags
            ]
            if len(rest) >= 4:
                out.append(sent)
                continue
        index = next((k for k, s in enumerate(sents) if s.start == sent.start), None)
        if index is not None and index + 1 < len(sents):
            nxt = sents[index + 1]
            words = [t for t in nxt if not t.is_punct]
            if (
                words
                and words[0].lower_ in lex.content_openers
                and has_any(nxt, lex.second_person | lex.reflection_subjects)
                and len(words) >= 4
            ):
                out.append(sent)
    return out


def check_short_paraphrase(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A single short statement about the parent or child right after they told something."""
    if found or not after_parent(ctx, lex) or dismissive(doc, lex):
        return []
    sents = [s for s in doc.sents if not is_backchannel(s, lex)]
    if len(sents) != 1:
        return []
    sent = sents[0]
    if sentence_acts(doc).get(sent.start) is not None or words_in(doc) > 14:
        return []
    if has_first_person(sent, lex) or has_any(sent, lex.strong_feeling):
        return []
    if not has_any(sent, lex.person_subjects):
        return []
    lowers = [t.lower_ for t in sent]
    if any(contains(lowers, seq) for seq in lex.directives):
        return []  # advice ("U moet hem ... laten lezen"), not a paraphrase
    if lowers[0] == "wat" or any(t.dep_ == "amod" and token_key(t) in lex.praise for t in sent):
        return []  # an exclamation or praise ("wat een mooie tekening"), not a paraphrase
    return [sent]


def check_feeling_echo_fragment(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A verbless echo of the feeling the parent or child just named ("Eerst een beetje eng")."""
    parent_words = {t.lower_ for d in ctx.parent_before for t in d}
    out: list[Span] = []
    for sent in doc.sents:
        feelings = {t.lower_ for t in sent if t.lower_ in lex.strong_feeling}
        if not feelings or not feelings & parent_words:
            continue
        if has_first_person(sent, lex) or has_any(sent, lex.person_subjects):
            continue
        if sentence_acts(doc).get(sent.start) == "open_question":
            continue
        out.append(sent)
    return out


def check_summary_structure(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A long turn late in the talk that restates several earlier turns and checks them."""
    sents = list(doc.sents)
    if (ctx.position if ctx.position is not None else 0.5) < 0.55 or len(sents) < 4:
        return []
    if sentence_acts(doc).get(sents[-1].start) != "closed_question":
        return []
    own = content_words(doc, lex)
    restated = sum(1 for earlier in ctx.earlier_content if len(own & earlier) >= 2)
    if restated < 3:
        return []
    return [sents[0]]


def check_after_summary(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A short check ("Klopt dat?") right after a summary belongs to the summary."""
    if not ctx.previous_teacher_items or "summarise_check" not in ctx.previous_teacher_items[-1]:
        return []
    if words_in(doc) > 8:
        return []
    acts = sentence_acts(doc)
    return [s for s in doc.sents if acts.get(s.start) == "closed_question"]


def check_opening_social_question(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A question in the opening, before the talk's business starts: social talk."""
    if ctx.position is None or ctx.position > 0.2:
        return []
    if found - {"put_at_ease"} or ctx.seen_items & item_groups().business:
        return []
    acts = sentence_acts(doc)
    out: list[Span] = []
    for sent in doc.sents:
        if acts.get(sent.start) is None:
            continue
        if has_any(sent, lex.class_words):
            continue
        out.append(sent)
    return out


def _names(sent: Span) -> bool:
    return any(is_name(t) for t in sent)


def check_home_follow_up(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A follow-up question about the child while the talk is about home."""
    if found & item_groups().not_home:
        return []
    parent_lowers = {t.lower_ for d in ctx.parent_before for t in d}
    home_active = any(
        w in lex.home or w in lex.family or w.startswith(lex.home_prefixes) for w in parent_lowers
    )
    home_active |= any("asks_home" in items for items in ctx.previous_teacher_items[-2:])
    if ctx.previous_teacher_docs:
        home_active |= any(
            t.lower_.startswith(lex.home_prefixes) for t in ctx.previous_teacher_docs[-1]
        )
    acts = sentence_acts(doc)
    first_question = min(acts, default=len(doc))
    # "U zei dat hij met een kapotte jas thuiskwam. Vertelt u eens ...": framed in this turn.
    home_active |= any(t.lower_.startswith(lex.home_prefixes) for t in doc[:first_question])
    if not home_active:
        return []
    parent = parent_content(ctx, lex)
    out: list[Span] = []
    for sent in doc.sents:
        if acts.get(sent.start) is None:
            continue
        lowers = {t.lower_ for t in sent}
        if lex.clarification & lowers:
            continue
        if lowers & lex.parent_pronouns and not lowers & lex.home_observation:
            continue
        if not (lowers & lex.child or lowers & lex.existential or _names(sent)):
            continue
        if (
            lowers & lex.follow_up_links
            or "active_listening" in found
            or content_words(sent, lex) & parent
        ):
            out.append(sent)
    return out


def check_after_parent(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """Every sentence of the turn when the parent just told something (a gate, see
    :func:`after_parent`); nothing otherwise."""
    return list(doc.sents) if after_parent(ctx, lex) else []


def subject(verb: Token) -> Token | None:
    """The verb's subject (parse), or ``None``."""
    return next((c for c in verb.children if c.dep_ in ("nsubj", "expl")), None)


def negated(token: Token, lex: Lexicons) -> bool:
    """Whether ``token`` (a verb or predicate) has a negation among its own dependents."""
    return any(c.lower_ in lex.negations for c in token.children)


def summary_clauses(doc: Doc, found: set[str], holds: Callable[[Token], bool]) -> list[Span]:
    """The sentences of a summary turn with a predicate (verb, adjective, noun) for which
    ``holds`` is true: a summary turn carries every item it restates (ANNOTATION.md)."""
    if "summarise_check" not in found:
        return []
    return [s for s in doc.sents if any(holds(t) for t in s if t.pos_ in PREDICATE_POS)]


def is_commitment(verb: Token, lex: Lexicons) -> bool:
    """A clause that records a next step: ik/we + a commitment verb ("ik bel", "we mailen"),
    u/ge/jullie + receive ("u krijgt een mail"), or we + see/speak + each other."""
    subj = subject(verb)
    if verb.pos_ not in VERB_POS or subj is None or negated(verb, lex):
        return False
    lemma = token_key(verb)
    if subj.lower_ in lex.first_person_subjects:
        if lemma in lex.commitments:
            return True
        return lemma in lex.follow_up and any(c.lower_ in lex.reciprocal for c in verb.children)
    return lemma in lex.receive and subj.lower_ in lex.parent_subjects


def verb_key(verb: Token) -> str:
    """The verb's lemma with its separable particle in front ("vraag het na" -> navragen)."""
    particle = next((c.lower_ for c in verb.children if c.dep_ == "compound:prt"), "")
    return particle + token_key(verb)


def stem_infinitives(stem: str) -> set[str]:
    """Infinitives a Dutch first-person stem can have, by spelling rules, for when the
    lemmatizer leaves the stem as the lemma ("schrijf" -> schrijven, "stuur" -> sturen,
    "bel" -> bellen, "noteer" -> noteren)."""
    if len(stem) < 2 or stem.endswith("en"):
        return set()
    bases = {stem, stem + stem[-1]}
    if stem[-1] in "fs":
        bases.add(stem[:-1] + {"f": "v", "s": "z"}[stem[-1]])
    if len(stem) > 2 and stem[-2] == stem[-3] and stem[-2] in "aeou":
        bases |= {b[:-2] + b[-1:] for b in set(bases) if len(b) == len(stem)}
        bases.add(stem[:-2] + stem[-1])
    return {b + "en" for b in bases}


def commitment_key(verb: Token, lex: Lexicons) -> str | None:
    """The commitment lemma of the verb with its particle, if it is one (see :func:`verb_key`;
    a stem left as lemma counts by its infinitive)."""
    key = verb_key(verb)
    if key in lex.commitments:
        return key
    if token_key(verb) != verb.lower_:
        return None
    particle = key[: len(key) - len(verb.lower_)]
    hits = {particle + inf for inf in stem_infinitives(verb.lower_)} & lex.commitments
    return min(hits) if hits else None


def past_or_hypothetical(verb: Token) -> bool:
    """The verb, or one of its auxiliaries, is past tense or perfect ("belde", "heb gebeld",
    "zou bellen", "kon mailen"): no promise for after the talk."""
    if "Past" in verb.morph.get("Tense"):
        return True
    return any(
        c.dep_ == "aux" and ("Past" in c.morph.get("Tense") or token_key(c) == "hebben")
        for c in verb.children
    )


def is_promise(verb: Token, lex: Lexicons) -> bool:
    """A main clause in which the teacher (ik/we) commits to a next step: a commitment verb
    by lemma with its particle ("ik vraag het na", "dat zet ik erbij", "we plannen het in"),
    present or future (as the infinitive under "ik ga/zal", no other modal), not negated, not
    past or hypothetical, not a habit, not a subordinate clause ("als ik het navraag")."""
    if verb.pos_ != "VERB" or commitment_key(verb, lex) is None:
        return False
    return is_promise_clause(verb, lex)


def is_promise_clause(verb: Token, lex: Lexicons) -> bool:
    """The verb's clause is a first-person promise: ik/we as subject (of the verb or of
    "ik ga/zal" over it), a main clause, present or future, not negated, past, hypothetical,
    another modal or a habit (see :func:`is_promise`)."""
    infinitive = "Inf" in verb.morph.get("VerbForm") or not verb.morph.get("Tense")
    governed = verb.dep_ in ("xcomp", "ccomp") and (infinitive or subject(verb) is None)
    clause = verb.head if governed else verb
    subj = subject(clause)
    if subj is None or subj.lower_ not in lex.first_person_subjects:
        return False
    if clause.dep_ not in MAIN_CLAUSE_DEPS:
        return False
    if any(negated(v, lex) or past_or_hypothetical(v) for v in {verb, clause}):
        return False
    modals = [c for c in verb.children if c.dep_ == "aux"] + ([clause] if clause != verb else [])
    if any(token_key(m) not in lex.future_auxiliaries for m in modals):
        return False  # "kunnen we hem aanmelden" is a possibility, not a promise
    return not any(t.lower_ in lex.habitual for t in own_clause(clause))


def own_clause(verb: Token) -> list[Token]:
    """The words of the verb's own clause, without its subordinate clauses."""
    out = [verb]
    for child in verb.children:
        if child.dep_ not in SUBORDINATE_DEPS:
            out.extend(child.subtree)
    return out


def sentences_where(
    holds: Callable[[Token, Lexicons], bool], pos: frozenset[str] = VERB_POS
) -> CheckFn:
    """A finder for every sentence of a turn with a word of part of speech ``pos`` (verbs, or
    with ``PREDICATE_POS`` also adjectives and nouns as predicates) for which ``holds`` is true:
    a clause-level check, so it holds in a run-on turn too."""

    def run(doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept) -> list[Span]:
        return [s for s in doc.sents if any(holds(t, lex) for t in s if t.pos_ in pos)]

    return run


def acts_as(verb: Token, subjects: frozenset[str], excluded: frozenset[str], lex: Lexicons) -> bool:
    """Whether one of ``subjects`` is the subject of ``verb`` in a plain statement: the verb's
    lemma not in ``excluded``, not negated, not conditional, not verb-first (a question)."""
    subj = subject(verb)
    if verb.pos_ not in VERB_POS or subj is None or subj.lower_ not in subjects:
        return False
    if token_key(verb) in excluded:
        return False
    if negated(verb, lex) or any(c.lower_ in lex.conditional for c in verb.children):
        return False
    return not (verb.i < subj.i and verb.i == verb.sent.start)


def is_parent_action(verb: Token, lex: Lexicons) -> bool:
    """The parent (u/ge/jullie, mama ...) as the subject of an action: not a report, feeling
    or receiving verb, no feeling word or reflexive with it ("u maakt zich zorgen")."""
    excluded = lex.report_verbs | lex.receive | lex.feeling_lemmas
    if not acts_as(verb, lex.parent_subjects, excluded, lex):
        return False
    return not any(
        token_key(c) in lex.feeling_lemmas or c.lower_ in lex.feeling or c.lower_ in lex.reflexives
        for c in verb.children
    )


def is_praise_of_that(sent: Span, lex: Lexicons, after: int = -1) -> bool:
    """A sentence that praises what was just said: a praising predicate (after token index
    ``after``) with an anaphor as subject ("dat is heel goed", "da's slim"), not negated."""
    for token in sent:
        if token.dep_ != "ROOT" or token_key(token) not in lex.praise or negated(token, lex):
            continue
        if token.i <= after:
            continue
        subj = subject(token)
        if (subj is not None and subj.lower_ in lex.anaphors) or sent[0].lower_ in lex.anaphors:
            return True
    return False


def permitted(verb: Token, lex: Lexicons) -> bool:
    """The verb is a permission ("u mag gerust stil zijn"), not something the parent does."""
    return any(token_key(t) in lex.permission for t in [verb, *verb.children, verb.head])


def check_praised_parent_action(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A sentence with the parent as the subject of an action ("thuis praat u Turks met hem"),
    praised in the same or the next sentence ("Dat is goed, hoor."): building on what the
    parent does (ANNOTATION.md, parent_strengths)."""
    sents = list(doc.sents)
    acts = sentence_acts(doc)
    out: list[Span] = []
    for i, sent in enumerate(sents):
        actions = [
            t
            for t in sent
            if t.pos_ in VERB_POS and is_parent_action(t, lex) and not permitted(t, lex)
        ]
        if not actions:
            continue
        after = [s for s in sents[i : i + 2] if acts.get(s.start) is None]
        if any(is_praise_of_that(s, lex, after=actions[0].i) for s in after):
            out.append(sent)
    return out


def is_own_action(verb: Token, lex: Lexicons) -> bool:
    """The teacher (ik/we) as the subject of an action verb: not an auxiliary, report or
    feeling verb."""
    excluded = lex.non_action | lex.report_verbs | lex.feeling_lemmas
    return verb.pos_ == "VERB" and acts_as(verb, lex.first_person_subjects, excluded, lex)


def is_child_learning(verb: Token, lex: Lexicons) -> bool:
    """The child (hij/ze/je, or a name) as the subject of a learning verb ("ze leert hulp
    vragen", "hij werkt aan zijn planning"): what the child grows in."""
    subj = subject(verb)
    if verb.pos_ != "VERB" or subj is None or token_key(verb) not in lex.learning:
        return False
    return not negated(verb, lex) and is_child(subj, lex)


def is_child(token: Token, lex: Lexicons) -> bool:
    """The child as a subject: hij/ze/je or a name."""
    return token.lower_ in lex.child_subjects or token.pos_ == "PROPN"


def is_child_quality(head: Token, lex: Lexicons) -> bool:
    """A strength of the child restated: the child as the subject of a praising predicate
    ("dmytro is goed in rekenen"), or of a verb with a praising word on it or on its object
    ("Yusuf bouwt mooi", "hij heeft een sterk taalgevoel"); not negated, not a growth point."""
    subj = subject(head)
    if subj is None or not is_child(subj, lex) or negated(head, lex):
        return False
    if token_key(head) in lex.learning:
        return False
    if head.pos_ == "ADJ":
        return token_key(head) in lex.summary_praise
    near = [c for c in head.children if c.dep_ in ("advmod", "xcomp", "obj")]
    near += [g for c in near if c.dep_ == "obj" for g in c.children if g.dep_ == "amod"]
    return any(token_key(t) in lex.summary_praise for t in near)


@dataclass(frozen=True, slots=True)
class QualityWords:
    """The word lists of the kwaliteiten.lemma_kind rule, for the clause-level check."""

    adjectives: frozenset[str]
    verbs: frozenset[str]
    adverbs: frozenset[str]


@lru_cache(maxsize=1)
def quality_words() -> QualityWords:
    return QualityWords(
        adjectives=lexicon_terms("quality_lemmas"),
        verbs=lexicon_terms("quality_verb_lemmas"),
        adverbs=lexicon_terms("quality_adverb_lemmas"),
    )


def is_stated_child_quality(head: Token, lex: Lexicons) -> bool:
    """A strength of the child stated in its own clause, wherever the sentence ends: hij/ze or
    a name as subject (not je/ge: that may be the parent) of a quality adjective ("ze is heel
    behulpzaam") or of a skill verb with a praising adverb ("hij rekent vlot"); in a main or
    "dat" clause with the subject first, not negated, not conditional, not compared.
    Clause-level, so a recogniser's run-on turn without full stops keeps it."""
    subj = subject(head)
    if subj is None or not (subj.lower_ in lex.child or subj.pos_ == "PROPN"):
        return False
    words = quality_words()
    key = token_key(head)
    if head.pos_ == "ADJ":
        praised = key in words.adjectives
    else:
        praised = key in words.verbs and any(
            c.dep_ in ("advmod", "xcomp") and token_key(c) in words.adverbs for c in head.children
        )
    if not praised or negated(head, lex) or not main_or_that_clause(head):
        return False
    if "Cmp" in head.morph.get("Degree") or any(c.lower_ in lex.conditional for c in head.children):
        return False
    first = min([head, *(c for c in head.children if c.dep_ in ("aux", "cop"))], key=lambda t: t.i)
    return first.i > subj.i  # subject first: no question, no inverted aside


def is_stated_listener_feeling(head: Token, lex: Lexicons) -> bool:
    """A feeling of the listener named in its own clause, wherever the sentence ends: u/je/ge/
    jullie as subject of a feeling predicate (by lemma; not "wordt boos"), in a main or "dat"
    clause with the subject first (no question), not under the teacher's own view. Clause-level,
    so a recogniser's run-on turn keeps it when another clause is negated or conditional."""
    clause = head.head if head.dep_ == "xcomp" else head  # "ge zijt er moe van"
    subj = subject(clause)
    if subj is None or subj.lower_ not in lex.reflection_subjects or subj.i > head.i:
        return False
    if head.pos_ not in ("ADJ", "VERB") or not is_feeling_lemma(head, lex):
        return False
    linked = [*head.children, *clause.children]
    if negated(head, lex) or negated(clause, lex):
        return False
    if any(c.lower_ in lex.conditional or token_key(c) in lex.inchoative for c in linked):
        return False
    return main_or_that_clause(clause) and not under_own_view(clause, lex)


def main_or_that_clause(verb: Token) -> bool:
    """A main clause (or one joined to it) or a "dat" complement clause; not a relative,
    comparative or adverbial clause."""
    if verb.dep_ in ("ROOT", "conj", "parataxis"):
        return True
    return verb.dep_ == "ccomp" and any(
        c.dep_ == "mark" and c.lower_ == "dat" for c in verb.children
    )


def under_own_view(verb: Token, lex: Lexicons) -> bool:
    """A clause embedded under the teacher's own view ("ik denk dat u ...", "ik hoop dat u ..."),
    not under what the teacher heard ("wat ik hoor, is dat u ...")."""
    if verb.dep_ != "ccomp":
        return False
    head_subject = subject(verb.head)
    if head_subject is None or head_subject.lower_ not in lex.first_person_subjects:
        return False
    return token_key(verb.head) not in lex.understanding


def is_listener_reflection(verb: Token, lex: Lexicons) -> bool:
    """The listener (u/je/ge/jullie) as the subject of what they want, think or expect, in a
    plain clause ("u wilt eigenlijk dat ...", "jij denkt dat ...", "jullie hadden meer
    verwacht"): not negated or conditional by the clause's own words, not verb-first."""
    if token_key(verb) not in lex.reflection_verbs or verb.pos_ not in VERB_POS:
        return False
    clause = verb.head if verb.dep_ == "aux" else verb
    if not main_or_that_clause(clause) or under_own_view(clause, lex):
        return False  # "sneller dan u denkt", "iets wat u kwijt wil", "ik hoop dat u ..."
    verbs = [clause, *(c for c in clause.children if c.dep_ == "aux")]
    if any(token_key(v) not in lex.perfect_auxiliaries for v in verbs[1:]):
        return False  # "u zult merken", "u kunt verwachten": a prediction or advice
    subj = next((s for v in verbs if (s := subject(v)) is not None), None)
    if subj is None or subj.lower_ not in lex.reflection_subjects:
        return False
    children = [c for v in verbs for c in v.children]
    stop = lex.negations | lex.conditional | lex.first_person_subjects | lex.question_words
    stop |= lex.presumptive
    if any(c.lower_ in stop for c in children):
        return False  # negated, conditional, a hedge ("dat kunt u goed, denk ik"), "wat u vindt"
    if any(token_key(c) in lex.feeling_lemmas or c.lower_ in lex.feeling for c in children):
        return False  # "dat vindt u zwaar": a feeling reflection, not a paraphrase of content
    return not any(v.i < subj.i and v.i == v.sent.start for v in verbs)


def is_value_for_listener(head: Token, lex: Lexicons) -> bool:
    """What matters to the listener, restated: a value word with "voor u/jou/jullie" ("voor u
    is vooral belangrijk dat ...", "voor jullie telt dat ..."); not negated."""
    if token_key(head) not in lex.value_words or negated(head, lex):
        return False
    return any(
        c.dep_ in ("obl", "nmod")
        and c.lower_ in lex.listeners
        and any(g.dep_ == "case" and g.lower_ == "voor" for g in c.children)
        for c in head.children
    )


def check_listener_reflection(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """Statements that restate, in the second person, what the parent (or child) who just
    spoke wants, thinks or expects: a paraphrase of their content (ANNOTATION.md)."""
    if not parent_told(ctx, lex):
        return []
    acts = sentence_acts(doc)
    # A feeling reflection (see check_feeling_with_content) or the teacher informing.
    skip = {"feeling_reflection", *item_groups().informing}
    taken = {span.start for item, span in kept if item in skip}
    return [
        sent
        for sent in doc.sents
        if acts.get(sent.start) is None
        and sent.start not in taken
        and any(is_listener_reflection(t, lex) or is_value_for_listener(t, lex) for t in sent)
    ]


def is_feeling_restated(head: Token, lex: Lexicons) -> bool:
    """A feeling of the child or the listener restated: a feeling lemma as predicate ("thuis is
    ze verdrietig", "een opmerking die hem gekwetst heeft"), a causing verb with a feeling
    object ("die foto heeft haar pijn gedaan", not "boosheid voelen") or opzien/uitkijken ("hij
    ziet ertegen op"); not negated, not conditional, not "wordt boos" (behaviour)."""
    people = [subject(head)]
    if head.pos_ in VERB_POS:  # "die hem gekwetst heeft": the experiencer is the object
        people += [c for c in head.children if c.dep_ in ("obj", "iobj")]
    if not any(p is not None and is_child_or_listener(p, lex) for p in people):
        return False  # someone else's feeling ("meneer X is boos")
    if negated(head, lex):
        return False
    linked = [*head.children, head.head] if head.dep_ == "xcomp" else list(head.children)
    if any(c.lower_ in lex.conditional or token_key(c) in lex.inchoative for c in linked):
        return False  # "hij wordt boos als ...": behaviour in a situation, not a feeling restated
    if is_feeling_lemma(head, lex) and head.pos_ in ("ADJ", "VERB"):
        return True
    if head.pos_ not in VERB_POS:
        return False
    if token_key(head) in lex.anticipation_heads and any(
        c.dep_ == "compound:prt" and c.lower_ in lex.anticipation_particles for c in head.children
    ):
        return True
    return token_key(head) in lex.causing and any(
        c.dep_ == "obj" and is_feeling_lemma(c, lex) for c in head.children
    )


def is_child_or_listener(token: Token, lex: Lexicons) -> bool:
    """The child (hij, hem, haar, a name) or the listener (u, je, jullie, ge)."""
    lower = token.lower_
    return (
        is_child(token, lex)
        or lower in lex.child
        or lower in lex.second_person | lex.reflection_subjects
    )


def is_feeling_lemma(token: Token, lex: Lexicons) -> bool:
    key = token_key(token)
    return key in lex.feeling_lemmas or key in lex.pattern_feelings


def has_first_person_subject(head: Token, lex: Lexicons) -> bool:
    found = subject(head)
    return found is not None and found.lower_ in lex.first_person_subjects


def summary_check(holds: Callable[[Token, Lexicons], bool]) -> CheckFn:
    """A finder for the sentences of a summary turn with a verb for which ``holds`` is true."""

    def run(doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept) -> list[Span]:
        return summary_clauses(doc, found, lambda verb: holds(verb, lex))

    return run


@dataclass(frozen=True, slots=True)
class ContextCheck:
    """One registered context check.

    ``run`` has one signature for all checks: the turn, its context, the items found so far,
    the lexicons and the ``(item, sentence)`` pairs kept so far; it returns sentences. A *gate*
    filters its rule's own pattern matches (a match counts only in a returned sentence); a
    *finder* is the whole rule (the rule has no patterns) and its sentences become findings.
    Finders run in ``order``: later ones see what earlier ones found.
    """

    name: str
    run: CheckFn
    gate: bool
    order: int


REGISTRY: dict[str, ContextCheck] = {}


def register(name: str, run: CheckFn, *, order: int, gate: bool = False) -> ContextCheck:
    """Add a context check to :data:`REGISTRY`; a name registered twice is an error."""
    if name in REGISTRY:
        raise RuleFileError(
            f"context check {name!r} is registered twice",
            f"Contextcontrole {name} is twee keer geregistreerd.",
        )
    check = ContextCheck(name=name, run=run, gate=gate, order=order)
    REGISTRY[name] = check
    return check


register("after_parent", check_after_parent, order=0, gate=True)
register("summary_structure", check_summary_structure, order=10)
# What a summary restates (ANNOTATION.md: a summary turn carries every item it restates).
register("summary_agreements", summary_check(is_commitment), order=14)
register("summary_home_strengths", summary_check(is_parent_action), order=15)
register("summary_own_actions", summary_check(is_own_action), order=16)
register("summary_growth", summary_check(is_child_learning), order=17)
register("summary_qualities", summary_check(is_child_quality), order=18)
register("summary_feelings", summary_check(is_feeling_restated), order=19)
register("first_person_promise", sentences_where(is_promise), order=19)
register("praised_parent_action", check_praised_parent_action, order=21)
register("check_after_summary", check_after_summary, order=20)
register("opening_social_question", check_opening_social_question, order=30)
register("feeling_echo_fragment", check_feeling_echo_fragment, order=40)
register("feeling_with_content", check_feeling_with_content, order=50)
register("echo", check_echo, order=60)
register("listener_reflection", check_listener_reflection, order=65)
register("home_follow_up", check_home_follow_up, order=70)
register("short_paraphrase", check_short_paraphrase, order=80)
register("child_quality_clause", sentences_where(is_stated_child_quality, PREDICATE_POS), order=85)
register(
    "listener_feeling_clause",
    sentences_where(is_stated_listener_feeling, PREDICATE_POS),
    order=86,
)


def finders() -> list[ContextCheck]:
    """The finder checks in the order they run."""
    return sorted((c for c in REGISTRY.values() if not c.gate), key=lambda c: c.order)
