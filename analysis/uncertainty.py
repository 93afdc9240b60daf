"""Evidence that rests on words the speech recogniser was unsure of: marked, or held back.

Whisper gives every recognised word a probability (:attr:`analysis.records.Word.probability`).
A finding's quote is a slice of its turn's text (``char_start``/``char_end``); the words of the
turn that overlap that slice are the words the finding rests on. Those below
:data:`UNCERTAIN_BELOW` become the finding's ``uncertain_words`` and lower its confidence; when
the least certain of them is below :data:`HOLD_BACK_BELOW` the finding is ``held_back``: it no
longer marks its item as observed on the pre-filled form and the coach checks it (*Te
controleren*). Both thresholds were chosen on synthetic recordings where the wrong words are
known (``benchmarks/word_confidence.py``, ``docs/trust.md``).

Typed transcripts have no word probabilities and pass unchanged; so does a turn whose text a
coach corrected (the correction drops the turn's words).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace

from analysis.records import Analysis, Finding, FormItem, Turn, UncertainWord, Word

log = logging.getLogger(__name__)

#: A recognised word below this probability is *uncertain*: marked and lowering confidence.
UNCERTAIN_BELOW = 0.5
#: A finding whose least certain word is below this is held back from the pre-filled form.
HOLD_BACK_BELOW = 0.2


def word_spans(turn: Turn) -> list[tuple[int, int, Word]]:
    """The turn's words with their character span in ``turn.text``, in order.

    Words are found left to right (each after the previous one); a word that cannot be found
    in the text (the text was edited) is left out.
    """
    spans: list[tuple[int, int, Word]] = []
    position = 0
    lowered = turn.text.lower()
    for word in turn.words:
        token = word.text.strip()
        if not token:
            continue
        at = turn.text.find(token, position)
        if at < 0:
            at = lowered.find(token.lower(), position)
        if at < 0:
            continue
        spans.append((at, at + len(token), word))
        position = at + len(token)
    return spans


def words_under(turn: Turn, char_start: int, char_end: int) -> list[Word]:
    """The turn's recognised words that overlap ``turn.text[char_start:char_end]``."""
    return [word for start, end, word in word_spans(turn) if start < char_end and end > char_start]


def uncertain(words: Iterable[Word], below: float = UNCERTAIN_BELOW) -> list[Word]:
    """The words with a known probability below ``below``."""
    return [w for w in words if w.probability is not None and w.probability < below]


def mark_finding(
    finding: Finding,
    turn: Turn,
    uncertain_below: float = UNCERTAIN_BELOW,
    hold_back_below: float = HOLD_BACK_BELOW,
) -> Finding:
    """``finding`` with its uncertain words, lowered confidence and hold-back flag.

    The confidence is multiplied by ``lowest / uncertain_below`` (the lowest probability among
    the quote's words), so a word just under the threshold costs little and a word the
    recogniser all but guessed costs almost everything.
    """
    shaky = uncertain(words_under(turn, finding.char_start, finding.char_end), uncertain_below)
    if not shaky:
        return finding
    lowest = min(w.probability for w in shaky if w.probability is not None)
    return replace(
        finding,
        uncertain_words=tuple(
            UncertainWord(w.text.strip(), w.start, float(w.probability or 0.0)) for w in shaky
        ),
        confidence=round(finding.confidence * lowest / uncertain_below, 3),
        held_back=lowest < hold_back_below,
    )


def _refill(item: FormItem, marked: dict[tuple[int, int, str, str], Finding]) -> FormItem:
    evidence = [marked.get((f.turn, f.char_start, f.rule, f.item), f) for f in item.evidence]
    return replace(
        item,
        evidence=evidence,
        observed=any(not f.held_back for f in evidence),
    )


def mark_uncertain(
    analysis: Analysis,
    uncertain_below: float = UNCERTAIN_BELOW,
    hold_back_below: float = HOLD_BACK_BELOW,
) -> Analysis:
    """The analysis with every finding checked against its words' probabilities.

    Returns new records; an item whose only evidence is held back is no longer observed.
    """
    turns = {turn.index: turn for turn in analysis.transcript.turns}
    if not any(turn.words for turn in turns.values()):
        return analysis
    findings = [
        mark_finding(f, turns[f.turn], uncertain_below, hold_back_below) if f.turn in turns else f
        for f in analysis.detection.findings
    ]
    marked = {(f.turn, f.char_start, f.rule, f.item): f for f in findings}
    held = sum(f.held_back for f in findings)
    if held:
        log.info("%d finding(s) held back: they rest on words the recogniser was unsure of", held)
    return Analysis(
        transcript=analysis.transcript,
        detection=replace(analysis.detection, findings=findings),
        form=[_refill(item, marked) for item in analysis.form],
    )


def held_back(form: Iterable[FormItem]) -> list[Finding]:
    """The held-back findings of a form, in form order (for *Te controleren*)."""
    return [f for item in form for f in item.evidence if f.held_back]
