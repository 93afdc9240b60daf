"""Roles (teacher, parent, child) proposed from what is said, for speakers whose name says nothing.

A transcript from another tool calls its speakers "Spreker 1", "SPEAKER_00" or "S1"; speaker
separation of a recording does the same. Their roles are proposed from the talk with the cues of
``role_cues.yaml``: who welcomes and opens, proposes the procedure, speaks about "de klas" from
their own view, addresses the other as "meneer"/"mevrouw" and speaks of "uw zoon", summarises and
closes (the teacher); who speaks of "mijn dochter" and "bij ons thuis", addresses the other as
"juf"/"meester" and asks how the child does at school (a parent); who calls "papa!", has short
turns, is asked questions with "jij" and addressed by first name, or has the highest voice (the
child). Question counts are only one weak cue among these: a hurried parent often asks more
questions than the teacher.

Every speaker gets points per role; the roles of the open speakers are then chosen together,
as the assignment with the most points that fits a parent-teacher talk (one or two teachers, at
most two parents and one child, a child only next to a parent). Every proposal is
``guessed=True`` with a Dutch reason naming the cues that decided it; roles the user set
(``guessed=False``) and roles that follow from the speaker's name are never changed.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from statistics import median
from typing import TYPE_CHECKING, Any

import yaml

from analysis.data_files import read_text
from analysis.errors import ModelError, RuleFileError
from analysis.nlp import load_pipeline
from analysis.records import Role, Speaker, Transcript
from analysis.role_names import is_anonymous_label, role_from_name

if TYPE_CHECKING:
    from spacy.language import Language

logger = logging.getLogger(__name__)

CUE_FILE = "role_cues.yaml"
#: The roles a speaker can be given from the talk.
PROPOSABLE: tuple[Role, ...] = ("teacher", "parent", "child")
#: A speaker whose median pitch is at least this high (Hz) and highest of all sounds like a child.
CHILD_PITCH = 240.0
#: Above this many open speakers the roles are chosen per speaker instead of jointly.
MAX_JOINT = 8

GAP = ".."
NAME = "NAME"
START = "<s>"
END = "</s>"
_SPECIAL = frozenset({GAP, NAME, START, END, ","})
_MAX_GAP = 3
_CUE_KEYS = frozenset(
    {
        "roles",
        "weight",
        "cap",
        "phrases",
        "where",
        "when",
        "with",
        "without",
        "credit",
        "unless_talk_has",
        "explanation",
        "explanation_en",
    }
)
_STRUCTURE_IDS = (
    "first_speaker",
    "most_questions",
    "most_words",
    "short_turns",
    "minimal_answers",
    "highest_voice",
    "addressed_by_first_name",
    "adult_default",
    "named_next_to_teacher_and_parent",
)
_STRUCTURE_KEYS = frozenset({"roles", "weight", "explanation", "explanation_en"})
_PRIOR_IDS = ("second_teacher", "second_parent", "child")
_LEXICON_IDS = (
    "question_words",
    "question_verbs",
    "question_subjects",
    "address_words",
    "greetings",
    "second_person",
    "vocative_you",
    "before_named",
    "flemish_address",
)
_SECTIONS = ("lexicons", "cues", "structure", "priors")
_WHERE = ("any", "question", "statement")
_WHEN = ("any", "opening", "closing")
_CREDIT = ("speaker", "neighbours")
_PREFIX = {
    "teacher": "Vermoedelijk de leerkracht",
    "parent": "Vermoedelijk een ouder",
    "child": "Vermoedelijk het kind",
}
_PREFIX_EN = {
    "teacher": "Probably the teacher",
    "parent": "Probably a parent",
    "child": "Probably the child",
}


# --- the cue book ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue of ``role_cues.yaml``: phrases that point to one or more roles."""

    id: str
    roles: tuple[Role, ...]
    weight: float
    explanation: str
    explanation_en: str
    phrases: tuple[tuple[str, ...], ...] = ()
    cap: int = 3
    where: str = "any"
    when: str = "any"
    with_words: tuple[str, ...] = ()
    without_words: tuple[str, ...] = ()
    credit: str = "speaker"
    unless_talk_has: str | None = None


@dataclass(frozen=True, slots=True)
class CueBook:
    """All cues, the structural cues' weights and the priors."""

    cues: tuple[Cue, ...]
    structure: Mapping[str, Cue]
    priors: Mapping[str, float]
    lexicons: Mapping[str, frozenset[str]]


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _mapping(node: yaml.Node, where: str) -> dict[str, yaml.Node]:
    return {key: value for key, (_, value) in _keys(node, where).items()}


