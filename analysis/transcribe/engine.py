"""The transcription run: recording in, :class:`Transcript` out."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis.errors import AudioError, ModelError
from analysis.heap import map_large_allocations, release_freed_heap
from analysis.records import Segment, Transcript
from analysis.transcribe import audio
from analysis.transcribe.backends import (
    Backend,
    ChunkResult,
    get_backend,
    release_models,
    speech_regions,
)
from analysis.transcribe.gaps import merge_regions, missing_speech
from analysis.transcribe.hallucinations import clean_segment
from analysis.transcribe.loops import repair_loops
from analysis.transcribe.options import TranscribeOptions
from analysis.transcribe.resume import Checkpoint, checkpoint_key
from analysis.transcribe.turns import build_turns

logger = logging.getLogger(__name__)

Progress = Callable[[float, list[Segment]], None]
#: Receives a :class:`Checkpoint` after every chunk that was transcribed.
OnCheckpoint = Callable[[Checkpoint], None]

#: Characters of the previous chunk's text given as prompt to the next chunk.
_PROMPT_CHARS = 200


def _shift(segment: Segment, offset: float) -> Segment:
    if not offset:
        return segment
    words = tuple(
        dataclasses.replace(
            word, start=round(word.start + offset, 3), end=round(word.end + offset, 3)
        )
        for word in segment.words
    )
    return dataclasses.replace(
        segment,
        start=round(segment.start + offset, 3),
        end=round(segment.end + offset, 3),
        words=words,
    )


def _tail(segments: list[Segment]) -> str:
    text = ""
    for segment in reversed(segments):
        text = f"{segment.text} {text}".strip()
        if len(text) >= _PROMPT_CHARS:
            break
    return text[-_PROMPT_CHARS:]


def _no_audio(path: Path) -> AudioError:
    return AudioError(
        f"recording has no audio (0 seconds): {path}",
        f"De opname '{path.name}' is leeg: er staat geen geluid in (0 seconden).",
    )


def check_language(language: str | None) -> None:
    """Raise :class:`ModelError` unless ``language`` is ``None`` or a code Whisper knows."""
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    if language is not None and language not in _LANGUAGE_CODES:
        raise ModelError(
            f"unknown language code {language!r} (use a code such as 'nl', or auto-detect)",
            f"De taalcode '{language}' kent het spraakmodel niet. Gebruik bijvoorbeeld 'nl'.",
        )


#: Audio added on both sides of a loop's time span when it is decoded again (seconds).
_REDECODE_PAD = 0.1


def _segments(result: ChunkResult, offset: float, options: TranscribeOptions) -> Iterator[Segment]:
    """The segments of one decoding run, shifted ``offset`` seconds into the recording, with
    the known silence hallucinations dropped (if asked)."""
    for segment in result.segments:
        cleaned = clean_segment(segment) if options.drop_hallucinations else segment
        if cleaned is not None:
            yield _shift(cleaned, offset)


@dataclass(frozen=True, slots=True)
class _Chunk:
    """One chunk of the recording as it is transcribed: where it starts, its samples, and how
    to decode a stretch of it again."""

    backend: Backend
    samples: np.ndarray
    offset: float
    language: str | None
    options: TranscribeOptions

    def redecode(self, start: float, end: float, retry: bool) -> list[Segment]:
        """The stretch ``start``-``end`` (seconds in the recording, a little audio added on
        both sides) decoded again; ``retry`` as for a repetition loop."""
        rate = audio.SAMPLE_RATE
        first = max(0, int((start - self.offset - _REDECODE_PAD) * rate))
        last = min(self.samples.size, int((end - self.offset + _REDECODE_PAD) * rate))
        if last <= first:
            return []
        result = self.backend.transcribe_chunk(
            self.samples[first:last], self.language, None, retry=retry
        )
        return list(_segments(result, self.offset + first / rate, self.options))


def _without_loops(chunk: _Chunk, segments: list[Segment]) -> list[Segment]:
    """``segments`` of one chunk with their repetition loops re-decoded or collapsed."""
    if chunk.options.loop_repeats is None:
        return segments

    def redecode(start: float, end: float) -> list[Segment]:
        return chunk.redecode(start, end, retry=True)

    repaired, repairs = repair_loops(segments, redecode, chunk.options.loop_repeats)
    for repair in repairs:
        logger.info(
            "repetition loop %r x%d at %.0f-%.0f s: %s",
            repair.phrase,
            repair.repeats,
            repair.start,
            repair.end,
            repair.action,
        )
    return repaired


def _fill_gaps(chunk: _Chunk, segments: list[Segment]) -> list[Segment]:
    """``segments`` of one chunk plus the speech the voice detector heard but no segment
    covers (see :mod:`analysis.transcribe.gaps`), decoded again on its own."""
    options = chunk.options
    if not options.vad or options.loop_repeats is None:
        return segments
    rate = audio.SAMPLE_RATE
    speech = merge_regions(
        (chunk.offset + region["start"] / rate, chunk.offset + region["end"] / rate)
        for region in speech_regions(chunk.samples)
    )
    added: list[Segment] = []
    for start, end in missing_speech(speech, segments):
        fresh = chunk.redecode(start, end, retry=False)
        fresh, _ = repair_loops(fresh, None, options.loop_repeats)  # no third try: collapse
        logger.info(
            "speech without text at %.0f-%.0f s decoded again: %d segment(s)",
            start,
            end,
            len(fresh),
        )
        added.extend(fresh)
    if not added:
        return segments
    return sorted([*segments, *added], key=lambda segment: (segment.start, segment.end))


#: Probability above which another detected language is reported.
OTHER_LANGUAGE_PROBABILITY = 0.6


def _detect_language(backend: Backend, samples: np.ndarray, expected: str) -> str:
    """The language heard in the first chunk; warns when it is not ``expected``.

    Backends without language detection report ``expected``.
    """
    found = backend.detect_language(samples[: audio.SAMPLE_RATE * 30])
    if found is None:
        return expected
    heard, probability = found
    if heard != expected and probability >= OTHER_LANGUAGE_PROBABILITY:
        logger.warning(
            "the recording sounds like %r (probability %.2f), not %r", heard, probability, expected
        )
        return heard
    return expected


def _usable(resume: Checkpoint | None, key: str) -> Checkpoint | None:
    """``resume`` if it was made for this recording and these settings."""
    if resume is None or resume.chunks < 1:
        return None
    if resume.key != key:
        logger.info("the stored checkpoint is of another recording or settings; starting over")
        return None
    return resume


def transcribe(
    path: Path,
    options: TranscribeOptions | None = None,
    progress: Progress | None = None,
    resume: Checkpoint | None = None,
    on_checkpoint: OnCheckpoint | None = None,
) -> Transcript:
    """Transcribe the recording at ``path`` into a :class:`Transcript`.

    Audio is decoded in-process with PyAV and fed to the backend chunk by chunk, so memory use
    does not grow with the length of the recording. ``progress`` (if given) is called with the
    fraction of audio done and the segments so far; its last call is with 1.0.

    ``on_checkpoint`` (if given) receives a :class:`Checkpoint` after every chunk. Given one
    of them as ``resume``, a later call goes on after its last chunk (its segments are kept,
    the audio before it is read but not decoded again) and gives the same transcript; a
    checkpoint of another recording or other settings is ignored.

    Raises :class:`AudioError` for a missing, empty, undecodable, too long or silent recording
    and :class:`~analysis.errors.ModelError` when the model cannot be loaded.
    """
    options = options or TranscribeOptions()
    path = Path(path)
    check_language(options.language)
    stated = audio.probe_duration(path)
    if stated is not None and stated > options.max_duration:
        raise audio.too_long(path, stated, options.max_duration)
    total = stated if stated else audio.measure_duration(path, options.max_duration)
    if total <= 0:
        raise _no_audio(path)
    low_memory = total >= options.low_memory_from
    if low_memory:  # before the model: its per-window buffers are freed, not kept
        map_large_allocations()
    backend = get_backend(options)
    key = checkpoint_key(path, options) if resume is not None or on_checkpoint else ""
    resume = _usable(resume, key)

    language = options.language
    detected: str | None = None
    segments: list[Segment] = []
    samples_done = 0
    if resume is not None:
        segments = list(resume.segments)
        language, detected = resume.language or language, resume.detected
        logger.info(
            "going on after chunk %d (%.0f s of %.0f s already transcribed)",
            resume.chunks,
            resume.seconds,
            total,
        )

    reported = 0.0

    def report(fraction: float) -> None:
        nonlocal reported
        reported = min(max(fraction, reported), 1.0)  # never goes back
        if progress is not None:
            progress(reported, list(segments))

    logger.info(
        "transcribing %s (%.1f s) with %s/%s, language %s",
        path.name,
        total,
        backend.name,
        options.model,
        language or "auto",
    )
    chunks = audio.iter_chunks(
        audio.iter_samples(path, options.max_duration), options.chunk_seconds
    )
    if resume is not None and total:
        report(min(resume.seconds / total, 0.999))
    for index, (offset, samples) in enumerate(chunks):
        samples_done += samples.size
        if resume is not None and index < resume.chunks:
            continue  # transcribed before the interruption
        if audio.is_silent(samples):
            logger.debug("chunk at %.1f s is silent; skipped", offset)
        else:
            if language is not None and detected is None:
                detected = _detect_language(backend, samples, language)
            prompt = _tail(segments) if options.condition_on_previous_text else None
            result = backend.transcribe_chunk(samples, language, prompt or None)
            first = len(segments)
            for segment in _segments(result, offset, options):
                if low_memory:
                    release_freed_heap()  # what Whisper's last 30-s window freed (about 25 MB)
                segments.append(segment)
                if total:
                    report(min(segments[-1].end / total, 0.999))
            if language is None and result.language:
                language = result.language
                logger.info(
                    "detected language %r (probability %s)",
                    language,
                    result.language_probability,
                )
            chunk = _Chunk(backend, samples, offset, language, options)
            segments[first:] = _without_loops(chunk, segments[first:])
            segments[first:] = _fill_gaps(chunk, segments[first:])
            del chunk, result
        del samples
        release_freed_heap()  # per chunk: the peak stays flat with length
        if on_checkpoint is not None:
            seconds = round(samples_done / audio.SAMPLE_RATE, 3)
            on_checkpoint(Checkpoint(key, index + 1, seconds, tuple(segments), language, detected))
        if total:
            report(min(samples_done / audio.SAMPLE_RATE / total, 0.999))
    del backend
    if not options.keep_model:
        release_models()
        release_freed_heap()

    duration = round(samples_done / audio.SAMPLE_RATE, 3)
    if samples_done == 0:
        raise _no_audio(path)
    if not segments:
        raise audio.no_speech(path)
    report(1.0)
    turns, speakers = build_turns(segments)
    return Transcript(
        turns=turns,
        speakers=speakers,
        source=path.name,
        duration=duration,
        language=language or "nl",
        detected_language=detected,
    )
