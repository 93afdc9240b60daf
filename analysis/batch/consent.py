"""Consent records for recordings in a batch: a sidecar file per recording, or a CSV list.

A recording is only transcribed with a record of who consented and when, like in the app
(:func:`analysis.workflow.require_consent`). Two ways to give it:

* a **sidecar** next to the recording, named after the whole file name plus
  ``.consent.json``, ``.consent.toml`` or ``.consent.txt`` (``gesprek.m4a`` →
  ``gesprek.m4a.consent.toml``), with the fields ``by`` (who consented, required), ``date``
  (``YYYY-MM-DD``, required) and ``people`` (everyone recorded, optional)::

      {"by": "moeder en leerkracht", "date": "2025-03-14"}          # .consent.json
      by = "moeder en leerkracht"                                   # .consent.toml
      date = 2025-03-14
      by: moeder en leerkracht                                      # .consent.txt
      date: 2025-03-14

* a **CSV list** (``--consent FILE.csv``) with the header ``file,by,date``: ``file`` is a
  recording's file name, or its path relative to the CSV file's folder.

A sidecar wins over the list. Transcripts need no record: the batch only reads their text,
which someone already wrote down or exported, like the ``analyse`` command; the consent gate
guards turning a voice recording into text.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from analysis.batch.records import BatchError
from analysis.errors import ConsentError
from analysis.review import Consent

SIDECAR_SUFFIXES: tuple[str, ...] = (".consent.json", ".consent.toml", ".consent.txt")
CSV_COLUMNS: tuple[str, ...] = ("file", "by", "date")
_FIELDS = {"by", "date", "people"}
_MAX_BYTES = 64 * 1024


def is_sidecar(path: Path) -> bool:
    """True for a consent sidecar file (never an input of its own)."""
    return path.name.lower().endswith(SIDECAR_SUFFIXES)


def sidecars(recording: Path) -> list[Path]:
    """The sidecar files that exist for ``recording``."""
    return [
        candidate
        for suffix in SIDECAR_SUFFIXES
        if (candidate := recording.with_name(recording.name + suffix)).is_file()
    ]


def _problem(path: Path, what: str) -> ConsentError:
    return ConsentError(
        f"{path.name}: invalid consent record: {what}",
        f"{path.name}: ongeldige toestemming: {what}.",
    )


def _from_fields(fields: Mapping[str, Any], path: Path) -> Consent:
    unknown = sorted(set(fields) - _FIELDS)
    if unknown:
        raise _problem(path, f"unknown field {unknown[0]!r} (use by, date, people)")
    by = fields.get("by")
    if not isinstance(by, str) or not by.strip():
        raise _problem(path, "'by' (who consented) is missing or empty")
    date = fields.get("date")
    if isinstance(date, dt.datetime):
        date = date.date()
    if isinstance(date, dt.date):
        date = date.isoformat()
    if not isinstance(date, str) or not date.strip():
        raise _problem(path, "'date' (when, YYYY-MM-DD) is missing")
    try:
        day = dt.date.fromisoformat(date.strip())
    except ValueError as exc:
        raise _problem(path, f"'date' is not a date (YYYY-MM-DD): {date!r}") from exc
    people = fields.get("people", "")
    if not isinstance(people, str):
        raise _problem(path, "'people' must be text")
    by = " ".join(by.split())
    return Consent(
        confirmed=True, confirmed_at=day.isoformat(), by=by, people=" ".join(people.split()) or by
    )


def _text_fields(text: str, path: Path) -> dict[str, str]:
    fields: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, colon, value = line.partition(":")
        if not colon:
            raise _problem(path, f"line {number} is not 'key: value'")
        fields[key.strip().lower()] = value.strip()
    return fields


def read_sidecar(path: Path) -> Consent:
    """The consent record in a sidecar file; :class:`ConsentError` naming what is wrong."""
    try:
        data = path.read_bytes()[: _MAX_BYTES + 1]
    except OSError as exc:
        raise _problem(path, f"cannot be read ({exc.strerror})") from exc
    if len(data) > _MAX_BYTES:
        raise _problem(path, "the file is too large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _problem(path, "not UTF-8 text") from exc
    suffix = path.name.lower().rsplit(".", 1)[-1]
    try:
        if suffix == "json":
            fields = json.loads(text)
        elif suffix == "toml":
            fields = tomllib.loads(text)
        else:
            fields = _text_fields(text, path)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _problem(path, f"not valid {suffix.upper()} ({exc})") from exc
    if not isinstance(fields, dict):
        raise _problem(path, "expected an object with 'by' and 'date'")
    return _from_fields(fields, path)


class ConsentList:
    """The rows of a ``--consent FILE.csv`` list, looked up by recording."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._by_name: dict[str, Consent] = {}
        self._by_path: dict[Path, Consent] = {}
        if path is not None:
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                header = {str(name).strip().lower() for name in reader.fieldnames or []}
                rows = list(reader)
        except FileNotFoundError as exc:
            raise BatchError(f"{path}: consent list not found") from exc
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise BatchError(f"{path}: consent list cannot be read ({exc})") from exc
        if not set(CSV_COLUMNS) <= header:
            raise BatchError(f"{path}: consent list needs the columns {','.join(CSV_COLUMNS)}")
        for number, row in enumerate(rows, start=2):
            fields = {str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k}
            name = fields.pop("file", "")
            if not name:
                raise BatchError(f"{path}: line {number}: the 'file' column is empty")
            try:
                consent = _from_fields({k: v for k, v in fields.items() if v}, path)
            except ConsentError as exc:
                raise BatchError(f"{exc.message} (line {number})") from exc
            if "/" in name or "\\" in name:
                self._by_path[(path.parent / name).resolve()] = consent
            else:
                self._by_name[name] = consent

    def find(self, recording: Path) -> Consent | None:
        """The listed consent for ``recording``: by path relative to the list, else by name."""
        return self._by_path.get(recording.resolve()) or self._by_name.get(recording.name)


def consent_for(recording: Path, listed: ConsentList) -> Consent:
    """The consent record of ``recording``: its sidecar, else its row in the list.

    Raises :class:`ConsentError` when there is none (or the sidecar is invalid).
    """
    found = sidecars(recording)
    if found:
        return read_sidecar(found[0])
    consent = listed.find(recording)
    if consent is not None:
        return consent
    raise ConsentError(
        f"no consent record for {recording.name}: add {recording.name}.consent.json (or .toml, "
        ".txt) with 'by' and 'date' next to it, or list it in --consent FILE.csv",
        f"{recording.name}: geen toestemming vastgelegd; de opname is niet verwerkt.",
    )
