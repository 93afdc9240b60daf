"""Acceptance check of the speech path on whole synthetic talks (prints numbers; not a test).

Every labelled talk (``../shared/dev-set/*.txt``, ``tests/data/heldout/*.txt``,
``samples/*.txt``, read by path) is spoken line by line with espeak-ng, one voice per speaker,
with pauses of 0.3-0.9 s between turns, a thinking pause of 3-6 s after about one turn in twelve
and quiet room noise throughout. Voices: the MBROLA Dutch diphone voices when installed
(``mb-nl2`` male for the teacher, ``mb-nl3`` female for the parent, ``mb-nl3`` raised for a
child, the two shifted by sox for a second parent or teacher; Debian ``mbrola mbrola-nl2
mbrola-nl3`` from contrib/non-free, non-commercial licence, benchmarks only), otherwise
espeak-ng's own formant voices (a low "nl" for the teacher, "nl+f3" for the parent, "nl+f5" for
a child), which Whisper hears much worse (``--voices espeak`` forces them). Each
recording then goes through the full ``python -m analysis analyse REC --format json`` path
(transcription, speaker separation, roles) in its own process, and per talk this prints:

* loops: any group of 1-4 words repeated six or more times in a row in the transcript
  (must be none);
* words: the share of the reference words present in the transcript (a bag-of-words recall,
  target at least 80 %);
* teacher: whether the speaker heard during most of the teacher's lines got the teacher role;
* the real-time factor (wall time of the whole ``analyse`` run / audio length) and the peak
  memory (maximum resident set size of the process).

``--transcribe-only old|new`` transcribes only (no speaker separation), with the settings
before the loop fixes (``old``: temperature 0 only, no loop guard, no hallucination filter) or
the current defaults (``new``), and counts loops: the before/after measurement.

Usage::

    nice python benchmarks/synthetic_talks.py                      # all talks, full analyse
    nice python benchmarks/synthetic_talks.py --talks kind-erbij   # one talk
    nice python benchmarks/synthetic_talks.py --transcribe-only old

Needs espeak-ng and sox (``apt-get install espeak-ng sox``; for the better voices also
``mbrola mbrola-nl2 mbrola-nl3``). The recordings are cached in ``--workdir`` (default: the
system temp folder), per voice set.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import wave
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from analysis.transcribe import TranscribeOptions, transcribe  # noqa: E402
from analysis.transcribe.loops import find_loops  # noqa: E402
from analysis.transcript_io import read_transcript  # noqa: E402

SHARED = Path(os.environ.get("GESPREKSCOACH_SHARED", REPO.parent / "shared"))
SOURCES = (SHARED / "dev-set", REPO / "tests" / "data" / "heldout", REPO / "samples")
RATE = 16_000
#: A voice: espeak-ng voice name, pitch (0-99), speed (words per minute), sox effects after.
Voice = tuple[str, int, int, tuple[str, ...]]
#: espeak-ng's own formant voices per voice slot (robot Dutch: Whisper base gets 55-65 % of it).
ESPEAK_VOICES: dict[str, Voice] = {
    "teacher": ("nl", 35, 170, ()),
    "teacher2": ("nl+m3", 50, 165, ()),
    "parent": ("nl+f3", 65, 160, ()),
    "parent2": ("nl+m7", 45, 155, ()),
    "child": ("nl+f5", 85, 175, ()),
}
#: MBROLA diphone voices (recorded Dutch speech): a male (nl2) and a female (nl3) database; a
#: second parent or teacher is the other sex's database shifted by sox ``pitch`` (formants
#: move too, so the voice print differs), a child the female one at the highest pitch (a sox
#: shift on top cost 7 points of the child's words). Speed 140 wpm: at 150 Whisper base kept
#: 87 %, at 130 90 % of a two-voice talk's words.
MBROLA_VOICES: dict[str, Voice] = {
    "teacher": ("mb-nl2", 45, 140, ()),
    "teacher2": ("mb-nl3", 35, 140, ("pitch", "-250")),
    "parent": ("mb-nl3", 55, 140, ()),
    "parent2": ("mb-nl2", 60, 140, ("pitch", "250")),
    "child": ("mb-nl3", 90, 150, ()),
}
MBROLA_FOLDER = Path("/usr/share/mbrola")
LOOP_REPEATS = 6
TARGET_WORDS = 0.80
_SEED = 15


# --- synthesis -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One spoken line of the synthetic talk, with its true speaker, role and time span."""

    speaker: str
    role: str
    voice: str
    start: float
    end: float
    text: str


