"""Loading and validating the rule and lexicon files under ``analysis/detect/data``.

Files are read with :mod:`importlib.resources` and parsed with YAML's node API so that every
error names the file and the line. The schema is strict: unknown keys are rejected (a typo in a
rule must not silently switch a constraint off). Lexicon references (``"@feeling_words"``) in
token patterns and constraints are expanded here, so each word list lives in one place.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from analysis.errors import RuleFileError
from analysis.form import load_form

logger = logging.getLogger(__name__)

DATA_PACKAGE = "analysis.detect.data"
LEXICON_FILE = "lexicons.yaml"
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
class Rule:
    """One behaviour rule: patterns that find evidence for one form item."""

    id: str
    item: str
    explanation: str
    source: str
    line: int
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    phrases: tuple[str, ...] = ()
    dependency: tuple[tuple[dict[str, Any], ...], ...] = ()
    where: Constraints = field(default_factory=Constraints)
    confidence: float = 0.8
    positive: tuple[Example, ...] = ()
    negative: tuple[Example, ...] = ()


@dataclass(frozen=True, slots=True)
class QuestionCue:
    """A token pattern that marks a kind of question (invitation, tag, rhetorical ...)."""

    id: str
    kind: str
    explanation: str
    source: str
    line: int
    patterns: tuple[tuple[dict[str, Any], ...], ...]
    positive: tuple[Example, ...] = ()
    negative: tuple[Example, ...] = ()


# --- YAML nodes with line numbers ---------------------------------------------------------------


def _read(name: str) -> str:
    try:
        return resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RuleFileError(
            f"{name}: rule file missing", f"Regelbestand {name} ontbreekt."
        ) from exc


def _compose(name: str) -> yaml.Node:
    text = _read(name)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else "?"
        raise RuleFileError(
            f"{name}:{line}: {exc.problem}", f"Fout in regelbestand {name}, regel {line}."
        ) from exc
    if node is None:
        raise _error(name, 1, "file is empty")
    return node


def _error(source: str, line: int, problem: str) -> RuleFileError:
    return RuleFileError(
        f"{source}:{line}: {problem}", f"Fout in regelbestand {source}, regel {line}: {problem}"
    )


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _plain(node: yaml.Node) -> Any:
    """A node as plain Python data (scalars typed as YAML's safe loader would)."""
    return yaml.SafeLoader(yaml.serialize(node)).get_single_data() if node is not None else None


def _mapping(node: yaml.Node, source: str, what: str) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise _error(source, _line(node), f"{what} must be a mapping")
    out: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            raise _error(source, _line(key), f"{what}: keys must be plain names")
        if key.value in out:
            raise _error(source, _line(key), f"{what}: duplicate key {key.value!r}")
        out[key.value] = value
    return out


def _check_keys(
    mapping: dict[str, yaml.Node],
    node: yaml.Node,
    source: str,
    what: str,
    required: set[str],
    optional: set[str],
) -> None:
    for key, value in mapping.items():
        if key not in required | optional:
            allowed = ", ".join(sorted(required | optional))
            raise _error(source, _line(value), f"{what}: unknown key {key!r} (allowed: {allowed})")
    missing = required - mapping.keys()
    if missing:
        raise _error(source, _line(node), f"{what}: missing key(s) {', '.join(sorted(missing))}")


def _string(node: yaml.Node, source: str, what: str) -> str:
    value = _plain(node)
    if not isinstance(value, str) or not value.strip():
        raise _error(source, _line(node), f"{what} must be a non-empty string")
    return value


def _string_list(node: yaml.Node, source: str, what: str) -> list[str]:
    value = _plain(node)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _error(source, _line(node), f"{what} must be a list of strings")
    return value


# --- lexicons ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_lexicons() -> dict[str, tuple[str, ...]]:
    """All named word lists, lower-cased, keyed by name."""
    root = _mapping(_compose(LEXICON_FILE), LEXICON_FILE, "lexicon file")
    lexicons: dict[str, tuple[str, ...]] = {}
    for name, node in root.items():
        entry = _mapping(node, LEXICON_FILE, f"lexicon {name!r}")
        _check_keys(
            entry, node, LEXICON_FILE, f"lexicon {name!r}", {"description", "words"}, {"source"}
        )
        _string(entry["description"], LEXICON_FILE, f"lexicon {name!r} description")
        words = _string_list(entry["words"], LEXICON_FILE, f"lexicon {name!r} words")
        if not words:
            raise _error(LEXICON_FILE, _line(node), f"lexicon {name!r} is empty")
        lexicons[name] = tuple(dict.fromkeys(w.lower() for w in words))
    return lexicons


def expand_terms(
    terms: list[str], lexicons: dict[str, tuple[str, ...]], source: str, line: int
) -> tuple[tuple[str, ...], ...]:
    """Constraint terms as token sequences; ``@name`` expands to every word of that lexicon."""
    out: list[tuple[str, ...]] = []
    for term in terms:
        if term.startswith("@"):
            words = lexicons.get(term[1:])
            if words is None:
                raise _error(source, line, f"unknown lexicon {term!r}")
            out.extend(tuple(w.split()) for w in words)
        else:
            out.append(tuple(term.lower().split()))
    return tuple(out)


def _expand_value(value: Any, lexicons: dict[str, tuple[str, ...]], source: str, line: int) -> Any:
    """Replace ``"@name"`` inside IN/NOT_IN lists (or as the whole list) by the lexicon."""
    if isinstance(value, str) and value.startswith("@"):
        words = lexicons.get(value[1:])
        if words is None:
            raise _error(source, line, f"unknown lexicon {value!r}")
        return [w for w in words if " " not in w]
    if isinstance(value, list):
        out: list[Any] = []
        for part in value:
            expanded = _expand_value(part, lexicons, source, line)
            if isinstance(part, str) and part.startswith("@"):
                out.extend(expanded)
            else:
                out.append(expanded)
        return out
    if isinstance(value, dict):
        return {key: _expand_value(v, lexicons, source, line) for key, v in value.items()}
    return value


def _patterns(
    node: yaml.Node, lexicons: dict[str, tuple[str, ...]], source: str, what: str
) -> tuple[tuple[dict[str, Any], ...], ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise _error(source, _line(node), f"{what} must be a list of token patterns")
    out: list[tuple[dict[str, Any], ...]] = []
    for pattern_node in node.value:
        pattern = _plain(pattern_node)
        if (
            not isinstance(pattern, list)
            or not pattern
            or not all(isinstance(tok, dict) for tok in pattern)
        ):
            raise _error(source, _line(pattern_node), f"{what}: a pattern is a list of mappings")
        expanded = _expand_value(copy.deepcopy(pattern), lexicons, source, _line(pattern_node))
        out.append(tuple(expanded))
    return tuple(out)


def _examples(node: yaml.Node, source: str, what: str) -> tuple[Example, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise _error(source, _line(node), f"{what} must be a list")
    out: list[Example] = []
    for entry in node.value:
        if isinstance(entry, yaml.ScalarNode):
            out.append(Example(_string(entry, source, what)))
            continue
        mapping = _mapping(entry, source, what)
        _check_keys(mapping, entry, source, what, {"text"}, {"before", "position", "after"})
        position = _plain(mapping["position"]) if "position" in mapping else None
        if position is not None and not isinstance(position, int | float):
            raise _error(source, _line(mapping["position"]), f"{what}: position must be a number")
        out.append(
            Example(
                text=_string(mapping["text"], source, what),
                before=_string(mapping["before"], source, what) if "before" in mapping else None,
                position=float(position) if position is not None else None,
                after=tuple(_string_list(mapping["after"], source, what))
                if "after" in mapping
                else (),
            )
        )
    return tuple(out)


def _example_block(
    node: yaml.Node, source: str, what: str
) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    mapping = _mapping(node, source, what)
    _check_keys(mapping, node, source, what, {"positive", "negative"}, set())
    positive = _examples(mapping["positive"], source, f"{what} positive")
    negative = _examples(mapping["negative"], source, f"{what} negative")
    if not positive or not negative:
        raise _error(source, _line(node), f"{what}: give at least one positive and one negative")
    return positive, negative


def _constraints(
    node: yaml.Node, lexicons: dict[str, tuple[str, ...]], source: str, what: str
) -> Constraints:
    mapping = _mapping(node, source, what)
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
    _check_keys(mapping, node, source, what, set(), optional)
    line = _line(node)
    act = _plain(mapping["act"]) if "act" in mapping else "any"
    if act not in ACT_CONSTRAINTS:
        raise _error(source, line, f"{what}: act must be one of {', '.join(ACT_CONSTRAINTS)}")
    position = None
    if "position" in mapping:
        value = _plain(mapping["position"])
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int | float) for v in value)
            or not 0 <= value[0] <= value[1] <= 1
        ):
            raise _error(source, line, f"{what}: position is [from, to] with 0 <= from <= to <= 1")
        position = (float(value[0]), float(value[1]))
    context = _plain(mapping["context"]) if "context" in mapping else None
    checks = context_checks()
    if context is not None and context not in checks:
        raise _error(source, line, f"{what}: context must be one of {', '.join(sorted(checks))}")
    suppressed = (
        _string_list(mapping["suppressed_by"], source, what) if "suppressed_by" in mapping else []
    )
    for item in suppressed:
        if item not in load_form().item_ids:
            raise _error(source, line, f"{what}: unknown item {item!r} in suppressed_by")

    def terms(key: str) -> tuple[tuple[str, ...], ...]:
        if key not in mapping:
            return ()
        return expand_terms(_string_list(mapping[key], source, key), lexicons, source, line)

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
    from analysis.detect.context import REGISTRY

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
        raise _error(
            source, line, f"rule {rule_id!r}: gate check {where.context!r} needs patterns to filter"
        )
    if not gate and has_patterns:
        raise _error(
            source,
            line,
            f"rule {rule_id!r}: its patterns make context check {where.context!r} dead "
            "(a finder check is the whole rule; drop the patterns or use a gate)",
        )


