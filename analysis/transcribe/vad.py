"""Silero voice activity detection (the model faster-whisper ships) over a stream of audio."""

from __future__ import annotations

import numpy as np

from analysis.transcribe.audio import SAMPLE_RATE

#: Silero VAD reads 512-sample windows (32 ms), each with the 64 samples before it as context.
VAD_WINDOW = 512
_VAD_CONTEXT = 64
#: VAD windows per ONNX call (about 32 s). faster-whisper passes up to 10,000 (5 minutes) at
#: once, which needs about 200 MB of activations.
_VAD_BATCH = 1000


class SpeechDetector:
    """Silero VAD over a stream of 16 kHz mono blocks: speech (sample spans) as it becomes final.

    Gives the spans faster-whisper's ``get_speech_timestamps`` gives on the whole array (the
    same model, its recurrent state carried from block to block, and the same rules for
    thresholds, pauses, padding and the longest span; the defaults are faster-whisper's
    ``VadOptions``), while holding only a few seconds of state. ``max_speech`` (seconds) splits
    longer spans, at a short pause when there is one.

    Feed blocks with :meth:`feed`, then call :meth:`finish`; both return the ``(start, end)``
    sample spans that are final, in order. :attr:`keep_from` is the first sample a span not yet
    returned can start at, so audio before it may be dropped.
    """

    def __init__(
        self,
        threshold: float = 0.5,
        min_silence: float = 2.0,
        min_speech: float = 0.0,
        pad: float = 0.4,
        max_speech: float = float("inf"),
    ) -> None:
        from faster_whisper.vad import get_vad_model

        self._session = get_vad_model().session
        self._state = np.zeros((2, 1, 1, 128), dtype=np.float32)  # the LSTM's h and c
        self._context = np.zeros(_VAD_CONTEXT, dtype=np.float32)
        self._pending = np.zeros(0, dtype=np.float32)
        self._threshold = threshold
        self._neg_threshold = max(threshold - 0.15, 0.01)
        # In samples, computed from milliseconds as faster-whisper does (same rounding).
        self._min_silence = SAMPLE_RATE * round(min_silence * 1000) / 1000
        self._min_speech = SAMPLE_RATE * round(min_speech * 1000) / 1000
        self._pad = SAMPLE_RATE * round(pad * 1000) / 1000
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
        self._samples = 0

    @property
    def keep_from(self) -> int:
        """The first sample a span not yet returned can start at."""
        if self._found:
            first = self._found[0][0]
        elif self._triggered:
            first = self._start
        else:
            first = self._index * VAD_WINDOW
        return max(0, int(first - self._pad))

    @property
    def samples(self) -> int:
        """Samples fed so far."""
        return self._samples

    def feed(self, samples: np.ndarray) -> list[tuple[int, int]]:
        """Take the next block; returns the spans that are final now."""
        samples = np.asarray(samples, dtype=np.float32).reshape(-1)
        self._samples += samples.size
        joined = np.concatenate([self._pending, samples])
        usable = joined.size // VAD_WINDOW * VAD_WINDOW
        self._pending = joined[usable:]
        for begin in range(0, usable, _VAD_BATCH * VAD_WINDOW):
            windows = joined[begin : min(usable, begin + _VAD_BATCH * VAD_WINDOW)]
            self._step(self._probabilities(windows.reshape(-1, VAD_WINDOW)))
        return self._release(final=False)

    def finish(self) -> list[tuple[int, int]]:
        """End of the audio: the remaining spans."""
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

    def _release(self, final: bool) -> list[tuple[int, int]]:
        """The found speeches whose end is settled."""
        # Where the next speech starts at the earliest.
        next_start = self._start if self._triggered else self._index * VAD_WINDOW
        if not self._found:
            return []
        settled = len(self._found) - 1
        if final or next_start - self._raw_end >= 2 * self._pad:
            self._found[-1][1] = int(min(self._samples, self._raw_end + self._pad))
            settled += 1
        out = [(start, end) for start, end in self._found[:settled]]
        del self._found[:settled]
        self._returned += settled
        return out


def speech_timestamps(samples: np.ndarray, **options: float) -> list[dict[str, int]]:
    """``faster_whisper.vad.get_speech_timestamps(samples)`` with bounded memory: the same
    ``{"start", "end"}`` sample spans (``options`` as :class:`SpeechDetector` takes them).

    faster-whisper runs the model on up to five minutes of audio at once (about 0.2 GB of
    activations for ten minutes); here it runs on 32 s at a time.
    """
    detector = SpeechDetector(**options)
    spans = detector.feed(samples) + detector.finish()
    return [{"start": start, "end": end} for start, end in spans]


def speech_only(samples: np.ndarray) -> tuple[np.ndarray, list[dict[str, int]]]:
    """What faster-whisper's ``vad_filter`` keeps of ``samples``: the speech spans (its default
    options) joined, and the spans. Same result, bounded memory (see :func:`speech_timestamps`).
    """
    spans = speech_timestamps(samples)
    if not spans:
        return np.zeros(0, dtype=np.float32), spans
    return np.concatenate([samples[span["start"] : span["end"]] for span in spans]), spans
