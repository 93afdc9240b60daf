"""Reflections found by their grammar (issue #13, session 8).

A feeling reflection names a feeling of the listener (or of the child they spoke about) back to
them; a paraphrase restates what the other speaker said or meant. Both are statements, not
questions with the finite verb first. The checks here read the clause, not the topic: an
exclamation over a feeling ("wat een opluchting"), "dat klinkt/lijkt" + a feeling word, "u
voelt zich ...", a fixed expression for a feeling with the listener in it, what something gives
the listener ("dat geeft u rust"), the listener as subject of saying ("u zegt: ..."), and the
fixed openings of a paraphrase ("zo te horen", "als ik u goed begrijp"). Every word list lives
in ``lexicons.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from analysis.detect.context import (
    VERB_POS,
    Kept,
    TurnContext,
    after_parent,
    contains,
    content_words,
    is_feeling_lemma,
    main_or_that_clause,
    negated,
    parent_content,
    parent_told,
    register,
    subject,
    token_key,
    under_own_view,
)
from analysis.detect.lexicons import Lexicons, lexicon_terms, phrases
from analysis.detect.questions import sentence_acts

IDIOM_REACH = 6  # words before a feeling idiom in which the listener must be named
OPEN_END = 3  # a verb of saying this close to its sentence's end leaves what was said to the next


@dataclass(frozen=True, slots=True)
class ReflectionWords:
    """The session-8 word lists of the reflection checks (each defined in lexicons.yaml)."""

    exclamation: frozenset[str]
    situation: frozenset[str]
    sounding: frozenset[str]
    idioms: tuple[tuple[str, ...], ...]
    given: frozenset[str]
    saying: frozenset[str]
    openers: tuple[tuple[str, ...], ...]
    fillers: frozenset[str]
    epistemic: frozenset[str]
    address: frozenset[str]
    weak: frozenset[str]
    perception: frozenset[str]
    tasks: frozenset[str]
    situation_subjects: frozenset[str]
    hypothetical: frozenset[str]


# Field of ReflectionWords -> its single-word lexicon in lexicons.yaml.
WORD_SETS = {
    "exclamation": "exclamation_feelings",
    "situation": "situation_feelings",
    "sounding": "sounding_lemmas",
    "given": "given_feelings",
    "saying": "saying_lemmas",
    "fillers": "reflection_fillers",
    "epistemic": "epistemic_lemmas",
    "address": "address_words",
    "weak": "weak_situation_words",
    "perception": "perception_lemmas",
    "tasks": "task_nouns",
    "situation_subjects": "situation_subjects",
    "hypothetical": "hypothetical_modals",
}


@lru_cache(maxsize=1)
def reflection_words() -> ReflectionWords:
    sets = {field: lexicon_terms(name) for field, name in WORD_SETS.items()}
    return ReflectionWords(
        idioms=phrases("feeling_idioms"), openers=phrases("paraphrase_openers"), **sets
    )


def words_of(sent: Span, words: ReflectionWords) -> list[Token]:
    """The sentence's words after the opening fillers ("en", "eh", "nou", "ja", "meneer")."""
    tokens = [t for t in sent if not t.is_punct]
    while tokens and (tokens[0].lower_ in words.fillers or tokens[0].lower_ in words.address):
        tokens = tokens[1:]
    return tokens


def verb_first(sent: Span, words: ReflectionWords) -> bool:
    """A question with the finite verb first ("Bent u bang ...?", "maakt u zich zorgen")."""
    tokens = words_of(sent, words)
    if len(tokens) < 2 or tokens[0].pos_ not in VERB_POS:
        return False
    return tokens[1].dep_.startswith("nsubj")  # the subject right after the verb


def is_listener(token: Token, lex: Lexicons) -> bool:
    return token.lower_ in lex.reflection_subjects or token.lower_ in lex.listeners


def own_view_sentence(sent: Span, lex: Lexicons) -> bool:
    """The teacher's own feeling or view: ik/we as a subject, unless of understanding or
    imagining ("ik kan me voorstellen dat ...", "ik hoor dat ...")."""
    for token in sent:
        if (
            token.lower_ in lex.first_person_subjects
            and token.dep_.startswith("nsubj")
            and token_key(token.head) not in lex.understanding
            and not (token.head.lower_ in lex.hedges and token.head.i < token.i)  # "denk ik"
        ):
            return True
    return False


