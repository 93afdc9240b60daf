"""Analysed talks with hand-made findings, for tests of the pages (not of detection)."""

from __future__ import annotations

from analysis.form import fill_form
from analysis.records import Analysis, Detection, Finding
from analysis.transcript_io import parse_transcript


def analysis_with(source: str, found: list[tuple[str, int, str]]) -> Analysis:
    """The talk in ``source`` (transcript text) analysed as if detection had found each
    ``(item, turn, quote)`` in ``found`` (the quote as it stands in that turn)."""
    transcript = parse_transcript(source, "txt")
    findings = []
    for item, turn, quote in found:
        record = transcript.turns[turn]
        at = record.text.index(quote)
        findings.append(
            Finding(
                item, turn, quote, at, at + len(quote), f"test.{item}", "test", 0.9,
                record.speaker, record.start, record.end,
            )
        )  # fmt: skip
    return Analysis(transcript, Detection(findings=findings), fill_form(findings))
