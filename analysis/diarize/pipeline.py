"""Who speaks when: the whole run from a recording and its transcript to labelled turns."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np

from analysis.diarize.assign import FRAME, label_track, relabel, relabel_with_names
from analysis.diarize.cluster import MAX_SPEAKERS, cluster_embeddings
from analysis.diarize.encoder import SAMPLE_RATE, load_encoder, one_blas_thread
from analysis.diarize.pitch import median_pitch
from analysis.diarize.regions import Region, Window
from analysis.diarize.roles import propose_roles
from analysis.diarize.stereo import channel_track, frame_energies
from analysis.diarize.stream import PITCH_SECONDS, scan
from analysis.errors import AudioError
from analysis.heap import release_freed_heap
from analysis.records import Transcript
from analysis.transcribe import audio
from analysis.transcribe.options import DEFAULT_MAX_DURATION

logger = logging.getLogger(__name__)

#: Regions shorter than this are too short for a reliable voice print: they are not used to
#: find the speakers, only labelled afterwards by the nearest speaker.
MIN_STRETCH = 0.7
#: Windows clustered at most (about 40 minutes of speech); the others follow the nearest speaker.
MAX_CLUSTERED = 3000
#: Seconds of each speaker's speech (from the starts of its regions) used for the pitch cue.
_PITCH_AUDIO = 60.0


@dataclass
class SpeakerTrack:
    """What separation found: the speech regions, windows, labels and the per-frame track."""

    regions: list[Region] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    labels: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    track: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int16))
    duration: float = 0.0
    stereo: bool = False
    #: Median pitch (Hz) per label, where it could be measured.
    pitch: dict[int, float] = field(default_factory=dict)

    @property
    def speaker_count(self) -> int:
        heard = self.track[self.track >= 0]
        return len(set(heard.tolist()))


def _decode(path: Path, max_duration: float) -> Iterator[np.ndarray]:
    """Blocks of 16 kHz samples, shape (n, channels) with 1 or 2 channels."""
    limit = int((max_duration + 1.0) * SAMPLE_RATE)
    total = 0
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioError(
                    f"no audio track in {path}", f"Het bestand '{path.name}' bevat geen geluid."
                )
            context = container.streams.audio[0].codec_context
            channels = getattr(context, "channels", 0) or len(context.layout.channels) or 1
            layout = "stereo" if channels >= 2 else "mono"
            width = 2 if channels >= 2 else 1
            resampler = av.AudioResampler(format="s16", layout=layout, rate=SAMPLE_RATE)
            for frame in itertools.chain(container.decode(audio=0), [None]):
                for out in resampler.resample(frame):
                    block = out.to_ndarray().reshape(-1, width).astype(np.float32) / 32768.0
                    total += block.shape[0]
                    if total > limit:
                        raise audio.too_long(path, total / SAMPLE_RATE, max_duration)
                    yield block
    except AudioError:
        raise
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise AudioError(
            f"cannot decode audio file {path}: {exc}",
            f"Het bestand '{path.name}' is geen geluidsbestand dat we kunnen lezen, of het is "
            "beschadigd.",
        ) from exc


def analyse_audio(
    path: Path,
    num_speakers: int | None = None,
    max_duration: float = DEFAULT_MAX_DURATION,
    use_stereo: bool = True,
) -> SpeakerTrack:
    """Find who speaks when in the recording at ``path`` (1–4 speakers).

    Numpy's matrix products run on one thread meanwhile: on a busy two-core machine a second
    BLAS thread made it three times slower.
    """
    with one_blas_thread():
        found = _analyse_audio(Path(path), num_speakers, max_duration, use_stereo)
    release_freed_heap()
    return found


def _analyse_audio(
    path: Path, num_speakers: int | None, max_duration: float, use_stereo: bool
) -> SpeakerTrack:
    audio.check_file(path)
    encoder = load_encoder()
    energies: list[np.ndarray] = []
    is_stereo = False
    carry = np.zeros((0, 2), dtype=np.float32)
    hop = int(SAMPLE_RATE * FRAME)

    def mono_blocks() -> Iterator[np.ndarray]:
        nonlocal is_stereo, carry
        for block in _decode(path, max_duration):
            if block.shape[1] == 2:
                is_stereo = True
                joined = np.concatenate([carry, block])
                usable = joined.shape[0] // hop * hop
                energies.append(frame_energies(joined[:usable]))
                carry = joined[usable:]
                yield block.mean(axis=1)
            else:
                yield block[:, 0]

    started = time.perf_counter()
    scanned = scan(mono_blocks(), encoder)
    result = SpeakerTrack(
        regions=scanned.regions, windows=scanned.windows, duration=scanned.duration
    )
    vectors = scanned.embeddings

    if is_stereo and use_stereo and energies:
        all_energies = np.concatenate(energies)
        speech = np.zeros(len(all_energies), dtype=bool)
        for region in result.regions:
            speech[int(region.start / FRAME) : int(region.end / FRAME)] = True
        track = channel_track(all_energies, speech)
        if track is not None:
            logger.info("stereo recording with one speaker per channel: channels used directly")
            result.stereo = True
            result.track = track
            result.labels = np.zeros(len(result.windows), dtype=int)
    if not result.stereo:
        result.labels = cluster_windows(result.regions, result.windows, vectors, num_speakers)
        result.track = label_track(result.regions, result.windows, result.labels, result.duration)
    result.pitch = _pitch_per_label(result, scanned.pitches)
    logger.info(
        "speaker separation of %s: %d regions, %d windows, %d speakers in %.1f s",
        path.name,
        len(result.regions),
        len(result.windows),
        result.speaker_count,
        time.perf_counter() - started,
    )
    return result


def _pitch_per_label(result: SpeakerTrack, pitches: list[np.ndarray]) -> dict[int, float]:
    """Median pitch per speaker label, from up to a minute of its regions' measured starts."""
    found: dict[int, list[np.ndarray]] = {}
    heard: dict[int, float] = {}
    for region, values in zip(result.regions, pitches, strict=True):
        middle = int((region.start + region.end) / 2 / FRAME)
        if not 0 <= middle < result.track.size or result.track[middle] < 0:
            continue
        label = int(result.track[middle])
        if heard.get(label, 0.0) < _PITCH_AUDIO:
            found.setdefault(label, []).append(values)
            heard[label] = heard.get(label, 0.0) + min(region.duration, PITCH_SECONDS)
    out = {}
    for label, pieces in found.items():
        pitch = median_pitch(np.concatenate(pieces))
        if pitch is not None:
            out[label] = pitch
    return out


