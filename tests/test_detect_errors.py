"""The error-analysis script refuses material that must only be scored (issue #13).

Run as a real process, as a developer runs it: the refusals come before any talk is analysed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "detect_errors.py"
CORPUS = ROOT / "tests" / "data" / "corpus"
HELDOUT = ROOT / "tests" / "data" / "heldout"
FRESH = ROOT / "tests" / "data" / "fresh"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ((str(CORPUS), "--split", "test"), "test split"),
        ((str(CORPUS), "--split", "train,test"), "test split"),
        ((str(CORPUS),), "--split train,dev"),
        ((str(HELDOUT),), "only scored"),
        ((str(HELDOUT), "--asr", "--summary"), "only scored"),
        ((str(FRESH), "--item", "agreements"), "only scored"),
    ],
)
def test_score_only_material_is_refused_with_one_line(args: tuple[str, ...], reason: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and reason in result.stderr


def test_a_folder_becomes_score_only_by_its_marker_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Juf: Welkom, gaat u zitten.\nMoeder: Dag.\n", encoding="utf-8")
    labels = (
        '{"turns": [{"i": 0, "speaker": "Juf", "items": ["welcome"], "acts": []}],'
        ' "form": {"welcome": true}}'
    )
    (tmp_path / "a.labels.json").write_text(labels, encoding="utf-8")
    read = run(str(tmp_path), "--summary")
    assert read.returncode == 0 and read.stdout.startswith("item "), read.stderr
    (tmp_path / "SCORE-ONLY").write_text("scored only\n", encoding="utf-8")
    refused = run(str(tmp_path), "--summary")
    assert refused.returncode == 2 and "only scored" in refused.stderr
