"""Spoken-Dutch tokenizer exceptions and attribute-ruler patterns for the nl_gesprek pipeline.

Both are serialised *with* the pipeline (tokenizer rules and the ``attribute_ruler``
component), so nothing from this module is needed at runtime; it is used while training
(``before_init`` callback) and when assembling the final pipeline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import spacy
from spacy.attrs import NORM, ORTH
from spacy.language import Language

logger = logging.getLogger(__name__)

# Single-token forms (with an optional normalisation that feeds the model's NORM features).
_SINGLE: dict[str, str | None] = {
    "hm-hm": "hm-hm",
    "mm-hm": "hm-hm",
    "mhm": "hm-hm",
    "uh-huh": "hm-hm",
    "eh": "eh",
    "ehm": "ehm",
    "uh": "uh",
    "uhm": "uhm",
    "hmm": "hmm",
    "hm": "hm",
    "oké": "oké",
    "okee": "oké",
    "zo'n": "zo'n",
    "m'n": "mijn",
    "z'n": "zijn",
    "d'r": "d'r",
    "'t": "het",
    "'k": "ik",
    "'s": "'s",
    "'n": "een",
    "'m": "hem",
    "'r": "haar",
    "'ns": "eens",
    "effe": "even",
}

# Contractions split into two tokens: form -> [(orth, norm), ...]
_SPLIT: dict[str, list[tuple[str, str]]] = {
    "da's": [("da", "dat"), ("'s", "is")],
}

# spaCy's Dutch abbreviation list keeps e.g. "u." and "dat." as one token; at the end of a
# spoken sentence these are ordinary words followed by a full stop.
WORDS_NOT_ABBREVIATIONS = [
    "u",
    "al",
    "best",
    "dat",
    "hand",
    "kon",
    "me",
    "pas",
    "top",
    "ver",
    "vol",
    "bel",
    "min",
    "red",
    "gem",
]

TIME_GENITIVES = [
    "ochtends",
    "morgens",
    "middags",
    "avonds",
    "nachts",
    "zomers",
    "winters",
    "maandags",
    "dinsdags",
    "woensdags",
    "donderdags",
    "vrijdags",
    "zaterdags",
    "zondags",
    "weekends",
]
_TIME_LEMMAS = {
    "ochtends": "ochtend",
    "morgens": "morgen",
    "middags": "middag",
    "avonds": "avond",
    "nachts": "nacht",
    "zomers": "zomer",
    "winters": "winter",
    "weekends": "weekend",
}

INTERJECTIONS = [
    "ja",
    "jaja",
    "jawel",
    "nee",
    "neenee",
    "hm-hm",
    "mm-hm",
    "mhm",
    "uh-huh",
    "hm",
    "hmm",
    "eh",
    "ehm",
    "uh",
    "uhm",
    "oké",
    "okee",
    "ok",
    "okay",
    "oh",
    "och",
    "ah",
    "aha",
    "hè",
    "joh",
    "tja",
    "nou",
    "hoi",
    "hallo",
    "dag",
]


def _variants(form: str) -> list[str]:
    out = [form]
    if form[0].isalpha():
        out.append(form[0].upper() + form[1:])
    elif len(form) > 1 and form[1].isalpha():
        out.append(form[0] + form[1].upper() + form[2:])
    return out


def add_tokenizer_exceptions(nlp: Language) -> None:
    """Add the spoken-Dutch special cases to ``nlp.tokenizer`` (idempotent)."""
    for form, norm in _SINGLE.items():
        for variant in _variants(form):
            attrs: dict[int, str] = {ORTH: variant}
            if norm:
                attrs[NORM] = norm
            nlp.tokenizer.add_special_case(variant, [attrs])
    for word in WORDS_NOT_ABBREVIATIONS:
        for variant in _variants(word):
            nlp.tokenizer.add_special_case(variant + ".", [{ORTH: variant}, {ORTH: "."}])
    for form, parts in _SPLIT.items():
        if len(parts) < 2:
            continue
        for variant in _variants(form):
            pieces = [{ORTH: orth, NORM: norm} for orth, norm in parts]
            # Keep the capital of the variant on the first piece.
            if variant[0] != form[0] or variant[:2] != form[:2]:
                first = parts[0][0]
                pieces[0][ORTH] = variant[: len(first)]
            nlp.tokenizer.add_special_case(variant, pieces)


def _intj(lower: str) -> dict[str, Any]:
    return {
        "patterns": [[{"LOWER": lower}]],
        "attrs": {"POS": "INTJ", "TAG": "TSW", "MORPH": "", "LEMMA": lower},
    }


def attribute_ruler_patterns() -> list[dict[str, Any]]:
    """Patterns for interjections and fixed spoken forms (applied after the parser)."""
    patterns: list[dict[str, Any]] = []
    for word in INTERJECTIONS:
        if word in {"nou", "dag", "ja", "nee"}:
            continue
        patterns.append(_intj(word))
    # "ja"/"nee" are INTJ except in fixed adverbial uses ("ja zeker" stays INTJ too).
    for word in ("ja", "nee"):
        patterns.append(_intj(word))
    # "nou" and "dag" are interjections at the start of a sentence or before a comma.
    for word in ("nou", "dag"):
        attrs = {"POS": "INTJ", "TAG": "TSW", "MORPH": "", "LEMMA": word}
        patterns.append({"patterns": [[{"LOWER": word, "IS_SENT_START": True}]], "attrs": attrs})
        patterns.append(
            {
                "patterns": [[{"LOWER": word}, {"ORTH": {"IN": [",", "!", "?", "."]}}]],
                "attrs": attrs,
            }
        )
    # 's ochtends / 's avonds ...: "'s" is a genitive article, the noun a genitive noun.
    patterns.append(
        {
            "patterns": [[{"LOWER": "'s"}, {"LOWER": {"IN": TIME_GENITIVES}}]],
            "attrs": {
                "POS": "DET",
                "TAG": "LID|bep|gen|evmo",
                "MORPH": "Definite=Def|ExtPos=ADV",
                "LEMMA": "de",
            },
            "index": 0,
        }
    )
    for noun in TIME_GENITIVES:
        patterns.append(
            {
                "patterns": [[{"LOWER": "'s"}, {"LOWER": noun}]],
                "attrs": {
                    "POS": "NOUN",
                    "TAG": "N|soort|ev|basis|gen",
                    "MORPH": "Number=Sing",
                    "LEMMA": _TIME_LEMMAS.get(noun, noun[:-1]),
                },
                "index": 1,
            }
        )
    # Reduced possessives and pronouns.
    patterns.append(
        {
            "patterns": [[{"LOWER": "m'n"}]],
            "attrs": {
                "POS": "PRON",
                "TAG": "VNW|bez|det|stan|red|1|ev|prenom|zonder|agr",
                "MORPH": "Person=1|Poss=Yes|PronType=Prs",
                "LEMMA": "mijn",
            },
        }
    )
    patterns.append(
        {
            "patterns": [[{"LOWER": "z'n"}]],
            "attrs": {
                "POS": "PRON",
                "TAG": "VNW|bez|det|stan|red|3|ev|prenom|zonder|agr",
                "MORPH": "Person=3|Poss=Yes|PronType=Prs",
                "LEMMA": "zijn",
            },
        }
    )
    patterns.append(
        {
            "patterns": [[{"LOWER": "d'r"}, {"POS": {"IN": ["NOUN", "ADJ"]}}]],
            "attrs": {
                "POS": "PRON",
                "TAG": "VNW|bez|det|stan|red|3|ev|prenom|zonder|agr",
                "MORPH": "Person=3|Poss=Yes|PronType=Prs",
                "LEMMA": "haar",
            },
            "index": 0,
        }
    )
    patterns.append(
        {
            "patterns": [[{"LOWER": "d'r"}, {"POS": {"NOT_IN": ["NOUN", "ADJ"]}}]],
            "attrs": {
                "POS": "ADV",
                "TAG": "VNW|aanw|adv-pron|stan|red|3|getal",
                "MORPH": "PronType=Dem",
                "LEMMA": "er",
            },
            "index": 0,
        }
    )
    patterns.append(
        {
            "patterns": [[{"LOWER": "'t"}]],
            "attrs": {
                "POS": "PRON",
                "TAG": "VNW|pers|pron|stan|red|3|ev|onz",
                "MORPH": "Person=3|PronType=Prs",
                "LEMMA": "het",
            },
        }
    )
    patterns.append(
        {
            "patterns": [[{"LOWER": "'k"}]],
            "attrs": {
                "POS": "PRON",
                "TAG": "VNW|pers|pron|nomin|red|1|ev",
                "MORPH": "Case=Nom|Person=1|PronType=Prs",
                "LEMMA": "ik",
            },
        }
    )
    # da's = dat + is
    patterns.append(
        {
            "patterns": [[{"LOWER": "da"}, {"LOWER": "'s"}]],
            "attrs": {
                "POS": "PRON",
                "TAG": "VNW|aanw|pron|stan|vol|3o|ev",
                "MORPH": "Person=3|PronType=Dem",
                "LEMMA": "dat",
            },
            "index": 0,
        }
    )
    patterns.append(
        {
            "patterns": [[{"LOWER": "da"}, {"LOWER": "'s"}]],
            "attrs": {
                "POS": "AUX",
                "TAG": "WW|pv|tgw|ev",
                "MORPH": "Number=Sing|Tense=Pres|VerbForm=Fin",
                "LEMMA": "zijn",
            },
            "index": 1,
        }
    )
    return patterns


def add_attribute_ruler(nlp: Language) -> None:
    """Add (or refill) the ``attribute_ruler`` at the end of the pipeline."""
    if "attribute_ruler" in nlp.pipe_names:
        nlp.remove_pipe("attribute_ruler")
    ruler = nlp.add_pipe("attribute_ruler", last=True)
    ruler.add_patterns(attribute_ruler_patterns())  # type: ignore[attr-defined]
    logger.info("attribute_ruler: %d pattern groups", len(ruler.patterns))  # type: ignore[attr-defined]


@spacy.registry.callbacks("gesprek.spoken_tokenizer.v1")
def make_spoken_tokenizer_callback() -> Callable[[Language], Language]:
    """``[initialize.before_init]`` callback: add the special cases before training."""

    def callback(nlp: Language) -> Language:
        add_tokenizer_exceptions(nlp)
        return nlp

    return callback


@spacy.registry.callbacks("gesprek.fix_lemmatizer_labels.v1")
def make_fix_lemmatizer_labels() -> Callable[[Language], Language]:
    """``[initialize.after_init]`` callback for continued training of a loaded pipeline.

    spaCy 3.8's ``trainable_lemmatizer`` does not rebuild its tree -> label map when loaded
    from disk (only ``initialize`` does), so continued training would map every gold edit
    tree to label 0. Rebuild the map from ``cfg["labels"]``.
    """

    def callback(nlp: Language) -> Language:
        for name in nlp.component_names:
            pipe = nlp.get_pipe(name)
            labels = getattr(pipe, "cfg", {}).get("labels") if hasattr(pipe, "trees") else None
            if labels:
                pipe.tree2label = {tree: label for label, tree in enumerate(labels)}  # type: ignore[attr-defined]
                logger.info("%s: rebuilt tree2label (%d labels)", name, len(labels))
        return nlp

    return callback
