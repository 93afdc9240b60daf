"""Question-type and reflection agreement per teacher turn (issue #13: the detector is also
compared with counselling labels, open / closed / no question and reflection yes / no)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.evaluate import (
    cohen_kappa,
    evaluate_folder,
    evaluation_to_dict,
    evaluation_to_text,
    question_type,
)


def test_cohen_kappa_of_a_textbook_two_by_two_table() -> None:
    # 20 both yes, 5 + 10 disagreements, 15 both no: p_o 0.70, p_e 0.50, kappa 0.40.
    pairs = [(1, 1)] * 20 + [(1, 0)] * 5 + [(0, 1)] * 10 + [(0, 0)] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)


def test_cohen_kappa_over_three_classes_and_its_limits() -> None:
    pairs = [("open", "open")] * 3 + [("closed", "closed")] * 3 + [("none", "none")] * 3
    assert cohen_kappa(pairs) == pytest.approx(1.0)
    swapped = [("open", "closed"), ("closed", "open"), ("none", "none"), ("none", "none")]
    # p_o 0.5; marginals open 1/4, closed 1/4, none 2/4 on both sides: p_e 0.375.
    assert cohen_kappa(swapped) == pytest.approx((0.5 - 0.375) / 0.625)
    assert cohen_kappa([]) is None
    assert cohen_kappa([("none", "none")] * 4) is None  # chance agreement is already certain


def test_question_type_prefers_open_over_closed() -> None:
    assert question_type(["closed_question", "open_question"]) == "open"
    assert question_type(["closed_question"]) == "closed"
    assert question_type([]) == "none"


TALK = """\
Leerkracht: Goedemiddag, fijn dat u er bent.
Moeder: Dank u. Ik maak me wel zorgen om Sem, hij slaapt slecht sinds de verhuizing.
Leerkracht: U maakt zich zorgen omdat hij sinds de verhuizing slecht slaapt.
Moeder: Ja, hij ligt lang wakker.
Leerkracht: Hoe gaat het slapengaan bij jullie thuis?
Moeder: Rommelig, eerlijk gezegd.
Leerkracht: Gaat hij op vaste tijden naar bed?
Moeder: Nee, niet echt.
Leerkracht: Ik pak de agenda er even bij.
"""


def _labelled(folder: Path, turns: list[dict]) -> Path:
    folder.mkdir()
    (folder / "talk.txt").write_text(TALK, encoding="utf-8")
    labels = {"turns": turns, "form": {}}
    (folder / "talk.labels.json").write_text(json.dumps(labels), encoding="utf-8")
    return folder


def _turn(i: int, items: list[str], acts: list[str]) -> dict:
    return {"i": i, "speaker": "Leerkracht", "items": items, "acts": acts}


GOLD = [
    _turn(0, ["welcome"], []),
    _turn(2, ["active_listening", "feeling_reflection"], []),
    _turn(4, ["asks_home"], ["open_question"]),
    _turn(6, ["asks_home"], ["closed_question"]),
    _turn(8, [], []),
]


def test_the_detector_agrees_with_plain_counselling_labels_on_a_plain_talk(tmp_path: Path):
    evaluation = evaluate_folder(_labelled(tmp_path / "talks", GOLD))
    assert evaluation.question_types == [
        ("none", "none"),
        ("none", "none"),
        ("open", "open"),
        ("closed", "closed"),
        ("none", "none"),
    ]
    assert evaluation.reflections == [(False, False), (True, True)] + [(False, False)] * 3
    assert evaluation.question_type_kappa == pytest.approx(1.0)
    assert evaluation.reflection_kappa == pytest.approx(1.0)
    scores = evaluation_to_dict(evaluation)
    assert scores["question_type_kappa"] == pytest.approx(1.0)
    text = evaluation_to_text(evaluation)
    assert "question-type kappa 1.000 (open / closed / none over 5 teacher turns)" in text
    assert "reflection kappa    1.000" in text


def test_only_labelled_teacher_turns_count_and_a_wrong_gold_label_lowers_kappa(tmp_path: Path):
    # Gold calls the reflection a closed question and the last turn a reflection: both differ
    # from what the detector (rightly) finds, so both kappas drop below 1.
    gold = [
        GOLD[0],
        _turn(2, [], ["closed_question"]),
        *GOLD[2:4],
        _turn(8, ["active_listening"], []),
    ]
    evaluation = evaluate_folder(_labelled(tmp_path / "talks", gold))
    assert len(evaluation.question_types) == 5  # the parent's turns are not compared
    assert evaluation.question_types[1] == ("closed", "none")
    assert evaluation.reflections[1] == (False, True)
    assert evaluation.reflections[4] == (True, False)
    assert evaluation.question_type_kappa < 0.8
    assert evaluation.reflection_kappa < 0


def test_evaluate_prints_both_kappas(tmp_path: Path, capsys) -> None:
    assert main(["evaluate", str(_labelled(tmp_path / "talks", GOLD))]) == 0
    out = capsys.readouterr().out
    assert "question-type kappa 1.000" in out and "reflection kappa    1.000" in out
