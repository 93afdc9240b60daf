"""Settings of a transcription run."""

from __future__ import annotations

from dataclasses import dataclass

#: Default limit on the length of a recording: two hours.
DEFAULT_MAX_DURATION = 2 * 60 * 60.0
#: Default chunk length: long recordings are transcribed ten minutes at a time.
DEFAULT_CHUNK_SECONDS = 10 * 60.0


@dataclass(slots=True)
class TranscribeOptions:
    """How to transcribe.

    ``language`` ``None`` detects the language (from the first chunk) and reports it in
    ``Transcript.language``. ``compute_type`` applies to faster-whisper only (openai-whisper
    runs in float32 on the CPU). ``max_duration`` (seconds) rejects longer recordings;
    ``chunk_seconds`` bounds how much audio is held in memory at once.
    ``condition_on_previous_text`` feeds each 30-second window the text of the one before; it
    is off by default because with temperature 0 only (no sampling fallback, for repeatable
    results) it let greedy decoding fall into loops ("en dat, en dat, ...").
    """

    backend: str = "faster-whisper"
    model: str = "base"
    language: str | None = "nl"
    beam_size: int = 5
    vad: bool = True
    compute_type: str = "int8"
    threads: int = 2
    max_duration: float = DEFAULT_MAX_DURATION
    chunk_seconds: float = DEFAULT_CHUNK_SECONDS
    condition_on_previous_text: bool = False

    def __post_init__(self) -> None:
        if self.beam_size < 1 or self.threads < 1:
            raise ValueError("beam_size and threads must be at least 1")
        if self.max_duration <= 0 or self.chunk_seconds <= 0:
            raise ValueError("max_duration and chunk_seconds must be positive")
