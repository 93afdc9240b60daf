"""Reading recordings in-process with PyAV: checks, streaming decode, and chunking.

Audio is decoded and resampled to 16 kHz mono the way ``faster_whisper.decode_audio`` does
(signed 16-bit, then scaled to float32), but as a stream of blocks, so a long recording never
sits in memory whole: it is cut into chunks of a few minutes at the quietest moment near each
chunk's end, and each chunk is transcribed on its own.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import av
import numpy as np

from analysis.errors import AudioError
from analysis.wording import count

logger = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
#: Peak amplitude below which a stretch of audio counts as digital silence (about -60 dBFS).
SILENCE_PEAK = 1e-3
_FRAME = SAMPLE_RATE // 10  # 100 ms, the resolution of the quietest-moment search


def format_duration_nl(seconds: float) -> str:
    """A duration in plain Dutch words, e.g. "2 uur en 5 minuten" or "45 seconden"."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} uur en {count(minutes, 'minuut')}" if minutes else f"{hours} uur"
    if minutes:
        return count(minutes, "minuut")
    return count(secs, "seconde")


def check_file(path: Path) -> None:
    """Raise :class:`AudioError` unless ``path`` is an existing, non-empty file."""
    if not path.exists():
        raise AudioError(
            f"audio file not found: {path}",
            f"Het bestand '{path.name}' is niet gevonden. Controleer de naam en de map.",
        )
    if not path.is_file():
        raise AudioError(
            f"not a file: {path}",
            f"'{path.name}' is geen bestand maar een map. Kies een opname.",
        )
    if path.stat().st_size == 0:
        raise AudioError(
            f"audio file is empty (0 bytes): {path}",
            f"Het bestand '{path.name}' is leeg. Er staat geen opname in.",
        )


def _undecodable(path: Path, exc: BaseException | None = None) -> AudioError:
    detail = f": {exc}" if exc else ""
    return AudioError(
        f"cannot decode audio file {path}{detail}",
        f"Het bestand '{path.name}' is geen geluidsbestand dat we kunnen lezen, of het is "
        "beschadigd. Probeer de opname opnieuw op te slaan, bijvoorbeeld als .wav of .mp3.",
    )


def too_long(path: Path, duration: float, limit: float) -> AudioError:
    """The error for a recording longer than ``limit`` seconds."""
    return AudioError(
        f"recording is too long: {duration:.0f} s (limit {limit:.0f} s): {path}",
        f"De opname '{path.name}' duurt {format_duration_nl(duration)}; dat is langer dan "
        f"{format_duration_nl(limit)}. Knip de opname in kortere delen.",
    )


def no_speech(path: Path) -> AudioError:
    """The error for a recording in which no speech was found."""
    return AudioError(
        f"no speech found in {path}",
        f"In '{path.name}' is geen spraak gevonden. Is de opname stil, of staat het geluid "
        "erg zacht?",
    )


def _require_audio_track(container: Any, path: Path) -> None:
    """Raise :class:`AudioError` when the opened ``container`` has no audio stream."""
    if not container.streams.audio:
        raise AudioError(
            f"no audio track in {path}",
            f"Het bestand '{path.name}' bevat geen geluid.",
        )


def probe_duration(path: Path) -> float | None:
    """The duration in seconds the container states, or ``None`` when it states none.

    Raises :class:`AudioError` when the file cannot be opened or has no audio track.
    """
    check_file(path)
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            _require_audio_track(container, path)
            stream = container.streams.audio[0]
            if stream.duration is not None and stream.time_base is not None:
                return float(stream.duration * stream.time_base)
            if container.duration is not None:
                return container.duration / av.time_base
            return None
    except AudioError:
        raise
    except (av.FFmpegError, OSError, UnicodeDecodeError, ValueError) as exc:
        raise _undecodable(path, exc) from exc


def iter_samples(path: Path, max_duration: float | None = None) -> Iterator[np.ndarray]:
    """Decode ``path`` as float32 blocks of 16 kHz mono samples.

    Raises :class:`AudioError` when decoding fails or more than ``max_duration`` seconds come
    out (containers can misstate their length).
    """
    limit = None if max_duration is None else int((max_duration + 1.0) * SAMPLE_RATE)
    total = 0
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            _require_audio_track(container, path)
            resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
            # ``None`` at the end flushes the resampler.
            frames = itertools.chain(container.decode(audio=0), [None])
            for frame in frames:
                for out in resampler.resample(frame):
                    block = out.to_ndarray().reshape(-1).astype(np.float32) / 32768.0
                    total += block.size
                    if limit is not None and total > limit:
                        raise too_long(path, total / SAMPLE_RATE, float(max_duration or 0))
                    yield block
    except AudioError:
        raise
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise _undecodable(path, exc) from exc


def _quietest_cut(buffer: np.ndarray, search: int) -> int:
    """Index of the start of the quietest 100 ms frame within the last ``search`` samples."""
    start = max(0, buffer.size - search)
    usable = (buffer.size - start) // _FRAME * _FRAME
    if usable < _FRAME:
        return buffer.size
    frames = buffer[start : start + usable].reshape(-1, _FRAME)
    energy = np.square(frames, dtype=np.float64).mean(axis=1)
    # Latest frame among the quietest, so chunks stay as long as possible.
    quietest = int(energy.size - 1 - np.argmin(energy[::-1]))
    return start + quietest * _FRAME + _FRAME // 2


def iter_chunks(
    blocks: Iterable[np.ndarray], chunk_seconds: float, search_seconds: float = 30.0
) -> Iterator[tuple[float, np.ndarray]]:
    """Group sample blocks into chunks of at most ``chunk_seconds``: (offset seconds, samples).

    Each chunk except the last ends at the quietest moment of its final ``search_seconds``
    (at most a quarter of the chunk), so words are rarely cut in half.
    """
    size = max(int(chunk_seconds * SAMPLE_RATE), _FRAME * 4)
    search = min(int(search_seconds * SAMPLE_RATE), size // 4)
    pending: list[np.ndarray] = []
    pending_size = 0
    offset = 0
    for block in blocks:
        pending.append(block)
        pending_size += block.size
        while pending_size >= size:
            buffer = np.concatenate(pending)
            cut = _quietest_cut(buffer[:size], search)
            yield offset / SAMPLE_RATE, buffer[:cut]
            offset += cut
            rest = buffer[cut:].copy()  # not a view: the chunk's memory goes with the chunk
            pending, pending_size = [rest], rest.size
    if pending_size:
        yield offset / SAMPLE_RATE, np.concatenate(pending)


def is_silent(samples: np.ndarray) -> bool:
    """True when ``samples`` never rise above :data:`SILENCE_PEAK`."""
    return samples.size == 0 or float(np.max(np.abs(samples))) < SILENCE_PEAK


def measure_duration(path: Path, max_duration: float | None = None) -> float:
    """The duration in seconds found by decoding the whole file (for containers without one)."""
    return sum(block.size for block in iter_samples(path, max_duration)) / SAMPLE_RATE
