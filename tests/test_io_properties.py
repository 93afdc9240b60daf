"""Properties of every transcript reader/writer pair (TXT, SRT, VTT, JSON), with Hypothesis.

1. Writing a transcript and reading it back gives the same turns, up to what each format
   normalises, stated exactly here:

   - all formats but JSON put a turn on one line: its text is ``flat`` (every run of whitespace,
     line breaks included, becomes one space; no space at either end), and so is a speaker name;
   - JSON keeps speaker, text, start and end exactly (names are ``flat``);
   - TXT keeps every turn, also an empty one, and its start time to the millisecond; a turn's
     end is the next turn's start;
   - SRT and VTT keep start (and end, when set) to the millisecond, and leave out turns whose
     text is empty; VTT keeps every character of text and name (``&``, ``<``, ``>`` travel as
     character references); SRT has no escapes, so a SubRip formatting tag in the text
     (``<i>``, ``</b>``, ``<font ...>``, ...) is removed;
   - in TXT and SRT a speaker name has no ``:``, ``[`` or ``]``, at most 4 words and 40
     characters, does not start with ``(``, ``*`` or ``-``, and (in SRT) has no ``<``; every
     speaker there speaks at least twice, so that a ``Name:`` label is known to be a speaker
     (a one-off label that is no role name or speech-tool label is read as text: see
     test_transcript_io).

2. Reading any text never raises anything but :class:`TranscriptError`.
"""

from __future__ import annotations

import json
import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analysis.errors import TranscriptError
from analysis.records import Transcript, Turn, Word
from analysis.transcript_io import (
    MAX_SECONDS,
    parse_json,
    parse_srt,
    parse_text,
    parse_transcript,
    parse_vtt,
    to_json,
    to_srt,
    to_text,
    to_vtt,
)

EXAMPLES = 150
# Deterministic (the same examples every run, as every test here), no deadline on a busy machine.
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True)
# The tags SubRip defines (our SRT reader removes them; any other "<...>" is text).
SRT_TAG = re.compile(r"</?(?:b|i|u|s|font|v)(?:\s[^<>]*)?>", re.IGNORECASE)


def flat(text: str) -> str:
    return " ".join(text.split())


# --- strategies -----------------------------------------------------------------------------

TRICKY = [
    "<",
    ">",
    "&",
    ":",
    "&amp;",
    "&lt;b&gt;",
    "&nbsp;",
    "&#233;",
    "<5 en >3",
    "<i>",
    "</b>",
    "<v Juf>",
    "<c.x>",
    "-->",
    "00:00:01,000 --> 00:00:02,000",
    "[00:01]",
    "Juf:",
    "Een vraag vooraf: ",
    "\n",
    "\n\n",
    "\r\n",
    "\u2028",
    "\t",
    "\xa0",
    "WEBVTT",
    "NOTE",
    "1",
    "\ufeff",
    "é",
    "ß",
    "😀",
    "\u202e",
    "\x00",
]

texts = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(TRICKY)), max_size=8).map("".join)

_NAME_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), blacklist_characters=":[]<>"
)
_NAME_WORDS = st.text(_NAME_CHARS, min_size=1, max_size=8).filter(lambda w: len(w.split()) == 1)

label_names = (
    st.lists(_NAME_WORDS, min_size=1, max_size=4)
    .map(" ".join)
    .filter(lambda name: len(name) <= 40 and name[0] not in "(*-")
)
"""Names a ``Name:`` label can carry (TXT, SRT)."""

any_names = st.text(min_size=1, max_size=30).map(flat).filter(bool)
"""Names for VTT and JSON: any non-empty text (whitespace collapsed)."""

_LAST_MS = round(MAX_SECONDS * 1000)
milliseconds = st.one_of(
    st.integers(min_value=0, max_value=_LAST_MS),
    st.integers(min_value=_LAST_MS - 3_000, max_value=_LAST_MS),  # near the latest time
).map(lambda ms: ms / 1000)


