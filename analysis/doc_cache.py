"""The Dutch pipeline with a memory of the turns it already processed, so that a correction
re-analyses only what changed.

Running the trained pipeline over every turn is nearly all of an analysis's time (1.5 s of
1.6 s for a 77-turn talk on a loaded 2-core machine). A coach's correction changes one turn's
text, or which turns belong to the teacher, and leaves the other turns as they were: a
:class:`CachingPipeline` hands back the processed ``Doc`` of a text it has seen before (with
the same components switched off) and runs the pipeline only over the new ones. The rest of
detection (context, position, the parent's turn before) still runs over the whole talk.

It stands in for the ``Language`` wherever detection takes one: detection uses its
``pipe_names``, ``pipe`` and calls it on a text; everything else is passed to the pipeline.
Processed ``Doc`` objects are only read after the pipeline, so one can serve several analyses.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

#: How many processed turns are kept (the least recently used go first). A turn's ``Doc`` takes
#: about 30 KB (77-turn sample: 2.3 MB), so this bounds the memory at about 90 MB: a two-hour
#: talk (about 1,500 turns) with room for its corrections.
MAX_DOCS = 3_000


class CachingPipeline:
    """``nlp`` with its processed turns remembered by (text, switched-off components)."""

    def __init__(self, nlp: Language, max_docs: int = MAX_DOCS) -> None:
        self.nlp = nlp
        self.max_docs = max_docs
        self._docs: OrderedDict[tuple[str, tuple[str, ...]], Doc] = OrderedDict()
        self._lock = threading.Lock()
        self.processed = 0  # texts that went through the pipeline (for tests and benchmarks)

    @property
    def pipe_names(self) -> list[str]:
        return self.nlp.pipe_names

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)

    def _known(self, key: tuple[str, tuple[str, ...]]) -> Doc | None:
        with self._lock:
            doc = self._docs.get(key)
            if doc is not None:
                self._docs.move_to_end(key)
            return doc

    def _keep(self, key: tuple[str, tuple[str, ...]], doc: Doc) -> None:
        with self._lock:
            self._docs[key] = doc
            while len(self._docs) > self.max_docs:
                self._docs.popitem(last=False)

    def pipe(
        self,
        texts: Iterable[str],
        *,
        disable: Iterable[str] = (),
        batch_size: int | None = None,
    ) -> Iterator[Doc]:
        """Like :meth:`spacy.language.Language.pipe`: the new texts go through the pipeline
        (in one batch run), the others come from memory."""
        switched_off = tuple(sorted(disable))
        texts = list(texts)
        found: dict[str, Doc] = {}
        for text in texts:
            doc = self._known((text, switched_off))
            if doc is not None:
                found[text] = doc
        new = [text for text in dict.fromkeys(texts) if text not in found]
        if new:
            docs = self.nlp.pipe(new, disable=list(switched_off), batch_size=batch_size)
            for text, doc in zip(new, docs, strict=True):
                self._keep((text, switched_off), doc)
                found[text] = doc
            self.processed += len(new)
        for text in texts:
            yield found[text]

    def __call__(self, text: str) -> Doc:
        (doc,) = self.pipe([text])
        return doc
