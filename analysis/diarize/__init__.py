"""Who speaks: offline speaker separation (diarization) and roles proposed from the talk.

Public API::

    from analysis.diarize import separate_speakers

    transcript = separate_speakers(Path("gesprek.m4a"), transcribe(Path("gesprek.m4a")))

Steps: Silero VAD speech regions (the ONNX model faster-whisper ships) → a voice print per 1.6 s
window (Resemblyzer's encoder, run in numpy from ``analysis/assets``), both computed while
the audio is decoded, holding under a minute of it at a time (``stream.py``) → agglomerative
clustering with an automatic speaker count (1–4) → each word to the speaker heard during it →
turns of consecutive words. A stereo recording with one speaker per channel uses the channels
directly. See ``docs/speakers.md``.
"""

from __future__ import annotations

from analysis.diarize.assign import assign_words, label_span, label_track, relabel
from analysis.diarize.cluster import cluster_embeddings, silhouette
from analysis.diarize.encoder import VoiceEncoder, load_encoder, mel_spectrogram
from analysis.diarize.pipeline import (
    SpeakerTrack,
    analyse_audio,
    cluster_windows,
    diarize,
    separate_speakers,
)
from analysis.diarize.pitch import median_pitch, voiced_pitches
from analysis.diarize.regions import (
    Region,
    RegionDetector,
    Window,
    embed_windows,
    make_windows,
    speech_regions,
)
from analysis.diarize.roles import count_questions, propose_roles
from analysis.diarize.stereo import channel_track, frame_energies
from analysis.diarize.stream import Scan, scan

__all__ = [
    "Region",
    "RegionDetector",
    "Scan",
    "SpeakerTrack",
    "VoiceEncoder",
    "Window",
    "analyse_audio",
    "assign_words",
    "channel_track",
    "cluster_embeddings",
    "cluster_windows",
    "count_questions",
    "diarize",
    "embed_windows",
    "frame_energies",
    "label_span",
    "label_track",
    "load_encoder",
    "make_windows",
    "median_pitch",
    "mel_spectrogram",
    "propose_roles",
    "relabel",
    "scan",
    "separate_speakers",
    "silhouette",
    "speech_regions",
    "voiced_pitches",
]
