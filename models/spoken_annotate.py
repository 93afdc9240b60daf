"""Bootstrap annotation of the spoken-Dutch sentences (models/spoken/sentences.txt).

Runs an intermediate pipeline over our own sentences, corrects the known weak spots with rules
(1st/2nd-person present verbs, interjections, "'s ochtends"), and writes
``models/spoken/spoken-train.conllu`` and ``models/spoken/spoken-test.conllu`` (every 5th
sentence held out). The .conllu files were then checked and corrected by hand; they are the
source of truth, so this script refuses to overwrite them unless ``--force`` is given.

    python -m models.spoken_annotate --model analysis/assets/nl_gesprek \
        --data /work/shared/data/ud-dutch
"""

from __future__ import annotations

import argparse
import logging
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import Doc, Token

from models import spoken_rules, treebank

HERE = Path(__file__).resolve().parent

logger = logging.getLogger("models.spoken_annotate")

SUBJECT_PRONOUNS = {"ik", "je", "jij", "u", "we", "wij", "jullie", "'k"}
AUX_LEMMAS = {"zijn", "hebben", "worden", "kunnen", "moeten", "mogen", "willen", "zullen", "gaan"}
# Entries the treebank lexicon lacks: (form, UPOS) -> (lemma, XPOS, FEATS).
MANUAL_LEXICON: dict[tuple[str, str], tuple[str, str, str]] = {
    ("bel", "VERB"): ("bellen", "WW|pv|tgw|ev", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("moe", "ADJ"): ("moe", "ADJ|vrij|basis|zonder", "Degree=Pos"),
    ("zat", "ADJ"): ("zat", "ADJ|vrij|basis|zonder", "Degree=Pos"),
    ("jullie", "PRON"): ("jullie", "", "Case=Nom|Number=Plur|Person=2|PronType=Prs"),
    ("fleur", "PROPN"): ("Fleur", "N|eigen|ev|basis|onz|stan", "Gender=Neut|Number=Sing"),
    ("toetsen", "NOUN"): ("toets", "N|soort|mv|basis", "Number=Plur"),
    ("koffie", "NOUN"): ("koffie", "N|soort|ev|basis|zijd|stan", "Gender=Com|Number=Sing"),
    ("vinger", "NOUN"): ("vinger", "N|soort|ev|basis|zijd|stan", "Gender=Com|Number=Sing"),
    ("opa", "NOUN"): ("opa", "N|soort|ev|basis|zijd|stan", "Gender=Com|Number=Sing"),
    ("oma", "NOUN"): ("oma", "N|soort|ev|basis|zijd|stan", "Gender=Com|Number=Sing"),
    ("volgende", "ADJ"): ("volgend", "ADJ|prenom|basis|met-e|stan", "Degree=Pos"),
    ("benieuwd", "ADJ"): ("benieuwd", "ADJ|vrij|basis|zonder", "Degree=Pos"),
    ("luister", "VERB"): ("luisteren", "WW|pv|tgw|ev", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("wilt", "VERB"): ("willen", "WW|pv|tgw|met-t", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("wilt", "AUX"): ("willen", "WW|pv|tgw|met-t", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("ervaart", "VERB"): ("ervaren", "WW|pv|tgw|met-t", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("leest", "VERB"): ("lezen", "WW|pv|tgw|met-t", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("merkt", "VERB"): ("merken", "WW|pv|tgw|met-t", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("slaapt", "VERB"): ("slapen", "WW|pv|tgw|met-t", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("schrik", "VERB"): ("schrikken", "WW|pv|tgw|ev", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("snap", "VERB"): ("snappen", "WW|pv|tgw|ev", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("snapt", "VERB"): ("snappen", "WW|pv|tgw|met-t", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("dat", "PRON"): ("dat", "VNW|aanw|pron|stan|vol|3o|ev", "Person=3|PronType=Dem"),
    ("u", "PRON"): ("u", "VNW|pers|pron|nomin|vol|2b|getal", "Case=Nom|Person=2|PronType=Prs"),
    ("praat", "VERB"): ("praten", "WW|pv|tgw|met-t", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("merk", "VERB"): ("merken", "WW|pv|tgw|ev", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("ga", "VERB"): ("gaan", "WW|pv|tgw|ev", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("vergeet", "VERB"): ("vergeten", "WW|pv|tgw|met-t", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("mail", "VERB"): ("mailen", "WW|pv|tgw|ev", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("overleg", "VERB"): ("overleggen", "WW|pv|tgw|ev", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("gamet", "VERB"): ("gamen", "WW|pv|tgw|met-t", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("rekent", "VERB"): ("rekenen", "WW|pv|tgw|met-t", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("mist", "VERB"): ("missen", "WW|pv|tgw|met-t", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("schikt", "VERB"): ("schikken", "WW|pv|tgw|met-t", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("plan", "VERB"): ("plannen", "WW|pv|tgw|ev", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("ruimt", "VERB"): ("ruimen", "WW|pv|tgw|met-t", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("verhuisd", "VERB"): ("verhuizen", "WW|vd|vrij|zonder", "VerbForm=Part"),
    ("binnen", "ADV"): ("binnen", "BW", ""),
    ("waardeer", "VERB"): ("waarderen", "WW|pv|tgw|ev", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("durft", "VERB"): ("durven", "WW|pv|tgw|met-t", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("bespreek", "VERB"): ("bespreken", "WW|pv|tgw|ev", "Number=Sing|Tense=Pres|VerbForm=Fin"),
    ("m'n", "PRON"): (
        "mijn",
        "VNW|bez|det|stan|red|1|ev|prenom|zonder|agr",
        "Person=1|Poss=Yes|PronType=Prs",
    ),
    ("z'n", "PRON"): (
        "zijn",
        "VNW|bez|det|stan|red|3|ev|prenom|zonder|agr",
        "Person=3|Poss=Yes|PronType=Prs",
    ),
    ("vriendinnen", "NOUN"): ("vriendin", "N|soort|mv|basis", "Number=Plur"),
    ("rekenen", "NOUN"): ("rekenen", "N|soort|ev|basis|onz|stan", "Gender=Neut|Number=Sing"),
    ("buiten", "ADV"): ("buiten", "BW", ""),
    ("vanavond", "ADV"): ("vanavond", "BW", ""),
    ("vanmiddag", "ADV"): ("vanmiddag", "BW", ""),
    ("af", "ADV"): ("af", "BW", ""),
    ("toe", "ADV"): ("toe", "BW", ""),
    ("mis", "ADV"): ("mis", "BW", ""),
    ("d'r", "PRON"): (
        "haar",
        "VNW|bez|det|stan|red|3|ev|prenom|zonder|agr",
        "Person=3|Poss=Yes|PronType=Prs",
    ),
    ("vaker", "ADJ"): ("vaak", "ADJ|vrij|comp|zonder", "Degree=Cmp"),
    ("knap", "ADJ"): ("knap", "ADJ|vrij|basis|zonder", "Degree=Pos"),
    ("best", "NOUN"): ("best", "N|soort|ev|basis|onz|stan", "Gender=Neut|Number=Sing"),
    ("bedankt", "ADJ"): ("bedankt", "ADJ|vrij|basis|zonder", "Degree=Pos"),
    ("zodra", "SCONJ"): ("zodra", "VG|onder", ""),
    ("sinds", "SCONJ"): ("sinds", "VG|onder", ""),
    ("ochtends", "NOUN"): ("ochtend", "N|soort|ev|basis|gen", "Number=Sing"),
    ("avonds", "NOUN"): ("avond", "N|soort|ev|basis|gen", "Number=Sing"),
    ("middags", "NOUN"): ("middag", "N|soort|ev|basis|gen", "Number=Sing"),
    ("nachts", "NOUN"): ("nacht", "N|soort|ev|basis|gen", "Number=Sing"),
    ("'s", "DET"): ("de", "LID|bep|gen|evmo", "Definite=Def|ExtPos=ADV"),
}
SPOKEN_POS_FIX = {"begrijp", "bel", "hoor", "zie", "merk", "snap", "denk", "weet", "vind"}


def verb_lexicon(data: Path) -> dict[str, tuple[str, str]]:
    """Map finite verb forms ("begrijpt", "wist") to (lemma, XPOS), from the treebanks."""
    lex: dict[str, tuple[str, str]] = {}
    for name in ("nl-ud-train-recent.conllu", "nl-ud-train-older-xpos.conllu"):
        for sent in treebank.read_conllu(data / name):
            for tok in sent.tokens:
                if tok.upos in {"VERB", "AUX"} and tok.xpos.startswith("WW|pv"):
                    lex.setdefault(tok.form.lower(), (tok.lemma, tok.xpos))
    return lex


def present_verb(form: str, lex: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """(lemma, XPOS) of a present form; a stem ("begrijp") is found via "begrijpt"."""
    low = form.lower()
    if low in lex:
        return lex[low]
    if low + "t" in lex:
        return lex[low + "t"][0], "WW|pv|tgw|ev"
    return None


def fix_u(tok: Token, changes: list[str]) -> None:
    """Polite "u": a pronoun, subject of an adjacent finite verb unless that has a subject."""
    if tok.pos_ != "PRON":
        changes.append(f"u:{tok.pos_}->PRON")
        tok.pos_ = "PRON"
        tok.tag_ = "VNW|pers|pron|nomin|vol|2b|getal"
        tok.set_morph("Case=Nom|Person=2|PronType=Prs")
        tok.lemma_ = "u"
    if tok.dep_ in {"nsubj", "obj", "iobj", "obl", "nsubj:pass", "expl"}:
        return
    doc = tok.doc
    neighbours = [doc[i] for i in (tok.i - 1, tok.i + 1) if 0 <= i < len(doc)]
    verb = next((t for t in neighbours if t.pos_ in {"VERB", "AUX"}), None)
    if verb is None:
        return
    clause = verb.head if verb.dep_ in {"aux", "cop", "aux:pass"} else verb
    has_subject = any(c.dep_.startswith("nsubj") and c.i != tok.i for c in clause.children)
    tok.head = clause
    tok.dep_ = "obj" if has_subject else "nsubj"
    changes.append(f"u:dep->{tok.dep_}")


def correct(doc: Doc, lex: dict[str, tuple[str, str]]) -> list[str]:
    """Fix known errors in place; return a description of the changes."""
    changes: list[str] = []
    for tok in doc:
        low = tok.lower_
        prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
        nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
        near_subject = prev in SUBJECT_PRONOUNS or nxt in SUBJECT_PRONOUNS
        if tok.i == 0 and doc[-1].text == "?":
            near_subject = True
        if low.endswith("en") and not ({prev, nxt} & {"we", "wij", "jullie"}):
            near_subject = False
        if low == "hoor" and (prev in {"ja", "nee", ","} or nxt in {",", ".", "!", ""}):
            near_subject = False
            tok.pos_, tok.tag_, tok.lemma_ = "INTJ", "TSW", "hoor"
            tok.set_morph("")
        verb = present_verb(tok.text, lex)
        if (
            tok.pos_ not in {"VERB", "AUX"}
            and verb
            and (near_subject or low in SPOKEN_POS_FIX)
            and tok.pos_ in {"NOUN", "ADJ", "PROPN", "ADV", "X", "ADP", "INTJ"}
        ):
            lemma, xpos = verb
            tok.pos_ = "AUX" if lemma in AUX_LEMMAS and tok.dep_ in {"aux", "cop"} else "VERB"
            tok.tag_ = xpos
            number = "Plur" if xpos.endswith("mv") else "Sing"
            tok.set_morph(f"Number={number}|Tense=Pres|VerbForm=Fin")
            tok.lemma_ = lemma
            changes.append(f"{tok.text}->VERB({lemma})")
        if low in spoken_rules.INTERJECTIONS and low not in {"nou", "dag"} and tok.pos_ != "INTJ":
            changes.append(f"{tok.text}:{tok.pos_}->INTJ")
            tok.pos_ = "INTJ"
            tok.tag_ = "TSW"
            tok.set_morph("")
            tok.lemma_ = low
        if low == "u":
            fix_u(tok, changes)
        if tok.pos_ == "INTJ" and tok.dep_ not in {"ROOT", "parataxis", "conj"}:
            if tok.head.i == tok.i or tok.head.pos_ == "INTJ":
                continue
            changes.append(f"{tok.text}:dep {tok.dep_}->parataxis")
            tok.dep_ = "parataxis"
        if low == "'s" and nxt in spoken_rules.TIME_GENITIVES:
            tok.head = doc[tok.i + 1]
            tok.dep_ = "det"
            tok.pos_ = "DET"
            tok.tag_ = "LID|bep|gen|evmo"
            tok.lemma_ = "de"
            tok.set_morph("Definite=Def")
    return changes


def word_lexicon(data: Path) -> dict[tuple[str, str], tuple[str, str, str]]:
    """Most frequent (lemma, XPOS, FEATS) per (lowercased form, UPOS) in the treebanks."""
    counts: dict[tuple[str, str], Counter[tuple[str, str, str]]] = {}
    for name in ("nl-ud-train-recent.conllu", "nl-ud-train-older-xpos.conllu"):
        for sent in treebank.read_conllu(data / name):
            for tok in sent.tokens:
                if tok.xpos:
                    key = (tok.form.lower(), tok.upos)
                    counts.setdefault(key, Counter())[(tok.lemma, tok.xpos, tok.feats)] += 1
    return {key: c.most_common(1)[0][0] for key, c in counts.items()}


def load_corrections(path: Path) -> dict[str, list[tuple[str, str, str, int]]]:
    """Hand corrections: ``<id> form/UPOS/deprel>head ...`` per line (``#`` = comment)."""
    out: dict[str, list[tuple[str, str, str, int]]] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        sid, *items = line.split()
        parsed = []
        for item in items:
            rest, head = item.rsplit(">", 1)
            form, upos, dep = rest.rsplit("/", 2)
            parsed.append((form, upos, dep, int(head)))
        out[sid] = parsed
    return out


def nonfinite_lexicon(data: Path) -> dict[str, tuple[str, str, str]]:
    """Most frequent non-finite analysis (lemma, XPOS, FEATS) per lowercased verb form."""
    counts: dict[str, Counter[tuple[str, str, str]]] = {}
    for name in ("nl-ud-train-recent.conllu", "nl-ud-train-older-xpos.conllu"):
        for sent in treebank.read_conllu(data / name):
            for tok in sent.tokens:
                if tok.upos in {"VERB", "AUX"} and tok.xpos and not tok.xpos.startswith("WW|pv"):
                    counts.setdefault(tok.form.lower(), Counter())[
                        (tok.lemma, tok.xpos, tok.feats)
                    ] += 1
    return {key: c.most_common(1)[0][0] for key, c in counts.items()}


def is_finite(sent: treebank.Sentence, i: int) -> bool:
    """Finite verb heuristic: an aux/cop, or a verb without auxiliaries that has a subject
    or is the first word of a question / main clause."""
    tok = sent.tokens[i]
    children = [t for t in sent.tokens if t.head == i + 1]
    if tok.deprel in {"aux", "cop", "aux:pass"}:
        return (
            not tok.form.lower().endswith(("en", "d"))
            or i == 0
            or any(t.deprel.startswith("nsubj") for t in sent.tokens if t.head == tok.head)
        )
    if any(c.deprel in {"aux", "cop", "aux:pass"} for c in children):
        return False
    if any(c.deprel.startswith("nsubj") or c.deprel == "expl" for c in children):
        return True
    return i == 0 and tok.deprel == "root"


def refill(
    sent: treebank.Sentence,
    words: dict[tuple[str, str], tuple[str, str, str]],
    verbs: dict[str, tuple[str, str]],
    nonfinite: dict[str, tuple[str, str, str]],
) -> None:
    """Recompute lemma/XPOS/FEATS from UPOS, the tree and the treebank lexicons."""
    for i, tok in enumerate(sent.tokens):
        low = tok.form.lower()
        key = (low, tok.upos)
        if key in MANUAL_LEXICON:
            tok.lemma, tok.xpos, tok.feats = MANUAL_LEXICON[key]
        elif tok.upos in {"VERB", "AUX"}:
            finite = is_finite(sent, i)
            verb = present_verb(tok.form, verbs) if finite else None
            if verb:
                tok.lemma, tok.xpos = verb
                number = "Plur" if tok.xpos.endswith("mv") else "Sing"
                tense = "Past" if "|verl|" in tok.xpos else "Pres"
                tok.feats = f"Number={number}|Tense={tense}|VerbForm=Fin"
            elif not finite and low in nonfinite:
                tok.lemma, tok.xpos, tok.feats = nonfinite[low]
            elif finite and low.endswith("en"):
                tok.lemma, tok.xpos = low, "WW|pv|tgw|mv"
                tok.feats = "Number=Plur|Tense=Pres|VerbForm=Fin"
            elif not finite and low.endswith("en"):
                tok.lemma, tok.xpos, tok.feats = low, "WW|inf|vrij|zonder", "VerbForm=Inf"
        elif tok.upos == "INTJ":
            tok.lemma, tok.xpos, tok.feats = low, "TSW", ""
        elif key in words:
            tok.lemma, tok.xpos, tok.feats = words[key]
        elif tok.upos == "ADJ":
            tok.lemma, tok.xpos, tok.feats = low, "ADJ|vrij|basis|zonder", "Degree=Pos"
        if tok.upos != "PROPN" and tok.lemma[:1].isupper() and not tok.form[:1].isupper():
            tok.lemma = tok.lemma.lower()
        if tok.upos != "PROPN" and tok.lemma[:1].isupper() and i == 0:
            tok.lemma = tok.lemma.lower()


def apply_correction(
    sent: treebank.Sentence,
    fix: list[tuple[str, str, str, int]],
    words: dict[tuple[str, str], tuple[str, str, str]],
    verbs: dict[str, tuple[str, str]],
) -> None:
    """Overwrite UPOS/deprel/head; refill lemma/XPOS/FEATS where the UPOS changed."""
    if [f[0] for f in fix] != [t.form for t in sent.tokens]:
        raise ValueError(f"correction for {sent.sent_id} does not match its tokens")
    for tok, (_form, upos, dep, head) in zip(sent.tokens, fix, strict=True):
        tok.deprel = dep
        tok.head = head
        if upos in {"VERB", "AUX"} and tok.lemma.lower() == tok.form.lower():
            verb = present_verb(tok.form, verbs)
            if verb and verb[0] != tok.lemma:
                tok.lemma = verb[0]
        if upos == tok.upos:
            continue
        tok.upos = upos
        low = tok.form.lower()
        verb = present_verb(tok.form, verbs) if upos in {"VERB", "AUX"} else None
        if (low, upos) in MANUAL_LEXICON:
            tok.lemma, tok.xpos, tok.feats = MANUAL_LEXICON[(low, upos)]
        elif (low, upos) in words:
            tok.lemma, tok.xpos, tok.feats = words[(low, upos)]
        elif verb:
            tok.lemma, tok.xpos = verb
            number = "Plur" if tok.xpos.endswith("mv") else "Sing"
            tok.feats = f"Number={number}|Tense=Pres|VerbForm=Fin"
        elif upos == "INTJ":
            tok.lemma, tok.xpos, tok.feats = low, "TSW", ""
        else:
            logger.warning("%s: no lexicon entry for %s/%s", sent.sent_id, tok.form, upos)


def doc_to_sentence(doc: Doc, sent_id: str) -> treebank.Sentence:
    """Convert a one-sentence doc to a CoNLL-U sentence."""
    tokens = []
    root = next((t for t in doc if t.dep_ == "ROOT"), doc[0])
    for tok in doc:
        is_root = tok.i == root.i
        head = 0 if is_root else (tok.head.i + 1 if tok.head.i != tok.i else root.i + 1)
        deprel = "root" if is_root else (tok.dep_ if tok.dep_ != "ROOT" else "parataxis")
        tokens.append(
            treebank.Token(
                form=tok.text,
                lemma=tok.lemma_,
                upos=tok.pos_,
                xpos=tok.tag_,
                feats=str(tok.morph),
                head=head,
                deprel=deprel,
                space_after=bool(tok.whitespace_),
            )
        )
    return treebank.Sentence(tokens=tokens, sent_id=sent_id, text=doc.text)


def label_inventory(data: Path) -> tuple[set[str], set[str], set[str]]:
    """XPOS tags, POS+FEATS combinations and deprels seen in the UD training files."""
    tags: set[str] = set()
    morphs: set[str] = set()
    deps: set[str] = set()
    for name in (
        "nl-ud-train-recent.conllu",
        "nl-ud-train-older-xpos.conllu",
        "nl-ud-train-older-noxpos.conllu",
    ):
        for sent in treebank.read_conllu(data / name):
            for tok in sent.tokens:
                tags.add(tok.xpos)
                morphs.add(f"{tok.upos}|{tok.feats}")
                deps.add(tok.deprel)
    return tags, morphs, deps


def fit_labels(
    sent: treebank.Sentence, inventory: tuple[set[str], set[str], set[str]]
) -> list[str]:
    """Keep the annotation inside the treebank label sets (so fine-tuning a trained pipeline
    sees no new labels): unknown XPOS -> missing, unknown POS+FEATS -> POS with its most
    common treebank features. Returns the changes."""
    tags, morphs, _deps = inventory
    changes = []
    for tok in sent.tokens:
        if tok.xpos and tok.xpos not in tags:
            changes.append(f"{tok.form}: XPOS {tok.xpos} -> missing")
            tok.xpos = ""
        if f"{tok.upos}|{tok.feats}" not in morphs:
            keep = [f for f in tok.feats.split("|") if f and f"{tok.upos}|{f}" in morphs]
            new = "|".join(keep) if f"{tok.upos}|{'|'.join(keep)}" in morphs else ""
            changes.append(f"{tok.form}: FEATS {tok.feats} -> {new or '_'}")
            tok.feats = new
    return changes


def checked_ids(corrections: dict[str, list[tuple[str, str, str, int]]]) -> set[str]:
    """Ids of hand-checked sentences, as written to the .conllu files."""
    return {f"{sid}-checked" for sid in corrections}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--spoken", type=Path, default=HERE / "spoken")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    train_out = args.spoken / "spoken-train.conllu"
    test_out = args.spoken / "spoken-test.conllu"
    if (train_out.exists() or test_out.exists()) and not args.force:
        logger.error("%s exists (hand-corrected); use --force to overwrite", train_out)
        return 1
    lines = [
        line.strip()
        for line in (args.spoken / "sentences.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    nlp = spacy.load(args.model)
    spoken_rules.add_tokenizer_exceptions(nlp)
    lex = verb_lexicon(args.data)
    words = word_lexicon(args.data)
    corrections = load_corrections(args.spoken / "corrections.txt")
    nonfinite = nonfinite_lexicon(args.data)
    inventory = label_inventory(args.data)
    train: list[treebank.Sentence] = []
    test: list[treebank.Sentence] = []
    for n, (line, doc) in enumerate(zip(lines, nlp.pipe(lines), strict=True), start=1):
        changes = correct(doc, lex)
        if changes:
            logger.info("%d %s  %s", n, line, "; ".join(changes))
        sent = doc_to_sentence(doc, f"gesprek-{n:04d}")
        if sent.sent_id in corrections:
            apply_correction(sent, corrections[sent.sent_id], words, lex)
            sent.sent_id += "-checked"
        refill(sent, words, lex, nonfinite)
        for change in fit_labels(sent, inventory):
            logger.info("%s label fit: %s", sent.sent_id, change)
        if n % 5 != 0 and sent.sent_id not in checked_ids(corrections):
            # Unchecked training sentence: keep the rule-corrected tags, leave the tree missing.
            for tok in sent.tokens:
                tok.head, tok.deprel = 0, ""
        (test if n % 5 == 0 else train).append(sent)
    treebank.write_conllu(train, train_out)
    treebank.write_conllu(test, test_out)
    logger.info("wrote %d train and %d test sentences", len(train), len(test))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
