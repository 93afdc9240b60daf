"""Word-class feature of the Dutch pipeline's token embedding (``analysis/assets/nl_gesprek``).

The treebanks are small: one token in twelve of UD dev never occurs in training, and in a
lowercased transcript "verhofstadt" looks like any noun. The pipeline therefore also embeds a
*word class* looked up per lowercase form in a table built from two word lists (see
``models/word_classes.py``): which parts of speech the Dutch lemma tables of
``spacy-lookups-data`` allow for the form ("noun", "verb~" = inflected verb form …) and whether
the OpenTaal spelling list writes it with a capital only (a name) or also in lower case.

The table lives inside the trained ``tok2vec`` (two numpy arrays in the model's attributes), so
the shipped pipeline needs no extra file; this module only provides the architecture, registered
with spaCy under :data:`ARCHITECTURE` (also as a ``spacy_architectures`` entry point, so that a
plain ``spacy.load("analysis/assets/nl_gesprek")`` finds it once the package is installed).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy
from spacy.attrs import IDS, LOWER
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (
    HashEmbed,
    Maxout,
    Model,
    chain,
    concatenate,
    list2ragged,
    ragged2list,
    with_array,
)
from thinc.types import Floats2d, Ints2d

ARCHITECTURE = "gesprek.MultiHashEmbedWordClass.v1"
KEY_MASK = 0xFFFFFFFF  # keys are the low 32 bits of spaCy's hash of the lowercase form
UNKNOWN = 0  # class of a form in neither list; known classes are stored as index + 1


def lookup_classes(
    keys: numpy.ndarray, values: numpy.ndarray, lower: numpy.ndarray
) -> numpy.ndarray:
    """Class per token: ``values[i] + 1`` where ``keys[i]`` is the token's key, else UNKNOWN.

    ``keys`` is sorted (uint32), ``lower`` holds spaCy's 64-bit hashes of the lowercase forms.
    """
    out = numpy.zeros(len(lower), dtype="uint64")
    if len(keys) == 0 or len(lower) == 0:
        return out
    wanted = (lower.astype("uint64") & numpy.uint64(KEY_MASK)).astype("uint32")
    index = numpy.searchsorted(keys, wanted)
    index[index >= len(keys)] = 0
    hit = keys[index] == wanted
    out[hit] = values[index[hit]].astype("uint64") + 1
    return out


def load_table(path: Path) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The (keys, values) arrays of a table written by ``models/word_classes.py``."""
    with numpy.load(path) as data:
        return data["keys"].astype("uint32"), data["values"].astype("uint16")


def _extractor_forward(
    model: Model[list[Doc], list[Ints2d]], docs: list[Doc], is_train: bool
) -> tuple[list[Ints2d], Callable]:
    columns = model.attrs["columns"]
    keys = model.attrs["keys"]
    values = model.attrs["values"]
    features: list[Ints2d] = []
    for doc in docs:
        array = doc.to_array([*columns, LOWER])  # a new (n, columns + 1) uint64 array
        array[:, -1] = lookup_classes(keys, values, array[:, -1])
        features.append(model.ops.asarray2i(array, dtype="uint64"))
    return features, lambda d_features: []


def word_class_feature_extractor(
    columns: list[int], keys: numpy.ndarray, values: numpy.ndarray
) -> Model[list[Doc], list[Ints2d]]:
    """Like spaCy's FeatureExtractor, plus a last column with the word class."""
    return Model(
        "extract_features_word_class",
        _extractor_forward,
        attrs={"columns": columns, "keys": keys, "values": values},
    )


@registry.architectures(ARCHITECTURE)
def multi_hash_embed_word_class(
    width: int,
    attrs: list[str],
    rows: list[int],
    class_rows: int,
    classes: str | None = None,
) -> Model[list[Doc], list[Floats2d]]:
    """spaCy's MultiHashEmbed (hash embeddings of ``attrs``, mixed by a Maxout layer) with
    one more embedded column: the word class from the table at ``classes``. Without a path
    the table is empty until the trained weights are loaded (``from_disk``)."""
    if len(rows) != len(attrs):
        raise ValueError(f"Mismatched lengths: {len(rows)} vs {len(attrs)}")
    if classes:
        keys, values = load_table(Path(classes))
    else:
        keys, values = numpy.zeros(0, dtype="uint32"), numpy.zeros(0, dtype="uint16")
    columns = [IDS[a.upper()] if isinstance(a, str) else a for a in attrs]
    all_rows = [*rows, class_rows]
    embeddings = [
        HashEmbed(width, all_rows[i], column=i, seed=8 + i, dropout=0.0)
        for i in range(len(all_rows))
    ]
    return chain(
        word_class_feature_extractor(columns, keys, values),
        list2ragged(),
        with_array(concatenate(*embeddings)),
        with_array(Maxout(width, width * len(embeddings), nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )
