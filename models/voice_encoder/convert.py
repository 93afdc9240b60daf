"""Convert Resemblyzer's voice encoder weights (``pretrained.pt``) into ``voice_encoder.npz``.

Run once, with torch installed (it is needed only here, never at run time)::

    pip download --no-deps "resemblyzer==0.1.4" -d /tmp/rz
    unzip -o /tmp/rz/Resemblyzer-0.1.4-py3-none-any.whl "resemblyzer/pretrained.pt" -d /tmp/rz
    python -m models.voice_encoder.convert /tmp/rz/resemblyzer/pretrained.pt

The network is a 3-layer LSTM (40 mel channels in, 256 hidden) and a 256 → 256 linear layer;
``analysis.diarize.encoder`` runs it in numpy. Weights are stored transposed (``x @ w``), the two
LSTM biases summed, as float16 (the loader computes in float32).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from analysis.assets import VOICE_ENCODER


def main() -> None:
    """Read ``pretrained.pt`` and write the npz where the package ships it (``analysis/assets``)."""
    import torch

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("checkpoint", type=Path, help="Resemblyzer's pretrained.pt")
    parser.add_argument("--out", type=Path, default=VOICE_ENCODER)
    args = parser.parse_args()
    state = torch.load(args.checkpoint, map_location="cpu")["model_state"]
    arrays: dict[str, np.ndarray] = {}
    for layer in range(3):
        arrays[f"w_ih{layer}"] = state[f"lstm.weight_ih_l{layer}"].numpy().T
        arrays[f"w_hh{layer}"] = state[f"lstm.weight_hh_l{layer}"].numpy().T
        bias = state[f"lstm.bias_ih_l{layer}"] + state[f"lstm.bias_hh_l{layer}"]
        arrays[f"b{layer}"] = bias.numpy()
    arrays["w_out"] = state["linear.weight"].numpy().T
    arrays["b_out"] = state["linear.bias"].numpy()
    np.savez_compressed(args.out, **{k: v.astype(np.float16) for k, v in arrays.items()})
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
