"""``python -m analysis transcribe``: output formats and one-line errors with exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.transcribe import models

from .conftest import DATA, REPO

HALLO = DATA / "audio" / "hallo.wav"


def _run(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, models.CACHE_ENV: str(cache), "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "analysis", "transcribe", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gesprekscoach-cache")


def test_missing_file_exits_2_with_one_line(tmp_path: Path, cache: Path):
    result = _run(str(tmp_path / "weg.wav"), cache=cache)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "not found" in lines[0]


def test_undecodable_file_exits_2_with_one_line(tmp_path: Path, cache: Path):
    path = tmp_path / "ruis.mp3"
    path.write_bytes(os.urandom(5000))
    result = _run(str(path), "--format", "txt", cache=cache)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr


def test_bad_option_is_rejected_by_argparse(cache: Path):
    result = _run(str(HALLO), "--beam-size", "0", cache=cache)
    assert result.returncode == 2


@pytest.mark.slow
def test_transcribes_to_a_json_file_with_a_progress_bar(tmp_path: Path, cache: Path):
    output = tmp_path / "hallo.json"
    result = _run(str(HALLO), "--format", "json", "-o", str(output), "--progress", cache=cache)
    assert result.returncode == 0, result.stderr
    assert "100%" in result.stderr
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["source"] == "hallo.wav"
    assert data["turns"] and data["turns"][0]["start"] == 0.0


def test_run_returns_2_on_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    from analysis.cli import build_parser

    args = build_parser().parse_args(["transcribe", str(tmp_path / "weg.wav"), "--format", "srt"])
    assert args.func(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.splitlines()) == 1
