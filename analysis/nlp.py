"""The one place that loads the Dutch spaCy pipeline (shipped in ``analysis/assets/nl_gesprek``).

Everything else calls :func:`load_pipeline`; the loaded pipeline is cached per path.
:func:`load_pipeline` adds one small component before the parser that fixes sentence
boundaries (see :class:`SentenceBoundaries`): from terminal punctuation where the text has it,
else from the pipeline's own (disabled) ``senter``, trained on unpunctuated lowercase text.
``spacy.load`` alone gives the bare trained pipeline.
Where the pipeline lives is decided in :mod:`analysis.assets` (overridable with the environment
variable ``GESPREKSCOACH_NLP_MODEL``). A missing or broken pipeline is a :class:`ModelError`;
there is no fallback to a blank pipeline.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc
from spacy.util import minibatch

from analysis import word_classes  # noqa: F401  (registers the pipeline's embedding layer)
from analysis.assets import NLP_MODEL, NLP_MODEL_ENV, nlp_model_path
from analysis.errors import ModelError

logger = logging.getLogger(__name__)

ENV_VAR = NLP_MODEL_ENV
PUNCT_SENTENCES = "gesprek_punct_sentences"
SENTER = "senter"
# Below this sentence-start probability (from senter) the parser may not split unpunctuated
# text; chosen on UD dev (models/README.md).
DEFAULT_VETO = 0.1
_TERMINAL = frozenset({".", "?", "!", "?!", "!?", "...", "…"})
_CLOSERS = frozenset({"'", "''", '"', "”", "’", "»", ")"})
DEFAULT_MODEL_PATH = NLP_MODEL

_HOW_TO_GET = (
    "It ships inside the package: reinstall Gesprekscoach "
    f"(or point {ENV_VAR} at a working pipeline folder)."
)
_HOW_TO_GET_NL = (
    "Het hoort bij de installatie: installeer Gesprekscoach opnieuw "
    f"(of laat {ENV_VAR} naar een werkende pipeline-map wijzen)."
)


def has_terminal_punctuation(doc: Doc) -> bool:
    """Whether the text marks sentence ends itself ("." "?" "!")."""
    return any(tok.text in _TERMINAL for tok in doc)


def set_punct_boundaries(doc: Doc) -> Doc:
    """A sentence starts exactly after terminal punctuation (and a closing quote after it)."""
    for i in range(1, len(doc)):
        prev = doc[i - 1].text
        current = doc[i].text
        start = (prev in _TERMINAL and current not in _CLOSERS and current not in _TERMINAL) or (
            prev in _CLOSERS and i >= 2 and doc[i - 2].text in _TERMINAL
        )
        doc[i].is_sent_start = start
    return doc


class SentenceBoundaries:
    """Fix sentence boundaries before the parser; the parser keeps them.

    Text with sentence-final punctuation (".", "?", "!") is split exactly after it.
    Unpunctuated text (lowercase ASR output) is left to the parser, but where the pipeline's
    ``senter`` (trained on unpunctuated text; it ships disabled, so it only runs here) gives a
    token a sentence-start probability below ``veto``, the parser may not start a sentence
    there. The parser alone splits unpunctuated text far too often; the senter alone misses
    boundaries between short spoken utterances; together they do better than either.
    """

    def __init__(self, senter: TrainablePipe | None, veto: float = DEFAULT_VETO) -> None:
        self.senter = senter
        self.veto = veto

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """Process a stream; the senter predicts each batch at once (``nlp.pipe``)."""
        for batch in minibatch(docs, size=batch_size):
            unpunctuated = []
            for doc in batch:
                if len(doc) < 2:
                    continue
                if has_terminal_punctuation(doc):
                    set_punct_boundaries(doc)
                else:
                    unpunctuated.append(doc)
            if self.senter is not None and unpunctuated:
                self.veto_starts(unpunctuated)
            yield from batch

    def veto_starts(self, docs: list[Doc]) -> None:
        """No sentence may start where the senter's start probability is below the veto."""
        assert self.senter is not None
        start = list(self.senter.labels).index("S")
        for doc, scores in zip(docs, self.senter.model.predict(docs), strict=True):
            # The senter's output layer skips the softmax at inference: normalise here.
            logits = numpy.asarray(self.senter.model.ops.to_numpy(scores), dtype="float64")
            logits -= logits.max(axis=1, keepdims=True)
            exp = numpy.exp(logits)
            probabilities = exp[:, start] / exp.sum(axis=1)
            for i in range(1, len(doc)):
                if probabilities[i] < self.veto:
                    doc[i].is_sent_start = False


@Language.factory(
    PUNCT_SENTENCES, assigns=["token.is_sent_start"], default_config={"veto": DEFAULT_VETO}
)
def make_sentence_boundaries(nlp: Language, name: str, veto: float) -> SentenceBoundaries:
    """Punctuation rule, with the pipeline's ``senter`` (if any) for unpunctuated text."""
    senter = nlp.get_pipe(SENTER) if SENTER in nlp.component_names else None
    return SentenceBoundaries(senter, veto)  # type: ignore[arg-type]


def model_path(path: Path | None = None) -> Path:
    """Resolve the pipeline folder: argument, else ``$GESPREKSCOACH_NLP_MODEL``, else the
    shipped one (:func:`analysis.assets.nlp_model_path`)."""
    return nlp_model_path(path)


def load_pipeline(path: Path | None = None) -> Language:
    """Load (once) and return the Dutch spaCy pipeline.

    Raises:
        ModelError: the pipeline folder is missing or cannot be loaded.
    """
    return _load(model_path(path).expanduser().resolve())


def load_private_pipeline(path: Path | None = None) -> Language:
    """A pipeline of the caller's own, loaded as :func:`load_pipeline` loads it but neither
    cached nor shared (for a caller that adds components: a copy of the shared one kept both
    in memory, 0.1 GB more)."""
    return _load.__wrapped__(model_path(path).expanduser().resolve())


@lru_cache(maxsize=4)
def _load(resolved: Path) -> Language:
    # The Dutch messages name no path: the app shows them to the coach.
    if not (resolved / "config.cfg").is_file():
        raise ModelError(
            f"Dutch language model not found at {resolved}. {_HOW_TO_GET}",
            f"Het Nederlandse taalmodel ontbreekt. {_HOW_TO_GET_NL}",
        )
    try:
        nlp = spacy.load(resolved)
    except (OSError, ValueError, KeyError) as exc:
        reason = " ".join(str(exc).split())[:200]  # spaCy's config errors span lines
        raise ModelError(
            f"Dutch language model at {resolved} cannot be loaded ({reason}). {_HOW_TO_GET}",
            f"Het Nederlandse taalmodel is beschadigd en kan niet worden geladen. {_HOW_TO_GET_NL}",
        ) from exc
    if "parser" in nlp.pipe_names and PUNCT_SENTENCES not in nlp.pipe_names:
        nlp.add_pipe(PUNCT_SENTENCES, before="parser")
    logger.info("loaded spaCy pipeline %s (%s)", resolved, ", ".join(nlp.pipe_names))
    return nlp


def clear_cache() -> None:
    """Forget loaded pipelines (for tests that switch ``GESPREKSCOACH_NLP_MODEL``)."""
    _load.cache_clear()