def mbrola_available() -> bool:
    """Whether espeak-ng can speak with the MBROLA Dutch voices nl2 and nl3."""
    return bool(shutil.which("mbrola")) and all(
        (MBROLA_FOLDER / name / name).is_file() for name in ("nl2", "nl3")
    )


def voice_set(choice: str) -> tuple[str, dict[str, Voice]]:
    """The voice table to use: ``mbrola``, ``espeak`` or ``auto`` (MBROLA when installed)."""
    if choice == "mbrola" or (choice == "auto" and mbrola_available()):
        return "mbrola", MBROLA_VOICES
    return "espeak", ESPEAK_VOICES


def talk_files() -> list[Path]:
    """All labelled talk texts, in a fixed order."""
    return [path for folder in SOURCES for path in sorted(folder.glob("*.txt"))]


def spoken_text(text: str) -> str:
    """A line without stage directions ("(lacht)") and with collapsed spaces."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def voice_slots(path: Path) -> dict[str, tuple[str, str]]:
    """Speaker name -> (role, voice slot), with roles from the project's own name table."""
    transcript = read_transcript(path)
    slots: dict[str, tuple[str, str]] = {}
    used: Counter[str] = Counter()
    for speaker in transcript.speakers:
        role = speaker.role if speaker.role != "unknown" else "child"
        base = role if role in ("teacher", "parent", "child") else "parent"
        slot = base if not used[base] or base == "child" else f"{base}2"
        used[base] += 1
        slots[speaker.name] = (role, slot)
    return slots


def _speak(text: str, voice: Voice, workdir: Path) -> np.ndarray:
    name, pitch, speed, effects = voice
    raw, out = workdir / "raw.wav", workdir / "line.wav"
    subprocess.run(
        ["espeak-ng", "-v", name, "-p", str(pitch), "-s", str(speed), "-w", str(raw), text],
        check=True,
        capture_output=True,  # mbrola warns about every missing diphone
    )
    subprocess.run(
        ["sox", "-V1", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out), *effects],
        check=True,
    )
    with wave.open(str(out)) as handle:
        samples = np.frombuffer(handle.readframes(handle.getnframes()), dtype="<i2")
    return samples.astype(np.float32) / 32768.0


