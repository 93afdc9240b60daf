"""A question's word order: finite verb first, or a question word + finite verb.

Dutch marks a question by its word order: a finite verb first in the clause ("Slaapt hij
goed"), or a question word followed by the finite verb ("Hoe gaat het thuis"). Without a mark
(speech recognition) the order alone decides; with a recogniser's wrong full stop a lowercase
sentence with a question's order still asks; a yes/no question may follow a question-word
question in the same unpunctuated sentence.
"""

from __future__ import annotations

from spacy.tokens import Span

from analysis.detect.questions_starts import ClauseStarts
from analysis.detect.questions_words import MISTAGGED_VERB_POS, WHICH


class WordOrder(ClauseStarts):
    """Verb-first and question-word-first clauses."""

    def verb_first(self, doc_i: int, sent: Span, tagged: bool, punctuated_question: bool) -> bool:
        doc = sent.doc
        token = doc[doc_i]
        if token.lower_ in self.words.non_verbs or self.question_word(token):
            return False
        if doc_i + 1 >= sent.end:
            return False
        if self.imperative_order(doc_i, sent) or self.discourse_filler(doc_i, sent):
            return False
        if self.clitic_subject(token):
            return True  # "heeft-ie nog last van ..."
        if self.subject_of_next_verb(doc_i, sent) or self.continues_clause(doc_i, sent):
            return False
        if self.mid_turn_comment(doc_i, sent) or self.conditional(doc_i, sent):
            return False
        if self.continues_inversion(doc_i, sent):
            return False
        if doc_i > 0 and self.hedge_tail(doc_i, sent, self.words.first_person):
            return False
        if self.dropped_topic(doc_i, sent):
            return False
        nxt = doc[doc_i + 1]
        if nxt.lower_ == token.lower_:
            # A recogniser's stutter: "gaat gaat het ...", read from the repeated verb.
            return self.verb_first(doc_i + 1, sent, tagged, punctuated_question)
        finite = self.is_finite_verb(token, tagged)
        if finite is False:
            # Taggers trained on written text miss lower-case spoken verbs ("en eet hij goed"):
            # a clear subject pronoun right after still shows the verb-first order.
            return (
                token.is_lower
                and token.is_alpha
                and token.pos_ in MISTAGGED_VERB_POS
                and nxt.lower_ in self.words.strong_subjects
            )
        if nxt.lower_ in self.words.subjects:
            return True
        # A possessive starts the subject: "werkt uw man nog in ploegen".
        opens_turn = doc_i == 0 or all(t.lower_ in self.words.skip for t in doc[:doc_i])
        if finite and opens_turn and nxt.lower_ in self.possessives and self.unmarked(doc):
            return True
        # Mid-turn, the clause start already checked that a clause ends before this verb:
        # a name as its subject asks too ("... heeft noor daar iets over gezegd").
        if finite and not opens_turn and self.name_subject(doc_i + 1, sent):
            return True
        # With a tagger and a question mark, "Gaat Sanne graag naar school?" is verb-first too;
        # without any mark only when the verb opens the turn ("slaapt sanne goed").
        return bool(
            finite
            and (punctuated_question or (opens_turn and self.unmarked(doc)))
            and nxt.pos_ in {"PROPN", "NOUN", "DET"}
        )

    def question_word_first(self, doc_i: int, sent: Span, tagged: bool, punctuated: bool) -> bool:
        doc = sent.doc
        token = doc[doc_i]
        if not self.question_word(token):
            return False
        if self.bare_question(doc_i, sent):
            return True  # "hoezo", "waarom niet" without a mark
        if doc_i + 1 >= sent.end:
            return punctuated  # "Waarom?"
        nxt = doc[doc_i + 1]
        if nxt.is_punct:
            return punctuated
        if token.lower_ == "wat" and nxt.lower_ == "voor":
            return True
        if token.lower_ == "hoe" and nxt.lower_ in self.words.factual_how:
            return True
        if self.degree_question(doc_i, sent):
            return True
        if token.lower_ in WHICH:
            # "... bijhouden hoeveel u drinkt": a subject right after it puts the verb last.
            return punctuated or nxt.lower_ not in self.words.strong_subjects
        if nxt.lower_ in self.words.subjects and nxt.lower_ not in {"er", "het", "dat"}:
            # "Wat ik daar ga doen, is ..." / "Waar ze in kan groeien": a clause, not a question.
            return punctuated and not self._verb_later_in_clause(doc_i, sent)
        finite = self.is_finite_verb(nxt, tagged)
        if finite is None:
            return nxt.lower_ not in self.words.non_verbs or punctuated
        return finite or punctuated

    def _verb_later_in_clause(self, doc_i: int, sent: Span) -> bool:
        """A question word + subject + ... + comma + verb is a cleft ("Wat ik zie, is ...")."""
        return any(token.text == "," for token in sent.doc[doc_i + 1 : sent.end])

    def lowercase_question(self, sent: Span, tagged: bool) -> bool:
        """A recogniser's lowercase sentence with a wrong full stop that still has a question's
        word order: finite verb, then a subject pronoun other than the polite-imperative "u"
        ("hebben jullie nog tips voor mij.", "was ik te streng.")."""
        first = next((t for t in sent if t.is_alpha), None)
        if first is None or not first.is_lower or not tagged:
            return False
        for start in self.clause_starts(sent, use_commas=False)[:1]:
            nxt = start + 1
            if nxt >= sent.end or sent.doc[nxt].lower_ in self.words.polite_subjects:
                return False
            token = sent.doc[start]
            if token.lower_ in self.words.question_words or self.discourse_filler(start, sent):
                return False
            return bool(
                self.is_finite_verb(token, tagged)
                and sent.doc[nxt].lower_ in self.words.strong_subjects
                and not (nxt + 1 < sent.end and sent.doc[nxt + 1].lower_ in self.words.imperative)
            )
        return False

    def follow_up_closed(self, sent: Span) -> int | None:
        """Where a yes/no question starts that follows a question-word question in the same
        unpunctuated sentence ("hoe is hij thuis heeft hij vriendjes"), or ``None``.

        After the question word's own verb and subject, a finite verb + subject pronoun starts a
        new clause, unless a fronted subordinate clause makes it an inversion ("hoe is hij als
        hij moe is wordt hij boos"); not ik/we ("hoe gaat dat denk ik").
        """
        doc = sent.doc
        asked = sent[-1].text == "?"  # "Hoe gaat dat thuis, gaat ze zelf naar het toilet?"
        if not (self.unmarked(doc) or asked) or not self.has_tags(sent):
            return None
        starts = self.clause_starts(sent, use_commas=asked, run_on=not asked)
        wh = next((i for i in starts if self.question_word_first(i, sent, True, asked)), None)
        if wh is None:
            return None
        # The new question goes on after its subject; "wat helpt hem denk je" ends in a hedge.
        # A question word with a noun comes before its own verb ("wat voor werk zou je doen").
        own = next((j for j in range(wh + 1, sent.end) if self.is_finite_verb(doc[j], True)), wh)
        for i in range(max(wh + 3, own + 2), sent.end - 2):
            token, nxt, prev = doc[i], doc[i + 1], doc[i - 1]
            if any(doc[j].lower_ in self.words.subordinators for j in range(wh + 1, i)):
                return None
            if asked and prev.text != ",":
                continue
            subjects = (
                self.words.strong_subjects - self.words.first_person
            ) | self.follow_up_subjects
            if nxt.lower_ not in subjects:
                continue
            if token.lower_ in self.words.non_verbs or token.lower_ in self.words.question_words:
                continue
            if token.lower_ in self.words.hedges or self.hedge_tail(i, sent, subjects):
                continue
            if prev.pos_ in {"ADP", "SCONJ", "DET"} or prev.lower_ in self.words.embedding:
                continue
            if prev.lower_ in self.words.question_words:
                continue  # "... wat doet ze graag": a second question-word question
            if self.is_finite_verb(token, True):
                return i
        return None

    def lowercase_question_word(self, sent: Span, tagged: bool) -> bool:
        """A recogniser's lowercase sentence with a wrong full stop that opens with a question
        word, a finite verb and a subject pronoun ("en hoe is hij thuis verder.")."""
        first = next((t for t in sent if t.is_alpha), None)
        if first is None or not first.is_lower or not tagged:
            return False
        starts = self.clause_starts(sent, use_commas=False)
        if not starts or starts[0] + 2 >= sent.end:
            return False
        doc = sent.doc
        start = starts[0]
        return (
            doc[start].lower_ in self.words.question_words
            and self.is_finite_verb(doc[start + 1], tagged) is True
            and doc[start + 2].lower_ in self.words.strong_subjects
        )

    def bare_question(self, doc_i: int, sent: Span) -> bool:
        """A question word alone, or with "niet" or "dan", as the whole sentence of a turn
        without marks ("hoezo", "waarom niet"): an elliptic question."""
        doc = sent.doc
        if doc[doc_i].lower_ not in self.bare_words or not self.unmarked(doc):
            return False
        rest = [t for t in doc[doc_i + 1 : sent.end] if not t.is_punct]
        return all(t.lower_ in self.bare_tails for t in rest)
