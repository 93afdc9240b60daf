"""``gesprekscoach batch``: real worker processes over a folder of the six dev-set transcripts,
two short recordings (with consent records) and two broken files; the results are compared
with single ``analyse`` runs, and a second run resumes.

The talks are copied into a temporary folder (never into the repository).

``--ray``: the same talks on a local Ray instance with two workers give the same results. The
test starts its own Ray instance (two CPUs, no dashboard, usage statistics off) and shuts it
down again. Where the machine allows it (root, as in CI) that runs in a network namespace of
its own with only the loopback interface, so Ray can only listen on 127.0.0.1 and nothing can
reach the network; elsewhere it runs as it is.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from analysis.batch.consent import ConsentList, consent_for, read_sidecar
from analysis.batch.inputs import discover, output_names
from analysis.batch.progress import BatchProgress
from analysis.batch.records import BatchError
from analysis.cli import main
from analysis.errors import ConsentError

from .conftest import REPO, dev_set_files

AUDIO = REPO / "tests/data/audio/hallo.wav"
VOICES = REPO / "tests/data/diarize/two_voices.ogg"
GOOD = 8
TIMEOUT = 900


def _batch(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GESPREKSCOACH_DATA": os.devnull}
    return subprocess.run(
        [sys.executable, "-m", "analysis", "batch", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=REPO,
        env=env,
        check=False,
    )


def _summary(out: Path) -> list[dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def talks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six transcripts, a recording with a sidecar, one in a subfolder listed in a CSV,
    an empty transcript and a corrupt mp3 (with consent, so it is tried and fails)."""
    folder = tmp_path_factory.mktemp("talks")
    for path in dev_set_files():
        shutil.copy(path, folder / path.name)
    assert len(list(folder.glob("*.txt"))) == 6
    shutil.copy(AUDIO, folder / "hallo.wav")
    (folder / "hallo.wav.consent.json").write_text(
        '{"by": "moeder en leerkracht", "date": "2025-03-14"}', encoding="utf-8"
    )
    (folder / "week2").mkdir()
    shutil.copy(VOICES, folder / "week2" / "twee stemmen.ogg")
    (folder / "leeg.txt").write_bytes(b"")
    (folder / "kapot.mp3").write_bytes(b"ID3\x03\x00" + bytes(range(256)) * 40)
    (folder / "kapot.mp3.consent.txt").write_text("by: vader\ndate: 2025-03-15\n", "utf-8")
    return folder


@pytest.fixture(scope="module")
def consent_list(tmp_path_factory: pytest.TempPathFactory, talks: Path) -> Path:
    path = talks / "toestemming.csv.list"  # not a talk's file type, so never an input
    path.write_text(
        "file,by,date\nweek2/twee stemmen.ogg,ouders en mentor,2025-03-20\n", encoding="utf-8"
    )
    return path


