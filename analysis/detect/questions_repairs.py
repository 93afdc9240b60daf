"""Clause repairs: a verb that opens a clause but asks nothing.

In a turn without marks the parser's sentences are often cut in the wrong place, so a verb that
opens a sentence is read with what stands before it: after a name or filler and a subject
pronoun ("yara jij was ..."), a fronted phrase or subordinate clause, the verb is the subject's
or an inversion; a hedge ("zie ik", "denkt u") adds no question; a verb-first clause before
"dan" + verb is a condition; a verb + subject after "en"/"of" may go on from an inversion.
"""

from __future__ import annotations

from spacy.tokens import Span

from analysis.detect.questions_words import (
    CLAUSE_LOOKBACK,
    MISTAGGED_VERB_POS,
    VERB_POS,
    WHICH,
    QuestionWords,
)

# At most this many words after the subject of a hedge tail ("zie ik (zelf)", "denkt u").
MAX_HEDGE_TAIL = 1


class ClauseRepairs(QuestionWords):
    """Tests that rule a verb-first reading out."""

    def subject_of_next_verb(self, doc_i: int, sent: Span) -> bool:
        """A word + subject pronoun + finite verb: the pronoun is the subject of that verb, so
        the word before it is no verb-first verb but a name or filler ("yara jij was er bij",
        "tja ik vind het ook"); a repeated verb is a recogniser's stutter ("heeft hij heeft
        hij")."""
        doc = sent.doc
        if doc_i + 2 >= sent.end or doc[doc_i + 1].lower_ not in self.words.strong_subjects:
            return False
        third = doc[doc_i + 2]
        return bool(
            self.is_finite_verb(third, self.has_tags(sent)) and third.lower_ != doc[doc_i].lower_
        )

    def discourse_filler(self, doc_i: int, sent: Span) -> bool:
        """ "weet je" / "weet u" set off by a comma or dash, with nothing of its own after it
        ("Weet je, het roken ...", "alsof, weet u, ...", "maar weet je--"): a discourse
        filler that asks nothing; "weet je, wat ik bedoel?" still ends in a question mark."""
        doc = sent.doc
        if doc[doc_i].lower_ not in self.discourse_know or doc_i + 2 >= len(doc):
            return False
        if doc[doc_i + 1].lower_ not in self.words.subjects:
            return False
        return doc[doc_i + 2].text in self.discourse_marks and not sent[-1].text.endswith("?")

    def hedge_tail(self, doc_i: int, sent: Span, subjects: frozenset[str]) -> bool:
        """A hedge verb + subject at the end of a sentence ("... zie ik", "... denkt u zelf"):
        a comment on what was said, not a question of its own."""
        doc = sent.doc
        if doc[doc_i].lower_ not in self.hedge_clause or doc_i + 1 >= sent.end:
            return False
        if doc[doc_i + 1].lower_ not in subjects:
            return False
        rest = [t for t in doc[doc_i + 2 : sent.end] if not t.is_punct]
        return len(rest) <= MAX_HEDGE_TAIL and all(t.pos_ == "ADV" for t in rest)

    def dropped_topic(self, doc_i: int, sent: Span) -> bool:
        """A verb of knowing or thinking + ik/we with only adverbs after it until the clause
        ends ("snap ik || eh wij ...", "weet ik ook niet waarom", "vind ik ook"): the object
        "dat" was left out in front, a statement; "snap ik het goed" keeps its object."""
        doc = sent.doc
        if doc[doc_i].lower_ not in self.topic_drop_verbs or doc_i + 1 >= sent.end:
            return False
        if doc[doc_i + 1].lower_ not in self.words.first_person:
            return False
        for token in doc[doc_i + 2 : sent.end]:
            if (
                token.is_punct
                or token.lower_ in self.hesitations
                or token.lower_ in self.words.strong_subjects
                or token.pos_ == "CCONJ"
            ):
                return True
            if token.pos_ != "ADV":
                return False
        return True

    def continues_clause(self, doc_i: int, sent: Span) -> bool:
        """A verb that opens a sentence of a turn without marks but continues the clause the
        parser cut off before it: after a verbless fragment ending in a subject pronoun
        ("meneer ik || zie u twijfelen"), after a fronted phrase with a preposition ("in het
        eerste jaar || zie ik ..."), or after a fronted subordinate clause ("als u thuis
        voorleest || helpt dat ook"): the verb is the subject's or an inversion."""
        doc = sent.doc
        if doc_i != sent.start or doc_i == 0 or not self.unmarked(doc):
            return False
        before = doc[doc_i - 1].sent
        opener = next((t for t in before if t.lower_ not in self.words.skip), None)
        if opener is not None and opener.lower_ in self.words.subordinators:
            return True
        if self.ends_in_subordinate_clause(before):
            return True
        if self.verbless_question_phrase(before):
            return True
        if any(t.pos_ in VERB_POS and t.lower_ not in self.words.skip for t in before):
            return False
        return doc[doc_i - 1].lower_ in self.words.strong_subjects or any(
            t.pos_ == "ADP" for t in before
        )

    def continues_inversion(self, doc_i: int, sent: Span) -> bool:
        """A finite verb + subject after "en"/"of" that goes on from an inverted clause ("dan
        slaat hij het over en krijgt hij ...", "als ik iets vraag wijst hij of knikt hij") in a
        sentence without "?": with the same subject the second verb shares the fronted phrase,
        it is no new question; a new subject may ask ("dat snap ik en heeft u ..."). A clause
        that asked with a question word or with its verb first ("heeft ze vriendjes en speelt ze
        buiten") is no inversion."""
        doc = sent.doc
        if doc_i - 1 <= sent.start or doc[doc_i - 1].lower_ not in self.words.run_on_links:
            return False
        if doc[doc_i + 1].lower_ not in self.words.strong_subjects or sent[-1].text.endswith("?"):
            return False
        tagged = self.has_tags(sent)
        low = max(sent.start + 1, doc_i - 1 - CLAUSE_LOOKBACK)
        for j in range(doc_i - 2, low - 1, -1):
            if doc[j].lower_ in self.words.run_on_links:
                return False
            verb = self.is_finite_verb(doc[j], tagged) or (
                doc[j].is_lower and doc[j].pos_ in MISTAGGED_VERB_POS  # "dan stop ik"
            )
            if (
                verb
                and doc[j + 1].lower_ == doc[doc_i + 1].lower_
                and doc[j - 1].lower_ not in self.words.question_words
                and doc[j - 1].lower_ not in self.words.run_on_links
                and not all(t.lower_ in self.words.skip for t in doc[sent.start : j])
            ):
                return True
        return False

    def ends_in_subordinate_clause(self, before: Span) -> bool:
        """A sentence that ends in a subordinate clause with its verb last ("dat hoeft niet als
        u wilt"): the verb-first clause after it is the main clause's inversion ("... || kunt u
        thuis oefenen"), unless a finite verb stands between the subordinator and that last verb
        (then the clause before is a main clause of its own)."""
        doc = before.doc
        tagged = self.has_tags(before)
        if not len(before) or not self.is_finite_verb(before[-1], tagged):
            return False
        low = max(before.start, before.end - 1 - CLAUSE_LOOKBACK)
        for j in range(before.end - 2, low - 1, -1):
            if doc[j].lower_ in self.words.subordinators:
                return True
            if self.is_finite_verb(doc[j], tagged):
                return False
        return False

    def conditional(self, doc_i: int, sent: Span) -> bool:
        """A verb-first clause followed by "dan" + finite verb states a condition ("snapt hij
        iets niet dan wacht hij af", "Heeft u vragen, dan hoor ik het graag")."""
        doc = sent.doc
        if doc[doc_i].lower_ in self.words.offer_verbs:
            return False  # "mogen wij ze zien, dan kunnen we ...": a request and what follows
        end = doc[sent.end].sent.end if sent.end < len(doc) and self.unmarked(doc) else sent.end
        tagged = self.has_tags(sent)
        return any(
            doc[j].lower_ in self.then_words and self.is_finite_verb(doc[j + 1], tagged) is True
            for j in range(doc_i + 2, min(end - 1, doc_i + 2 + CLAUSE_LOOKBACK))
        )

    def mid_turn_comment(self, doc_i: int, sent: Span) -> bool:
        """A content verb + ik/we that opens a sentence mid-turn without marks is the
        speaker's own comment ("... || zie ik elk jaar"); asking about oneself takes an
        auxiliary ("mag ik", "heb ik"). Not after "of": "... of ging ik te snel" asks."""
        doc = sent.doc
        return (
            doc_i == sent.start
            and doc_i + 1 < sent.end
            and doc[doc_i + 1].lower_ in self.words.first_person
            and doc[doc_i].lower_ not in self.auxiliaries
            and self.unmarked(doc)
            and any(t.lower_ not in self.words.skip for t in doc[:doc_i])
        )

    def verbless_question_phrase(self, before: Span) -> bool:
        """A sentence that is only a question word with its noun ("hoeveel glazen", "wat voor
        werk"): the parser cut the question before its verb, which opens the next sentence."""
        words = [t for t in before if t.lower_ not in self.words.skip and not t.is_punct]
        if len(words) < 2 or any(t.pos_ in VERB_POS for t in words):
            return False
        opener = words[0].lower_
        return opener in WHICH or (opener == "wat" and words[1].lower_ == "voor")

    def imperative_order(self, doc_i: int, sent: Span) -> bool:
        """A verb in its stem form that opens a clause with no subject after it is an
        imperative: an object pronoun follows ("probeer het eens", "laat het me weten"), or a
        particle such as "maar" or "gerust" stands in the clause and no subject pronoun follows
        the verb ("pak je schrift er maar bij", "bel gerust"; "je" before a noun is a
        possessive). A modal or auxiliary ("kan het", "wil ze") is no imperative."""
        doc = sent.doc
        token = doc[doc_i]
        if doc_i + 1 >= sent.end or token.lower_ in self.auxiliaries:
            return False
        if not self.stem_form(token):
            return False
        nxt = doc[doc_i + 1]
        if nxt.lower_ in self.object_pronouns:
            return True
        possessive = nxt.lower_ == "je" and doc_i + 2 < sent.end and doc[doc_i + 2].pos_ == "NOUN"
        if nxt.lower_ in self.words.strong_subjects and not possessive:
            return False
        clause = doc[doc_i + 1 : min(sent.end, doc_i + 1 + CLAUSE_LOOKBACK)]
        return any(t.lower_ in self.imperative_markers for t in clause)
