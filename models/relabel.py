"""Bring the older UD Dutch training files to today's labels (``obl:arg``, ``expl:pv``, ``xcomp``).

The 2017-18 annotation of the older training files has no ``obl:arg`` (prepositional objects,
"wachten *op*", "denken *aan*") and no ``expl:pv`` (the "zich" of inherently reflexive verbs,
"zich zorgen maken"): it labels them ``obl`` and ``obj``. It also labels a verb's
te-infinitive complement ("probeert het *te begrijpen*") ``ccomp`` where today's annotation
mostly has ``xcomp``. Training on both vintages teaches the parser to contradict itself, and
the test uses today's labels.

The relabeller learns from the current annotation (``nl-ud-train-recent``) how often a
(verb lemma, preposition) pair is ``obl:arg`` rather than ``obl`` (a verb's "zich"
``expl:pv`` rather than ``obj``, a verb's te-infinitive ``xcomp`` rather than ``ccomp``),
backing off to the preposition alone (for ``obl``) and then to the overall majority, and
rewrites the older labels where the evidence says so. Heads are never changed.

``python -m models.relabel --data <ud-dutch>`` prints how well it predicts the current
annotation (2-fold cross-validation on the recent file) and how many older labels it changes.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from models import treebank

# Pronominal adverbs ("erover", "daarop", "waarmee") carry their preposition as a suffix.
PRONOMINAL_PREFIXES = ("hier", "daar", "waar", "er")
PREPOSITION_SUFFIX_FORMS = {"mee": "met", "toe": "tot", "van": "van"}


@dataclass(frozen=True)
class Relabeling:
    """Which older label may be today's ``new`` label, and which tokens qualify."""

    old: str
    new: str
    # Which dependents qualify: "argument" (any), "reflexive" ("zich"), "te_infinitive"
    # (a verb with the marker "te" and without "om", attached to a verb).
    kind: str = "argument"


RELABELINGS = (
    Relabeling(old="obl", new="obl:arg"),
    Relabeling(old="obj", new="expl:pv", kind="reflexive"),
    Relabeling(old="ccomp", new="xcomp", kind="te_infinitive"),
)


def _preposition(sent: treebank.Sentence, index: int) -> str:
    """The preposition of the token at 0-based ``index``: its ``case`` child or its suffix."""
    for child in sent.tokens:
        if child.head == index + 1 and child.deprel == "case":
            return child.lemma.lower()
    lemma = sent.tokens[index].lemma.lower()
    for prefix in PRONOMINAL_PREFIXES:
        if lemma.startswith(prefix) and len(lemma) > len(prefix) + 1:
            suffix = lemma[len(prefix) :]
            return PREPOSITION_SUFFIX_FORMS.get(suffix, suffix)
    return ""


def _is_reflexive(token: treebank.Token) -> bool:
    return "Reflex=Yes" in token.feats or token.form.lower() == "zich"


def _is_te_infinitive(sent: treebank.Sentence, index: int) -> bool:
    """A verb marked by "te" (not "om ... te"), whose head is a verb."""
    token = sent.tokens[index]
    if token.upos != "VERB" or not token.head or sent.tokens[token.head - 1].upos != "VERB":
        return False
    markers = {
        child.form.lower()
        for child in sent.tokens
        if child.head == index + 1 and child.deprel == "mark"
    }
    return "te" in markers and "om" not in markers


def _qualifies(sent: treebank.Sentence, index: int, rule: Relabeling) -> bool:
    if rule.kind == "reflexive":
        return _is_reflexive(sent.tokens[index])
    if rule.kind == "te_infinitive":
        return _is_te_infinitive(sent, index)
    return True


def _keys(sent: treebank.Sentence, index: int, rule: Relabeling) -> tuple[tuple[str, ...], ...]:
    """Back-off keys, most specific first."""
    token = sent.tokens[index]
    head = sent.tokens[token.head - 1].lemma.lower() if token.head else ""
    if rule.kind != "argument":
        return ((head,), ())
    prep = _preposition(sent, index)
    return ((head, prep), (prep,), ())


