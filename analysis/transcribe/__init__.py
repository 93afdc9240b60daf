"""From recording to transcript with a local Whisper model.

Public API::

    from analysis.transcribe import TranscribeOptions, transcribe

    transcript = transcribe(Path("gesprek.m4a"), TranscribeOptions(language="nl"))

Everything runs offline with the built-in "base" model (see ``docs/transcription.md``).
"""

from __future__ import annotations

from analysis.transcribe.backends import BACKENDS, Backend, ChunkResult, get_backend
from analysis.transcribe.engine import Progress, transcribe
from analysis.transcribe.options import (
    DEFAULT_CHUNK_SECONDS,
    DEFAULT_MAX_DURATION,
    TranscribeOptions,
)
from analysis.transcribe.turns import DEFAULT_SPEAKER, build_turns

#: File name extensions the app offers for recordings (video files: their audio track is used).
AUDIO_EXTENSIONS: frozenset[str] = frozenset(
    {".wav", ".mp3", ".m4a", ".aac", ".ogg", ".opus", ".flac", ".webm", ".mp4", ".mov"}
)

__all__ = [
    "AUDIO_EXTENSIONS",
    "BACKENDS",
    "DEFAULT_CHUNK_SECONDS",
    "DEFAULT_MAX_DURATION",
    "DEFAULT_SPEAKER",
    "Backend",
    "ChunkResult",
    "Progress",
    "TranscribeOptions",
    "build_turns",
    "get_backend",
    "transcribe",
]