def is_feeling_exclamation(sent: Span, lex: Lexicons) -> bool:
    """ "Wat een opluchting", "wat naar (voor u)", "wat een schrik moet dat geweest zijn": wat +
    (een +) a feeling word, short or said of the listener; not praise of a thing."""
    words = reflection_words()
    tokens = words_of(sent, words)
    if len(tokens) < 2 or tokens[0].lower_ != "wat":
        return False
    rest = tokens[1:]
    if rest[0].lower_ == "een":
        nouns = [t for t in rest[1:4] if t.pos_ == "NOUN"]
        if not nouns or token_key(nouns[0]) not in words.exclamation:
            return False
        after = [t for t in rest if t.i > nouns[0].i]
    else:
        if token_key(rest[0]) not in words.exclamation and rest[0].lower_ not in words.exclamation:
            return False
        after = rest[1:]
    if not after:
        return True
    lowers = [t.lower_ for t in after]
    for_whom = "voor" in lowers and any(is_listener(t, lex) or t.lower_ in lex.child for t in after)
    presumed = any(token_key(t) in words.epistemic for t in after)
    heard = contains(lowers, ("om", "te"))
    return for_whom or presumed or heard


def feeling_predicate(token: Token, words: ReflectionWords, lex: Lexicons) -> bool:
    return is_feeling_lemma(token, lex) or token_key(token) in words.situation


def is_sounding_feeling(token: Token, lex: Lexicons) -> bool:
    """ "Dat klinkt eenzaam", "dat lijkt me zwaar", "het voelt voor u alsof ...": klinken/lijken/
    voelen with dat/het as subject and a feeling word (or "alsof" with "voor u")."""
    words = reflection_words()
    if token_key(token) not in words.sounding or token.pos_ not in VERB_POS:
        return False
    subj = subject(token)
    if subj is None or subj.lower_ not in ("dat", "het", "dit", "da's"):
        return False
    if negated(token, lex) or not main_or_that_clause(token):
        return False
    children = list(token.children)
    if any(c.lower_ in lex.conditional for c in children):
        return False
    if any(
        c.dep_ in ("xcomp", "advmod", "obj") and feeling_predicate(c, words, lex) for c in children
    ):
        return True
    nxt = token.doc[token.i + 1 : token.i + 4]
    lowers = [t.lower_ for t in nxt]
    return "voor" in lowers and any(is_listener(t, lex) for t in nxt)


def is_reflexive_feeling(token: Token, ctx: TurnContext, lex: Lexicons) -> bool:
    """ "U voelt zich machteloos", "jullie voelen je niet gehoord", "uw dochter voelt zich daar
    niet veilig": voelen with a reflexive and the listener (or, after the parent told, the
    child) as subject; the feeling itself may be negative ("niet gehoord"), the clause not
    advice ("je hoeft je niet ... te voelen") or conditional."""
    if token_key(token) != "voelen" or token.pos_ != "VERB":
        return False
    children = list(token.children)
    subj = subject(token)
    if subj is None or subj.i > token.i:
        return False
    if not any(
        c.lower_ in lex.reflexives
        or (c.dep_ in ("obj", "expl", "expl:pv") and c.lower_ in lex.listeners and c.i != subj.i)
        for c in children
    ):
        return False
    listener = subj.lower_ in lex.reflection_subjects
    child = subj.lower_ in lex.child or (
        subj.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "nmod:poss" for c in subj.children)
    )
    if not listener and not (child and after_parent(ctx, lex)):
        return False
    if not listener and said_by_parent(token, ctx):
        return False  # the parent named the child's feeling; repeating it is active listening
    auxes = [c for c in children if c.dep_ == "aux"]
    allowed = lex.perfect_auxiliaries | reflection_words().epistemic
    if any(token_key(a) not in allowed for a in auxes):
        return False  # "je hoeft je niet schuldig te voelen", "u kunt zich ... voelen"
    if any(c.lower_ in lex.conditional for c in children):
        return False
    return main_or_that_clause(token) and not under_own_view(token, lex)


