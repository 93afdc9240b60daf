"""spaCy components that run the rule files: sentences, question acts, behaviours.

Each component is a factory with ``assigns``/``requires`` and a default config; ``__call__``
matches, then sets annotations. Behaviours go to ``doc.spans[SPANS_KEY]`` (they overlap, so not
``doc.ents``): one span per sentence and rule, ``label_`` = form item, ``id_`` = rule id. Question
acts go to ``doc.spans[QUESTIONS_KEY]``: one span per question sentence, ``label_`` = act,
``id_`` = the reason.

A Doc is one turn. What needs the whole talk (position, the parent's previous turn) is checked
afterwards by :mod:`analysis.detect.context`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from analysis.detect.lexicons import lexicon_terms
from analysis.detect.questions import (
    QUESTIONS_KEY,
    TERMINATORS,
    QuestionClassifier,
    QuestionVerdict,
    sentence_acts,
)
from analysis.detect.rulefiles import (
    BEHAVIOUR_FILE,
    QUESTION_FILE,
    Constraints,
    Rule,
    load_question_cues,
    load_rules,
)
from analysis.errors import RuleFileError
from analysis.nlp import DEFAULT_VETO, SentenceBoundaries

logger = logging.getLogger(__name__)

SPANS_KEY = "gesprek_gedrag"
SENTENCES_NAME = "gesprek_zinnen"
QUESTIONS_NAME = "gesprek_vragen"
BEHAVIOURS_NAME = "gesprek_gedrag"
SENTER = "senter"
# The reason of a yes/no question after a question-word question in one unpunctuated sentence.
SECOND_QUESTION = "vraag.tweede_vraag"
VETO = DEFAULT_VETO
# Sentence-final punctuation, and a colon or semicolon, which also ends a clause that stands on
# its own in speech ("Als ik het samenvat: ...", "U kent haar het best: hoe krijgt u ...?").
SENTENCE_MARKS = TERMINATORS | {"?!", "!?", ":", ";"}
# At least this many words of a clause before a tag word that does not end the sentence.
MIN_TAGGED_CLAUSE = 3


def contains_sequence(lowers: Sequence[str], terms: Iterable[tuple[str, ...]]) -> bool:
    """True when one of the token sequences ``terms`` occurs in ``lowers``."""
    n = len(lowers)
    for term in terms:
        size = len(term)
        if size == 1:
            if term[0] in lowers:
                return True
            continue
        first = term[0]
        for i in range(n - size + 1):
            if lowers[i] == first and tuple(lowers[i : i + size]) == term:
                return True
    return False


TAG_ATTRS = frozenset({"POS", "TAG", "MORPH", "LEMMA", "DEP"})


def _needs_tags(pattern: Sequence[dict[str, object]]) -> bool:
    """Whether a token pattern uses tagger, lemmatizer or parser output."""
    return any(key.upper() in TAG_ATTRS for token in pattern for key in token)


@Language.factory(
    SENTENCES_NAME,
    assigns=["token.is_sent_start"],
    requires=[],
    default_config={},
)
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    """Sentences of a spoken turn: after . ? ! : ; where the turn has them, else from the
    parser, vetoed by the pipeline's own ``senter`` (trained on unpunctuated text)."""
    if SENTER not in nlp.component_names:
        return SentenceSplitter()
    return SentenceSplitter(SentenceBoundaries(nlp.get_pipe(SENTER), VETO))  # type: ignore[arg-type]


