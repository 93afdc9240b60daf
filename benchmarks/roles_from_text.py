"""Roles proposed from the talk on every labelled talk, with the speakers made anonymous.

Each talk's speakers ("Juf Anouk", "Moeder", "Lieke") are renamed in order of first appearance
in several label styles ("Spreker 1", "SPEAKER_00", "S1", "Speaker A"), written as txt, srt, vtt
and json, read back as any input is read, and the proposed roles compared with the roles the
names mean. Prints one row per talk, then totals: teacher right (every teacher speaker a teacher,
no one else), parent and child accuracy, and for comparison the old shortcut "whoever asks most
questions is the teacher". With ``--rounds N`` it also times proposing with and without the
Dutch pipeline (used for text without punctuation), alternating the two, and prints medians
(the pipeline is loaded once, before timing).

    python benchmarks/roles_from_text.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from analysis.nlp import load_pipeline
from analysis.role_check import TalkCheck, anonymise, check_talk
from analysis.talk_roles import count_questions, needs_parse, propose_roles
from analysis.transcript_io import read_transcript

REPO = Path(__file__).resolve().parent.parent
SETS: dict[str, Path] = {
    "dev": REPO.parent / "shared" / "dev-set",
    "samples": REPO / "samples",
    "heldout": REPO / "tests" / "data" / "heldout",
    "own": REPO / "tests" / "data" / "roles",
    "corpus": REPO / "tests" / "data" / "corpus",
}
STYLES: tuple[tuple[str, str], ...] = (
    ("Spreker N", "txt"),
    ("SPEAKER_00", "srt"),
    ("S1", "vtt"),
    ("Speaker A", "json"),
)


def talks() -> list[tuple[str, Path]]:
    """(set, path) of every labelled talk that exists on this machine."""
    found: list[tuple[str, Path]] = []
    for name, folder in SETS.items():
        found.extend((name, path) for path in sorted(folder.glob("*.txt")))
    return found


def most_questions_is_teacher(path: Path) -> bool:
    """The old shortcut: the speaker who asks most questions is the only teacher."""
    transcript = read_transcript(path)
    questions: dict[str, int] = {}
    for turn in transcript.turns:
        questions[turn.speaker] = questions.get(turn.speaker, 0) + count_questions(turn.text)
    asker = max(questions, key=lambda name: questions[name])
    teachers = {s.name for s in transcript.speakers if s.role == "teacher"}
    return teachers == {asker}


def _cell(check: TalkCheck) -> str:
    wrong = [f"{s.name}->{s.proposed}" for s in check.speakers if not s.right]
    return "ok" if not wrong else "WRONG " + ",".join(wrong)


def table() -> int:
    """Print the per-talk table and totals; return the number of talks with a wrong teacher."""
    rows = talks()
    if not rows:
        print("no labelled talks found", file=sys.stderr)
        return 0
    header = ["set", "talk", "speakers", *(style for style, _ in STYLES), "asks-most=teacher"]
    print(" | ".join(header))
    teacher_wrong = 0
    totals: dict[str, list[int]] = {role: [0, 0] for role in ("teacher", "parent", "child")}
    teacher_talks = [0] * len(STYLES)
    shortcut = 0
    for set_name, path in rows:
        checks = [check_talk(path, style, fmt) for style, fmt in STYLES]
        for i, check in enumerate(checks):
            teacher_talks[i] += check.teacher_right
            for role, pair in totals.items():
                right, total = check.right_of(role)  # type: ignore[arg-type]
                pair[0] += right
                pair[1] += total
        teacher_wrong += not all(check.teacher_right for check in checks)
        old = most_questions_is_teacher(path)
        shortcut += old
        speakers = ", ".join(f"{s.name}={s.expected}" for s in checks[0].speakers)
        cells = [_cell(check) for check in checks]
        print(" | ".join([set_name, path.stem, speakers, *cells, "yes" if old else "NO"]))
    n = len(rows)
    print()
    for (style, fmt), right in zip(STYLES, teacher_talks, strict=True):
        print(f"teacher right ({style}, {fmt}): {right}/{n} talks")
    for role, (right, total) in totals.items():
        share = right / total if total else 0.0
        print(f"{role} speakers right (all styles): {right}/{total} = {share:.3f}")
    print(f"'asks most questions = teacher' shortcut right: {shortcut}/{n} talks")
    return teacher_wrong


def timing(rounds: int) -> None:
    """Median seconds per talk to propose roles, with and without the pipeline, alternated."""
    parsed = [path for _, path in talks() if needs_parse(read_transcript(path))]
    if not parsed:
        return
    anonymous = [anonymise(read_transcript(path), "Spreker N")[0] for path in parsed]
    pipeline = load_pipeline()
    results: dict[str, list[float]] = {"with pipeline": [], "plain text only": []}
    for _ in range(rounds):
        for label, parse in (("with pipeline", True), ("plain text only", False)):
            started = time.perf_counter()
            for transcript in anonymous:
                propose_roles(transcript, nlp=pipeline, parse=parse)
            results[label].append((time.perf_counter() - started) / len(anonymous))
    print()
    print(f"text without punctuation: {len(parsed)} talks, {rounds} alternated rounds")
    for label, seconds in results.items():
        print(f"  {label}: median {statistics.median(seconds):.3f} s per talk")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=0, help="timing rounds (default: none)")
    args = parser.parse_args()
    wrong = table()
    if args.rounds > 0:
        timing(args.rounds)
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
