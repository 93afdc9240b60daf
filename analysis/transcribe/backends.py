"""Speech-recognition backends behind one small interface.

A backend turns one chunk of 16 kHz mono samples into our own :class:`Segment` records, with
times relative to the chunk. Library objects never leave this module.

* ``faster-whisper`` (default): CTranslate2, CPU, int8.
* ``openai-whisper`` (optional extra): PyTorch; imported only when chosen.

Both decode with Whisper's temperature fallback (seeded, so a run is repeatable), word
timestamps on, and the same Silero VAD (faster-whisper's), so results at identical weights and
settings are comparable. ``retry=True`` decodes a stretch again after a repetition loop:
sampling only (the fallback's temperatures above 0), another seed, no previous text.
"""

from __future__ import annotations

import functools
import logging
import os
import pickle
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from analysis.errors import ModelError
from analysis.records import Segment, Word
from analysis.transcribe import models, vad
from analysis.transcribe.audio import SAMPLE_RATE
from analysis.transcribe.ct2_convert import alignment_heads_dump
from analysis.transcribe.features import BlockwiseFeatureExtractor

if TYPE_CHECKING:
    from analysis.transcribe.options import TranscribeOptions

logger = logging.getLogger(__name__)

_OPENAI_EXTRA = 'pip install ".[openai-whisper]"'


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """What a backend returns for one chunk: the language and a lazy stream of segments."""

    language: str
    language_probability: float | None
    segments: Iterator[Segment]


class Backend(Protocol):
    """The interface every speech-recognition backend implements."""

    name: str

    def transcribe_chunk(
        self, audio: np.ndarray, language: str | None, prompt: str | None, *, retry: bool = False
    ) -> ChunkResult:
        """Transcribe ``audio`` (float32, 16 kHz mono); segment times relative to its start.

        ``retry``: a second attempt at audio whose first decoding looped (see module doc).
        """
        ...

    def detect_language(self, audio: np.ndarray) -> tuple[str, float] | None:
        """The most likely spoken language of ``audio`` and its probability, or ``None`` when
        the backend cannot tell (the transcript then keeps the language asked for)."""
        ...


#: Temperatures of a retry when the options hold none above 0 (Whisper's fallback ones).
RETRY_TEMPERATURES = (0.2, 0.4, 0.6, 0.8, 1.0)


def decoding_settings(
    options: TranscribeOptions, prompt: str | None, retry: bool
) -> tuple[tuple[float, ...], int, str | None, bool]:
    """(temperatures, seed, prompt, condition on previous text) for one decoding run."""
    if not retry:
        return options.temperatures, options.seed, prompt, options.condition_on_previous_text
    hotter = tuple(t for t in options.temperatures if t > 0) or RETRY_TEMPERATURES
    return hotter, options.seed + 1, None, False


def _time(value: float) -> float:
    return round(float(value), 3)


def make_segment(start: float, end: float, text: str, words: list[Word]) -> Segment | None:
    """A cleaned :class:`Segment`, or ``None`` when it holds no text.

    Texts are stripped; the segment's span is widened to cover its words, so word times always
    lie inside segment times.
    """
    text = text.strip()
    if not text:
        return None
    kept = tuple(word for word in words if word.text)
    if kept:
        start = min(start, kept[0].start)
        end = max(end, kept[-1].end)
    return Segment(start=_time(start), end=_time(max(end, start)), text=text, words=kept)


def make_word(start: float, end: float, text: str, probability: float | None) -> Word:
    """A cleaned :class:`Word` (stripped text, times in seconds rounded to milliseconds)."""
    start = _time(start)
    return Word(
        start=start,
        end=max(start, _time(end)),
        text=text.strip(),
        probability=None if probability is None else round(float(probability), 4),
    )


# --- faster-whisper ------------------------------------------------------------------------


