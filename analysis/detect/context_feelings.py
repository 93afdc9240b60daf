"""Feeling reflections found in a window of words, not the whole sentence (issue #13, session 9).

A recogniser gives a long turn without full stops, and the parse of such a run-on turn is often
wrong; a rule that refuses the whole sentence for a "niet" or "als" anywhere in it then misses
"vroeger vertelde hij alles en nu niet meer dat is voor u ook wel moeilijk". The checks here read
only the words that carry the reflection: "voor u/jou/jullie" next to a word for how something
feels ("dat is voor u zwaar", "een zware tijd voor jullie"), and the listener who "has the
feeling that ..." ("u hebt het gevoel dat ..."). A negation, condition or first person inside
that window still refuses it; what follows "dat ..." (the content of the feeling) does not.
Every word list lives in ``lexicons.yaml``.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from analysis.detect.context import is_feeling_lemma, register, sentences_where, token_key
from analysis.detect.context_reflection import reflection_words, verb_first
from analysis.detect.lexicons import Lexicons, lexicon_terms

FEELING_REACH = 4  # words between "voor u" and the feeling word (either side)
GEVOEL_REACH = 3  # words between the listener and "het gevoel"
FEELING_POS = frozenset({"ADJ", "NOUN", "VERB", "ADV"})


@cache
def having_forms() -> frozenset[str]:
    return lexicon_terms("having_feeling_forms")


@cache
def for_listener_words() -> frozenset[str]:
    return lexicon_terms("for_listener_objects")


def window_clear(words: list[Token], lex: Lexicons) -> bool:
    """No negation, condition or first person among ``words``, and no school task ("deze som
    is moeilijk voor jou" judges the task, it names no feeling)."""
    refused = lex.negations | lex.conditional | lex.first_person_subjects
    tasks = reflection_words().tasks
    return not any(t.lower_ in refused or token_key(t) in tasks for t in words)


def is_feeling_word(token: Token, lex: Lexicons) -> bool:
    if token.pos_ not in FEELING_POS or token.lower_ in lex.praise:
        return False
    return is_feeling_lemma(token, lex) or token_key(token) in reflection_words().situation


def for_listener_at(tokens: list[Token], i: int) -> bool:
    """ "voor" + u/jou/jullie at position ``i``."""
    return (
        tokens[i].lower_ == "voor"
        and i + 1 < len(tokens)
        and tokens[i + 1].lower_ in for_listener_words()
    )


def is_feeling_for_listener_nearby(token: Token, lex: Lexicons) -> bool:
    """A feeling word with "voor u/jou/jullie" at most FEELING_REACH words before or after it,
    nothing refusing in between ("dat is voor u ook wel moeilijk", "zwaar voor jullie")."""
    if not is_feeling_word(token, lex):
        return False
    tokens = [t for t in token.sent if not t.is_punct]
    at = next(k for k, t in enumerate(tokens) if t.i == token.i)
    for i in range(max(0, at - FEELING_REACH - 2), min(len(tokens) - 1, at + FEELING_REACH + 2)):
        if not for_listener_at(tokens, i):
            continue
        lo, hi = (i + 2, at) if i < at else (at + 1, i)
        if hi - lo <= FEELING_REACH and window_clear(tokens[max(0, lo - 4) : hi], lex):
            return True
    return False


def is_listener_having_feeling(token: Token, lex: Lexicons) -> bool:
    """ "u hebt het gevoel dat ...", "dan heb je het gevoel dat ...": the listener next to a form
    of hebben before "het gevoel"; what the feeling is about may hold a negation. Not the
    question "Hebt u het gevoel dat ...?" with the verb first."""
    if token.lower_ != "gevoel" or verb_first(token.sent, reflection_words()):
        return False
    tokens = [t for t in token.sent if not t.is_punct]
    at = next(k for k, t in enumerate(tokens) if t.i == token.i)
    if at < 2 or tokens[at - 1].lower_ != "het":
        return False
    for k in range(max(0, at - 1 - GEVOEL_REACH), at - 1):
        if tokens[k].lower_ not in having_forms():
            continue
        near = tokens[max(0, k - 1) : k + 2]
        if any(t.lower_ in lex.listeners for t in near) and window_clear(
            tokens[max(0, k - 2) : at], lex
        ):
            return True
    return False


def holds(token: Token, lex: Lexicons) -> bool:
    return is_feeling_for_listener_nearby(token, lex) or is_listener_having_feeling(token, lex)


register(
    "listener_feeling_window",
    sentences_where(holds, FEELING_POS),
    order=47,
)
