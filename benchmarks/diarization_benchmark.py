"""Speaker separation benchmark (prints numbers; not a test).

1. Synthetic dialogs: the first ~2 minutes of each /work/shared/dev-set talk spoken by espeak-ng,
   one voice per speaker (nl / nl+f3 / nl+f5 at different pitches). Ground truth: each line's
   speaker, its words spread evenly over the line's audio. The transcript given to ``diarize``
   has turns of 12 words that ignore speaker changes (as Whisper segments can).
2. Real voices: the Flemish reader (asr-nl-flemish-cc0) alternating with the spontaneous clips
   (asr-nl-spontaneous-mit), split in halves.
3. Time: separation vs faster-whisper base transcription on a 10-minute synthetic recording
   (``--timing``; takes a few minutes).

Score: share of words attributed to the right speaker after the best one-to-one mapping of
found speakers to true speakers, and whether the speaker count is right.

    python benchmarks/diarization_benchmark.py [--talks N] [--timing]
"""

from __future__ import annotations

import argparse
import itertools
import logging
import re
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from analysis.diarize import analyse_audio, diarize  # noqa: E402
from analysis.records import Transcript, Turn, Word  # noqa: E402
from analysis.transcribe import audio  # noqa: E402

SHARED = REPO.parent / "shared"
DEV_SET = SHARED / "dev-set"
FLEMISH = SHARED / "data" / "asr-nl-flemish-cc0"
SPONTANEOUS = SHARED / "data" / "asr-nl-spontaneous-mit"
RATE = 16_000
VOICES = [("nl", 35, 165), ("nl+f3", 70, 170), ("nl+f5", 95, 180), ("nl+m3", 20, 155)]


def espeak(text: str, voice: tuple[str, int, int], out: Path) -> np.ndarray:
    """16 kHz float samples of ``text`` spoken by espeak-ng, silence trimmed."""
    name, pitch, speed = voice
    raw = out.with_suffix(".raw.wav")
    subprocess.run(
        ["espeak-ng", "-v", name, "-p", str(pitch), "-s", str(speed), "-w", str(raw), text],
        check=True,
        capture_output=True,
    )
    subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", str(out)], check=True)
    return trim(read_wav(out))


def read_wav(path: Path) -> np.ndarray:
    return np.concatenate(list(audio.iter_samples(path)))


def write_wav(path: Path, samples: np.ndarray, channels: int = 1) -> None:
    data = np.clip(samples * 32767, -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data.tobytes())


def trim(samples: np.ndarray, threshold: float = 0.01) -> np.ndarray:
    loud = np.flatnonzero(np.abs(samples) > threshold)
    return samples[loud[0] : loud[-1] + 1] if loud.size else samples[:0]


def read_talk(path: Path, seconds: float) -> list[tuple[str, str]]:
    lines = []
    words = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^\[[\d:.]+\]\s*", "", line.strip())
        match = re.match(r"^([^:\[\]]{1,40}):\s*(.+)$", line)
        if not match:
            continue
        lines.append((match.group(1).strip(), match.group(2).strip()))
        words += len(match.group(2).split())
        if words / 2.6 > seconds:  # espeak speaks about 2.6 words a second here
            break
    return lines


def assemble(
    clips: list[tuple[str, np.ndarray, str]], seed: int = 0
) -> tuple[np.ndarray, list[Word], list[str]]:
    """Concatenate (speaker, samples, text) with pauses; words spread evenly per clip."""
    rng = np.random.default_rng(seed)
    parts: list[np.ndarray] = [np.zeros(int(0.5 * RATE), dtype=np.float32)]
    position = parts[0].size
    words: list[Word] = []
    truth: list[str] = []
    for speaker, samples, text in clips:
        tokens = text.split()
        start, end = position / RATE, (position + samples.size) / RATE
        step = (end - start) / max(len(tokens), 1)
        for i, token in enumerate(tokens):
            words.append(Word(round(start + i * step, 3), round(start + (i + 1) * step, 3), token))
            truth.append(speaker)
        pause = np.zeros(int(rng.uniform(0.25, 0.7) * RATE), dtype=np.float32)
        parts += [samples.astype(np.float32), pause]
        position += samples.size + pause.size
    return np.concatenate(parts), words, truth


def as_transcript(words: list[Word], per_turn: int = 12) -> Transcript:
    turns = []
    for i in range(0, len(words), per_turn):
        chunk = words[i : i + per_turn]
        turns.append(
            Turn(
                index=len(turns),
                speaker="Spreker 1",
                text=" ".join(w.text for w in chunk),
                start=chunk[0].start,
                end=chunk[-1].end,
                words=chunk,
            )
        )
    return Transcript(turns=turns)


def score(result: Transcript, truth: list[str]) -> tuple[float, int]:
    """Word accuracy after the best one-to-one mapping, and the number of speakers found."""
    found = [turn.speaker for turn in result.turns for _ in turn.words]
    assert len(found) == len(truth), (len(found), len(truth))
    names, true_names = sorted(set(found)), sorted(set(truth))
    best = 0
    size = max(len(names), len(true_names))
    padded = true_names + [None] * (size - len(true_names))
    for perm in itertools.permutations(padded, size):
        mapping = dict(zip(names, perm, strict=False))
        best = max(best, sum(mapping.get(f) == t for f, t in zip(found, truth, strict=True)))
    return best / len(truth), len(names)


