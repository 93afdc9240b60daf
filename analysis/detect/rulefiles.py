"""Loading and validating the rule files under ``analysis/detect/data``.

Files are read as YAML nodes (:mod:`analysis.detect.yaml_nodes`) so that every error names the
file and the line. The schema is strict: unknown keys are rejected (a typo in a rule must not
silently switch a constraint off). Lexicon references (``"@feeling_words"``) in token patterns
and constraints are expanded with :mod:`analysis.detect.lexicons`, so each word list lives in
one place.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from analysis.detect.context import REGISTRY
from analysis.detect.lexicons import (
    Lexicon,
    expand_terms,
    expand_value,
    load_lexicons,
)
from analysis.detect.yaml_nodes import (
    check_keys,
    compose,
    line_of,
    mapping,
    node_error,
    plain,
    string,
    string_list,
)
from analysis.form import load_form

logger = logging.getLogger(__name__)

BEHAVIOUR_FILE = "behaviours.yaml"
QUESTION_FILE = "questions.yaml"

ACT_CONSTRAINTS = ("any", "question", "open_question", "closed_question", "statement", "not_open")
QUESTION_CUE_KINDS = ("invitation", "imperative", "rhetorical", "choice", "tag", "open_follow_up")


@dataclass(frozen=True, slots=True)
class Example:
    """An example sentence of a rule, with the context it needs (for tests and the catalogue)."""

    text: str
    before: str | None = None
    position: float | None = None
    after: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Constraints:
    """Where a match counts: the sentence's act, words it must (not) contain, talk position."""

    act: str = "any"
    position: tuple[float, float] | None = None
    sentence_has: tuple[tuple[str, ...], ...] = ()
    sentence_lacks: tuple[tuple[str, ...], ...] = ()
    turn_has: tuple[tuple[str, ...], ...] = ()
    turn_lacks: tuple[tuple[str, ...], ...] = ()
    context: str | None = None
    suppressed_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """What every entry of a rule file has: its id, its Dutch explanation, where it stands
    (file and line) and the example sentences it must (positive) and must not match."""

    id: str
    explanation: str
    source: str
    line: int
    positive: tuple[Example, ...]
    negative: tuple[Example, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule(Entry):
    """One behaviour rule: patterns that find evidence for one form item."""

    item: str
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    phrases: tuple[str, ...] = ()
    dependency: tuple[tuple[dict[str, Any], ...], ...] = ()
    where: Constraints = field(default_factory=Constraints)
    confidence: float = 0.8


@dataclass(frozen=True, slots=True, kw_only=True)
class QuestionCue(Entry):
    """A token pattern that marks a kind of question (invitation, tag, rhetorical ...)."""

    kind: str
    patterns: tuple[tuple[dict[str, Any], ...], ...]


def _patterns(
    node: yaml.Node, lexicons: Lexicon, source: str, what: str
) -> tuple[tuple[dict[str, Any], ...], ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise node_error(source, line_of(node), f"{what} must be a list of token patterns")
    out: list[tuple[dict[str, Any], ...]] = []
    for pattern_node in node.value:
        pattern = plain(pattern_node)
        if (
            not isinstance(pattern, list)
            or not pattern
            or not all(isinstance(tok, dict) for tok in pattern)
        ):
            raise node_error(
                source, line_of(pattern_node), f"{what}: a pattern is a list of mappings"
            )
        expanded = expand_value(copy.deepcopy(pattern), lexicons, source, line_of(pattern_node))
        out.append(tuple(expanded))
    return tuple(out)


def _examples(node: yaml.Node, source: str, what: str) -> tuple[Example, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise node_error(source, line_of(node), f"{what} must be a list")
    out: list[Example] = []
    for entry in node.value:
        if isinstance(entry, yaml.ScalarNode):
            out.append(Example(string(entry, source, what)))
            continue
        fields = mapping(entry, source, what)
        check_keys(fields, entry, source, what, {"text"}, {"before", "position", "after"})
        position = plain(fields["position"]) if "position" in fields else None
        if position is not None and not isinstance(position, int | float):
            raise node_error(
                source, line_of(fields["position"]), f"{what}: position must be a number"
            )
        out.append(
            Example(
                text=string(fields["text"], source, what),
                before=string(fields["before"], source, what) if "before" in fields else None,
                position=float(position) if position is not None else None,
                after=tuple(string_list(fields["after"], source, what))
                if "after" in fields
                else (),
            )
        )
    return tuple(out)


def _example_block(
    node: yaml.Node, source: str, what: str
) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    fields = mapping(node, source, what)
    check_keys(fields, node, source, what, {"positive", "negative"}, set())
    positive = _examples(fields["positive"], source, f"{what} positive")
    negative = _examples(fields["negative"], source, f"{what} negative")
    if not positive or not negative:
        raise node_error(
            source, line_of(node), f"{what}: give at least one positive and one negative"
        )
    return positive, negative


def _constraints(node: yaml.Node, lexicons: Lexicon, source: str, what: str) -> Constraints:
    fields = mapping(node, source, what)
    optional = {
        "act",
        "position",
        "sentence_has",
        "sentence_lacks",
        "turn_has",
        "turn_lacks",
        "context",
        "suppressed_by",
    }
    check_keys(fields, node, source, what, set(), optional)
    line = line_of(node)
    act = plain(fields["act"]) if "act" in fields else "any"
    if act not in ACT_CONSTRAINTS:
        raise node_error(source, line, f"{what}: act must be one of {', '.join(ACT_CONSTRAINTS)}")
    position = None
    if "position" in fields:
        value = plain(fields["position"])
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int | float) for v in value)
            or not 0 <= value[0] <= value[1] <= 1
        ):
            raise node_error(
                source, line, f"{what}: position is [from, to] with 0 <= from <= to <= 1"
            )
        position = (float(value[0]), float(value[1]))
    context = plain(fields["context"]) if "context" in fields else None
    checks = context_checks()
    if context is not None and context not in checks:
        raise node_error(
            source, line, f"{what}: context must be one of {', '.join(sorted(checks))}"
        )
    suppressed = (
        string_list(fields["suppressed_by"], source, what) if "suppressed_by" in fields else []
    )
    for item in suppressed:
        if item not in load_form().item_ids:
            raise node_error(source, line, f"{what}: unknown item {item!r} in suppressed_by")

    def terms(key: str) -> tuple[tuple[str, ...], ...]:
        if key not in fields:
            return ()
        return expand_terms(string_list(fields[key], source, key), lexicons, source, line)

    return Constraints(
        act=act,
        position=position,
        sentence_has=terms("sentence_has"),
        sentence_lacks=terms("sentence_lacks"),
        turn_has=terms("turn_has"),
        turn_lacks=terms("turn_lacks"),
        context=context,
        suppressed_by=tuple(suppressed),
    )


