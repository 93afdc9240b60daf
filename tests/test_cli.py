"""The command line: JSON contract, formats, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import build_parser, main
from analysis.form import load_form

from .conftest import DEV_SET, REPO, TRANSCRIPTS, dev_set_files

EXPECTED_TURNS = {
    "bedeesde-moeder-sterk": 77,
    "bedeesde-vader-zwak": 56,
    "kennismaking-groep3": 86,
    "kind-erbij": 70,
    "mondige-ouder": 65,
    "zorggesprek-lezen": 80,
}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (None, "not found"),
        (b"", "empty"),
        (b"geen sprekers hier\nen hier ook niet\n", "speaker"),
        (b"\x00\xff\x00\xfe" * 50, "not a readable text"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, content: bytes | None, fragment: str):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)

    result = run_cli("analyse", str(path))

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_unknown_speaker_override_exits_2(capsys: pytest.CaptureFixture[str]):
    code = main(["convert", str(TRANSCRIPTS / "plain.txt"), "--to", "txt", "--child", "Sanne"])
    assert code == 2
    assert "Sanne" in capsys.readouterr().err


def test_convert_writes_srt_to_file(tmp_path: Path):
    out = tmp_path / "out.srt"
    code = main(["convert", str(TRANSCRIPTS / "continuation.txt"), "--to", "srt", "-o", str(out)])
    assert code == 0
    assert out.read_text(encoding="utf-8").startswith("1\n00:00:02,000 --> 00:00:05,000\n")


def test_analyse_json_contract_by_subprocess():
    result = run_cli("analyse", str(DEV_SET / "kind-erbij.txt"), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["turns"]) == EXPECTED_TURNS["kind-erbij"]
    assert {s["name"]: s["role"] for s in data["speakers"]} == {
        "Meester Tom": "teacher",
        "Vader": "parent",
        "Lieke": "child",
    }


def test_analyse_json_contract_on_the_dev_set(tmp_path: Path):
    """All six dev-set talks load with the exact turns, speakers and roles of their labels."""
    files = dev_set_files()
    assert len(files) == 6
    for txt in files:
        out = tmp_path / f"{txt.stem}.json"
        assert main(["analyse", str(txt), "--format", "json", "-o", str(out)]) == 0
        data = json.loads(out.read_text(encoding="utf-8"))
        labels = json.loads((DEV_SET / f"{txt.stem}.labels.json").read_text(encoding="utf-8"))
        assert len(data["turns"]) == EXPECTED_TURNS[txt.stem]
        labelled = {t["i"]: t["speaker"] for t in labels["turns"]}
        teacher_turns = {t["index"] for t in data["turns"] if t["role"] == "teacher"}
        assert teacher_turns == set(labelled), txt.name
        for index, speaker in labelled.items():
            assert data["turns"][index]["speaker"] == speaker
        for turn in data["turns"]:
            assert set(turn) >= {
                "index",
                "speaker",
                "role",
                "start",
                "end",
                "text",
                "items",
                "acts",
            }
            assert set(turn["acts"]) <= {"open_question", "closed_question"}
        assert [item["id"] for item in data["form"]] == list(load_form().item_ids)
        for item in data["form"]:
            assert set(item) >= {"id", "phase", "text", "observed", "evidence"}
            for evidence in item["evidence"]:
                assert set(evidence) >= {"turn", "quote", "start", "rule", "explanation"}
        assert isinstance(data["metrics"], dict)


@pytest.mark.parametrize(("stem", "count"), sorted(EXPECTED_TURNS.items()))
def test_dev_set_turn_counts(stem: str, count: int):
    from analysis.transcript_io import read_transcript

    transcript = read_transcript(DEV_SET / f"{stem}.txt")
    assert len(transcript.turns) == count


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_analyse_human_formats(tmp_path: Path, fmt: str):
    out = tmp_path / "report"
    assert (
        main(["analyse", str(TRANSCRIPTS / "continuation.txt"), "--format", fmt, "-o", str(out)])
        == 0
    )
    text = out.read_text(encoding="utf-8")
    for phase in load_form().phases:
        assert phase in text


def test_evaluate_prints_scores_for_the_dev_set(capsys: pytest.CaptureFixture[str]):
    assert main(["evaluate", str(DEV_SET), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["conversations"]) == 6
    assert set(data["items"]) == set(load_form().item_ids)
    assert set(data["acts"]) == {"open_question", "closed_question"}
    assert 0.0 <= data["form_accuracy"] <= 1.0
    assert data["warnings"] == []


def test_evaluate_on_a_folder_without_labels_exits_2(tmp_path: Path, capsys):
    assert main(["evaluate", str(tmp_path)]) == 2
    assert "labels" in capsys.readouterr().err


def test_analyse_a_recording_separates_speakers_and_proposes_roles():
    clip = REPO / "tests" / "data" / "diarize" / "two_voices.ogg"
    result = run_cli("analyse", str(clip), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    names = [s["name"] for s in data["speakers"]]
    assert names == ["Spreker 1", "Spreker 2"]
    assert all(s["guessed"] for s in data["speakers"])
    assert sum("Spreker" in line for line in result.stderr.splitlines()) == 2

    single = run_cli("transcribe", str(clip), "--format", "txt", "--speakers", "1")
    assert single.returncode == 0, single.stderr
    speakers = {line.split("] ", 1)[1].split(":")[0] for line in single.stdout.splitlines()}
    assert speakers == {"Spreker 1"}


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as info:
        main(["convert", str(TRANSCRIPTS / "plain.txt"), "--to", "docx"])
    assert info.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("gesprekscoach: error: argument --to: invalid choice")


HEAVY_MODULES = ("spacy", "analysis.nlp", "analysis.store", "analysis.detect")

# A real process that runs the command line and reports which of HEAVY_MODULES it imported.
LOADED = """
import runpy, sys
sys.argv = ["gesprekscoach", *sys.argv[1:]]
try:
    runpy.run_module("analysis", run_name="__main__")