@pytest.fixture(scope="module")
def first_run(
    talks: Path, consent_list: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("batch") / "resultaten"
    result = _batch(str(talks), "-o", str(out), "--consent", str(consent_list), "--workers", "2")
    return out, result


def test_batch_gives_eight_results_and_reports_the_two_broken_files(first_run):
    out, result = first_run

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "8 of 10 talks have results (8 processed now, 0 done earlier), 2 failed" in (
        result.stderr
    )
    assert "with 2 worker(s) on this machine" in result.stderr
    assert "left" in result.stderr and "10/10 talks" in result.stderr  # progress, time left
    rows = {row["file"]: row for row in _summary(out)}
    assert sorted(row["status"] for row in rows.values()) == ["done"] * 8 + ["failed"] * 2
    assert rows["leeg.txt"]["status"] == "failed" and "empty" in rows["leeg.txt"]["error"]
    assert rows["kapot.mp3"]["status"] == "failed"
    assert sorted(p.stem for p in out.glob("*.json")) == sorted(
        [p.stem for p in dev_set_files()] + ["hallo", "twee stemmen"]
    )
    assert len(list(out.glob("*.md"))) == GOOD
    failures = (out / "failures.log").read_text(encoding="utf-8").splitlines()
    assert sorted(line.split("\t")[1] for line in failures) == ["kapot.mp3", "leeg.txt"]
    voices = rows["twee stemmen.ogg"]
    assert voices["speakers"] == "2" and float(voices["duration"]) > 20
    mother = rows["bedeesde-moeder-sterk.txt"]
    assert mother["roles"] == "Juf Anouk=teacher; Moeder=parent"
    assert mother["items_seen"].endswith("/19") and int(mother["open_questions"]) > 0
    assert 0 < float(mother["parent_word_share"]) < 1
    assert len(mother["sha256"]) == 64


def test_batch_json_is_identical_to_single_analyse_runs(first_run, talks, tmp_path, capsys):
    out, result = first_run
    assert result.returncode == 0, result.stderr
    inputs = [*dev_set_files(), talks / "hallo.wav", talks / "week2" / "twee stemmen.ogg"]
    for path in inputs:
        single = tmp_path / f"{path.stem}.json"
        assert main(["analyse", str(path), "--format", "json", "-o", str(single)]) == 0
        assert (out / f"{path.stem}.json").read_bytes() == single.read_bytes(), path.name
    single_md = tmp_path / "report.md"
    path = dev_set_files()[0]
    assert main(["analyse", str(path), "--format", "markdown", "-o", str(single_md)]) == 0
    assert (out / f"{path.stem}.md").read_bytes() == single_md.read_bytes()


def test_a_second_run_skips_all_finished_talks(first_run, talks, consent_list):
    out, first = first_run
    assert first.returncode == 0, first.stderr
    before = {path.name: path.stat().st_mtime_ns for path in out.glob("*.json")}

    again = _batch(str(talks), "-o", str(out), "--consent", str(consent_list), "--workers", "2")

    assert again.returncode == 0, again.stderr
    assert "8 talk(s) finished in an earlier run are skipped" in again.stderr
    assert "(0 processed now, 8 done earlier), 2 failed" in again.stderr
    assert {path.name: path.stat().st_mtime_ns for path in out.glob("*.json")} == before
    statuses = sorted(row["status"] for row in _summary(out))
    assert statuses == ["already-done"] * 8 + ["failed"] * 2
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == GOOD and all(json.loads(line)["sha256"] for line in lines)


def test_a_recording_without_consent_is_skipped_with_a_message(tmp_path):
    shutil.copy(AUDIO, tmp_path / "gesprek.wav")
    out = tmp_path / "out"

    result = _batch(str(tmp_path / "gesprek.wav"), "-o", str(out))

    # Nothing has a result: exit code 2, and still the summary line and the files.
    assert result.returncode == 2
    assert "skipped" in result.stderr and "no consent record for gesprek.wav" in result.stderr
    assert "0 of 1 talks have results" in result.stderr and "1 without consent" in result.stderr
    (row,) = _summary(out)
    assert row["status"] == "no-consent"
    assert not list(out.glob("*.json"))
    assert "no-consent\tgesprek.wav" in (out / "failures.log").read_text(encoding="utf-8")


def test_nothing_to_process_is_one_line_and_exit_2(tmp_path, capsys):
    (tmp_path / "notities.docx").write_bytes(b"PK")

    assert main(["batch", str(tmp_path), "-o", str(tmp_path / "out")]) == 2

    err = capsys.readouterr().err
    assert err.startswith("gesprekscoach: error: no recordings or transcripts found")
    assert len(err.splitlines()) == 1


# --- on a Ray cluster ----------------------------------------------------------------------


# Starts a local Ray instance, runs the batch command against it, and shuts it down (which
# ends every Ray process this script started, and only those).
DRIVER = """
import os, subprocess, sys
os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
import ray

context = ray.init(
    address="local",
    num_cpus=2,
    include_dashboard=False,
    _node_ip_address="127.0.0.1",
    _temp_dir=sys.argv[1],
    object_store_memory=100 * 1024 * 1024,
    log_to_driver=False,
)
address = context.address_info["gcs_address"]
print("ray at", address, file=sys.stderr, flush=True)
try:
    code = subprocess.call(
        [sys.executable, "-m", "analysis", "batch", *sys.argv[2:], "--ray", address]
    )
finally:
    ray.shutdown()
sys.exit(code)
"""


def _isolated() -> list[str]:
    """A command prefix running in a network namespace with only loopback, if possible."""
    unshare, ip = shutil.which("unshare"), shutil.which("ip")
    if not unshare or not ip:
        return []
    probe = subprocess.run(
        [unshare, "-n", ip, "link", "set", "lo", "up"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        return []
    return [unshare, "-n", "sh", "-c", f'{ip} link set lo up && exec "$@"', "isolated"]


@pytest.mark.slow
def test_batch_on_a_local_ray_instance_matches_the_local_pool(
    first_run, talks, consent_list, tmp_path
):
    pytest.importorskip("ray")
    local_out, local = first_run
    assert local.returncode == 0, local.stderr
    out = tmp_path / "ray-resultaten"
    ray_temp = Path(tempfile.mkdtemp(prefix="ray", dir="/tmp"))  # short: Ray's socket paths
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "GESPREKSCOACH_DATA": os.devnull}
    env.pop("RAY_ADDRESS", None)
    prefix = _isolated()
    try:
        args = [str(talks), "-o", str(out), "--consent", str(consent_list), "--workers", "2"]
        result = subprocess.run(
            [*prefix, sys.executable, "-c", DRIVER, str(ray_temp), *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            cwd=REPO,
            env=env,
            check=False,
        )
    finally:
        shutil.rmtree(ray_temp, ignore_errors=True)

    assert result.returncode == 0, result.stderr[-3000:]
    if prefix:
        assert "ray at 127.0.0.1:" in result.stderr
    assert "with 2 worker(s) on the Ray cluster" in result.stderr
    assert "8 of 10 talks have results (8 processed now, 0 done earlier), 2 failed" in (
        result.stderr
    )
    stems = [p.stem for p in dev_set_files()] + ["hallo", "twee stemmen"]
    assert sorted(p.stem for p in out.glob("*.json")) == sorted(stems)
    for stem in stems:
        for suffix in (".json", ".md"):
            ray_bytes = (out / f"{stem}{suffix}").read_bytes()
            assert ray_bytes == (local_out / f"{stem}{suffix}").read_bytes(), stem + suffix
    with (out / "summary.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["file"]: row for row in csv.DictReader(handle)}
    with (local_out / "summary.csv").open(encoding="utf-8", newline="") as handle:
        local_rows = {row["file"]: row for row in csv.DictReader(handle)}
    ignore = {"seconds", "error"}  # timings; error texts may name the worker

    def comparable(row: dict[str, str]) -> dict[str, str]:
        # The local folder may already have been run again by the resume test (module-scoped
        # fixture), which reports its talks as "already-done": the same result.
        kept = {k: v for k, v in row.items() if k not in ignore}
        if kept.get("status") == "already-done":
            kept["status"] = "done"
        return kept

    assert {f: comparable(r) for f, r in rows.items()} == {
        f: comparable(r) for f, r in local_rows.items()
    }
    assert {r["status"] for r in rows.values()} == {"done", "failed"}


# --- consent records ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        (".consent.json", '{"by": "moeder en juf", "date": "2025-03-14", "people": "moeder"}'),
        (".consent.toml", 'by = "moeder en juf"\ndate = 2025-03-14\npeople = "moeder"\n'),
        (".consent.txt", "# toestemming\nby: moeder en juf\ndate: 2025-03-14\npeople: moeder\n"),
    ],
)
def test_consent_sidecar_formats(tmp_path, suffix, text):
    recording = tmp_path / "gesprek.m4a"
    recording.write_bytes(b"")
    (tmp_path / f"gesprek.m4a{suffix}").write_text(text, encoding="utf-8")

    consent = consent_for(recording, ConsentList())

    assert (consent.confirmed, consent.by, consent.confirmed_at, consent.people) == (
        True,
        "moeder en juf",
        "2025-03-14",
        "moeder",
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"date": "2025-03-14"}', "'by'"),
        ('{"by": "  ", "date": "2025-03-14"}', "'by'"),
        ('{"by": "moeder"}', "'date'"),
        ('{"by": "moeder", "date": "14-03-2025"}', "not a date"),
        ('{"by": "moeder", "date": "2025-03-14", "wie": "x"}', "unknown field"),
        ('["moeder"]', "expected an object"),
        ("{by: moeder", "not valid JSON"),
    ],
)
def test_an_invalid_sidecar_names_the_problem(tmp_path, text, problem):
    sidecar = tmp_path / "a.wav.consent.json"
    sidecar.write_text(text, encoding="utf-8")

    with pytest.raises(ConsentError, match=problem):
        read_sidecar(sidecar)


