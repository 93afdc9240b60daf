"""The openai-whisper backend and the CTranslate2 → openai-whisper conversion.

Needs the optional extra (torch + openai-whisper); skipped with a reason without it. The code
path is tested with a random tiny model; the parity test converts the real base model and
compares both backends on a real Flemish clip read from ../shared.
"""

from __future__ import annotations

import difflib
import struct
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from analysis.errors import ModelError
from analysis.transcribe import TranscribeOptions, backends, ct2_convert, models, transcribe
from analysis.transcribe import audio as audio_mod

from .conftest import DATA, SHARED

HALLO = DATA / "audio" / "hallo.wav"
FLEMISH = SHARED / "data" / "asr-nl-flemish-cc0"

torch = pytest.importorskip("torch", reason='needs the extra: pip install ".[openai-whisper]"')
whisper = pytest.importorskip("whisper", reason='needs the extra: pip install ".[openai-whisper]"')


@pytest.fixture(scope="module", autouse=True)
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    cache = tmp_path_factory.mktemp("gesprekscoach-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(models.CACHE_ENV, str(cache))
        yield cache


@pytest.fixture(scope="module")
def tiny_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from whisper.model import ModelDimensions, Whisper

    torch.manual_seed(0)
    dims = ModelDimensions(
        n_mels=80,
        n_audio_ctx=1500,
        n_audio_state=64,
        n_audio_head=2,
        n_audio_layer=1,
        n_vocab=51865,
        n_text_ctx=64,
        n_text_state=64,
        n_text_head=2,
        n_text_layer=2,
    )
    model = Whisper(dims)
    with torch.no_grad():
        model.decoder.positional_embedding.normal_(0.0, 0.02)  # created uninitialised
    path = tmp_path_factory.mktemp("tiny") / "tiny.pt"
    torch.save(
        {
            "dims": dims.__dict__,
            "model_state_dict": model.state_dict(),
            "alignment_heads": [[1, 0], [1, 1]],
        },
        path,
    )
    return path


def test_tiny_checkpoint_loads_with_alignment_heads(tiny_checkpoint: Path):
    model = backends.load_openai_model(tiny_checkpoint)
    heads = model.alignment_heads.to_dense()
    assert heads.tolist() == [[False, False], [True, True]]


def test_openai_backend_code_path_with_a_tiny_model(tiny_checkpoint: Path):
    options = TranscribeOptions(
        backend="openai-whisper", model=str(tiny_checkpoint), beam_size=1, threads=1
    )
    backend = backends.get_backend(options)
    samples = np.concatenate(list(audio_mod.iter_samples(HALLO)))
    result = backend.transcribe_chunk(samples, "nl", None)
    segments = list(result.segments)
    assert result.language == "nl"
    for segment in segments:  # random weights: any text, but well-formed records
        assert 0.0 <= segment.start <= segment.end
        assert segment.text == segment.text.strip()
        for word in segment.words:
            assert segment.start <= word.start <= word.end <= segment.end


def test_broken_checkpoint_is_a_model_error(tmp_path: Path):
    path = tmp_path / "kapot.pt"
    path.write_bytes(b"not a checkpoint")
    with pytest.raises(ModelError):
        backends.load_openai_model(path)


def test_missing_openai_whisper_names_the_extra(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "whisper", None)
    with pytest.raises(ModelError) as info:
        backends.get_backend(TranscribeOptions(backend="openai-whisper"))
    assert 'pip install ".[openai-whisper]"' in info.value.message
    assert 'pip install ".[openai-whisper]"' in info.value.message_nl


def _write_ct2(path: Path, variables: dict[str, np.ndarray], aliases: dict[str, str]) -> None:
    type_ids = {np.dtype("float32"): 0, np.dtype("int8"): 1, np.dtype("float16"): 4}

    def string(text: str) -> bytes:
        return struct.pack("<H", len(text) + 1) + text.encode() + b"\0"

    out = struct.pack("<I", 6) + string("WhisperSpec") + struct.pack("<II", 3, len(variables))
    for name, array in variables.items():
        out += string(name) + struct.pack("<B", array.ndim)
        out += struct.pack(f"<{array.ndim}I", *array.shape)
        out += struct.pack("<BI", type_ids[array.dtype], array.nbytes) + array.tobytes()
    out += struct.pack("<I", len(aliases))
    for alias, target in aliases.items():
        out += string(alias) + string(target)
    path.write_bytes(out)


def test_ct2_reader_reads_variables_and_aliases(tmp_path: Path):
    weight = np.arange(6, dtype=np.float16).reshape(2, 3)
    heads = np.array(8, dtype=np.int8)
    _write_ct2(
        tmp_path / "model.bin",
        {"decoder/embeddings/weight": weight, "decoder/num_heads": heads},
        {"decoder/projection/weight": "decoder/embeddings/weight"},
    )
    model = ct2_convert.read_ct2_model(tmp_path / "model.bin")
    assert model.spec_name == "WhisperSpec"
    np.testing.assert_array_equal(model.get("decoder/projection/weight"), weight)
    assert int(model.get("decoder/num_heads")) == 8


def test_truncated_ct2_model_is_a_model_error(tmp_path: Path):
    _write_ct2(tmp_path / "model.bin", {"a": np.zeros((4, 4), np.float32)}, {})
    data = (tmp_path / "model.bin").read_bytes()
    (tmp_path / "model.bin").write_bytes(data[:40])
    with pytest.raises(ModelError):
        ct2_convert.read_ct2_model(tmp_path / "model.bin")


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower().split(), b.lower().split()).ratio()


@pytest.mark.slow
@pytest.mark.skipif(not FLEMISH.is_dir(), reason="shared Flemish clips not found beside the repo")
def test_converted_base_model_matches_faster_whisper(model_cache: Path):
    clip = FLEMISH / "vl04108.wav"
    checkpoint = models.ensure_base_openai_checkpoint()
    assert checkpoint.parent == model_cache

    fast = transcribe(clip, TranscribeOptions(beam_size=1))
    slow = transcribe(clip, TranscribeOptions(backend="openai-whisper", beam_size=1, threads=1))
    fast_text = " ".join(turn.text for turn in fast.turns)
    slow_text = " ".join(turn.text for turn in slow.turns)
    assert _similarity(fast_text, slow_text) >= 0.8, (fast_text, slow_text)
    fast_words = [w for turn in fast.turns for w in turn.words]
    slow_words = [w for turn in slow.turns for w in turn.words]
    assert abs(len(fast_words) - len(slow_words)) <= 2
    assert abs(fast_words[-1].end - slow_words[-1].end) < 0.5
