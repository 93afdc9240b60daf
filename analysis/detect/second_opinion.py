"""A statistical second opinion after the rules (issue #13 part 4).

A small spaCy ``textcat_multilabel`` (trained by ``models/second_opinion/train.py`` on the
labelled corpus, shipped in ``analysis/assets/second_opinion``) scores every teacher turn for
every form item. For the items whose add-threshold was chosen on the corpus dev split
(``settings.yaml`` next to the model), a turn the model scores at or above the threshold but
where no rule found that item gets a finding of its own: rule id ``model.<item>``, a Dutch
explanation that says it is a statistical guess no rule confirmed, the sentence of the turn the
model scores highest as quote, and the confidence measured on dev at that threshold. A rule
finding keeps its place, but its confidence moves by what rule findings with such a model score
earned on dev (``bands``): down where the model doubts them (the explanation then says so), up
where it agrees.

The model reads every text as a recogniser writes it (:func:`model_text`: lowercase, no
punctuation), so the same model serves clean and ASR-style transcripts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span

from analysis.asr_text import asr_style_text
from analysis.assets import ASSETS
from analysis.errors import ModelError
from analysis.records import Finding, Turn

logger = logging.getLogger(__name__)

#: Where the shipped model and its settings live.
SECOND_OPINION_DIR = ASSETS / "second_opinion"
MODEL_FOLDER = "model"
SETTINGS_FILE = "settings.yaml"
RULE_PREFIX = "model."


@dataclass(frozen=True, slots=True)
class ItemSetting:
    """When the model may add a finding for one item (score at least ``threshold``), and
    how sure such a finding is (``confidence``: the share right on the tuning talks)."""

    threshold: float
    confidence: float


@dataclass(frozen=True, slots=True)
class ConfidenceBand:
    """Rule findings whose item the model scores below ``below`` (and not below the band
    before) were right ``shift`` more often than their confidence said on the tuning talks
    (negative: the model doubts them), so their confidence moves by ``shift``."""

    below: float
    shift: float


@dataclass(frozen=True, slots=True)
class SecondOpinion:
    """The loaded model and the items it may add findings for."""

    nlp: Language
    items: dict[str, ItemSetting]
    enabled: bool = False
    context: bool = False
    bands: list[ConfidenceBand] = field(default_factory=list)


#: Appended once per word the teacher repeats from the parent's turns just before (with
#: ``context``): a restatement, which a teacher turn alone does not show.
ECHO_TOKEN = "xecho"
_ECHO_MIN_LENGTH = 4


def model_text(text: str, parent: str | None = None) -> str:
    """What the model reads: ``text`` lowercase without punctuation (as a recogniser writes);
    with the ``parent``'s preceding words, one :data:`ECHO_TOKEN` per distinct word of at
    least four letters the teacher repeats from them."""
    spoken = asr_style_text(text)
    if parent is None:
        return spoken
    heard = set(asr_style_text(parent).split())
    echoes = {w for w in spoken.split() if len(w) >= _ECHO_MIN_LENGTH and w in heard}
    return " ".join([spoken, *[ECHO_TOKEN] * len(echoes)])


def parent_texts(turns: list[Turn], teacher: list[int]) -> list[str]:
    """For each teacher turn position in ``teacher``: the other speakers' words since the
    teacher's turn before it."""
    texts: list[str] = []
    is_teacher = set(teacher)
    for k in teacher:
        j = k - 1
        said: list[str] = []
        while j >= 0 and j not in is_teacher:
            said.append(turns[j].text)
            j -= 1
        texts.append(" ".join(reversed(said)))
    return texts


def _settings_error(path: Path, exc: Exception) -> ModelError:
    return ModelError(
        f"second opinion settings {path} cannot be read ({exc})",
        "De instellingen van de tweede mening zijn beschadigd.",
    )


