"""One talk in a worker: the same steps as ``gesprekscoach analyse INPUT --format json``.

:func:`init_worker` loads the models once per worker process (or Ray actor);
:func:`process_talk` then reads or transcribes one talk with :func:`analysis.workflow.read_talk`,
analyses it with :func:`analysis.workflow.analyse` and renders it with the ``analyse``
command's JSON and Markdown renderers, so a talk's JSON is byte for byte what
``analyse --format json`` writes for it. Errors come back as a failed :class:`TalkResult`,
never as an exception, so one bad file never stops the batch.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from analysis import workflow
from analysis.batch.records import TalkJob, TalkResult, TalkSummary
from analysis.console import PROG
from analysis.detect import build_nlp
from analysis.diarize.encoder import load_encoder
from analysis.errors import AnalysisError
from analysis.report import RENDERERS
from analysis.transcribe import TranscribeOptions, get_backend

log = logging.getLogger(__name__)


class _Collect(logging.Handler):
    """Keeps the warnings logged while a talk is processed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname.lower()}: {record.getMessage()}")


_collector = _Collect()


def init_worker(recordings: bool = True, verbose: bool = False) -> None:
    """Prepare this process as a batch worker: logging, then the models, loaded once.

    The Dutch pipeline is always loaded; the speech model and the voice encoder only when the
    batch has recordings. A model that cannot be loaded is reported per talk later.
    """
    root = logging.getLogger()
    if _collector not in root.handlers:
        root.addHandler(_collector)
    if verbose:
        root.setLevel(logging.INFO)
        if not any(type(h) is logging.StreamHandler for h in root.handlers):
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
            root.addHandler(handler)
    try:
        build_nlp()
        if recordings:
            get_backend(TranscribeOptions())
            load_encoder()
    except AnalysisError as exc:
        log.warning("worker %s could not load a model: %s", os.getpid(), exc.message)


@contextlib.contextmanager
def _captured() -> Iterator[tuple[io.StringIO, list[str]]]:
    """Collect what the talk prints on stderr and logs as warnings."""
    stderr = io.StringIO()
    start = len(_collector.messages)
    logged: list[str] = []
    try:
        with contextlib.redirect_stderr(stderr):
            yield stderr, logged
    finally:
        logged.extend(_collector.messages[start:])
        del _collector.messages[start:]


def summarise(data: dict[str, Any]) -> TalkSummary:
    """The ``summary.csv`` fields of a talk, from its ``analyse`` JSON."""
    metrics = data.get("metrics") or {}
    duration = data.get("duration")
    if duration is None:
        ends = [t.get("end") or t.get("start") for t in data.get("turns", [])]
        ends = [end for end in ends if end is not None]
        duration = max(ends) if ends else None
    share = metrics.get("parent_word_share")
    form = data.get("form", [])
    return TalkSummary(
        duration=round(float(duration), 1) if duration is not None else None,
        speakers=len(data.get("speakers", [])),
        roles="; ".join(f"{s['name']}={s['role']}" for s in data.get("speakers", [])),
        items_seen=f"{sum(1 for item in form if item.get('observed'))}/{len(form)}",
        open_questions=metrics.get("open_questions"),
        closed_questions=metrics.get("closed_questions"),
        parent_word_share=round(float(share), 3) if share is not None else None,
    )


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def process_talk(job: TalkJob) -> TalkResult:
    """Read or transcribe, analyse and render one talk, as ``analyse --format json`` does."""
    started = time.monotonic()
    with _captured() as (stderr, logged):
        try:
            path = Path(job.path)
            transcript = workflow.read_talk(path, num_speakers=job.num_speakers)
            logged.extend(workflow.read_notes(path, transcript))
            missing = workflow.teacher_missing(transcript)
            if missing:
                logged.append(missing)
            analysis = workflow.analyse(transcript)
            json_text = RENDERERS["json"](analysis)
            markdown = RENDERERS["markdown"](analysis)
            error = ""
        except AnalysisError as exc:
            error = exc.message
        except MemoryError:
            error = "not enough memory for this input"
        except Exception as exc:  # a bug must not stop the batch: report it with the talk
            log.exception("internal error on %s", job.path)
            error = f"internal error: {exc.__class__.__name__}: {exc}"
    notes = tuple(
        line.strip().removeprefix(f"{PROG}: ")
        for line in stderr.getvalue().splitlines()
        if line.strip() and not line.startswith("\r")
    ) + tuple(logged)
    seconds = round(time.monotonic() - started, 3)
    if error:
        return TalkResult(
            job.path,
            job.sha256,
            False,
            error=error,
            notes=notes,
            seconds=seconds,
            worker=_worker_name(),
        )
    return TalkResult(
        job.path,
        job.sha256,
        True,
        json_text=json_text,
        markdown=markdown,
        summary=summarise(json.loads(json_text)),
        notes=notes,
        seconds=seconds,
        worker=_worker_name(),
    )


class TalkWorker:
    """A worker that holds the loaded models: a Ray actor class (see :mod:`.cluster`)."""

    def __init__(self, recordings: bool = True, verbose: bool = False) -> None:
        init_worker(recordings, verbose)

    def process(self, job: TalkJob) -> TalkResult:
        return process_talk(job)