@st.composite
def talks(draw: st.DrawFn, names: st.SearchStrategy[str], timed: bool, twice: bool) -> Transcript:
    """A transcript of 1-12 turns by 1-4 speakers (each at least twice when ``twice``)."""
    speakers = draw(st.lists(names, min_size=1, max_size=4, unique_by=str.lower))
    order = draw(st.lists(st.sampled_from(speakers), min_size=1, max_size=12))
    if twice:
        order += [name for name in speakers for _ in range(max(0, 2 - order.count(name)))]
    turns = []
    for index, speaker in enumerate(order):
        start = draw(milliseconds) if timed else draw(st.none() | milliseconds)
        end = draw(st.none() | milliseconds)
        turns.append(Turn(index=index, speaker=speaker, text=draw(texts), start=start, end=end))
    return Transcript(turns=turns)


# --- 1. write -> read -------------------------------------------------------------------------


@PROPERTY
@given(talks(label_names, timed=False, twice=True))
def test_txt_round_trip(talk: Transcript):
    again = parse_text(to_text(talk))

    assert [(t.speaker, t.text, t.start) for t in again.turns] == [
        (t.speaker, flat(t.text), t.start) for t in talk.turns
    ]
    starts = [t.start for t in talk.turns]
    for index, turn in enumerate(again.turns):
        later = next((s for s in starts[index + 1 :] if s is not None), None)
        assert turn.end == (later if turn.start is not None else None)


def _subtitle_expectation(talk: Transcript, normalise: object) -> list[tuple]:
    expected = []
    for turn in talk.turns:
        text = normalise(flat(turn.text))  # type: ignore[operator]
        if text:
            expected.append((flat(turn.speaker), text, turn.start))
    return expected


@PROPERTY
@given(talks(label_names, timed=True, twice=True))
def test_srt_round_trip(talk: Transcript):
    again = parse_srt(to_srt(talk)) if _has_text(talk, srt=True) else None

    expected = _subtitle_expectation(talk, lambda text: SRT_TAG.sub("", text).strip())
    if again is None:
        assert not expected
        return
    assert [(t.speaker, t.text, t.start) for t in again.turns] == expected
    _assert_set_ends_kept(talk, again, srt=True)


@PROPERTY
@given(talks(any_names, timed=True, twice=False))
def test_vtt_round_trip(talk: Transcript):
    assume(_has_text(talk, srt=False))

    again = parse_vtt(to_vtt(talk))

    assert [(t.speaker, t.text, t.start) for t in again.turns] == _subtitle_expectation(
        talk, lambda text: text
    )
    _assert_set_ends_kept(talk, again, srt=False)


def _has_text(talk: Transcript, srt: bool) -> bool:
    return any((SRT_TAG.sub("", flat(t.text)).strip() if srt else flat(t.text)) for t in talk.turns)


def _assert_set_ends_kept(talk: Transcript, again: Transcript, srt: bool) -> None:
    kept = [
        t for t in talk.turns if (SRT_TAG.sub("", flat(t.text)).strip() if srt else flat(t.text))
    ]
    for before, after in zip(kept, again.turns, strict=True):
        if before.end is not None and before.start is not None:
            assert after.end == max(before.end, before.start)


words = st.lists(
    st.builds(
        Word,
        start=milliseconds,
        end=milliseconds,
        text=st.text(max_size=10),
        probability=st.none() | st.floats(min_value=0.0, max_value=1.0),
    ),
    max_size=3,
)


@PROPERTY
@given(
    talks(any_names, timed=False, twice=False),
    st.lists(words, min_size=12, max_size=12),
    st.floats(min_value=0.0, max_value=MAX_SECONDS),
)
def test_json_round_trip_is_exact(talk: Transcript, word_lists: list, second: float):
    for turn, turn_words in zip(talk.turns, word_lists, strict=False):
        turn.words = turn_words
    talk.turns[0].start = second  # any float, not only milliseconds

    again = parse_json(to_json(talk))

    assert again.turns == talk.turns