def _keys(node: yaml.Node, where: str) -> dict[str, tuple[int, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise RuleFileError(f"{where}:{_line(node)}: expected a mapping")
    keys: dict[str, tuple[int, yaml.Node]] = {}
    for key, value in node.value:
        if key.value in keys:
            raise RuleFileError(f"{where}:{_line(key)}: {key.value!r} is defined twice")
        keys[key.value] = (_line(key), value)
    return keys


def _scalar_list(node: yaml.Node, where: str) -> tuple[str, ...]:
    if isinstance(node, yaml.ScalarNode):
        return (str(node.value),)
    if not isinstance(node, yaml.SequenceNode) or not all(
        isinstance(item, yaml.ScalarNode) for item in node.value
    ):
        raise RuleFileError(f"{where}:{_line(node)}: expected a word or a list of words")
    return tuple(str(item.value) for item in node.value)


def _number(node: yaml.Node, where: str) -> float:
    try:
        return float(node.value)
    except (TypeError, ValueError) as exc:
        raise RuleFileError(f"{where}:{_line(node)}: expected a number") from exc


def _roles(node: yaml.Node, where: str) -> tuple[Role, ...]:
    roles = _scalar_list(node, where)
    for role in roles:
        if role not in PROPOSABLE:
            raise RuleFileError(f"{where}:{_line(node)}: unknown role {role!r}")
    return roles  # type: ignore[return-value]


def _phrase(text: str, where: str, line: int) -> tuple[str, ...]:
    parts = tuple(part if part in _SPECIAL else part.lower() for part in text.split())
    if not parts or all(part in _SPECIAL for part in parts) or parts[0] == GAP:
        raise RuleFileError(f"{where}:{line}: phrase {text!r} has no words")
    return parts


def _cue(cue_id: str, node: yaml.Node, where: str, keys: frozenset[str]) -> Cue:
    fields = _keys(node, where)
    for key, (line, _) in fields.items():
        if key not in keys:
            raise RuleFileError(f"{where}:{line}: {cue_id}: unknown key {key!r}")
    for key in ("roles", "weight", "explanation", "explanation_en"):
        if key not in fields:
            raise RuleFileError(f"{where}:{_line(node)}: {cue_id}: missing key {key!r}")
    if "phrases" in keys and "phrases" not in fields:
        raise RuleFileError(f"{where}:{_line(node)}: {cue_id}: missing key 'phrases'")
    values: dict[str, Any] = {}
    for key, (line, value) in fields.items():
        if key in ("where", "when", "credit"):
            allowed = {"where": _WHERE, "when": _WHEN, "credit": _CREDIT}[key]
            if value.value not in allowed:
                raise RuleFileError(f"{where}:{line}: {cue_id}: {key} must be one of {allowed}")
            values[key] = value.value
        elif key == "phrases":
            values["phrases"] = tuple(
                _phrase(text, where, line) for text in _scalar_list(value, where)
            )
        elif key == "unless_talk_has":
            values[key] = str(value.value)
        elif key in ("with", "without"):
            values[f"{key}_words"] = tuple(w.lower() for w in _scalar_list(value, where))
        elif key == "cap":
            values["cap"] = int(_number(value, where))
        elif key == "weight":
            values["weight"] = _number(value, where)
        elif key == "roles":
            values["roles"] = _roles(value, where)
        else:
            values[key] = str(value.value)
    return Cue(id=cue_id, **values)


def parse_cue_book(text: str, where: str = f"analysis/{CUE_FILE}") -> CueBook:
    """A :class:`CueBook` from YAML text; every error names the file and the line."""
    try:
        root = yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else "?"
        raise RuleFileError(f"{where}:{line}: {exc.problem}") from exc
    if root is None:
        raise RuleFileError(f"{where}:1: the file is empty")
    sections = _keys(root, where)
    for key, (line, _) in sections.items():
        if key not in _SECTIONS:
            raise RuleFileError(f"{where}:{line}: unknown section {key!r}")
    for key in _SECTIONS:
        if key not in sections:
            raise RuleFileError(f"{where}:1: missing section {key!r}")
    cues = tuple(
        _cue(cue_id, node, where, _CUE_KEYS)
        for cue_id, node in _mapping(sections["cues"][1], where).items()
    )
    structure_nodes = _keys(sections["structure"][1], where)
    structure: dict[str, Cue] = {}
    for cue_id, (line, node) in structure_nodes.items():
        if cue_id not in _STRUCTURE_IDS:
            raise RuleFileError(f"{where}:{line}: unknown structural cue {cue_id!r}")
        structure[cue_id] = _cue(cue_id, node, where, _STRUCTURE_KEYS)
    for cue_id in _STRUCTURE_IDS:
        if cue_id not in structure:
            raise RuleFileError(f"{where}:{sections['structure'][0]}: missing {cue_id!r}")
    priors: dict[str, float] = {}
    for prior_id, (line, node) in _keys(sections["priors"][1], where).items():
        if prior_id not in _PRIOR_IDS:
            raise RuleFileError(f"{where}:{line}: unknown prior {prior_id!r}")
        priors[prior_id] = _number(node, where)
    for prior_id in _PRIOR_IDS:
        priors.setdefault(prior_id, 0.0)
    lexicons: dict[str, frozenset[str]] = {}
    for lexicon_id, (line, node) in _keys(sections["lexicons"][1], where).items():
        if lexicon_id not in _LEXICON_IDS:
            raise RuleFileError(f"{where}:{line}: unknown lexicon {lexicon_id!r}")
        fields = _keys(node, where)
        for key, (key_line, _) in fields.items():
            if key not in ("description", "words"):
                raise RuleFileError(f"{where}:{key_line}: {lexicon_id}: unknown key {key!r}")
        if "words" not in fields:
            raise RuleFileError(f"{where}:{line}: {lexicon_id}: missing key 'words'")
        words = _scalar_list(fields["words"][1], where)
        lexicons[lexicon_id] = frozenset(word.lower() for word in words)
    for lexicon_id in _LEXICON_IDS:
        if lexicon_id not in lexicons:
            raise RuleFileError(f"{where}:{sections['lexicons'][0]}: missing {lexicon_id!r}")
    for cue in cues:
        if cue.unless_talk_has is not None and cue.unless_talk_has not in lexicons:
            raise RuleFileError(
                f"{where}:{_line(_mapping(sections['cues'][1], where)[cue.id])}: {cue.id}: "
                f"unknown lexicon {cue.unless_talk_has!r}"
            )
    return CueBook(cues=cues, structure=structure, priors=priors, lexicons=lexicons)


@lru_cache(maxsize=1)
def cue_book() -> CueBook:
    """The cues of ``analysis/role_cues.yaml`` (loaded once)."""
    return parse_cue_book(read_text(CUE_FILE))


# --- the talk as sentences ------------------------------------------------------------------

_STAGE_DIRECTION = re.compile(r"\([^)]*\)")
_SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+|$)")
_TOKEN = re.compile(r"'s(?=\s)|[^\W_]+(?:['-][^\W_]+)*|,")
_MINIMAL_WORDS = 2


def _looks_like_question(sentence: str, lexicons: Mapping[str, frozenset[str]]) -> bool:
    """A sentence without "?" that starts with a question word or with verb + subject."""
    words = [w for w in _TOKEN.findall(sentence.lower()) if w != ","]
    if not words:
        return False
    if words[0] in lexicons["question_words"]:
        return True
    return (
        len(words) > 1
        and words[0] in lexicons["question_verbs"]
        and words[1] in lexicons["question_subjects"]
    )


def count_questions(text: str) -> int:
    """Questions in ``text``: question marks, else sentences that start like a question."""
    marks = text.count("?")
    if marks:
        return marks
    lexicons = cue_book().lexicons
    return sum(_looks_like_question(s.strip(), lexicons) for s in re.split(r"[.!]+", text))


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a turn as words (lower case, with commas) framed by ``<s>`` … ``</s>``."""

    turn: int
    words: tuple[str, ...]
    cased: tuple[str, ...]
    question: bool

    @property
    def bare(self) -> tuple[str, ...]:
        """The words without commas."""
        return tuple(w for w in self.words if w != ",")


def _clean(text: str) -> str:
    return _STAGE_DIRECTION.sub(" ", text.replace("’", "'").replace("‘", "'"))


def _sentence(
    turn: int, chunk: str, has_marks: bool, lexicons: Mapping[str, frozenset[str]]
) -> Sentence | None:
    tokens = _TOKEN.findall(chunk)
    if not [t for t in tokens if t != ","]:
        return None
    ends = chunk.rstrip()[-1:]
    question = ends == "?" or (
        not has_marks and ends not in {".", "!", "…"} and _looks_like_question(chunk, lexicons)
    )
    cased = (START, *tokens, END)
    words = tuple(t if t in _SPECIAL else t.lower() for t in cased)
    return Sentence(turn=turn, words=words, cased=cased, question=question)


def split_sentences(turn: int, text: str, book: CueBook | None = None) -> list[Sentence]:
    """The sentences of one turn's text (stage directions such as "(lacht)" left out)."""
    lexicons = (book or cue_book()).lexicons
    text = _clean(text)
    has_marks = "?" in text
    chunks = (match.group(0).strip() for match in _SENTENCE.finditer(text))
    return [s for chunk in chunks if (s := _sentence(turn, chunk, has_marks, lexicons))]


def needs_parse(transcript: Transcript) -> bool:
    """Whether the talk is written like speech-recognition output, without the punctuation and
    capitals that mark sentences and names: most longer turns lack ``.``/``?``/``!``, or no
    word has a capital in mid-sentence."""
    long_turns = [t.text for t in transcript.turns if len(t.text.split()) >= 4]
    if not long_turns:
        return False
    unpunctuated = sum(not re.search(r"[.?!…]", text) for text in long_turns)
    capitals = any(re.search(r"\w[ ,]+[A-Z]", text) for text in long_turns)
    return unpunctuated > len(long_turns) / 2 or not capitals


def _parsed_sentences(
    transcript: Transcript, nlp: Language, book: CueBook
) -> tuple[list[Sentence], frozenset[str]]:
    """Sentences from the pipeline's sentence boundaries and the names it tags (PROPN)."""
    texts = [_clean(turn.text) for turn in transcript.turns]
    sentences: list[Sentence] = []
    tagged: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for position, (text, doc) in enumerate(zip(texts, nlp.pipe(texts), strict=True)):
        has_marks = "?" in text
        for sent in doc.sents:
            sentence = _sentence(position, sent.text, has_marks, book.lexicons)
            if sentence is not None:
                sentences.append(sentence)
        for token in doc:
            if token.is_alpha and len(token.text) > 1:
                seen[token.lower_] += 1
                tagged[token.lower_] += token.pos_ == "PROPN"
    names = frozenset(
        word for word, count in tagged.items() if count >= 2 and count >= seen[word] / 2
    )
    return sentences, names


def _pipeline() -> Language | None:
    """The Dutch pipeline, or ``None`` (with a warning) when it cannot be loaded."""
    try:
        return load_pipeline()
    except ModelError as exc:
        logger.warning("roles proposed without the language model: %s", exc)
        return None


def talk_sentences(
    transcript: Transcript,
    book: CueBook | None = None,
    nlp: Language | None = None,
    parse: bool = True,
) -> tuple[list[Sentence], frozenset[str]]:
    """The talk's sentences and the (lower-case) names used in it.

    Punctuated text is split at ``.``/``?``/``!`` and names are the words with a capital in
    mid-sentence. Text without punctuation and capitals (speech recognition) is split by the
    Dutch pipeline (``nlp``, loaded when not given), whose part-of-speech tags find the names;
    ``parse=False`` keeps to the plain text.
    """
    book = book or cue_book()
    sentences = [
        s
        for position, turn in enumerate(transcript.turns)
        for s in split_sentences(position, turn.text, book)
    ]
    names = talk_names(sentences, book)
    if parse and needs_parse(transcript):
        nlp = nlp or _pipeline()
        if nlp is not None:
            sentences, tagged = _parsed_sentences(transcript, nlp, book)
            names = (names | tagged) - _not_names(book)
    return sentences, names


def _not_names(book: CueBook) -> frozenset[str]:
    lexicons = book.lexicons
    return lexicons["address_words"] | lexicons["second_person"] | lexicons["greetings"]


def talk_names(sentences: Sequence[Sentence], book: CueBook | None = None) -> frozenset[str]:
    """Lower-case names used in the talk: words written with a capital in mid-sentence and
    never in lower case (acronyms such as "AVI" and role words such as "Juf" excluded)."""
    capital: set[str] = set()
    lower: set[str] = set()
    for sentence in sentences:
        for position, token in enumerate(sentence.cased[1:-1], start=1):
            if token == "," or not token[0].isalpha():
                continue
            if token[0].islower():
                lower.add(token.lower())
            elif position > 1 and len(token) > 1 and not token.isupper():
                capital.add(token.lower())
    address_words = (book or cue_book()).lexicons["address_words"]
    return frozenset(
        name
        for name in capital - lower
        if name not in address_words and role_from_name(name) is None
    )


def _element_matches(element: str, word: str, names: frozenset[str]) -> bool:
    if element == NAME:
        return word in names
    return element == word


def _match_at(
    seq: Sequence[str], phrase: Sequence[str], i: int, p: int, names: frozenset[str]
) -> bool:
    while p < len(phrase):
        element = phrase[p]
        if element == GAP:
            return any(
                _match_at(seq, phrase, i + skip, p + 1, names)
                for skip in range(_MAX_GAP + 1)
                if i + skip <= len(seq)
            )
        if i >= len(seq) or not _element_matches(element, seq[i], names):
            return False
        i += 1
        p += 1
    return True


def phrase_in(seq: Sequence[str], phrase: Sequence[str], names: frozenset[str]) -> bool:
    """Whether ``phrase`` (see ``role_cues.yaml``) occurs in the word sequence ``seq``."""
    return any(_match_at(seq, phrase, start, 0, names) for start in range(len(seq)))


def _contains_any(bare: Sequence[str], words: Sequence[str]) -> bool:
    padded = f" {' '.join(bare)} "
    return any(f" {word} " in padded for word in words)


# --- evidence per speaker -------------------------------------------------------------------


@dataclass(slots=True)
class Evidence:
    """Points one cue gives a speaker for one role."""

    cue: str
    role: Role
    points: float
    explanation: str
    explanation_en: str


@dataclass(slots=True)
class SpeakerProfile:
    """What the talk says about one speaker: size, questions and the evidence per role."""

    name: str
    turns: int = 0
    words: int = 0
    questions: int = 0
    minimal_turns: int = 0
    first_turn: int = 10**9
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def words_per_turn(self) -> float:
        return self.words / self.turns if self.turns else 0.0

    def score(self, role: Role) -> float:
        """All points for ``role``."""
        return sum(e.points for e in self.evidence if e.role == role)

    def add(self, cue: Cue, points: float, explanation: str = "", english: str = "") -> None:
        for role in cue.roles:
            self.evidence.append(
                Evidence(
                    cue.id,
                    role,
                    points,
                    explanation or cue.explanation,
                    english or cue.explanation_en,
                )
            )


def neighbours(speakers: Sequence[str]) -> list[list[str]]:
    """Per turn, the nearest other speaker before and after it (one or two names)."""
    before: list[str | None] = []
    last: tuple[str, str | None] = ("", None)  # (speaker of the previous turn, other before it)
    for speaker in speakers:
        other = last[1] if speaker == last[0] else (last[0] or None)
        before.append(other)
        last = (speaker, other)
    after: list[str | None] = [None] * len(speakers)
    nxt: tuple[str, str | None] = ("", None)
    for i in range(len(speakers) - 1, -1, -1):
        speaker = speakers[i]
        other = nxt[1] if speaker == nxt[0] else (nxt[0] or None)
        after[i] = other
        nxt = (speaker, other)
    return [
        list(dict.fromkeys(s for s in pair if s is not None))
        for pair in zip(before, after, strict=True)
    ]


def _phrase_index(cues: Sequence[Cue]) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """Phrases by their longest word, so that a sentence only tries phrases it may contain."""
    index: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    for position, cue in enumerate(cues):
        for phrase in cue.phrases:
            key = max((part for part in phrase if part not in _SPECIAL), key=len)
            index[key].append((position, phrase))
    return index


def _applies(cue: Cue, sentence: Sentence, bare: tuple[str, ...], edge: int, n_turns: int) -> bool:
    """Whether ``cue``'s conditions (question, position, with/without) hold for ``sentence``."""
    if (cue.where == "question" and not sentence.question) or (
        cue.where == "statement" and sentence.question
    ):
        return False
    if (cue.when == "opening" and sentence.turn >= edge) or (
        cue.when == "closing" and sentence.turn < n_turns - edge
    ):
        return False
    if cue.with_words and not _contains_any(bare, cue.with_words):
        return False
    return not (cue.without_words and _contains_any(bare, cue.without_words))


def _cue_counts(
    sentences: Sequence[Sentence],
    speakers: Sequence[str],
    book: CueBook,
    names: frozenset[str],
) -> dict[tuple[str, str], float]:
    """Matching sentences per (speaker, cue id); neighbour credit is split between the two."""
    n_turns = len(speakers)
    edge = max(4, math.ceil(n_turns / 10))
    counts: dict[tuple[str, str], float] = defaultdict(float)
    talk_words = {word for sentence in sentences for word in sentence.words}
    active = [
        cue
        for cue in book.cues
        if cue.unless_talk_has is None or not talk_words & book.lexicons[cue.unless_talk_has]
    ]
    index = _phrase_index(active)
    around = neighbours(speakers)
    for sentence in sentences:
        bare = sentence.bare
        vocabulary = set(sentence.words)
        candidates: dict[int, list[tuple[str, ...]]] = defaultdict(list)
        for word in vocabulary:
            for position, phrase in index.get(word, ()):
                candidates[position].append(phrase)
        for position in sorted(candidates):
            cue = active[position]
            if not _applies(cue, sentence, bare, edge, n_turns):
                continue
            if not any(
                _phrase_matches(phrase, sentence, bare, vocabulary, names)
                for phrase in candidates[position]
            ):
                continue
            if cue.credit == "neighbours":
                others = around[sentence.turn]
                for other in others:
                    counts[(other, cue.id)] += 1.0 / len(others)
            else:
                counts[(speakers[sentence.turn], cue.id)] += 1.0
    return counts


def _phrase_matches(
    phrase: tuple[str, ...],
    sentence: Sentence,
    bare: tuple[str, ...],
    vocabulary: set[str],
    names: frozenset[str],
) -> bool:
    if any(part not in _SPECIAL and part not in vocabulary for part in phrase):
        return False
    return phrase_in(sentence.words if "," in phrase else bare, phrase, names)


def _vocatives(
    sentences: Sequence[Sentence],
    speakers: Sequence[str],
    names: frozenset[str],
    lexicons: Mapping[str, frozenset[str]],
    punctuated: bool = True,
) -> Counter[tuple[str, str]]:
    """(name, speaker) pairs: a bare first name used to address someone ("Lieke, vertel eens",
    "…, toch, Lieke?") and the other speaker who talks next."""
    votes: Counter[tuple[str, str]] = Counter()
    for sentence in sentences:
        words = sentence.words
        for i, word in enumerate(words):
            if word not in names or words[i - 1] in lexicons["address_words"]:
                continue
            if not _is_vocative(words, i, lexicons, punctuated):
                continue
            after = next(
                (s for s in speakers[sentence.turn + 1 :] if s != speakers[sentence.turn]), None
            )
            if after is not None:
                votes[(word, after)] += 1
    return votes


def _is_vocative(
    words: Sequence[str], i: int, lexicons: Mapping[str, frozenset[str]], punctuated: bool
) -> bool:
    """Whether the name at ``words[i]`` addresses someone: "Lieke, vertel eens", "…, toch,
    Lieke?", "hoi Lieke"; in text without punctuation also "kevin vertel jij eens" (a name just
    before "jij"/"je"/"u", or ending a sentence that has one), unless a preposition or article
    shows the name is talked about ("met nore")."""
    if words[i - 1] in lexicons["greetings"]:
        return True
    if punctuated:
        return (i == 1 and words[i + 1] == ",") or (words[i + 1] == END and words[i - 1] == ",")
    if words[i - 1] in lexicons["before_named"]:
        return False
    you = lexicons["vocative_you"]
    if any(word in you for word in words[i + 1 : i + 4]):
        return True
    return words[i + 1] == END and any(word in you for word in words)


def _first_name_addressees(votes: Counter[tuple[str, str]]) -> dict[str, tuple[str, int]]:
    """Speaker → (name, times addressed) for names clearly used for one speaker."""
    by_name: dict[str, Counter[str]] = defaultdict(Counter)
    for (name, speaker), count in votes.items():
        by_name[name][speaker] += count
    result: dict[str, tuple[str, int]] = {}
    for name, per_speaker in by_name.items():
        (speaker, count), *_ = per_speaker.most_common(1)
        clear = count >= 2 and count > sum(per_speaker.values()) / 2
        if clear and (speaker not in result or result[speaker][1] < count):
            result[speaker] = (name, count)
    return result


def speaker_profiles(
    transcript: Transcript,
    pitch: Mapping[str, float] | None = None,
    named_child: Sequence[str] = (),
    book: CueBook | None = None,
    nlp: Language | None = None,
    parse: bool = True,
) -> dict[str, SpeakerProfile]:
    """The evidence for every speaker of ``transcript`` (in order of first turn).

    ``pitch`` is the median voice pitch (Hz) per speaker of a recording; ``named_child`` lists
    speakers with a personal name next to a teacher and a parent known by name; ``nlp`` is
    the Dutch pipeline for text without punctuation, not used with ``parse=False`` (see
    :func:`talk_sentences`).
    """
    book = book or cue_book()
    pitch = pitch or {}
    speakers = [turn.speaker for turn in transcript.turns]
    profiles: dict[str, SpeakerProfile] = {}
    sentences, names = talk_sentences(transcript, book, nlp, parse)
    punctuated = not needs_parse(transcript)
    words_per_turn = Counter[int]()
    for sentence in sentences:
        words_per_turn[sentence.turn] += len(sentence.bare) - 2
    for position, turn in enumerate(transcript.turns):
        profile = profiles.setdefault(
            turn.speaker, SpeakerProfile(turn.speaker, first_turn=position)
        )
        n_words = words_per_turn[position]
        profile.turns += 1
        profile.words += n_words
        profile.questions += count_questions(turn.text)
        profile.minimal_turns += 0 < n_words <= _MINIMAL_WORDS
    counts = _cue_counts(sentences, speakers, book, names)
    for cue in book.cues:  # in file order, so that reasons with equal points keep that order
        for name, profile in profiles.items():
            if (count := counts.get((name, cue.id))) is not None:
                profile.add(cue, cue.weight * min(count, cue.cap))
    _structural_evidence(profiles, book, pitch, named_child)
    vocatives = _vocatives(sentences, speakers, names, book.lexicons, punctuated)
    addressees = _first_name_addressees(vocatives)
    cue = book.structure["addressed_by_first_name"]
    for name, (first_name, count) in addressees.items():
        if name in profiles:
            profiles[name].add(
                cue,
                cue.weight * min(count, 3),
                f"{cue.explanation} ('{first_name.capitalize()}')",
                f"{cue.explanation_en} ('{first_name.capitalize()}')",
            )
    return profiles


def _percent(part: float, whole: float) -> int:
    return round(100 * part / whole) if whole else 0


def _structural_evidence(
    profiles: Mapping[str, SpeakerProfile],
    book: CueBook,
    pitch: Mapping[str, float],
    named_child: Sequence[str],
) -> None:
    talking = [p for p in profiles.values() if p.words > 0]
    if len(talking) < 2:
        return
    cues = book.structure
    first = min(talking, key=lambda p: p.first_turn)
    first.add(cues["first_speaker"], cues["first_speaker"].weight)
    total_questions = sum(p.questions for p in talking)
    most = max(talking, key=lambda p: p.questions)
    if most.questions >= 2 and sum(p.questions == most.questions for p in talking) == 1:
        cue = cues["most_questions"]
        most.add(
            cue,
            cue.weight,
            f"{cue.explanation} ({most.questions} van {total_questions})",
            f"{cue.explanation_en} ({most.questions} of {total_questions})",
        )
    total_words = sum(p.words for p in talking)
    wordiest = max(talking, key=lambda p: p.words)
    cue = cues["most_words"]
    share = _percent(wordiest.words, total_words)
    wordiest.add(
        cue,
        cue.weight,
        f"{cue.explanation} ({share}% van de woorden)",
        f"{cue.explanation_en} ({share}% of the words)",
    )
    for profile in talking:
        others = [p.words_per_turn for p in talking if p is not profile]
        if profile.words_per_turn < 0.5 * median(others):
            cue = cues["short_turns"]
            profile.add(
                cue,
                cue.weight,
                f"{cue.explanation} (gemiddeld {profile.words_per_turn:.0f} woorden)",
                f"{cue.explanation_en} ({profile.words_per_turn:.0f} words on average)",
            )
        minimal = profile.minimal_turns / profile.turns
        if minimal >= 0.2:
            cue = cues["minimal_answers"]
            profile.add(cue, cue.weight * minimal)
        profile.add(cues["adult_default"], cues["adult_default"].weight)
        if profile.name in named_child:
            cue = cues["named_next_to_teacher_and_parent"]
            profile.add(
                cue,
                cue.weight,
                f"'{profile.name}' is geen rolnaam; naast leerkracht en ouder",
                f"'{profile.name}' is not a role name; next to a teacher and a parent",
            )
        mine = pitch.get(profile.name)
        other_pitch = [pitch[p.name] for p in talking if p is not profile and p.name in pitch]
        if mine is not None and mine >= CHILD_PITCH and all(mine > hz + 20 for hz in other_pitch):
            cue = cues["highest_voice"]
            profile.add(
                cue,
                cue.weight,
                f"{cue.explanation} (ongeveer {mine:.0f} Hz)",
                f"{cue.explanation_en} (about {mine:.0f} Hz)",
            )


# --- choosing the roles ---------------------------------------------------------------------


def _feasible(roles: Sequence[Role]) -> bool:
    count = Counter(roles)
    return (
        1 <= count["teacher"] <= 2
        and count["parent"] <= 2
        and count["child"] <= 1
        and (count["child"] == 0 or count["parent"] >= 1)
        and count["parent"] + count["child"] >= 1
    )


def _penalty(roles: Sequence[Role], priors: Mapping[str, float]) -> float:
    count = Counter(roles)
    return (
        priors["second_teacher"] * (count["teacher"] >= 2)
        + priors["second_parent"] * (count["parent"] >= 2)
        + priors["child"] * (count["child"] >= 1)
    )


def choose_roles(
    profiles: Mapping[str, SpeakerProfile],
    open_names: Sequence[str],
    fixed: Mapping[str, Role],
    priors: Mapping[str, float],
) -> dict[str, Role]:
    """The roles of ``open_names`` with the most points that, together with the ``fixed``
    roles, fit a parent-teacher talk; per speaker when nothing fits or there are too many."""
    fixed_roles = [role for role in fixed.values() if role in PROPOSABLE]
    scores = {
        name: {role: profiles[name].score(role) for role in PROPOSABLE} for name in open_names
    }
    best: tuple[Role, ...] | None = None
    best_total = -math.inf
    if len(open_names) <= MAX_JOINT:
        for combo in itertools.product(PROPOSABLE, repeat=len(open_names)):
            roles = [*fixed_roles, *combo]
            if not _feasible(roles):
                continue
            total = sum(scores[n][r] for n, r in zip(open_names, combo, strict=True))
            total -= _penalty(roles, priors)
            if total > best_total + 1e-9:
                best, best_total = combo, total
    if best is None:
        best = tuple(max(PROPOSABLE, key=lambda r, n=n: scores[n][r]) for n in open_names)
    return dict(zip(open_names, best, strict=True))


def _reason(profile: SpeakerProfile, role: Role, english: bool = False) -> str:
    items: dict[str, float] = {}
    for evidence in profile.evidence:
        if evidence.role == role and evidence.points > 0:
            text = evidence.explanation_en if english else evidence.explanation
            items[text] = items.get(text, 0.0) + evidence.points
    ranked = sorted(items, key=lambda text: -items[text])[:4]
    prefix = (_PREFIX_EN if english else _PREFIX)[role]
    if not ranked:
        return f"{prefix}."
    return f"{prefix}: " + "; ".join(ranked) + "."


def reason_for(profile: SpeakerProfile, role: Role) -> tuple[str, str]:
    """The Dutch and English reason for giving ``profile`` the ``role``."""
    return _reason(profile, role), _reason(profile, role, english=True)


# --- the public entry point -----------------------------------------------------------------


def open_speakers(transcript: Transcript, refresh: bool = False) -> list[Speaker]:
    """The speakers (copies, in order of first turn) with roles from names applied; with
    ``refresh`` earlier guesses from the talk are dropped so they are made again."""
    existing = {speaker.name: speaker for speaker in transcript.speakers}
    order = list(dict.fromkeys(turn.speaker for turn in transcript.turns))
    speakers: list[Speaker] = []
    for name in [*order, *(n for n in existing if n not in order)]:
        speaker = replace(existing[name]) if name in existing else Speaker(name=name)
        named = role_from_name(name)
        if refresh and speaker.guessed and named is None:
            speaker.role, speaker.reason = "unknown", ""
        if speaker.guessed and named is not None:  # the name wins over a guess from the talk
            speaker.role = named
            speaker.reason = f"De naam '{name}' betekent deze rol."
        speakers.append(speaker)
    return speakers


def propose_roles(
    transcript: Transcript,
    pitch: Mapping[str, float] | None = None,
    refresh: bool = False,
    nlp: Language | None = None,
    parse: bool = True,
) -> Transcript:
    """A copy of ``transcript`` with roles proposed for speakers whose role is still open.

    A speaker's role is open when it is unknown, was not set by the user and does not follow from
    the name. ``pitch`` (median Hz per speaker name, optional) helps to find a child. A talk with
    one speaker gets no proposal. With ``refresh`` earlier guesses from the talk are dropped and
    made again (e.g. after the user set one speaker's role: the others are proposed around it).
    ``nlp`` (the Dutch pipeline, loaded when needed) splits and tags text without punctuation;
    ``parse=False`` proposes from the plain text only.
    """
    speakers = open_speakers(transcript, refresh)
    by_name = {speaker.name: speaker for speaker in speakers}
    talking = {turn.speaker for turn in transcript.turns if turn.text.strip()}
    open_names = [
        s.name for s in speakers if s.role == "unknown" and s.guessed and s.name in talking
    ]
    if open_names and len(talking) >= 2:
        fixed = {s.name: s.role for s in speakers if s.name in talking and s.name not in open_names}
        known = set(fixed.values())
        named_child = (
            [n for n in open_names if not is_anonymous_label(n)]
            if {"teacher", "parent"} <= known
            else []
        )
        book = cue_book()
        profiles = speaker_profiles(transcript, pitch, named_child, book, nlp, parse)
        chosen = choose_roles(profiles, open_names, fixed, book.priors)
        for name, role in chosen.items():
            speaker = by_name[name]
            speaker.role, speaker.guessed = role, True
            speaker.reason = _reason(profiles[name], role)
    roles: dict[str, Role] = {speaker.name: speaker.role for speaker in speakers}
    turns = [replace(turn, role=roles.get(turn.speaker, turn.role)) for turn in transcript.turns]
    return replace(transcript, turns=turns, speakers=speakers)
