"""Train the statistical second opinion (``analysis/detect/second_opinion.py``).

Usage (from the repository root)::

    # choose thresholds on the dev split with a model trained on train:
    python -m models.second_opinion.train --train train --tune dev --out /tmp/so-dev
    # or by 4-fold cross-validation over train+dev (out-of-fold scores for all 32 talks):
    python -m models.second_opinion.train --train train,dev --tune cv --out /tmp/so-cv
    # the shipped model: trained on train+dev with settings fixed by an earlier run
    python -m models.second_opinion.train --train train,dev --settings-from /tmp/so-dev \\
        --enable --out analysis/assets/second_opinion

One example per teacher turn of the labelled corpus (``tests/data/corpus``), labels = the
turn's items (read by ``analysis.evaluate.read_labels``), text as a recogniser writes it
(``second_opinion.model_text``, so the clean talks also give their ASR-style copies), with
``--context`` one marker per word the teacher repeats from the parent's turn before. A spaCy
``textcat_multilabel`` (``config_<arch>.cfg``) is trained with a fixed seed on CPU.

Tuning runs the rules-only detector on the tuning talks (as written and as ASR-style copies) and
chooses, per item, the add-threshold that raises the F1 of rules + model most, kept only when it
raises F1 on clean and on ASR-style text, and the findings it adds are right at least
``MIN_PRECISION`` of the time (``MIN_RIGHT`` at least). The confidence of an added finding is
their share right, shrunk towards 0.5 by ``PRIOR`` pseudo-findings. Settings and the per-item
numbers go to ``settings.yaml``. The test split is never read.
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch
from thinc.api import Config

from analysis.detect import detect
from analysis.detect.second_opinion import MODEL_FOLDER, SETTINGS_FILE, model_text, score_texts
from analysis.evaluate import Counts, asr_style, labelled_pairs, read_labels, select_split
from analysis.form import load_form
from analysis.transcript_io import read_transcript

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "tests" / "data" / "corpus"
ARCHITECTURES = ("bow", "ensemble")
THRESHOLDS = tuple(round(0.30 + 0.05 * k, 2) for k in range(14))  # 0.30 .. 0.95
MIN_PRECISION = 0.6
MIN_RIGHT = 3
#: Pseudo-findings at 0.5 that the measured share right of added findings is shrunk towards.
PRIOR = 4
#: Upper ends of the model-score bands in which rule findings' confidence may move.
BANDS = (0.01, 0.05, 1.01)
#: Pseudo-findings without a shift that a band's measured shift is shrunk towards.
BAND_PRIOR = 16
FOLDS = 4
SEED = 13

logger = logging.getLogger("models.second_opinion.train")


@dataclass(slots=True)
class TurnExample:
    """One teacher turn: its text, the parent's words before it, its gold items."""

    talk: str
    turn: int
    text: str
    parent: str
    items: set[str]


@dataclass(slots=True)
class Talk:
    """A labelled talk to tune on, with what the rules found per turn (clean, ASR-style)."""

    name: str
    turns: list[TurnExample]
    #: (turn, item) -> the best confidence of a rule finding, clean and ASR-style.
    rules: tuple[dict[tuple[int, str], float], dict[tuple[int, str], float]] = field(
        default_factory=lambda: ({}, {})
    )


def read_examples(corpus: Path, parts: str, limit: int | None = None) -> list[TurnExample]:
    """The teacher turns of ``parts`` of ``corpus`` (never ``test``), at most ``limit`` talks."""
    if "test" in {p.strip() for p in parts.split(",")}:
        raise SystemExit("the test split is never used for training or tuning")
    pairs = select_split(corpus, labelled_pairs(corpus), parts)[:limit]
    examples: list[TurnExample] = []
    for txt, labels_path in pairs:
        labels = read_labels(labels_path)
        said: list[str] = []
        for turn in read_transcript(txt).turns:
            if turn.index not in labels.speakers:
                said.append(turn.text)
                continue
            items = labels.items[turn.index]
            examples.append(TurnExample(txt.stem, turn.index, turn.text, " ".join(said), items))
            said = []
    return examples


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def with_sentences(examples: list[TurnExample]) -> list[TurnExample]:
    """``examples`` plus, for a turn of several written sentences, each sentence on its own
    with the turn's labels and parent (more, shorter examples of the same labels)."""
    out: list[TurnExample] = []
    for ex in examples:
        out.append(ex)
        parts = [p for p in _SENTENCE_END.split(ex.text) if model_text(p)]
        if len(parts) > 1:
            out += [TurnExample(ex.talk, ex.turn, p, ex.parent, ex.items) for p in parts]
    return out