def _create_faster_whisper(model: str, compute_type: str, threads: int) -> Any:
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ModelError(
            "faster-whisper is not installed: pip install faster-whisper",
            "Het programma voor spraakherkenning ontbreekt. Installeer: pip install faster-whisper",
        ) from exc

    source = models.resolve(model)  # base, a local folder, or a (downloaded) hub model
    try:
        return WhisperModel(
            str(source),
            device="cpu",
            compute_type=compute_type,
            cpu_threads=threads,
            num_workers=1,
            local_files_only=True,
        )
    except Exception as exc:  # CTranslate2 raises RuntimeError/ValueError for broken folders
        raise ModelError(
            f"cannot load Whisper model from {source}: {exc}",
            f"Het spraakmodel in {source} kan niet worden geladen. Is de map compleet?",
        ) from exc


#: Loaded models by (model, compute type, threads); at most two are kept.
_FASTER_WHISPER_MODELS: dict[tuple[str, str, int], Any] = {}
_models_lock = threading.Lock()


def _load_faster_whisper(model: str, compute_type: str, threads: int, seed: int) -> Any:
    """A loaded model, reused until it has sampled (see :meth:`FasterWhisperBackend.sampled`).

    CTranslate2 samples with one random generator per worker thread, seeded from the global
    seed when that thread first samples and never again. A model that has not sampled yet,
    loaded after ``set_random_seed(seed)``, therefore gives the same text for the same audio
    every time, fallback included.
    """
    key = (model, compute_type, threads)
    with _models_lock:
        loaded = _FASTER_WHISPER_MODELS.get(key)
        if loaded is None:
            import ctranslate2

            ctranslate2.set_random_seed(seed)
            loaded = _create_faster_whisper(model, compute_type, threads)
            while len(_FASTER_WHISPER_MODELS) >= 2:
                _FASTER_WHISPER_MODELS.pop(next(iter(_FASTER_WHISPER_MODELS)))
            _FASTER_WHISPER_MODELS[key] = loaded
        return loaded


def _forget_faster_whisper(model: Any) -> None:
    """Drop ``model`` from the cache: it has sampled, so its generator has moved on."""
    with _models_lock:
        for key, loaded in list(_FASTER_WHISPER_MODELS.items()):
            if loaded is model:
                del _FASTER_WHISPER_MODELS[key]


class FasterWhisperBackend:
    """faster-whisper (CTranslate2) on the CPU."""

    name = "faster-whisper"

    def __init__(self, options: TranscribeOptions) -> None:
        self.options = options
        self.model = _load_faster_whisper(
            options.model, options.compute_type, options.threads, options.seed
        )
        # Memory: the same log-mel features, computed 30 s at a time (see features.py).
        if not isinstance(self.model.feature_extractor, BlockwiseFeatureExtractor):
            self.model.feature_extractor = BlockwiseFeatureExtractor(**self.model.feat_kwargs)

    def sampled(self) -> None:
        """Note that this run sampled (temperature above 0): the next run gets a fresh model,
        so it starts from the seed again. This run keeps its model to the end."""
        _forget_faster_whisper(self.model)

    def transcribe_chunk(
        self, audio: np.ndarray, language: str | None, prompt: str | None, *, retry: bool = False
    ) -> ChunkResult:
        """Transcribe one chunk; segments are produced lazily while iterating."""
        temperatures, _seed, prompt, condition = decoding_settings(self.options, prompt, retry)
        # Memory: faster-whisper's vad_filter done here with bounded memory (same spans).
        speech = None
        if self.options.vad:
            audio, speech = vad.speech_only(audio)
        raw_segments, info = self.model.transcribe(
            audio,
            language=language,
            task="transcribe",
            beam_size=self.options.beam_size,
            temperature=list(temperatures),
            compression_ratio_threshold=self.options.compression_ratio_threshold,
            word_timestamps=True,
            vad_filter=False,
            condition_on_previous_text=condition,
            initial_prompt=prompt or None,
            hallucination_silence_threshold=self.options.hallucination_silence_threshold,
            hotwords=self.options.hotwords,
        )
        if speech:
            from faster_whisper.transcribe import restore_speech_timestamps

            raw_segments = restore_speech_timestamps(raw_segments, speech, SAMPLE_RATE)

        if retry or temperatures[0] > 0:
            self.sampled()

        def convert() -> Iterator[Segment]:
            for raw in raw_segments:
                if raw.temperature and raw.temperature > 0:
                    self.sampled()
                words = [
                    make_word(word.start, word.end, word.word, word.probability)
                    for word in raw.words or ()
                ]
                segment = make_segment(raw.start, raw.end, raw.text, words)
                if segment is not None:
                    yield segment

        return ChunkResult(info.language, info.language_probability, convert())

    def detect_language(self, audio: np.ndarray) -> tuple[str, float]:
        """The most likely spoken language of ``audio`` and its probability."""
        language, probability, _ = self.model.detect_language(audio, vad_filter=self.options.vad)
        return language, float(probability)