def is_dreading(token: Token, lex: Lexicons) -> bool:
    """ "u ziet er een beetje tegen op": opzien with its particle split over two words, which the
    parse does not join; the listener as subject, not negated."""
    if token_key(token) != "zien" or token.pos_ != "VERB" or negated(token, lex):
        return False
    subj = subject(token)
    if subj is None or subj.lower_ not in lex.reflection_subjects:
        return False
    rest = [t.lower_ for t in token.doc[token.i + 1 : token.sent.end]]
    return "tegenop" in rest or ("tegen" in rest and "op" in rest[rest.index("tegen") :])


def said_by_parent(verb: Token, ctx: TurnContext) -> bool:
    """The feeling complement of ``verb`` ("zich dom voelen") was in the parent's turn."""
    parent = {token_key(t) for d in ctx.parent_before for t in d}
    named = [c for c in verb.children if c.dep_ in ("xcomp", "advmod", "obj")]
    return any(token_key(c) in parent for c in named if c.pos_ in ("ADJ", "VERB", "NOUN"))


def has_feeling_idiom(sent: Span, lex: Lexicons) -> bool:
    """A fixed expression for a feeling with the listener in the sentence ("u bent er klaar
    mee", "het groeit u boven het hoofd", "je ligt er wakker van"); not negated unless the
    expression itself is, not conditional."""
    words = reflection_words()
    lowers = [t.lower_ for t in sent]
    idiom = next((seq for seq in words.idioms if contains(lowers, seq)), None)
    if idiom is None:
        return False
    start = next(i for i in range(len(lowers)) if tuple(lowers[i : i + len(idiom)]) == idiom)
    near = sent[max(0, start - IDIOM_REACH) : start + len(idiom) + 3]
    if not any(is_listener(t, lex) for t in near):
        return False  # the listener must be in the idiom's own clause
    if not any(w in lex.negations for w in idiom) and any(w in lex.negations for w in lowers):
        return False
    return not any(w in lex.conditional for w in lowers)


def is_given_feeling(token: Token, lex: Lexicons) -> bool:
    """ "Dat geeft u rust", "dat moet een fijn gevoel geven": a causing verb with a feeling as
    object, given to the listener or presumed with moeten/zullen."""
    words = reflection_words()
    if token_key(token) not in lex.causing or token.pos_ != "VERB" or negated(token, lex):
        return False
    children = list(token.children)
    feeling = [c for c in children if c.dep_ == "obj" and token_key(c) in words.given]
    if not feeling:
        return False
    if token_key(feeling[0]) == "gevoel" and not any(c.dep_ == "amod" for c in feeling[0].children):
        return False  # "dat geeft een gevoel" says nothing about which
    to_listener = any(c.dep_ in ("iobj", "nsubj", "obl") and is_listener(c, lex) for c in children)
    presumed = any(c.dep_ in ("aux", "cop") and token_key(c) in words.epistemic for c in children)
    return to_listener or presumed


def is_feeling_for_listener(token: Token, lex: Lexicons) -> bool:
    """ "Voor u is dat een hele zorg", "een opluchting voor jullie": a feeling word with "voor
    u/jou/jullie" attached, whatever the parse calls that phrase; not negated."""
    words = reflection_words()
    key = token_key(token)
    if not (is_feeling_lemma(token, lex) or key in words.situation or key in words.exclamation):
        return False
    if token.pos_ not in ("NOUN", "ADJ") or negated(token, lex):
        return False
    return any(
        is_listener(c, lex) and any(g.dep_ == "case" and g.lower_ == "voor" for g in c.children)
        for c in token.children
    )


