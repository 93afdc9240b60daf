"""The one-way flow from a transcript to a pre-filled form: detect, then fill the form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.form import fill_form
from analysis.records import Analysis, Transcript

if TYPE_CHECKING:
    from spacy.language import Language


def analyse(transcript: Transcript, nlp: Language | None = None) -> Analysis:
    """Find the teacher's behaviours in ``transcript`` and pre-fill the observation form."""
    from analysis.detect import detect  # imported lazily: loading spaCy is slow

    detection = detect(transcript, nlp)
    return Analysis(transcript=transcript, detection=detection, form=fill_form(detection.findings))
