"""The corpus agreement script (issue #13): kappa arithmetic, the real two passes, bad input."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = REPO / "scripts" / "corpus_agreement.py"
CORPUS = REPO / "tests" / "data" / "corpus"
SECOND = CORPUS / "second-pass"

_spec = importlib.util.spec_from_file_location("corpus_agreement", SCRIPT)
assert _spec and _spec.loader
agreement = importlib.util.module_from_spec(_spec)
sys.modules["corpus_agreement"] = agreement
_spec.loader.exec_module(agreement)


def test_kappa_matches_a_worked_example():
    # Arrange: 50 decisions, 20 both yes, 5 only rater 1, 10 only rater 2, 15 both no.
    table = agreement.Table(both=20, first_only=5, second_only=10, neither=15)
    # Act / Assert: p_o = 0.7, p_e = 0.5*0.6 + 0.5*0.4 = 0.5, kappa = 0.4
    assert table.observed == pytest.approx(0.7)
    assert table.kappa == pytest.approx(0.4)
    assert table.positive == pytest.approx(40 / 55)


def test_kappa_is_undefined_without_variation():
    table = agreement.Table(neither=12)
    assert table.kappa is None
    assert table.observed == 1.0


def test_second_pass_covers_every_teacher_turn_of_its_talks():
    talks = agreement.load_talks(CORPUS, SECOND, None)
    names = {talk.name[:3] for talk in talks}
    assert {f"c{n:02d}" for n in range(1, 21)} <= names
    for path in SECOND.glob("*.labels.json"):
        listed = {turn["i"] for turn in json.loads(path.read_text(encoding="utf-8"))["turns"]}
        talk = next(t for t in talks if t.name == path.name.removesuffix(".labels.json"))
        assert listed == {turn.index for turn in talk.second}, path.name


def test_identical_passes_agree_perfectly(tmp_path: Path):
    # Arrange: pass 2 is a copy of the final labels of two talks
    for name in ("c01-kennismaking-stille-moeder", "c02-oudercontact-boze-vader-asr"):
        (tmp_path / f"{name}.labels.json").write_bytes(
            (CORPUS / f"{name}.labels.json").read_bytes()
        )
    # Act
    report = agreement.compare(agreement.load_talks(CORPUS, tmp_path, None))
    # Assert
    assert report.same_items == report.turns == 62
    assert all(t.first_only == t.second_only == 0 for t in report.items.values())
    assert not report.form_differences


def test_real_passes_disagree_somewhere_and_markdown_lists_every_item():
    report = agreement.compare(agreement.load_talks(CORPUS, SECOND, None))
    text = agreement.to_markdown(report, "test")
    assert report.turns >= 594
    for item in report.items:
        assert f"| `{item}` |" in text
    assert "kappa" in text


def test_write_keeps_the_text_around_its_own_markers(tmp_path: Path):
    # Arrange: two marked blocks
    start, end = "<!-- agreement:b1:start -->", "<!-- agreement:b1:end -->"
    other = "<!-- agreement:b2:start -->\nkeep\n<!-- agreement:b2:end -->"
    doc = tmp_path / "doc.md"
    doc.write_text(f"before\n{start}\nold\n{end}\n{other}\n", encoding="utf-8")
    # Act
    agreement.write_between_markers(doc, "new table\n", "b1")
    # Assert
    assert doc.read_text(encoding="utf-8") == f"before\n{start}\nnew table\n{end}\n{other}\n"


def test_revision_per_talk_glob():
    revisions = ["c0*=aaa", "c1*=bbb", "*=ccc"]
    assert agreement.revision_for("c05-x", revisions) == "aaa"
    assert agreement.revision_for("c17-y", revisions) == "bbb"
    assert agreement.revision_for("c33-z", revisions) == "ccc"
    assert agreement.revision_for("c33-z", ["fff"]) == "fff"
    assert agreement.revision_for("c33-z", []) is None


def test_only_limits_the_talks():
    talks = agreement.load_talks(CORPUS, SECOND, None, ["c0*"])
    assert [t.name[:3] for t in talks] == [f"c0{n}" for n in range(1, 10)]


def test_talks_come_in_number_order_so_c100_follows_c99():
    talks = agreement.load_talks(CORPUS, SECOND, None, ["c99-*", "c10[0-4]-*", "c9[0-8]-*"])
    numbers = [int(t.name[1:].split("-", 1)[0]) for t in talks]
    assert numbers == sorted(numbers) and numbers[-6:] == [99, 100, 101, 102, 103, 104]
    assert "git `451dfeb` (c97–c104)" in agreement.first_source(
        agreement.load_talks(CORPUS, SECOND, ["451dfeb"], ["c9[7-9]-*", "c10[0-4]-*"])
    )


def test_label_on_a_parent_turn_is_bad_input(tmp_path: Path):
    # Arrange: turn 1 of c01 is the mother's
    name = "c01-kennismaking-stille-moeder"
    bad = {"turns": [{"i": 1, "speaker": "Moeder", "items": [], "acts": []}], "form": {}}
    (tmp_path / f"{name}.labels.json").write_text(json.dumps(bad), encoding="utf-8")
    # Act: the real script as a process
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--second", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    # Assert: one line on stderr, exit 2, no traceback
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "not a teacher turn" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_table_names_the_second_pass_it_read(capsys) -> None:
    fresh = CORPUS.parent / "fresh"
    second = fresh / "second-pass"
    assert agreement.main(["--corpus", str(fresh), "--second", str(second)]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert "Pass 2: `tests/data/fresh/second-pass/` (blind)" in header
    assert "8 talks, 221 teacher turns" in header
