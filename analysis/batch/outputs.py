"""The batch's output folder: a JSON and a report per talk, the manifest of finished talks
(for resuming), ``summary.csv`` and ``failures.log``.

::

    OUT/<talk>.json        what ``analyse --format json`` prints for the talk
    OUT/<talk>.md          the Markdown report (``analyse --format markdown``)
    OUT/manifest.jsonl     one line per finished talk: content hash, file, output, settings
    OUT/summary.csv        one row per talk of the last run (status, duration, roles, ...)
    OUT/failures.log       the talks of the last run that failed or had no consent record

The folder and its files are readable by their owner only: they hold what was said.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import os
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from analysis.batch.records import (
    SUMMARY_COLUMNS,
    BatchError,
    TalkOutcome,
    TalkResult,
    TalkSummary,
)
from analysis.store import private_dir, write_private

log = logging.getLogger(__name__)

MANIFEST = "manifest.jsonl"
SUMMARY = "summary.csv"
FAILURES = "failures.log"
MANIFEST_VERSION = 1


def prepare(out: Path) -> Path:
    """Create the output folder (owner-only) if needed; :class:`BatchError` if impossible."""
    try:
        if out.exists() and not out.is_dir():
            raise BatchError(f"{out}: the output is a file, not a folder")
        return private_dir(out)
    except OSError as exc:
        raise BatchError(f"{out}: cannot create the output folder ({exc.strerror})") from exc


def _key(sha256: str, name: str) -> str:
    return f"{sha256}/{name}"


class Manifest:
    """The talks finished in earlier runs, by content hash and file name (the JSON records
    the file name, so a renamed file is a new talk), with the settings they ran with."""

    def __init__(self, out: Path) -> None:
        self.path = out / MANIFEST
        self.entries: dict[str, dict[str, Any]] = {}
        self._load()

    def _load(self) -> None:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as exc:
            raise BatchError(f"{self.path}: cannot be read ({exc})") from exc
        for number, line in enumerate(lines, start=1):
            try:
                entry = json.loads(line)
                self.entries[_key(entry["sha256"], entry["file"])] = entry
            except (json.JSONDecodeError, KeyError, TypeError):
                # A line cut short by a crash: that talk is simply processed again.
                log.warning("%s: line %d is damaged and ignored", self.path, number)

    def finished(
        self, sha256: str, name: str, settings: dict[str, Any], out: Path
    ) -> dict[str, Any] | None:
        """The entry of a talk finished earlier with the same settings whose JSON is still
        there; ``None`` when it has to be processed."""
        entry = self.entries.get(_key(sha256, name))
        if entry is None or entry.get("settings") != settings:
            return None
        if not (out / f"{entry.get('output', '')}.json").is_file():
            return None
        return entry

    def add(self, result: TalkResult, name: str, output: str, settings: dict[str, Any]) -> None:
        """Record a finished talk (appended and synced at once, so a crash loses no more)."""
        entry = {
            "version": MANIFEST_VERSION,
            "sha256": result.sha256,
            "file": name,
            "output": output,
            "settings": settings,
            "summary": asdict(result.summary),
            "seconds": result.seconds,
            "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
        fd = os.open(self.path, flags, 0o600)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        self.entries[_key(result.sha256, name)] = entry


def summary_of(entry: dict[str, Any]) -> TalkSummary:
    """The summary stored in a manifest entry."""
    known = {f.name for f in fields(TalkSummary)}
    stored = entry.get("summary") or {}
    return TalkSummary(**{k: v for k, v in stored.items() if k in known})


def write_talk(out: Path, output: str, result: TalkResult) -> None:
    """Write a talk's JSON and report (each atomically)."""
    try:
        write_private(out / f"{output}.json", result.json_text.encode("utf-8"))
        write_private(out / f"{output}.md", result.markdown.encode("utf-8"))
    except OSError as exc:
        raise BatchError(f"{out}: cannot write the results ({exc.strerror})") from exc


#: A cell starting with one of these is a formula to a spreadsheet: shown as text instead.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # a file name like '=HYPERLINK(...)' stays text in a spreadsheet
    return value


def summary_csv(outcomes: list[TalkOutcome]) -> str:
    """``summary.csv`` as text: one row per talk, columns :data:`SUMMARY_COLUMNS`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SUMMARY_COLUMNS)
    for outcome in outcomes:
        summary = asdict(outcome.summary)
        row = {
            "file": outcome.file,
            "sha256": outcome.sha256,
            "status": outcome.status,
            "output": f"{outcome.output}.json" if outcome.output else "",
            "seconds": outcome.seconds or "",
            "error": outcome.error,
            **summary,
        }
        writer.writerow([_cell(row[column]) for column in SUMMARY_COLUMNS])
    return buffer.getvalue()


def failures_log(outcomes: list[TalkOutcome]) -> str:
    """``failures.log`` as text: one line per talk that failed or had no consent."""
    return "".join(
        f"{outcome.status}\t{outcome.file}\t{outcome.error}\n"
        for outcome in outcomes
        if outcome.status in ("failed", "no-consent")
    )


def write_reports(out: Path, outcomes: list[TalkOutcome]) -> None:
    """Write ``summary.csv`` and ``failures.log`` for this run."""
    try:
        write_private(out / SUMMARY, summary_csv(outcomes).encode("utf-8"))
        write_private(out / FAILURES, failures_log(outcomes).encode("utf-8"))
    except OSError as exc:
        raise BatchError(f"{out}: cannot write the summary ({exc.strerror})") from exc
