"""Open and closed questions in one sentence, from word order and morphology, not only "?".

Dutch marks a question by its word order: a finite verb first in the clause ("Slaapt hij
goed"), or a question word followed by the finite verb ("Hoe gaat het thuis"). Speech
recognition often drops the question mark, so a sentence without final punctuation is judged on
word order alone; a sentence ending in "." or "!" is a statement unless it invites the other to
tell ("Vertel eens."). Cue patterns (invitations, tags, rhetorical openers, polite imperatives)
come from ``data/questions.yaml``.

In a turn without marks the parser's sentences are often cut in the wrong place, so a verb that
opens a sentence is read with what stands before it: after a name or filler and a subject
pronoun ("yara jij was ..."), a fronted phrase or subordinate clause, a fronted adverb ("zo
bedoel ik") it is no question; a hedge ("zie ik", "denkt u") adds none; a verb-first clause
before "dan" + verb is a condition. Mid-sentence, a question word + finite verb in a question's
order, or an auxiliary + ik/we that ends the turn ("heb ik iets gemist"), starts a question.

The rules are split by what they own: :mod:`questions_words` (lexicons, finite verbs),
:mod:`questions_repairs` (verbs that open a clause but ask nothing), :mod:`questions_starts`
(where a clause may begin), :mod:`questions_order` (verb-first and question-word order),
:mod:`questions_kinds` (open against closed); this module gives the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from analysis.detect.questions_tags import QuestionTags
from analysis.detect.questions_words import TERMINATORS

#: The ``doc.spans`` key of the question acts: one span per question sentence, ``label_`` = act.
QUESTIONS_KEY = "gesprek_vragen"
# The reason of a question with the finite verb first ("slaapt hij goed").
VERB_FIRST = "vraag.werkwoord_eerst"
# The reasons of a guess about the listener ("ge zijt zeker moe") and a wonder ("ik vraag me af
# wat ...").
GUESS = "vraag.gok_luisteraar"
WONDER = "vraag.verwondering"
# A tag this many words after a polite imperative still asks ("kom binnen ... de graaf toch");
# right after it, it softens the imperative ("kom maar binnen hè").
MIN_AFTER_IMPERATIVE = 2

__all__ = ["QUESTIONS_KEY", "TERMINATORS", "QuestionClassifier", "QuestionVerdict", "sentence_acts"]


@dataclass(frozen=True, slots=True)
class QuestionVerdict:
    """The act of one sentence and the reason (a cue id or a word-order rule)."""

    act: str | None
    reason: str


def sentence_acts(doc: Doc) -> dict[int, str]:
    """``{sent.start: act}`` from the question tagger's spans."""
    if QUESTIONS_KEY not in doc.spans:
        return {}
    return {span.start: span.label_ for span in doc.spans[QUESTIONS_KEY]}


