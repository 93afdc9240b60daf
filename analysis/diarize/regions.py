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


#: Silero VAD reads 512-sample windows (32 ms), each with the 64 samples before it as context.
VAD_WINDOW = 512
_VAD_CONTEXT = 64
#: VAD windows per ONNX call (about 32 s). faster-whisper passes up to 10,000 (5 minutes) at
#: once, which needs about 200 MB of activations.
_VAD_BATCH = 1000


class SpeechDetector:
    """Silero VAD over a stream of 16 kHz mono blocks: speech regions as they become final.

    Gives the regions faster-whisper's ``get_speech_timestamps`` gives on the whole array (the
    same model, its recurrent state carried from block to block, and the same rules for
    thresholds, pauses, padding and the longest region), while holding only a few seconds of
    state. ``max_speech`` (seconds) splits longer regions, at a short pause when there is one.

    Feed blocks with :meth:`feed`, then call :meth:`finish`; both return the regions that are
    final, in order. :attr:`keep_from` is the first sample a region not yet returned can
    start at, so audio before it may be dropped.
    """

    def __init__(
        self,
        threshold: float = 0.5,
        min_silence: float = 0.3,
        min_speech: float = 0.25,
        pad: float = 0.1,
        max_speech: float = float("inf"),
    ) -> None:
        from faster_whisper.vad import get_vad_model

        self._session = get_vad_model().session
        self._state = np.zeros((2, 1, 1, 128), dtype=np.float32)  # the LSTM's h and c
        self._context = np.zeros(_VAD_CONTEXT, dtype=np.float32)
        self._pending = np.zeros(0, dtype=np.float32)
        self._threshold = threshold
        self._neg_threshold = max(threshold - 0.15, 0.01)
        self._min_silence = SAMPLE_RATE * min_silence
        self._min_speech = SAMPLE_RATE * min_speech
        self._pad = SAMPLE_RATE * pad
        self._max_speech = SAMPLE_RATE * max_speech - VAD_WINDOW - 2 * self._pad
        self._min_silence_at_max = SAMPLE_RATE * 98 / 1000
        # State of faster-whisper's loop over window probabilities (sample positions).
        self._index = 0
        self._triggered = False
        self._start = 0
        self._temp_end = self._prev_end = self._next_start = 0
        # Found speeches [start, end] not yet returned (padded start; end padded once the
        # next speech's start is known), the raw end of the last one, how many were returned.
        self._found: list[list[int]] = []
        self._raw_end = 0
        self._returned = 0
        self._last_end = 0.0
        self._samples = 0

    @property
    def keep_from(self) -> int:
        """The first sample a region not yet returned can start at."""
        if self._found:
            first = self._found[0][0]
        elif self._triggered:
            first = self._start
        else:
            first = self._index * VAD_WINDOW
        return max(0, int(first - self._pad))

    def feed(self, samples: np.ndarray) -> list[Region]:
        """Take the next block; returns the regions that are final now."""
        samples = np.asarray(samples, dtype=np.float32).reshape(-1)
        self._samples += samples.size
        joined = np.concatenate([self._pending, samples])
        usable = joined.size // VAD_WINDOW * VAD_WINDOW
        self._pending = joined[usable:]
        for begin in range(0, usable, _VAD_BATCH * VAD_WINDOW):
            windows = joined[begin : min(usable, begin + _VAD_BATCH * VAD_WINDOW)]
            self._step(self._probabilities(windows.reshape(-1, VAD_WINDOW)))
        return self._release(final=False)

    def finish(self) -> list[Region]:
        """End of the audio: the remaining regions."""
        # As faster-whisper pads the audio: zeros up to a whole window (a whole window of
        # zeros when it already ends on one).
        last = np.zeros(VAD_WINDOW, dtype=np.float32)
        last[: self._pending.size] = self._pending
        self._pending = np.zeros(0, dtype=np.float32)
        self._step(self._probabilities(last[None, :]))
        if self._triggered and self._samples - self._start > self._min_speech:
            self._append(self._start, self._samples)
        self._triggered = False
        return self._release(final=True)

    def _probabilities(self, windows: np.ndarray) -> np.ndarray:
        context = np.concatenate([self._context[None, :], windows[:-1, -_VAD_CONTEXT:]])
        self._context = windows[-1, -_VAD_CONTEXT:].copy()
        batch = np.concatenate([context, windows], axis=1)
        output, h, c = self._session.run(
            None, {"input": batch, "h": self._state[0], "c": self._state[1]}
        )
        self._state = np.stack([h, c])
        return np.asarray(output, dtype=np.float32).reshape(-1)

    def _step(self, probabilities: np.ndarray) -> None:
        """faster-whisper's ``get_speech_timestamps`` loop, one window probability at a time."""
        for probability in probabilities.tolist():
            position = VAD_WINDOW * self._index
            self._index += 1
            speech = probability >= self._threshold
            if speech and self._temp_end:
                self._temp_end = 0
                if self._next_start < self._prev_end:
                    self._next_start = position
            if speech and not self._triggered:
                self._triggered = True
                self._start = position
                continue
            if self._triggered and position - self._start > self._max_speech:
                if self._prev_end:
                    self._append(self._start, self._prev_end)
                    if self._next_start < self._prev_end:
                        self._triggered = False
                    else:
                        self._start = self._next_start
                    self._prev_end = self._next_start = self._temp_end = 0
                else:
                    self._append(self._start, position)
                    self._prev_end = self._next_start = self._temp_end = 0
                    self._triggered = False
                    continue
            if probability < self._neg_threshold and self._triggered:
                if not self._temp_end:
                    self._temp_end = position
                if position - self._temp_end > self._min_silence_at_max:
                    self._prev_end = self._temp_end
                if position - self._temp_end < self._min_silence:
                    continue
                if self._temp_end - self._start > self._min_speech:
                    self._append(self._start, self._temp_end)
                self._prev_end = self._next_start = self._temp_end = 0
                self._triggered = False

    def _append(self, start: int, end: int) -> None:
        """A speech found: pad its start, and settle the previous one's end, as faster-whisper
        pads them (half the pause each when it is shorter than two paddings)."""
        if self._found or self._returned:
            silence = start - self._raw_end
            if silence < 2 * self._pad:
                shift = int(silence // 2)
                if self._found:
                    self._found[-1][1] = self._raw_end + shift
                start = int(max(0, start - shift))
            else:
                if self._found:
                    self._found[-1][1] = int(self._raw_end + self._pad)
                start = int(max(0, start - self._pad))
        else:
            start = int(max(0, start - self._pad))
        self._raw_end = end
        self._found.append([start, end])

    def _release(self, final: bool) -> list[Region]:
        """The found speeches whose end is settled, as regions."""
        # Where the next speech starts at the earliest.
        next_start = self._start if self._triggered else self._index * VAD_WINDOW
        settled = len(self._found) - 1
        if self._found and (final or next_start - self._raw_end >= 2 * self._pad):
            self._found[-1][1] = int(min(self._samples, self._raw_end + self._pad))
            settled += 1
        out = []
        for speech in self._found[:settled]:
            region = self._region(speech)
            if region is not None:
                out.append(region)
        del self._found[:settled]
        self._returned += settled
        return out

    def _region(self, speech: list[int]) -> Region | None:
        start = speech[0] / SAMPLE_RATE
        end = min(speech[1], self._samples) / SAMPLE_RATE
        start = max(start, self._last_end)  # padding made them touch
        if end <= start:
            return None
        self._last_end = round(end, 3)
        return Region(round(start, 3), round(end, 3))


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
    detector = SpeechDetector(min_silence=min_silence, min_speech=min_speech, pad=pad)
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
