"""Finding the talks of a batch: recordings and transcripts in folders or named files."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from pathlib import Path

from analysis.batch.consent import is_sidecar
from analysis.batch.records import TalkKind
from analysis.errors import AnalysisError
from analysis.store import safe_filename
from analysis.transcribe.audio import probe_duration
from analysis.transcript_io import TRANSCRIPT_EXTENSIONS
from analysis.workflow import is_recording

log = logging.getLogger(__name__)

#: Expected work per second of a recording, in units of one transcript's analysis (Whisper
#: base runs at about a quarter of real time on two cores; analysing a talk takes ~1 s).
RECORDING_WEIGHT_PER_SECOND = 0.2
#: Assumed length of a recording whose container states none (ten minutes).
UNKNOWN_DURATION = 600.0
_CHUNK = 1 << 20


def kind_of(path: Path) -> TalkKind | None:
    """``recording`` or ``transcript`` by file type; ``None`` for anything else."""
    if is_recording(path):
        return "recording"
    if path.suffix.lower() in TRANSCRIPT_EXTENSIONS:
        return "transcript"
    return None


def _skipped(path: Path, out: Path | None) -> bool:
    if path.name.startswith(".") or is_sidecar(path):
        return True
    return out is not None and path.resolve().is_relative_to(out)


def discover(inputs: list[Path], out: Path | None = None) -> list[Path]:
    """The files to process, in a stable order (each once).

    A folder is searched with its subfolders for recordings and transcripts (hidden files and
    folders, consent sidecars and the output folder ``out`` left out); a named file is taken
    as it is, whatever its type (an unknown type is reported as a failure later).
    """
    out = out.resolve() if out is not None else None
    found: list[Path] = []
    seen: set[Path] = set()
    for item in inputs:
        if item.is_dir():
            candidates = sorted(
                path
                for path in item.rglob("*")
                if path.is_file()
                and kind_of(path) is not None
                and not any(part.startswith(".") for part in path.relative_to(item).parts)
                and not _skipped(path, out)
            )
        else:
            candidates = [item]
        for path in candidates:
            key = path.resolve() if path.exists() else path.absolute()
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found


def sha256_of(path: Path) -> str:
    """The SHA-256 of the file's content (read in chunks); raises ``OSError``."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def output_names(paths: list[Path], digests: dict[Path, str]) -> dict[Path, str]:
    """The stem of each talk's files in the output folder: its own (made safe), with the
    start of its content hash added when two talks would share one."""
    stems = {path: Path(safe_filename(path.name, "gesprek")).stem for path in paths}
    counts = Counter(stem.casefold() for stem in stems.values())
    names = {}
    for path, stem in stems.items():
        if counts[stem.casefold()] > 1:
            stem = f"{stem}-{digests.get(path, '0' * 8)[:8]}"
        names[path] = stem
    return names


def weight_of(path: Path, kind: TalkKind) -> float:
    """The expected work of a talk, for the remaining-time estimate: 1 for a transcript,
    more for a recording by its length."""
    if kind == "transcript":
        return 1.0
    try:
        seconds = probe_duration(path)
    except AnalysisError:  # unreadable: it fails at once (and is reported then)
        return 1.0
    return 1.0 + (seconds or UNKNOWN_DURATION) * RECORDING_WEIGHT_PER_SECOND