# --- openai-whisper ------------------------------------------------------------------------

_torch_lock = threading.Lock()


def _import_openai_whisper() -> tuple[Any, Any]:
    # Idle OpenMP threads sleep instead of spinning: with spinning, two torch threads on a
    # busy two-core machine ran many times slower than one. Only effective before torch loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import torch
        import whisper
    except ImportError as exc:
        raise ModelError(
            f"the openai-whisper backend is not installed: {_OPENAI_EXTRA}",
            f"De optie openai-whisper is niet geïnstalleerd. Installeer: {_OPENAI_EXTRA}",
        ) from exc
    return torch, whisper


def load_openai_model(checkpoint: Path) -> Any:
    """Load an openai-whisper checkpoint strictly, applying its stored alignment heads."""
    torch, _whisper = _import_openai_whisper()
    from whisper.model import ModelDimensions, Whisper

    try:
        data = torch.load(checkpoint, map_location="cpu", weights_only=True)
        dims = ModelDimensions(**data["dims"])
        model = Whisper(dims)
        model.load_state_dict(data["model_state_dict"], strict=True)
    except (OSError, RuntimeError, KeyError, TypeError, ValueError, pickle.UnpicklingError) as exc:
        raise ModelError(
            f"cannot load openai-whisper checkpoint {checkpoint}: {exc}",
            f"Het spraakmodel {checkpoint.name} kan niet worden geladen; het is beschadigd "
            "of van een ander soort.",
        ) from exc
    heads = data.get("alignment_heads")
    if heads:
        model.set_alignment_heads(alignment_heads_dump(heads, dims.n_text_layer, dims.n_text_head))
    return model.eval()


@functools.lru_cache(maxsize=2)
def _load_openai_whisper(model: str) -> Any:
    _torch, whisper = _import_openai_whisper()
    if model == models.BASE_MODEL_NAME:
        return load_openai_model(models.ensure_base_openai_checkpoint())
    path = Path(model).expanduser()
    if path.is_file():
        return load_openai_model(path)
    if model in whisper.available_models():
        try:
            return whisper.load_model(
                model, device="cpu", download_root=str(models.cache_dir() / "openai-whisper")
            )
        except Exception as exc:  # urllib / torch errors when offline
            raise ModelError(*models.describe_unavailable(model)) from exc
    raise ModelError(*models.describe_unavailable(model))


def speech_regions(audio: np.ndarray) -> list[dict[str, int]]:
    """Silero VAD speech regions (sample indices), as faster-whisper's ``vad_filter`` finds."""
    return vad.speech_timestamps(audio)


