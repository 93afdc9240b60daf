"""Build the word-class table that the pipeline's token embedding looks up (training only).

A form's class says which parts of speech Dutch word lists allow for it, independent of the
treebank, so that words never seen in training (a tenth of a news text) and lowercased names in
transcripts still get a useful signal. Per lowercase form:

- from the Dutch tables of ``spacy-lookups-data`` (MIT): ``noun``, ``verb``, ``adj`` when the
  form is a lemma of that part of speech, ``noun~``, ``verb~``, ``adj~`` when it is an inflected
  form of one (via the lemma lookup and exception tables), ``adp``/``det`` for the closed lists;
- from the OpenTaal spelling list (BSD / CC BY 3.0; Debian package ``wdutch``,
  ``/usr/share/dict/dutch``): ``Name`` when it is only ever written with a capital
  ("Verhofstadt", "Nijmegen"), ``word`` when it has a lowercase spelling.

The class is the sorted combination, e.g. ``noun+verb~|word``. The table maps the low 32 bits of
spaCy's hash of the lowercase form to the class's index (``analysis/word_classes.py`` reads it).

    python -m models.word_classes --wordlist /usr/share/dict/dutch --out /tmp/word_classes.npz
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
from collections import Counter, defaultdict
from pathlib import Path

import numpy
from spacy.strings import hash_string

from analysis.word_classes import KEY_MASK

logger = logging.getLogger("models.word_classes")

DEFAULT_WORDLIST = Path("/usr/share/dict/dutch")
OPEN_CLASSES = ("noun", "verb", "adj")
CLOSED_CLASSES = ("adp", "det")


def _lookups_table(name: str) -> dict:
    import spacy_lookups_data  # training-only dependency

    path = Path(spacy_lookups_data.__file__).parent / "data" / f"nl_{name}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def lemma_classes(
    lookup: dict[str, str], index: dict[str, list[str]], exceptions: dict[str, dict]
) -> dict[str, set[str]]:
    """Per lowercase form, the parts of speech the lemma tables allow (``~`` = inflected)."""
    lemmas = {pos: set(words) for pos, words in index.items()}
    classes: dict[str, set[str]] = defaultdict(set)
    for pos in OPEN_CLASSES + CLOSED_CLASSES:
        for lemma in lemmas.get(pos, ()):
            classes[lemma.lower()].add(pos)
    for pos in OPEN_CLASSES:
        for form in exceptions.get(pos, {}):
            if form.lower() not in lemmas.get(pos, ()):
                classes[form.lower()].add(f"{pos}~")
    for form, lemma in lookup.items():
        low = form.lower()
        if low == lemma.lower():
            continue
        for pos in OPEN_CLASSES:
            if lemma in lemmas.get(pos, ()):
                classes[low].add(f"{pos}~")
    return classes


def spelling_classes(words: list[str]) -> dict[str, str]:
    """``Name`` for forms spelled only with a capital, ``word`` for the rest."""
    spellings: dict[str, set[bool]] = defaultdict(set)
    for word in words:
        word = word.strip()
        if word and " " not in word:
            spellings[word.lower()].add(word[:1].isupper())
    return {low: "Name" if caps == {True} else "word" for low, caps in spellings.items()}


def combine(lemma: dict[str, set[str]], spelling: dict[str, str]) -> dict[str, str]:
    """The class string per lowercase form."""
    return {
        form: "+".join(sorted(lemma.get(form, ()))) + "|" + spelling.get(form, "")
        for form in set(lemma) | set(spelling)
    }


def to_arrays(classes: dict[str, str]) -> tuple[numpy.ndarray, numpy.ndarray, list[str]]:
    """Sorted uint32 keys, uint16 class indices, and the class names (index order)."""
    names = sorted(set(classes.values()))
    if len(names) >= 2**16:
        raise ValueError("too many word classes")
    position = {name: i for i, name in enumerate(names)}
    table: dict[int, int] = {}
    for form, name in sorted(classes.items()):
        table.setdefault(hash_string(form) & KEY_MASK, position[name])
    keys = numpy.array(sorted(table), dtype="uint32")
    values = numpy.array([table[k] for k in keys.tolist()], dtype="uint16")
    return keys, values, names


def build(wordlist: Path | None) -> tuple[numpy.ndarray, numpy.ndarray, list[str]]:
    """The table from spacy-lookups-data and (if given) the OpenTaal word list."""
    lemma = lemma_classes(
        _lookups_table("lemma_lookup"),
        _lookups_table("lemma_index"),
        _lookups_table("lemma_exc"),
    )
    spelling: dict[str, str] = {}
    if wordlist is not None:
        spelling = spelling_classes(wordlist.read_text(encoding="utf-8").splitlines())
    return to_arrays(combine(lemma, spelling))


def write(path: Path, keys: numpy.ndarray, values: numpy.ndarray, names: list[str]) -> None:
    numpy.savez(path, keys=keys, values=values, names=numpy.array(names))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wordlist", type=Path, default=DEFAULT_WORDLIST)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    keys, values, names = build(args.wordlist if args.wordlist.exists() else None)
    write(args.out, keys, values, names)
    counts = Counter(names[v] for v in values.tolist())
    print(f"{len(keys):,} forms, {len(names)} classes; most common: {counts.most_common(8)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
