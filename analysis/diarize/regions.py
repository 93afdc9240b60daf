"""Speech regions (Silero VAD, as shipped with faster-whisper) and encoder windows over them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.diarize.encoder import (
    HOP,
    SAMPLE_RATE,
    TARGET_DBFS,
    WINDOW_FRAMES,
    VoiceEncoder,
    mel_spectrogram,
)
from analysis.transcribe.vad import SpeechDetector

#: Window length in seconds (the encoder's 160 frames).
WINDOW_SECONDS = WINDOW_FRAMES * HOP / SAMPLE_RATE
#: Step between windows inside a long speech region.
WINDOW_STEP = 0.8


@dataclass(frozen=True, slots=True)
class Region:
    """A stretch of speech in seconds."""

    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Window:
    """One encoder window: the speech it covers (seconds) and the region it belongs to."""

    start: float
    end: float
    region: int


class RegionDetector:
    """Speech regions (seconds) of a stream of 16 kHz mono blocks as they become final: the
    regions :func:`speech_regions` finds on the whole array (see
    :class:`~analysis.transcribe.vad.SpeechDetector`). A pause of ``min_silence`` seconds
    splits a region; ``max_speech`` splits longer ones.
    """

    def __init__(
        self,
        min_silence: float = 0.3,
        min_speech: float = 0.25,
        pad: float = 0.1,
        max_speech: float = float("inf"),
    ) -> None:
        self._detector = SpeechDetector(
            min_silence=min_silence, min_speech=min_speech, pad=pad, max_speech=max_speech
        )
        self._last_end = 0.0

    @property
    def keep_from(self) -> int:
        """The first sample a region not yet returned can start at."""
        return self._detector.keep_from

    def feed(self, samples: np.ndarray) -> list[Region]:
        """Take the next block; returns the regions that are final now."""
        return self._regions(self._detector.feed(samples))

    def finish(self) -> list[Region]:
        """End of the audio: the remaining regions."""
        return self._regions(self._detector.finish())

    def _regions(self, spans: list[tuple[int, int]]) -> list[Region]:
        out = []
        for first, last in spans:
            start = max(first / SAMPLE_RATE, self._last_end)  # padding made them touch
            end = min(last, self._detector.samples) / SAMPLE_RATE
            if end > start:
                self._last_end = round(end, 3)
                out.append(Region(round(start, 3), round(end, 3)))
        return out


def speech_regions(
    samples: np.ndarray,
    offset: float = 0.0,
    min_silence: float = 0.3,
    min_speech: float = 0.25,
    pad: float = 0.1,
) -> list[Region]:
    """Speech regions of 16 kHz mono ``samples`` by Silero VAD, shifted by ``offset`` seconds.

    A pause of ``min_silence`` seconds splits a region, so a change of speaker with a short pause
    between the two already gives two regions.
    """
    if samples.size < 512:
        return []
    detector = RegionDetector(min_silence=min_silence, min_speech=min_speech, pad=pad)
    regions = detector.feed(samples) + detector.finish()
    if not offset:
        return regions
    return [Region(round(r.start + offset, 3), round(r.end + offset, 3)) for r in regions]


def make_windows(
    regions: list[Region], step: float = WINDOW_STEP, length: float = WINDOW_SECONDS
) -> list[Window]:
    """Encoder windows: one per short region, windows every ``step`` seconds in a long one.

    Windows never reach outside their region, so one window hears one stretch of speech.
    """
    windows: list[Window] = []
    for index, region in enumerate(regions):
        if region.duration <= length + step / 2:
            windows.append(Window(region.start, region.end, index))
            continue
        count = int(np.ceil((region.duration - length) / step)) + 1
        starts = np.linspace(region.start, region.end - length, count)
        windows.extend(Window(float(s), float(s) + length, index) for s in starts)
    return windows


def window_mels(samples: np.ndarray, windows: list[Window], offset: float = 0.0) -> np.ndarray:
    """The (n, 160, 40) mel input of each window of ``samples`` (which start at ``offset`` s).

    A window shorter than 1.6 s is repeated until it fills the 160 frames; quiet audio is raised
    to -30 dBFS first, as Resemblyzer does.
    """
    out = np.zeros((len(windows), WINDOW_FRAMES, 40), dtype=np.float32)
    size = WINDOW_FRAMES * HOP
    for i, window in enumerate(windows):
        begin = max(0, round((window.start - offset) * SAMPLE_RATE))
        end = min(samples.size, round((window.end - offset) * SAMPLE_RATE))
        piece = samples[begin:end]
        if piece.size < HOP:
            continue
        rms = float(np.sqrt(np.mean(np.square(piece, dtype=np.float64))))
        if rms > 1e-9:
            change = TARGET_DBFS - 20 * np.log10(rms)
            if change > 0:
                piece = piece * np.float32(10 ** (change / 20))
        if piece.size < size:
            piece = np.tile(piece, int(np.ceil(size / piece.size)))
        mel = mel_spectrogram(piece[:size])
        out[i] = mel[:WINDOW_FRAMES]
    return out


def embed_windows(
    encoder: VoiceEncoder, samples: np.ndarray, windows: list[Window], offset: float = 0.0
) -> np.ndarray:
    """L2-normalised speaker embeddings (n, 256) of ``windows`` over ``samples``."""
    if not windows:
        return np.zeros((0, 256), dtype=np.float32)
    return encoder.forward(window_mels(samples, windows, offset))
