"""Talks per hour of ``gesprekscoach batch`` with 1 and 2 worker processes on this machine.

Run: ``python benchmarks/batch_benchmark.py [--rounds 3] [--workers 1 2]``. Each run is the
real command in a fresh process on a folder of the six dev-set transcripts (../shared, read
by path) and two short recordings from the tests, with consent sidecars, into a fresh output
folder, so it includes starting the workers and loading their models. The worker counts
alternate within each round (1, 2, then 2, 1, ...), and medians over the rounds are printed:

* talks per hour (wall clock, the whole batch);
* processing time per transcript and per second of audio, from ``summary.csv``, and from
  that the expected 10-minute recordings per hour per worker and for the machine.

Not a timed test: the numbers depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import csv
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV_SET = REPO.parent / "shared" / "dev-set"
RECORDINGS = [REPO / "tests/data/audio/hallo.wav", REPO / "tests/data/diarize/two_voices.ogg"]
CONSENT = '{"by": "benchmark", "date": "2025-01-01"}'
TEN_MINUTES = 600.0


def make_folder(root: Path) -> tuple[Path, int]:
    """The benchmark's talks in ``root/talks``; returns the folder and the number of talks."""
    folder = root / "talks"
    folder.mkdir()
    talks = sorted(DEV_SET.glob("*.txt"))
    if not talks:
        sys.exit(f"no transcripts in {DEV_SET}")
    for path in talks:
        shutil.copy(path, folder / path.name)
    for path in RECORDINGS:
        shutil.copy(path, folder / path.name)
        (folder / f"{path.name}.consent.json").write_text(CONSENT, encoding="utf-8")
    return folder, len(talks) + len(RECORDINGS)


def run_batch(folder: Path, out: Path, workers: int) -> tuple[float, list[dict[str, str]]]:
    """Wall-clock seconds of one batch run, and its summary rows."""
    command = [sys.executable, "-m", "analysis", "batch", str(folder), "-o", str(out)]
    started = time.perf_counter()
    result = subprocess.run(
        [*command, "--workers", str(workers), "--no-progress"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"batch failed ({result.returncode}): {result.stderr[-2000:]}")
    with (out / "summary.csv").open(encoding="utf-8", newline="") as handle:
        return seconds, list(csv.DictReader(handle))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    wall: dict[int, list[float]] = {n: [] for n in args.workers}
    per_transcript: list[float] = []
    per_audio_second: list[float] = []
    with tempfile.TemporaryDirectory(prefix="batch-benchmark-") as tmp:
        folder, talks = make_folder(Path(tmp))
        for round_number in range(args.rounds):
            order = args.workers if round_number % 2 == 0 else list(reversed(args.workers))
            for workers in order:
                out = Path(tmp) / f"out-{round_number}-{workers}"
                seconds, rows = run_batch(folder, out, workers)
                wall[workers].append(seconds)
                print(
                    f"round {round_number + 1}, {workers} worker(s): {seconds:.1f} s, "
                    f"{talks / seconds * 3600:.0f} talks/hour",
                    flush=True,
                )
                for row in rows:
                    if row["file"].endswith(".txt"):
                        per_transcript.append(float(row["seconds"]))
                    elif row["duration"]:
                        per_audio_second.append(float(row["seconds"]) / float(row["duration"]))
    print()
    print(f"{talks} talks (6 transcripts, 2 recordings of 4 s and 25 s), {args.rounds} rounds")
    for workers, times in wall.items():
        median = statistics.median(times)
        print(
            f"{workers} worker(s): median {median:.1f} s per batch = "
            f"{talks / median * 3600:.0f} talks/hour (including start-up and model loading)"
        )
    # ru_maxrss of the children: the largest peak of any one process (a worker), in KiB.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory of one process (a worker): {peak:.0f} MB")
    transcript = statistics.median(per_transcript)
    audio = statistics.median(per_audio_second)
    ten_minutes = TEN_MINUTES * audio
    print(f"one transcript: median {transcript:.1f} s in a worker")
    print(
        f"one second of audio: median {audio:.2f} s in a worker (transcription, speakers, "
        f"analysis): a 10-minute recording takes about {ten_minutes / 60:.1f} min, "
        f"{3600 / ten_minutes:.1f} recordings/hour per worker"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
