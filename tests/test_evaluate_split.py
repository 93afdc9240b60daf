"""Evaluating on one part of the corpus split and on ASR-style copies (issue #13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.errors import TranscriptError
from analysis.evaluate import asr_style, asr_style_text, labelled_pairs, read_split, select_split
from analysis.records import Transcript, Turn

CORPUS = Path(__file__).parent / "data" / "corpus"


def test_asr_style_text_lowercases_and_drops_punctuation_and_stage_directions() -> None:
    text = "Komt u binnen, IB'er? \"Ja,\" zei ze... (lacht) Z'n zorg-coördinator!"
    assert asr_style_text(text) == "komt u binnen ib'er ja zei ze z'n zorg-coördinator"


def test_asr_style_keeps_speakers_and_times_and_leaves_the_original() -> None:
    original = Transcript(turns=[Turn(0, "Juf Anouk", "Hoe gaat het?", "teacher", 1.0, 2.0)])
    copy = asr_style(original)
    assert copy.turns[0].text == "hoe gaat het"
    assert (copy.turns[0].speaker, copy.turns[0].role, copy.turns[0].start) == (
        "Juf Anouk",
        "teacher",
        1.0,
    )
    assert original.turns[0].text == "Hoe gaat het?"


def test_the_corpus_split_is_by_talk_and_covers_every_labelled_talk() -> None:
    split = read_split(CORPUS)
    stems = {txt.stem for txt, _ in labelled_pairs(CORPUS)}
    assert set(split) == stems
    counts = {part: list(split.values()).count(part) for part in ("train", "dev", "test")}
    assert counts == {"train": 64, "dev": 32, "test": 8}
    asr_in_test = [name for name, part in split.items() if part == "test" and "asr" in name]
    assert 2 <= len(asr_in_test) <= 4


def test_select_split_accepts_a_mix_and_rejects_unknown_parts() -> None:
    pairs = labelled_pairs(CORPUS)
    assert len(select_split(CORPUS, pairs, "train,dev")) == 96
    with pytest.raises(TranscriptError):
        select_split(CORPUS, pairs, "holdout")


def test_evaluate_split_without_split_file_exits_2(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").write_text("Juf: Hallo.\n", encoding="utf-8")
    labels = {"turns": [{"i": 0, "speaker": "Juf", "items": [], "acts": []}], "form": {}}
    (tmp_path / "a.labels.json").write_text(json.dumps(labels), encoding="utf-8")
    assert main(["evaluate", str(tmp_path), "--split", "test"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "split" in err


def test_reliability_table_bins_findings_by_confidence_and_counts_the_right_ones() -> None:
    from analysis.evaluate import Evaluation, calibration_error, reliability

    evaluation = Evaluation(findings=[(0.95, True), (0.9, False), (0.75, True), (1.0, True)])
    rows = {(row.low, row.high): row for row in reliability(evaluation)}
    top = rows[(0.9, 1.0)]
    assert (top.count, top.share_right) == (3, 2 / 3)
    assert rows[(0.7, 0.8)].count == 1 and rows[(0.0, 0.6)].count == 0
    expected = (3 * abs((0.95 + 0.9 + 1.0) / 3 - 2 / 3) + 1 * abs(0.75 - 1.0)) / 4
    assert calibration_error(evaluation) == pytest.approx(expected)


def test_evaluate_json_reports_reliability_per_finding(capsys) -> None:
    from tests.conftest import DEV_SET

    assert main(["evaluate", str(DEV_SET), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    counted = sum(row["count"] for row in data["reliability"])
    assert counted > 0 and 0.0 <= data["calibration_error"] <= 1.0
