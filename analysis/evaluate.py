"""Score the detector against labelled conversations (ANNOTATION.md's label format).

For every ``NAME.txt`` with a ``NAME.labels.json`` in a folder: per-item precision, recall and F1
over turns (only teacher turns carry labels), per-act F1, and form accuracy (observed or not, per
item per conversation), with macro averages. Counts are pooled over all conversations.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from analysis.asr_text import asr_style_text
from analysis.codec import attributes
from analysis.errors import TranscriptError
from analysis.form import load_form
from analysis.pipeline import analyse
from analysis.records import ACTS, Analysis, Transcript
from analysis.report import turn_items
from analysis.transcript_io import read_transcript

#: The figures of a :class:`Counts` in the JSON scores, in order.
COUNT_FIGURES = ("precision", "recall", "f1", "tp", "fp", "fn", "support")

#: The items that make a teacher turn a *reflection* when the detector is compared with
#: counselling-style labels (a reflection yes/no per turn, as motivational-interviewing coders
#: label therapist utterances): giving back the parent's content or feeling (ANNOTATION.md).
REFLECTION_ITEMS = frozenset({"active_listening", "feeling_reflection"})

#: The question type of a turn for the same comparison: open beats closed (a turn with both
#: invites an account), no question act is "none".
QUESTION_TYPES = ("open", "closed", "none")


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives of one label."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: bool, gold: bool) -> None:
        """Count one decision."""
        self.tp += predicted and gold
        self.fp += predicted and not gold
        self.fn += gold and not predicted

    @property
    def support(self) -> int:
        """How often the label occurs in the gold standard."""
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        """Share of predictions that are right (``None`` without predictions)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """Share of gold labels found (``None`` without gold labels)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall; ``None`` when neither side has the label."""
        if not self.tp + self.fp + self.fn:
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)


@dataclass(slots=True)
class Labels:
    """Gold labels of one conversation."""

    items: dict[int, set[str]]
    acts: dict[int, set[str]]
    speakers: dict[int, str]
    form: dict[str, bool]


@dataclass(slots=True)
class Evaluation:
    """Pooled scores over a set of labelled conversations."""

    conversations: list[str] = field(default_factory=list)
    items: dict[str, Counts] = field(default_factory=dict)
    acts: dict[str, Counts] = field(default_factory=dict)
    form_right: int = 0
    form_total: int = 0
    form_misses: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (confidence, right) per finding: right when the turn's gold labels hold the item.
    findings: list[tuple[float, bool]] = field(default_factory=list)
    # rule id -> [right, total] over findings (for calibrating confidences).
    rules: dict[str, list[int]] = field(default_factory=dict)
    # (gold, predicted) per labelled teacher turn: question type and reflection or not.
    question_types: list[tuple[str, str]] = field(default_factory=list)
    reflections: list[tuple[bool, bool]] = field(default_factory=list)

    @staticmethod
    def _macro(counts: Iterable[Counts]) -> float | None:
        scores = [c.f1 for c in counts if c.f1 is not None]
        return sum(scores) / len(scores) if scores else None

    @property
    def item_macro_f1(self) -> float | None:
        """Mean F1 over items that occur in gold or predictions."""
        return self._macro(self.items.values())

    @property
    def act_macro_f1(self) -> float | None:
        """Mean F1 over the two acts."""
        return self._macro(self.acts.values())

    @property
    def question_type_kappa(self) -> float | None:
        """Cohen's kappa of the question type (open / closed / none) over teacher turns."""
        return cohen_kappa(self.question_types)

    @property
    def reflection_kappa(self) -> float | None:
        """Cohen's kappa of reflection or not (:data:`REFLECTION_ITEMS`) over teacher turns."""
        return cohen_kappa(self.reflections)

    @property
    def form_accuracy(self) -> float | None:
        """Share of (conversation, item) pairs whose observed/not observed is right."""
        return self.form_right / self.form_total if self.form_total else None


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa of two raters' labels (one pair per decision, any number of classes);
    ``None`` without decisions or when chance agreement is already certain."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1 - expected)


def question_type(acts: Iterable[str]) -> str:
    """A turn's question type (:data:`QUESTION_TYPES`) from its acts."""
    found = set(acts)
    if "open_question" in found:
        return "open"
    return "closed" if "closed_question" in found else "none"