def _rules_root(name: str, top_key: str) -> list[yaml.Node]:
    root_node = _compose(name)
    root = _mapping(root_node, name, "rule file")
    _check_keys(root, root_node, name, "rule file", {top_key}, set())
    rules = root[top_key]
    if not isinstance(rules, yaml.SequenceNode):
        raise _error(name, _line(rules), f"{top_key} must be a list")
    return list(rules.value)


@lru_cache(maxsize=4)
def load_rules(name: str = BEHAVIOUR_FILE) -> tuple[Rule, ...]:
    """The behaviour rules of ``name``, validated, with lexicons expanded."""
    lexicons = load_lexicons()
    required = {"id", "item", "explanation", "examples"}
    optional = {"patterns", "phrases", "dependency", "where", "confidence"}
    rules: list[Rule] = []
    seen: set[str] = set()
    for node in _rules_root(name, "rules"):
        mapping = _mapping(node, name, "rule")
        rule_id = _plain(mapping["id"]) if "id" in mapping else "?"
        what = f"rule {rule_id!r}"
        _check_keys(mapping, node, name, what, required, optional)
        rule_id = _string(mapping["id"], name, "id")
        if rule_id in seen:
            raise _error(name, _line(node), f"duplicate rule id {rule_id!r}")
        seen.add(rule_id)
        item = _string(mapping["item"], name, f"{what} item")
        if item not in load_form().item_ids:
            raise _error(name, _line(mapping["item"]), f"{what}: unknown item {item!r}")
        where = (
            _constraints(mapping["where"], lexicons, name, f"{what} where")
            if "where" in mapping
            else Constraints()
        )
        patterns = (
            _patterns(mapping["patterns"], lexicons, name, f"{what} patterns")
            if "patterns" in mapping
            else ()
        )
        dependency = (
            _patterns(mapping["dependency"], lexicons, name, f"{what} dependency")
            if "dependency" in mapping
            else ()
        )
        phrases = (
            tuple(_string_list(mapping["phrases"], name, f"{what} phrases"))
            if "phrases" in mapping
            else ()
        )
        if not (patterns or dependency or phrases or where.context):
            raise _error(name, _line(node), f"{what}: needs patterns, phrases or a context check")
        _check_context_alive(
            rule_id, where, bool(patterns or dependency or phrases), _line(node), name
        )
        confidence = _plain(mapping["confidence"]) if "confidence" in mapping else 0.8
        if not isinstance(confidence, int | float) or not 0 < confidence <= 1:
            raise _error(name, _line(node), f"{what}: confidence must be in (0, 1]")
        positive, negative = _example_block(mapping["examples"], name, f"{what} examples")
        rules.append(
            Rule(
                id=rule_id,
                item=item,
                explanation=_string(mapping["explanation"], name, f"{what} explanation"),
                source=name,
                line=_line(node),
                patterns=patterns,
                phrases=phrases,
                dependency=dependency,
                where=where,
                confidence=float(confidence),
                positive=positive,
                negative=negative,
            )
        )
    logger.debug("loaded %d rules from %s", len(rules), name)
    return tuple(rules)


