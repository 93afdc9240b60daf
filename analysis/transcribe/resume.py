"""Where a transcription stopped, so that it can go on from there.

A recording is transcribed chunk by chunk (``TranscribeOptions.chunk_seconds``, ten minutes by
default). After every chunk :func:`analysis.transcribe.transcribe` hands out a
:class:`Checkpoint`: the chunks done, the audio they cover and their segments. Stored with the
session (:meth:`analysis.store.SessionStore.save_partial`), it lets a transcription that was
interrupted (Ctrl-C, a closed app, a crash, a restarted computer) go on after the last chunk
done instead of decoding the whole recording again. A checkpoint only fits the recording and
settings it was made with (:func:`checkpoint_key`); any other is ignored.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.records import Segment, Word
from analysis.transcribe.options import TranscribeOptions

logger = logging.getLogger(__name__)

#: Version of the stored shape; a checkpoint of another version is ignored.
CHECKPOINT_VERSION = 1
#: Bytes read from the start and the end of the recording for its fingerprint.
_SAMPLE_BYTES = 1 << 16
#: Settings that do not change what is transcribed (left out of the key).
_NEUTRAL_OPTIONS = frozenset({"threads", "keep_model", "low_memory_from", "max_duration"})


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """How far a transcription got: its first ``chunks`` chunks, ``seconds`` of audio, are
    done and gave ``segments``; ``language`` and ``detected`` as found so far."""

    key: str
    chunks: int
    seconds: float
    segments: tuple[Segment, ...]
    language: str | None = None
    detected: str | None = None


def checkpoint_key(path: Path, options: TranscribeOptions) -> str:
    """A fingerprint of the recording at ``path`` (size, first and last 64 KB) and of the
    settings that shape its transcript: a checkpoint is used only with the same key."""
    digest = hashlib.sha256()
    size = path.stat().st_size
    digest.update(str(size).encode())
    with path.open("rb") as handle:
        digest.update(handle.read(_SAMPLE_BYTES))
        handle.seek(max(0, size - _SAMPLE_BYTES))
        digest.update(handle.read(_SAMPLE_BYTES))
    settings = {
        name: value
        for name, value in dataclasses.asdict(options).items()
        if name not in _NEUTRAL_OPTIONS
    }
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _segment_to_dict(segment: Segment) -> dict[str, Any]:
    return {
        "start": segment.start,
        "end": segment.end,
        "text": segment.text,
        "speaker": segment.speaker,
        "words": [dataclasses.asdict(word) for word in segment.words],
    }


def _segment_from_dict(data: Mapping[str, Any]) -> Segment:
    words = tuple(
        Word(float(w["start"]), float(w["end"]), str(w["text"]), w.get("probability"))
        for w in data.get("words", [])
    )
    return Segment(
        float(data["start"]), float(data["end"]), str(data["text"]), words, data.get("speaker")
    )


def checkpoint_to_dict(checkpoint: Checkpoint) -> dict[str, Any]:
    """The checkpoint as plain JSON data (read back by :func:`checkpoint_from_dict`)."""
    return {
        "version": CHECKPOINT_VERSION,
        "key": checkpoint.key,
        "chunks": checkpoint.chunks,
        "seconds": checkpoint.seconds,
        "language": checkpoint.language,
        "detected": checkpoint.detected,
        "segments": [_segment_to_dict(segment) for segment in checkpoint.segments],
    }


def checkpoint_from_dict(data: Any) -> Checkpoint | None:
    """The checkpoint stored by :func:`checkpoint_to_dict`; ``None`` for anything else (another
    version, a damaged file): the transcription then simply starts from the beginning."""
    if not isinstance(data, Mapping) or data.get("version") != CHECKPOINT_VERSION:
        return None
    try:
        return Checkpoint(
            key=str(data["key"]),
            chunks=int(data["chunks"]),
            seconds=float(data["seconds"]),
            segments=tuple(_segment_from_dict(item) for item in data["segments"]),
            language=data.get("language"),
            detected=data.get("detected"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        logger.warning("ignoring a damaged transcription checkpoint: %s", exc)
        return None