def context_checks() -> dict[str, bool]:
    """``{name: is_gate}`` of the registered context checks (``analysis.detect.context``)."""
    return {name: check.gate for name, check in REGISTRY.items()}


def _check_context_alive(
    rule_id: str, where: Constraints, has_patterns: bool, line: int, source: str
) -> None:
    """A finder check runs only for a rule without patterns, a gate only filters patterns:
    any other combination makes the check (or the whole rule) dead."""
    if where.context is None:
        return
    gate = context_checks()[where.context]
    if gate and not has_patterns:
        raise node_error(
            source, line, f"rule {rule_id!r}: gate check {where.context!r} needs patterns to filter"
        )
    if not gate and has_patterns:
        raise node_error(
            source,
            line,
            f"rule {rule_id!r}: its patterns make context check {where.context!r} dead "
            "(a finder check is the whole rule; drop the patterns or use a gate)",
        )


@dataclass(frozen=True, slots=True)
class _Node:
    """One entry of a rule file being read: its node, its fields, its id and how errors
    name it (``rule 'x'``)."""

    node: yaml.Node
    fields: dict[str, yaml.Node]
    id: str
    what: str

    @property
    def line(self) -> int:
        return line_of(self.node)

    def common(self, source: str) -> dict[str, Any]:
        """The :class:`Entry` fields, validated (examples first, then the explanation)."""
        positive, negative = _example_block(
            self.fields["examples"], source, f"{self.what} examples"
        )
        return {
            "id": self.id,
            "explanation": string(self.fields["explanation"], source, f"{self.what} explanation"),
            "source": source,
            "line": self.line,
            "positive": positive,
            "negative": negative,
        }