def is_situation_feeling(token: Token, ctx: TurnContext, lex: Lexicons) -> bool:
    """ "Dat doet pijn, dat hij u dat niet vertelde", "dat is vreselijk voor haar", "dat zijn
    zware dingen om te horen", "dat moet lastig zijn om te zien, als moeder": dat/het as subject
    of a word for how something feels, after the parent told something. A word that is also a
    judgement of a task ("lastig") needs a presumption, "om te horen" or "voor u". Clause-level:
    a negation or condition elsewhere in the sentence does not count, in its own clause it does.
    """
    words = reflection_words()
    key = token_key(token)
    if key in ("doen", "komen") and token.pos_ == "VERB":
        feeling = next((c for c in token.children if c.dep_ in ("obj", "advmod", "xcomp")), None)
        if feeling is None or token_key(feeling) not in words.situation:
            return False
        key, head = token_key(feeling), token  # "dat doet pijn", "dat komt hard aan"
    elif (key in words.situation or key in words.exclamation) and key not in lex.praise:
        head = token.head if token.dep_ == "amod" else token  # "zware dingen", not "fijn"
    else:
        return False
    subj = subject(head)
    if subj is None and head.head.pos_ in VERB_POS:  # "dat moet een zorg zijn geweest"
        head = head.head
        subj = subject(head)
    if (
        subj is None
        or subj.lower_ not in reflection_words().situation_subjects
        or not after_parent(ctx, lex)
    ):
        return False
    children = [*head.children, *token.children]
    if any(c.lower_ in lex.negations for c in children):
        return False
    if any(c.dep_ == "mark" and c.lower_ in lex.conditional for c in children):
        return False
    if any(c.lower_ in reflection_words().hypothetical for c in children):
        return False  # "dat zou fijn zijn": a wish, not a feeling
    if any(token_key(t) in words.tasks for t in head.subtree):
        return False  # "dat is zwaar, die toets": a task, not a feeling
    if key not in words.weak and token.pos_ != "ADJ":
        return True  # "dat doet pijn", "wat een klap"; an adjective may judge, see below
    presumed = token_key(head) in words.epistemic or any(
        c.dep_ in ("aux", "cop") and token_key(c) in words.epistemic for c in children
    )
    follow = list(token.doc[token.i + 1 : token.sent.end])
    lowers = [t.lower_ for t in follow]
    perceived = contains(lowers, ("om", "te")) and any(
        token_key(t) in words.perception for t in follow
    )
    for_listener = contains(lowers, ("voor",)) and any(is_listener(t, lex) for t in follow[:3])
    if key not in words.weak:  # a strong adjective said of the listener ("zwaar, zo in uw eentje")
        for_listener = for_listener or any(is_listener(t, lex) for t in follow)
    return presumed or perceived or for_listener


def is_presumed_feeling(token: Token, ctx: TurnContext, lex: Lexicons) -> bool:
    """ "Ze zal wel opgelucht zijn", "hij is vast zenuwachtig", "hij heeft heimwee, denk ik",
    "u hebt er verdriet van": the child or the listener as subject of a feeling word that the
    teacher presumes (zullen, moeten, vast, zeker) or of "hebben" + a feeling noun; after the
    parent told something, not negated, not a wish ("zou").
    """
    subj = subject(token)
    if subj is None or subj.i > token.i or not after_parent(ctx, lex):
        return False
    if subj.lower_ not in lex.child and subj.lower_ not in lex.reflection_subjects:
        return False
    children = list(token.children)
    if negated(token, lex) or any(
        c.lower_ in lex.conditional | reflection_words().hypothetical for c in children
    ):
        return False
    if token_key(token) == "hebben" and token.pos_ == "VERB":
        return any(
            c.dep_ == "obj"
            and c.pos_ == "NOUN"
            and is_feeling_lemma(c, lex)
            and c.lemma_ != "gevoel"
            for c in children
        )
    if token.pos_ not in ("ADJ", "VERB") or not is_feeling_lemma(token, lex):
        return False
    words = reflection_words()
    return any(
        (c.dep_ in ("aux", "cop") and token_key(c) in words.epistemic)
        or c.lower_ in lex.presumptive
        for c in children
    )