class OpenAIWhisperBackend:
    """openai-whisper (PyTorch) on the CPU, fp32."""

    name = "openai-whisper"

    def __init__(self, options: TranscribeOptions) -> None:
        self.options = options
        self.torch, self.whisper = _import_openai_whisper()
        self.model = _load_openai_whisper(options.model)

    def transcribe_chunk(
        self, audio: np.ndarray, language: str | None, prompt: str | None, *, retry: bool = False
    ) -> ChunkResult:
        """Transcribe one chunk in one go (openai-whisper has no segment stream).

        openai-whisper has no ``hotwords``: they go first into the initial prompt.
        """
        temperatures, seed, prompt, condition = decoding_settings(self.options, prompt, retry)
        prompt = " ".join(filter(None, (self.options.hotwords, prompt))) or None
        from faster_whisper.vad import SpeechTimestampsMap, collect_chunks

        regions = None
        if self.options.vad:
            regions = speech_regions(audio)
            if not regions:
                return ChunkResult(language or "", None, iter(()))
            pieces, _ = collect_chunks(audio, regions, sampling_rate=SAMPLE_RATE)
            audio = np.concatenate(pieces)
        beam = self.options.beam_size if self.options.beam_size > 1 else None
        with _torch_lock:
            self.torch.set_num_threads(max(1, self.options.threads))
            self.torch.manual_seed(seed)
            with self.torch.inference_mode():
                result = self.whisper.transcribe(
                    self.model,
                    audio,
                    language=language,
                    task="transcribe",
                    beam_size=beam,
                    best_of=5,  # used by the sampling temperatures only
                    temperature=temperatures,
                    compression_ratio_threshold=self.options.compression_ratio_threshold,
                    word_timestamps=True,
                    condition_on_previous_text=condition,
                    initial_prompt=prompt,
                    hallucination_silence_threshold=self.options.hallucination_silence_threshold,
                    fp16=False,
                    verbose=None,
                )
        timeline = SpeechTimestampsMap(regions, SAMPLE_RATE) if regions else None

        def convert() -> Iterator[Segment]:
            for raw in result["segments"]:
                words = [
                    make_word(word["start"], word["end"], word["word"], word.get("probability"))
                    for word in raw.get("words") or ()
                ]
                start, end = float(raw["start"]), float(raw["end"])
                if timeline is not None:
                    start, end, words = _restore_times(timeline, start, end, words)
                segment = make_segment(start, end, raw["text"], words)
                if segment is not None:
                    yield segment

        return ChunkResult(result.get("language") or language or "", None, convert())

    def detect_language(self, audio: np.ndarray) -> tuple[str, float] | None:
        """Not done here: openai-whisper detects the language only inside its decoding."""
        return None


def _restore_times(
    timeline: Any, start: float, end: float, words: list[Word]
) -> tuple[float, float, list[Word]]:
    """Map times on the VAD-concatenated audio back to the chunk (as faster-whisper does)."""
    if not words:
        return (
            timeline.get_original_time(start),
            timeline.get_original_time(end, is_end=True),
            words,
        )
    restored = []
    for word in words:
        index = timeline.get_chunk_index((word.start + word.end) / 2)
        restored.append(
            Word(
                start=_time(timeline.get_original_time(word.start, index)),
                end=_time(timeline.get_original_time(word.end, index)),
                text=word.text,
                probability=word.probability,
            )
        )
    return restored[0].start, restored[-1].end, restored


#: Every speech-recognition backend by name: a class taking the options (adding a backend is
#: one entry here). The first is the default.
BACKENDS: dict[str, Callable[[TranscribeOptions], Backend]] = {
    FasterWhisperBackend.name: FasterWhisperBackend,
    OpenAIWhisperBackend.name: OpenAIWhisperBackend,
}


def release_models() -> None:
    """Free every loaded speech model; the next transcription loads its model afresh."""
    with _models_lock:
        _FASTER_WHISPER_MODELS.clear()
    _load_openai_whisper.cache_clear()


def get_backend(options: TranscribeOptions) -> Backend:
    """The backend named in ``options``, with its model loaded (cached per settings)."""
    make = BACKENDS.get(options.backend)
    if make is None:
        raise ModelError(
            f"unknown backend {options.backend!r} (choose from {', '.join(BACKENDS)})",
            f"Onbekende spraakherkenner '{options.backend}'. Kies uit: {', '.join(BACKENDS)}.",
        )
    return make(options)
