"""The package installs as a wheel: runtime models inside, recipe and tests outside, and the
installed copy analyses a transcript and a recording as the editable install does.

One module-scoped build: the tracked (and new, not ignored) files are copied to a temporary
folder, so building never writes ``build/`` or ``*.egg-info`` into the work tree, then
``pip wheel --no-deps --no-build-isolation`` (offline; with build isolation only when this
Python has no setuptools). The wheel is installed with ``--no-deps`` into a fresh virtual
environment with the system's site-packages (for the dependencies), and run from another
working directory.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO, SAMPLES

pytestmark = pytest.mark.slow  # builds and installs a 38 MB wheel, loads the models; offline

SAMPLE = SAMPLES / "bedeesde-ouder-sterk.txt"
RECORDING = REPO / "tests" / "data" / "diarize" / "two_voices.ogg"
ASSETS = "analysis/assets"
#: Where the package and its models are imported from, one path a line.
WHERE = (
    "import analysis, analysis.assets as a; "
    "print(analysis.__file__, a.nlp_model_path(), a.voice_encoder_path(), sep='\\n')"
)


def _source_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return [path for path in listed.split("\0") if path and (REPO / path).is_file()]


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 300):
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for path in _source_files():
        target = source / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / path, target)
    dist = tmp_path_factory.mktemp("dist")
    isolation = [] if importlib.util.find_spec("setuptools") is None else ["--no-build-isolation"]
    _run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", *isolation, "-w", str(dist)],
        cwd=source,
    )
    (built,) = dist.glob("gesprekscoach-*.whl")
    return built


@pytest.fixture(scope="module")
def names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment (dependencies from the system) with only the wheel installed."""
    root = tmp_path_factory.mktemp("venv") / "env"
    _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(root)], REPO)
    python = root / "bin" / "python"
    # The system's pip, run by the venv's interpreter, installs into the venv.
    _run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--no-compile",
            str(wheel),
        ],
        root,
    )
    where = _run(
        [str(python), "-c", WHERE],
        tmp_path_factory.mktemp("cwd"),
        _env(root / "data", root),
    ).stdout.split()
    # Every test below runs the venv's copy, or fails here: not the editable install's.
    assert [Path(path).resolve().is_relative_to(root.resolve()) for path in where] == [True] * 3
    return root


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another working directory: nothing of the repository is importable from here."""
    return tmp_path_factory.mktemp("elsewhere")


def _env(data: Path, venv: Path | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    for key in ("GESPREKSCOACH_NLP_MODEL", "GESPREKSCOACH_VOICE_ENCODER"):
        env.pop(key, None)
    env["GESPREKSCOACH_DATA"] = str(data)
    if venv is not None:
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(venv)
    return env


def test_wheel_holds_the_runtime_models(names: set[str]):
    pipeline = REPO / ASSETS / "nl_gesprek"
    model_files = {
        f"{ASSETS}/nl_gesprek/{path.relative_to(pipeline).as_posix()}"
        for path in pipeline.rglob("*")
        if path.is_file()
    }
    assert {f"{ASSETS}/nl_gesprek/meta.json", f"{ASSETS}/nl_gesprek/config.cfg"} <= model_files
    assert {f"{ASSETS}/nl_gesprek/tok2vec/model", f"{ASSETS}/nl_gesprek/parser/model"} <= (
        model_files
    )
    assert model_files - names == set()
    assert f"{ASSETS}/voice_encoder/voice_encoder.npz" in names
    assert f"{ASSETS}/voice_encoder/LICENSE" in names


def test_wheel_holds_every_data_file_the_package_reads(names: set[str]):
    # Rule files, lexicons, form, fonts: every file of the package that is not Python source.
    data = {
        path
        for path in _source_files()
        if path.startswith("analysis/") and not path.endswith((".py", ".pyc"))
    }
    assert any(path.endswith(".yaml") for path in data)
    assert any(path.startswith("analysis/fonts/") and path.endswith(".ttf") for path in data)
    assert data - names == set()


def test_wheel_holds_no_tests_and_no_training_recipe(names: set[str]):
    top = {name.split("/", 1)[0] for name in names}
    assert top <= {"analysis", *(name for name in top if name.endswith(".dist-info"))}
    assert not [name for name in names if "/tests/" in name or name.startswith("tests/")]
    assert not [name for name in names if name.startswith("models/")]
    assert not [name for name in names if name.rsplit("/", 1)[-1] in {"train.py", "treebank.py"}]


def test_installed_wheel_shadows_the_editable_install(venv: Path, elsewhere: Path):
    done = _run([str(venv / "bin" / "python"), "-c", WHERE], elsewhere, _env(elsewhere, venv))
    package, pipeline, encoder = (Path(path).resolve() for path in done.stdout.split())
    site = venv.resolve() / "lib"
    assert package.is_relative_to(site) and package.name == "__init__.py", package
    assert pipeline == package.parent / "assets" / "nl_gesprek"
    assert encoder == package.parent / "assets" / "voice_encoder" / "voice_encoder.npz"
    assert (pipeline / "meta.json").is_file() and encoder.is_file()


def test_installed_wheel_analyses_a_transcript_like_the_editable_install(
    venv: Path, elsewhere: Path
):
    installed = _run(
        ["gesprekscoach", "analyse", str(SAMPLE), "--format", "json"],
        elsewhere,
        _env(elsewhere / "data", venv),
    )
    assert shutil.which("gesprekscoach", path=str(venv / "bin"))
    editable = _run(
        [sys.executable, "-m", "analysis", "analyse", str(SAMPLE), "--format", "json"],
        REPO,
        _env(elsewhere / "data-editable"),
    )
    result = json.loads(installed.stdout)
    assert result == json.loads(editable.stdout)
    assert len(result["form"]) == 19


def test_installed_wheel_separates_the_speakers_of_a_recording(venv: Path, elsewhere: Path):
    env = _env(elsewhere / "data", venv)
    done = _run(["gesprekscoach", "analyse", str(RECORDING), "--format", "json"], elsewhere, env)
    result = json.loads(done.stdout)
    assert len(result["speakers"]) == 2
    assert len({turn["speaker"] for turn in result["turns"]}) == 2
