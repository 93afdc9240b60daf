"""The streaming front-end of speaker separation: audio blocks in; speech regions, encoder
windows, voice prints and pitch out.

The recording is read once, as it is decoded, and only a short stretch of it is held at a
time: the block being read (``STEP_SECONDS``) plus the speech region still open (at most
``MAX_REGION_SECONDS``). A region is embedded as soon as the voice activity detector has
closed it, and its audio is dropped. Memory does not grow with the length of the recording
(only the per-window voice prints do, 1 KB per 0.8 s of speech).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from analysis.diarize.encoder import EMBEDDING_SIZE, SAMPLE_RATE, VoiceEncoder
from analysis.diarize.pitch import voiced_pitches
from analysis.diarize.regions import Region, RegionDetector, Window, make_windows, window_mels

#: Audio handed to the voice activity detector at a time (seconds).
STEP_SECONDS = 30.0
#: Longer speech regions are split (at a short pause if there is one), so the audio kept for
#: an unfinished region stays bounded even when noise keeps the detector on.
MAX_REGION_SECONDS = 30.0
#: Windows embedded per encoder call; the activations take about 0.7 MB per window.
EMBED_BATCH = 64
#: Audio per region (from its start) measured for the pitch cue.
PITCH_SECONDS = 2.0
_PITCH_SAMPLES = int(PITCH_SECONDS * SAMPLE_RATE)
#: Extra audio kept before the first sample a coming region can start at (10 ms).
_MARGIN = 160


@dataclass
class Scan:
    """What one pass over the audio found."""

    regions: list[Region] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    #: L2-normalised voice print per window, (len(windows), 256) float32.
    embeddings: np.ndarray = field(
        default_factory=lambda: np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
    )
    #: Per region: the pitch (Hz) of the voiced frames in its first ``PITCH_SECONDS``.
    pitches: list[np.ndarray] = field(default_factory=list)
    duration: float = 0.0
    #: The most samples of audio held at once.
    held: int = 0


def scan(
    blocks: Iterable[np.ndarray],
    encoder: VoiceEncoder,
    step_seconds: float = STEP_SECONDS,
    max_region: float = MAX_REGION_SECONDS,
) -> Scan:
    """Find the speech regions in ``blocks`` (16 kHz mono float32) and embed their windows.

    Regions and windows are those of :func:`~analysis.diarize.regions.speech_regions` and
    :func:`~analysis.diarize.regions.make_windows` on the whole recording (with regions split
    after ``max_region`` seconds), computed on the fly.
    """
    detector = RegionDetector(max_speech=max_region)
    result = Scan()
    step = max(int(step_seconds * SAMPLE_RATE), 1)
    buffer = np.zeros(0, dtype=np.float32)
    buffer_start = 0  # sample index of buffer[0] in the recording
    mels: list[np.ndarray] = []
    waiting = 0  # windows in ``mels``
    vectors: list[np.ndarray] = []

    def embed(force: bool) -> None:
        nonlocal waiting
        if waiting and (force or waiting >= EMBED_BATCH):
            vectors.append(encoder.forward(np.concatenate(mels), batch_size=EMBED_BATCH))
            mels.clear()
            waiting = 0

    def take(regions: list[Region]) -> None:
        nonlocal waiting
        offset = buffer_start / SAMPLE_RATE
        for region in regions:
            index = len(result.regions)
            result.regions.append(region)
            windows = [Window(w.start, w.end, index) for w in make_windows([region])]
            result.windows.extend(windows)
            mels.append(window_mels(buffer, windows, offset))
            waiting += len(windows)
            begin = max(0, round((region.start - offset) * SAMPLE_RATE))
            end = min(round((region.end - offset) * SAMPLE_RATE), begin + _PITCH_SAMPLES)
            result.pitches.append(voiced_pitches(buffer[begin:end]))
            embed(force=False)

    def process(samples: np.ndarray) -> None:
        nonlocal buffer, buffer_start
        buffer = np.concatenate([buffer, samples])
        result.held = max(result.held, buffer.size)
        take(detector.feed(samples))
        drop = detector.keep_from - _MARGIN - buffer_start
        if drop > 0:
            buffer = buffer[drop:]
            buffer_start += drop

    pieces: list[np.ndarray] = []
    size = total = 0
    for block in blocks:
        block = np.asarray(block, dtype=np.float32).reshape(-1)
        pieces.append(block)
        size += block.size
        total += block.size
        if size >= step:
            process(np.concatenate(pieces))
            pieces, size = [], 0
    if pieces:
        process(np.concatenate(pieces))
    take(detector.finish())
    embed(force=True)
    result.duration = total / SAMPLE_RATE
    if vectors:
        result.embeddings = np.concatenate(vectors)
    return result