@lru_cache(maxsize=4)
def load_question_cues(name: str = QUESTION_FILE) -> tuple[QuestionCue, ...]:
    """The question cue patterns (invitations, tags, rhetorical questions ...)."""
    lexicons = load_lexicons()
    cues: list[QuestionCue] = []
    seen: set[str] = set()
    for node in _rules_root(name, "cues"):
        mapping = _mapping(node, name, "cue")
        cue_id = _plain(mapping["id"]) if "id" in mapping else "?"
        what = f"cue {cue_id!r}"
        _check_keys(
            mapping, node, name, what, {"id", "kind", "explanation", "patterns", "examples"}, set()
        )
        cue_id = _string(mapping["id"], name, "id")
        if cue_id in seen:
            raise _error(name, _line(node), f"duplicate cue id {cue_id!r}")
        seen.add(cue_id)
        kind = _string(mapping["kind"], name, f"{what} kind")
        if kind not in QUESTION_CUE_KINDS:
            raise _error(name, _line(mapping["kind"]), f"{what}: unknown kind {kind!r}")
        positive, negative = _example_block(mapping["examples"], name, f"{what} examples")
        cues.append(
            QuestionCue(
                id=cue_id,
                kind=kind,
                explanation=_string(mapping["explanation"], name, f"{what} explanation"),
                source=name,
                line=_line(node),
                patterns=_patterns(mapping["patterns"], lexicons, name, f"{what} patterns"),
                positive=positive,
                negative=negative,
            )
        )
    return tuple(cues)


def lexicon_terms(name: str) -> frozenset[str]:
    """The single-word entries of one lexicon, for quick membership tests in code."""
    words = load_lexicons().get(name)
    if words is None:
        raise RuleFileError(
            f"{LEXICON_FILE}: unknown lexicon {name!r}",
            f"De woordenlijst '{name}' staat niet in {LEXICON_FILE}.",
        )
    return frozenset(w for w in words if " " not in w)
