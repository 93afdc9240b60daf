"""Speaker separation benchmark on Whisper's own word times (prints numbers; not a test).

Every case is a talk of a minute or two: lines of the /work/shared/dev-set talks spoken by
espeak-ng voices (or real recorded voices), joined with pauses and written as a wav file.
Whisper *base* (faster-whisper, int8, the app's default settings) transcribes it once; then
``diarize`` gives each of Whisper's words a speaker, exactly as after a real transcription. The
truth of a word is the speaker whose audio plays at the word's middle (in overlapping speech,
either of the two; in a pause, the nearest line).

Cases:

* ``distinct``        two voices far apart: low male ``nl`` and female ``nl+f3``
* ``similar-male``    the same talk by two male variants of close pitch (``nl+m2`` / ``nl+m4``)
* ``similar-female``  the same talk by two female variants of close pitch (``nl+f2`` / ``nl+f4``)
* ``overlap``         ``distinct`` voices, but every third line starts 0.3-1.2 s before the
                      other speaker has finished, and short back-channels ("ja", "hm hm")
                      are spoken over the other's line
* ``noise-10db`` / ``noise-5db``  ``distinct`` voices in pink noise (sox ``synth``) at a
                      signal-to-noise ratio of 10 / 5 dB
* ``quiet-child``     teacher, parent and a child (high, fast ``nl+f5``) whose lines are 12 dB
                      quieter, as a child further from the phone
* ``real``            real voices: the Flemish reader (asr-nl-flemish-cc0) alternating with
                      the spontaneous clips (asr-nl-spontaneous-mit)
* ``one-voice``       one espeak-ng voice only (the right answer is one speaker)

Score (``right``): the share of words attributed to the right speaker after the best one-to-one
mapping of found to true speakers; ``overlap``: the same among words spoken while two voices
overlap (either counts); ``speakers``: the count found; ``given``: the share right when the
true count is given (``--speakers N``, the user's fallback). Whisper's words differ from the
script's, so the truth is by time, not by text. Separation runs ``--rounds`` times per case,
the cases in a rotated order each round; its time is the median. Whisper's time is one run.

    python benchmarks/diarization_benchmark.py [--cases distinct overlap ...] [--rounds 3]

Needs espeak-ng and sox (``apt-get install espeak-ng sox``).
"""

from __future__ import annotations

import argparse
import itertools
import logging
import re
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from analysis.diarize import diarize, voiced_pitches  # noqa: E402
from analysis.records import Transcript  # noqa: E402
from analysis.transcribe import TranscribeOptions, audio, transcribe  # noqa: E402

SHARED = REPO.parent / "shared"
DEV_SET = SHARED / "dev-set"
FLEMISH = SHARED / "data" / "asr-nl-flemish-cc0"
SPONTANEOUS = SHARED / "data" / "asr-nl-spontaneous-mit"
RATE = 16_000

Voice = tuple[str, int, int]  # espeak-ng voice, pitch (0-99), speed (words per minute)
LOW_MALE: Voice = ("nl", 35, 165)
FEMALE: Voice = ("nl+f3", 70, 170)
CHILD: Voice = ("nl+f5", 95, 185)
BACK_CHANNELS = ["ja", "hm hm", "oké", "ja ja", "precies"]


@dataclass
class Case:
    """One benchmark recording: its samples and who speaks when."""

    name: str
    samples: np.ndarray
    #: (start s, end s, speaker) of every line.
    spans: list[tuple[float, float, str]] = field(default_factory=list)
    #: Median pitch (Hz) of each speaker's voice, as measured.
    pitch: dict[str, float] = field(default_factory=dict)

    @property
    def speakers(self) -> set[str]:
        return {speaker for _, _, speaker in self.spans}


# --- making audio --------------------------------------------------------------------------


def read_audio(path: Path) -> np.ndarray:
    return np.concatenate(list(audio.iter_samples(path)))


def write_wav(path: Path, samples: np.ndarray) -> None:
    data = np.clip(samples * 32767, -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data.tobytes())


def trim(samples: np.ndarray, threshold: float = 0.01) -> np.ndarray:
    loud = np.flatnonzero(np.abs(samples) > threshold)
    return samples[loud[0] : loud[-1] + 1] if loud.size else samples[:0]


