"""A batch run: find the talks, check consent, skip finished ones, process the rest in
parallel, write the results as they come in, and summarise."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from analysis.batch import outputs
from analysis.batch.cluster import run_ray
from analysis.batch.consent import ConsentList, consent_for
from analysis.batch.inputs import discover, kind_of, output_names, sha256_of, weight_of
from analysis.batch.local import default_workers, run_local
from analysis.batch.progress import BatchProgress
from analysis.batch.records import (
    BatchConfig,
    BatchError,
    BatchReport,
    TalkInput,
    TalkJob,
    TalkOutcome,
    TalkResult,
)
from analysis.console import PROG, note, one_line
from analysis.errors import ConsentError

log = logging.getLogger(__name__)


def _settings(config: BatchConfig) -> dict[str, object]:
    """What changes a talk's result besides its content (recorded in the manifest)."""
    return {"speakers": config.num_speakers}


def run_batch(config: BatchConfig, stream: TextIO | None = None) -> BatchReport:
    """Run the batch described by ``config``; messages and progress go to ``stream``
    (default stderr). Raises :class:`BatchError` when the batch cannot run at all."""
    stream = stream if stream is not None else sys.stderr
    started = time.monotonic()
    out = outputs.prepare(config.out)
    paths = discover(config.inputs, out)
    if not paths:
        shown = ", ".join(str(p) for p in config.inputs)
        raise BatchError(f"no recordings or transcripts found in {shown}")
    listed = ConsentList(config.consent_csv)
    manifest = outputs.Manifest(out)
    settings = _settings(config)

    def say(text: str) -> None:
        note(text, stream)

    outcomes: dict[Path, TalkOutcome] = {}
    digests: dict[Path, str] = {}
    for path in paths:
        kind = kind_of(path)
        if kind is None:
            outcomes[path] = TalkOutcome(
                path.name, "", "failed", error="not a recording or transcript file type"
            )
            continue
        try:
            digests[path] = sha256_of(path)
        except OSError as exc:
            outcomes[path] = TalkOutcome(
                path.name, "", "failed", error=f"cannot be read ({exc.strerror})"
            )
    names = output_names([p for p in paths if p in digests], digests)
    talks: list[TalkInput] = []
    for path in paths:
        if path in outcomes:
            continue
        kind, digest = kind_of(path), digests[path]
        assert kind is not None
        entry = None if config.force else manifest.finished(digest, path.name, settings, out)
        if entry is not None:
            outcomes[path] = TalkOutcome(
                path.name,
                digest,
                "already-done",
                outputs.summary_of(entry),
                entry["output"],
                float(entry.get("seconds") or 0.0),
            )
            continue
        consent = None
        if kind == "recording":
            try:
                consent = consent_for(path, listed)
            except ConsentError as exc:
                outcomes[path] = TalkOutcome(path.name, digest, "no-consent", error=exc.message)
                continue
        talks.append(TalkInput(path, kind, digest, names[path], weight_of(path, kind), consent))

    for path, outcome in outcomes.items():
        if outcome.status in ("failed", "no-consent"):
            say(f"skipped {path}: {outcome.error}")
    already = sum(1 for o in outcomes.values() if o.status == "already-done")
    if already:
        say(f"{already} talk(s) finished in an earlier run are skipped (use --force to redo)")

    report = BatchReport()
    if talks:
        report.workers = _process(config, talks, out, manifest, settings, outcomes, stream)
    report.outcomes = [outcomes[path] for path in paths if path in outcomes]
    outputs.write_reports(out, report.outcomes)
    report.seconds = round(time.monotonic() - started, 3)
    return report


def _process(
    config: BatchConfig,
    talks: list[TalkInput],
    out: Path,
    manifest: outputs.Manifest,
    settings: dict[str, object],
    outcomes: dict[Path, TalkOutcome],
    stream: TextIO,
) -> int:
    """Run ``talks`` on the local pool or the Ray cluster, writing each result as it comes."""
    by_path = {str(talk.path): talk for talk in talks}
    jobs = [TalkJob(str(talk.path), talk.sha256, config.num_speakers) for talk in talks]
    recordings = any(talk.kind == "recording" for talk in talks)
    live = config.progress if config.progress is not None else stream.isatty()
    progress = BatchProgress(stream, len(talks), sum(t.weight for t in talks), live, PROG)
    workers = [0]

    def announce(count: int) -> None:
        workers[0] = count
        where = f"the Ray cluster at {config.ray_address}" if config.ray_address else "this machine"
        progress.message(
            f"{PROG}: {len(talks)} talk(s) to process with {count} worker(s) on {where}"
        )
        progress.start()

    results: Iterator[TalkResult]
    if config.ray_address:
        results = run_ray(
            jobs, config.ray_address, config.workers, recordings, config.verbose, announce
        )
    else:
        count = max(1, min(config.workers or default_workers(), len(jobs)))
        announce(count)
        results = run_local(jobs, count, recordings, config.verbose)
    try:
        for result in results:
            talk = by_path[result.path]
            if result.ok:
                outputs.write_talk(out, talk.output, result)
                manifest.add(result, talk.name, talk.output, settings)
                outcomes[talk.path] = TalkOutcome(
                    talk.name, talk.sha256, "done", result.summary, talk.output, result.seconds
                )
                label = f"{one_line(talk.name)} done ({result.seconds:.1f} s)"
            else:
                outcomes[talk.path] = TalkOutcome(
                    talk.name, talk.sha256, "failed", error=result.error, seconds=result.seconds
                )
                progress.message(f"{PROG}: failed {one_line(f'{talk.path}: {result.error}')}")
                label = f"{one_line(talk.name)} failed"
            for note in result.notes:
                log.info("%s: %s", talk.name, note)
            progress.advance(talk.weight, label)
    finally:
        progress.close()
    return workers[0]


def summary_line(report: BatchReport, out: Path) -> str:
    """The one-line summary printed at the end."""
    done, already = report.count("done"), report.count("already-done")
    failed, no_consent = report.count("failed"), report.count("no-consent")
    return (
        f"batch finished: {report.results} of {len(report.outcomes)} talks have results "
        f"({done} processed now, {already} done earlier), {failed} failed, "
        f"{no_consent} without consent; {report.seconds:.0f} s; "
        f"see {out / outputs.SUMMARY}"
    )
