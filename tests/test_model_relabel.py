"""The training recipe's relabeller (models.relabel): older UD labels to today's scheme."""

from __future__ import annotations

from models import relabel, treebank


def _sentence(words: list[tuple[str, str, str, int, str]]) -> treebank.Sentence:
    """(form, lemma, upos, head, deprel) per word; FEATS only for reflexive "zich"."""
    return treebank.Sentence(
        tokens=[
            treebank.Token(
                form=form,
                lemma=lemma,
                upos=upos,
                xpos="",
                feats="PronType=Prs|Reflex=Yes" if lemma == "zich" else "",
                head=head,
                deprel=deprel,
            )
            for form, lemma, upos, head, deprel in words
        ]
    )


def _pp_sentence(verb: str, prep: str, label: str) -> treebank.Sentence:
    # "Hij <verb> <prep> de bus": the PP "de bus" attached to the verb.
    return _sentence(
        [
            ("Hij", "hij", "PRON", 2, "nsubj"),
            (verb, verb, "VERB", 0, "root"),
            (prep, prep, "ADP", 5, "case"),
            ("de", "de", "DET", 5, "det"),
            ("bus", "bus", "NOUN", 2, label),
        ]
    )


def _verb_and_dependent(
    verb: str, word: str, upos: str, label: str, verb_lemma: str = ""
) -> treebank.Sentence:
    # "Hij <verb> <word>": one dependent of the verb besides the subject.
    return _sentence(
        [
            ("Hij", "hij", "PRON", 2, "nsubj"),
            (verb, verb_lemma or verb, "VERB", 0, "root"),
            (word, word, upos, 2, label),
        ]
    )


def _reflexive_sentence(verb: str, label: str) -> treebank.Sentence:
    return _verb_and_dependent(verb, "zich", "PRON", label)


def _te_infinitive_sentence(verb: str, label: str, marker: str = "te") -> treebank.Sentence:
    # "Hij <verb> [om] te werken": the infinitive attached to the verb.
    markers = [("om", "om", "ADP", 5, "mark")] if marker == "om" else []
    offset = len(markers)
    return _sentence(
        [
            ("Hij", "hij", "PRON", 2, "nsubj"),
            (verb, verb, "VERB", 0, "root"),
            *[(f, lemma, upos, head - 1 + offset, rel) for f, lemma, upos, head, rel in markers],
            ("te", "te", "ADP", 4 + offset, "mark"),
            ("werken", "werken", "VERB", 2, label),
        ]
    )


RECENT = [
    _te_infinitive_sentence("proberen", "xcomp"),
    _te_infinitive_sentence("proberen", "xcomp"),
    _te_infinitive_sentence("adviseren", "ccomp"),
    _te_infinitive_sentence("besluiten", "xcomp"),
    _pp_sentence("wachten", "op", "obl:arg"),
    _pp_sentence("wachten", "op", "obl:arg"),
    _pp_sentence("wachten", "in", "obl"),
    _pp_sentence("zitten", "op", "obl"),
    _pp_sentence("zitten", "op", "obl"),
    _pp_sentence("denken", "aan", "obl:arg"),
    _reflexive_sentence("schamen", "expl:pv"),
    _reflexive_sentence("wassen", "obj"),
]


def _label_of_pp(sentence: treebank.Sentence) -> str:
    return sentence.tokens[4].deprel


def test_verb_preposition_pair_seen_as_argument_becomes_obl_arg():
    older = [_pp_sentence("wachten", "op", "obl")]
    result, changed = relabel.relabel(older, RECENT)
    assert _label_of_pp(result[0]) == "obl:arg"
    assert changed["obl->obl:arg"] == 1


def test_same_verb_with_adjunct_preposition_stays_obl():
    older = [_pp_sentence("wachten", "in", "obl"), _pp_sentence("zitten", "op", "obl")]
    result, changed = relabel.relabel(older, RECENT)
    assert [_label_of_pp(s) for s in result] == ["obl", "obl"]
    assert not changed


def test_unseen_pair_backs_off_to_the_preposition():
    # "aan" is only ever an argument in RECENT; "in" only an adjunct.
    older = [_pp_sentence("twijfelen", "aan", "obl"), _pp_sentence("slapen", "in", "obl")]
    result, _ = relabel.relabel(older, RECENT)
    assert [_label_of_pp(s) for s in result] == ["obl:arg", "obl"]


def test_pronominal_adverb_uses_its_preposition():
    older = [_verb_and_dependent("wacht", "erop", "ADV", "obl", verb_lemma="wachten")]
    result, _ = relabel.relabel(older, RECENT)
    assert result[0].tokens[2].deprel == "obl:arg"


def test_reflexive_zich_follows_its_verb():
    older = [_reflexive_sentence("schamen", "obj"), _reflexive_sentence("wassen", "obj")]
    result, _ = relabel.relabel(older, RECENT)
    assert [s.tokens[2].deprel for s in result] == ["expl:pv", "obj"]


