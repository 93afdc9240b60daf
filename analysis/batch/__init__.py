"""Batch processing: many recordings and transcripts, in parallel, resumable.

``gesprekscoach batch DIR_OR_FILES... -o OUT`` (see :mod:`analysis.batch.command`) finds the
talks (:mod:`.inputs`), checks every recording's consent record (:mod:`.consent`), skips the
talks an earlier run finished (:mod:`.outputs`, by content hash), and processes the rest in
worker processes that each load the models once (:mod:`.local`) or on a Ray cluster
(:mod:`.cluster`). Each talk goes through exactly the ``analyse`` command's steps
(:mod:`.work`). Results are written as they come in; a bad file is reported and skipped.

Public API::

    from analysis.batch import BatchConfig, run_batch

    report = run_batch(BatchConfig(inputs=[Path("opnames")], out=Path("resultaten")))
"""

from __future__ import annotations

from analysis.batch.records import (
    BatchConfig,
    BatchError,
    BatchReport,
    TalkOutcome,
    TalkSummary,
)
from analysis.batch.runner import run_batch, summary_line

__all__ = [
    "BatchConfig",
    "BatchError",
    "BatchReport",
    "TalkOutcome",
    "TalkSummary",
    "run_batch",
    "summary_line",
]