def synthesise(
    path: Path, workdir: Path, voices: dict[str, Voice] = ESPEAK_VOICES
) -> tuple[Path, list[Line]]:
    """The recording of the talk at ``path`` and its lines (cached in ``workdir``)."""
    wav = workdir / f"{path.stem}.wav"
    truth = workdir / f"{path.stem}.lines.json"
    if wav.is_file() and truth.is_file():
        return wav, [Line(**item) for item in json.loads(truth.read_text(encoding="utf-8"))]
    rng = np.random.default_rng(_SEED)
    slots = voice_slots(path)
    parts: list[np.ndarray] = [np.zeros(int(0.5 * RATE), dtype=np.float32)]
    position = parts[0].size
    lines: list[Line] = []
    with tempfile.TemporaryDirectory() as tmp:
        for turn in read_transcript(path).turns:
            text = spoken_text(turn.text)
            if not re.search(r"\w", text):
                continue
            role, slot = slots[turn.speaker]
            samples = _speak(text, voices[slot], Path(tmp))
            start = position / RATE
            position += samples.size
            lines.append(Line(turn.speaker, role, slot, start, position / RATE, text))
            pause = rng.uniform(3.0, 6.0) if rng.random() < 1 / 12 else rng.uniform(0.3, 0.9)
            silence = np.zeros(int(pause * RATE), dtype=np.float32)
            parts += [samples, silence]
            position += silence.size
    signal = np.concatenate(parts)
    signal += rng.normal(0.0, 0.002, signal.size).astype(np.float32)  # quiet room noise
    pcm = np.clip(signal * 32767, -32768, 32767).astype("<i2")
    with wave.open(str(wav), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(RATE)
        handle.writeframes(pcm.tobytes())
    truth.write_text(
        json.dumps([asdict(line) for line in lines], ensure_ascii=False, indent=0),
        encoding="utf-8",
    )
    return wav, lines


# --- measures ------------------------------------------------------------------------------


def words_of(text: str) -> list[str]:
    """Lower-case words without punctuation (hyphens and apostrophes split or dropped)."""
    text = unicodedata.normalize("NFC", text.lower()).replace("'", "")
    return re.sub(r"[^\w\s]|_", " ", text).split()


def word_recall(reference: str, hypothesis: str) -> float:
    """Share of the reference words present in the hypothesis (counted with multiplicity)."""
    ref, hyp = Counter(words_of(reference)), Counter(words_of(hypothesis))
    total = sum(ref.values())
    return sum((ref & hyp).values()) / total if total else 1.0


def loops_in(text: str) -> list[str]:
    """Each loop as "phrase x repeats"."""
    return [f"'{loop.phrase}' x{loop.repeats}" for loop in find_loops(text.split(), LOOP_REPEATS)]


def teacher_voice_ok(lines: list[Line], turns: list[dict[str, object]]) -> tuple[bool, str]:
    """Whether the speaker heard most during the (first) teacher's lines got the teacher role."""
    teacher_lines = [line for line in lines if line.voice == "teacher"]
    overlap: Counter[str] = Counter()
    roles: dict[str, str] = {}
    for turn in turns:
        start, end = float(turn["start"] or 0.0), float(turn["end"] or 0.0)  # type: ignore[arg-type]
        roles[str(turn["speaker"])] = str(turn["role"])
        for line in teacher_lines:
            shared = min(end, line.end) - max(start, line.start)
            if shared > 0:
                overlap[str(turn["speaker"])] += shared
    if not overlap:
        return False, "no speaker overlaps the teacher's lines"
    name, _ = overlap.most_common(1)[0]
    return roles[name] == "teacher", f"{name} -> {roles[name]}"


# --- runs ----------------------------------------------------------------------------------


def run_measured(command: list[str]) -> tuple[int, float, float, str]:
    """Run ``command``; (exit code, wall seconds, peak memory MB, stderr tail)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, cwd=REPO)
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-12:]
    return os.waitstatus_to_exitcode(status), elapsed, usage.ru_maxrss / 1024, "\n".join(tail)


def transcribe_worker(mode: str, wav: str, out: str) -> None:
    """Transcribe ``wav`` with the old or new settings; write the turns as JSON to ``out``."""
    options = TranscribeOptions() if mode == "new" else TranscribeOptions.legacy()
    transcript = transcribe(Path(wav), options)
    turns = [
        {"speaker": t.speaker, "role": t.role, "start": t.start, "end": t.end, "text": t.text}
        for t in transcript.turns
    ]
    Path(out).write_text(json.dumps({"turns": turns}, ensure_ascii=False), encoding="utf-8")


def measure(
    path: Path, workdir: Path, mode: str, voices: dict[str, Voice] = ESPEAK_VOICES
) -> dict[str, object]:
    """Synthesise, run and score one talk."""
    wav, lines = synthesise(path, workdir, voices)
    with wave.open(str(wav)) as handle:
        seconds = handle.getnframes() / handle.getframerate()
    out = workdir / f"{path.stem}.{mode}.json"
    if mode == "analyse":
        command = [sys.executable, "-m", "analysis", "analyse", str(wav), "--format", "json"]
        command += ["-o", str(out)]
    else:
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", mode]
        command += [str(wav), str(out)]
    code, elapsed, peak, tail = run_measured(command)
    row: dict[str, object] = {
        "talk": path.stem,
        "voices": len({line.voice for line in lines}),
        "minutes": seconds / 60,
        "rtf": elapsed / seconds,
        "peak_mb": peak,
    }
    if code != 0:
        row["error"] = tail.splitlines()[-1] if tail else f"exit {code}"
        return row
    turns = json.loads(out.read_text(encoding="utf-8"))["turns"]
    hypothesis = " ".join(str(turn["text"]) for turn in turns)
    row["loops"] = loops_in(hypothesis)
    row["words"] = word_recall(" ".join(line.text for line in lines), hypothesis)
    if mode == "analyse":
        row["teacher_ok"], row["teacher"] = teacher_voice_ok(lines, turns)
        row["speakers"] = [line for line in tail.splitlines() if ": Spreker" in line]
    return row


def print_row(row: dict[str, object]) -> None:
    """One line per talk (and the speakers' roles underneath, for the analyse path)."""
    head = (
        f"{row['talk']:<26} {row['voices']}v {row['minutes']:5.1f} min  RTF {row['rtf']:.3f}  "
        f"peak {row['peak_mb']:5.0f} MB"
    )
    if "error" in row:
        print(f"{head}  FAILED: {row['error']}", flush=True)
        return
    loops = row["loops"]
    words = float(row["words"])  # type: ignore[arg-type]
    line = (
        f"{head}  loops {len(loops) if isinstance(loops, list) else loops}  "
        f"words {words:.1%} ({'ok' if words >= TARGET_WORDS else 'MISSED'})"
    )
    if "teacher_ok" in row:
        line += f"  teacher {'ok' if row['teacher_ok'] else 'WRONG'} ({row['teacher']})"
    print(line, flush=True)
    if loops:
        print(f"    loops: {'; '.join(map(str, loops))}", flush=True)


def main() -> int:
    """Parse arguments, run every talk, print one line each and a summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--talks", nargs="+", help="only these talks (file stems)")
    parser.add_argument("--workdir", type=Path, help="where recordings and outputs are kept")
    parser.add_argument(
        "--transcribe-only",
        choices=("old", "new"),
        help="transcribe only, with the settings before the loop fixes (old) or today's (new)",
    )
    parser.add_argument(
        "--voices",
        choices=("auto", "mbrola", "espeak"),
        default="auto",
        help="MBROLA voices (auto: when installed) or espeak-ng's own",
    )
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    args = parser.parse_args()
    if args.worker:
        transcribe_worker(*args.worker)
        return 0
    if not (shutil.which("espeak-ng") and shutil.which("sox")):
        print("espeak-ng and sox are needed: apt-get install espeak-ng sox", file=sys.stderr)
        return 2
    if args.voices == "mbrola" and not mbrola_available():
        print("MBROLA voices missing: apt-get install mbrola-nl2 mbrola-nl3", file=sys.stderr)
        return 2
    name, voices = voice_set(args.voices)
    base = args.workdir or Path(tempfile.gettempdir()) / "gesprekscoach-synthetic-talks"
    workdir = base / name
    workdir.mkdir(parents=True, exist_ok=True)
    files = [path for path in talk_files() if not args.talks or path.stem in args.talks]
    mode = args.transcribe_only or "analyse"
    print(
        f"{len(files)} talks, mode {mode}, voices {name}, load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    rows = []
    for path in files:
        row = measure(path, workdir, mode, voices)
        rows.append(row)
        print_row(row)
    done = [row for row in rows if "error" not in row]
    minutes = sum(float(row["minutes"]) for row in rows)  # type: ignore[arg-type]
    loops = sum(len(row["loops"]) for row in done)  # type: ignore[arg-type]
    print(
        f"summary: {len(rows)} talks, {minutes:.1f} min; failed {len(rows) - len(done)}; "
        f"loops {loops}; words >= {TARGET_WORDS:.0%} in "
        f"{sum(float(row['words']) >= TARGET_WORDS for row in done)}/{len(done)}"  # type: ignore[arg-type]
        + (
            f"; teacher right in {sum(bool(row['teacher_ok']) for row in done)}/{len(done)}"
            if mode == "analyse"
            else ""
        )
        + f"; median RTF {np.median([float(row['rtf']) for row in rows]):.3f}"  # type: ignore[arg-type]
        + f"; max peak {max(float(row['peak_mb']) for row in rows):.0f} MB"  # type: ignore[arg-type]
        + f"; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
