"""Resemblyzer's voice encoder (GE2E, Apache-2.0) run in numpy: no torch at run time.

The weights were converted once from Resemblyzer 0.1.4's ``pretrained.pt`` into
``analysis/assets/voice_encoder/voice_encoder.npz`` (see ``models/voice_encoder/convert.py``;
the location is decided in :mod:`analysis.assets`). The input is
Resemblyzer's feature: a 40-channel mel power spectrogram (not log), 25 ms windows every 10 ms at
16 kHz, computed here the way ``librosa.feature.melspectrogram`` does (Slaney mel scale and
normalisation, centred Hann windows). One embedding covers a window of 160 frames (1.6 s).
"""

from __future__ import annotations

import ctypes
import logging
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

from analysis.assets import VOICE_ENCODER, VOICE_ENCODER_ENV, voice_encoder_path
from analysis.errors import ModelError

logger = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
N_FFT = 400  # 25 ms
HOP = 160  # 10 ms
N_MELS = 40
#: Frames in one encoder window (1.6 s), as Resemblyzer's partial utterances.
WINDOW_FRAMES = 160
EMBEDDING_SIZE = 256
#: Time steps whose input projections are computed together (see ``VoiceEncoder._forward``).
_PROJECTION_STEPS = 32
#: Resemblyzer normalises quiet audio up to this loudness before embedding.
TARGET_DBFS = -30.0

ENV_VAR = VOICE_ENCODER_ENV
DEFAULT_WEIGHTS = VOICE_ENCODER


def _hz_to_mel(freqs: np.ndarray) -> np.ndarray:
    """Slaney's mel scale (librosa's default): linear below 1 kHz, logarithmic above."""
    freqs = np.asarray(freqs, dtype=np.float64)
    f_sp = 200.0 / 3
    mels = freqs / f_sp
    min_log_mel = 1000.0 / f_sp
    logstep = np.log(6.4) / 27.0
    above = freqs >= 1000.0
    mels[above] = min_log_mel + np.log(freqs[above] / 1000.0) / logstep
    return mels


def _mel_to_hz(mels: np.ndarray) -> np.ndarray:
    mels = np.asarray(mels, dtype=np.float64)
    f_sp = 200.0 / 3
    freqs = f_sp * mels
    min_log_mel = 1000.0 / f_sp
    logstep = np.log(6.4) / 27.0
    above = mels >= min_log_mel
    freqs[above] = 1000.0 * np.exp(logstep * (mels[above] - min_log_mel))
    return freqs


@lru_cache(maxsize=1)
def mel_filters() -> np.ndarray:
    """The (40, 201) mel filter bank of ``librosa.filters.mel(sr=16000, n_fft=400, n_mels=40)``."""
    fft_freqs = np.fft.rfftfreq(N_FFT, d=1.0 / SAMPLE_RATE)
    mel_f = _mel_to_hz(
        np.linspace(_hz_to_mel(np.array([0.0]))[0], _hz_to_mel(np.array([8000.0]))[0], N_MELS + 2)
    )
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fft_freqs)
    weights = np.zeros((N_MELS, fft_freqs.size))
    for i in range(N_MELS):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2 : N_MELS + 2] - mel_f[:N_MELS]))[:, np.newaxis]
    return weights.astype(np.float32)


def mel_spectrogram(samples: np.ndarray) -> np.ndarray:
    """Mel power spectrogram, shape (frames, 40): frame ``i`` is centred on sample ``i * 160``."""
    samples = np.asarray(samples, dtype=np.float32)
    padded = np.pad(samples, (N_FFT // 2, N_FFT // 2))
    n_frames = 1 + (padded.size - N_FFT) // HOP
    if n_frames <= 0:
        return np.zeros((0, N_MELS), dtype=np.float32)
    strides = (padded.strides[0] * HOP, padded.strides[0])
    frames = np.lib.stride_tricks.as_strided(padded, shape=(n_frames, N_FFT), strides=strides)
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)
    power = np.abs(np.fft.rfft(frames * window, axis=1)) ** 2
    return (power.astype(np.float32) @ mel_filters().T).astype(np.float32)


@lru_cache(maxsize=1)
def _openblas_local_threads() -> Callable[[int], int] | None:
    """OpenBLAS's ``openblas_set_num_threads_local`` from numpy's bundled library, if present.

    The encoder's many small matrix products are slower with two BLAS threads on a busy
    machine (and take a core from other work), so they run on one thread.
    """
    libs = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libs.glob("libscipy_openblas*.so*")):
        try:
            function = ctypes.CDLL(str(path)).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        function.argtypes = [ctypes.c_int]
        function.restype = ctypes.c_int
        return function
    return None


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run numpy's matrix products on one thread in this block (no-op without OpenBLAS)."""
    setter = _openblas_local_threads()
    if setter is None:
        yield
        return
    previous = setter(1)
    try:
        yield
    finally:
        setter(previous if previous > 0 else 0)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