def test_consent_list_by_name_and_by_relative_path(tmp_path):
    (tmp_path / "sub").mkdir()
    listed = tmp_path / "consent.csv"
    listed.write_text(
        "file,by,date\nles1.wav,moeder,2025-01-02\nsub/les2.wav,vader,2025-01-03\n",
        encoding="utf-8",
    )
    consents = ConsentList(listed)

    assert consents.find(tmp_path / "elders" / "les1.wav").by == "moeder"  # by name
    assert consents.find(tmp_path / "sub" / "les2.wav").by == "vader"
    assert consents.find(tmp_path / "les2.wav") is None  # a path entry matches that path only
    with pytest.raises(ConsentError, match=r"no consent record for les3\.wav"):
        consent_for(tmp_path / "les3.wav", consents)


@pytest.mark.parametrize(
    "text",
    [
        "file,by\nles1.wav,moeder\n",
        "file,by,date\nles1.wav,moeder,gisteren\n",
        "file,by,date\n,a,b\n",
    ],
)
def test_a_bad_consent_list_stops_the_batch_before_it_starts(tmp_path, text):
    listed = tmp_path / "consent.csv"
    listed.write_text(text, encoding="utf-8")

    with pytest.raises(BatchError):
        ConsentList(listed)


# --- finding talks, naming outputs, progress --------------------------------------------------