def _input(example: TurnExample, context: bool) -> str:
    return model_text(example.text, example.parent if context else None)


def train(
    examples: list[TurnExample], arch: str, context: bool, epochs: int = 20, seed: int = SEED
) -> Language:
    """A model trained on ``examples`` (deterministic for a fixed ``seed``)."""
    fix_random_seed(seed)
    labels = list(load_form().item_ids)
    config = Config().from_disk(HERE / f"config_{arch}.cfg")
    nlp = spacy.blank("nl")
    textcat = nlp.add_pipe("textcat_multilabel", config=dict(config["textcat"]))
    for label in labels:
        textcat.add_label(label)  # type: ignore[attr-defined]
    data = [
        Example.from_dict(
            nlp.make_doc(_input(ex, context)),
            {"cats": {label: float(label in ex.items) for label in labels}},
        )
        for ex in examples
        if model_text(ex.text)
    ]
    optimizer = nlp.initialize(lambda: data)
    order = random.Random(seed)
    for epoch in range(epochs):
        order.shuffle(data)
        losses: dict[str, float] = {}
        for batch in minibatch(data, size=16):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.2)
        logger.debug("epoch %d loss %.3f", epoch, losses.get("textcat_multilabel", 0.0))
    return nlp


def score(nlp: Language, examples: list[TurnExample], context: bool) -> list[dict[str, float]]:
    """The model's item scores for ``examples``."""
    texts = [ex.text for ex in examples]
    parents = [ex.parent for ex in examples] if context else None
    return score_texts(nlp, texts, parents)


def tuning_talks(corpus: Path, examples: list[TurnExample]) -> list[Talk]:
    """``examples`` grouped by talk, with the rules-only findings clean and ASR-style."""
    talks: dict[str, Talk] = {}
    for ex in examples:
        talks.setdefault(ex.talk, Talk(ex.talk, [])).turns.append(ex)
    for talk in talks.values():
        transcript = read_transcript(corpus / f"{talk.name}.txt")
        for version, target in zip((transcript, asr_style(transcript)), talk.rules, strict=True):
            for f in detect(version, second_opinion=False).findings:
                key = (f.turn, f.item)
                target[key] = max(target.get(key, 0.0), f.confidence)
    return list(talks.values())


def cross_scores(
    examples: list[TurnExample], arch: str, context: bool, epochs: int
) -> list[dict[str, float]]:
    """Out-of-fold scores: each talk scored by a model trained on the other folds' talks."""
    talks = sorted({ex.talk for ex in examples})
    fold = {name: k % FOLDS for k, name in enumerate(talks)}
    scores: list[dict[str, float] | None] = [None] * len(examples)
    for k in range(FOLDS):
        held = [n for n, ex in enumerate(examples) if fold[ex.talk] == k]
        rest = [ex for ex in examples if fold[ex.talk] != k]
        nlp = train(rest, arch, context, epochs)
        for n, s in zip(held, score(nlp, [examples[n] for n in held], context), strict=True):
            scores[n] = s
        logger.info("fold %d of %d scored (%d turns)", k + 1, FOLDS, len(held))
    return [s for s in scores if s is not None]


def _counts(
    talks: list[Talk],
    scores: dict[tuple[str, int], dict[str, float]],
    item: str,
    asr: bool,
    threshold: float | None,
) -> tuple[Counts, Counts]:
    """(rules + model, added by the model) counts for ``item`` at ``threshold``."""
    total, added = Counts(), Counts()
    for talk in talks:
        rules = talk.rules[asr]
        for ex in talk.turns:
            gold = item in ex.items
            by_rule = (ex.turn, item) in rules
            by_model = threshold is not None and scores[(talk.name, ex.turn)][item] >= threshold
            total.add(by_rule or by_model, gold)
            if by_model and not by_rule:
                added.add(True, gold)
    return total, added


def _f1s(counts: list[Counts]) -> list[float]:
    return [round(c.f1 or 0.0, 3) for c in counts]