class SentenceSplitter:
    """Sets sentence starts; a later parser keeps them.

    A turn with sentence marks is split after them and nowhere else (every token's
    ``is_sent_start`` set). A turn without any (speech recognition: "ja dat snap ik hoe gaat
    het thuis") is left to the parser, which may start a sentence wherever the ``senter`` (it
    has its own embedding, so it runs here, first) does not veto it; otherwise the whole turn
    would be one sentence and "is it a question", "is this clause a statement" would be asked of
    the whole turn.

    Runs first in the pipeline: it also splits a sentence-final word that the tokenizer glued
    to its full stop because it looks like an abbreviation ("het best." -> "best" + ".").
    """

    def __init__(self, boundaries: SentenceBoundaries | None = None) -> None:
        self.abbreviations = lexicon_terms("title_abbreviations")
        self.boundaries = boundaries

    @staticmethod
    def unmarked(doc: Doc) -> bool:
        """Whether ``doc`` has no sentence mark at all."""
        return not any(t.text in SENTENCE_MARKS for t in doc)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            unmarked = []
            for doc in batch:
                self.split_glued(doc)
                if self.unmarked(doc):
                    unmarked.append(self.split_unmarked(doc))
                else:
                    self.split_marked(doc)
            longer = [doc for doc in unmarked if len(doc) > 2]
            if self.boundaries is not None and longer:
                self.boundaries.veto_starts(longer)
            yield from batch

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    @staticmethod
    def split_unmarked(doc: Doc) -> Doc:
        """The first word starts a sentence and the second never does (which also tells a
        pipeline without parser that the boundaries are set); the parser decides the rest."""
        for token in doc[:2]:
            token.is_sent_start = token.i == 0
        return doc

    def split_glued(self, doc: Doc) -> None:
        """Split a full stop off a sentence-final word the tokenizer kept it on."""
        glued = [
            token
            for token in doc
            if len(token.text) > 2
            and token.text.endswith(".")
            and token.text[:-1].isalpha()
            and token.text[:-1].islower()
            and token.text[:-1] not in self.abbreviations
            and (token.i + 1 == len(doc) or doc[token.i + 1].is_title or doc[token.i + 1].is_space)
        ]
        if glued:
            with doc.retokenize() as retokenizer:
                for token in glued:
                    retokenizer.split(token, [token.text[:-1], "."], heads=[(token, 0), (token, 0)])

    @staticmethod
    def split_marked(doc: Doc) -> None:
        """A sentence starts after each sentence mark and nowhere else."""
        start_next = True
        for token in doc:
            if token.is_space:
                token.is_sent_start = token.i == 0
                continue
            token.is_sent_start = start_next
            start_next = token.text in SENTENCE_MARKS


@Language.factory(
    QUESTIONS_NAME,
    assigns=["doc.spans"],
    requires=["token.is_sent_start"],
    default_config={"cue_file": QUESTION_FILE},
)
def make_question_tagger(nlp: Language, name: str, cue_file: str) -> QuestionTagger:
    """Open and closed questions per sentence (word order, cues from the cue file)."""
    return QuestionTagger(nlp, cue_file)


