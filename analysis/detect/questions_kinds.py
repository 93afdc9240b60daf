"""Open or closed: what kind of answer a question asks for.

A question-word question asks for an account (open) unless it asks one fact ("hoe oud",
"welke dag") or a choice ("liever ... of ..."); "mag ik vragen hoe ..." announces an open
question; a check word that ends a turn without marks ("..., goed") asks yes or no.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from analysis.detect.questions_order import WordOrder
from analysis.detect.questions_words import MAX_BETWEEN, VERB_POS

# At most this many words after "en" in an elliptic follow-up ("en op het werk").
MAX_ELLIPSIS = 3


class QuestionKinds(WordOrder):
    """Tests that decide open against closed."""

    def is_factual(self, doc_i: int, sent: Span) -> bool:
        doc = sent.doc
        token = doc[doc_i]
        nxt = doc[doc_i + 1] if doc_i + 1 < sent.end else None
        if token.lower_ in self.words.factual_words:
            return True
        if token.lower_ in self.person_words:
            return self.asks_one_person(doc_i, sent)
        if self.degree_question(doc_i, sent) and any(t.lower_ in self.scale_words for t in sent):
            return True  # "op een schaal van een tot tien, hoe belangrijk ...": a number
        if token.lower_ == "wanneer" and doc_i > sent.start:
            return doc[doc_i - 1].lower_ in self.time_prepositions  # "sinds wanneer"
        if token.lower_ == "hoe" and nxt is not None and nxt.lower_ in self.words.factual_how:
            return True
        if token.lower_ in {"welke", "welk"} and nxt is not None:
            # "welke serie", "welke taal": one fact; "welke dingen": an account.
            return nxt.lower_ in self.words.factual_nouns or (
                nxt.pos_ == "NOUN" and nxt.lower_ not in self.open_nouns
            )
        return False

    @staticmethod
    def asks_one_person(doc_i: int, sent: Span) -> bool:
        """ "wie" as the subject of an action or of "er is" asks for one person ("wie brengt
        hem", "wie is er thuis"); after a preposition ("met wie praat je daarover") or with a
        copula ("wie zijn haar vriendinnen") it asks for an account."""
        doc = sent.doc
        if doc_i > sent.start and doc[doc_i - 1].pos_ == "ADP":
            return False
        if doc_i + 1 >= sent.end or doc[doc_i + 1].lemma_ != "zijn":
            return True
        return doc_i + 2 < sent.end and doc[doc_i + 2].lower_ == "er"

    def is_preference_choice(self, sent: Span) -> bool:
        lowers = [t.lower_ for t in sent]
        return "of" in lowers and any(w in self.words.preference for w in lowers)

    def request_question(self, doc_i: int, sent: Span) -> int | None:
        """Where the question word stands in "mag ik (u) (nog iets) vragen hoe ...": a
        verb-first sentence that announces a question-word question; ``None`` if it does not."""
        doc = sent.doc
        for j in range(doc_i + 2, min(sent.end - 1, doc_i + 2 + MAX_BETWEEN)):
            if (
                doc[j].lower_ in self.request_verbs
                and doc[j + 1].lower_ in self.words.question_words
            ):
                return j + 1
        return None

    def turn_final_check(self, sent: Span) -> bool:
        """A word such as "goed" or "oké" that ends a turn without a mark after a phrase, not
        after a verb, pronoun or adverb it would describe ("... en daarna laat ik de klas zien
        goed", but "hij leest goed", "dat kan hij goed", "ja goed")."""
        doc = sent.doc
        last = sent.end - 1
        if sent.end != len(doc) or last < 1 or doc[last].lower_ not in self.final_checks:
            return False
        before = doc[last - 1]
        if before.pos_ in {"ADP", "NOUN", "PROPN"}:
            return True
        if before.pos_ not in {"VERB", "AUX"}:
            return False
        # A verb that ends its clause: an infinitive or participle ("... hoe het is gegaan
        # goed"), or the finite verb of a subordinate clause, which stands last ("... dat ik u
        # vrijdag bel goed"); a main clause's verb takes "goed" as its adverb ("hij leest goed").
        form = before.morph.get("VerbForm")
        return "Inf" in form or "Part" in form or self.ends_subordinate(before)

    @staticmethod
    def ends_subordinate(verb: Token) -> bool:
        """A finite verb whose clause opens with a subordinator and a subject before it."""
        marks = [c for c in verb.children if c.dep_ == "mark" and c.i < verb.i]
        subjects = [c for c in verb.children if c.dep_.startswith("nsubj") and c.i < verb.i]
        return bool(marks and subjects)

    def elliptic_follow_up(self, sent: Span) -> bool:
        """A whole turn of "en" or "maar" + a short phrase without a verb ("en thuis", "en uw
        partner", "maar op het werk") asks the other to go on about it: an open question."""
        doc = sent.doc
        words = [t for t in doc if not t.is_punct]
        if sent.start != 0 or sent.end < len(doc) - 1 or not words:
            return False
        rest = words[1:]
        return (
            words[0].lower_ in self.elliptic_links
            and 1 <= len(rest) <= MAX_ELLIPSIS
            and not any(t.pos_ in {"VERB", "AUX"} for t in rest)
            and not any(t.lower_ in self.words.backchannels for t in rest)
            and any(t.pos_ in {"NOUN", "PROPN", "PRON", "ADV"} for t in rest)
        )

    def elliptic_open_topic(self, sent: Span) -> bool:
        """A sentence that opens with something left open ("nog iets", "vragen") and a relative
        clause with the parent as subject who wants or has it, with no verb of its own before it
        ("nog iets wat u wilt vragen", "eh nog dingen die jullie kwijt willen"): the "is er" of
        the question is left out, a closed question. A verb right after the relative clause's
        verb makes the whole a subject ("iets wat u wilt is rust"): a statement."""
        doc = sent.doc
        i = sent.start
        while i < sent.end and (doc[i].lower_ in self.words.skip or doc[i].is_punct):
            i += 1
        while i < sent.end and doc[i].lower_ in self.open_topic_leads:
            i += 1
        if i + 3 >= sent.end or doc[i].lower_ not in self.open_topics:
            return False
        i += 1
        if doc[i].lower_ in self.open_topics:
            i += 1  # "iets anders wat u ..."
        if doc[i].lower_ not in self.relatives or doc[i + 1].lower_ not in self.parent_listeners:
            return False
        own = next(
            (j for j in range(i + 2, sent.end) if doc[j].pos_ in VERB_POS),
            None,
        )
        # What the parent wants or has ("wilt vragen", "vragen die u heeft"); "iets wat u kunt
        # proberen" announces a tip.
        if own is None or doc[own].lemma_ not in self.open_topic_verbs:
            return False
        after = own + 1
        while (
            after < sent.end
            and doc[after].pos_ in VERB_POS
            and "Inf" in doc[after].morph.get("VerbForm")
        ):
            after += 1  # "wat u wilt vragen": the infinitive belongs to the relative clause
        return not (after < sent.end and self.is_finite_verb(doc[after], True) is True)
