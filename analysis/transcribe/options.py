"""Settings of a transcription run."""

from __future__ import annotations

from dataclasses import dataclass, replace

#: Default limit on the length of a recording: two hours.
DEFAULT_MAX_DURATION = 2 * 60 * 60.0
#: Default chunk length: long recordings are transcribed ten minutes at a time. Shorter chunks
#: hold less audio (0.15 MB a second) but cost CPU: each chunk ends in a partly filled 30-s
#: Whisper window of its own (3-minute chunks: +20 % CPU time on a 5-minute talk).
DEFAULT_CHUNK_SECONDS = 10 * 60.0
#: From this length on (seconds) a recording is transcribed in low-memory mode: large blocks
#: get their own memory mapping and freed heap goes back after every segment, not only after
#: every chunk. It keeps a 2-hour recording under 700 MB (666 MB, else 756 MB) but costs about
#: 4 % wall time and 8 % CPU in page faults, which a 10-minute talk need not pay.
LOW_MEMORY_FROM = 20 * 60.0
#: Whisper's temperature fallback: decode at 0 first, sample hotter while the text repeats
#: itself (gzip compression ratio above the threshold) or is unlikely (mean log-probability).
FALLBACK_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


@dataclass(slots=True)
class TranscribeOptions:
    """How to transcribe.

    ``language`` ``None`` detects the language (from the first chunk) and reports it in
    ``Transcript.language``. ``compute_type`` applies to faster-whisper only (openai-whisper
    runs in float32 on the CPU). ``max_duration`` (seconds) rejects longer recordings;
    ``chunk_seconds`` bounds how much audio is held in memory at once.
    ``condition_on_previous_text`` feeds each 30-second window the text of the one before; it
    is off by default because it let decoding fall into loops ("en dat, en dat, ...").

    Against repetition loops and made-up text (see ``docs/transcription.md``):

    * ``temperatures``: Whisper's fallback; a window whose text compresses too well
      (``compression_ratio_threshold``) or is too unlikely is decoded again by sampling at the
      next temperature. ``seed`` seeds that sampling before every chunk, so a run is
      repeatable on the same machine and settings.
    * ``hallucination_silence_threshold`` (seconds): skip silent stretches this long around
      text that looks made up (faster-whisper; needs word timestamps, which are always on).
    * ``loop_repeats``: a group of 1-4 words repeated this often in a row is a loop; the audio
      under it is decoded again (sampling, no previous text) and, if it loops again, the group
      is kept once. ``None`` switches the guard off.
    * ``drop_hallucinations``: remove the known silence hallucinations of
      ``hallucinations.yaml`` ("Ondertitels ingediend door de Amara.org gemeenschap", ...).

    ``hotwords``: names and words to spell right (teacher, child); given to Whisper as
    faster-whisper's ``hotwords`` (openai-whisper: as the initial prompt).

    ``low_memory_from``: recordings at least this long (seconds) are transcribed in low-memory
    mode (see :data:`LOW_MEMORY_FROM`); 0 always, ``inf`` never.

    ``keep_model``: keep the loaded Whisper model for the next transcription in this process
    (the app, a batch). ``False`` frees it when the transcription is done (faster-whisper
    base: about 95 MB), for a one-shot command that goes on to separation and spaCy.
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
    temperatures: tuple[float, ...] = FALLBACK_TEMPERATURES
    seed: int = 0
    compression_ratio_threshold: float | None = 2.4
    hallucination_silence_threshold: float | None = 2.0
    loop_repeats: int | None = 5
    drop_hallucinations: bool = True
    hotwords: str | None = None
    low_memory_from: float = LOW_MEMORY_FROM
    keep_model: bool = True

    def __post_init__(self) -> None:
        if self.beam_size < 1 or self.threads < 1:
            raise ValueError("beam_size and threads must be at least 1")
        if self.max_duration <= 0 or self.chunk_seconds <= 0:
            raise ValueError("max_duration and chunk_seconds must be positive")
        self.temperatures = tuple(float(t) for t in self.temperatures)
        if not self.temperatures or any(t < 0 for t in self.temperatures):
            raise ValueError("temperatures must be a non-empty list of values of 0 or more")
        if self.loop_repeats is not None and self.loop_repeats < 2:
            raise ValueError("loop_repeats must be at least 2 (or None)")
        self.hotwords = " ".join((self.hotwords or "").split()) or None

    @classmethod
    def legacy(cls, **changes: object) -> TranscribeOptions:
        """The settings before the loop fixes: temperature 0 only, no loop guard, no
        hallucination handling (for benchmarks and the regression test)."""
        options = cls(
            temperatures=(0.0,),
            hallucination_silence_threshold=None,
            loop_repeats=None,
            drop_hallucinations=False,
        )
        return replace(options, **changes)  # type: ignore[arg-type]
