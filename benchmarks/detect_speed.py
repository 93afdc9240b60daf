"""How long ``detect()`` takes on a 10-minute talk once the model is loaded (target < 1 s).

Run: ``python benchmarks/detect_speed.py [TRANSCRIPT ...]``. Without arguments it builds a talk
of about ten minutes (about 1,500 words, 150 turns) from the labelled dev set in ../shared.
Each round times the talk as written and its ASR-style copy (lowercase, no punctuation:
``analysis.evaluate.asr_style``), alternating which goes first; medians per configuration.
Not a timed test: the number depends on the machine (and on its load).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from analysis.detect import build_nlp, detect  # noqa: E402
from analysis.evaluate import asr_style  # noqa: E402
from analysis.metrics import count_words  # noqa: E402
from analysis.records import Transcript, Turn  # noqa: E402
from analysis.transcript_io import read_transcript  # noqa: E402

logger = logging.getLogger("detect_speed")
DEV_SET = REPO.parent / "shared" / "dev-set"
TEN_MINUTES_WORDS = 1500  # about 150 spoken words a minute


def ten_minute_talk(paths: list[Path]) -> Transcript:
    """Turns of the given talks, repeated until about ten minutes of speech."""
    source = [turn for path in paths for turn in read_transcript(path).turns]
    turns: list[Turn] = []
    words = 0
    while words < TEN_MINUTES_WORDS and source:
        for turn in source:
            turns.append(
                Turn(index=len(turns), speaker=turn.speaker, role=turn.role, text=turn.text)
            )
            words += count_words(turn.text)
            if words >= TEN_MINUTES_WORDS:
                break
    return Transcript(turns=turns)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("transcripts", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    paths = args.transcripts or sorted(DEV_SET.glob("*.txt"))
    talk = ten_minute_talk(paths)
    started = time.perf_counter()
    nlp = build_nlp()
    logger.info("model load: %.2f s (%s)", time.perf_counter() - started, ", ".join(nlp.pipe_names))
    configurations = {"clean": talk, "asr-style": asr_style(talk)}
    for variant in configurations.values():
        detect(variant, nlp)  # warm-up
    timings: dict[str, list[float]] = {name: [] for name in configurations}
    names = list(configurations)
    for round_no in range(args.runs):
        for name in names if round_no % 2 == 0 else reversed(names):
            started = time.perf_counter()
            detect(configurations[name], nlp)
            timings[name].append(time.perf_counter() - started)
    words = sum(count_words(t.text) for t in talk.turns)
    for name, values in timings.items():
        logger.info(
            "detect %-9s on %d turns / %d words: median %.3f s, best %.3f s over %d rounds "
            "(target < 1 s)",
            name,
            len(talk.turns),
            words,
            statistics.median(values),
            min(values),
            args.runs,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
