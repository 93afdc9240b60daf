"""The word-class feature of the pipeline's embedding: the table builder (models/word_classes.py)
and the runtime lookup / architecture (analysis/word_classes.py)."""

from __future__ import annotations

from pathlib import Path

import numpy
import spacy
from spacy.strings import hash_string
from spacy.util import registry

from analysis import word_classes as runtime
from models import word_classes as builder

LOOKUP = {"huizen": "huis", "werkte": "werken", "gewerkt": "werken", "mooie": "mooi"}
INDEX = {"noun": ["huis", "bank"], "verb": ["werken"], "adj": ["mooi"], "adp": ["op"]}
EXCEPTIONS = {"verb": {"was": ["zijn"]}, "noun": {}, "adj": {}}


def _hashes(words: list[str]) -> numpy.ndarray:
    return numpy.array([hash_string(w.lower()) for w in words], dtype="uint64")


def test_lemma_classes_mark_lemmas_and_inflected_forms():
    classes = builder.lemma_classes(LOOKUP, INDEX, EXCEPTIONS)
    assert classes["huis"] == {"noun"}
    assert classes["huizen"] == {"noun~"}
    assert classes["werkte"] == {"verb~"} and classes["gewerkt"] == {"verb~"}
    assert classes["was"] == {"verb~"}
    assert classes["op"] == {"adp"}
    assert "fiets" not in classes  # in no table: no class


def test_spelling_class_name_only_when_never_written_in_lower_case():
    spelling = builder.spelling_classes(["Nijmegen", "Bank", "bank", "huis", "New York"])
    assert spelling["nijmegen"] == "Name"
    assert spelling["bank"] == "word"  # "Bank" and "bank": not only a name
    assert spelling["huis"] == "word"
    assert "new york" not in spelling  # multiword entries are skipped


def test_table_round_trip_through_the_runtime_lookup():
    classes = builder.combine(
        builder.lemma_classes(LOOKUP, INDEX, EXCEPTIONS),
        builder.spelling_classes(["Nijmegen", "huis", "bank", "Bank"]),
    )
    keys, values, names = builder.to_arrays(classes)
    assert list(keys) == sorted(keys)
    words = ["Nijmegen", "huizen", "HUIS", "fiets", "bank"]
    found = runtime.lookup_classes(keys, values, _hashes(words))
    labels = [names[int(k) - 1] if k else None for k in found]
    assert labels == ["|Name", "noun~|", "noun|word", None, "noun|word"]


def test_empty_table_gives_unknown_for_every_token():
    empty_keys = numpy.zeros(0, dtype="uint32")
    empty_values = numpy.zeros(0, dtype="uint16")
    found = runtime.lookup_classes(empty_keys, empty_values, _hashes(["huis", "bank"]))
    assert found.tolist() == [runtime.UNKNOWN, runtime.UNKNOWN]


def _embed(table: Path | None):
    make = registry.architectures.get(runtime.ARCHITECTURE)
    return make(
        width=8,
        attrs=["NORM", "SUFFIX"],
        rows=[50, 50],
        class_rows=20,
        classes=str(table) if table else None,
    )


def test_architecture_embeds_the_class_column_and_keeps_the_table_when_saved(tmp_path):
    keys, values, names = builder.to_arrays({"huis": "noun|word", "nijmegen": "|Name"})
    table = tmp_path / "classes.npz"
    builder.write(table, keys, values, names)
    nlp = spacy.blank("nl")
    doc = nlp("Het huis in Nijmegen")
    model = _embed(table)
    model.initialize(X=[doc])
    extractor = model.layers[0]
    features = extractor.predict([doc])[0]
    assert features.shape == (4, 3)
    # index + 1 of the class name; 0 = unknown
    expected = [0, names.index("noun|word") + 1, 0, names.index("|Name") + 1]
    assert [int(v) for v in features[:, -1]] == expected
    vectors = model.predict([doc])[0]
    assert vectors.shape == (4, 8)

    # A pipeline loaded from disk is built without a path and gets the table from the weights.
    restored = _embed(None)
    restored.from_bytes(model.to_bytes())
    assert numpy.array_equal(restored.layers[0].attrs["keys"], keys)
    assert numpy.allclose(restored.predict([doc])[0], vectors)


def test_without_a_table_the_class_column_is_all_unknown():
    nlp = spacy.blank("nl")
    doc = nlp("Het huis in Nijmegen")
    model = _embed(None)
    model.initialize(X=[doc])
    assert set(model.layers[0].predict([doc])[0][:, -1].tolist()) == {0}
