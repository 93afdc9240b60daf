"""Find the observation form's teacher behaviours and question acts in a transcript.

``build_nlp()`` returns the Dutch pipeline with this package's components added; ``detect()``
runs it over a transcript's turns and turns the spans into :class:`Finding` records, checking
what needs the whole talk (position, the parent's previous turn) on the way. Metrics,
suggestions and the form are the next steps of :func:`analysis.pipeline.analyse`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from analysis.detect import (
    context_actions,  # noqa: F401  (registers its checks)
    context_child,  # noqa: F401  (registers its checks)
    context_class_items,  # noqa: F401  (registers its checks)
    context_closing,  # noqa: F401  (registers its checks)
    context_conduct,  # noqa: F401  (registers its checks)
    context_feelings,  # noqa: F401  (registers its checks)
    context_home,  # noqa: F401  (registers its checks)
    context_listening,  # noqa: F401  (registers its checks)
    context_opening,  # noqa: F401  (registers its checks)
    context_plans,  # noqa: F401  (registers its checks)
    context_reflection,  # noqa: F401  (registers the reflection checks)
    context_strengths,  # noqa: F401  (registers its checks)
    context_warmth,  # noqa: F401  (registers its checks)
)
from analysis.detect.components import (
    BEHAVIOURS_NAME,
    QUESTIONS_NAME,
    SENTENCES_NAME,
    SPANS_KEY,
    BehaviourMatcher,
)
from analysis.detect.context import REGISTRY, TurnContext, content_words, finders
from analysis.detect.lexicons import Lexicons
from analysis.detect.questions import QUESTIONS_KEY, sentence_acts
from analysis.detect.rulefiles import Rule, load_rules
from analysis.detect.second_opinion import (
    apply_second_opinion,
    load_second_opinion,
    on_by_default,
)
from analysis.nlp import load_private_pipeline
from analysis.records import Finding, Transcript, Turn

logger = logging.getLogger(__name__)

__all__ = [
    "QUESTIONS_KEY",
    "SPANS_KEY",
    "DetectorResult",
    "add_components",
    "build_nlp",
    "detect",
    "detect_turn",
]


@dataclass(frozen=True, slots=True)
class DetectorResult:
    """What :func:`detect` finds in a transcript.

    ``acts`` are the question acts of each teacher turn (sorted, once each); ``questions`` the
    act of every question sentence per turn, in order (two questions in one turn count twice).
    """

    findings: list[Finding]
    acts: dict[int, list[str]]
    questions: dict[int, list[str]]


def add_components(nlp: Language) -> Language:
    """Add this package's components to ``nlp`` (once); returns ``nlp``."""
    if SENTENCES_NAME not in nlp.pipe_names:
        # This package sets sentence boundaries itself; other splitters would overwrite them.
        for other in ("senter", "gesprek_punct_sentences"):
            if other in nlp.pipe_names and other not in nlp.disabled:
                nlp.disable_pipe(other)
        # First: it may split tokens, which must happen before tagging and parsing.
        nlp.add_pipe(SENTENCES_NAME, first=True)
    if QUESTIONS_NAME not in nlp.pipe_names:
        nlp.add_pipe(QUESTIONS_NAME)
    if BEHAVIOURS_NAME not in nlp.pipe_names:
        nlp.add_pipe(BEHAVIOURS_NAME)
    return nlp


def _private_copy(nlp: Language) -> Language:
    """A copy of the shared pipeline, so adding components leaves ``load_pipeline()``'s own
    object as other callers expect it."""
    copy = nlp.__class__.from_config(nlp.config)
    copy.from_bytes(nlp.to_bytes())
    return copy


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """The trained Dutch pipeline plus the rule components (cached).

    Raises:
        ModelError: the trained pipeline (or, when it is on by default, the second
            opinion's model) is missing or broken; there is no blank fallback (a test wanting
            lexical rules only builds ``add_components(spacy.blank("nl"))``).
    """
    nlp = add_components(load_private_pipeline())
    if on_by_default():
        load_second_opinion()  # loaded with the pipeline, so the first detect() does not wait
    return nlp


_READY: dict[int, Language] = {}


def _ready(nlp: Language) -> Language:
    """``nlp`` if it already has this package's components, else a private copy with them
    (cached), so a caller's shared pipeline is never changed."""
    if BEHAVIOURS_NAME in nlp.pipe_names:
        return nlp
    if id(nlp) not in _READY:
        _READY[id(nlp)] = add_components(_private_copy(nlp))
    return _READY[id(nlp)]


@lru_cache(maxsize=1)
def _rules() -> dict[str, Rule]:
    return {rule.id: rule for rule in load_rules()}


