"""The stereo shortcut: one speaker per channel (e.g. two clip-on microphones)."""

from __future__ import annotations

import numpy as np

from analysis.diarize.assign import FRAME

#: A frame is dominated by one channel when it is this many dB louder than the other.
DOMINANCE_DB = 6.0
#: Share of speech frames that must be dominated by one channel for the shortcut.
MIN_DOMINATED = 0.8
#: Each channel must dominate at least this share of the speech frames.
MIN_CHANNEL_SHARE = 0.05


def frame_energies(stereo: np.ndarray, sample_rate: int = 16_000) -> np.ndarray:
    """Mean power per 10 ms frame and channel, shape (frames, channels), of ``stereo`` (n, ch)."""
    hop = int(sample_rate * FRAME)
    usable = stereo.shape[0] // hop * hop
    frames = stereo[:usable].reshape(-1, hop, stereo.shape[1]).astype(np.float64)
    return np.mean(frames**2, axis=1)


def channel_track(energies: np.ndarray, speech: np.ndarray | None = None) -> np.ndarray | None:
    """Speaker label per frame from the louder channel, or ``None`` when the channels don't
    separate the speakers (mono, a copied channel, one mixed recording in both).

    ``speech`` (bool per frame) marks frames with speech; without it, frames above the quietest
    tenth by 20 dB count as speech. Labels: 0 = left, 1 = right, -1 = no speech.
    """
    if energies.ndim != 2 or energies.shape[1] < 2 or energies.shape[0] == 0:
        return None
    left = 10 * np.log10(energies[:, 0] + 1e-10)
    right = 10 * np.log10(energies[:, 1] + 1e-10)
    loud = np.maximum(left, right)
    if speech is None:
        floor = float(np.percentile(loud, 10))
        speech = loud > max(floor + 20.0, -70.0)
    speech = speech[: len(loud)]
    if len(speech) < len(loud):
        speech = np.concatenate([speech, np.zeros(len(loud) - len(speech), dtype=bool)])
    if speech.sum() < 50:  # under half a second of speech: no basis to decide
        return None
    difference = (left - right)[speech]
    dominated = np.abs(difference) >= DOMINANCE_DB
    if dominated.mean() < MIN_DOMINATED:
        return None
    left_share = float((difference >= DOMINANCE_DB).mean())
    right_share = float((difference <= -DOMINANCE_DB).mean())
    if min(left_share, right_share) < MIN_CHANNEL_SHARE:
        return None
    track = np.full(len(loud), -1, dtype=np.int16)
    track[speech] = np.where(left[speech] >= right[speech], 0, 1)
    return track
