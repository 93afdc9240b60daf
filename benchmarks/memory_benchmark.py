"""Peak memory and speed of `analyse` on long recordings (prints numbers; not a test).

Makes synthetic talks of 10, 30 and 120 minutes (the /work/shared/dev-set talks spoken by
espeak-ng, one voice per speaker, with pauses; cycled when the talks run out), written as
ogg/opus in a temporary folder, and runs a stage on each as a separate process, measuring that
process's peak resident memory (``ru_maxrss`` from ``os.wait4``: the whole process, models
included) and its wall time:

* ``analyse``    the real CLI: ``python -m analysis analyse FILE --format json -o OUT``
* ``transcribe`` ``analysis.transcribe.transcribe`` alone (decode + Whisper)
* ``separate``   ``analysis.diarize.analyse_audio`` alone (decode + VAD + voice prints +
  clustering)
* ``decode``     the streaming decode alone, in the transcription's chunks
* ``post``       everything ``analyse`` does after Whisper, on the real recording: the Whisper
  model loaded, used once (``--warm FILE``, a short recording) and freed, as ``analyse`` frees
  it (``keep_model=False``), then speaker separation, roles, detection and the JSON report
  on a transcript as long as the recording (``--transcript T.pkl``, a pickled ``Transcript``
  of a shorter talk, repeated with shifted times). With the
  transcription's own peak (flat in its chunks) this gives the peak of a whole ``analyse`` on
  a recording too long to transcribe on a busy machine.

``--compare DIR`` runs the stages (``--stage``) alternately with this checkout and another one
(e.g. an older commit unpacked with ``git archive``) for ``--rounds`` rounds and prints the
median real-time factor of each (time inside the stage, or wall time for ``analyse``, divided
by the audio's duration) and the median peak memory.

    python benchmarks/memory_benchmark.py                                  # analyse 10/30/120
    python benchmarks/memory_benchmark.py --stage separate --minutes 120
    python benchmarks/memory_benchmark.py --stage transcribe --minutes 30
    python benchmarks/memory_benchmark.py --compare /tmp/old --stage transcribe --minutes 2.5

``--without-torch`` hides an installed torch from the measured processes, as in a default
install: where the openai-whisper extra installed torch, spaCy (thinc) imports it, 0.2 GB.

Needs espeak-ng (``apt-get install espeak-ng``). ``--keep DIR`` keeps the recordings (and the
espeak-ng clips) in DIR for the next run.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
DEV_SET = REPO.parent / "shared" / "dev-set"
RATE = 16_000
#: espeak-ng voice, pitch and speed per speaker, in order of first appearance in a talk.
VOICES = [("nl", 35, 165), ("nl+f3", 70, 170), ("nl+f5", 95, 180), ("nl+m3", 20, 155)]
STAGES = ("analyse", "transcribe", "separate", "decode", "post")
#: The longest recording the CLI accepts (seconds).
LIMIT = 2 * 60 * 60.0


# --- making recordings ---------------------------------------------------------------------


def _espeak(text: str, voice: tuple[str, int, int], out: Path) -> None:
    name, pitch, speed = voice
    subprocess.run(
        ["espeak-ng", "-v", name, "-p", str(pitch), "-s", str(speed), "-w", str(out), text],
        check=True,
        capture_output=True,
    )


def _read_wav(path: Path) -> np.ndarray:
    """Mono 16 kHz float32 samples of an espeak-ng wav (22,050 Hz), resampled, silence trimmed."""
    with wave.open(str(path)) as handle:
        rate = handle.getframerate()
        data = np.frombuffer(handle.readframes(handle.getnframes()), dtype="<i2")
    samples = data.astype(np.float32) / 32768.0
    if rate != RATE:
        positions = np.arange(0, samples.size, rate / RATE)
        samples = np.interp(positions, np.arange(samples.size), samples).astype(np.float32)
    loud = np.flatnonzero(np.abs(samples) > 0.01)
    return samples[loud[0] : loud[-1] + 1] if loud.size else samples[:0]


def talk_lines(path: Path) -> list[tuple[str, str]]:
    """(speaker, text) per line of a talk in the annotation format, notes removed."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^\[[\d:.]+\]\s*", "", line.strip())
        match = re.match(r"^([^:\[\]]{1,40}):\s*(.+)$", line)
        if match:
            text = re.sub(r"\[[^\]]*\]|\([^)]*\)", "", match.group(2)).strip()
            if text:
                lines.append((match.group(1).strip(), text))
    return lines