def _candidates(sent: treebank.Sentence, rule: Relabeling) -> Iterable[int]:
    for i, token in enumerate(sent.tokens):
        if token.deprel not in (rule.old, rule.new):
            continue
        if not _qualifies(sent, i, rule):
            continue
        yield i


@dataclass
class Model:
    """Counts of (new label, old label) per back-off key, for one relabeling."""

    rule: Relabeling
    counts: dict[tuple[str, ...], Counter[str]]

    def predict(self, sent: treebank.Sentence, index: int) -> str:
        for key in _keys(sent, index, self.rule):
            seen = self.counts.get(key)
            if seen:
                return self.rule.new if seen[self.rule.new] > seen[self.rule.old] else self.rule.old
        return self.rule.old


def fit(sentences: list[treebank.Sentence], rule: Relabeling) -> Model:
    """Count the current annotation's choices between ``rule.old`` and ``rule.new``."""
    counts: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for sent in sentences:
        for i in _candidates(sent, rule):
            for key in _keys(sent, i, rule):
                counts[key][sent.tokens[i].deprel] += 1
    return Model(rule=rule, counts=dict(counts))


def relabel(
    older: list[treebank.Sentence], recent: list[treebank.Sentence]
) -> tuple[list[treebank.Sentence], Counter[str]]:
    """Return ``older`` with labels rewritten to today's scheme, and the count of changes."""
    models = [fit(recent, rule) for rule in RELABELINGS]
    changed: Counter[str] = Counter()
    result: list[treebank.Sentence] = []
    for sent in older:
        tokens = list(sent.tokens)
        for model in models:
            for i in _candidates(sent, model.rule):
                if tokens[i].deprel != model.rule.old:
                    continue
                label = model.predict(sent, i)
                if label != tokens[i].deprel:
                    tokens[i] = replace(tokens[i], deprel=label)
                    changed[f"{model.rule.old}->{label}"] += 1
        result.append(replace(sent, tokens=tokens))
    return result, changed


# How a verb-like lemma is used: as an auxiliary, as a copula, or as the head of its clause.
AUX_DEPRELS = frozenset({"aux", "aux:pass"})
MIN_LEMMA_COUNT = 10  # lemmas seen fewer times in the current annotation are left alone
RARE_USAGE = 0.05  # a usage seen less often than this in the current annotation conflicts
DOMINANT_UPOS = 0.9  # a lemma whose current UPOS is this uniform may be retagged


def _usage(token: treebank.Token) -> str:
    if token.deprel in AUX_DEPRELS:
        return "aux"
    if token.deprel == "cop":
        return "cop"
    return "head"


@dataclass
class Conventions:
    """Per lemma, how the current annotation tags it and uses it (aux, cop or head)."""

    upos: dict[str, Counter[str]]
    usage: dict[str, Counter[str]]
    # Most common (XPOS, FEATS) per (lemma, UPOS), for retagged tokens.
    tags: dict[tuple[str, str], Counter[tuple[str, str]]]

    def conflicting_usage(self, token: treebank.Token) -> bool:
        """An auxiliary/copula vs. clause-head analysis the current annotation (almost)
        never gives this lemma, e.g. "willen"/"gaan"/"laten" as aux, "worden"/"blijven" as
        copula, "moeten" as head: the tree itself differs, so it cannot be relabelled."""
        seen = self.usage.get(token.lemma.lower())
        if not seen or sum(seen.values()) < MIN_LEMMA_COUNT:
            return False
        usage = _usage(token)
        if usage == "head" and seen.most_common(1)[0][0] == "head":
            return False
        return seen[usage] / sum(seen.values()) < RARE_USAGE

    def upos_for(self, token: treebank.Token) -> str:
        """The current annotation's UPOS where it is uniform and differs from an older tag
        it (almost) never uses for this lemma ("als" ADP -> SCONJ, "zowel" ADV -> CCONJ)."""
        seen = self.upos.get(token.lemma.lower())
        if not seen or token.upos in ("PUNCT", "SYM", "X"):
            return token.upos
        total = sum(seen.values())
        top, count = seen.most_common(1)[0]
        if total < MIN_LEMMA_COUNT or count / total < DOMINANT_UPOS:
            return token.upos
        if seen[token.upos] / total >= RARE_USAGE:
            return token.upos
        return top


