"""Voice pitch: the fundamental frequency of voiced frames, for the child cue of role proposal."""

from __future__ import annotations

import numpy as np

from analysis.diarize.encoder import SAMPLE_RATE

#: Pitch (Hz) search range.
PITCH_RANGE = (70.0, 500.0)
#: A 40 ms frame every 100 ms.
_SIZE, _STEP = 640, 1600
_LOW = int(SAMPLE_RATE / PITCH_RANGE[1])
_HIGH = int(SAMPLE_RATE / PITCH_RANGE[0])
#: FFT length for the correlation of a frame with its lagged self, without wrap-around.
_FFT = 2048
#: Normalised correlation above which a frame counts as voiced.
_VOICED = 0.6
#: Measured frames needed for a median.
MIN_FRAMES = 5


def voiced_pitches(samples: np.ndarray) -> np.ndarray:
    """Pitch (Hz) of each voiced 40 ms frame of ``samples`` (16 kHz), frames 100 ms apart.

    Autocorrelation: the lag (2–14 ms) at which a frame best matches itself, when that match
    is strong (normalised correlation above 0.6) and the frame is not silent.
    """
    starts = np.arange(0, samples.size - _SIZE - _HIGH, _STEP)
    if starts.size == 0:
        return np.zeros(0)
    frames = np.asarray(samples, dtype=np.float64)[starts[:, None] + np.arange(_SIZE + _HIGH)]
    frames -= frames.mean(axis=1, keepdims=True)
    heads = frames[:, :_SIZE]
    energy = np.einsum("ij,ij->i", heads, heads)
    # corr[f, k] = sum_n heads[f, n] * frames[f, n + k], for lags k = _LOW .. _HIGH - 1.
    spectrum = np.fft.rfft(frames, _FFT) * np.conj(np.fft.rfft(heads, _FFT))
    corr = np.fft.irfft(spectrum, _FFT)[:, _LOW:_HIGH]
    lag = np.argmax(corr, axis=1)
    peak = corr[np.arange(lag.size), lag]
    voiced = (energy >= 1e-4) & (peak > _VOICED * np.maximum(energy, 1e-12))
    return SAMPLE_RATE / (lag[voiced] + _LOW)


def median_pitch(pitches: np.ndarray) -> float | None:
    """The median of measured frame pitches, or ``None`` with fewer than five."""
    return float(np.median(pitches)) if pitches.size >= MIN_FRAMES else None