def clips(cache: Path) -> Iterator[np.ndarray]:
    """Spoken lines of all dev-set talks, endlessly (cycled); wavs cached in ``cache``."""
    cache.mkdir(parents=True, exist_ok=True)
    talks = sorted(DEV_SET.glob("*.txt"))
    if not talks:
        raise SystemExit(f"no talks in {DEV_SET}")
    while True:
        for talk in talks:
            voices: dict[str, tuple[str, int, int]] = {}
            for n, (speaker, text) in enumerate(talk_lines(talk)):
                voice = voices.setdefault(speaker, VOICES[len(voices) % len(VOICES)])
                wav = cache / f"{talk.stem}-{n:03d}.wav"
                if not wav.exists():
                    _espeak(text, voice, wav)
                yield _read_wav(wav)


def make_recording(minutes: float, out: Path, cache: Path, seed: int = 0) -> Path:
    """Write a talk of ``minutes`` minutes to ``out`` (ogg/opus, 16 kHz mono, 24 kbit/s)."""
    import av

    if out.exists():
        return out
    rng = np.random.default_rng(seed)
    # The encoder pads a little; stay a second under the two-hour limit the CLI enforces.
    total = int(min(minutes * 60, LIMIT - 1.0) * RATE)
    partial = out.with_suffix(".part.ogg")
    container = av.open(str(partial), mode="w")
    stream = container.add_stream("libopus", rate=RATE, layout="mono")
    stream.bit_rate = 24_000
    written = 0

    def write(samples: np.ndarray) -> None:
        nonlocal written
        pcm = np.clip(samples * 32767, -32768, 32767).astype(np.int16)[None, :]
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate, frame.pts = RATE, written
        written += pcm.shape[1]
        for packet in stream.encode(frame):
            container.mux(packet)

    write(np.zeros(RATE // 2, dtype=np.float32))
    for clip in clips(cache):
        if written >= total:
            break
        # A pause between turns (sometimes a long one), low room noise throughout.
        pause = rng.uniform(0.3, 1.2) if rng.random() > 0.05 else rng.uniform(3.0, 8.0)
        piece = np.concatenate([clip, np.zeros(int(pause * RATE), dtype=np.float32)])
        piece = piece[: total - written]
        piece += rng.normal(0.0, 0.002, piece.size).astype(np.float32)
        write(piece)
    for packet in stream.encode(None):
        container.mux(packet)
    container.close()
    partial.rename(out)
    return out


# --- running a stage -----------------------------------------------------------------------


def tiled(transcript: Any, seconds: float) -> Any:
    """``transcript`` repeated (times shifted) until it covers ``seconds``, cut there."""
    length = float(transcript.duration or transcript.turns[-1].end)
    turns = []
    offset = 0.0
    while offset < seconds:
        for turn in transcript.turns:
            if turn.start is None or turn.start + offset >= seconds:
                continue
            words = [
                replace(word, start=word.start + offset, end=word.end + offset)
                for word in turn.words
            ]
            turns.append(
                replace(
                    turn,
                    index=len(turns),
                    start=turn.start + offset,
                    end=min(seconds, (turn.end or turn.start) + offset),
                    words=words,
                )
            )
        offset += length
    return replace(transcript, turns=turns, duration=seconds)


def run_post(path: Path, transcript_pickle: Path, warm: Path) -> dict[str, float]:
    """The ``post`` stage: Whisper loaded and used on ``warm``, then what ``analyse`` does
    after transcription, on ``path`` with a tiled transcript (see the module docstring)."""
    from analysis.diarize import separate_speakers
    from analysis.pipeline import analyse
    from analysis.report import RENDERERS
    from analysis.transcribe import TranscribeOptions, transcribe

    started = time.perf_counter()
    transcribe(warm, TranscribeOptions(keep_model=False))  # as the analyse command does
    with transcript_pickle.open("rb") as handle:
        transcript = tiled(pickle.load(handle), duration_of(path))
    warmed = time.perf_counter()
    transcript = separate_speakers(path, transcript)
    report = RENDERERS["json"](analyse(transcript))
    return {
        "seconds": time.perf_counter() - warmed,
        "warm_seconds": warmed - started,
        "turns": len(transcript.turns),
        "speakers": len(transcript.speakers),
        "report_kb": len(report) / 1024,
    }


def run_child(stage: str, path: Path, repo: Path, extra: list[str]) -> dict[str, float]:
    """Run ``stage`` on ``path`` in this process (the measured child)."""
    sys.path.insert(0, str(repo))
    if stage == "post":
        return run_post(path, Path(extra[0]), Path(extra[1]))
    started = time.perf_counter()
    if stage == "transcribe":
        from analysis.transcribe import transcribe

        transcript = transcribe(path)
        return {"seconds": time.perf_counter() - started, "turns": len(transcript.turns)}
    if stage == "separate":
        from analysis.diarize import analyse_audio

        found = analyse_audio(path)
        return {
            "seconds": time.perf_counter() - started,
            "windows": len(found.windows),
            "speakers": found.speaker_count,
        }
    if stage == "decode":
        from analysis.transcribe import TranscribeOptions, audio

        samples = 0
        seconds = TranscribeOptions().chunk_seconds
        for _, chunk in audio.iter_chunks(audio.iter_samples(path), seconds):
            samples += chunk.size
        return {"seconds": time.perf_counter() - started, "audio": samples / RATE}
    raise SystemExit(f"unknown stage {stage}")


#: A folder whose ``torch`` package fails to import, put first on the path by
#: ``--without-torch``: a default install has no torch, but where the openai-whisper extra put
#: it, spaCy's thinc imports it (0.2 GB) whenever spaCy is imported.
NO_TORCH: Path | None = None


def measure(
    stage: str, path: Path, repo: Path = REPO, nice: int = 0, extra: list[str] | None = None
) -> tuple[float, float, dict[str, float]]:
    """Peak RSS (MB) and wall time (s) of one run of ``stage`` as its own process."""
    paths = [str(NO_TORCH)] if NO_TORCH else []
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([*paths, str(repo)]))
    if stage == "analyse":
        out = path.with_suffix(".json")
        command = [sys.executable, "-m", "analysis", "analyse", str(path), "--format", "json"]
        command += ["-o", str(out)]
    else:
        command = [sys.executable, str(Path(__file__).resolve()), "--child", stage, str(path)]
        command += ["--repo", str(repo)]
        if stage == "post":
            command += ["--post-inputs", *(extra or [])]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        process = subprocess.Popen(
            command,
            cwd=repo,
            env=env,
            stdout=out_file,
            stderr=err_file,
            preexec_fn=(lambda: os.nice(nice)) if nice else None,
        )
        # Reap the child with wait4 to get its own resource usage (not all children's).
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out_file.seek(0)
        err_file.seek(0)
        stdout, stderr = out_file.read(), err_file.read()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        tail = stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise SystemExit(f"{stage} failed on {path.name}: {' | '.join(tail)}")
    details: dict[str, float] = {}
    if stage == "analyse":
        result = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        details = {"turns": len(result["turns"]), "speakers": len(result["speakers"])}
    elif stdout.strip():
        details = json.loads(stdout.decode().strip().splitlines()[-1])
    details["cpu_seconds"] = usage.ru_utime + usage.ru_stime  # the whole process
    return usage.ru_maxrss / 1024, wall, details


def duration_of(path: Path) -> float:
    sys.path.insert(0, str(REPO))
    from analysis.transcribe import audio

    return float(audio.probe_duration(path) or audio.measure_duration(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, nargs="+", default=[10.0, 30.0, 120.0])
    parser.add_argument("--stage", choices=STAGES, nargs="+", default=["analyse"])
    parser.add_argument("--compare", type=Path, help="another checkout to compare speed with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--nice", type=int, default=0, help="run the measured processes niced")
    parser.add_argument("--keep", type=Path, help="folder to keep recordings in")
    parser.add_argument(
        "--without-torch",
        action="store_true",
        help="hide an installed torch from the measured processes (as in a default install)",
    )
    parser.add_argument("--transcript", type=Path, help="post stage: a pickled Transcript")
    parser.add_argument("--warm", type=Path, help="post stage: a short recording for Whisper")
    parser.add_argument("--child", choices=STAGES, help=argparse.SUPPRESS)
    parser.add_argument("--post-inputs", nargs=2, default=[], help=argparse.SUPPRESS)
    parser.add_argument("--repo", type=Path, default=REPO, help=argparse.SUPPRESS)
    parser.add_argument("file", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.file, args.repo, args.post_inputs)))
        return
    if "post" in args.stage and not (args.transcript and args.warm):
        parser.error("--stage post needs --transcript T.pkl and --warm SHORT_RECORDING")
    post_inputs = [str(args.transcript), str(args.warm)] if args.transcript else []

    global NO_TORCH
    with tempfile.TemporaryDirectory() as scratch:
        if args.without_torch:
            NO_TORCH = Path(scratch) / "no-torch"
            (NO_TORCH / "torch").mkdir(parents=True)
            (NO_TORCH / "torch" / "__init__.py").write_text(
                'raise ImportError("torch hidden by memory_benchmark.py --without-torch")\n'
            )
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        recordings = []
        for minutes in args.minutes:
            path = folder / f"talk-{minutes:g}min.ogg"
            started = time.perf_counter()
            make_recording(minutes, path, folder / "clips")
            recordings.append((path, duration_of(path)))
            print(
                f"# {path.name}: {recordings[-1][1] / 60:.1f} min, {path.stat().st_size / 1e6:.1f} "
                f"MB, made in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
        if args.compare:
            for stage in args.stage:
                compare(stage, recordings, args.compare.resolve(), args.rounds, args.nice)
            return
        torch = "hidden" if NO_TORCH else "importable if installed"
        print(f"# torch: {torch}", flush=True)
        print(f"{'stage':10s} {'minutes':>7s} {'peak MB':>8s} {'wall s':>8s} {'RTF':>6s}  details")
        for path, seconds in recordings:
            for stage in args.stage:
                peak, wall, details = measure(stage, path, nice=args.nice, extra=post_inputs)
                inner = details.get("seconds", wall)
                print(
                    f"{stage:10s} {seconds / 60:7.1f} {peak:8.0f} {wall:8.1f} "
                    f"{inner / seconds:6.3f}  {json.dumps(details)}",
                    flush=True,
                )


def compare(
    stage: str, recordings: list[tuple[Path, float]], other: Path, rounds: int, nice: int
) -> None:
    """Real-time factor of ``stage`` here vs. in ``other``, alternating, medians."""
    for path, seconds in recordings:
        factors: dict[str, list[float]] = {"this": [], "other": []}
        cpu: dict[str, list[float]] = {"this": [], "other": []}
        peaks: dict[str, list[float]] = {"this": [], "other": []}
        for round_ in range(rounds):
            order = [("this", REPO), ("other", other)]
            if round_ % 2:
                order.reverse()
            for name, repo in order:
                peak, wall, details = measure(stage, path, repo, nice)
                factors[name].append(details.get("seconds", wall) / seconds)
                cpu[name].append(details["cpu_seconds"] / seconds)
                peaks[name].append(peak)
                print(
                    f"{stage} round {round_ + 1} {name:5s} RTF {factors[name][-1]:.3f} "
                    f"CPU s per audio s {cpu[name][-1]:.3f} peak {peak:.0f} MB",
                    flush=True,
                )
        this, that = statistics.median(factors["this"]), statistics.median(factors["other"])
        this_cpu, that_cpu = statistics.median(cpu["this"]), statistics.median(cpu["other"])
        print(
            f"{stage} {path.name}: median RTF this {this:.3f} vs other {that:.3f} "
            f"(ratio {this / that:.2f}); CPU s per audio s {this_cpu:.3f} vs {that_cpu:.3f} "
            f"(ratio {this_cpu / that_cpu:.2f}); median peak "
            f"{statistics.median(peaks['this']):.0f} vs "
            f"{statistics.median(peaks['other']):.0f} MB over {rounds} rounds"
        )


if __name__ == "__main__":
    main()