def read_labels(path: Path) -> Labels:
    """Read a ``NAME.labels.json`` file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Labels(
            items={int(t["i"]): set(t["items"]) for t in data["turns"]},
            acts={int(t["i"]): set(t["acts"]) for t in data["turns"]},
            speakers={int(t["i"]): str(t["speaker"]) for t in data["turns"]},
            form={str(k): bool(v) for k, v in data.get("form", {}).items()},
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TranscriptError(
            f"{path.name}: not a valid label file ({exc})",
            f"{path.name}: geen geldig labelbestand.",
        ) from exc


def labelled_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """``(NAME.txt, NAME.labels.json)`` pairs in ``folder``, sorted by name."""
    if not folder.is_dir():
        raise TranscriptError(f"{folder}: not a folder", f"'{folder}' is geen map.")
    pairs = [
        (txt, txt.with_name(txt.stem + ".labels.json"))
        for txt in sorted(folder.glob("*.txt"))
        if txt.with_name(txt.stem + ".labels.json").exists()
    ]
    if not pairs:
        raise TranscriptError(
            f"{folder}: no NAME.txt with NAME.labels.json found",
            f"In '{folder}' staan geen gelabelde gesprekken (NAME.txt met NAME.labels.json).",
        )
    return pairs


SPLIT_FILE = "split.json"
SPLIT_PARTS = ("train", "dev", "test")


def asr_style(transcript: Transcript) -> Transcript:
    """A copy of ``transcript`` whose turn texts are ASR-style (speakers and times unchanged)."""
    return replace(
        transcript,
        turns=[replace(turn, text=asr_style_text(turn.text)) for turn in transcript.turns],
    )


def read_split(folder: Path) -> dict[str, str]:
    """``{talk: part}`` from ``folder/split.json`` (``{"talks": {NAME: train|dev|test}}``)."""
    path = folder / SPLIT_FILE
    try:
        talks = json.loads(path.read_text(encoding="utf-8"))["talks"]
        split = {str(name): str(part) for name, part in talks.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TranscriptError(
            f"{path}: no valid split file ({exc})",
            f"'{path}' is geen geldig splitsingsbestand.",
        ) from exc
    unknown = sorted(set(split.values()) - set(SPLIT_PARTS))
    if unknown:
        raise TranscriptError(
            f"{path}: unknown split part {unknown[0]!r}",
            f"'{path}' noemt een onbekend deel: {unknown[0]}.",
        )
    return split


def select_split(
    folder: Path, pairs: list[tuple[Path, Path]], parts: str
) -> list[tuple[Path, Path]]:
    """The pairs whose talk belongs to one of ``parts`` (comma-separated, e.g. ``train,dev``)."""
    wanted = {part.strip() for part in parts.split(",") if part.strip()}
    if not wanted or wanted - set(SPLIT_PARTS):
        raise TranscriptError(
            f"unknown split {parts!r}: use {', '.join(SPLIT_PARTS)} or a comma-separated mix",
            f"Onbekend deel '{parts}': kies uit {', '.join(SPLIT_PARTS)}.",
        )
    split = read_split(folder)
    chosen = [(txt, labels) for txt, labels in pairs if split.get(txt.stem) in wanted]
    if not chosen:
        raise TranscriptError(
            f"{folder}: no labelled talk in split {parts!r}",
            f"In '{folder}' staat geen gelabeld gesprek in deel '{parts}'.",
        )
    return chosen


def score(analysis: Analysis, labels: Labels, evaluation: Evaluation, name: str = "") -> None:
    """Add one conversation's decisions to ``evaluation``."""
    transcript: Transcript = analysis.transcript
    predicted_items = turn_items(analysis)
    item_ids = load_form().item_ids
    for index, speaker in labels.speakers.items():
        if index >= len(transcript.turns) or transcript.turns[index].speaker != speaker:
            evaluation.warnings.append(f"{name}: labelled turn {index} is not {speaker!r}")
    for turn in transcript.turns:
        predicted = set(predicted_items.get(turn.index, []))
        gold = labels.items.get(turn.index, set())
        for item in item_ids:
            evaluation.items.setdefault(item, Counts()).add(item in predicted, item in gold)
        acts = set(analysis.detection.acts.get(turn.index, []))
        gold_acts = labels.acts.get(turn.index, set())
        for act in ACTS:
            evaluation.acts.setdefault(act, Counts()).add(act in acts, act in gold_acts)
        if turn.index in labels.speakers:  # a labelled (teacher) turn
            evaluation.question_types.append((question_type(gold_acts), question_type(acts)))
            evaluation.reflections.append(
                (bool(REFLECTION_ITEMS & gold), bool(REFLECTION_ITEMS & predicted))
            )
    seen: set[tuple[int, str]] = set()
    for finding in sorted(analysis.detection.findings, key=lambda f: -f.confidence):
        # One decision per turn and item (as the item scores count), at its best confidence.
        if (finding.turn, finding.item) in seen:
            continue
        seen.add((finding.turn, finding.item))
        right = finding.item in labels.items.get(finding.turn, set())
        evaluation.findings.append((finding.confidence, right))
        tally = evaluation.rules.setdefault(finding.rule, [0, 0])
        tally[0] += right
        tally[1] += 1
    for item in analysis.form:
        gold_observed = labels.form.get(item.id, False)
        evaluation.form_total += 1
        if item.observed == gold_observed:
            evaluation.form_right += 1
        else:
            evaluation.form_misses.append(
                f"{name}: {item.id} {'observed' if item.observed else 'missed'}"
            )


