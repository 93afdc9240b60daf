"""Context check for procedure_proposal (issue #13, session 9 round 2): the teacher lays out
the order of the talk in steps ("ik vertel eerst ..., dan hoort u ..., en dan maken we ...").

A step is a sequence word (``talk_sequence_words``) next to a party of the talk as subject
(``talk_party_words``: ik, we, u, jullie, ge ...) and a verb of talking or working through the
talk (``talk_step_lemmas``), read from word order and lemmas so that a recogniser's run-on turn
without full stops counts too. A plan is two steps or more, one of them opening or continuing
the row ("eerst", "daarna", "en dan"). The word lists are in ``data/lexicons.yaml`` by name;
the check is named by a rule's ``where.context`` in ``data/behaviours.yaml``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from analysis.detect.context import VERB_POS, Kept, TurnContext, register, token_key
from analysis.detect.lexicons import Lexicons, lexicon_terms

STEP_REACH = 3  # words either side of a sequence word in which its subject and verb stand
SENTENCE_ENDS = frozenset({".", "?", "!"})


def step_window(doc: Doc, i: int) -> list:
    """The words around the sequence word at ``i``, not across the end of a sentence."""
    window = []
    for j in range(i - 1, max(-1, i - STEP_REACH - 1), -1):
        if doc[j].text in SENTENCE_ENDS:
            break
        window.append(doc[j])
    for j in range(i + 1, min(len(doc), i + STEP_REACH + 1)):
        if doc[j].text in SENTENCE_ENDS:
            break
        window.append(doc[j])
    return window


def is_step(doc: Doc, i: int) -> bool:
    """The sequence word at ``i`` has a party of the talk and a verb of talking near it."""
    parties = lexicon_terms("talk_party_words")
    verbs = lexicon_terms("talk_step_lemmas")
    window = step_window(doc, i)
    has_party = any(t.lower_ in parties for t in window)
    has_verb = any(
        t.pos_ in VERB_POS and (token_key(t) in verbs or t.lower_ in verbs) for t in window
    )
    return has_party and has_verb


def leads_row(doc: Doc, i: int) -> bool:
    """The sequence word opens or continues a row of steps ("eerst", "daarna", "en dan")."""
    if doc[i].lower_ in lexicon_terms("talk_lead_words"):
        return True
    return i > 0 and doc[i - 1].lower_ in {"en", "of"}


def plan_steps(doc: Doc) -> list[int]:
    """The positions of the sequence words that mark a step of the talk."""
    sequence = lexicon_terms("talk_sequence_words")
    return [t.i for t in doc if t.lower_ in sequence and is_step(doc, t.i)]


def check_talk_plan(
    doc: Doc, ctx: TurnContext, found: set[str], lex: Lexicons, kept: Kept
) -> list[Span]:
    """The sentences of a turn that lays out two or more steps of the talk, one of them led by
    "eerst", "daarna" or "en dan"."""
    steps = plan_steps(doc)
    if len(steps) < 2 or not any(leads_row(doc, i) for i in steps):
        return []
    starts = {doc[i].sent.start for i in steps}
    return [s for s in doc.sents if s.start in starts]


register("talk_plan", check_talk_plan, order=25)
