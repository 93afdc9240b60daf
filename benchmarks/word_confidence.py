"""How well Whisper's per-word probability tells right words from wrong ones.

Speaks a fixed script of Dutch lines (our own, written for this measurement; none from the dev
set or the held-out talks) with espeak-ng in three voices, transcribes every line with the
bundled Whisper base model (the app's default settings), aligns the recognised words to the
script (difflib on lowercased words without punctuation) and labels each recognised word
*right* (part of an aligned run) or *wrong* (substituted or inserted). It prints the
probability distribution of both groups and, per candidate threshold, how many words below it
are wrong (precision) and how many wrong words fall below it (recall), the numbers behind the
thresholds in ``analysis/uncertainty.py`` (see ``docs/trust.md``).

    python benchmarks/word_confidence.py            # all voices, about 2 minutes on 2 cores
    python benchmarks/word_confidence.py --voices 1 # first voice only

Needs espeak-ng (``apt-get install espeak-ng``).
"""

from __future__ import annotations

import argparse
import difflib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

#: Our own script: teacher and parent lines of a parent-teacher talk, with some uncommon names
#: and words that speech recognisers often get wrong.
SCRIPT = (
    "Goedemiddag, welkom, gaat u zitten.",
    "Ik ben juf Marieke, de leerkracht van groep vijf.",
    "We hebben een kwartier, ik stel voor dat ik eerst vertel hoe het gaat.",
    "Waar wilt u het vandaag graag over hebben?",
    "Hoe gaat het thuis met lezen?",
    "U maakt zich daar zorgen over, hoor ik.",
    "Wat merkt u daarvan als hij thuiskomt?",
    "Bram is heel behulpzaam in de klas.",
    "Hij kan nog groeien in het plannen van zijn werk.",
    "Ik ga hem in de klas een planbord geven.",
    "Wat werkt bij u thuis goed als hij boos is?",
    "Dus als ik het goed begrijp, slaapt hij slecht.",
    "Klopt dat?",
    "Zullen we over zes weken weer afspreken?",
    "Dank u wel voor uw komst, ik loop even met u mee.",
    "Mijn dochter Fenneke vindt rekenen moeilijk.",
    "Bij ons thuis is het vaak onrustig.",
    "Ze heeft dyscalculie volgens de remedial teacher.",
    "De intern begeleider Wijnanda belt u volgende week.",
    "Sjoerdje speelt in de pauze vaak alleen.",
    "Hij zit naast Gijsbrecht bij het raam.",
    "We oefenen de tafels met flitskaarten.",
    "Heeft u nog vragen voor mij?",
    "Ik vat even samen wat we hebben besproken.",
)
#: espeak-ng voice, pitch (0-99) and speed (words per minute).
VOICES = (("nl", 40, 150), ("nl+f3", 60, 165), ("nl+m3", 30, 185))
THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def words(text: str) -> list[str]:
    """Lowercased words without punctuation."""
    return re.findall(r"[\w']+", text.lower())


def label_words(
    reference: str, recognised: list[tuple[str, float]]
) -> list[tuple[str, float, bool]]:
    """Each recognised ``(word, probability)`` with whether it is right (aligned to the script).

    A recognised token that holds several words (or none) is right only when all its words are.
    """
    ref = words(reference)
    hyp: list[str] = []
    owner: list[int] = []
    for index, (text, _) in enumerate(recognised):
        for part in words(text):
            hyp.append(part)
            owner.append(index)
    right_parts = [False] * len(hyp)
    matcher = difflib.SequenceMatcher(a=ref, b=hyp, autojunk=False)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            right_parts[block.b + offset] = True
    result = []
    for index, (text, probability) in enumerate(recognised):
        parts = [right_parts[n] for n, o in enumerate(owner) if o == index]
        result.append((text, probability, bool(parts) and all(parts)))
    return result


def speak(text: str, voice: tuple[str, int, int], path: Path) -> Path:
    """``text`` spoken by espeak-ng in ``voice`` into the wav file ``path``."""
    name, pitch, speed = voice
    subprocess.run(
        ["espeak-ng", "-v", name, "-p", str(pitch), "-s", str(speed), "-w", str(path), text],
        check=True,
        capture_output=True,
    )
    return path