def espeak(text: str, voice: Voice, out: Path) -> np.ndarray:
    """16 kHz samples of ``text`` spoken by espeak-ng (cached in ``out``), silence trimmed."""
    if not out.exists():
        name, pitch, speed = voice
        raw = out.with_suffix(".raw.wav")
        subprocess.run(
            ["espeak-ng", "-v", name, "-p", str(pitch), "-s", str(speed), "-w", str(raw), text],
            check=True,
            capture_output=True,
        )
        subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", str(out)], check=True)
        raw.unlink()
    return trim(read_audio(out))


def pink_noise(seconds: float, out: Path) -> np.ndarray:
    """Pink noise made by sox ``synth``."""
    subprocess.run(
        ["sox", "-n", "-r", str(RATE), "-c", "1", str(out), "synth", f"{seconds:.2f}", "pinknoise"],
        check=True,
    )
    return read_audio(out)


def talk_lines(path: Path, seconds: float) -> list[tuple[str, str]]:
    """(speaker, text) of the first lines of a talk, about ``seconds`` of espeak-ng speech."""
    lines, words = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^\[[\d:.]+\]\s*", "", line.strip())
        match = re.match(r"^([^:\[\]]{1,40}):\s*(.+)$", line)
        if not match:
            continue
        text = re.sub(r"\[[^\]]*\]|\([^)]*\)", "", match.group(2)).strip()
        if text:
            lines.append((match.group(1).strip(), text))
            words += len(text.split())
        if words / 2.6 > seconds:  # espeak-ng speaks about 2.6 words a second here
            break
    return lines


