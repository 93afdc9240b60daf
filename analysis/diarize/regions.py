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
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if samples.size < 512:
        return []
    options = VadOptions(
        threshold=0.5,
        min_speech_duration_ms=int(min_speech * 1000),
        min_silence_duration_ms=int(min_silence * 1000),
        speech_pad_ms=int(pad * 1000),
    )
    stamps = get_speech_timestamps(samples.astype(np.float32), options, sampling_rate=SAMPLE_RATE)
    regions: list[Region] = []
    for stamp in stamps:
        start = offset + stamp["start"] / SAMPLE_RATE
        end = offset + min(stamp["end"], samples.size) / SAMPLE_RATE
        if regions and start < regions[-1].end:  # padding made them touch
            start = regions[-1].end
        if end > start:
            regions.append(Region(round(start, 3), round(end, 3)))
    return regions


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