def _entries(
    name: str, top_key: str, kind: str, required: set[str], optional: set[str]
) -> Iterator[_Node]:
    """The entries of rule file ``name`` under ``top_key``, keys checked, ids unique."""
    root_node = compose(name)
    root = mapping(root_node, name, "rule file")
    check_keys(root, root_node, name, "rule file", {top_key}, set())
    entries = root[top_key]
    if not isinstance(entries, yaml.SequenceNode):
        raise node_error(name, line_of(entries), f"{top_key} must be a list")
    seen: set[str] = set()
    for node in entries.value:
        fields = mapping(node, name, kind)
        what = f"{kind} {plain(fields['id']) if 'id' in fields else '?'!r}"
        check_keys(fields, node, name, what, required, optional)
        entry_id = string(fields["id"], name, "id")
        if entry_id in seen:
            raise node_error(name, line_of(node), f"duplicate {kind} id {entry_id!r}")
        seen.add(entry_id)
        yield _Node(node, fields, entry_id, what)


def _optional(entry: _Node, key: str, read: Callable[[yaml.Node, str], Any], empty: Any) -> Any:
    return read(entry.fields[key], f"{entry.what} {key}") if key in entry.fields else empty


@lru_cache(maxsize=4)
def load_rules(name: str = BEHAVIOUR_FILE) -> tuple[Rule, ...]:
    """The behaviour rules of ``name``, validated, with lexicons expanded."""
    lexicons = load_lexicons()
    required = {"id", "item", "explanation", "examples"}
    optional = {"patterns", "phrases", "dependency", "where", "confidence"}
    rules: list[Rule] = []
    for entry in _entries(name, "rules", "rule", required, optional):
        what = entry.what
        item = string(entry.fields["item"], name, f"{what} item")
        if item not in load_form().item_ids:
            raise node_error(name, line_of(entry.fields["item"]), f"{what}: unknown item {item!r}")

        def patterns(node: yaml.Node, what: str) -> tuple[tuple[dict[str, Any], ...], ...]:
            return _patterns(node, lexicons, name, what)

        where = _optional(
            entry, "where", lambda n, w: _constraints(n, lexicons, name, w), Constraints()
        )
        token_patterns = _optional(entry, "patterns", patterns, ())
        dependency = _optional(entry, "dependency", patterns, ())
        phrases = _optional(entry, "phrases", lambda n, w: tuple(string_list(n, name, w)), ())
        if not (token_patterns or dependency or phrases or where.context):
            raise node_error(
                name, entry.line, f"{what}: needs patterns, phrases or a context check"
            )
        _check_context_alive(
            entry.id, where, bool(token_patterns or dependency or phrases), entry.line, name
        )
        confidence = _optional(entry, "confidence", lambda n, w: plain(n), 0.8)
        if not isinstance(confidence, int | float) or not 0 < confidence <= 1:
            raise node_error(name, entry.line, f"{what}: confidence must be in (0, 1]")
        rules.append(
            Rule(
                **entry.common(name),
                item=item,
                patterns=token_patterns,
                phrases=phrases,
                dependency=dependency,
                where=where,
                confidence=float(confidence),
            )
        )
    logger.debug("loaded %d rules from %s", len(rules), name)
    return tuple(rules)


@lru_cache(maxsize=4)
def load_question_cues(name: str = QUESTION_FILE) -> tuple[QuestionCue, ...]:
    """The question cue patterns (invitations, tags, rhetorical questions ...)."""
    lexicons = load_lexicons()
    required = {"id", "kind", "explanation", "patterns", "examples"}
    cues: list[QuestionCue] = []
    for entry in _entries(name, "cues", "cue", required, set()):
        kind = string(entry.fields["kind"], name, f"{entry.what} kind")
        if kind not in QUESTION_CUE_KINDS:
            raise node_error(
                name, line_of(entry.fields["kind"]), f"{entry.what}: unknown kind {kind!r}"
            )
        cues.append(
            QuestionCue(
                **entry.common(name),
                kind=kind,
                patterns=_patterns(
                    entry.fields["patterns"], lexicons, name, f"{entry.what} patterns"
                ),
            )
        )
    return tuple(cues)
