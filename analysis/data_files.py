"""Loading the package's own data files (YAML/JSON) through importlib.resources."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from analysis.errors import RuleFileError


def read_text(name: str, package: str = "analysis") -> str:
    """The text of a data file shipped inside ``package``."""
    try:
        return resources.files(package).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RuleFileError(
            f"{package}/{name}: data file missing",
            f"Het gegevensbestand {name} ontbreekt in de installatie ({package}).",
        ) from exc


def load_yaml(name: str, package: str = "analysis") -> Any:
    """Parse a YAML data file; syntax errors name the file and line."""
    try:
        return yaml.safe_load(read_text(name, package))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else "?"
        raise RuleFileError(
            f"{package}/{name}:{line}: {exc.problem}",
            f"Fout in gegevensbestand {name}, regel {line}.",
        ) from exc
