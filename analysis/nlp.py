"""The one place that loads the Dutch spaCy pipeline (``models/nl_gesprek``).

Everything else calls :func:`load_pipeline`; the loaded pipeline is cached per path.
:func:`load_pipeline` adds one small rule component before the parser (sentence boundaries
from terminal punctuation, see :func:`punct_sentences`); ``spacy.load`` alone gives the bare
trained pipeline.
The model location can be overridden with the environment variable
``GESPREKSCOACH_NLP_MODEL``.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from analysis.errors import ModelError

logger = logging.getLogger(__name__)

ENV_VAR = "GESPREKSCOACH_NLP_MODEL"
PUNCT_SENTENCES = "gesprek_punct_sentences"
_TERMINAL = frozenset({".", "?", "!", "?!", "!?", "...", "…"})
_CLOSERS = frozenset({"'", "''", '"', "”", "’", "»", ")"})
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "nl_gesprek"

_HOW_TO_GET = (
    "Train it with `python models/train.py --data <ud-dutch folder> --out models/nl_gesprek` "
    f"(see models/README.md) or point {ENV_VAR} at an existing pipeline folder."
)
_HOW_TO_GET_NL = (
    "Train het met `python models/train.py --data <map met ud-dutch> --out models/nl_gesprek` "
    f"(zie models/README.md) of laat {ENV_VAR} naar een bestaande pipeline-map wijzen."
)


@Language.component(PUNCT_SENTENCES)
def punct_sentences(doc: Doc) -> Doc:
    """Fix sentence boundaries from terminal punctuation, before the parser.

    If the text has sentence-final punctuation (".", "?", "!"), a sentence starts exactly
    after it (and after a closing quote that follows it); the parser may not split elsewhere.
    Unpunctuated text (lowercase ASR output) is left to the parser.
    """
    if len(doc) < 2 or not any(tok.text in _TERMINAL for tok in doc):
        return doc
    for i in range(1, len(doc)):
        prev = doc[i - 1].text
        current = doc[i].text
        start = (prev in _TERMINAL and current not in _CLOSERS and current not in _TERMINAL) or (
            prev in _CLOSERS and i >= 2 and doc[i - 2].text in _TERMINAL
        )
        doc[i].is_sent_start = start
    return doc


def model_path(path: Path | None = None) -> Path:
    """Resolve the pipeline folder: argument, else ``$GESPREKSCOACH_NLP_MODEL``, else default."""
    if path is not None:
        return Path(path)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return DEFAULT_MODEL_PATH


def load_pipeline(path: Path | None = None) -> Language:
    """Load (once) and return the Dutch spaCy pipeline.

    Raises:
        ModelError: the pipeline folder is missing or cannot be loaded.
    """
    return _load(model_path(path).expanduser().resolve())


@lru_cache(maxsize=4)
def _load(resolved: Path) -> Language:
    if not (resolved / "config.cfg").is_file():
        raise ModelError(
            f"Dutch language model not found at {resolved}. {_HOW_TO_GET}",
            f"Het Nederlandse taalmodel is niet gevonden in {resolved}. {_HOW_TO_GET_NL}",
        )
    try:
        nlp = spacy.load(resolved)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"Dutch language model at {resolved} cannot be loaded ({exc}). {_HOW_TO_GET}",
            f"Het Nederlandse taalmodel in {resolved} kan niet worden geladen. {_HOW_TO_GET_NL}",
        ) from exc
    if "parser" in nlp.pipe_names and PUNCT_SENTENCES not in nlp.pipe_names:
        nlp.add_pipe(PUNCT_SENTENCES, before="parser")
    logger.info("loaded spaCy pipeline %s (%s)", resolved, ", ".join(nlp.pipe_names))
    return nlp


def clear_cache() -> None:
    """Forget loaded pipelines (for tests that switch ``GESPREKSCOACH_NLP_MODEL``)."""
    _load.cache_clear()