class QuestionTagger:
    """Marks each question sentence as ``open_question`` or ``closed_question``."""

    def __init__(self, nlp: Language, cue_file: str = QUESTION_FILE) -> None:
        self.cues = {cue.id: cue for cue in load_question_cues(cue_file)}
        self.matcher = Matcher(nlp.vocab, validate=True)
        for cue in self.cues.values():
            try:
                self.matcher.add(cue.id, [list(p) for p in cue.patterns])
            except (ValueError, KeyError) as exc:
                raise RuleFileError(
                    f"{cue.source}:{cue.line}: cue {cue.id!r} has an invalid pattern: {exc}",
                    f"Regelbestand {cue.source}, regel {cue.line}: ongeldig patroon.",
                ) from exc
        self.classifier = QuestionClassifier()
        self.mid_tags = lexicon_terms("mid_sentence_tags")

    def cues_by_sentence(self, doc: Doc) -> dict[int, dict[str, str]]:
        """Cue kinds found per sentence start: ``{sent.start: {kind: cue_id}}``."""
        return {
            start: {kind: cue_id for kind, (cue_id, _, _) in kinds.items()}
            for start, kinds in self.cue_matches(doc).items()
        }

    def cue_matches(self, doc: Doc) -> dict[int, dict[str, tuple[str, int, int]]]:
        """Cues found per sentence start: ``{sent.start: {kind: (cue_id, start, end)}}``."""
        found: dict[int, dict[str, tuple[str, int, int]]] = {}
        for match_id, start, end in self.matcher(doc):
            cue = self.cues[doc.vocab.strings[match_id]]
            # A tag belongs to the sentence it ends, even when the parser put a boundary inside
            # it in a turn without punctuation ("... spreken || we dat zo af").
            sent = doc[end - 1].sent if cue.kind == "tag" else doc[start].sent
            if cue.kind == "tag" and self.opens_next_sentence(doc, start, end):
                # "... een zware tijd || hè die verhuizing": the tag closes the clause before.
                found.setdefault(doc[start - 1].sent.start, {}).setdefault(
                    cue.kind, (cue.id, start, end)
                )
                continue
            if start < sent.start and (cue.kind != "tag" or not SentenceSplitter.unmarked(doc)):
                continue
            if end > sent.end:
                continue
            if cue.kind == "tag" and not (
                self.ends_sentence(doc[end : sent.end])
                or self.mid_tag(doc, start, end, sent)
                or self.classifier.comma_tag(doc, start, end, sent)
            ):
                continue
            if cue.kind == "tag" and any(
                t.lower_ in self.classifier.thanks for t in doc[sent.start : start]
            ):
                continue  # "merci om te komen he": thanks, no check
            if cue.kind == "rhetorical" and sent.end >= len(doc):
                continue  # answered in the same turn only when something follows
            if (
                cue.kind == "imperative"
                and start > sent.start
                and self.after_question_word(doc, start)
            ):
                continue  # "wat neem jij mee": a question word makes it a question
            found.setdefault(sent.start, {}).setdefault(cue.kind, (cue.id, start, end))
        return found

    def mid_tag(self, doc: Doc, start: int, end: int, sent: Span) -> bool:
        """A tag word such as "hè" after a clause with a finite verb, in a turn without marks,
        ends that clause even when the parser went on ("dat is best een stap hè die eerste
        dag")."""
        return (
            end - start == 1
            and doc[start].lower_ in self.mid_tags
            and start - sent.start >= MIN_TAGGED_CLAUSE
            and SentenceSplitter.unmarked(doc)
            and any(t.pos_ in {"VERB", "AUX"} for t in doc[sent.start : start])
            and not self.classifier.filler_tag(doc, end)
        )

    def opens_next_sentence(self, doc: Doc, start: int, end: int) -> bool:
        """A tag word that the parser put first in the next sentence of a turn without marks,
        after a clause with a finite verb."""
        if start == 0 or not doc[start].is_sent_start:
            return False
        before = doc[start - 1].sent
        return self.mid_tag(doc, start, end, before)

    def ends_sentence(self, rest: Span) -> bool:
        """Whether only marks and at most one form of address follow a tag ("klopt het zo
        mevrouw")."""
        words = [t for t in rest if not t.is_punct]
        return len(words) <= 1 and all(t.lower_ in self.classifier.address for t in words)

    def after_question_word(self, doc: Doc, start: int) -> bool:
        """Whether the token before ``start`` is a question word."""
        return doc[start - 1].lower_ in self.classifier.words.question_words

    def __call__(self, doc: Doc) -> Doc:
        matches = self.cue_matches(doc)
        spans: list[Span] = []
        asked = False
        for sent in doc.sents:
            found = matches.get(sent.start, {})
            verdict = self.classifier.classify(
                sent,
                {kind: cue_id for kind, (cue_id, _, _) in found.items()},
                {kind: (start, end) for kind, (_, start, end) in found.items()},
            )
            if asked and self.classifier.hedge_tail(sent.start, sent, self.classifier.subjects):
                verdict = QuestionVerdict(None, "vraag.voorbehoud")  # "... || denkt u"
            asked = verdict.act is not None
            if verdict.act is not None:
                spans.append(
                    Span(doc, sent.start, sent.end, label=verdict.act, span_id=verdict.reason)
                )
            second = self.classifier.second_question(sent, verdict)
            if second is not None:
                spans.append(
                    Span(doc, second[0], sent.end, label=second[1], span_id=SECOND_QUESTION)
                )
        doc.spans[QUESTIONS_KEY] = spans
        return doc


def act_allows(constraint: str, act: str | None) -> bool:
    """Whether a sentence with ``act`` satisfies a rule's ``act`` constraint."""
    if constraint == "any":
        return True
    if constraint == "question":
        return act is not None
    if constraint == "statement":
        return act is None
    if constraint == "not_open":
        return act != "open_question"
    return act == constraint


@Language.factory(
    BEHAVIOURS_NAME,
    assigns=["doc.spans"],
    requires=["token.is_sent_start", "doc.spans"],
    default_config={"rule_file": BEHAVIOUR_FILE},
)
def make_behaviour_matcher(nlp: Language, name: str, rule_file: str) -> BehaviourMatcher:
    """Teacher behaviours per sentence from the rule file (token, phrase, dependency patterns)."""
    return BehaviourMatcher(nlp, rule_file)