def _settings_data(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise _settings_error(path, exc) from exc
    if not isinstance(data, dict):
        raise _settings_error(path, TypeError("not a mapping"))
    return data


@lru_cache(maxsize=2)
def on_by_default(folder: Path = SECOND_OPINION_DIR) -> bool:
    """Whether the shipped settings turn the second opinion on (read without loading the
    model, so a pipeline that does not use it never loads it)."""
    return bool(_settings_data(folder / SETTINGS_FILE).get("enabled", False))


def read_settings(path: Path, nlp: Language) -> SecondOpinion:
    """``settings.yaml``: the per-item add-thresholds and confidences, the doubt bands,
    whether the second opinion is on by default and whether the model reads the parent's
    turn before."""
    data = _settings_data(path)
    try:
        items = {
            str(item): ItemSetting(
                threshold=float(entry["threshold"]),
                confidence=float(entry["confidence"]),
            )
            for item, entry in (data.get("items") or {}).items()
        }
        bands = [
            ConfidenceBand(below=float(band["below"]), shift=float(band["shift"]))
            for band in data.get("bands") or []
        ]
        return SecondOpinion(
            nlp=nlp,
            items=items,
            enabled=bool(data.get("enabled", False)),
            context=bool(data.get("context", False)),
            bands=sorted(bands, key=lambda band: band.below),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _settings_error(path, exc) from exc


@lru_cache(maxsize=2)
def load_second_opinion(folder: Path = SECOND_OPINION_DIR) -> SecondOpinion:
    """Load (once) the shipped model and its settings.

    Raises:
        ModelError: the model folder is missing or broken.
    """
    try:
        nlp = spacy.load(folder / MODEL_FOLDER)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"second opinion model at {folder} cannot be loaded ({exc})",
            "Het model voor de tweede mening ontbreekt of is beschadigd.",
        ) from exc
    return read_settings(folder / SETTINGS_FILE, nlp)


def score_texts(
    nlp: Language, texts: list[str], parents: list[str] | None = None
) -> list[dict[str, float]]:
    """The model's score per item for each text (read as :func:`model_text`, with the
    parent's words before each when ``parents`` is given)."""
    inputs = (
        [model_text(text) for text in texts]
        if parents is None
        else [model_text(text, parent) for text, parent in zip(texts, parents, strict=True)]
    )
    return [dict(doc.cats) for doc in nlp.pipe(inputs)]


def _decimal(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def explanation(score: float) -> str:
    """The coach-facing reason of a finding the model added."""
    return (
        f"Tweede mening (statistisch model, {_decimal(score)}): lijkt op gelabelde voorbeelden "
        "van dit onderdeel; geen regel herkende het — controleer."
    )


def doubt_note(score: float) -> str:
    """What a rule finding's explanation gains when the model doubts it."""
    return (
        f"De tweede mening (statistisch model, {_decimal(score)}) twijfelt: zulke bevindingen "
        "kloppen minder vaak — controleer."
    )


def _best_sentence(nlp: Language, doc: Doc, item: str, parent: str | None) -> Span:
    """The sentence of ``doc`` the model scores highest for ``item``."""
    sentences = [s for s in doc.sents if s.text.strip()] or [doc[:]]
    if len(sentences) == 1:
        return sentences[0]
    parents = None if parent is None else [parent] * len(sentences)
    scores = score_texts(nlp, [s.text for s in sentences], parents)
    return max(zip(sentences, scores, strict=True), key=lambda pair: pair[1].get(item, 0.0))[0]


#: Confidences stay within these bounds when a band moves them.
CONFIDENCE_RANGE = (0.05, 0.98)


def _rescored(finding: Finding, score: float, bands: list[ConfidenceBand]) -> Finding:
    """``finding`` with its confidence moved by the first band its model ``score`` is in."""
    band = next((b for b in bands if score < b.below), None)
    if band is None or not band.shift:
        return finding
    low, high = CONFIDENCE_RANGE
    confidence = round(min(high, max(low, finding.confidence + band.shift)), 2)
    note = f" {doubt_note(score)}" if band.shift < 0 else ""
    return replace(finding, confidence=confidence, explanation=finding.explanation + note)


def apply_second_opinion(
    opinion: SecondOpinion, turns: list[Turn], docs: list[Doc], findings: list[Finding]
) -> list[Finding]:
    """The rules' ``findings`` in the teacher turns of ``turns`` (``docs``: the processed turns,
    in the same order) with their confidence moved by the model's score (lower where it
    doubts them), plus the findings the model adds where no rule found the item."""
    if not opinion.items and not opinion.bands:
        return findings
    teacher = [k for k, turn in enumerate(turns) if turn.role == "teacher"]
    parents = parent_texts(turns, teacher) if opinion.context else None
    scored = score_texts(opinion.nlp, [turns[k].text for k in teacher], parents)
    by_turn = {turns[k].index: scores for k, scores in zip(teacher, scored, strict=True)}
    kept = [
        _rescored(f, by_turn[f.turn].get(f.item, 1.0), opinion.bands) if f.turn in by_turn else f
        for f in findings
    ]
    found = {(f.turn, f.item) for f in findings}
    added: list[Finding] = []
    for n, (k, scores) in enumerate(zip(teacher, scored, strict=True)):
        turn = turns[k]
        for item, setting in opinion.items.items():
            score = scores.get(item, 0.0)
            if score < setting.threshold or (turn.index, item) in found:
                continue
            parent = None if parents is None else parents[n]
            span = _best_sentence(opinion.nlp, docs[k], item, parent)
            added.append(
                Finding(
                    item=item,
                    turn=turn.index,
                    quote=span.text,
                    char_start=span.start_char,
                    char_end=span.end_char,
                    rule=RULE_PREFIX + item,
                    explanation=explanation(score),
                    confidence=setting.confidence,
                    speaker=turn.speaker,
                    start=turn.start,
                    end=turn.end,
                )
            )
    logger.debug("second opinion added %d findings", len(added))
    return kept + added