def test_non_reflexive_object_is_never_relabelled():
    older = [_verb_and_dependent("schamen", "haar", "PRON", "obj")]
    result, changed = relabel.relabel(older, RECENT)
    assert result[0].tokens[2].deprel == "obj"
    assert not changed


def _label_of_infinitive(sentence: treebank.Sentence) -> str:
    return sentence.tokens[-1].deprel


def test_te_infinitive_ccomp_follows_its_verb_and_backs_off_to_the_majority():
    older = [
        _te_infinitive_sentence("proberen", "ccomp"),
        _te_infinitive_sentence("adviseren", "ccomp"),  # today: ccomp for this verb
        _te_infinitive_sentence("weigeren", "ccomp"),  # unseen: the majority, xcomp
    ]
    result, changed = relabel.relabel(older, RECENT)
    assert [_label_of_infinitive(s) for s in result] == ["xcomp", "ccomp", "xcomp"]
    assert changed["ccomp->xcomp"] == 2


def test_om_te_clause_and_finite_ccomp_are_never_relabelled():
    om_te = _te_infinitive_sentence("proberen", "ccomp", marker="om")
    finite = _verb_and_dependent("proberen", "werkt", "VERB", "ccomp")
    result, changed = relabel.relabel([om_te, finite], RECENT)
    assert _label_of_infinitive(result[0]) == "ccomp"
    assert result[1].tokens[2].deprel == "ccomp"
    assert not changed


def test_heads_and_input_are_unchanged():
    older = [_pp_sentence("wachten", "op", "obl")]
    result, _ = relabel.relabel(older, RECENT)
    assert [t.head for t in result[0].tokens] == [t.head for t in older[0].tokens]
    assert _label_of_pp(older[0]) == "obl"


def _modal_sentence(modal: str, upos: str, as_aux: bool) -> treebank.Sentence:
    # "Hij <modal> werken": the modal as auxiliary of "werken", or as the clause head.
    if as_aux:
        words = [
            ("Hij", "hij", "PRON", 3, "nsubj"),
            (modal, modal, upos, 3, "aux"),
            ("werken", "werken", "VERB", 0, "root"),
        ]
    else:
        words = [
            ("Hij", "hij", "PRON", 2, "nsubj"),
            (modal, modal, upos, 0, "root"),
            ("werken", "werken", "VERB", 2, "xcomp"),
        ]
    return _sentence(words)


def _als_sentence(upos: str, xpos: str) -> treebank.Sentence:
    sentence = _sentence(
        [
            ("als", "als", upos, 3, "mark"),
            ("hij", "hij", "PRON", 3, "nsubj"),
            ("komt", "komen", "VERB", 0, "root"),
        ]
    )
    sentence.tokens[0].xpos = xpos
    return sentence


CURRENT = (
    [_modal_sentence("moeten", "AUX", as_aux=True) for _ in range(10)]
    + [_modal_sentence("willen", "VERB", as_aux=False) for _ in range(10)]
    + [_modal_sentence("hebben", "AUX", as_aux=True) for _ in range(5)]
    + [_modal_sentence("hebben", "VERB", as_aux=False) for _ in range(5)]
    + [_als_sentence("SCONJ", "VG|onder") for _ in range(10)]
)


def test_sentence_with_an_aux_analysis_today_never_gives_is_left_out():
    older = [
        _modal_sentence("willen", "AUX", as_aux=True),  # today: "willen" heads its clause
        _modal_sentence("moeten", "VERB", as_aux=False),  # today: "moeten" is an auxiliary
    ]
    kept, changed = relabel.harmonise(older, CURRENT)
    assert kept == []
    assert changed["sentences left out (aux/head analysis)"] == 2


def test_usage_today_has_both_ways_is_kept():
    older = [
        _modal_sentence("hebben", "AUX", as_aux=True),
        _modal_sentence("hebben", "VERB", as_aux=False),
        _modal_sentence("willen", "VERB", as_aux=False),
    ]
    kept, _ = relabel.harmonise(older, CURRENT)
    assert len(kept) == 3


def test_uniform_current_tag_replaces_an_older_tag_with_its_xpos_and_feats():
    kept, changed = relabel.harmonise([_als_sentence("ADP", "VZ|init")], CURRENT)
    als = kept[0].tokens[0]
    assert (als.upos, als.xpos) == ("SCONJ", "VG|onder")
    assert changed["ADP->SCONJ"] == 1


def test_missing_xpos_stays_missing_when_retagged():
    kept, _ = relabel.harmonise([_als_sentence("ADP", "")], CURRENT)
    assert (kept[0].tokens[0].upos, kept[0].tokens[0].xpos) == ("SCONJ", "")


def test_lemma_unseen_in_the_current_annotation_is_not_retagged():
    # CURRENT[:5] has no "als": no evidence, no change.
    kept, changed = relabel.harmonise([_als_sentence("ADP", "VZ|init")], CURRENT[:5])
    assert kept[0].tokens[0].upos == "ADP"
    assert not changed