@settings(PROPERTY, max_examples=50)
@given(st.text(max_size=20))
def test_json_replaces_lone_surrogates(text: str):
    escaped = json.dumps(text + "\ud800" + text)  # "\ud800" travels as an escape
    data = '{"turns": [{"speaker": "Juf", "text": ' + escaped + "}]}"

    transcript = parse_json(data)

    assert transcript.turns[0].text == text + "\ufffd" + text
    to_json(transcript).encode("utf-8")  # writable as UTF-8


# --- 2. reading never raises anything but TranscriptError ------------------------------------

_stamps = st.sampled_from(["", "[00:01] ", "[99:99:99] ", "[1:2:3] ", "[00:00:01.5] ", "["])
_lines = st.tuples(
    _stamps, st.one_of(label_names, st.text(max_size=6)), st.sampled_from([": ", ":", " "]), texts
).map("".join)


@PROPERTY
@given(st.lists(_lines, max_size=8).map("\n".join))
def test_reading_txt_like_text_raises_only_transcript_errors(text: str):
    _read(text, "txt")


_timings = st.one_of(
    st.sampled_from(
        [
            "00:00:01,000 --> 00:00:02,000",
            "00:01.000 --> 00:02.000 align:start",
            "99:59:59.999 --> 100:00:00.000",
            "9" * 400 + ":00:00,000 --> 00:00:01,000",
            "00:00:02,000 --> 00:00:01,000",
            "-->",
        ]
    ),
    st.tuples(st.integers(0, 10**6), st.integers(0, 59), st.integers(0, 999)).map(
        lambda t: f"{t[0]}:{t[1]:02d}:00.{t[2]:03d} --> 00:00:01.000"
    ),
)
_bodies = st.one_of(
    texts,
    st.tuples(
        st.sampled_from(["<v ", "<v.x ", "<v>", "<c>", "<i>"]), texts, st.just(">"), texts
    ).map("".join),
    st.tuples(label_names, st.just(": "), texts).map("".join),
)
_blocks = st.tuples(st.sampled_from(["", "1\n", "id\n", "NOTE x\n"]), _timings, _bodies).map(
    lambda b: f"{b[0]}{b[1]}\n{b[2]}"
)


@PROPERTY
@given(
    st.sampled_from(["", "WEBVTT\n\n", "\ufeffWEBVTT - x\n\n"]),
    st.lists(_blocks, max_size=6),
    st.sampled_from(["\n\n", "\n", "\r\n\r\n"]),
    st.sampled_from(["srt", "vtt"]),
)
def test_reading_subtitle_like_text_raises_only_transcript_errors(
    head: str, blocks: list[str], gap: str, fmt: str
):
    _read(head + gap.join(blocks), fmt)


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)
_numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(), milliseconds, _json_values
)
_word_dicts = st.fixed_dictionaries(
    {"start": _numbers, "end": _numbers, "text": st.text(max_size=4) | _json_values},
    optional={"probability": _numbers},
)
_turn_dicts = st.fixed_dictionaries(
    {
        "speaker": st.one_of(st.text(min_size=1, max_size=6), _json_values),
        "text": st.one_of(texts, _json_values),
    },
    optional={
        "start": _numbers,
        "end": _numbers,
        "role": _json_values | st.sampled_from(["teacher", "parent", "x"]),
        "words": st.lists(_word_dicts, max_size=2) | _json_values,
    },
)


@PROPERTY
@given(
    st.lists(_turn_dicts, max_size=4),
    st.dictionaries(
        st.sampled_from(["speakers", "duration", "source", "language", "detected_language"]),
        _json_values,
        max_size=3,
    ),
)
def test_reading_json_like_text_raises_only_transcript_errors(turns: list, extra: dict):
    _read(json.dumps({"turns": turns, **extra}), "json")


def _refuse(value: str) -> object:
    raise ValueError(f"{value} written")


def _read(text: str, fmt: str) -> None:
    try:
        transcript = parse_transcript(text, fmt, f"fuzz.{fmt}")
    except TranscriptError as error:
        assert error.message and error.message_nl
        return
    assert transcript.turns
    json.loads(to_json(transcript), parse_constant=_refuse)  # written back as strict JSON
