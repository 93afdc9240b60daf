"""The one-way flow from a transcript to a pre-filled form.

Each step takes data and returns data: detect the behaviours and question acts, compute the
metrics, derive the suggestions, fill the form, then hold back the evidence that rests on words
the recogniser was unsure of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.detect import detect
from analysis.form import fill_form
from analysis.metrics import compute_metrics
from analysis.records import Analysis, Detection, Transcript
from analysis.suggestions import suggest
from analysis.uncertainty import mark_uncertain

if TYPE_CHECKING:
    from spacy.language import Language


def analyse(
    transcript: Transcript, nlp: Language | None = None, second_opinion: bool | None = None
) -> Analysis:
    """Find the teacher's behaviours in ``transcript`` and pre-fill the observation form
    (``second_opinion``: see :func:`analysis.detect.detect`)."""
    found = detect(transcript, nlp, second_opinion)
    metrics = compute_metrics(transcript, found.acts, found.questions)
    detection = Detection(
        findings=found.findings,
        acts=found.acts,
        metrics=metrics,
        suggestions=suggest(found.findings, metrics),
    )
    form = fill_form(found.findings)
    return mark_uncertain(Analysis(transcript=transcript, detection=detection, form=form))
