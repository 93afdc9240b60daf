"""Project hygiene: lint/format clean, CI runs the README's test command, shared data not copied."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import REPO


def _readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", setup, flags=re.DOTALL)


def test_readme_has_exactly_two_setup_commands():
    commands = _readme_commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)
    assert "streamlit run app.py" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert _readme_commands()[1] in ci.splitlines()


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]])
def test_ruff_is_clean(args: list[str]):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_shared_data_is_copied_into_the_repo():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=False
    ).stdout.splitlines()
    copied = [
        path
        for path in tracked
        if (path.endswith(".conllu") and not path.startswith("models/spoken/"))
        or re.search(r"nl-sentiment\.xml|vl\d+\.wav|nl_(stutter|laughter)\.mp3", path)
    ]
    assert copied == []


def test_training_recipe_is_a_package_run_with_python_m():
    # `python -m models.train ...` from the repository root; no script edits sys.path, and no
    # module of the recipe shadows a PyPI package (the local CoNLL-U reader is models.treebank).
    recipe = sorted((REPO / "models").rglob("*.py"))
    assert REPO / "models" / "__init__.py" in recipe
    assert [p for p in recipe if "sys.path" in p.read_text(encoding="utf-8")] == []
    assert not (REPO / "models" / "conllu.py").exists()
    for script in ("train", "evaluate", "relabel", "spoken_annotate", "word_classes"):
        assert f"python -m models.{script}" in (REPO / "models" / f"{script}.py").read_text(
            encoding="utf-8"
        )


def test_runtime_models_are_package_data_and_models_keeps_the_recipe():
    assert (REPO / "analysis" / "assets" / "nl_gesprek" / "meta.json").is_file()
    assert (REPO / "analysis" / "assets" / "voice_encoder" / "voice_encoder.npz").is_file()
    assert not (REPO / "models" / "nl_gesprek").exists()
    assert not list((REPO / "models").rglob("*.npz"))
    assert (REPO / "models" / "config.cfg").is_file()
    assert (REPO / "models" / "README.md").is_file()