def evaluate_folder(
    folder: Path,
    analyse_fn: Callable[[Transcript], Analysis] = analyse,
    split: str | None = None,
    asr: bool = False,
) -> Evaluation:
    """Analyse every labelled conversation in ``folder`` and pool the scores.

    ``split`` keeps only the talks of those parts of ``folder/split.json`` (``test``,
    ``train,dev``); ``asr`` scores ASR-style copies (see :func:`asr_style`).
    """
    evaluation = Evaluation()
    pairs = labelled_pairs(folder)
    if split is not None:
        pairs = select_split(folder, pairs, split)
    for txt, labels_path in pairs:
        transcript = read_transcript(txt)
        analysis = analyse_fn(asr_style(transcript) if asr else transcript)
        score(analysis, read_labels(labels_path), evaluation, txt.stem)
        evaluation.conversations.append(txt.stem)
    return evaluation


RELIABILITY_BINS = (0.0, 0.6, 0.7, 0.8, 0.9, 1.0)


@dataclass(slots=True)
class ReliabilityRow:
    """Findings whose confidence falls in ``[low, high)`` and how many of them were right."""

    low: float
    high: float
    count: int
    mean_confidence: float | None
    share_right: float | None


def reliability(evaluation: Evaluation) -> list[ReliabilityRow]:
    """A reliability table: does a finding's confidence match how often such findings are
    right? (A confidence of exactly 1.0 goes in the last bin.)"""
    rows: list[ReliabilityRow] = []
    edges = RELIABILITY_BINS
    for low, high in itertools.pairwise(edges):
        last = high == edges[-1]
        hits = [(c, r) for c, r in evaluation.findings if low <= c < high or (last and c == high)]
        rows.append(
            ReliabilityRow(
                low=low,
                high=high,
                count=len(hits),
                mean_confidence=sum(c for c, _ in hits) / len(hits) if hits else None,
                share_right=sum(r for _, r in hits) / len(hits) if hits else None,
            )
        )
    return rows


def calibration_error(evaluation: Evaluation) -> float | None:
    """Expected calibration error: the findings-weighted mean gap between confidence and the
    share right, over the reliability bins."""
    rows = [r for r in reliability(evaluation) if r.count]
    total = sum(r.count for r in rows)
    if not total:
        return None
    return (
        sum(r.count * abs((r.mean_confidence or 0.0) - (r.share_right or 0.0)) for r in rows)
        / total
    )


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def evaluation_to_dict(evaluation: Evaluation) -> dict[str, Any]:
    """Scores as a JSON-ready dict."""

    return {
        "conversations": evaluation.conversations,
        "items": {item: attributes(c, COUNT_FIGURES) for item, c in evaluation.items.items()},
        "acts": {act: attributes(c, COUNT_FIGURES) for act, c in evaluation.acts.items()},
        "item_macro_f1": evaluation.item_macro_f1,
        "act_macro_f1": evaluation.act_macro_f1,
        "form_accuracy": evaluation.form_accuracy,
        "question_type_kappa": evaluation.question_type_kappa,
        "reflection_kappa": evaluation.reflection_kappa,
        "form_misses": evaluation.form_misses,
        "warnings": evaluation.warnings,
        "calibration_error": calibration_error(evaluation),
        "reliability": [asdict(row) for row in reliability(evaluation)],
    }


def evaluation_to_text(evaluation: Evaluation) -> str:
    """A readable table of the scores."""
    lines = [
        f"{len(evaluation.conversations)} conversations: {', '.join(evaluation.conversations)}"
    ]
    header = f"{'item':<22} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"
    lines += ["", header, "-" * len(header)]
    for name, counts in [*evaluation.items.items(), ("", Counts()), *evaluation.acts.items()]:
        if not name:
            lines.append("-" * len(header))
            continue
        lines.append(
            f"{name:<22} {_fmt(counts.precision):>6} {_fmt(counts.recall):>6} "
            f"{_fmt(counts.f1):>6} {counts.tp:>4} {counts.fp:>4} {counts.fn:>4}"
        )
    lines += [
        "",
        f"item macro-F1   {_fmt(evaluation.item_macro_f1)}",
        f"act macro-F1    {_fmt(evaluation.act_macro_f1)}",
        f"form accuracy   {_fmt(evaluation.form_accuracy)} "
        f"({evaluation.form_right}/{evaluation.form_total})",
        f"question-type kappa {_fmt(evaluation.question_type_kappa)} "
        f"(open / closed / none over {len(evaluation.question_types)} teacher turns)",
        f"reflection kappa    {_fmt(evaluation.reflection_kappa)} "
        f"({' or '.join(sorted(REFLECTION_ITEMS))})",
    ]
    if evaluation.findings:
        lines += ["", "confidence     findings  mean conf  share right"]
        lines += [
            f"[{row.low:.1f}, {row.high:.1f}{']' if row.high == 1.0 else ')'}   {row.count:>8}"
            f"  {_fmt(row.mean_confidence):>9}  {_fmt(row.share_right):>11}"
            for row in reliability(evaluation)
        ]
        lines.append(f"calibration error {_fmt(calibration_error(evaluation))}")
    lines += [f"form miss: {miss}" for miss in evaluation.form_misses]
    lines += [f"warning: {warning}" for warning in evaluation.warnings]
    return "\n".join(lines) + "\n"