class VoiceEncoder:
    """The speaker encoder: mel windows in, L2-normalised 256-dim embeddings out."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.layers = [
            (
                weights[f"w_ih{i}"].astype(np.float32),
                weights[f"w_hh{i}"].astype(np.float32),
                weights[f"b{i}"].astype(np.float32),
            )
            for i in range(3)
        ]
        self.w_out = weights["w_out"].astype(np.float32)
        self.b_out = weights["b_out"].astype(np.float32)

    @classmethod
    def load(cls, path: Path | None = None) -> VoiceEncoder:
        """Load the converted weights; raises :class:`ModelError` when they are missing."""
        path = voice_encoder_path(path)
        try:
            with np.load(path) as data:
                weights = {key: data[key] for key in data.files}
            return cls(weights)
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            raise ModelError(
                f"cannot load the voice encoder weights from {path} ({exc}); "
                "reinstall Gesprekscoach",
                "Het stemmodel voor het scheiden van sprekers ontbreekt of is beschadigd "
                f"({path.name}). Installeer Gesprekscoach opnieuw.",
            ) from exc

    def forward(self, mels: np.ndarray, batch_size: int = 256) -> np.ndarray:
        """Embeddings of a batch of windows, ``mels`` of shape (batch, frames, 40)."""
        mels = np.asarray(mels, dtype=np.float32)
        out = np.zeros((mels.shape[0], EMBEDDING_SIZE), dtype=np.float32)
        with one_blas_thread():
            for begin in range(0, mels.shape[0], batch_size):
                out[begin : begin + batch_size] = self._forward(mels[begin : begin + batch_size])
        return out

    def _forward(self, mels: np.ndarray) -> np.ndarray:
        batch, steps, _ = mels.shape
        sequence = mels
        hidden = np.zeros((batch, 256), dtype=np.float32)
        for w_ih, w_hh, bias in self.layers:
            hidden = np.zeros((batch, 256), dtype=np.float32)
            cell = np.zeros((batch, 256), dtype=np.float32)
            outputs = np.empty((batch, steps, 256), dtype=np.float32)
            for first in range(0, steps, _PROJECTION_STEPS):
                # Input projections of a run of time steps at once (a whole window's would take
                # 0.6 MB per window); only the recurrence goes step by step.
                part = sequence[:, first : first + _PROJECTION_STEPS]
                projected = part.reshape(-1, part.shape[2]) @ w_ih
                projected += bias
                projected = projected.reshape(batch, part.shape[1], -1)
                for t in range(part.shape[1]):
                    gates = projected[:, t] + hidden @ w_hh
                    i_gate = _sigmoid(gates[:, :256])
                    f_gate = _sigmoid(gates[:, 256:512])
                    g_gate = np.tanh(gates[:, 512:768])
                    o_gate = _sigmoid(gates[:, 768:])
                    cell = f_gate * cell + i_gate * g_gate
                    hidden = o_gate * np.tanh(cell)
                    outputs[:, first + t] = hidden
            sequence = outputs
        raw = np.maximum(hidden @ self.w_out + self.b_out, 0.0)
        norms = np.linalg.norm(raw, axis=1, keepdims=True)
        return raw / np.maximum(norms, 1e-9)


@lru_cache(maxsize=1)
def load_encoder() -> VoiceEncoder:
    """The voice encoder, loaded once per process."""
    return VoiceEncoder.load()
