"""Train the nl_gesprek spaCy pipeline from UD Dutch (+ our spoken-Dutch set).

Usage (from the repository root)::

    python -m models.train --data /work/shared/data/ud-dutch --out analysis/assets/nl_gesprek

Stages (all run by default): ``convert`` (CoNLL-U -> DocBin, with lowercased/unpunctuated
augmentation), ``train`` (``spacy train`` with models/config.cfg), ``assemble`` (spoken-Dutch
tokenizer exceptions + attribute_ruler, meta, license; written to ``--out``).
The held-out test file is never read here.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import time
from pathlib import Path

import spacy
from spacy.tokens import DocBin
from thinc.api import Config

import analysis.word_classes  # noqa: F401  (registers the embedding architecture)
from analysis.assets import NLP_MODEL
from models import relabel, spoken_rules, treebank, word_classes

HERE = Path(__file__).resolve().parent

logger = logging.getLogger("models.train")

WORD_CLASSES = "word_classes.npz"
WORD_CLASS_NOTICE = """
The tok2vec layer holds a word-class table (models/word_classes.py) derived from:

- the OpenTaal Dutch word list (Debian package wdutch), (c) 1996 Nederlandstalige Tex
  Gebruikersgroep, (c) 2001-2005 Simon Brouwer e.a., (c) 2006-2010 OpenTaal; used under the
  Creative Commons Attribution 3.0 license (https://creativecommons.org/licenses/by/3.0/);
- the Dutch lemma tables of spacy-lookups-data 1.0.5, Copyright (c) 2019 ExplosionAI GmbH,
  under the MIT License: Permission is hereby granted, free of charge, to any person obtaining
  a copy of this software and associated documentation files (the "Software"), to deal in the
  Software without restriction, including without limitation the rights to use, copy, modify,
  merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit
  persons to whom the Software is furnished to do so, subject to the following conditions: The
  above copyright notice and this permission notice shall be included in all copies or
  substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF
  ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
  FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
  COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
  CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE
  USE OR OTHER DEALINGS IN THE SOFTWARE.
"""
TRAIN_FILES = (
    "nl-ud-train-recent.conllu",
    "nl-ud-train-older-xpos.conllu",
    "nl-ud-train-older-noxpos.conllu",
)
DEV_FILE = "nl-ud-dev.conllu"


def spoken_sentences(spoken: Path) -> list[treebank.Sentence]:
    """The spoken-Dutch training utterances (``*train*.conllu`` in ``spoken``)."""
    paths = sorted(spoken.glob("*train*.conllu"))
    return [sent for path in paths for sent in treebank.read_conllu(path)]


def turn_size(rep: int) -> int:
    """Utterances per document in repetition ``rep`` of the spoken set: 1, 3, 5, 7, 1, ..."""
    return (rep % 4) * 2 + 1


def convert(
    data: Path,
    work: Path,
    spoken: Path | None,
    asr_fraction: float,
    lower_fraction: float,
    spoken_repeat: int,
    seed: int,
    relabel_older: bool = True,
    recent_repeat: int = 1,
) -> None:
    """Write ``train.spacy`` and ``dev.spacy`` (dev = clean + ASR-style copy) to ``work``.

    ``relabel_older`` brings the older files to today's conventions (``relabel.py``: ``obl``/
    ``obj`` to ``obl:arg``/``expl:pv``, retagged lemmas, sentences with a contradicting
    auxiliary/head analysis left out); ``recent_repeat`` adds extra copies (grouped
    differently) of the current-annotation file.
    """
    nlp = spacy.blank("nl")
    train_docs = []
    all_train: list[treebank.Sentence] = []
    recent = treebank.read_conllu(data / TRAIN_FILES[0])
    for name in TRAIN_FILES:
        sents = recent if name == TRAIN_FILES[0] else treebank.read_conllu(data / name)
        if relabel_older and name != TRAIN_FILES[0]:
            sents, changed = relabel.harmonise(sents, recent)
            logger.info("%s: relabelled %s", name, dict(changed))
        all_train.extend(sents)
        train_docs.extend(treebank.docs_from_sentences(nlp.vocab, sents, size=10))
        logger.info("%s: %d sentences", name, len(sents))
    for rep in range(1, recent_repeat):
        train_docs.extend(treebank.docs_from_sentences(nlp.vocab, recent, size=10 - 3 * (rep % 3)))
        logger.info("extra copy %d of %s", rep, TRAIN_FILES[0])
    if spoken is not None:
        spoken_sents = spoken_sentences(spoken)
        logger.info("spoken-Dutch training sentences: %d (x%d)", len(spoken_sents), spoken_repeat)
        for rep in range(spoken_repeat):
            # Different groupings per repetition: documents of 1..8 turns.
            size = turn_size(rep)
            train_docs.extend(treebank.docs_from_sentences(nlp.vocab, spoken_sents, size=size))
            train_docs.extend(
                treebank.docs_from_sentences(nlp.vocab, spoken_sents, size=size + 4, mode="asr")
            )
    # Augmentation: lowercased + unpunctuated copies and lowercased copies of part of the data.
    if asr_fraction > 0:
        asr_part = treebank.sample(all_train, asr_fraction, seed)
        train_docs.extend(treebank.docs_from_sentences(nlp.vocab, asr_part, size=10, mode="asr"))
        logger.info("ASR-style copies: %d sentences", len(asr_part))
    if lower_fraction > 0:
        low_part = treebank.sample(all_train, lower_fraction, seed + 1)
        train_docs.extend(treebank.docs_from_sentences(nlp.vocab, low_part, size=10, mode="lower"))
        logger.info("lowercased copies: %d sentences", len(low_part))
    DocBin(docs=train_docs, store_user_data=False).to_disk(work / "train.spacy")
    dev = treebank.read_conllu(data / DEV_FILE)
    dev_docs = treebank.docs_from_sentences(nlp.vocab, dev, size=10)
    dev_docs += treebank.docs_from_sentences(nlp.vocab, dev, size=10, mode="asr")
    DocBin(docs=dev_docs).to_disk(work / "dev.spacy")
    logger.info("wrote %d training docs, %d dev docs to %s", len(train_docs), len(dev_docs), work)


def convert_senter(data: Path, work: Path, spoken: Path | None, spoken_repeat: int) -> None:
    """Write ``senter-train.spacy`` / ``senter-dev.spacy``: ASR-style text only.

    The sentence segmenter is used only for text without sentence-final punctuation (see
    ``analysis.nlp``), so it learns from lowercased, unpunctuated copies: every training
    sentence four times (documents of 1, 2, 4 and 10 sentences: it must learn where *not* to
    split as much as where to split) and the spoken-Dutch set as turns of 1-7 utterances.
    """
    nlp = spacy.blank("nl")
    docs = []
    for name in TRAIN_FILES:
        sents = treebank.read_conllu(data / name)
        for size in (1, 2, 4, 10):
            docs.extend(treebank.docs_from_sentences(nlp.vocab, sents, size=size, mode="asr"))
    if spoken is not None:
        spoken_sents = spoken_sentences(spoken)
        for rep in range(spoken_repeat):
            turns = treebank.docs_from_sentences(
                nlp.vocab, spoken_sents, size=turn_size(rep), mode="asr"
            )
            docs.extend(turns)
    DocBin(docs=docs, store_user_data=False).to_disk(work / "senter-train.spacy")
    dev = treebank.read_conllu(data / DEV_FILE)
    # Dev: one sentence per document (must not split) and ten (must split).
    dev_docs = treebank.docs_from_sentences(nlp.vocab, dev, size=1, mode="asr")
    dev_docs += treebank.docs_from_sentences(nlp.vocab, dev, size=10, mode="asr")
    DocBin(docs=dev_docs).to_disk(work / "senter-dev.spacy")
    logger.info("senter: wrote %d training docs, %d dev docs to %s", len(docs), len(dev_docs), work)


def build_word_classes(work: Path, wordlist: Path) -> Path:
    """Write the word-class table (``models/word_classes.py``) to ``work`` once."""
    path = work / WORD_CLASSES
    if not path.exists():
        if not wordlist.exists():
            raise SystemExit(
                f"word list {wordlist} not found: install it with `apt-get install wdutch` "
                "(the OpenTaal list) or pass --wordlist <file with one Dutch word per line>"
            )
        keys, values, names = word_classes.build(wordlist)
        word_classes.write(path, keys, values, names)
        logger.info("word classes: %d forms, %d classes -> %s", len(keys), len(names), path)
    return path


def train(config: Path, work: Path, overrides: dict[str, object], prefix: str = "") -> Path:
    """Run ``spacy train``; return the path of the best model.

    ``prefix`` selects the data and output folder: "" for the main pipeline, "senter-" for
    the sentence segmenter.
    """
    from spacy.cli.train import train as spacy_train

    output = work / f"{prefix}training"
    all_overrides: dict[str, object] = {
        "paths.train": str(work / f"{prefix}train.spacy"),
        "paths.dev": str(work / f"{prefix}dev.spacy"),
    }
    all_overrides.update(overrides)
    spacy_train(config, output, use_gpu=-1, overrides=all_overrides)
    return output / "model-best"


def assemble(model: Path, out: Path, data: Path, senter: Path | None = None) -> None:
    """Add spoken-Dutch rules, the sentence segmenter for unpunctuated text (``senter``,
    shipped disabled: ``analysis.nlp`` calls it only for text without terminal punctuation),
    metadata and license to the trained pipeline; save to ``out``."""
    nlp = spacy.load(model)
    if senter is not None:
        senter_nlp = spacy.load(senter)
        nlp.add_pipe("senter", source=senter_nlp, before="parser")
        nlp.disable_pipe("senter")
    spoken_rules.add_tokenizer_exceptions(nlp)
    spoken_rules.add_attribute_ruler(nlp)
    nlp.meta.update(
        {
            "name": "gesprek",
            "version": "0.1.0",
            "description": (
                "Dutch pipeline for parent-teacher talk transcripts (Gesprekscoach): "
                "tokenizer with spoken-Dutch exceptions, tagger (CGN XPOS), morphologizer "
                "(UPOS+FEATS), trainable lemmatizer, dependency parser, attribute_ruler, "
                "sentence segmenter for unpunctuated text (disabled; see analysis.nlp). "
                "CNN tok2vec with word classes from Dutch word lists, no word vectors."
            ),
            "license": "CC BY-SA 4.0",
            "author": "Gesprekscoach developers",
            "sources": [
                {
                    "name": "UD Dutch Alpino",
                    "url": "https://github.com/UniversalDependencies/UD_Dutch-Alpino",
                    "license": "CC BY-SA 4.0",
                    "author": "Bouma & van Noord 2017; van der Beek et al. 2002",
                },
                {
                    "name": "UD Dutch LassySmall",
                    "url": "https://github.com/UniversalDependencies/UD_Dutch-LassySmall",
                    "license": "CC BY-SA 4.0",
                    "author": "van Noord et al. 2013",
                },
                {
                    "name": "OpenTaal word list (word-class table)",
                    "url": "https://www.opentaal.org",
                    "license": "CC BY 3.0 / BSD",
                },
                {
                    "name": "spacy-lookups-data 1.0.5, Dutch lemma tables (word-class table)",
                    "url": "https://github.com/explosion/spacy-lookups-data",
                    "license": "MIT",
                },
                {
                    "name": "Gesprekscoach spoken-Dutch set (models/spoken)",
                    "license": "CC BY-SA 4.0",
                    "author": "Gesprekscoach developers",
                },
            ],
        }
    )
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    # The shipped config must not refer to training-only paths or callbacks.
    config = Config().from_disk(out / "config.cfg", interpolate=False)
    for key in ("train", "dev", "source", "word_classes"):
        if key in config["paths"]:
            config["paths"][key] = None
    config["initialize"]["before_init"] = None
    config["initialize"]["after_init"] = None
    # The word-class table is stored in the trained tok2vec; no file is needed at load time.
    embed = config["components"]["tok2vec"]["model"]["embed"]
    has_word_classes = "classes" in embed
    if has_word_classes:
        embed["classes"] = None
    config.to_disk(out / "config.cfg")
    license_text = (
        "This pipeline is a derived work of the Universal Dependencies treebanks\n"
        "UD_Dutch-Alpino (Bouma & van Noord 2017; van der Beek et al. 2002) and\n"
        "UD_Dutch-LassySmall (van Noord et al. 2013), and is distributed under the\n"
        "Creative Commons Attribution-ShareAlike 4.0 International license (CC BY-SA 4.0):\n"
        "https://creativecommons.org/licenses/by-sa/4.0/\n"
    )
    if has_word_classes:
        license_text += WORD_CLASS_NOTICE
    (out / "LICENSE").write_text(license_text, encoding="utf-8")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    logger.info("pipeline written to %s (%.1f MB)", out, size / 1e6)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with the UD conllu files")
    parser.add_argument("--out", type=Path, default=NLP_MODEL)
    parser.add_argument("--work", type=Path, default=Path("/tmp/nl_gesprek_work"))
    parser.add_argument("--config", type=Path, default=HERE / "config.cfg")
    parser.add_argument("--senter-config", type=Path, default=HERE / "config_senter.cfg")
    parser.add_argument("--spoken", type=Path, default=HERE / "spoken")
    parser.add_argument("--no-spoken", action="store_true", help="leave out models/spoken")
    parser.add_argument("--asr-fraction", type=float, default=0.4)
    parser.add_argument("--lower-fraction", type=float, default=0.1)
    parser.add_argument("--spoken-repeat", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--no-relabel", action="store_true", help="keep the older files' obl/obj labels as is"
    )
    parser.add_argument(
        "--recent-repeat", type=int, default=3, help="copies of the current-annotation file"
    )
    parser.add_argument(
        "--wordlist",
        type=Path,
        default=word_classes.DEFAULT_WORDLIST,
        help="OpenTaal word list for the word-class table (Debian package wdutch)",
    )
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--stages", default="convert,train,assemble")
    parser.add_argument(
        "--trained", type=Path, default=None, help="model to assemble (default: model-best)"
    )
    parser.add_argument(
        "--senter",
        type=Path,
        default=None,
        help="trained senter pipeline to add (e.g. <work>/senter-training/model-last)",
    )
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="config override"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stages = set(args.stages.split(","))
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    spoken = None if args.no_spoken or not args.spoken.exists() else args.spoken
    if "convert" in stages:
        convert(
            args.data,
            args.work,
            spoken,
            args.asr_fraction,
            args.lower_fraction,
            args.spoken_repeat,
            args.seed,
            relabel_older=not args.no_relabel,
            recent_repeat=args.recent_repeat,
        )
    best = args.work / "training" / "model-best"
    overrides: dict[str, object] = {}
    if args.max_steps is not None:
        overrides["training.max_steps"] = args.max_steps
    for item in args.set:
        key, value = item.split("=", 1)
        overrides[key] = json.loads(value) if value[:1] in '0123456789[{-tfn"' else value
    if "train" in stages:
        classes = build_word_classes(args.work, args.wordlist)
        best = train(args.config, args.work, {"paths.word_classes": str(classes), **overrides})
    if "convert-senter" in stages:
        convert_senter(args.data, args.work, spoken, args.spoken_repeat)
    if "train-senter" in stages:
        train(args.senter_config, args.work, overrides, prefix="senter-")
    if "assemble" in stages:
        assemble(args.trained or best, args.out, args.data, args.senter)
    logger.info("done in %.1f min", (time.monotonic() - started) / 60)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
