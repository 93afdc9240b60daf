"""Reading the YAML data files under ``analysis/detect/data`` as nodes with line numbers.

The rule and lexicon loaders validate with these helpers, so every error names the file and the
line, and the schema is strict: unknown keys are rejected.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from analysis.errors import RuleFileError

DATA_PACKAGE = "analysis.detect.data"


def read_data(name: str) -> str:
    """The text of data file ``name``."""
    try:
        return resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RuleFileError(
            f"{name}: rule file missing", f"Regelbestand {name} ontbreekt."
        ) from exc


def compose(name: str) -> yaml.Node:
    """The root node of data file ``name``."""
    text = read_data(name)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else "?"
        raise RuleFileError(
            f"{name}:{line}: {exc.problem}", f"Fout in regelbestand {name}, regel {line}."
        ) from exc
    if node is None:
        raise node_error(name, 1, "file is empty")
    return node


def node_error(source: str, line: int, problem: str) -> RuleFileError:
    """The error for a ``problem`` at ``line`` of file ``source``."""
    return RuleFileError(
        f"{source}:{line}: {problem}", f"Fout in regelbestand {source}, regel {line}: {problem}"
    )


def line_of(node: yaml.Node) -> int:
    """The line a node starts on (1-based)."""
    return node.start_mark.line + 1


def plain(node: yaml.Node) -> Any:
    """A node as plain Python data (scalars typed as YAML's safe loader would)."""
    return yaml.SafeLoader(yaml.serialize(node)).get_single_data() if node is not None else None


def mapping(node: yaml.Node, source: str, what: str) -> dict[str, yaml.Node]:
    """A mapping node's entries by key; duplicate or non-scalar keys are errors."""
    if not isinstance(node, yaml.MappingNode):
        raise node_error(source, line_of(node), f"{what} must be a mapping")
    out: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            raise node_error(source, line_of(key), f"{what}: keys must be plain names")
        if key.value in out:
            raise node_error(source, line_of(key), f"{what}: duplicate key {key.value!r}")
        out[key.value] = value
    return out


def check_keys(
    entries: dict[str, yaml.Node],
    node: yaml.Node,
    source: str,
    what: str,
    required: set[str],
    optional: set[str],
) -> None:
    """Reject keys outside ``required | optional`` and missing required ones."""
    for key, value in entries.items():
        if key not in required | optional:
            allowed = ", ".join(sorted(required | optional))
            raise node_error(
                source, line_of(value), f"{what}: unknown key {key!r} (allowed: {allowed})"
            )
    missing = required - entries.keys()
    if missing:
        raise node_error(
            source, line_of(node), f"{what}: missing key(s) {', '.join(sorted(missing))}"
        )


def string(node: yaml.Node, source: str, what: str) -> str:
    """A non-empty string."""
    value = plain(node)
    if not isinstance(value, str) or not value.strip():
        raise node_error(source, line_of(node), f"{what} must be a non-empty string")
    return value


def string_list(node: yaml.Node, source: str, what: str) -> list[str]:
    """A list of strings."""
    value = plain(node)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise node_error(source, line_of(node), f"{what} must be a list of strings")
    return value
