"""Gesprekscoach analysis: transcript → speakers and roles → turns → findings → form → report.

The records live in :mod:`analysis.records`; the flow's entry points are re-exported here.
"""

from analysis.errors import (
    AnalysisError,
    AudioError,
    ConsentError,
    ModelError,
    RuleFileError,
    TranscriptError,
)
from analysis.offline import disable_telemetry
from analysis.records import (
    Analysis,
    Detection,
    Finding,
    FormItem,
    Segment,
    Speaker,
    Suggestion,
    Transcript,
    Turn,
    Word,
)

# Before any other module of the package runs (and so before anything can load onnxruntime):
# telemetry off for this process and its children. See analysis.offline.
disable_telemetry()

__all__ = [
    "Analysis",
    "AnalysisError",
    "AudioError",
    "ConsentError",
    "Detection",
    "Finding",
    "FormItem",
    "ModelError",
    "RuleFileError",
    "Segment",
    "Speaker",
    "Suggestion",
    "Transcript",
    "TranscriptError",
    "Turn",
    "Word",
]
__version__ = "0.1.0"
