"""Smoke test of the shipped Dutch pipeline (analysis/assets/nl_gesprek) via analysis.nlp."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import analysis
from analysis.errors import ModelError
from analysis.nlp import DEFAULT_MODEL_PATH, ENV_VAR, clear_cache, load_pipeline

from .conftest import REPO

pytestmark = pytest.mark.slow  # needs the trained pipeline (shipped in models/); offline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_default_path_is_the_package_data_folder():
    # The runtime model ships inside the package (analysis/assets), so the editable install
    # and a wheel find it at the same place; models/ holds only the recipe.
    assert Path(analysis.__file__).resolve().parent / "assets" / "nl_gesprek" == DEFAULT_MODEL_PATH
    assert (DEFAULT_MODEL_PATH / "meta.json").is_file()
    assert not (REPO / "models" / "nl_gesprek").exists()


def test_pipeline_is_cached(nlp):
    assert load_pipeline() is nlp


def test_missing_model_raises_model_error(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nope"))
    clear_cache()
    with pytest.raises(ModelError) as info:
        load_pipeline()
    assert "reinstall" in info.value.message
    assert info.value.message_nl
    monkeypatch.delenv(ENV_VAR)
    clear_cache()


def test_wh_question_has_interrogative_word(nlp):
    doc = nlp("Hoe gaat het thuis met Sanne?")
    hoe = doc[0]
    assert hoe.lower_ == "hoe"
    assert hoe.pos_ == "ADV" or "Int" in hoe.morph.get("PronType")
    doc = nlp("Wat vindt u daarvan?")
    assert "Int" in doc[0].morph.get("PronType") or doc[0].pos_ == "PRON"


def _verb_first(doc) -> bool:
    first = doc[0]
    return first.pos_ in {"VERB", "AUX"} or "Fin" in first.morph.get("VerbForm")


def test_yes_no_question_starts_with_finite_verb(nlp):
    assert _verb_first(nlp("Gaat het goed thuis?"))


def test_asr_style_question_is_verb_first(nlp):
    assert _verb_first(nlp("gaat het goed thuis"))


def test_formal_you_is_subject(nlp):
    doc = nlp("U maakt zich daar zorgen over.")
    assert doc[0].text == "U"
    assert doc[0].dep_ == "nsubj"


def test_spoken_tokenizer_exceptions(nlp):
    words = [t.text for t in nlp("Hm-hm, dat doet hij 's ochtends ook.")]
    assert "Hm-hm" in words
    i = words.index("'s")
    assert words[i + 1] == "ochtends"
    assert [t.text for t in nlp("hm-hm")] == ["hm-hm"]
    assert [t.text for t in nlp("da's mooi")][:2] == ["da", "'s"]


def test_interjections_are_intj(nlp):
    doc = nlp("Ja, hm-hm, oké.")
    assert doc[0].pos_ == "INTJ"
    assert doc[2].pos_ == "INTJ"
    assert doc[4].pos_ == "INTJ"


def test_first_person_present_is_verb(nlp):
    doc = nlp("als ik het goed begrijp")
    begrijp = next(t for t in doc if t.text == "begrijp")
    assert begrijp.pos_ == "VERB"


def test_sentences_and_lemmas(nlp):
    doc = nlp("Ik bel u over twee weken. Dan spreken we verder.")
    assert len(list(doc.sents)) == 2
    assert doc[1].lemma_ == "bellen"


def test_senter_is_shipped_disabled_and_consulted_for_unpunctuated_text(nlp):
    assert "senter" in nlp.component_names
    assert "senter" not in nlp.pipe_names  # runs only inside the sentence-boundary component
    assert nlp.pipe_names.index("gesprek_punct_sentences") < nlp.pipe_names.index("parser")


def test_unpunctuated_single_sentence_is_not_split(nlp):
    doc = nlp("als ik het goed begrijp maakt u zich zorgen over het slapen van sanne")
    assert len(list(doc.sents)) == 1


def _word_class_table(nlp):
    for node in nlp.get_pipe("tok2vec").model.walk():
        if node.name == "extract_features_word_class":
            return node.attrs["keys"]
    return None


def test_word_class_table_travels_inside_the_pipeline(nlp):
    # models/word_classes.py: several hundred thousand Dutch forms, stored in the tok2vec
    # weights; without them the embedding silently sees "unknown" for every word.
    keys = _word_class_table(nlp)
    assert keys is not None and len(keys) > 100_000


def test_plain_spacy_load_finds_the_embedding_architecture():
    # A fresh interpreter that never imports analysis: the spacy_architectures entry point
    # (pyproject.toml) must register the embedding layer for spacy.load alone.
    code = (
        "import spacy, sys; nlp = spacy.load(sys.argv[1]); "
        "print([t.pos_ for t in nlp('Gaat het goed thuis?')][0])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(DEFAULT_MODEL_PATH)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() in {"VERB", "AUX"}
