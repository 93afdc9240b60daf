"""Error analysis of the behaviour detector on labelled talks (train/dev only, never test).

Prints the pooled scores and, per item or act asked for, every false negative and false
positive with the turn's text, its gold labels and what the detector predicted (with the rule
ids), so misses can be grouped into kinds before a rule is written::

    python scripts/detect_errors.py tests/data/corpus --split train,dev --item agreements
    python scripts/detect_errors.py tests/data/corpus --split train,dev --asr --item closed_question
    python scripts/detect_errors.py ../shared/dev-set --summary

``--split`` refuses ``test``, and a folder with a split file needs ``--split``: the test split
is scored once, with ``python -m analysis evaluate``, not read turn by turn. A folder holding a
``SCORE-ONLY`` file (``tests/data/heldout``, ``tests/data/fresh``) is refused as a whole: it is
only ever scored, so that nobody tunes on it.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from analysis.evaluate import (
    SPLIT_FILE,
    Evaluation,
    asr_style,
    labelled_pairs,
    read_labels,
    score,
    select_split,
)
from analysis.pipeline import analyse
from analysis.report import turn_items
from analysis.transcript_io import read_transcript


@dataclass(slots=True)
class TurnRow:
    """One teacher turn: its text, gold labels and the detector's output."""

    talk: str
    index: int
    text: str
    before: str
    gold: set[str]
    predicted: set[str]
    rules: list[str] = field(default_factory=list)


def collect(folder: Path, split: str | None, asr: bool) -> tuple[Evaluation, list[TurnRow]]:
    """Analyse the labelled talks and keep one row per labelled turn."""
    evaluation = Evaluation()
    rows: list[TurnRow] = []
    pairs = labelled_pairs(folder)
    if split is not None:
        pairs = select_split(folder, pairs, split)
    for txt, labels_path in pairs:
        transcript = read_transcript(txt)
        if asr:
            transcript = asr_style(transcript)
        # Rules only: the second opinion is trained on train+dev, so in sample it hides misses.
        analysis = analyse(transcript, second_opinion=False)
        labels = read_labels(labels_path)
        score(analysis, labels, evaluation, txt.stem)
        evaluation.conversations.append(txt.stem)
        predicted = turn_items(analysis)
        turns = analysis.transcript.turns
        for index in labels.speakers:
            acts = set(analysis.detection.acts.get(index, []))
            rules = [f"{f.item}:{f.rule}" for f in analysis.detection.findings if f.turn == index]
            rows.append(
                TurnRow(
                    talk=txt.stem,
                    index=index,
                    text=turns[index].text,
                    before=turns[index - 1].text if index > 0 else "",
                    gold=labels.items.get(index, set()) | labels.acts.get(index, set()),
                    predicted=set(predicted.get(index, [])) | acts,
                    rules=rules,
                )
            )
    return evaluation, rows


def show(rows: list[TurnRow], label: str, context: bool) -> None:
    """Print the false negatives and false positives of one label."""
    for kind, wanted in (("FN", True), ("FP", False)):
        hits = [r for r in rows if (label in r.gold) == wanted and (label in r.predicted) != wanted]
        print(f"\n== {label} {kind} ({len(hits)})")
        for row in hits:
            print(f"- {row.talk} #{row.index}: {row.text}")
            if context:
                print(f"    before: {row.before[:160]}")
            print(f"    gold={sorted(row.gold)} pred={sorted(row.predicted)}")
            if row.rules:
                print(f"    rules={row.rules}")


SCORE_ONLY = "SCORE-ONLY"


def refusal(folder: Path, split: str | None) -> str | None:
    """Why ``folder`` (with ``split``) may not be read turn by turn, or None when it may."""
    if (folder / SCORE_ONLY).is_file():
        return f"{folder} is only scored, never read turn by turn (see {folder / SCORE_ONLY})"
    if (folder / SPLIT_FILE).is_file() and not split:
        return f"{folder} has a split file: name the parts to read, e.g. --split train,dev"
    if split and "test" in split.split(","):
        return "the test split is not read turn by turn"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--split", default=None)
    parser.add_argument("--asr", action="store_true")
    parser.add_argument("--item", action="append", default=[])
    parser.add_argument("--context", action="store_true", help="print the turn before")
    parser.add_argument("--summary", action="store_true", help="macro scores only")
    args = parser.parse_args()
    refused = refusal(args.folder, args.split)
    if refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    evaluation, rows = collect(args.folder, args.split, args.asr)
    if not args.summary:
        for name, counts in [*evaluation.items.items(), *evaluation.acts.items()]:
            f1 = counts.f1
            print(
                f"{name:<22} F1 {f1 if f1 is None else round(f1, 3)!s:>6}"
                f"  tp {counts.tp:>3} fp {counts.fp:>3} fn {counts.fn:>3}"
            )
    scores = {
        "item": evaluation.item_macro_f1,
        "acts": evaluation.act_macro_f1,
        "form": evaluation.form_accuracy,
    }
    print("  ".join(f"{k} {'n/a' if v is None else f'{v:.3f}'}" for k, v in scores.items()))
    for label in args.item:
        show(rows, label, args.context)
    return 0


if __name__ == "__main__":
    sys.exit(main())