class BehaviourMatcher:
    """Runs every rule's patterns and keeps the matches whose sentence meets its constraints."""

    def __init__(self, nlp: Language, rule_file: str = BEHAVIOUR_FILE) -> None:
        self.rules: dict[str, Rule] = {rule.id: rule for rule in load_rules(rule_file)}
        self.matcher = Matcher(nlp.vocab, validate=True)
        # Patterns on tagger output run only on tagged docs (a blank pipeline has none).
        self.tagged_matcher = Matcher(nlp.vocab, validate=True)
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.dep_matcher = DependencyMatcher(nlp.vocab, validate=True)
        self.has_dependency_rules = False
        for rule in self.rules.values():
            try:
                plain = [list(p) for p in rule.patterns if not _needs_tags(p)]
                tagged = [list(p) for p in rule.patterns if _needs_tags(p)]
                if plain:
                    self.matcher.add(rule.id, plain)
                if tagged:
                    self.tagged_matcher.add(rule.id, tagged)
                if rule.phrases:
                    self.phrase_matcher.add(rule.id, list(nlp.tokenizer.pipe(rule.phrases)))
                if rule.dependency:
                    self.dep_matcher.add(rule.id, [list(p) for p in rule.dependency])
                    self.has_dependency_rules = True
            except (ValueError, KeyError) as exc:
                raise RuleFileError(
                    f"{rule.source}:{rule.line}: rule {rule.id!r} has an invalid pattern: {exc}",
                    f"Regelbestand {rule.source}, regel {rule.line}: ongeldig patroon "
                    f"in regel {rule.id}.",
                ) from exc

    def matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        """``(rule_id, start, end)`` of every raw match."""
        strings = doc.vocab.strings
        found = [(strings[m], s, e) for m, s, e in self.matcher(doc)]
        if len(self.tagged_matcher) and doc.has_annotation("POS"):
            found += [(strings[m], s, e) for m, s, e in self.tagged_matcher(doc)]
        found += [(strings[m], s, e) for m, s, e in self.phrase_matcher(doc)]
        if self.has_dependency_rules and doc.has_annotation("DEP"):
            for match_id, token_ids in self.dep_matcher(doc):
                found.append((strings[match_id], min(token_ids), max(token_ids) + 1))
        return found

    @staticmethod
    def sentence_ok(
        where: Constraints, sent: Span, act: str | None, turn_lowers: list[str]
    ) -> bool:
        if not act_allows(where.act, act):
            return False
        lowers = [t.lower_ for t in sent]
        if where.sentence_has and not contains_sequence(lowers, where.sentence_has):
            return False
        if where.sentence_lacks and contains_sequence(lowers, where.sentence_lacks):
            return False
        if where.turn_has and not contains_sequence(turn_lowers, where.turn_has):
            return False
        return not (where.turn_lacks and contains_sequence(turn_lowers, where.turn_lacks))

    def __call__(self, doc: Doc) -> Doc:
        acts = sentence_acts(doc)
        turn_lowers = [t.lower_ for t in doc]
        seen: set[tuple[int, str]] = set()
        spans: list[Span] = []
        for rule_id, start, end in sorted(self.matches(doc), key=lambda m: (m[1], m[2])):
            rule = self.rules[rule_id]
            sent = doc[start].sent
            if end > sent.end or (sent.start, rule_id) in seen:
                continue
            if not self.sentence_ok(rule.where, sent, acts.get(sent.start), turn_lowers):
                continue
            seen.add((sent.start, rule_id))
            spans.append(Span(doc, sent.start, sent.end, label=rule.item, span_id=rule_id))
        # Within a sentence, a rule whose item is suppressed by another item found there goes.
        items_by_sentence: dict[int, set[str]] = {}
        for span in spans:
            items_by_sentence.setdefault(span.start, set()).add(span.label_)
        kept = [
            span
            for span in spans
            if not set(self.rules[span.id_].where.suppressed_by) & items_by_sentence[span.start]
        ]
        doc.spans[SPANS_KEY] = kept
        return doc