@lru_cache(maxsize=1)
def _lexicons() -> Lexicons:
    return Lexicons()


def _position_ok(rule: Rule, position: float | None) -> bool:
    if rule.where.position is None or position is None:
        return True
    low, high = rule.where.position
    return low <= position <= high


def detect_turn(doc: Doc, ctx: TurnContext) -> list[tuple[Rule, Span]]:
    """The rules that hold in one teacher turn (a processed Doc) in its context."""
    rules = _rules()
    lex = _lexicons()
    kept: list[tuple[Rule, Span]] = []
    gates: dict[str, set[int]] = {}
    for span in doc.spans.get(SPANS_KEY, []) if SPANS_KEY in doc.spans else []:
        rule = rules[span.id_]
        if not _position_ok(rule, ctx.position):
            continue
        check = REGISTRY.get(rule.where.context) if rule.where.context else None
        if check is not None and check.gate:
            if check.name not in gates:
                gates[check.name] = {s.start for s in check.run(doc, ctx, set(), lex, [])}
            if span.start not in gates[check.name]:
                continue
        kept.append((rule, span))
    found = {rule.item for rule, _ in kept}
    by_check = {
        r.where.context: r
        for r in rules.values()
        if r.where.context and not (r.patterns or r.phrases or r.dependency)
    }
    acts = sentence_acts(doc)
    turn_lowers = [t.lower_ for t in doc]
    for check in finders():
        rule = by_check.get(check.name)
        if rule is None or not _position_ok(rule, ctx.position):
            continue
        pairs = [(r.item, s) for r, s in kept]
        for span in check.run(doc, ctx, set(found), lex, pairs):
            if not BehaviourMatcher.sentence_ok(
                rule.where, span, acts.get(span.start), turn_lowers
            ):
                continue
            kept.append((rule, span))
            found.add(rule.item)
    if "summarise_check" in found:
        kept = [(r, s) for r, s in kept if r.item != "active_listening"]
    return _suppress(kept)


def _suppress(kept: list[tuple[Rule, Span]]) -> list[tuple[Rule, Span]]:
    """Drop a rule whose ``suppressed_by`` items were found in the same sentence, also when a
    context check found it (the matcher already does this for the rules it matches)."""
    items_at: dict[int, set[str]] = {}
    for rule, span in kept:
        items_at.setdefault(span.start, set()).add(rule.item)
    return [(r, s) for r, s in kept if not set(r.where.suppressed_by) & items_at[s.start]]


def _parent_block(
    turns: list[Turn], docs: list[Doc], index: int, lex: Lexicons
) -> tuple[list[Doc], bool]:
    """Non-teacher turns since the previous teacher turn; one block further back if that block
    is only back-channel. Also whether the nearest block ends in a question."""

    def block_before(i: int) -> tuple[list[int], int]:
        j = i - 1
        while j >= 0 and turns[j].role == "teacher":
            j -= 1
        members: list[int] = []
        while j >= 0 and turns[j].role != "teacher":
            members.append(j)
            j -= 1
        return sorted(members), j

    j = index - 1
    members: list[int] = []
    while j >= 0 and turns[j].role != "teacher":
        members.append(j)
        j -= 1
    members.sort()
    is_question = False
    if members:
        last = docs[members[-1]]
        sents = list(last.sents)
        if sents:
            is_question = any(
                span.start >= sents[-1].start for span in last.spans.get(QUESTIONS_KEY, [])
            )
    block = [docs[k] for k in members]
    content = set()
    for d in block:
        content |= content_words(d, lex)
    if len(content) < 2:
        first = members[0] if members else index
        earlier, _ = block_before(first)
        # Look one block further back only over a single teacher turn.
        teacher_between = sum(
            1
            for k in range((earlier[-1] + 1) if earlier else first, first)
            if turns[k].role == "teacher"
        )
        if earlier and teacher_between <= 1:
            block = [docs[k] for k in earlier] + block
    return block, is_question


#: Turns per ``nlp.pipe`` batch. spaCy's default (1,000) made a two-hour talk's batch take
#: 0.37 GB of activations; 64 takes 0.05 GB at the same speed.
_PIPE_BATCH = 64


def _process(nlp: Language, turns: list[Turn]) -> list[Doc]:
    """Teacher turns through the whole pipeline; the others only as far as context needs
    (words, lemmas, question acts), which halves the work."""
    docs: list[Doc | None] = [None] * len(turns)
    teacher = [k for k, t in enumerate(turns) if t.role == "teacher"]
    others = [k for k, t in enumerate(turns) if t.role != "teacher"]
    texts = (turns[k].text for k in teacher)
    for k, doc in zip(teacher, nlp.pipe(texts, batch_size=_PIPE_BATCH), strict=True):
        docs[k] = doc
    skip = [name for name in (BEHAVIOURS_NAME, "parser") if name in nlp.pipe_names]
    texts = (turns[k].text for k in others)
    for k, doc in zip(others, nlp.pipe(texts, disable=skip, batch_size=_PIPE_BATCH), strict=True):
        docs[k] = doc
    return [doc for doc in docs if doc is not None]


