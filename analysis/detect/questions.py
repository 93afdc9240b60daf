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
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from analysis.detect.lexicons import Lexicons, lexicon_terms

#: The ``doc.spans`` key of the question acts: one span per question sentence, ``label_`` = act.
QUESTIONS_KEY = "gesprek_vragen"
TERMINATORS = frozenset({".", "?", "!"})
VERB_POS = frozenset({"VERB", "AUX"})
# Word classes a tagger gives a spoken finite verb it does not recognise ("eet", "zwemt"); a
# subordinator, preposition or pronoun before a subject is no verb ("voordat ze ...").
MISTAGGED_VERB_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ", "PROPN", "X", "INTJ"})
# How far back a clause that a new verb-first clause follows may have its verb.
CLAUSE_LOOKBACK = 8
# At most this many words between the verb of the clause before and a new verb-first clause.
MAX_BETWEEN = 4
# At most this many words of a topic before a question word ("en thuis || hoe gaat het").
MAX_TOPIC = 3
# At most this many words after the subject of a hedge tail ("zie ik (zelf)", "denkt u").
MAX_HEDGE_TAIL = 1
# Question words that take a noun ("welke serie", "hoeveel kinderen").
WHICH = frozenset({"welke", "welk", "hoeveel"})
# Word classes after a finite verb that show a main clause's order (the verb is not last).
V2_FOLLOWERS = frozenset({"PRON", "DET", "PROPN", "ADV", "NOUN"})
# A tag this many words after a polite imperative still asks ("kom binnen ... de graaf toch");
# right after it, it softens the imperative ("kom maar binnen hè").
MIN_AFTER_IMPERATIVE = 2
# A closing check with ik/we ("heb ik het zo goed samengevat") has at most this many words.
MAX_CHECK = 7


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