class QuestionClassifier(QuestionTags):
    """Classifies sentences; built once with the lexicons it needs."""

    def classify(
        self,
        sent: Span,
        cues: dict[str, str],
        positions: dict[str, tuple[int, int]] | None = None,
    ) -> QuestionVerdict:
        """The act of ``sent``; ``cues`` maps cue kinds matched in the sentence to cue ids,
        ``positions`` the same kinds to where the cue stands (start, end) in the doc."""
        words = [t for t in sent if not t.is_space]
        if not words:
            return QuestionVerdict(None, "leeg")
        last = words[-1]
        terminator = last.text if last.text in TERMINATORS else None
        if terminator is None and last.text.endswith("?"):
            terminator = "?"
        tagged = self.has_tags(sent)
        punctuated = terminator == "?"
        if "rhetorical" in cues:
            return QuestionVerdict(None, cues["rhetorical"])
        if "invitation" in cues:
            return QuestionVerdict("open_question", cues["invitation"])
        if last.text == ":":
            return QuestionVerdict(None, "aankondiging")  # "Bij ons werkt het zo: ..."
        if terminator == "." and self.lowercase_question(sent, tagged):
            return QuestionVerdict("closed_question", VERB_FIRST)
        if terminator == "." and self.lowercase_question_word(sent, tagged):
            if self.is_factual(self.clause_starts(sent, use_commas=False)[0], sent):
                return QuestionVerdict("closed_question", "vraag.feitvraag")
            return QuestionVerdict("open_question", "vraag.vraagwoord")
        if terminator in {".", "!"}:
            declared = self.declared_question(sent, cues, positions)
            return declared or QuestionVerdict(None, "mededeling")
        run_on = terminator is None
        # In a turn without marks an imperative rules out only its own clause: "ga zitten hoor
        # wilt u koffie" still asks; a tag right after it ("kom maar binnen hè") does not.
        after = sent.start
        if "imperative" in cues:
            where = (positions or {}).get("imperative")
            if not run_on or where is None:
                return QuestionVerdict(None, cues["imperative"])
            after = where[1]
            tag_at = (positions or {}).get("tag")
            if tag_at is not None and tag_at[0] < after + MIN_AFTER_IMPERATIVE:
                cues = {kind: cue for kind, cue in cues.items() if kind != "tag"}
        for start in self.clause_starts(sent, use_commas=punctuated, run_on=run_on):
            if start < after:
                continue
            if self.question_word_first(start, sent, tagged, punctuated):
                if "tag" in cues:
                    return QuestionVerdict("closed_question", cues["tag"])
                if self.is_factual(start, sent):
                    return QuestionVerdict("closed_question", "vraag.feitvraag")
                if self.is_preference_choice(sent):
                    return QuestionVerdict("closed_question", "vraag.keuze")
                return QuestionVerdict("open_question", "vraag.vraagwoord")
            if self.verb_first(start, sent, tagged, punctuated):
                nxt = start + 2
                if nxt < sent.end and sent.doc[nxt].lower_ in self.words.imperative:
                    return QuestionVerdict(None, "vraag.gebiedende_wijs")
                asked = self.request_question(start, sent)
                if asked is not None and not self.is_factual(asked, sent):
                    return QuestionVerdict("open_question", "vraag.vraag_om_verhaal")
                return QuestionVerdict("closed_question", VERB_FIRST)
        if "tag" in cues:
            return QuestionVerdict("closed_question", cues["tag"])
        if "imperative" in cues:
            return QuestionVerdict(None, cues["imperative"])
        declared = self.declared_question(sent, {}, None)
        if declared is not None:
            return declared
        if run_on and self.turn_final_check(sent):
            return QuestionVerdict("closed_question", "vraag.controle_slotwoord")
        if run_on and self.elliptic_open_topic(sent):
            return QuestionVerdict("closed_question", "vraag.elliptisch_nog_iets")
        if self.elliptic_follow_up(sent):
            return QuestionVerdict("open_question", "vraag.elliptisch_vervolg")
        if punctuated:
            if "open_follow_up" in cues:
                return QuestionVerdict("open_question", cues["open_follow_up"])
            return QuestionVerdict("closed_question", "vraag.vraagteken")
        return QuestionVerdict(None, "mededeling")

    def declared_question(
        self,
        sent: Span,
        cues: dict[str, str],
        positions: dict[str, tuple[int, int]] | None,
    ) -> QuestionVerdict | None:
        """A question in a statement's word order: a tag set off by a comma ("Dat is zwaar,
        hè."), a guess about the listener ("ge zijt zeker moe"), a wonder ("ik vraag me af wat
        ..."); ``None`` when the sentence is none of them."""
        where = (positions or {}).get("tag")
        if where is not None and self.comma_tag(sent.doc, where[0], where[1], sent):
            return QuestionVerdict("closed_question", cues["tag"])
        if self.listener_guess(sent):
            return QuestionVerdict("closed_question", GUESS)
        act = self.wonder(sent)
        return QuestionVerdict(act, WONDER) if act is not None else None

    def second_question(self, sent: Span, verdict: QuestionVerdict) -> tuple[int, str] | None:
        """Where a second question starts in the same sentence and its act, or ``None``: a
        yes/no question after a question-word question ("hoe is hij thuis heeft hij
        vriendjes"), or a question-word question after a yes/no question ("heeft hij vrienden
        met wie speelt hij dan", "drinkt u alleen s avonds en hoe is dat met uw werk")."""
        if verdict.act is None:
            return None
        closed = self.follow_up_closed(sent)
        if closed is not None:
            return closed, "closed_question"
        if verdict.reason != VERB_FIRST:
            return None
        opened = self.follow_up_open(sent)
        return (opened, "open_question") if opened is not None else None

    def follow_up_open(self, sent: Span) -> int | None:
        """Where a question-word question asking for an account starts after the verb-first
        question that opens the sentence (after its verb and subject), or ``None``."""
        asked = sent[-1].text == "?"
        if not (self.unmarked(sent.doc) or asked) or not self.has_tags(sent):
            return None
        starts = self.clause_starts(sent, use_commas=asked, run_on=not asked)
        if not starts:
            return None
        return next(
            (
                i
                for i in starts
                if i > starts[0] + 2
                and self.question_word_first(i, sent, True, asked)
                and not self.is_factual(i, sent)
            ),
            None,
        )
