"""The runtime models: one place says where they live, and a missing or broken model is an
error (Dutch in the app, one English line and exit 2 on the command line), never a silent
fallback to a blank pipeline."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import analysis
from analysis import assets
from analysis.detect import build_nlp
from analysis.diarize.encoder import VoiceEncoder
from analysis.errors import ModelError
from analysis.nlp import clear_cache, load_pipeline, model_path

from .conftest import REPO, SAMPLES

SAMPLE = SAMPLES / "bedeesde-ouder-sterk.txt"
PACKAGE = Path(analysis.__file__).resolve().parent


def test_runtime_models_live_inside_the_package():
    assert assets.NLP_MODEL == PACKAGE / "assets" / "nl_gesprek"
    assert (assets.NLP_MODEL / "meta.json").is_file()
    assert (assets.NLP_MODEL / "config.cfg").is_file()
    assert assets.VOICE_ENCODER == PACKAGE / "assets" / "voice_encoder" / "voice_encoder.npz"
    assert assets.VOICE_ENCODER.is_file()


def test_argument_then_environment_then_the_shipped_model(monkeypatch, tmp_path):
    monkeypatch.delenv(assets.NLP_MODEL_ENV, raising=False)
    monkeypatch.delenv(assets.VOICE_ENCODER_ENV, raising=False)
    assert model_path() == assets.NLP_MODEL
    assert assets.voice_encoder_path() == assets.VOICE_ENCODER
    monkeypatch.setenv(assets.NLP_MODEL_ENV, str(tmp_path / "env"))
    monkeypatch.setenv(assets.VOICE_ENCODER_ENV, str(tmp_path / "env.npz"))
    assert model_path() == tmp_path / "env"
    assert assets.voice_encoder_path() == tmp_path / "env.npz"
    assert model_path(tmp_path / "arg") == tmp_path / "arg"
    assert assets.voice_encoder_path(tmp_path / "arg.npz") == tmp_path / "arg.npz"


def _truncate(folder: Path) -> None:
    weights = folder / "tok2vec" / "model"
    weights.write_bytes(weights.read_bytes()[:1000])


def _garble_config(folder: Path) -> None:
    (folder / "config.cfg").write_text("[nlp\nlang =\n", encoding="utf-8")


def _drop_meta(folder: Path) -> None:
    (folder / "meta.json").unlink()


def _swap_weights(folder: Path) -> None:
    (folder / "tagger" / "model").write_bytes((folder / "parser" / "model").read_bytes())


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


def _broken_copy(pristine: Path, name: str, breaks: Callable[[Path], None]) -> Path:
    folder = pristine / name
    if not folder.exists():
        shutil.copytree(assets.NLP_MODEL, folder)
        breaks(folder)
    return folder


@pytest.mark.parametrize(
    "breaks", [_truncate, _garble_config, _drop_meta, _swap_weights], ids=lambda f: f.__name__
)
def test_a_broken_pipeline_is_a_model_error_with_a_dutch_message(pristine, breaks):
    folder = _broken_copy(pristine, breaks.__name__, breaks)
    with pytest.raises(ModelError) as info:
        load_pipeline(folder)
    assert "\n" not in info.value.message
    assert str(folder) in info.value.message and "reinstall" in info.value.message
    assert "beschadigd" in info.value.message_nl
    assert str(folder) not in info.value.message_nl  # the app shows it: no path


def test_detection_has_no_blank_fallback(monkeypatch, tmp_path):
    monkeypatch.setenv(assets.NLP_MODEL_ENV, str(tmp_path / "missing"))
    build_nlp.cache_clear()
    clear_cache()
    try:
        with pytest.raises(ModelError) as info:
            build_nlp()
        assert "ontbreekt" in info.value.message_nl
    finally:
        build_nlp.cache_clear()
        clear_cache()


def _child(command: list[str], env_update: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in the repository with ``env_update`` on top of this environment."""
    return subprocess.run(
        command,
        cwd=REPO,
        env={**os.environ, **env_update},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _analyse(env_update: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "analysis", "analyse", str(SAMPLE), "--format", "json"]
    return _child(command, {"GESPREKSCOACH_DATA": str(tmp_path / "data"), **env_update})


def test_cli_without_the_model_says_so_in_one_line_and_exits_2(tmp_path):
    done = _analyse({assets.NLP_MODEL_ENV: str(tmp_path / "missing")}, tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Dutch language model not found" in lines[0]
    assert "Traceback" not in done.stderr


def test_cli_with_a_broken_model_says_so_in_one_line_and_exits_2(pristine, tmp_path):
    folder = _broken_copy(pristine, _garble_config.__name__, _garble_config)
    done = _analyse({assets.NLP_MODEL_ENV: str(folder)}, tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "cannot be loaded" in lines[0]


APP_SCRIPT = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=180)
at.run()
at.button[0].click().run()
print(json.dumps({
    "errors": [element.value for element in at.error],
    "exceptions": [str(element.value) for element in at.exception],
}))
"""


def test_app_without_the_model_shows_a_dutch_message(tmp_path):
    # A process of its own: the app caches the loaded pipeline per process.
    env = {
        "GESPREKSCOACH_DATA": str(tmp_path / "data"),
        assets.NLP_MODEL_ENV: str(tmp_path / "missing"),
    }
    done = _child([sys.executable, "-c", APP_SCRIPT, str(REPO / "app.py")], env)
    assert done.returncode == 0, done.stderr[-3000:]
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["exceptions"] == []
    assert any("taalmodel ontbreekt" in error for error in shown["errors"]), shown
    assert not any("missing" in error for error in shown["errors"])  # no path


def test_missing_or_broken_voice_encoder_is_a_model_error(tmp_path):
    with pytest.raises(ModelError) as info:
        VoiceEncoder.load(tmp_path / "missing.npz")
    assert "reinstall" in info.value.message and "stemmodel" in info.value.message_nl
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(assets.VOICE_ENCODER.read_bytes()[:5000])
    with pytest.raises(ModelError):
        VoiceEncoder.load(truncated)
    incomplete = tmp_path / "incomplete.npz"
    np.savez(incomplete, w_ih0=np.zeros((40, 1024), dtype=np.float16))
    with pytest.raises(ModelError):
        VoiceEncoder.load(incomplete)