class QuestionClassifier:
    """Classifies sentences; built once with the lexicons it needs."""

    def __init__(self) -> None:
        self.words = Lexicons()
        self.hedge_clause = lexicon_terms("hedge_clause_verbs")
        self.address = lexicon_terms("address_words")
        self.auxiliaries = lexicon_terms("question_auxiliaries")
        self.request_verbs = lexicon_terms("question_request_verbs")
        self.inverting = lexicon_terms("inverting_openers")
        self.subjects = self.words.strong_subjects
        self.follow_up_subjects = lexicon_terms("follow_up_subjects")
        self.antecedents = lexicon_terms("relative_antecedents")
        self.open_nouns = lexicon_terms("open_nouns")
        self.then_words = lexicon_terms("conditional_then")
        self.final_checks = lexicon_terms("turn_final_checks")

    # --- word order -----------------------------------------------------------------------

    @staticmethod
    def has_tags(sent: Span) -> bool:
        return sent.doc.has_annotation("POS")

    def is_finite_verb(self, token: Token, tagged: bool) -> bool | None:
        """True/False when the tagger says so; ``None`` when there is no tagger."""
        if not tagged:
            return None
        if token.pos_ not in VERB_POS:
            return False
        forms = token.morph.get("VerbForm")
        return not forms or "Fin" in forms

    def clause_starts(self, sent: Span, use_commas: bool, run_on: bool = False) -> list[int]:
        """Token indices (in the doc) where a main clause may begin, after fillers.

        ``run_on``: a sentence without any final punctuation (speech recognition) may glue
        several clauses together with "en", "maar" or "of" ("ze raffelt het af en hoe gaat dat
        dan thuis"); a clause may then also begin after such a link word.
        """
        starts = [sent.start]
        if use_commas:
            starts += [t.i + 1 for t in sent if t.text == "," and t.i + 1 < sent.end]
        if run_on:
            starts += [
                t.i + 1 for t in sent if t.lower_ in self.words.run_on_links and t.i + 1 < sent.end
            ]
            # A question word + finite verb + subject pronoun is a question's word order
            # wherever it stands ("dat is fijn wat doet ze thuis graag"); an embedded question
            # puts the verb last ("ik weet niet wat ze doet").
            doc = sent.doc
            starts += [t.i for t in sent if self.mid_question_word(t.i, sent)]
            starts += [t.i for t in sent if self.new_verb_first_clause(t.i, sent)]
            # A short topic put before the question word, with no verb of its own: "en thuis
            # hoe gaat het daar", "met lezen hoe gaat dat".
            verb_before = False
            for t in sent:
                if t.i - sent.start > MAX_TOPIC:
                    break
                if t.lower_ in self.words.question_words and t.i > sent.start and not verb_before:
                    if (
                        t.i + 1 < sent.end
                        and self.is_finite_verb(doc[t.i + 1], True)
                        and doc[t.i - 1].lower_ not in self.antecedents  # "alles wat helpt"
                    ):
                        starts.append(t.i)
                    break
                verb_before |= t.pos_ in VERB_POS
        out: list[int] = []
        for start in starts:
            i = start
            while i < sent.end and (
                sent.doc[i].lower_ in self.words.skip
                or sent.doc[i].is_punct
                or sent.doc[i].is_space
            ):
                if self.fronted_opener(i, sent):
                    break
                i += 1
            if i < sent.end and i not in out and not self.embedded(i, sent):
                out.append(i)
        return out

    def mid_question_word(self, doc_i: int, sent: Span) -> bool:
        """A question word (or "hoe oud", "welke serie") + finite verb in a question's order
        mid-sentence ("dat is fijn wat doet ze thuis graag", "... wat helpt hem dan"); an
        embedded question or a relative clause puts the verb last ("ik weet niet wat ze doet",
        "alles wat helpt is goed")."""
        doc = sent.doc
        token = doc[doc_i]
        if doc_i <= sent.start or token.lower_ not in self.words.question_words:
            return False
        prev = doc[doc_i - 1].lower_
        if prev in self.words.embedding or prev in self.antecedents:
            return False
        tagged = self.has_tags(sent)
        j = doc_i + 1
        if j < sent.end and (
            (token.lower_ == "hoe" and doc[j].lower_ in self.words.factual_how)
            or (token.lower_ in WHICH and doc[j].pos_ == "NOUN")
        ):
            j += 1  # "hoe oud is ...", "welke serie luistert ..."
        if j + 1 >= sent.end or doc[j].lower_ in self.words.non_verbs:
            return False
        finite = self.is_finite_verb(doc[j], tagged)
        after = doc[j + 1]
        if after.lower_ in self.words.strong_subjects:
            return finite is not False
        # The verb of a relative clause comes last; a word after the verb shows the order.
        return finite is True and after.pos_ in V2_FOLLOWERS

    def fronted_opener(self, doc_i: int, sent: Span) -> bool:
        """An adverb such as "zo" or "dus" right before a finite verb, with no mark between, is
        put in front of the clause: the verb after it is an inversion ("zo bedoel ik het
        niet"), not a question; unless the subject is the listener ("zo heeft u nog vragen")."""
        doc = sent.doc
        return (
            doc[doc_i].lower_ in self.inverting
            and doc_i + 2 < sent.end
            and self.is_finite_verb(doc[doc_i + 1], self.has_tags(sent)) is True
            and doc[doc_i + 2].lower_ not in self.words.polite_subjects | {"jullie"}
        )

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

    def embedded(self, doc_i: int, sent: Span) -> bool:
        """A question word right after an embedding verb in the sentence before, with no mark
        between ("ik vraag me af || wat doet ze dan"): an embedded question, not a question."""
        doc = sent.doc
        return (
            doc_i == sent.start
            and doc_i > 0
            and doc[doc_i].lower_ in self.words.question_words
            and doc[doc_i - 1].lower_ in self.words.embedding
        )

    def new_verb_first_clause(self, doc_i: int, sent: Span) -> bool:
        """A finite verb + subject pronoun mid-sentence that starts a new clause (speech
        recognition glues "hier staat een stoel voor u heeft u het kunnen vinden").

        The clause before must be complete (a verb within a few words, no linking word or
        adverb between it and this verb that would make this an inversion: "want in de klas
        werk ik ook"), and must not be a fronted subordinate clause ("als hij het niet snapt
        blijft hij stil").
        """
        doc = sent.doc
        if doc_i <= sent.start or doc_i + 1 >= sent.end or not self.has_tags(sent):
            return False
        token, nxt, prev = doc[doc_i], doc[doc_i + 1], doc[doc_i - 1]
        existential = nxt.lower_ in self.words.existential and token.lower_ in self.auxiliaries
        if nxt.lower_ not in self.words.strong_subjects and not existential:
            return False
        if nxt.lower_ in self.words.first_person and not self.first_person_question(doc_i, sent):
            return False  # "dat maakt u onzeker merk ik": a comment; "zal ik ..." is an offer
        if not self.is_finite_verb(token, True):
            return False
        if token.lower_ in self.words.non_verbs or token.lower_ in self.words.question_words:
            return False
        if (
            prev.lower_ in self.words.non_verbs
            or prev.lower_ in self.words.clause_links
            or prev.lower_ in self.words.question_words
            or prev.pos_ in {"ADP", "DET", "SCONJ", "CCONJ"}
        ):
            return False
        low = max(sent.start, doc_i - CLAUSE_LOOKBACK)
        verb = next(
            (
                j
                for j in range(doc_i - 1, low - 1, -1)
                if doc[j].pos_ in VERB_POS and not self.nominal_infinitive(j, sent)
            ),
            None,
        )
        if verb is None:
            return False
        between = doc[verb + 1 : doc_i]
        # Words between the two verbs that were put in front of this one make it an inversion:
        # a link word, a phrase with a preposition ("in de kring legde hij"), a noun phrase
        # ("het eerste uur zit hij").
        # A closing check with ik/we may follow a clause that ends in a phrase of its own ("ik
        # help haar met spelling || heb ik het zo goed samengevat").
        closing = nxt.lower_ in self.words.first_person
        if any(t.lower_ in self.words.clause_links for t in between) or (
            not closing and (len(between) > MAX_BETWEEN or any(t.pos_ == "ADP" for t in between))
        ):
            return False
        if len(between) and between[0].pos_ in ({"DET", "ADP"} if closing else {"DET"}):
            return False
        # A fronted subordinate clause ends in its verb; the main clause after it inverts.
        low = max(sent.start, doc_i - 2 * CLAUSE_LOOKBACK)
        return not any(doc[j].lower_ in self.words.subordinators for j in range(low, doc_i))

    @staticmethod
    def nominal_infinitive(doc_i: int, sent: Span) -> bool:
        """An infinitive after a preposition or article, with at most one modifier between, is
        a noun ("bij rekenen", "bij het lezen", "bij begrijpend lezen"), not the verb of a
        clause; "te" + infinitive is a verb."""
        doc = sent.doc
        if "Inf" not in doc[doc_i].morph.get("VerbForm"):
            return False
        for back in (1, 2):
            j = doc_i - back
            if j < sent.start or doc[j].lower_ == "te":
                return False
            if doc[j].pos_ in {"ADP", "DET"}:
                return True
            if doc[j].pos_ not in {"ADJ", "VERB"}:
                return False
        return False

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
        return before.pos_ == "VERB" and "Inf" in before.morph.get("VerbForm")

    def first_person_question(self, doc_i: int, sent: Span) -> bool:
        """An auxiliary + ik/we + two or more words that ends the turn starts a question ("...
        heb ik het zo goed samengevat", "zal ik hem bellen"); a content verb + ik is a comment
        ("dat maakt u onzeker merk ik")."""
        doc = sent.doc
        token = doc[doc_i]
        if token.lower_ in self.words.offer_verbs:
            return True
        # A check with ik/we hands the turn over: it ends the turn ("..., heb ik iets gemist").
        return (
            token.lower_ in self.auxiliaries
            and doc_i + 3 < sent.end  # "... heb ik gezegd" reports, "heb ik iets gemist" asks
            and sent.end == len(doc)
            and doc_i >= sent.end - MAX_CHECK
        )

    def verb_first(self, doc_i: int, sent: Span, tagged: bool, punctuated_question: bool) -> bool:
        doc = sent.doc
        token = doc[doc_i]
        if token.lower_ in self.words.non_verbs or token.lower_ in self.words.question_words:
            return False
        if doc_i + 1 >= sent.end:
            return False
        if self.subject_of_next_verb(doc_i, sent) or self.continues_clause(doc_i, sent):
            return False
        if self.mid_turn_comment(doc_i, sent) or self.conditional(doc_i, sent):
            return False
        if self.continues_inversion(doc_i, sent):
            return False
        if doc_i > 0 and self.hedge_tail(doc_i, sent, self.words.first_person):
            return False
        nxt = doc[doc_i + 1]
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
        # With a tagger and a question mark, "Gaat Sanne graag naar school?" is verb-first too;
        # without any mark only when the verb opens the turn ("slaapt sanne goed").
        opens_turn = doc_i == 0 or all(t.lower_ in self.words.skip for t in doc[:doc_i])
        return bool(
            finite
            and (punctuated_question or (opens_turn and self.unmarked(doc)))
            and nxt.pos_ in {"PROPN", "NOUN", "DET"}
        )

    @staticmethod
    def unmarked(doc: Doc) -> bool:
        """Whether a turn has no sentence-final punctuation at all (speech recognition)."""
        return not any(t.text in TERMINATORS or t.text.endswith("?") for t in doc)

    def question_word_first(self, doc_i: int, sent: Span, tagged: bool, punctuated: bool) -> bool:
        doc = sent.doc
        token = doc[doc_i]
        if token.lower_ not in self.words.question_words:
            return False
        if doc_i + 1 >= sent.end:
            return punctuated  # "Waarom?"
        nxt = doc[doc_i + 1]
        if nxt.is_punct:
            return punctuated
        if token.lower_ == "wat" and nxt.lower_ == "voor":
            return True
        if token.lower_ == "hoe" and nxt.lower_ in self.words.factual_how:
            return True
        if token.lower_ in {"welke", "welk", "hoeveel"}:
            return True
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

    def is_factual(self, doc_i: int, sent: Span) -> bool:
        doc = sent.doc
        token = doc[doc_i]
        nxt = doc[doc_i + 1] if doc_i + 1 < sent.end else None
        if token.lower_ in self.words.factual_words:
            return True
        if token.lower_ == "hoe" and nxt is not None and nxt.lower_ in self.words.factual_how:
            return True
        if token.lower_ in {"welke", "welk"} and nxt is not None:
            # "welke serie", "welke taal": one fact; "welke dingen": an account.
            return nxt.lower_ in self.words.factual_nouns or (
                nxt.pos_ == "NOUN" and nxt.lower_ not in self.open_nouns
            )
        return False

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
            if token.lower_ in self.words.question_words:
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
        for i in range(wh + 3, sent.end - 2):
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

    def is_preference_choice(self, sent: Span) -> bool:
        lowers = [t.lower_ for t in sent]
        return "of" in lowers and any(w in self.words.preference for w in lowers)

    # --- the verdict --------------------------------------------------------------------------

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
            return QuestionVerdict("closed_question", "vraag.werkwoord_eerst")
        if terminator == "." and self.lowercase_question_word(sent, tagged):
            if self.is_factual(self.clause_starts(sent, use_commas=False)[0], sent):
                return QuestionVerdict("closed_question", "vraag.feitvraag")
            return QuestionVerdict("open_question", "vraag.vraagwoord")
        if terminator in {".", "!"}:
            return QuestionVerdict(None, "mededeling")
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
                return QuestionVerdict("closed_question", "vraag.werkwoord_eerst")
        if "tag" in cues:
            return QuestionVerdict("closed_question", cues["tag"])
        if "imperative" in cues:
            return QuestionVerdict(None, cues["imperative"])
        if run_on and self.turn_final_check(sent):
            return QuestionVerdict("closed_question", "vraag.controle_slotwoord")
        if punctuated:
            if "open_follow_up" in cues:
                return QuestionVerdict("open_question", cues["open_follow_up"])
            return QuestionVerdict("closed_question", "vraag.vraagteken")
        return QuestionVerdict(None, "mededeling")
