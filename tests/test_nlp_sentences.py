"""Sentence boundaries before the parser (analysis.nlp.SentenceBoundaries), without the model."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from analysis.nlp import SentenceBoundaries, has_terminal_punctuation


class RecordingSenter:
    """Stands in for the trained senter: marks a start at every word in ``starts``."""

    def __init__(self, starts: set[str]) -> None:
        self.starts = starts
        self.calls = 0

    def __call__(self, doc: Doc) -> Doc:
        self.calls += 1
        for token in doc:
            token.is_sent_start = token.i == 0 or token.text in self.starts
        return doc


def _sentences(doc: Doc) -> list[str]:
    return [
        " ".join(t.text for t in doc[s:e])
        for s, e in _spans([t.is_sent_start for t in doc], len(doc))
    ]


def _spans(starts: list[bool | None], n: int) -> list[tuple[int, int]]:
    begin = [i for i, s in enumerate(starts) if i == 0 or s]
    return list(zip(begin, [*begin[1:], n], strict=True))


nlp = spacy.blank("nl")


def test_punctuated_text_splits_after_terminal_punctuation_only():
    senter = RecordingSenter({"dan"})
    doc = SentenceBoundaries(senter)(nlp("Ik bel u morgen. Dan spreken we verder, goed?"))
    assert _sentences(doc) == ["Ik bel u morgen .", "Dan spreken we verder , goed ?"]
    assert senter.calls == 0


def test_unpunctuated_text_goes_to_the_senter():
    senter = RecordingSenter({"dan"})
    doc = SentenceBoundaries(senter)(nlp("ik bel u morgen dan spreken we verder"))
    assert senter.calls == 1
    assert _sentences(doc) == ["ik bel u morgen", "dan spreken we verder"]


def test_without_a_senter_unpunctuated_text_is_left_to_the_parser():
    doc = SentenceBoundaries(None)(nlp("ik bel u morgen dan spreken we verder"))
    assert all(t.is_sent_start is None for t in doc[1:])


def test_comma_alone_is_not_terminal_punctuation():
    assert not has_terminal_punctuation(nlp("ja, dat klopt"))
    assert has_terminal_punctuation(nlp("ja. dat klopt"))
    assert has_terminal_punctuation(nlp("echt?"))


class BatchSenter(RecordingSenter):
    """A senter with ``pipe``: must be given the unpunctuated documents as one batch."""

    def __init__(self, starts: set[str]) -> None:
        super().__init__(starts)
        self.batches: list[int] = []

    def pipe(self, docs: list[Doc], batch_size: int) -> list[Doc]:
        self.batches.append(len(docs))
        return [RecordingSenter.__call__(self, doc) for doc in docs]


def test_pipe_batches_the_unpunctuated_documents_and_keeps_order():
    senter = BatchSenter({"dan"})
    texts = ["ik bel u morgen dan praten we", "Ik bel morgen. Dan praten we.", "ja", "fijn dan"]
    docs = list(SentenceBoundaries(senter).pipe(nlp.pipe(texts)))
    assert [d.text for d in docs] == texts
    assert senter.batches == [2]
    assert [_sentences(d) for d in docs] == [
        ["ik bel u morgen", "dan praten we"],
        ["Ik bel morgen .", "Dan praten we ."],
        ["ja"],
        ["fijn", "dan"],
    ]
