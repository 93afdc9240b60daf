"""The one-way flow from a transcript to a pre-filled form: detect, fill the form, then hold
back the evidence that rests on words the recogniser was unsure of."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.form import fill_form
from analysis.records import Analysis, Transcript
from analysis.uncertainty import mark_uncertain

if TYPE_CHECKING:
    from spacy.language import Language


def analyse(transcript: Transcript, nlp: Language | None = None) -> Analysis:
    """Find the teacher's behaviours in ``transcript`` and pre-fill the observation form."""
    from analysis.detect import detect  # imported lazily: loading spaCy is slow

    detection = detect(transcript, nlp)
    found = Analysis(transcript=transcript, detection=detection, form=fill_form(detection.findings))
    return mark_uncertain(found)
