"""CoNLL-U reading and conversion to spaCy ``Doc`` objects.

Shared by :mod:`models.train`, :mod:`models.evaluate`, :mod:`models.relabel` and
:mod:`models.spoken_annotate` (named ``treebank`` so it never shadows the PyPI package
``conllu``). Besides a plain conversion it can make "ASR-style" copies of documents:
lowercased, punctuation removed (the dependency tree is repaired by attaching the children of a
removed token to its nearest kept ancestor).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

# First field of a valid CGN/Lassy XPOS tag; older files carry a few tags of an older tag set
# ("Pron|bez|...", "Adv_Adv"), which are treated as missing.
CGN_TAG_HEADS = frozenset(
    {"N", "WW", "VNW", "LID", "ADJ", "BW", "VZ", "VG", "TW", "LET", "SPEC", "TSW"}
)


@dataclass
class Token:
    """One syntactic word of a CoNLL-U sentence."""

    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int  # 1-based index in the sentence, 0 = root
    deprel: str
    space_after: bool = True


@dataclass
class Sentence:
    """A CoNLL-U sentence: its tokens and comment lines."""

    tokens: list[Token] = field(default_factory=list)
    sent_id: str = ""
    text: str = ""


def _clean(value: str) -> str:
    return "" if value == "_" else value


def read_conllu(path: Path) -> list[Sentence]:
    """Read a CoNLL-U file, skipping multiword-token lines and empty nodes."""
    sentences: list[Sentence] = []
    current = Sentence()
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if not line.strip():
                if current.tokens:
                    sentences.append(current)
                current = Sentence()
                continue
            if line.startswith("#"):
                if line.startswith("# sent_id ="):
                    current.sent_id = line.split("=", 1)[1].strip()
                elif line.startswith("# text ="):
                    current.text = line.split("=", 1)[1].strip()
                continue
            cols = line.split("\t")
            if len(cols) != 10 or "-" in cols[0] or "." in cols[0]:
                continue
            xpos = _clean(cols[4])
            if xpos and xpos.split("|", 1)[0] not in CGN_TAG_HEADS:
                xpos = ""
            current.tokens.append(
                Token(
                    form=cols[1],
                    lemma=_clean(cols[2]) if cols[1] != "_" else cols[2],
                    upos=_clean(cols[3]),
                    xpos=xpos,
                    feats=_clean(cols[5]),
                    head=int(cols[6]) if cols[6] != "_" else 0,
                    deprel=_clean(cols[7]),
                    space_after="SpaceAfter=No" not in cols[9],
                )
            )
    if current.tokens:
        sentences.append(current)
    return sentences


def write_conllu(sentences: Iterable[Sentence], path: Path) -> None:
    """Write sentences as CoNLL-U (used for the hand-corrected spoken-Dutch set)."""
    lines: list[str] = []
    for sent in sentences:
        if sent.sent_id:
            lines.append(f"# sent_id = {sent.sent_id}")
        text = (
            sent.text
            or "".join(t.form + (" " if t.space_after else "") for t in sent.tokens).strip()
        )
        lines.append(f"# text = {text}")
        for i, tok in enumerate(sent.tokens, start=1):
            misc = "_" if tok.space_after or i == len(sent.tokens) else "SpaceAfter=No"
            lines.append(
                "\t".join(
                    [
                        str(i),
                        tok.form,
                        tok.lemma or "_",
                        tok.upos or "_",
                        tok.xpos or "_",
                        tok.feats or "_",
                        str(tok.head) if tok.deprel else "_",
                        tok.deprel or "_",
                        "_",
                        misc,
                    ]
                )
            )
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def asr_sentence(sent: Sentence) -> Sentence:
    """Return a lowercased copy without punctuation tokens, with a repaired tree.

    Gold lemmas are lowercased too: casing cannot be recovered from ASR-style text.
    """
    toks = sent.tokens
    keep = [t.upos != "PUNCT" for t in toks]
    if not any(keep):
        return replace(sent, tokens=[])
    # New root if the root itself is removed: its first kept dependent.
    heads = [t.head for t in toks]
    deprels = [t.deprel for t in toks]
    root_idx = next((i for i, t in enumerate(toks) if t.head == 0), None)
    if root_idx is not None and not keep[root_idx]:
        new_root = next(
            (i for i, t in enumerate(toks) if keep[i] and t.head == root_idx + 1),
            next(i for i in range(len(toks)) if keep[i]),
        )
        heads[new_root] = 0
        deprels[new_root] = "root"
        for i in range(len(toks)):
            if i != new_root and heads[i] == root_idx + 1:
                heads[i] = new_root + 1
        heads[root_idx] = new_root + 1

    def kept_ancestor(i: int) -> int:
        seen = 0
        h = heads[i]
        while h != 0 and not keep[h - 1] and seen < len(toks):
            h = heads[h - 1]
            seen += 1
        return h if seen < len(toks) else 0

    new_index = {}
    for i in range(len(toks)):
        if keep[i]:
            new_index[i + 1] = len(new_index) + 1
    out: list[Token] = []
    for i, tok in enumerate(toks):
        if not keep[i]:
            continue
        h = kept_ancestor(i)
        out.append(
            replace(
                tok,
                form=tok.form.lower(),
                lemma=tok.lemma.lower(),
                head=new_index.get(h, 0) if h else 0,
                deprel=deprels[i],
                space_after=True,
            )
        )
    # Guarantee exactly one root.
    roots = [j for j, t in enumerate(out) if t.head == 0]
    for j in roots[1:]:
        out[j].head = roots[0] + 1
        if out[j].deprel == "root":
            out[j].deprel = "parataxis"
    text = " ".join(t.form for t in out)
    return Sentence(tokens=out, sent_id=sent.sent_id, text=text)


def lower_sentence(sent: Sentence) -> Sentence:
    """Return a lowercased copy (punctuation kept)."""
    toks = [replace(t, form=t.form.lower(), lemma=t.lemma.lower()) for t in sent.tokens]
    return Sentence(tokens=toks, sent_id=sent.sent_id, text=sent.text.lower())


def sentences_to_doc(vocab: Vocab, sentences: list[Sentence]) -> Doc:
    """Build one annotated ``Doc`` from consecutive sentences."""
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    pos: list[str] = []
    morphs: list[str] = []
    lemmas: list[str] = []
    heads: list[int | None] = []
    deps: list[str] = []
    for sent in sentences:
        offset = len(words)
        n = len(sent.tokens)
        for i, tok in enumerate(sent.tokens):
            words.append(tok.form)
            # A sentence always ends with whitespace so that sentences never glue together.
            spaces.append(tok.space_after or i == n - 1)
            tags.append(tok.xpos)
            pos.append(tok.upos)
            morphs.append(tok.feats)
            lemmas.append(tok.lemma)
            if not tok.deprel:  # missing dependency annotation
                heads.append(None)
                deps.append("")
                continue
            heads.append(offset + tok.head - 1 if tok.head > 0 else offset + i)
            deps.append("ROOT" if tok.deprel == "root" else tok.deprel)
    if spaces:
        spaces[-1] = False
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        tags=tags,
        pos=pos,
        morphs=morphs,
        lemmas=lemmas,
        heads=heads,
        deps=deps,
    )


def group(sentences: list[Sentence], size: int) -> Iterator[list[Sentence]]:
    """Consecutive groups of ``size`` sentences (like ``spacy convert -n``)."""
    for start in range(0, len(sentences), size):
        chunk = [s for s in sentences[start : start + size] if s.tokens]
        if chunk:
            yield chunk


def docs_from_sentences(
    vocab: Vocab, sentences: list[Sentence], size: int = 10, mode: str = "clean"
) -> list[Doc]:
    """Convert sentences to docs of ``size`` sentences; mode is clean, asr or lower."""
    if mode == "asr":
        sentences = [asr_sentence(s) for s in sentences]
    elif mode == "lower":
        sentences = [lower_sentence(s) for s in sentences]
    return [sentences_to_doc(vocab, chunk) for chunk in group(sentences, size)]


def sample(items: list[Sentence], fraction: float, seed: int) -> list[Sentence]:
    """A reproducible random subset that keeps runs of consecutive sentences together."""
    rng = random.Random(seed)
    runs = [items[i : i + 10] for i in range(0, len(items), 10)]
    chosen = [run for run in runs if rng.random() < fraction]
    return [s for run in chosen for s in run]