except SystemExit as exit:
    code = exit.code
print("LOADED", sorted(m for m in sys.modules if m in {heavy}), "EXIT", code, file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("args", "code"),
    [(["--help"], 0), (["-v", "--help"], 0), (["bogus"], 2), ([], 2)],
)
def test_help_and_usage_errors_do_not_load_the_language_model(args: list[str], code: int):
    result = subprocess.run(
        [sys.executable, "-c", LOADED.format(heavy=set(HEAVY_MODULES)), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert f"LOADED [] EXIT {code}" in result.stderr, result.stderr
    if args == ["--help"]:
        for name in ("analyse", "convert", "evaluate", "transcribe", "batch", "export"):
            assert f"    {name}" in result.stdout


def test_the_named_command_alone_is_loaded_and_parsed():
    result = subprocess.run(
        [sys.executable, "-c", LOADED.format(heavy=set(HEAVY_MODULES)), "analyse", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    assert result.stdout.startswith("usage: gesprekscoach analyse")
    assert "--format" in result.stdout
    assert "'spacy'" in result.stderr  # analysing needs the language model


def test_the_full_parser_knows_every_command_and_alias():
    parser = build_parser()
    for argv in (["analyze", "x.txt"], ["convert", "x.txt", "--to", "srt"], ["hash-password"]):
        assert parser.parse_args(argv).func is not None


def test_messages_with_line_breaks_stay_one_line(tmp_path: Path, capsys):
    missing = tmp_path / "twee\nregels\r.txt"
    assert main(["analyse", str(missing)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert lines[0].endswith("twee\\nregels\\r.txt: file not found")


def test_an_unexpected_error_is_one_line_and_exit_1(monkeypatch, capsys, caplog):
    import analysis.transcript_io

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kapot\necht")

    monkeypatch.setattr(analysis.transcript_io, "read_transcript", broken)
    source = str(TRANSCRIPTS / "plain.txt")

    assert main(["convert", source, "--to", "txt"]) == 1
    err = capsys.readouterr().err
    assert err == "gesprekscoach: error: internal error: RuntimeError: kapot\\necht " + (
        "(details with --verbose)\n"
    )
    assert main(["-v", "convert", source, "--to", "txt"]) == 1
    assert "Traceback" in caplog.text


def test_a_closed_output_pipe_is_no_traceback():
    """``gesprekscoach convert ... | head`` where the reader has gone: no traceback."""
    import os

    reader, writer = os.pipe()
    os.close(reader)  # nobody will read: every write fails with EPIPE
    try:
        command = ["convert", str(TRANSCRIPTS / "plain.txt"), "--to", "json"]
        result = subprocess.run(
            [sys.executable, "-m", "analysis", *command],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            timeout=60,
            check=False,
        )
    finally:
        os.close(writer)
    assert result.returncode == 1
    assert result.stderr == ""


def test_export_writes_the_reviewed_form_of_a_stored_talk(tmp_path: Path, capsys):
    from analysis.pipeline import analyse
    from analysis.review import ItemReview, SessionMeta
    from analysis.store import SessionStore
    from analysis.transcript_io import read_transcript

    analysis = analyse(read_transcript(REPO / "samples" / "bedeesde-ouder-sterk.txt"))
    with SessionStore(tmp_path) as store:
        session = store.create(SessionMeta(title="Oefengesprek", teacher="Anouk"))
        store.save_transcript(session, analysis.transcript)
        store.save_analysis(session, analysis)
        item = analysis.form[0].id
        store.save_item_review(session, item, ItemReview(status="rejected", note="Niet gezien."))
        empty = store.create(SessionMeta(title="Nog leeg"))

    assert main(["export", session, "--data", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["meta"]["teacher"] == "Anouk"
    first = next(entry for entry in data["items"] if entry["id"] == item)
    assert first["coach"] == {"status": "rejected", "note": "Niet gezien.", "examples": []}

    docx = tmp_path / "rapport.docx"
    assert main(["export", session, "--data", str(tmp_path), "-o", str(docx)]) == 0
    assert docx.read_bytes()[:2] == b"PK"  # a Word file is a zip archive

    assert main(["export", empty, "--data", str(tmp_path), "--format", "markdown"]) == 2
    assert main(["export", "0" * 32, "--data", str(tmp_path)]) == 2
    assert main(["export", session, "--data", str(tmp_path / "weg")]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3 and all(line.startswith("gesprekscoach: error: ") for line in lines)
