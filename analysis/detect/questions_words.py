"""The words and the finite-verb test that every question rule reads.

:class:`QuestionWords` loads the lexicons of ``data/lexicons.yaml`` the question rules need once,
and answers the two questions all of them ask: is this token a finite verb (by the tagger's part
of speech and morphology), and has the turn any sentence-final mark at all (a recogniser gives
none)?
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from analysis.detect.lexicons import Lexicons, lexicon_terms

TERMINATORS = frozenset({".", "?", "!"})
VERB_POS = frozenset({"VERB", "AUX"})
# Word classes a tagger gives a spoken finite verb it does not recognise ("eet", "zwemt"); a
# subordinator, preposition or pronoun before a subject is no verb ("voordat ze ...").
MISTAGGED_VERB_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ", "PROPN", "X", "INTJ"})
# How far back a clause that a new verb-first clause follows may have its verb.
CLAUSE_LOOKBACK = 8
# At most this many words between the verb of the clause before and a new verb-first clause.
MAX_BETWEEN = 4
# Question words that take a noun ("welke serie", "hoeveel kinderen").
WHICH = frozenset({"welke", "welk", "hoeveel"})
# The tag of a present-tense finite verb in its stem form (no -t): "probeer", "laat", "ben".
STEM_TAG = "WW|pv|tgw|ev"
# The mark of a word broken off in a self-repair ("waar- waar", "waarom-waarom").
CUT_OFF = "-"


class QuestionWords:
    """The lexicons of the question rules and the word-class tests they share."""

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
        self.possessives = lexicon_terms("possessive_determiners")
        self.clitic_suffixes = lexicon_terms("clitic_subject_suffixes")
        self.object_pronouns = lexicon_terms("object_pronouns")
        self.imperative_markers = lexicon_terms("imperative_markers")
        self.bare_words = lexicon_terms("bare_question_words")
        self.bare_tails = lexicon_terms("bare_question_tails")
        self.check_subjects = lexicon_terms("check_subjects")
        self.time_prepositions = lexicon_terms("factual_time_prepositions")
        self.scale_words = lexicon_terms("scale_words")
        self.parent_listeners = lexicon_terms("parent_listeners")
        self.elliptic_links = lexicon_terms("elliptic_links")
        self.person_words = lexicon_terms("person_question_words")
        self.clause_final = lexicon_terms("clause_final_words")
        self.relatives = lexicon_terms("relative_pronouns")
        self.open_topics = lexicon_terms("open_topic_words")
        self.open_topic_leads = lexicon_terms("open_topic_leads")
        self.open_topic_verbs = lexicon_terms("open_topic_verbs")
        self.hesitations = lexicon_terms("hesitation_fillers")
        self.topic_drop_verbs = lexicon_terms("topic_drop_verbs")
        self.discourse_know = lexicon_terms("discourse_know_verbs")
        self.discourse_marks = lexicon_terms("discourse_marks")
        self.interjections = lexicon_terms("interjection_breaks")
        self.demonstratives = lexicon_terms("fronted_demonstratives")

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

    @staticmethod
    def stem_form(token: Token) -> bool:
        """A present-tense verb in its stem form, without the -t of a third person ("probeer",
        "pak", "laat" as the tagger reads it): an imperative, or the verb before ik/je."""
        if token.pos_ in VERB_POS:
            return token.tag_.startswith(STEM_TAG)
        return token.is_lower and token.is_alpha and not token.lower_.endswith("t")

    def clitic_subject(self, token: Token) -> bool:
        """A finite verb with its subject written on ("heeft-ie", "is-ie")."""
        return any(
            token.lower_.endswith(suffix) and len(token) > len(suffix) + 1
            for suffix in self.clitic_suffixes
        )

    @staticmethod
    def unmarked(doc: Doc) -> bool:
        """Whether a turn has no sentence-final punctuation at all (speech recognition)."""
        return not any(t.text in TERMINATORS or t.text.endswith("?") for t in doc)

    def degree_question(self, doc_i: int, sent: Span) -> bool:
        """ "hoe" + an adjective + a finite verb asks how much ("hoe belangrijk is het voor u",
        "hoe zeker bent u"); "hoe oud" and the like are in ``factual_how``."""
        doc = sent.doc
        return (
            doc[doc_i].lower_ == "hoe"
            and doc_i + 2 < sent.end
            and doc[doc_i + 1].pos_ == "ADJ"
            and self.is_finite_verb(doc[doc_i + 2], True) is True
        )

    @staticmethod
    def cut_off(token: Token) -> bool:
        """A word broken off in a self-repair ("waar-", "als-"): the speaker starts over."""
        return len(token.text) > 1 and token.text.endswith(CUT_OFF) and token.text[0].isalpha()

    def question_word(self, token: Token) -> bool:
        """A question word, also said twice in one token of a self-repair ("waarom-waarom")."""
        if token.lower_ in self.words.question_words:
            return True
        parts = [p for p in token.lower_.split(CUT_OFF) if p]
        return len(parts) > 1 and len(set(parts)) == 1 and parts[0] in self.words.question_words
