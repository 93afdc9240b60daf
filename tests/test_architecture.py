"""The shape of the code: project modules import each other at the top, and never in a circle.

Every module under ``analysis/`` and ``ui/`` and ``app.py`` is parsed with :mod:`ast` (nothing
is imported). A function-level ``import`` of a project module hides a dependency and usually a
cycle, so it is refused; only optional heavy third-party packages (faster_whisper, torch, ray,
...) may be imported inside a function. The module graph is built from the imports that run
when a module loads (not those under ``if TYPE_CHECKING:``), with the edges Python really
follows: ``import a.b.c`` or ``from a.b import c`` from outside package ``a.b`` runs
``a/__init__``, ``a/b/__init__`` and then ``c``. Any strongly connected component of more than
one module (or a module importing itself) is a cycle.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .conftest import REPO

PROJECT = ("analysis", "ui", "app")

#: Files allowed to import project modules inside functions: none (issue #17). Keep it empty;
#: a function-level import hides a dependency and usually a cycle.
ALLOWED_FUNCTION_IMPORTS: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ImportSite:
    """One project module named by an import statement."""

    file: str
    line: int
    target: str
    in_function: bool
    type_checking: bool


def _module_files() -> dict[str, Path]:
    """Module name → file, for every module of the project."""
    files = [REPO / "app.py"]
    for package in ("analysis", "ui"):
        files.extend(sorted((REPO / package).rglob("*.py")))
    modules = {}
    for path in files:
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


MODULES = _module_files()


def _is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    """The absolute module name of a ``from ... import`` (relative ones resolved)."""
    if not node.level:
        return node.module or ""
    package = importer.split(".") if _is_package(importer) else importer.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _is_project(name: str) -> bool:
    return name.split(".")[0] in PROJECT


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(module: str) -> Iterator[ImportSite]:
    """Every project module the file of ``module`` names in an import statement."""
    path = MODULES[module]
    file = path.relative_to(REPO).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=file)

    def visit(node: ast.AST, in_function: bool, type_checking: bool) -> Iterator[ImportSite]:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _is_project(alias.name):
                    yield ImportSite(file, node.lineno, alias.name, in_function, type_checking)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            if node.level or _is_project(base):
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    target = sub if sub in MODULES else base
                    yield ImportSite(file, node.lineno, target, in_function, type_checking)
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            checking = type_checking or (
                isinstance(node, ast.If) and _is_type_checking(node.test) and child in node.body
            )
            yield from visit(child, inner, checking)

    yield from visit(tree, False, False)


SITES = {module: list(_imports(module)) for module in MODULES}


def _edges(module: str) -> set[str]:
    """The project modules that loading ``module`` runs (see the module docstring)."""
    edges = set()
    for site in SITES[module]:
        if site.in_function or site.type_checking:
            continue
        parts = site.target.split(".")
        for end in range(1, len(parts) + 1):
            name = ".".join(parts[:end])
            inside = module == name or module.startswith(name + ".")
            if name in MODULES and (end == len(parts) or not inside):
                edges.add(name)
    return edges


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module, or a self-import
    (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    found.append(sorted(component))
    return found


def test_the_module_list_covers_the_project():
    assert {"app", "analysis", "analysis.cli", "analysis.workflow", "ui.state"} <= set(MODULES)


def test_edges_are_the_modules_loading_runs():
    # From outside a package its __init__ runs first; from inside it does not.
    assert {"analysis.batch", "analysis.cli.args"} <= _edges("analysis.cli.batch")
    assert "analysis.cli" not in _edges("analysis.cli.batch")
    assert "analysis.transcribe" not in _edges("analysis.transcribe.backends")
    assert "analysis.transcribe.vad" in _edges("analysis.transcribe.backends")
    # A type-only import (under ``if TYPE_CHECKING:``) runs nothing.
    assert "analysis.transcribe.options" not in _edges("analysis.transcribe.backends")


def test_no_function_level_import_of_a_project_module():
    offenders = [
        site
        for sites in SITES.values()
        for site in sites
        if site.in_function and site.file not in ALLOWED_FUNCTION_IMPORTS
    ]
    assert not offenders, "import these at the top of the module instead:\n" + "\n".join(
        f"{site.file}:{site.line}: {site.target}" for site in offenders
    )


def test_files_still_allowed_function_level_imports_are_listed():
    """Prints (and warns about) the files of the allow-list that still need work."""
    offending = {site.file for sites in SITES.values() for site in sites if site.in_function}
    remaining = sorted(offending & ALLOWED_FUNCTION_IMPORTS)
    clean = sorted(ALLOWED_FUNCTION_IMPORTS - offending)
    if remaining or clean:
        message = (
            f"function-level project imports remain in: {', '.join(remaining) or 'none'}; "
            f"clean now, remove from ALLOWED_FUNCTION_IMPORTS: {', '.join(clean) or 'none'}"
        )
        print(message)
        warnings.warn(message, stacklevel=1)


def test_no_import_cycle_among_project_modules():
    graph = {module: _edges(module) for module in MODULES}
    cycles = _cycles(graph)
    lines = []
    for component in cycles:
        lines.append("cycle: " + ", ".join(component))
        for module in component:
            lines.extend(
                f"  {MODULES[module].relative_to(REPO)}: imports {target}"
                for target in sorted(graph[module] & set(component))
            )
    assert not cycles, "\n".join(lines)


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}, "f": set()}
    assert sorted(_cycles(graph)) == [["a", "b", "c"], ["e"]]