def speak_script(lines: tuple[str, ...], voice: tuple[str, int, int], path: Path) -> Path:
    """All ``lines`` spoken in ``voice``, 0.8 s apart, as one wav file at ``path``."""
    frames: list[bytes] = []
    params = None
    for number, line in enumerate(lines):
        part = speak(line, voice, path.with_name(f"line-{number}.wav"))
        with wave.open(str(part)) as handle:
            params = handle.getparams()
            frames.append(handle.readframes(handle.getnframes()))
            frames.append(b"\0" * (int(0.8 * handle.getframerate()) * handle.getsampwidth()))
    assert params is not None
    with wave.open(str(path), "wb") as out:
        out.setparams(params)
        for chunk in frames:
            out.writeframes(chunk)
    return path


def measure(voices: int) -> list[tuple[str, float, bool]]:
    """Labelled recognised words of the script in the first ``voices`` voices (one recording
    of the whole script per voice, aligned to the whole script)."""
    from analysis.transcribe import TranscribeOptions, transcribe

    options = TranscribeOptions()
    labelled: list[tuple[str, float, bool]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for number, voice in enumerate(VOICES[:voices]):
            wav = speak_script(SCRIPT, voice, Path(tmp) / f"script-{number}.wav")
            transcript = transcribe(wav, options)
            recognised = [
                (w.text, w.probability if w.probability is not None else 1.0)
                for turn in transcript.turns
                for w in turn.words
            ]
            labelled += label_words(" ".join(SCRIPT), recognised)
            print(
                f"voice {voice[0]}: {transcript.turns and len(recognised)} words", file=sys.stderr
            )
    return labelled


def _quantiles(values: list[float]) -> str:
    if len(values) < 2:
        return "n/a"
    q = statistics.quantiles(values, n=4)
    return f"n={len(values)} median={statistics.median(values):.2f} q1={q[0]:.2f} q3={q[2]:.2f}"


def report(labelled: list[tuple[str, float, bool]]) -> None:
    """Print the distributions and the precision/recall of each candidate threshold."""
    right = [p for _, p, ok in labelled if ok]
    wrong = [p for _, p, ok in labelled if not ok]
    print(f"words: {len(labelled)}, right {len(right)}, wrong {len(wrong)}")
    print(f"right: {_quantiles(right)}")
    print(f"wrong: {_quantiles(wrong)}")
    print("histogram (probability bin: right / wrong)")
    for low in range(10):
        lo, hi = low / 10, (low + 1) / 10
        r = sum(lo <= p < hi or (hi == 1.0 and p == 1.0) for p in right)
        w = sum(lo <= p < hi or (hi == 1.0 and p == 1.0) for p in wrong)
        print(f"  {lo:.1f}-{hi:.1f}: {r:4d} / {w:4d}")
    print("threshold  below  wrong-below  precision  recall-of-wrong  right-flagged")
    for threshold in THRESHOLDS:
        below = [ok for _, p, ok in labelled if p < threshold]
        wrong_below = sum(not ok for ok in below)
        precision = wrong_below / len(below) if below else 0.0
        recall = wrong_below / len(wrong) if wrong else 0.0
        flagged = (len(below) - wrong_below) / len(right) if right else 0.0
        print(
            f"  {threshold:.1f}     {len(below):5d}  {wrong_below:11d}  {precision:9.0%}"
            f"  {recall:15.0%}  {flagged:13.0%}"
        )
    print("wrong words (recognised text, probability):")
    print("  " + ", ".join(f"{t.strip()}={p:.2f}" for t, p, ok in labelled if not ok))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", type=int, default=len(VOICES), choices=(1, 2, 3))
    args = parser.parse_args()
    if shutil.which("espeak-ng") is None:
        print("espeak-ng is needed: apt-get install -y espeak-ng", file=sys.stderr)
        return 2
    report(measure(args.voices))
    return 0


if __name__ == "__main__":
    sys.exit(main())
