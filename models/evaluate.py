"""Benchmark the nl_gesprek pipeline (prints numbers; not a test).

    python -m models.evaluate --data /work/shared/data/ud-dutch

Scores on the held-out UD_Dutch-Alpino test file, clean and as an "ASR-style" copy made on the
fly (lowercased, punctuation tokens removed, tree repaired; gold lemmas lowercased), plus the
held-out part of our spoken-Dutch set, speed on one core and size on disk. With
``--compare-lemmatizers`` it also scores spaCy's rule/lookup lemmatizer (spacy-lookups-data)
on top of the pipeline's POS tags instead of the trainable lemmatizer.
Sentences are grouped into documents of ``--group`` sentences (like ``spacy convert -n 10``)
so that sentence segmentation is scored.
"""

from __future__ import annotations

import os

# One core for the speed measurement (must be set before numpy is imported).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import json
import logging
import time
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.training import Example

from analysis.assets import NLP_MODEL
from analysis.nlp import PUNCT_SENTENCES, load_pipeline
from models import treebank

HERE = Path(__file__).resolve().parent

logger = logging.getLogger("models.evaluate")

TEST_FILE = "nl_alpino-ud-test.conllu"
KEYS = {
    "POS": "pos_acc",
    "TAG": "tag_acc",
    "MORPH": "morph_acc",
    "LEMMA": "lemma_acc",
    "UAS": "dep_uas",
    "LAS": "dep_las",
    "SENT_F": "sents_f",
}


def score(nlp: Language, sentences: list[treebank.Sentence], group: int, mode: str) -> dict:
    """Evaluate ``nlp`` on the sentences converted with ``mode`` (clean or asr)."""
    refs = treebank.docs_from_sentences(nlp.vocab, sentences, size=group, mode=mode)
    examples = [Example(nlp.make_doc(ref.text), ref) for ref in refs]
    scores = nlp.evaluate(examples)
    return {name: scores.get(key) for name, key in KEYS.items()}


def words_per_second(
    nlp: Language, sentences: list[treebank.Sentence], repeats: int = 2, mode: str = "clean"
) -> tuple[float, float]:
    """Throughput of ``nlp.pipe`` on the test texts (one per sentence; ``mode`` clean or asr),
    one thread: (per wall-clock second, per CPU second). The CPU-time figure is robust to
    other jobs on the machine."""
    if mode == "asr":
        sentences = [treebank.asr_sentence(s) for s in sentences]
    texts = [
        "".join(t.form + (" " if t.space_after else "") for t in s.tokens).strip()
        for s in sentences
    ]
    list(nlp.pipe(texts[:50]))
    n_words = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    for _ in range(repeats):
        for doc in nlp.pipe(texts, batch_size=256):
            n_words += len(doc)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    return n_words / wall, n_words / cpu


def size_mb(path: Path) -> float:
    """Size of a folder on disk in MB."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def rule_lemmatizer_pipeline(model: Path, mode: str) -> Language:
    """The pipeline with spaCy's Dutch lookup/rule lemmatizer instead of the trainable one."""
    nlp = spacy.load(model)
    nlp.add_pipe(PUNCT_SENTENCES, before="parser")
    if "trainable_lemmatizer" in nlp.pipe_names:
        nlp.remove_pipe("trainable_lemmatizer")
    before = "attribute_ruler" if "attribute_ruler" in nlp.pipe_names else None
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": mode}, before=before)
    lemmatizer.initialize()  # type: ignore[attr-defined]
    return nlp


def fmt(value: float | None) -> str:
    """Format a score in [0, 1]."""
    return "  -  " if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=NLP_MODEL)
    parser.add_argument("--data", type=Path, required=True, help="folder with the UD files")
    parser.add_argument("--spoken-test", type=Path, default=HERE / "spoken" / "spoken-test.conllu")
    parser.add_argument("--group", type=int, default=10, help="sentences per document")
    parser.add_argument("--test-file", default=TEST_FILE)
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument(
        "--bare", action="store_true", help="spacy.load only, without the punctuation rule"
    )
    parser.add_argument("--compare-lemmatizers", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="also write the scores here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    # The pipeline as the app gets it (analysis.nlp adds the punctuation sentence rule).
    nlp = spacy.load(args.model) if args.bare else load_pipeline(args.model)
    test = treebank.read_conllu(args.data / args.test_file)
    results: dict[str, dict] = {
        "alpino-test clean": score(nlp, test, args.group, "clean"),
        "alpino-test ASR-style": score(nlp, test, args.group, "asr"),
    }
    parser_only = None
    if not args.bare and "senter" in nlp.component_names:
        # The same without the senter: sentence boundaries of unpunctuated text from the parser.
        parser_only = spacy.load(args.model)
        parser_only.remove_pipe("senter")
        parser_only.add_pipe(PUNCT_SENTENCES, before="parser")
        results["alpino-test ASR-style, no senter"] = score(parser_only, test, args.group, "asr")
    if args.spoken_test.exists():
        spoken = treebank.read_conllu(args.spoken_test)
        results["spoken held-out clean"] = score(nlp, spoken, 5, "clean")
        results["spoken held-out ASR-style"] = score(nlp, spoken, 5, "asr")
        if parser_only is not None:
            results["spoken held-out ASR-style, no senter"] = score(parser_only, spoken, 5, "asr")
    if args.compare_lemmatizers:
        for mode in ("rule", "lookup"):
            alt = rule_lemmatizer_pipeline(args.model, mode)
            results[f"alpino-test clean, {mode} lemmatizer"] = score(alt, test, args.group, "clean")
            results[f"alpino-test ASR, {mode} lemmatizer"] = score(alt, test, args.group, "asr")

    header = f"{'set':40s} " + " ".join(f"{k:>6s}" for k in KEYS)
    print(f"model: {args.model}  ({size_mb(args.model):.1f} MB on disk)")
    print(header)
    for name, scores in results.items():
        print(f"{name:40s} " + " ".join(f"{fmt(scores[k]):>6s}" for k in KEYS))
    extra: dict[str, float] = {"size_mb": size_mb(args.model)}
    if not args.no_speed:
        wps, cpu_wps = words_per_second(nlp, test)
        extra["words_per_second_wall"] = wps
        extra["words_per_cpu_second"] = cpu_wps
        print(
            f"speed (one thread, nlp.pipe, batch 256, clean test text): {wps:,.0f} words/s "
            f"wall clock, {cpu_wps:,.0f} words per CPU second"
        )
        wps, cpu_wps = words_per_second(nlp, test, mode="asr")
        extra["asr_words_per_second_wall"] = wps
        extra["asr_words_per_cpu_second"] = cpu_wps
        print(
            f"speed on ASR-style text (senter runs too): {wps:,.0f} words/s wall clock, "
            f"{cpu_wps:,.0f} words per CPU second"
        )
    if args.json:
        args.json.write_text(json.dumps({"scores": results, **extra}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
