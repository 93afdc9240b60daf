"""Convert a CTranslate2 Whisper model (faster-whisper's format) into an openai-whisper checkpoint.

The CTranslate2 ``model.bin`` is read directly (its binary layout is documented by
``ctranslate2.specs.model_spec.ModelSpec._serialize``), so the conversion needs neither the
original checkpoint nor a network connection. The result holds the same weights: fused
query/key/value matrices are split, the key bias (always zero in Whisper) is dropped, and the
alignment heads come from the model's ``config.json``.

Only ``torch`` is needed to write the checkpoint; ``openai-whisper`` itself is not imported.
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from analysis.errors import ModelError

logger = logging.getLogger(__name__)

#: Data type ids of CTranslate2's binary format (``include/ctranslate2/types.h``).
_CT2_DTYPES: dict[int, str] = {
    0: "float32",
    1: "int8",
    2: "int16",
    3: "int32",
    4: "float16",
    5: "bfloat16",
}
_SUPPORTED_BINARY_VERSIONS = (5, 6)


@dataclass(frozen=True, slots=True)
class Ct2Model:
    """The variables of a CTranslate2 model file."""

    spec_name: str
    revision: int
    variables: dict[str, np.ndarray]
    aliases: dict[str, str]

    def get(self, name: str) -> np.ndarray:
        """A variable by name, following aliases."""
        return self.variables[self.aliases.get(name, name)]


def _read(stream: BinaryIO, fmt: str) -> tuple[int, ...]:
    size = struct.calcsize(fmt)
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("unexpected end of model file")
    return struct.unpack(fmt, data)


def _read_string(stream: BinaryIO) -> str:
    (length,) = _read(stream, "<H")
    raw = stream.read(length)
    if len(raw) != length:
        raise EOFError("unexpected end of model file")
    return raw[:-1].decode("utf-8")


def read_ct2_model(path: Path) -> Ct2Model:
    """Read every variable of a CTranslate2 ``model.bin``."""
    variables: dict[str, np.ndarray] = {}
    try:
        with path.open("rb") as stream:
            (version,) = _read(stream, "<I")
            if version not in _SUPPORTED_BINARY_VERSIONS:
                raise ModelError(
                    f"unsupported CTranslate2 binary version {version} in {path}",
                    f"Het modelbestand {path.name} heeft een onbekende versie ({version}).",
                )
            spec_name = _read_string(stream)
            (revision,) = _read(stream, "<I")
            (count,) = _read(stream, "<I")
            for _ in range(count):
                name = _read_string(stream)
                (rank,) = _read(stream, "<B")
                shape = _read(stream, f"<{rank}I") if rank else ()
                (type_id,) = _read(stream, "<B")
                (num_bytes,) = _read(stream, "<I")
                data = stream.read(num_bytes)
                if len(data) != num_bytes:
                    raise EOFError("unexpected end of model file")
                dtype = _CT2_DTYPES.get(type_id)
                if dtype is None or dtype == "bfloat16":
                    raise ModelError(
                        f"unsupported data type id {type_id} for {name} in {path}",
                        f"Het modelbestand {path.name} gebruikt een onbekend getaltype.",
                    )
                variables[name] = np.frombuffer(data, dtype=dtype).reshape(shape)
            (alias_count,) = _read(stream, "<I")
            aliases = {_read_string(stream): _read_string(stream) for _ in range(alias_count)}
    except (OSError, EOFError, ValueError) as exc:
        raise ModelError(
            f"cannot read CTranslate2 model {path}: {exc}",
            f"Het modelbestand {path} kan niet worden gelezen; het is onvolledig of beschadigd.",
        ) from exc
    return Ct2Model(spec_name, revision, variables, aliases)


def _layer_count(model: Ct2Model, prefix: str) -> int:
    count = 0
    while f"{prefix}/layer_{count}/ffn/linear_0/weight" in model.variables:
        count += 1
    return count


def _scalar(model: Ct2Model, name: str) -> int:
    return int(model.get(name).reshape(-1)[0])


def dimensions(model: Ct2Model) -> dict[str, int]:
    """openai-whisper's ``ModelDimensions`` fields for this model."""
    conv1 = model.get("encoder/conv1/weight")
    encoder_positions = model.get("encoder/position_encodings/encodings")
    embeddings = model.get("decoder/embeddings/weight")
    decoder_positions = model.get("decoder/position_encodings/encodings")
    return {
        "n_mels": int(conv1.shape[1]),
        "n_audio_ctx": int(encoder_positions.shape[0]),
        "n_audio_state": int(encoder_positions.shape[1]),
        "n_audio_head": _scalar(model, "encoder/num_heads"),
        "n_audio_layer": _layer_count(model, "encoder"),
        "n_vocab": int(embeddings.shape[0]),
        "n_text_ctx": int(decoder_positions.shape[0]),
        "n_text_state": int(decoder_positions.shape[1]),
        "n_text_head": _scalar(model, "decoder/num_heads"),
        "n_text_layer": _layer_count(model, "decoder"),
    }


def _split(array: np.ndarray, parts: int) -> list[np.ndarray]:
    return np.split(array, parts, axis=0)


