"""The fresh batches (writer C: tests/data/fresh, writer F: tests/data/fresh2) are valid, complete
and only ever scored (issue #13)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from analysis.evaluate import labelled_pairs, read_labels
from analysis.transcript_io import read_transcript

from .conftest import DATA, REPO, SHARED

VALIDATOR = SHARED / "labelling" / "validate_labels.py"
# folder -> the letter its talks start with
BATCHES = {DATA / "fresh": "f", DATA / "fresh2": "g"}
PAIRS = [pair for folder in BATCHES for pair in labelled_pairs(folder)]


def _readme(txt) -> str:
    return (txt.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("folder", "letter"), BATCHES.items(), ids=lambda v: getattr(v, "name", v))
def test_the_batch_has_eight_labelled_talks_and_a_score_only_marker(folder, letter) -> None:
    pairs = labelled_pairs(folder)
    assert [txt.stem[:3] for txt, _ in pairs] == [f"{letter}0{n}" for n in range(1, 9)]
    assert (folder / "SCORE-ONLY").is_file()


@pytest.mark.skipif(not VALIDATOR.is_file(), reason="../shared/labelling is not beside the repo")
@pytest.mark.parametrize("folder", BATCHES, ids=lambda v: v.name)
def test_the_guides_validator_accepts_every_talk(folder) -> None:
    pairs = labelled_pairs(folder)
    result = subprocess.run(
        [sys.executable, str(VALIDATOR), str(folder)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(pairs)} of {len(pairs)} conversations valid" in result.stdout


@pytest.mark.parametrize(("txt", "labels"), PAIRS, ids=[txt.stem[:3] for txt, _ in PAIRS])
def test_every_speaker_has_a_role_and_every_teacher_turn_is_labelled(txt, labels) -> None:
    transcript = read_transcript(txt)
    assert all(turn.role in {"teacher", "parent", "child"} for turn in transcript.turns)
    gold = read_labels(labels)
    teacher_turns = [turn for turn in transcript.turns if turn.role == "teacher"]
    row = re.search(rf"`{re.escape(txt.name)}` \|[^|]*\|[^|]*\| (\d+) \| (\d+) \|", _readme(txt))
    assert row is not None, f"{txt.name} is missing from the README table"
    assert (int(row.group(1)), int(row.group(2))) == (len(transcript.turns), len(teacher_turns))
    assert set(gold.items) == {turn.index for turn in teacher_turns}
