"""Whisper's log-mel features for a long chunk, computed a block at a time.

faster-whisper's ``FeatureExtractor`` builds the whole short-time Fourier transform of its input
at once: for ten minutes of audio the frames, their spectrum and its magnitudes took about
0.5 GB. :class:`BlockwiseFeatureExtractor` gives the same features (the same operations on the
same frames, 30 s of frames at a time) holding only the result, 19 MB per ten minutes.
"""

from __future__ import annotations

import numpy as np
from faster_whisper.feature_extractor import FeatureExtractor

#: Frames per block (30 s at 100 frames a second).
BLOCK_FRAMES = 3000


class BlockwiseFeatureExtractor(FeatureExtractor):
    """faster-whisper's feature extractor with the spectrum computed block by block."""

    def __call__(
        self, waveform: np.ndarray, padding: int = 160, chunk_length: int | None = None
    ) -> np.ndarray:
        if chunk_length is not None:
            self.n_samples = chunk_length * self.sampling_rate
            self.nb_max_frames = self.n_samples // self.hop_length
        padded = _reflect_padded(np.asarray(waveform, dtype=np.float32), padding, self.n_fft // 2)
        frames = 1 + (padded.size - self.n_fft) // self.hop_length - 1  # the last is dropped
        window = np.hanning(self.n_fft + 1)[:-1].astype(np.float32)
        out = np.empty((self.mel_filters.shape[0], max(frames, 0)), dtype=np.float32)
        step = padded.strides[0]
        for first in range(0, frames, BLOCK_FRAMES):
            count = min(BLOCK_FRAMES, frames - first)
            block = np.lib.stride_tricks.as_strided(
                padded[first * self.hop_length :],
                shape=(count, self.n_fft),
                strides=(self.hop_length * step, step),
                writeable=False,
            )
            spectrum = np.fft.rfft(block * window, n=self.n_fft, axis=-1).astype(np.complex64)
            magnitudes = np.abs(spectrum.T) ** 2
            mel = self.mel_filters @ magnitudes
            out[:, first : first + count] = np.log10(np.clip(mel, a_min=1e-10, a_max=None))
        if out.size:
            np.maximum(out, out.max() - 8.0, out=out)
        out += 4.0
        out /= 4.0
        return out


def _reflect_padded(waveform: np.ndarray, padding: int, half: int) -> np.ndarray:
    """``waveform`` with ``padding`` zeros appended, then reflected by ``half`` samples on both
    sides (``np.pad(..., mode="reflect")``), built in one array instead of two."""
    size = waveform.size + padding
    if size <= half:  # np.pad reflects repeatedly when the pad is longer than the signal
        return np.pad(np.pad(waveform, (0, padding)), (half, half), mode="reflect")
    padded = np.zeros(size + 2 * half, dtype=np.float32)
    padded[half : half + waveform.size] = waveform
    padded[:half] = padded[2 * half : half : -1]
    padded[half + size :] = padded[half + size - 2 : size - 2 : -1]
    return padded
