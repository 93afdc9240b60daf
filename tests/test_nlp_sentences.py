"""Sentence boundaries before the parser (analysis.nlp.SentenceBoundaries), without the model."""

from __future__ import annotations

import math

import numpy
import spacy
from spacy.tokens import Doc

from analysis.nlp import DEFAULT_VETO, SentenceBoundaries, has_terminal_punctuation


class _Ops:
    @staticmethod
    def to_numpy(array: numpy.ndarray) -> numpy.ndarray:
        return array


class _Model:
    """Gives every word in ``probabilities`` that sentence-start probability, others 0.5."""

    ops = _Ops()

    def __init__(self, probabilities: dict[str, float]) -> None:
        self.probabilities = probabilities
        self.batches: list[int] = []

    def predict(self, docs: list[Doc]) -> list[numpy.ndarray]:
        self.batches.append(len(docs))
        out = []
        for doc in docs:
            # Unnormalised scores (logits), as spaCy's Tagger.v2 gives at inference.
            p = [self.probabilities.get(t.text, 0.5) for t in doc]
            out.append(numpy.array([[0.0, math.log(x / (1 - x))] for x in p]))
        return out


class FakeSenter:
    labels = ("I", "S")

    def __init__(self, probabilities: dict[str, float]) -> None:
        self.model = _Model(probabilities)


def _sentences(doc: Doc) -> list[str]:
    starts = [0] + [t.i for t in doc[1:] if t.is_sent_start]
    ends = [*starts[1:], len(doc)]
    return [doc[s:e].text for s, e in zip(starts, ends, strict=True)]


nlp = spacy.blank("nl")
UNSURE = {"dan": 0.5, "morgen": 0.01, "bel": 0.01}


def test_punctuated_text_splits_after_terminal_punctuation_only():
    senter = FakeSenter(UNSURE)
    doc = SentenceBoundaries(senter)(nlp("Ik bel morgen. Dan spreken we verder, goed?"))  # type: ignore[arg-type]
    assert _sentences(doc) == ["Ik bel morgen.", "Dan spreken we verder, goed?"]
    assert senter.model.batches == []


def test_senter_vetoes_unlikely_starts_and_leaves_the_rest_to_the_parser():
    doc = SentenceBoundaries(FakeSenter(UNSURE), veto=0.1)(nlp("ik bel morgen dan"))  # type: ignore[arg-type]
    assert [t.is_sent_start for t in doc] == [True, False, False, None]


def test_veto_zero_leaves_everything_to_the_parser():
    doc = SentenceBoundaries(FakeSenter(UNSURE), veto=0.0)(nlp("ik bel morgen dan"))  # type: ignore[arg-type]
    assert all(t.is_sent_start is None for t in doc[1:])


def test_without_a_senter_unpunctuated_text_is_left_to_the_parser():
    doc = SentenceBoundaries(None)(nlp("ik bel u morgen dan spreken we verder"))
    assert all(t.is_sent_start is None for t in doc[1:])


def test_default_veto_is_a_probability():
    assert 0.0 < DEFAULT_VETO < 0.5


def test_comma_alone_is_not_terminal_punctuation():
    assert not has_terminal_punctuation(nlp("ja, dat klopt"))
    assert has_terminal_punctuation(nlp("ja. dat klopt"))
    assert has_terminal_punctuation(nlp("echt?"))


def test_pipe_predicts_the_unpunctuated_documents_as_one_batch_in_order():
    senter = FakeSenter(UNSURE)
    texts = ["ik bel morgen", "Ik bel morgen. Dan praten we.", "ja", "fijn dan"]
    docs = list(SentenceBoundaries(senter, veto=0.1).pipe(nlp.pipe(texts)))  # type: ignore[arg-type]
    assert [d.text for d in docs] == texts
    assert senter.model.batches == [2]
    assert [t.is_sent_start for t in docs[0]] == [True, False, False]
    assert _sentences(docs[1]) == ["Ik bel morgen.", "Dan praten we."]
    assert docs[3][1].is_sent_start is None