def detect(
    transcript: Transcript, nlp: Language | None = None, second_opinion: bool | None = None
) -> DetectorResult:
    """The findings and question acts of the teacher's turns in ``transcript``.

    ``second_opinion``: add the statistical model's findings where no rule matched and lower
    the confidence of rule findings it doubts (:mod:`analysis.detect.second_opinion`);
    ``None`` follows the shipped settings' default.
    """
    nlp = _ready(nlp) if nlp is not None else build_nlp()
    turns = transcript.turns
    docs = _process(nlp, turns)
    lex = _lexicons()
    count = len(turns)
    findings: list[Finding] = []
    acts: dict[int, list[str]] = {}
    questions: dict[int, list[str]] = {}
    teacher_items: list[set[str]] = []
    teacher_docs: list[Doc] = []
    earlier_content: list[set[str]] = []
    seen: set[str] = set()
    for k, (turn, doc) in enumerate(zip(turns, docs, strict=True)):
        if turn.role != "teacher":
            earlier_content.append(content_words(doc, lex))
            continue
        block, is_question = _parent_block(turns, docs, k, lex)
        ctx = TurnContext(
            position=k / max(count - 1, 1),
            parent_before=block,
            parent_is_question=is_question,
            previous_teacher_items=list(teacher_items),
            previous_teacher_docs=list(teacher_docs),
            earlier_content=list(earlier_content),
            seen_items=set(seen),
        )
        kept = detect_turn(doc, ctx)
        items: set[str] = set()
        for rule, span in kept:
            items.add(rule.item)
            findings.append(
                Finding(
                    item=rule.item,
                    turn=turn.index,
                    quote=span.text,
                    char_start=span.start_char,
                    char_end=span.end_char,
                    rule=rule.id,
                    explanation=rule.explanation,
                    confidence=rule.confidence,
                    speaker=turn.speaker,
                    start=turn.start,
                    end=turn.end,
                )
            )
        sentence_acts_here = [span.label_ for span in doc.spans.get(QUESTIONS_KEY, [])]
        if sentence_acts_here:
            acts[turn.index] = sorted(set(sentence_acts_here))
            questions[turn.index] = sentence_acts_here
        teacher_items.append(items)
        teacher_docs.append(doc)
        earlier_content.append(content_words(doc, lex))
        seen |= items
    use_second_opinion = on_by_default() if second_opinion is None else second_opinion
    if use_second_opinion:
        findings = apply_second_opinion(load_second_opinion(), turns, docs, findings)
    return DetectorResult(findings=_dedupe(findings), acts=acts, questions=questions)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per (turn, item, sentence): the most confident rule wins."""
    best: dict[tuple[int, str, int], Finding] = {}
    for finding in findings:
        key = (finding.turn, finding.item, finding.char_start)
        if key not in best or finding.confidence > best[key].confidence:
            best[key] = finding
    return sorted(best.values(), key=lambda f: (f.turn, f.char_start, f.item))


def context_for_example(
    nlp: Language,
    before: str | None = None,
    position: float | None = None,
    after: tuple[str, ...] = (),
) -> TurnContext:
    """A turn context for a rule example: what the parent said before (each of its sentences
    also counts as an earlier turn), where in the talk, the items of the previous teacher turn."""
    block = [nlp(before)] if before else []
    lex = _lexicons()
    earlier = [content_words(s, lex) for d in block for s in d.sents]
    is_question = False
    if block:
        sents = list(block[0].sents)
        is_question = any(s.start >= sents[-1].start for s in block[0].spans[QUESTIONS_KEY])
    return TurnContext(
        position=position,
        parent_before=block,
        parent_is_question=is_question,
        previous_teacher_items=[set(after)] if after else [],
        earlier_content=earlier,
    )


def rules_in_text(
    text: str,
    before: str | None = None,
    position: float | None = None,
    nlp: Language | None = None,
    after: tuple[str, ...] = (),
) -> set[str]:
    """Ids of the rules that hold for one teacher turn ``text`` (for tests and tuning)."""
    nlp = _ready(nlp) if nlp is not None else build_nlp()
    doc = nlp(text)
    ctx = context_for_example(nlp, before, position, after)
    return {rule.id for rule, _ in detect_turn(doc, ctx)}