def tune(talks: list[Talk], scored: list[dict[str, float]]) -> dict[str, Any]:
    """Per item, the add-threshold that helps rules + model most on ``talks`` (``scored``
    in the order of their turns), and the numbers that chose it."""
    turns = [(talk.name, ex.turn) for talk in talks for ex in talk.turns]
    scores = dict(zip(turns, scored, strict=True))
    chosen: dict[str, Any] = {}
    report: dict[str, Any] = {}
    for item in load_form().item_ids:
        base = [_counts(talks, scores, item, asr, None)[0] for asr in (False, True)]
        best: tuple[float, float] | None = None
        for threshold in THRESHOLDS:
            both = [_counts(talks, scores, item, asr, threshold) for asr in (False, True)]
            gains = [(t.f1 or 0.0) - (b.f1 or 0.0) for (t, _), b in zip(both, base, strict=True)]
            right = sum(a.tp for _, a in both)
            made = sum(a.tp + a.fp for _, a in both)
            useful = right >= MIN_RIGHT and right >= MIN_PRECISION * made
            if min(gains) > 0 and useful and (best is None or sum(gains) > best[1]):
                best = (threshold, sum(gains))
        entry: dict[str, Any] = {"rules_f1": _f1s(base)}
        if best is not None:
            both = [_counts(talks, scores, item, asr, best[0]) for asr in (False, True)]
            right = sum(a.tp for _, a in both)
            made = sum(a.tp + a.fp for _, a in both)
            confidence = round((right + 0.5 * PRIOR) / (made + PRIOR), 2)
            chosen[item] = {"threshold": best[0], "confidence": confidence}
            entry.update(
                threshold=best[0],
                with_model_f1=_f1s([t for t, _ in both]),
                added_right=right,
                added_total=made,
            )
        report[item] = entry
    return {"items": chosen, "bands": confidence_bands(talks, scores), "tuning": report}


def confidence_bands(
    talks: list[Talk], scores: dict[tuple[str, int], dict[str, float]]
) -> list[dict[str, Any]]:
    """Per band of model scores, how much more often rule findings in it were right on
    ``talks`` than their confidence said (shrunk towards no shift by ``BAND_PRIOR``
    pseudo-findings, rounded to 0.05)."""
    bands: list[dict[str, Any]] = []
    low = 0.0
    for high in BANDS:
        hits = [
            (confidence, item in ex.items)
            for talk in talks
            for rules in talk.rules
            for ex in talk.turns
            for (turn, item), confidence in rules.items()
            if turn == ex.turn and low <= scores[(talk.name, turn)][item] < high
        ]
        low = high
        if not hits:
            continue
        mean = sum(c for c, _ in hits) / len(hits)
        right = sum(r for _, r in hits)
        shift = (right - len(hits) * mean) / (len(hits) + BAND_PRIOR)
        rounded = round(round(shift / 0.05) * 0.05, 2)
        bands.append({"below": high, "shift": rounded, "findings": len(hits), "right": right})
    return bands


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--train", default="train", help="split parts to train on")
    parser.add_argument(
        "--tune", help="choose thresholds on this split part (dev), or 'cv' over --train"
    )
    parser.add_argument("--settings-from", type=Path, help="take settings.yaml from this folder")
    parser.add_argument("--arch", choices=ARCHITECTURES, default="ensemble")
    parser.add_argument("--context", action="store_true", help="mark words echoing the parent")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--sentences", action="store_true", help="also train on each sentence")
    parser.add_argument("--enable", action="store_true", help="on by default in detect()")
    parser.add_argument("--limit", type=int, help="at most this many talks per part (tests)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    examples = read_examples(args.corpus, args.train, args.limit)
    logger.info("%d teacher turns from %s", len(examples), args.train)
    training = with_sentences(examples) if args.sentences else examples
    nlp = train(training, args.arch, args.context, args.epochs)
    settings: dict[str, Any] = {"enabled": False, "items": {}}
    if args.settings_from is not None:
        settings = yaml.safe_load((args.settings_from / SETTINGS_FILE).read_text("utf-8"))
    elif args.tune == "cv":
        scored = cross_scores(examples, args.arch, args.context, args.epochs)
        settings.update(tune(tuning_talks(args.corpus, examples), scored))
    elif args.tune:
        held = read_examples(args.corpus, args.tune, args.limit)
        settings.update(tune(tuning_talks(args.corpus, held), score(nlp, held, args.context)))
    settings.update(
        enabled=args.enable,
        trained_on=args.train,
        tuned_on=args.tune or settings.get("tuned_on"),
        architecture=args.arch,
        context=args.context,
        epochs=args.epochs,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    if (args.out / MODEL_FOLDER).exists():
        shutil.rmtree(args.out / MODEL_FOLDER)
    nlp.to_disk(args.out / MODEL_FOLDER)
    text = yaml.safe_dump(settings, sort_keys=False, allow_unicode=True)
    (args.out / SETTINGS_FILE).write_text(text, encoding="utf-8")
    logger.info("wrote %s\n%s", args.out, text)


if __name__ == "__main__":
    main()