def _attention(
    model: Ct2Model, source: str, target: str, *, fused: str, out: str
) -> dict[str, np.ndarray]:
    """Map one attention block. ``fused`` is "qkv" (self-attention) or "kv" (cross-attention)."""
    state: dict[str, np.ndarray] = {}
    if fused == "qkv":
        weights = _split(model.get(f"{source}/linear_0/weight"), 3)
        biases = _split(model.get(f"{source}/linear_0/bias"), 3)
    else:
        kv_weights = _split(model.get(f"{source}/linear_1/weight"), 2)
        kv_biases = _split(model.get(f"{source}/linear_1/bias"), 2)
        weights = [model.get(f"{source}/linear_0/weight"), *kv_weights]
        biases = [model.get(f"{source}/linear_0/bias"), *kv_biases]
    for name, weight, bias in zip(("query", "key", "value"), weights, biases, strict=True):
        state[f"{target}.{name}.weight"] = weight
        if name == "key":
            if np.any(bias != 0):
                logger.warning("non-zero key bias in %s is dropped (Whisper has none)", source)
            continue
        state[f"{target}.{name}.bias"] = bias
    state[f"{target}.out.weight"] = model.get(f"{source}/{out}/weight")
    state[f"{target}.out.bias"] = model.get(f"{source}/{out}/bias")
    return state


def _layer_norm(model: Ct2Model, source: str, target: str) -> dict[str, np.ndarray]:
    return {
        f"{target}.weight": model.get(f"{source}/gamma"),
        f"{target}.bias": model.get(f"{source}/beta"),
    }


def _ffn(model: Ct2Model, source: str, target: str) -> dict[str, np.ndarray]:
    return {
        f"{target}.0.weight": model.get(f"{source}/linear_0/weight"),
        f"{target}.0.bias": model.get(f"{source}/linear_0/bias"),
        f"{target}.2.weight": model.get(f"{source}/linear_1/weight"),
        f"{target}.2.bias": model.get(f"{source}/linear_1/bias"),
    }


def _block(model: Ct2Model, source: str, target: str, cross: bool) -> dict[str, np.ndarray]:
    """One residual block: self-attention, cross-attention (decoder blocks), feed-forward."""
    state = _attention(
        model, f"{source}/self_attention", f"{target}.attn", fused="qkv", out="linear_1"
    )
    state |= _layer_norm(model, f"{source}/self_attention/layer_norm", f"{target}.attn_ln")
    if cross:
        state |= _attention(
            model, f"{source}/attention", f"{target}.cross_attn", fused="kv", out="linear_2"
        )
        state |= _layer_norm(model, f"{source}/attention/layer_norm", f"{target}.cross_attn_ln")
    state |= _ffn(model, f"{source}/ffn", f"{target}.mlp")
    state |= _layer_norm(model, f"{source}/ffn/layer_norm", f"{target}.mlp_ln")
    return state


def state_dict_arrays(model: Ct2Model) -> dict[str, np.ndarray]:
    """openai-whisper state-dict entries (as numpy arrays) for a CTranslate2 Whisper model."""
    if model.spec_name != "WhisperSpec":
        raise ModelError(
            f"not a Whisper model: CTranslate2 spec {model.spec_name!r}",
            "Dit modelbestand is geen Whisper-spraakmodel.",
        )
    dims = dimensions(model)
    state: dict[str, np.ndarray] = {}
    for conv in ("conv1", "conv2"):
        state[f"encoder.{conv}.weight"] = model.get(f"encoder/{conv}/weight")
        state[f"encoder.{conv}.bias"] = model.get(f"encoder/{conv}/bias")
    state["encoder.positional_embedding"] = model.get("encoder/position_encodings/encodings")
    for i in range(dims["n_audio_layer"]):
        state |= _block(model, f"encoder/layer_{i}", f"encoder.blocks.{i}", cross=False)
    state |= _layer_norm(model, "encoder/layer_norm", "encoder.ln_post")

    state["decoder.token_embedding.weight"] = model.get("decoder/embeddings/weight")
    state["decoder.positional_embedding"] = model.get("decoder/position_encodings/encodings")
    for i in range(dims["n_text_layer"]):
        state |= _block(model, f"decoder/layer_{i}", f"decoder.blocks.{i}", cross=True)
    state |= _layer_norm(model, "decoder/layer_norm", "decoder.ln")
    return state


def alignment_heads_dump(heads: list[list[int]], n_text_layer: int, n_text_head: int) -> bytes:
    """Alignment heads in openai-whisper's ``set_alignment_heads`` format (base85 of gzip)."""
    mask = np.zeros((n_text_layer, n_text_head), dtype=bool)
    for layer, head in heads:
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.tobytes()))


def convert(model_dir: Path, output: Path) -> Path:
    """Write an openai-whisper checkpoint (``.pt``) with the weights of ``model_dir``.

    The checkpoint holds ``dims``, ``model_state_dict`` (float16, like OpenAI's own files) and
    ``alignment_heads`` (list of ``[layer, head]`` from ``config.json``). It loads with
    ``whisper.load_model(output)``; use :func:`analysis.transcribe.backends.load_openai_model`
    to also apply the alignment heads.
    """
    try:
        import torch
    except ImportError as exc:
        raise ModelError(
            'converting to openai-whisper needs torch: pip install ".[openai-whisper]"',
            'Voor deze omzetting is torch nodig. Installeer: pip install ".[openai-whisper]"',
        ) from exc

    model = read_ct2_model(model_dir / "model.bin")
    dims = dimensions(model)
    heads: list[list[int]] = []
    config_path = model_dir / "config.json"
    if config_path.is_file():
        config = json.loads(config_path.read_text(encoding="utf-8"))
        heads = [[int(layer), int(head)] for layer, head in config.get("alignment_heads", [])]
    if not heads:
        heads = [
            [layer, head]
            for layer in range(dims["n_text_layer"] // 2, dims["n_text_layer"])
            for head in range(dims["n_text_head"])
        ]
    state = {
        name: torch.from_numpy(np.array(array, dtype=np.float16))
        for name, array in state_dict_arrays(model).items()
    }
    checkpoint = {"dims": dims, "model_state_dict": state, "alignment_heads": heads}
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    torch.save(checkpoint, partial)
    partial.replace(output)
    logger.info("converted %s to %s (%d tensors)", model_dir, output, len(state))
    return output
