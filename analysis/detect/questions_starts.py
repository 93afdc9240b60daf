"""Where a clause may begin inside a sentence: after commas, link words and fillers.

Mid-sentence, a question word + finite verb in a question's order, a verb + subject pronoun
after a complete clause, or an auxiliary + ik/we that ends the turn ("heb ik iets gemist")
starts a question; a question word after an embedding verb or a relative antecedent, and a
fronted adverb before a verb ("zo bedoel ik"), do not.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from analysis.detect.questions_repairs import ClauseRepairs
from analysis.detect.questions_words import CLAUSE_LOOKBACK, MAX_BETWEEN, VERB_POS, WHICH

# The tag of a past-tense verb form ("ging", "had"): a third person's form too.
PAST_TAG = "|verl|"
# At most this many words of a topic before a question word ("en thuis || hoe gaat het").
MAX_TOPIC = 3
# Word classes after a finite verb that show a main clause's order (the verb is not last).
V2_FOLLOWERS = frozenset({"PRON", "DET", "PROPN", "ADV", "NOUN"})
# At most this many words between "er" and a relative clause about the parent ("is er naast
# het rapport nog iets wat u ...").
LISTENER_WINDOW = 8
# At most this many words after "dat"/"het" in a short check ("mag dat van u").
MAX_CHECK_REST = 3
# A closing check with ik/we ("heb ik het zo goed samengevat") has at most this many words.
MAX_CHECK = 7


class ClauseStarts(ClauseRepairs):
    """The starts of the clauses a sentence may hold."""

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
            starts += [
                t.i
                for t in sent
                if self.new_verb_first_clause(t.i, sent)
                or self.after_hesitation(t.i, sent)
                or self.after_interjection(t.i, sent)
            ]
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
                or self.cut_off(sent.doc[i])
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
            or self.degree_question(doc_i, sent)
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
        if (
            nxt.lower_ not in self.words.strong_subjects
            and not existential
            and not self.short_check_subject(doc_i + 1, sent)
            and not self.name_subject(doc_i + 1, sent)
        ):
            return False
        if nxt.lower_ in self.words.first_person and not self.first_person_question(doc_i, sent):
            return False  # "dat maakt u onzeker merk ik": a comment; "zal ik ..." is an offer
        if not self.is_finite_verb(token, True):
            return False
        if token.lower_ in self.words.non_verbs or token.lower_ in self.words.question_words:
            return False
        # An adjective that ends a clause ("dat begrijp ik heel goed || heeft u ...") is no
        # fronted adverb when the parent is the subject after the verb.
        # A negation or "hoor" is never put in front of a verb on its own: it ends the clause
        # before ("dat wist ik niet || ligt hij ...").
        # Nor is a pronoun that the verb before governs ("er staat een stoel voor u || heeft u
        # ...").
        ends_clause = (
            (prev.pos_ == "ADJ" and nxt.lower_ in self.parent_listeners)
            or prev.lower_ in self.clause_final
            or (
                nxt.lower_ in self.parent_listeners
                and prev.pos_ == "PRON"
                and not prev.dep_.startswith("nsubj")
                and prev.head.i < prev.i
                and prev.lower_ not in self.demonstratives  # "dat moogt ge weten": fronted
            )
        )
        if (
            (prev.lower_ in self.words.non_verbs and not ends_clause)
            or prev.lower_ in self.words.clause_links
            or prev.lower_ in self.words.question_words
            or prev.pos_ in {"DET", "SCONJ", "CCONJ"}
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
        # A noun phrase after a copula is its predicate and completes that clause ("dat is een
        # mooi idee || zou u dat willen proberen").
        # With the parent as subject a phrase with a preposition ends the clause before: a
        # teacher tells what the parent does less often than she asks it ("hij droomt in de
        # klas || herkent u dat", but "in de klas || werk ik met blokjes").
        closing = nxt.lower_ in self.words.first_person
        completes = doc[verb].dep_ == "cop"
        listener = nxt.lower_ in self.parent_listeners or (
            existential and self.about_listener(doc_i + 2, sent)
        )
        # A preposition right before this verb has no noun of its own: it is the particle or
        # stranded preposition that closes the clause before ("dat pakken we aan || heeft ...").
        fronted = [t for t in between if t.pos_ == "ADP" and t.i + 1 < doc_i]
        # With the parent as subject the clause before may end in a longer phrase ("het regent
        # al de hele dag || zijt ge nat geworden") when the parse attaches the word before this
        # verb to the left; a phrase attached to this verb is fronted ("het formulier krijgt u").
        left_attached = listener and prev.head.i < prev.i
        longest = CLAUSE_LOOKBACK if left_attached else MAX_BETWEEN
        # An adverb inside the clause before ("het regent hier al de hele dag || zijt ge ...")
        # fronts nothing when the parent is the subject; a conjunction still links.
        links = [
            t
            for t in between
            if t.lower_ in self.words.clause_links and (t.pos_ == "CCONJ" or not left_attached)
        ]
        if links or (
            not closing and (len(between) > longest or (not (completes or listener) and fronted))
        ):
            return False
        # With the parent as subject a noun phrase before the verb is the rest of the clause
        # before, as a phrase with a preposition is ("hij mist veel lessen || weet u ...").
        if (
            len(between)
            and between[0].pos_ in ({"DET", "ADP"} if closing else {"DET"})
            and not (completes or listener)
        ):
            return False
        return not self.fronted_subordinate(doc_i, sent)

    def after_hesitation(self, doc_i: int, sent: Span) -> bool:
        """A finite verb + subject pronoun right after a hesitation ("eh", "ehm") that follows a
        complete clause starts a new clause: a speaker who hesitates starts over ("dat gaat niet
        goed met je rug || ehm heeft u het kunnen vinden"). Not after a fronted word or phrase
        with no verb of its own before the hesitation ("en dan eh gaat hij", "in de klas eh werkt
        hij"), nor after a fronted subordinate clause ("als hij moe is eh wordt hij boos")."""
        doc = sent.doc
        if doc_i + 1 >= sent.end or not self.has_tags(sent):
            return False
        before = doc_i - 1
        while before >= sent.start and doc[before].lower_ in self.hesitations:
            before -= 1
        if before == doc_i - 1 or before < sent.start:
            return False
        token, nxt, last = doc[doc_i], doc[doc_i + 1], doc[before]
        if (
            nxt.lower_ not in self.words.strong_subjects
            or self.is_finite_verb(token, True) is not True
        ):
            return False
        # With ik/we only an offer asks ("eh zal ik beginnen"); "eh weet ik niet" drops its topic.
        if nxt.lower_ in self.words.first_person and token.lower_ not in self.words.offer_verbs:
            return False
        # A verb particle ends the clause before ("ik schrijf het op || eh ..."); a preposition,
        # article or conjunction leaves it open.
        particle = last.dep_.startswith("compound")
        if (
            last.lower_ in self.words.clause_links
            or last.lower_ in self.inverting
            or (last.pos_ in {"ADP", "DET", "SCONJ", "CCONJ"} and not particle)
        ):
            return False
        # Without marks the parser may have cut the clause before off into a sentence of its own.
        first = 0 if self.unmarked(doc) else sent.start
        low = max(first, before - CLAUSE_LOOKBACK)
        verb = next(
            (
                j
                for j in range(before, low - 1, -1)
                if doc[j].pos_ in VERB_POS and not self.nominal_infinitive(j, doc[first : sent.end])
            ),
            None,
        )
        if verb is None or any(t.lower_ in self.words.clause_links for t in doc[verb + 1 : before]):
            return False
        return not self.fronted_subordinate(doc_i, sent)

    def after_interjection(self, doc_i: int, sent: Span) -> bool:
        """A finite verb + a subject other than ik/we right after an exclamation ("twintig
        minuten in de kou amai || wilt ge een thee", "oei || is hij ziek geweest"): the
        exclamation closes what came before, the verb opens a question."""
        doc = sent.doc
        if doc_i <= sent.start or doc_i + 1 >= sent.end or not self.has_tags(sent):
            return False
        if doc[doc_i - 1].lower_ not in self.interjections:
            return False
        nxt = doc[doc_i + 1].lower_
        return (
            nxt in self.words.strong_subjects
            and nxt not in self.words.first_person
            and self.is_finite_verb(doc[doc_i], True) is True
        )

    def about_listener(self, doc_i: int, sent: Span) -> bool:
        """Something left open ("iets", "dingen", "vragen") with a relative clause that has the
        parent as subject, within a few words from ``doc_i``: "is er || nog iets wat u ..."
        asks what the parent wants; the teacher cannot state it ("is er een ouderavond die u
        kunt bezoeken" tells)."""
        doc = sent.doc
        end = min(sent.end - 1, doc_i + LISTENER_WINDOW)
        return any(
            doc[j - 1].lower_ in self.open_topics
            and doc[j].lower_ in self.relatives
            and doc[j + 1].lower_ in self.parent_listeners
            for j in range(doc_i + 1, end)
        )

    def fronted_subordinate(self, doc_i: int, sent: Span) -> bool:
        """A fronted subordinate clause ends in its verb; the main clause after it inverts ("als
        hij moe is || wordt hij boos"). Once that main clause has begun (a finite verb + subject
        after the subordinate clause), a later verb + subject opens a clause of its own ("als u
        wilt kan ik de directeur bellen || zal ik dat doen")."""
        doc = sent.doc
        low = max(sent.start, doc_i - 2 * CLAUSE_LOOKBACK)
        last = next(
            (j for j in range(doc_i - 1, low - 1, -1) if doc[j].lower_ in self.words.subordinators),
            None,
        )
        if last is None:
            return False
        return not any(
            self.is_finite_verb(doc[j], True) is True
            and doc[j + 1].lower_ in self.words.strong_subjects
            and doc[j - 1].pos_ in VERB_POS
            for j in range(last + 2, doc_i - 1)
        )

    def name_subject(self, doc_i: int, sent: Span) -> bool:
        """A name the parser reads as a name right after a finite verb in a third person's form,
        with that verb or a later one as its head: a clause's subject in a question's order
        ("... weet milan dat u hier bent", "... heeft sophie daar voor geoefend"); not the
        indirect object of an imperative ("doe ravi de groeten"), not a stutter ("is senne is
        senne ...")."""
        doc = sent.doc
        if doc_i >= sent.end or doc_i < 1:
            return False
        token, verb = doc[doc_i], doc[doc_i - 1]
        third_person = (
            verb.lower_ in self.auxiliaries
            or verb.lower_.endswith(("t", "d"))
            or PAST_TAG in verb.tag_
        )
        stutter = doc_i >= 3 and [t.lower_ for t in doc[doc_i - 3 : doc_i - 1]] == [
            verb.lower_,
            token.lower_,
        ]
        # "maar"/"gerust" right after the name marks an imperative ("geef noor maar ...").
        marked = any(t.lower_ in self.imperative_markers for t in doc[doc_i + 1 : doc_i + 4])
        return (
            token.pos_ == "PROPN"
            and token.dep_ != "iobj"
            and not marked
            and token.head.i >= doc_i - 1
            and third_person
            and not stutter
        )

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

    def short_check_subject(self, doc_i: int, sent: Span) -> bool:
        """Whether "dat" or "het" is the parse's subject right after a verb, with only a few
        words after it: a short check on what was just proposed ("... mag dat van u", "... lukt
        het zo")."""
        doc = sent.doc
        rest = [t for t in doc[doc_i + 1 : sent.end] if not t.is_punct]
        return (
            doc[doc_i].lower_ in self.check_subjects
            and doc[doc_i].dep_ == "nsubj"
            and doc[doc_i].head.i == doc_i - 1  # its own verb, not one of a later clause
            and not self.closes_clause_before(doc[doc_i - 1])
            and len(rest) <= MAX_CHECK_REST
            and not any(t.pos_ in VERB_POS for t in rest)  # "... dat is beleid": its own verb
        )

    @staticmethod
    def closes_clause_before(verb: Token) -> bool:
        """An auxiliary or copula whose verb stands before it ends the clause before ("waar
        over hem gepraat wordt"), it does not open a new one."""
        return verb.dep_.split(":")[0] in {"aux", "cop"} and verb.head.i < verb.i