def assemble(
    name: str,
    clips: list[tuple[str, np.ndarray]],
    seed: int,
    overlap_every: int = 0,
    gains: dict[str, float] | None = None,
) -> Case:
    """Lay the clips one after another with pauses of 0.25-0.7 s; with ``overlap_every`` = n,
    every n-th clip starts 0.3-1.2 s before the previous one ends instead."""
    rng = np.random.default_rng(seed)
    gains = gains or {}
    placed: list[tuple[int, str, np.ndarray]] = []
    position = int(0.5 * RATE)
    for n, (speaker, samples) in enumerate(clips):
        start = position
        if overlap_every and n % overlap_every == overlap_every - 1 and placed:
            previous_start, _, previous = placed[-1]
            overlap = int(rng.uniform(0.3, 1.2) * RATE)
            start = max(previous_start + previous.size // 2, position - overlap)
        gain = 10 ** (gains.get(speaker, 0.0) / 20)
        placed.append((start, speaker, samples * gain))
        position = max(position, start + samples.size) + int(rng.uniform(0.25, 0.7) * RATE)
    mix = np.zeros(position + RATE // 2, dtype=np.float32)
    spans = []
    for start, speaker, samples in placed:
        mix[start : start + samples.size] += samples
        spans.append((start / RATE, (start + samples.size) / RATE, speaker))
    pitch = {}
    for speaker in {s for _, s, _ in placed}:
        pieces = [samples for _, s, samples in placed if s == speaker]
        pitch[speaker] = float(np.median(voiced_pitches(np.concatenate(pieces)[: 60 * RATE])))
    return Case(name, mix, spans, pitch)


def with_back_channels(case: Case, voices: dict[str, Voice], tmp: Path, seed: int) -> Case:
    """Short back-channels of the other speaker over every fourth long line."""
    rng = np.random.default_rng(seed)
    speakers = sorted(case.speakers)
    mix = case.samples.copy()
    spans = list(case.spans)
    for n, (start, end, speaker) in enumerate(case.spans):
        if n % 4 != 1 or end - start < 3.0 or len(speakers) < 2:
            continue
        other = next(s for s in speakers if s != speaker)
        word = BACK_CHANNELS[n % len(BACK_CHANNELS)]
        clip = espeak(word, voices[other], tmp / f"bc-{other}-{word}.wav") * 0.7
        at = start + rng.uniform(0.3, 0.6) * (end - start)
        first = int(at * RATE)
        mix[first : first + clip.size] += clip[: mix.size - first]
        spans.append((at, at + clip.size / RATE, other))
    return Case(case.name, mix, sorted(spans), case.pitch)


def with_noise(case: Case, snr_db: float, tmp: Path) -> Case:
    """``case`` in pink noise at ``snr_db`` (speech power over noise power, speech parts)."""
    noise = pink_noise(case.samples.size / RATE + 0.1, tmp / "noise.wav")[: case.samples.size]
    speech = np.concatenate([case.samples[int(s * RATE) : int(e * RATE)] for s, e, _ in case.spans])
    power = float(np.mean(np.square(speech, dtype=np.float64)))
    noise_power = float(np.mean(np.square(noise, dtype=np.float64)))
    scale = np.sqrt(power / (noise_power * 10 ** (snr_db / 10)))
    return Case(f"{case.name}-{snr_db:g}db", case.samples + noise * scale, case.spans, case.pitch)


def espeak_talk(
    name: str,
    talk: str,
    voices: list[Voice],
    seconds: float,
    tmp: Path,
    seed: int,
    overlap_every: int = 0,
    quiet: Voice | None = None,
) -> tuple[Case, dict[str, Voice]]:
    """A dev-set talk's first lines, one voice per speaker (in order of first line); the
    speaker with voice ``quiet`` 12 dB quieter."""
    chosen: dict[str, Voice] = {}
    clips = []
    for n, (speaker, text) in enumerate(talk_lines(DEV_SET / f"{talk}.txt", seconds)):
        voice = chosen.setdefault(speaker, voices[len(chosen) % len(voices)])
        tag = "-".join(str(v) for v in voice).replace("+", "")
        clips.append((speaker, espeak(text, voice, tmp / f"{talk}-{n}-{tag}.wav")))
    gains = {speaker: -12.0 for speaker, voice in chosen.items() if voice == quiet}
    return assemble(name, clips, seed, overlap_every, gains), chosen


def real_voices() -> Case:
    """The Flemish reader alternating with the spontaneous clips (split in halves)."""
    flemish = [trim(read_audio(p)) for p in sorted(FLEMISH.glob("*.wav"))]
    others: list[np.ndarray] = []
    for path in sorted(SPONTANEOUS.glob("*.mp3")):
        samples = read_audio(path)
        half = samples.size // 2
        window = samples[half - RATE // 2 : half + RATE // 2]
        cut = half + int(np.argmin(np.abs(window))) - RATE // 2
        others += [trim(samples[:cut]), trim(samples[cut:])]
    clips: list[tuple[str, np.ndarray]] = []
    for i, samples in enumerate(flemish):
        clips.append(("flemish", samples))
        if i < len(others):
            clips.append(("spontaneous", others[i]))
    clips += [("spontaneous", s) for s in others[len(flemish) :]]
    return assemble("real", clips, seed=1)


def make_cases(names: list[str], tmp: Path) -> list[Case]:
    cases: list[Case] = []
    base, voices = espeak_talk(
        "distinct", "bedeesde-moeder-sterk", [LOW_MALE, FEMALE], 100, tmp, seed=2
    )
    for name in names:
        if name == "distinct":
            cases.append(base)
        elif name == "similar-male":
            pair = [("nl+m2", 40, 165), ("nl+m4", 45, 160)]
            cases.append(espeak_talk(name, "bedeesde-moeder-sterk", pair, 100, tmp, seed=2)[0])
        elif name == "similar-female":
            pair = [("nl+f2", 60, 170), ("nl+f4", 65, 175)]
            cases.append(espeak_talk(name, "bedeesde-moeder-sterk", pair, 100, tmp, seed=2)[0])
        elif name == "overlap":
            crossed, voices = espeak_talk(
                name, "bedeesde-vader-zwak", [LOW_MALE, FEMALE], 100, tmp, seed=5, overlap_every=3
            )
            cases.append(with_back_channels(crossed, voices, tmp, seed=5))
        elif name.startswith("noise-"):
            cases.append(with_noise(base, float(name[6:-2]), tmp))
        elif name == "quiet-child":
            three = [LOW_MALE, FEMALE, CHILD]
            cases.append(espeak_talk(name, "kind-erbij", three, 120, tmp, seed=6, quiet=CHILD)[0])
        elif name == "real":
            cases.append(real_voices())
        elif name == "one-voice":
            lines = talk_lines(DEV_SET / "kennismaking-groep3.txt", 60)
            clips = [
                ("a", espeak(text, FEMALE, tmp / f"one-{n}.wav"))
                for n, (_, text) in enumerate(lines)
            ]
            cases.append(assemble(name, clips, seed=7))
        else:
            raise SystemExit(f"unknown case {name}")
    return cases


# --- scoring -------------------------------------------------------------------------------


def truth_of(case: Case, start: float, end: float) -> set[str]:
    """Who speaks at the middle of a word; in a pause, the nearest line's speaker."""
    middle = (start + end) / 2
    here = {speaker for s, e, speaker in case.spans if s <= middle <= e}
    if here:
        return here
    nearest = min(case.spans, key=lambda span: min(abs(span[0] - middle), abs(span[1] - middle)))
    return {nearest[2]}


def score(case: Case, result: Transcript) -> tuple[float, int, int, float]:
    """(accuracy, words, speakers found, accuracy on words in overlapping speech)."""
    found: list[str] = []
    truth: list[set[str]] = []
    for turn in result.turns:
        for word in turn.words:
            found.append(turn.speaker)
            truth.append(truth_of(case, word.start, word.end))
    names = sorted(set(found))
    true_names = sorted(case.speakers)
    size = max(len(names), len(true_names))
    padded: list[str | None] = [*true_names, *([None] * (size - len(true_names)))]
    best = (0, 0)
    crossed = [i for i, t in enumerate(truth) if len(t) > 1]
    for perm in itertools.permutations(padded, size):
        mapping = dict(zip(names, perm, strict=False))
        right = [mapping.get(f) in t for f, t in zip(found, truth, strict=True)]
        best = max(best, (sum(right), sum(right[i] for i in crossed)))
    words = len(found)
    return (
        best[0] / max(words, 1),
        words,
        len(names),
        best[1] / len(crossed) if crossed else float("nan"),
    )


def main() -> None:
    names = [
        "distinct",
        "similar-male",
        "similar-female",
        "overlap",
        "noise-10db",
        "noise-5db",
        "quiet-child",
        "real",
        "one-voice",
    ]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", nargs="+", default=names, choices=names)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    options = TranscribeOptions(language="nl")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        cases = make_cases(args.cases, tmp)
        transcripts: dict[str, Transcript] = {}
        asr_seconds: dict[str, float] = {}
        paths: dict[str, Path] = {}
        for case in cases:
            paths[case.name] = tmp / f"{case.name}.wav"
            write_wav(paths[case.name], case.samples)
            started = time.perf_counter()
            transcripts[case.name] = transcribe(paths[case.name], options)
            asr_seconds[case.name] = time.perf_counter() - started
        took: dict[str, list[float]] = {case.name: [] for case in cases}
        results: dict[str, Transcript] = {}
        for round_ in range(args.rounds):
            order = cases[round_ % len(cases) :] + cases[: round_ % len(cases)]
            for case in order:
                started = time.perf_counter()
                results[case.name] = diarize(paths[case.name], transcripts[case.name])
                took[case.name].append(time.perf_counter() - started)
        print(
            f"{'case':15s} {'audio':>6s} {'words':>5s} {'right':>6s} {'overlap':>7s} "
            f"{'speakers':>9s} {'given':>6s} {'separate':>8s} {'whisper':>7s}  "
            "voices (median pitch)"
        )
        total_words = total_right = 0.0
        for case in cases:
            accuracy, words, count, crossed = score(case, results[case.name])
            total_words += words
            total_right += accuracy * words
            true_count = len(case.speakers)
            # The user's fallback when voices are merged or split: give the count.
            given = diarize(paths[case.name], transcripts[case.name], num_speakers=true_count)
            voices = ", ".join(f"{s} {hz:.0f} Hz" for s, hz in sorted(case.pitch.items()))
            print(
                f"{case.name:15s} {case.samples.size / RATE:5.0f}s {words:5d} {accuracy:6.3f} "
                f"{'' if np.isnan(crossed) else f'{crossed:.3f}':>7s} "
                f"{count:>3d} of {true_count:<1d}{'' if count == true_count else '!':1s} "
                f"{score(case, given)[0]:6.3f} "
                f"{statistics.median(took[case.name]):7.1f}s {asr_seconds[case.name]:6.1f}s  "
                f"{voices}"
            )
        print(
            f"all cases: {total_right / max(total_words, 1):.3f} of {total_words:.0f} words right; "
            f"separation time is the median of {args.rounds} rounds"
        )


if __name__ == "__main__":
    main()
