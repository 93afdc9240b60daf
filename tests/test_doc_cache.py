"""Corrections re-analyse only what changed: the pipeline remembers processed turns, and the
analysis is the same as a full run (real Dutch pipeline, both samples)."""

from __future__ import annotations

import pytest

from analysis import editing
from analysis.detect import build_nlp
from analysis.diarize import propose_roles
from analysis.doc_cache import CachingPipeline
from analysis.pipeline import analyse
from analysis.transcript_io import read_transcript

from .conftest import SAMPLES


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_a_correction_runs_the_pipeline_only_over_changed_turns_with_the_same_result(nlp, sample):
    transcript = read_transcript(SAMPLES / sample)
    cached = CachingPipeline(nlp)
    assert analyse(transcript, cached) == analyse(transcript, nlp)
    first = cached.processed
    assert 0 < first <= len(transcript.turns)

    parent = next(s.name for s in transcript.speakers if s.role != "teacher")
    for edit, args, new_texts in (
        (editing.set_role, (parent, "child"), 0),
        (editing.edit_text, (3, "Dat is fijn om te horen, hoe gaat het thuis?"), 1),
    ):
        corrected = propose_roles(edit(transcript, *args), refresh=True)
        before = cached.processed
        assert analyse(corrected, cached) == analyse(corrected, nlp)
        assert cached.processed - before == new_texts


def test_the_memory_is_bounded(nlp):
    cached = CachingPipeline(nlp, max_docs=2)
    docs = list(cached.pipe(["Dag.", "Welkom.", "Hoe gaat het?"]))
    assert [d.text for d in docs] == ["Dag.", "Welkom.", "Hoe gaat het?"]
    assert cached("Hoe gaat het?") is docs[2] and cached.processed == 3
    cached("Dag.")  # forgotten: processed again
    assert cached.processed == 4
