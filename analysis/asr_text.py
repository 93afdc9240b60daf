"""Text as a speech recogniser writes it (for scoring ASR-style copies and for models that
should read clean and recognised text alike)."""

from __future__ import annotations

import re

# Everything a recogniser does not write: punctuation marks, except an apostrophe or hyphen
# inside a word (``IB'er``, ``z'n``, ``zorg-coördinator``).
_PUNCTUATION = re.compile(r"(?:(?<![\w])['\-]|['\-](?![\w])|[^\w\s'\-])+")

_STAGE_DIRECTION = re.compile(r"\([^()]*\)")


def asr_style_text(text: str) -> str:
    """``text`` as a speech recogniser writes it: lowercase, no punctuation, single spaces."""
    spoken = _STAGE_DIRECTION.sub(" ", text.lower())
    return " ".join(_PUNCTUATION.sub(" ", spoken).split())
