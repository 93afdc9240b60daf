"""Repetition loops and silence hallucinations: the detector, the repair, the YAML list, the
engine's use of them, and a recording that loops with the old settings (real base model)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from analysis.errors import RuleFileError
from analysis.records import Segment, Word
from analysis.transcribe import TranscribeOptions, engine, models, transcribe
from analysis.transcribe import hallucinations as hallucinations_mod
from analysis.transcribe.backends import ChunkResult
from analysis.transcribe.gaps import merge_regions, missing_speech
from analysis.transcribe.loops import collapse_loops, find_loops, has_loop, repair_loops

from .conftest import DATA

LOOP_RECORDING = DATA / "audio" / "loop.ogg"
HALLO = DATA / "audio" / "hallo.wav"


def _segment(start: float, text: str, step: float = 0.3) -> Segment:
    """A segment whose words are spread evenly from ``start``, ``step`` seconds each."""
    words = tuple(
        Word(round(start + i * step, 3), round(start + (i + 1) * step, 3), token)
        for i, token in enumerate(text.split())
    )
    return Segment(start, words[-1].end if words else start, text, words)


# --- the n-gram loop detector ----------------------------------------------------------------


def test_one_word_repeated_six_times_is_a_loop():
    loops = find_loops(["Hai,", "hai,", "hai!", "Hai", "hai,", "HAI."], min_repeats=6)
    assert [(loop.phrase, loop.size, loop.repeats) for loop in loops] == [("hai", 1, 6)]
    assert (loops[0].start, loops[0].end) == (0, 6)


def test_five_repeats_are_not_a_loop_at_six():
    assert find_loops(["ja"] * 5, min_repeats=6) == []
    assert len(find_loops(["ja"] * 5, min_repeats=5)) == 1


def test_a_group_of_words_is_found_with_its_offsets():
    words = ["Nou", "kijk,"] + ["mevrouw", "had", "dat"] * 7 + ["en", "toen"]
    (loop,) = find_loops(words, min_repeats=6)
    assert (loop.phrase, loop.size, loop.repeats) == ("mevrouw had dat", 3, 7)
    assert (loop.start, loop.end) == (2, 23)


def test_the_smallest_repeating_group_wins():
    (loop,) = find_loops(["en", "dat"] * 8, min_repeats=6)
    assert (loop.size, loop.repeats) == (2, 8)
    (loop,) = find_loops(["ja"] * 12, min_repeats=6)
    assert (loop.size, loop.repeats) == (1, 12)


def test_groups_longer_than_four_words_are_not_looked_for():
    assert find_loops(["een", "twee", "drie", "vier", "vijf"] * 7, min_repeats=6) == []


def test_ordinary_speech_and_short_repeats_are_not_loops():
    text = (
        "Nee, nee, nee, dat bedoel ik niet. Hij leest thuis elke avond, echt elke avond, "
        "een bladzijde voor. Ja ja, dat klopt."
    )
    assert find_loops(text.split(), min_repeats=5) == []


def test_loops_do_not_overlap_and_come_in_order():
    words = ["hai"] * 7 + ["dag", "juf"] + ["ok", "dan"] * 6
    loops = find_loops(words, min_repeats=6)
    assert [(loop.phrase, loop.start, loop.end) for loop in loops] == [
        ("hai", 0, 7),
        ("ok dan", 9, 21),
    ]


def test_punctuation_only_tokens_are_skipped():
    assert find_loops(["-", "...", "—"] * 10, min_repeats=6) == []


def test_min_repeats_must_be_at_least_two():
    with pytest.raises(ValueError):
        find_loops(["a"], min_repeats=1)


# --- collapsing and repairing ---------------------------------------------------------------


def test_collapse_keeps_the_group_once_and_the_words_around_it():
    segments = [_segment(0.0, "Goedemiddag " + "hai " * 8 + "komt u binnen?")]
    (collapsed,) = collapse_loops(segments, min_repeats=6)
    assert collapsed.text == "Goedemiddag hai komt u binnen?"
    assert [word.text for word in collapsed.words] == ["Goedemiddag", "hai", "komt", "u", "binnen?"]
    assert collapsed.start == 0.0 and collapsed.end == segments[0].end


def test_collapse_drops_segments_that_only_repeat():
    segments = [_segment(0.0, "Dag juf."), *(_segment(1.0 + i, "Hai.") for i in range(7))]
    collapsed = collapse_loops(segments, min_repeats=6)
    assert [segment.text for segment in collapsed] == ["Dag juf.", "Hai."]


def test_repair_replaces_the_loop_with_a_clean_second_decoding():
    segments = [
        _segment(0.0, "Fijn dat u er bent."),
        _segment(2.0, "mei het " * 10),
        _segment(9.0, "Zullen we beginnen?"),
    ]
    asked: list[tuple[float, float]] = []

    def redecode(start: float, end: float) -> list[Segment]:
        asked.append((start, end))
        return [_segment(start, "Met het lezen gaat het goed.")]

    repaired, repairs = repair_loops(segments, redecode, min_repeats=6)
    assert asked == [(2.0, segments[1].end)]
    assert [segment.text for segment in repaired] == [
        "Fijn dat u er bent.",
        "Met het lezen gaat het goed.",
        "Zullen we beginnen?",
    ]
    assert [(repair.phrase, repair.repeats, repair.action) for repair in repairs] == [
        ("mei het", 10, "redecoded")
    ]


def test_repair_collapses_when_the_second_decoding_loops_too():
    segments = [_segment(0.0, "Hai " * 9)]
    repaired, repairs = repair_loops(segments, lambda s, e: [_segment(s, "haai " * 7)], 6)
    assert [segment.text for segment in repaired] == ["Hai"]
    assert repairs[0].action == "collapsed"


def test_repair_drops_a_loop_where_nothing_is_heard_on_a_second_try():
    segments = [_segment(0.0, "Dag."), _segment(3.0, "Bedankt. " * 6)]
    repaired, repairs = repair_loops(segments, lambda s, e: [], 6)
    assert [segment.text for segment in repaired] == ["Dag."]
    assert repairs[0].action == "dropped"


def test_repair_without_a_decoder_collapses_and_never_leaves_a_loop():
    segments = [_segment(0.0, "ja " * 6), _segment(2.0, "ja " * 6 + "nee")]
    repaired, _ = repair_loops(segments, None, 6)
    assert not has_loop(repaired, 6)
    assert " ".join(segment.text for segment in repaired) == "ja nee"


# --- silence hallucinations (hallucinations.yaml) -------------------------------------------


@pytest.mark.parametrize("entry", hallucinations_mod.load(), ids=lambda entry: entry.id)
def test_every_listed_hallucination_matches_its_examples_only(entry):
    for example in entry.examples:
        assert hallucinations_mod.clean_segment(Segment(0.0, 1.0, example), [entry]) is None
    for text in entry.not_examples:
        kept = hallucinations_mod.clean_segment(Segment(0.0, 1.0, text), [entry])
        assert kept is not None and kept.text == text


@pytest.mark.parametrize(
    "text",
    [
        "Ondertitels ingediend door de Amara.org gemeenschap",
        "Bedankt voor het kijken!",
        "Ondertiteling door TV GELDERLAND 2021",
        "TV GELDERLAND 2021",
    ],
)
def test_known_dutch_silence_hallucinations_are_dropped(text: str):
    assert hallucinations_mod.clean_segments([Segment(0.0, 2.0, text)]) == []


def test_a_credit_is_cut_out_of_real_speech_with_its_words():
    credit = "Ondertitels ingediend door de Amara.org gemeenschap"
    segment = _segment(0.0, f"Tot volgende week. {credit}")
    (cleaned,) = hallucinations_mod.clean_segments([segment])
    assert cleaned.text == "Tot volgende week."
    assert [word.text for word in cleaned.words] == ["Tot", "volgende", "week."]
    assert cleaned.end == segment.words[2].end


def test_real_speech_with_similar_words_stays():
    texts = ["Bedankt voor het gesprek.", "Kijkt hij graag tv?", "Hoe gaat het thuis?"]
    segments = [Segment(float(i), i + 1.0, text) for i, text in enumerate(texts)]
    assert hallucinations_mod.clean_segments(segments) == segments


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("- id: x\n  pattern: a\n  explanation: b\n  examples: [a]\n  typo: 1\n", "unknown key"),
        ("- id: x\n  pattern: a\n  examples: [a]\n", "missing key"),
        ("- id: x\n  pattern: '(a'\n  explanation: b\n  examples: [a]\n", "bad pattern"),
        ("- id: x\n  pattern: a\n  explanation: b\n  examples: a\n", "list of texts"),
        ("id: x\n", "must be a list"),
    ],
)
def test_hallucination_file_errors_name_the_line(text: str, problem: str):
    with pytest.raises(RuleFileError) as info:
        hallucinations_mod.parse(text)
    assert problem in info.value.message
    assert info.value.message.startswith("hallucinations.yaml:")


def test_the_second_entry_error_names_its_own_line():
    text = (
        "- id: a\n  pattern: a\n  explanation: b\n  examples: [a]\n"
        "- id: a\n  pattern: a\n  explanation: b\n  examples: [a]\n"
    )
    with pytest.raises(RuleFileError, match=r"hallucinations.yaml:5: duplicate id"):
        hallucinations_mod.parse(text)


# --- the engine: loops re-decoded, hallucinations dropped, question marks kept ---------------


class ScriptedBackend:
    """A stand-in recogniser that says what it is told (the engine is under test here)."""

    name = "scripted"

    def __init__(
        self, first: list[Segment], retry: list[Segment], again: list[Segment] | None = None
    ) -> None:
        self.first, self.retry, self.again = first, retry, again or []
        self.calls: list[tuple[float, bool]] = []

    def transcribe_chunk(
        self, audio: np.ndarray, language: str | None, prompt: str | None, *, retry: bool = False
    ) -> ChunkResult:
        """``first`` on the first call, ``retry`` on a retry, ``again`` on later normal calls."""
        self.calls.append((audio.size / 16_000, retry))
        said = self.retry if retry else self.again if len(self.calls) > 1 else self.first
        segments: Iterator[Segment] = iter(said)
        return ChunkResult(language or "nl", None, segments)

    def detect_language(self, audio: np.ndarray) -> tuple[str, float] | None:
        """No language detection: the engine keeps the language asked for."""
        return None


def _transcribe_with(backend: ScriptedBackend, monkeypatch: pytest.MonkeyPatch, **options):
    monkeypatch.setattr(engine, "get_backend", lambda _options: backend)
    return transcribe(HALLO, TranscribeOptions(**options))


def test_engine_redecodes_a_loop_and_drops_hallucinations(monkeypatch: pytest.MonkeyPatch):
    backend = ScriptedBackend(
        first=[
            _segment(0.0, "Goedemiddag, komt u binnen?", step=0.2),
            _segment(1.0, "hai " * 8, step=0.2),
            _segment(3.0, "Ondertitels ingediend door de Amara.org gemeenschap", step=0.1),
            _segment(3.7, "Wilt u koffie", step=0.2),
        ],
        retry=[_segment(0.1, "Hoe gaat het met Daan?", step=0.2)],
    )
    transcript = _transcribe_with(backend, monkeypatch)
    assert [turn.text for turn in transcript.turns] == [
        "Goedemiddag, komt u binnen?",
        "Hoe gaat het met Daan?",
        "Wilt u koffie",
    ]
    # The retry got only the loop's stretch (1.0-2.6 s, plus a little on both sides) ...
    _first, (window, retried) = backend.calls
    assert retried and window == pytest.approx(1.6 + 0.2, abs=0.01)
    # ... and its times were shifted back to where that stretch starts in the recording.
    assert transcript.turns[1].start == pytest.approx(1.0 - 0.1 + 0.1)


def test_engine_keeps_question_marks_and_does_not_add_them(monkeypatch: pytest.MonkeyPatch):
    texts = ["Hoe gaat het thuis?", "Goed hoor.", "Vindt ze het leuk op school", "Ja?"]
    backend = ScriptedBackend([_segment(float(i), t) for i, t in enumerate(texts)], [])
    transcript = _transcribe_with(backend, monkeypatch)
    assert [turn.text for turn in transcript.turns] == texts
    assert [word.text for word in transcript.turns[0].words][-1] == "thuis?"


def test_legacy_settings_leave_loops_and_hallucinations(monkeypatch: pytest.MonkeyPatch):
    texts = ["hai " * 8, "Bedankt voor het kijken!"]
    backend = ScriptedBackend([_segment(float(i) * 3, t) for i, t in enumerate(texts)], [])
    monkeypatch.setattr(engine, "get_backend", lambda _options: backend)
    transcript = transcribe(HALLO, TranscribeOptions.legacy())
    assert [turn.text for turn in transcript.turns] == [t.strip() for t in texts]
    assert [retry for _, retry in backend.calls] == [False]


def test_options_for_loops_are_checked():
    with pytest.raises(ValueError):
        TranscribeOptions(loop_repeats=1)
    with pytest.raises(ValueError):
        TranscribeOptions(temperatures=())
    assert TranscribeOptions(hotwords="  Juf   Anouk  Sanne ").hotwords == "Juf Anouk Sanne"
    assert TranscribeOptions(hotwords="   ").hotwords is None
    legacy = TranscribeOptions.legacy(beam_size=1)
    assert (legacy.temperatures, legacy.loop_repeats, legacy.beam_size) == ((0.0,), None, 1)


# --- a real recording that loops with the old settings (Whisper base) -------------------------


@pytest.fixture(scope="module")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    cache = tmp_path_factory.mktemp("gesprekscoach-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(models.CACHE_ENV, str(cache))
        yield cache


def _words(path: Path, options: TranscribeOptions) -> list[str]:
    transcript = transcribe(path, options)
    return " ".join(turn.text for turn in transcript.turns).split()


@pytest.mark.slow
def test_recording_loops_with_old_settings_and_not_with_new(model_cache: Path):
    assert LOOP_RECORDING.stat().st_size < 1_000_000
    old = _words(LOOP_RECORDING, TranscribeOptions.legacy())
    assert find_loops(old, min_repeats=6), f"no loop with the old settings: {old}"
    new = _words(LOOP_RECORDING, TranscribeOptions())
    assert new and not find_loops(new, min_repeats=6), new
    # Sampling (the temperature fallback and the retry) is seeded: the same text again.
    assert _words(LOOP_RECORDING, TranscribeOptions()) == new


# --- speech without text: decoded again --------------------------------------------------------


def test_missing_speech_finds_uncovered_stretches_of_two_seconds_or_more():
    speech = [(0.0, 10.0), (12.0, 13.0), (20.0, 30.0)]
    segments = [_segment(0.5, "Goedemiddag"), Segment(4.0, 5.0, "Komt u binnen?")]
    # Covered: 0.0-1.3 (padded) and 3.5-5.5; 12-13 is short; 20-30 has no text at all.
    assert missing_speech(speech, segments) == [(1.3, 3.5), (5.5, 10.0), (20.0, 30.0)]
    assert missing_speech(speech, segments, min_gap=5.0) == [(20.0, 30.0)]
    assert missing_speech([], segments) == []


def test_speech_regions_with_short_pauses_are_merged():
    assert merge_regions([(3.0, 4.0), (0.0, 1.0), (1.2, 2.0)]) == [(0.0, 2.0), (3.0, 4.0)]


def test_engine_decodes_speech_without_text_again(monkeypatch: pytest.MonkeyPatch):
    # The first decoding gives text for the first half second of hallo.wav only (as when the
    # fallback ends a window as "no speech"); the voice detector hears speech up to ~4 s.
    backend = ScriptedBackend(
        first=[Segment(0.0, 0.4, "Hallo.")],
        retry=[],
        again=[_segment(0.2, "goedemiddag allemaal")],  # what decoding the gap alone hears
    )
    transcript = _transcribe_with(backend, monkeypatch)
    (_, _), (gap_seconds, retried) = backend.calls
    assert not retried  # decoded with the normal settings, on its own
    assert 2.0 <= gap_seconds <= 4.5
    assert [turn.text for turn in transcript.turns] == ["Hallo.", "goedemiddag allemaal"]
    assert transcript.turns[1].start > 0.4