def test_discover_skips_sidecars_hidden_files_and_the_output_folder(tmp_path):
    for name in ["a.txt", "b.wav", "b.wav.consent.json", ".verborgen.txt", "notes.docx"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("x", encoding="utf-8")

    found = discover([tmp_path, tmp_path / "a.txt"], tmp_path / "out")

    assert [p.name for p in found] == ["a.txt", "b.wav"]


def test_output_names_disambiguate_talks_with_the_same_stem(tmp_path):
    paths = [tmp_path / "x" / "gesprek.txt", tmp_path / "y" / "gesprek.wav", tmp_path / "c.txt"]
    digests = {paths[0]: "a" * 64, paths[1]: "b" * 64, paths[2]: "c" * 64}

    names = output_names(paths, digests)

    assert names == {paths[0]: "gesprek-aaaaaaaa", paths[1]: "gesprek-bbbbbbbb", paths[2]: "c"}


def test_progress_estimates_the_time_left_from_the_work_done():
    stream = io.StringIO()
    progress = BatchProgress(stream, total=4, total_weight=10.0, live=False, prog="x")
    assert progress.remaining() is None
    progress.started -= 30.0
    progress.advance(5.0, "a.wav done")  # half the work in 30 s: about 30 s left

    remaining = progress.remaining()
    assert remaining is not None and 29 <= remaining <= 32
    assert "1/4 talks" in stream.getvalue() and "~0:3" in stream.getvalue()
    assert "a.wav done" in stream.getvalue()


def test_summary_csv_keeps_file_names_as_text_in_a_spreadsheet():
    from analysis.batch.outputs import summary_csv
    from analysis.batch.records import TalkOutcome

    text = summary_csv([TalkOutcome('=HYPERLINK("x"),1.txt', "ab", "failed", error="-")])

    (row,) = csv.DictReader(io.StringIO(text))
    assert row["file"] == '\'=HYPERLINK("x"),1.txt' and row["error"] == "'-"