def cluster_windows(
    regions: list[Region],
    windows: list[Window],
    embeddings: np.ndarray,
    num_speakers: int | None = None,
) -> np.ndarray:
    """Speaker label per window: clustered on windows of long enough regions, the rest by the
    nearest speaker's mean embedding."""
    if not windows:
        return np.zeros(0, dtype=int)
    reliable = np.array([regions[w.region].duration >= MIN_STRETCH for w in windows])
    if reliable.sum() < 2:
        reliable = np.ones(len(windows), dtype=bool)
    if reliable.sum() > MAX_CLUSTERED:
        # A long recording: cluster an evenly spread subset, label the rest by nearest speaker.
        chosen = np.flatnonzero(reliable)
        keep = chosen[np.linspace(0, chosen.size - 1, MAX_CLUSTERED).astype(int)]
        reliable = np.zeros(len(windows), dtype=bool)
        reliable[keep] = True
    weights = np.array([w.end - w.start for w in windows])
    found = cluster_embeddings(embeddings[reliable], num_speakers, weights[reliable], MAX_SPEAKERS)
    labels = np.zeros(len(windows), dtype=int)
    labels[reliable] = found
    count = int(found.max()) + 1 if found.size else 1
    if (~reliable).any() and count > 1:
        centres = np.stack([embeddings[reliable][found == k].mean(axis=0) for k in range(count)])
        centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-9)
        labels[~reliable] = np.argmax(embeddings[~reliable] @ centres.T, axis=1)
    return labels


def diarize(
    audio_path: Path, transcript: Transcript, num_speakers: int | None = None
) -> Transcript:
    """A copy of ``transcript`` with each word given to a speaker and turns re-formed.

    Speakers are named "Spreker 1", "Spreker 2", … in order of first speech, roles unknown (see
    :func:`separate_speakers` for roles too). ``num_speakers`` (1–4) fixes the count; without it
    the count is found from the audio. A transcript without times is returned unchanged.
    """
    if not transcript.has_times:
        logger.warning("transcript has no times; speakers cannot be separated")
        return transcript
    found = analyse_audio(Path(audio_path), num_speakers)
    if not found.track.size or (found.track < 0).all():
        logger.warning("no speech found for speaker separation; transcript left as is")
        return transcript
    return relabel(transcript, found.track)


def separate_speakers(
    path: Path, transcript: Transcript, num_speakers: int | None = None
) -> Transcript:
    """Diarize ``transcript`` from the recording at ``path`` and propose roles from the talk.

    Meant to run right after :func:`analysis.transcribe.transcribe`.
    """
    if not transcript.has_times:
        logger.warning("transcript has no times; speakers cannot be separated")
        return propose_roles(transcript)
    found = analyse_audio(Path(path), num_speakers)
    if not found.track.size or (found.track < 0).all():
        return propose_roles(transcript)
    labelled, names = relabel_with_names(transcript, found.track)
    pitch = {names[label]: hz for label, hz in found.pitch.items() if label in names}
    return propose_roles(labelled, pitch=pitch)