def learn_conventions(recent: list[treebank.Sentence]) -> Conventions:
    """Count UPOS and aux/cop/head usage per lemma in the current annotation."""
    upos: dict[str, Counter[str]] = defaultdict(Counter)
    usage: dict[str, Counter[str]] = defaultdict(Counter)
    tags: dict[tuple[str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
    for sent in recent:
        for token in sent.tokens:
            lemma = token.lemma.lower()
            upos[lemma][token.upos] += 1
            tags[(lemma, token.upos)][(token.xpos, token.feats)] += 1
            if token.upos in ("AUX", "VERB"):
                usage[lemma][_usage(token)] += 1
    return Conventions(upos=dict(upos), usage=dict(usage), tags=dict(tags))


def harmonise(
    older: list[treebank.Sentence], recent: list[treebank.Sentence]
) -> tuple[list[treebank.Sentence], Counter[str]]:
    """Relabel ``older`` (see :func:`relabel`), retag lemmas whose UPOS convention changed,
    and leave out sentences whose auxiliary/head analysis contradicts today's."""
    relabelled, changed = relabel(older, recent)
    conventions = learn_conventions(recent)
    result: list[treebank.Sentence] = []
    for sent in relabelled:
        if any(t.upos in ("AUX", "VERB") and conventions.conflicting_usage(t) for t in sent.tokens):
            changed["sentences left out (aux/head analysis)"] += 1
            continue
        tokens = list(sent.tokens)
        for i, token in enumerate(tokens):
            upos = conventions.upos_for(token)
            if upos != token.upos:
                # XPOS and FEATS of the new tag as the current annotation has them (an empty
                # XPOS, as in the file without XPOS, stays empty).
                xpos, feats = conventions.tags[(token.lemma.lower(), upos)].most_common(1)[0][0]
                tokens[i] = replace(token, upos=upos, xpos=xpos if token.xpos else "", feats=feats)
                changed[f"{token.upos}->{upos}"] += 1
        result.append(replace(sent, tokens=tokens))
    return result, changed


def cross_validate(recent: list[treebank.Sentence], rule: Relabeling) -> tuple[float, float, int]:
    """2-fold accuracy of the relabeller on the current annotation, vs. keeping ``rule.old``."""
    folds = (recent[0::2], recent[1::2])
    right = baseline = total = 0
    for k in (0, 1):
        model = fit(folds[k], rule)
        for sent in folds[1 - k]:
            for i in _candidates(sent, rule):
                gold = sent.tokens[i].deprel
                right += model.predict(sent, i) == gold
                baseline += gold == rule.old
                total += 1
    return right / total, baseline / total, total


def main(argv: list[str] | None = None) -> int:
    """Print cross-validated accuracy and the number of relabelled older tokens."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with the UD conllu files")
    args = parser.parse_args(argv)
    recent = treebank.read_conllu(args.data / "nl-ud-train-recent.conllu")
    for rule in RELABELINGS:
        acc, base, n = cross_validate(recent, rule)
        print(
            f"{rule.old} vs {rule.new}: 2-fold accuracy {acc:.3f} "
            f"(keep '{rule.old}': {base:.3f}, n={n})"
        )
    for name in ("nl-ud-train-older-xpos.conllu", "nl-ud-train-older-noxpos.conllu"):
        older = treebank.read_conllu(args.data / name)
        kept, changed = harmonise(older, recent)
        print(f"{name}: {len(kept)} of {len(older)} sentences kept; {dict(changed)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
