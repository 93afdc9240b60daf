"""The project's error hierarchy.

Every error carries a one-line English ``message`` (for logs and the CLI) and a Dutch
``message_nl`` for the app. Causes are chained with ``raise ... from exc``.
"""

from __future__ import annotations


class AnalysisError(Exception):
    """Base class of every error the package raises on purpose."""

    def __init__(self, message: str, message_nl: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_nl = message_nl or message


class TranscriptError(AnalysisError):
    """A transcript cannot be read: empty, wrong encoding, no speakers, bad format."""


class AudioError(AnalysisError):
    """A recording cannot be decoded or transcribed."""


class ModelError(AnalysisError):
    """A model (speech or language) is missing or cannot be loaded."""


class RuleFileError(AnalysisError):
    """A rule, lexicon or form data file is invalid."""


class ConsentError(AnalysisError):
    """A recording was about to be processed without a consent record."""
