"""How long a transcript correction takes once the model is loaded, as the app makes it.

Each correction goes through :func:`analysis.edit_history.correct` (snapshot for undo, the
edit, role proposals, analysis, storing) on the 77-turn sample (with one voice split over two
speakers, as speaker separation may leave it, merged back first; "merge all" merges teacher and
parent, which joins the whole talk into one new turn) in a real session store, with
the app's pipeline (:class:`analysis.doc_cache.CachingPipeline`: only changed turns go through
spaCy) and with the plain pipeline (every turn again). The configurations alternate within
each round; the medians over the rounds are printed. Target: ≤ 500 ms per correction.

    python benchmarks/correction_speed.py --rounds 5

The browser round trip (Streamlit rerun and drawing) comes on top; ``benchmarks/ui_latency.py``
measures that through Chromium.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spacy.language import Language

from analysis import edit_history, editing
from analysis.detect import build_nlp
from analysis.doc_cache import CachingPipeline
from analysis.review import SessionMeta
from analysis.store import SessionStore
from analysis.transcript_io import read_transcript
from analysis.workflow import analyse_into_session

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "bedeesde-ouder-sterk.txt"
SPLIT_VOICE = "Spreker 3"
Step = tuple[str, Callable[[SessionStore, str, Language], Any]]


def _steps(teacher: str, parent: str, first_parent_turn: int) -> list[Step]:
    def fix(edit: Callable[..., Any], *args: Any) -> Callable[[SessionStore, str, Language], Any]:
        return lambda store, sid, nlp: edit_history.correct(
            store, sid, edit.__name__, edit, *args, nlp=nlp
        )

    return [
        ("merge voice", fix(editing.merge_speakers, SPLIT_VOICE, parent)),
        ("role", fix(editing.set_role, parent, "child")),
        ("role back", fix(editing.set_role, parent, "parent")),
        ("rename", fix(editing.rename_speaker, parent, "Vader Martin")),
        ("fix a word", fix(editing.edit_text, 5, "Ja, dat klopt, hij leest graag thuis.")),
        ("move turn", fix(editing.move_turn, first_parent_turn, teacher)),
        ("split turn", fix(editing.split_turn, 2, 4)),
        ("undo", lambda store, sid, nlp: edit_history.undo(store, sid, nlp)),
        ("redo", lambda store, sid, nlp: edit_history.redo(store, sid, nlp)),
        ("merge all", fix(editing.merge_speakers, "Vader Martin", teacher)),
        ("undo merge", lambda store, sid, nlp: edit_history.undo(store, sid, nlp)),
    ]


def _round(store: SessionStore, nlp: Language, times: dict[str, list[float]]) -> None:
    transcript = read_transcript(SAMPLE)
    session_id = store.create(SessionMeta(title="benchmark"))
    teacher, parent = (speaker.name for speaker in transcript.speakers)
    first_parent_turn = next(t.index for t in transcript.turns if t.speaker == parent)
    # As speaker separation may split one voice: every third turn of the parent under another
    # speaker, merged back by the first correction.
    for turn in [t for t in transcript.turns if t.speaker == parent][1::3]:
        transcript = editing.move_turn(transcript, turn.index, SPLIT_VOICE)
    analyse_into_session(store, session_id, transcript, nlp)
    for name, step in _steps(teacher, parent, first_parent_turn):
        started = time.perf_counter()
        step(store, session_id, nlp)
        times.setdefault(name, []).append(time.perf_counter() - started)
    store.delete(session_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    plain = build_nlp()
    load = time.perf_counter() - started
    configs: dict[str, Callable[[], Any]] = {
        # a fresh memory per round: it holds only what opening the talk processed
        "app (only changed turns)": lambda: CachingPipeline(plain),
        "plain (every turn)": lambda: plain,
    }
    times: dict[str, dict[str, list[float]]] = {name: {} for name in configs}
    with tempfile.TemporaryDirectory() as folder, SessionStore(Path(folder)) as store:
        for _ in range(args.rounds):
            for name, make in configs.items():
                _round(store, make(), times[name])
    print(f"model load {load:.1f} s (in the app: in the background at start-up)")
    print(f"median over {args.rounds} rounds, seconds (target ≤ 0.500)")
    steps = list(next(iter(times.values())))
    print(f"{'correction':<12}" + "".join(f"{name:>28}" for name in configs))
    for step in steps:
        cells = "".join(f"{statistics.median(times[name][step]):>28.3f}" for name in configs)
        print(f"{step:<12}{cells}")


if __name__ == "__main__":
    main()