def synthetic(talks: int, workdir: Path) -> list[tuple[str, np.ndarray, list[Word], list[str]]]:
    out = []
    for path in sorted(DEV_SET.glob("*.txt"))[:talks]:
        lines = read_talk(path, 120.0)
        voices: dict[str, tuple[str, int, int]] = {}
        clips = []
        for n, (speaker, text) in enumerate(lines):
            voice = voices.setdefault(speaker, VOICES[len(voices) % len(VOICES)])
            clean = re.sub(r"\[[^\]]*\]|\([^)]*\)", "", text).strip()
            if not clean:
                continue
            samples = espeak(clean, voice, workdir / f"{path.stem}-{n}.wav")
            clips.append((speaker, samples, clean))
        samples, words, truth = assemble(clips)
        out.append((path.stem, samples, words, truth))
    return out


def real_dialog() -> tuple[np.ndarray, list[Word], list[str]]:
    flemish = sorted(FLEMISH.glob("*.wav"))
    texts = dict(
        line.split("\t")[:2] for line in (FLEMISH / "transcripts.tsv").read_text().splitlines()[1:]
    )
    others: list[tuple[str, np.ndarray, str]] = []
    for path in sorted(SPONTANEOUS.glob("*.mp3")):
        samples = read_wav(path)
        half = samples.size // 2
        cut = (
            half + int(np.argmin(np.abs(samples[half - RATE // 2 : half + RATE // 2]))) - RATE // 2
        )
        label = "other"  # the two clips sound like one speaker (embedding cosine 0.80)
        others += [
            (label, trim(samples[:cut]), "een twee drie vier vijf zes zeven acht"),
            (label, trim(samples[cut:]), "een twee drie vier vijf zes zeven acht"),
        ]
    clips = []
    for i, path in enumerate(flemish):
        clips.append(("flemish", trim(read_wav(path)), texts[path.name]))
        if i < len(others):
            clips.append(others[i])
    clips += others[len(flemish) :]
    samples, words, truth = assemble(clips, seed=1)
    return samples, words, truth


def one_speaker(tmp: Path) -> list[tuple[str, tuple[np.ndarray, list[Word], list[str]]]]:
    """One voice only: the Flemish reader, and one espeak-ng voice reading a talk."""
    flemish = [("a", trim(read_wav(p)), "een twee drie") for p in sorted(FLEMISH.glob("*.wav"))]
    lines = read_talk(DEV_SET / "mondige-ouder.txt", 60.0)
    robot = [
        ("a", espeak(text, VOICES[1], tmp / f"one-{n}.wav"), text)
        for n, (_, text) in enumerate(lines)
    ]
    return [("one-real-flemish", assemble(flemish)), ("one-espeak-voice", assemble(robot))]


def run_case(
    name: str, samples: np.ndarray, words: list[Word], truth: list[str], tmp: Path
) -> tuple[float, bool]:
    path = tmp / f"{name}.wav"
    write_wav(path, samples)
    started = time.perf_counter()
    result = diarize(path, as_transcript(words))
    took = time.perf_counter() - started
    accuracy, count = score(result, truth)
    true_count = len(set(truth))
    print(
        f"{name:28s} {samples.size / RATE:6.1f} s  words {len(words):4d}  accuracy {accuracy:.3f}  "
        f"speakers {count} (true {true_count}) {'ok' if count == true_count else 'WRONG'}  "
        f"{took:.1f} s"
    )
    return accuracy, count == true_count


def timing(cases: list[tuple[str, np.ndarray, list[Word], list[str]]], tmp: Path) -> None:
    from analysis.transcribe import TranscribeOptions, transcribe

    pieces, total = [], 0
    while total < 600 * RATE:
        for _, samples, _, _ in cases:
            pieces.append(samples)
            total += samples.size
    path = tmp / "ten-minutes.wav"
    write_wav(path, np.concatenate(pieces)[: 600 * RATE])
    started = time.perf_counter()
    transcript = transcribe(path, TranscribeOptions(language="nl"))
    asr = time.perf_counter() - started
    started = time.perf_counter()
    analyse_audio(path)
    separation = time.perf_counter() - started
    started = time.perf_counter()
    diarize(path, transcript)
    whole = time.perf_counter() - started
    print(
        f"10-minute recording: transcription {asr:.1f} s, separation {separation:.1f} s "
        f"(diarize incl. word assignment {whole:.1f} s) = {100 * whole / asr:.0f} % extra"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--talks", type=int, default=6)
    parser.add_argument("--timing", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        cases = synthetic(args.talks, tmp)
        accuracies, counts = [], []
        for stem, samples, words, truth in cases:
            accuracy, right = run_case(stem, samples, words, truth, tmp)
            accuracies.append(accuracy)
            counts.append(right)
        words_total = sum(len(c[2]) for c in cases)
        weighted = sum(a * len(c[2]) for a, c in zip(accuracies, cases, strict=True)) / words_total
        print(
            f"synthetic: word accuracy {weighted:.3f} (target >= 0.95), "
            f"speaker count right {sum(counts)}/{len(counts)}"
        )
        samples, words, truth = real_dialog()
        accuracy, _ = run_case("real-flemish+spontaneous", samples, words, truth, tmp)
        print(f"real voices: word accuracy {accuracy:.3f} (target >= 0.90)")
        for name, case in one_speaker(tmp):
            run_case(name, *case, tmp)
        if args.timing:
            timing(cases, tmp)


if __name__ == "__main__":
    main()