def check_feeling_grammar(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """Feeling reflections by their grammar (module docstring); statements and tag questions,
    not questions with the verb first, not the teacher's own feeling."""
    words = reflection_words()
    acts = sentence_acts(doc)
    taken = {span.start for item, span in kept if item == "feeling_reflection"}
    out: list[Span] = []
    for sent in doc.sents:
        if sent.start in taken or acts.get(sent.start) == "open_question":
            continue
        if verb_first(sent, words) or own_view_sentence(sent, lex):
            continue
        if (
            (is_feeling_exclamation(sent, lex) and parent_told(ctx, lex))
            or has_feeling_idiom(sent, lex)
            or any(
                is_sounding_feeling(t, lex)
                or is_reflexive_feeling(t, ctx, lex)
                or is_given_feeling(t, lex)
                or is_dreading(t, lex)
                or is_feeling_for_listener(t, lex)
                or is_situation_feeling(t, ctx, lex)
                or is_presumed_feeling(t, ctx, lex)
                for t in sent
            )
        ):
            out.append(sent)
    return out


def is_listener_saying(token: Token, lex: Lexicons) -> bool:
    """ "U zegt: hij slaapt slecht", "jullie vertellen dat ...", "ge bedoelt dat ...": the
    listener as subject (first) of a verb of saying with what they said as a clause."""
    words = reflection_words()
    if token_key(token) not in words.saying or token.pos_ != "VERB":
        return False
    subj = subject(token)
    if subj is None or subj.lower_ not in lex.reflection_subjects or subj.i > token.i:
        return False
    if negated(token, lex) or not main_or_that_clause(token):
        return False
    head = subject(token.head) if token.dep_ == "ccomp" else None
    if head is not None and head.lower_ in lex.first_person_subjects:
        return False  # "ik stel voor dat u eerst vertelt ...": a proposal
    children = list(token.children)
    if any(c.lower_ in lex.conditional for c in children):
        return False
    auxes = [c for c in children if c.dep_ == "aux"]
    if any(token_key(a) not in lex.perfect_auxiliaries for a in auxes):
        return False  # "u kunt zeggen", "je moet het vertellen": advice
    said = any(c.dep_ in ("ccomp", "parataxis") for c in children)
    colon = any(t.lower_ == ":" for t in token.doc[token.i + 1 : token.i + 4])
    # Without punctuation the recogniser's text may end the sentence right after the verb
    # ("jullie zeggen eigenlijk | hij heeft ..."): what was said is the next sentence.
    cut = token.sent.end - token.i <= OPEN_END and token.sent.end < len(token.doc)
    cut = cut and not any(c.dep_ == "obj" for c in children)  # not "u zegt het maar"
    return said or colon or cut


def starts_with_opener(sent: Span) -> bool:
    """A fixed paraphrase opening in the first words ("zo te horen", "met andere woorden"), or
    anywhere when it is a clause of its own ("..., als ik u goed begrijp")."""
    words = reflection_words()
    head = [t.lower_ for t in words_of(sent, words)[:8]]
    lowers = [t.lower_ for t in sent]
    return any(
        contains(head, seq) or (seq[0] == "als" and contains(lowers, seq)) for seq in words.openers
    )


def opener_sentences(doc: Doc) -> set[int]:
    """Starts of the sentences a paraphrase opening begins or spans: the recogniser's sentence
    split may cut "als ik het goed | hoor gaat het ..." in two."""
    lowers = [t.lower_ for t in doc]
    sents = list(doc.sents)
    out: set[int] = set()
    for seq in reflection_words().openers:
        for i in range(len(lowers) - len(seq) + 1):
            if tuple(lowers[i : i + len(seq)]) != seq:
                continue
            out |= {s.start for s in sents if s.start < i + len(seq) + 1 and s.end > i}
    return out


def check_paraphrase_grammar(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """Paraphrases by their grammar: the listener as subject of saying, or a fixed paraphrase
    opening, right after the other speaker told something."""
    if not parent_told(ctx, lex):
        return []
    openers = opener_sentences(doc)
    return [
        sent
        for sent in doc.sents
        if sent.start in openers
        or starts_with_opener(sent)
        or any(is_listener_saying(t, lex) for t in sent)
    ]


def check_feeling_restates(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """A feeling reflection that also restates what the parent said (ANNOTATION.md: then it is
    active listening too): it shares a content word, other than the feeling, with their turn."""
    if not after_parent(ctx, lex):
        return []
    parent = parent_content(ctx, lex)
    out: list[Span] = []
    for item, sent in kept:
        if item != "feeling_reflection" or sent in out:
            continue
        own = {
            w for w in content_words(sent, lex, drop_feelings=True) if w not in lex.feeling_lemmas
        }
        if own & parent:
            out.append(sent)
    return out


def check_declarative(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """Every sentence that is no question with the finite verb first (a gate): a statement or
    a tag question ("U bent boos, hè?") may reflect, "Bent u boos?" asks."""
    words = reflection_words()
    return [sent for sent in doc.sents if not verb_first(sent, words)]


register("declarative", check_declarative, order=1, gate=True)
register("feeling_grammar", check_feeling_grammar, order=45)
register("paraphrase_grammar", check_paraphrase_grammar, order=66)
register("feeling_restates", check_feeling_restates, order=88)
