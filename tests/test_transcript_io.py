"""Readers and writers: the guide's text format, SRT, WebVTT, JSON; encodings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import TranscriptError
from analysis.transcript_io import (
    decode_bytes,
    parse_text,
    parse_transcript,
    read_transcript,
    to_json,
    to_text,
    write_transcript,
)

from .conftest import TRANSCRIPTS


def test_text_with_timestamps_and_continuation_lines():
    transcript = read_transcript(TRANSCRIPTS / "continuation.txt")

    assert [t.speaker for t in transcript.turns] == [
        "Juf Anouk",
        "Moeder",
        "Juf Anouk",
        "Moeder",
        "Juf Anouk",
    ]
    third = transcript.turns[2]
    assert third.text == (
        "Gaat u zitten. We hebben ongeveer tien minuten. Ik wil eerst vertellen hoe het in "
        "de klas gaat, en daarna hoor ik graag hoe het thuis gaat."
    )
    assert third.start == 7.0
    assert third.end == 19.0
    assert transcript.turns[4].start == pytest.approx(3723.5)
    assert transcript.turns[4].end is None
    assert [t.role for t in transcript.turns] == ["teacher", "parent"] * 2 + ["teacher"]


def test_text_without_timestamps_guesses_child_by_elimination():
    transcript = read_transcript(TRANSCRIPTS / "plain.txt")

    assert all(t.start is None and t.end is None for t in transcript.turns)
    roles = {s.name: (s.role, s.guessed) for s in transcript.speakers}
    assert roles == {
        "Leerkracht": ("teacher", True),
        "Moeder": ("parent", True),
        "Vader": ("parent", True),
        "Daan": ("child", True),
    }


def test_unknown_first_names_get_roles_proposed_from_the_talk():
    transcript = parse_transcript("Marloes: Welkom.\nPiet: Dank u.\n", "txt")
    roles = {s.name: (s.role, s.guessed) for s in transcript.speakers}
    assert roles == {"Marloes": ("teacher", True), "Piet": ("parent", True)}


def test_srt_speaker_prefix_and_unnamed_cue_continues_turn():
    transcript = read_transcript(TRANSCRIPTS / "cues.srt")

    assert [(t.speaker, t.text) for t in transcript.turns] == [
        ("Meester Tom", "Hoi Lieke! Kom binnen."),
        ("Vader", "Middag."),
        ("Meester Tom", "Gaan jullie maar zitten. Wilt u koffie?"),
    ]
    assert transcript.turns[2].start == 4.3
    assert transcript.turns[2].end == 8.5


def test_vtt_voice_tags_header_and_settings():
    transcript = read_transcript(TRANSCRIPTS / "voices.vtt")

    assert [(t.speaker, t.role) for t in transcript.turns] == [
        ("Juf Sandra", "teacher"),
        ("Moeder", "parent"),
        ("Juf Sandra", "teacher"),
    ]
    assert transcript.turns[2].text == "Gaat u eerst even zitten. Neem gerust de tijd."
    assert transcript.turns[1].start == 2.5


def test_crlf_and_bom_are_read(tmp_path: Path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("\ufeffJuf: Dag.\r\nMoeder: Hallo.\r\n  verder\r\n".encode())

    transcript = read_transcript(path)

    assert [t.speaker for t in transcript.turns] == ["Juf", "Moeder"]
    assert transcript.turns[1].text == "Hallo. verder"


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_encodings_are_detected(tmp_path: Path, encoding: str):
    path = tmp_path / "oud.txt"
    text = (
        "Leerkracht: Hé, wat fijn dat u er bent! Het gaat héél goed met Zoë.\n"
        "Moeder: Oké, dank u.\n"
    )
    path.write_bytes(text.encode(encoding))

    transcript = read_transcript(path)

    assert transcript.turns[0].text == "Hé, wat fijn dat u er bent! Het gaat héél goed met Zoë."
    assert transcript.turns[1].text == "Oké, dank u."


def test_cp1252_quotes_are_detected():
    data = "Moeder: Ze zei \u201cik kan het niet\u201d.\n".encode("cp1252")
    assert "\u201cik kan het niet\u201d" in decode_bytes(data)


def test_utf16_with_bom_is_read():
    data = "Juf: Welkom.\nVader: Dag.\n".encode("utf-16")
    assert decode_bytes(data).startswith("Juf: Welkom.")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x00\x01\x02binary\x00", "not a readable text"),
        (b"Zomaar wat tekst zonder sprekers.\n", "before the first speaker"),
    ],
)
def test_bad_transcripts_raise_transcript_error(tmp_path: Path, content: bytes, fragment: str):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(TranscriptError) as info:
        read_transcript(path)
    assert fragment in info.value.message
    assert info.value.message_nl != info.value.message


def test_missing_file_raises_transcript_error(tmp_path: Path):
    with pytest.raises(TranscriptError, match="not found"):
        read_transcript(tmp_path / "weg.txt")


def test_subtitles_without_speakers_are_refused():
    srt = "1\n00:00:01,000 --> 00:00:02,000\nGoedemiddag.\n"
    with pytest.raises(TranscriptError, match="no speaker"):
        parse_transcript(srt, "srt")


def test_json_that_is_not_a_transcript_is_refused():
    with pytest.raises(TranscriptError, match="turns"):
        parse_transcript(json.dumps({"hello": 1}), "json")
    with pytest.raises(TranscriptError, match="invalid JSON"):
        parse_transcript("{nope", "json")


@pytest.mark.parametrize("name", ["continuation.txt", "plain.txt", "cues.srt", "voices.vtt"])
def test_text_json_text_is_lossless(name: str):
    transcript = read_transcript(TRANSCRIPTS / name)
    text = to_text(transcript)

    again = parse_transcript(to_json(parse_transcript(text, "txt")), "json")

    assert to_text(again) == text
    assert parse_text(text).turns == parse_text(to_text(parse_text(text))).turns


def test_json_keeps_words_and_speaker_decisions():
    transcript = read_transcript(TRANSCRIPTS / "plain.txt", roles={"child": ["daan"]})
    again = parse_transcript(to_json(transcript), "json")
    assert again == transcript
    daan = again.speaker("Daan")
    assert daan is not None and not daan.guessed


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_subtitle_round_trip_keeps_turns(fmt: str):
    transcript = read_transcript(TRANSCRIPTS / "continuation.txt")
    again = parse_transcript(write_transcript(transcript, fmt), fmt)
    assert [(t.speaker, t.text, t.start) for t in again.turns] == [
        (t.speaker, t.text, t.start) for t in transcript.turns
    ]


def test_subtitles_need_times():
    transcript = read_transcript(TRANSCRIPTS / "plain.txt")
    with pytest.raises(TranscriptError, match="start time"):
        write_transcript(transcript, "srt")


def test_srt_timestamps_are_formatted():
    text = write_transcript(read_transcript(TRANSCRIPTS / "continuation.txt"), "srt")
    assert "01:02:03,500 --> " in text
    assert text.startswith("1\n00:00:02,000 --> 00:00:05,000\nJuf Anouk: Goedemiddag")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_fuzz_bytes_only_raise_transcript_error(data: bytes):
    try:
        transcript = parse_transcript(decode_bytes(data), None, "fuzz.txt")
    except TranscriptError:
        return
    assert transcript.turns


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["txt", "srt", "vtt", "json", None]))
def test_fuzz_text_only_raises_transcript_error(text: str, fmt: str | None):
    try:
        transcript = parse_transcript(text, fmt, "fuzz")
    except TranscriptError:
        return
    assert transcript.turns


# --- a colon is not a speaker; entities and tag look-alikes (issue #14) ---------------------


def _srt(*bodies: str) -> str:
    return "\n".join(
        f"{i}\n00:00:{i:02d},000 --> 00:00:{i + 1:02d},000\n{body}\n"
        for i, body in enumerate(bodies, start=1)
    )


def test_srt_one_off_colon_text_stays_with_the_speaker():
    srt = _srt("Juf: Welkom.", "Een vraag vooraf: hoe gaat het thuis?", "Moeder: Goed.")

    transcript = parse_transcript(srt, "srt")

    assert [(t.speaker, t.text) for t in transcript.turns] == [
        ("Juf", "Welkom. Een vraag vooraf: hoe gaat het thuis?"),
        ("Moeder", "Goed."),
    ]
    assert transcript.turns[0].end == 3.0


def test_srt_recurring_and_voice_labels_name_speakers():
    srt = _srt(
        "Anouk: Welkom.", "Sanne: Dag.", "Anouk: Hoe gaat het?", "<v Sanne>Goed.", "Sanne: Ja."
    )

    transcript = parse_transcript(srt, "srt")

    assert [t.speaker for t in transcript.turns] == ["Anouk", "Sanne", "Anouk", "Sanne", "Sanne"]


def test_srt_one_off_unknown_label_is_text():
    srt = _srt("Juf: Dag.", "Moeder: Hallo.", "Lieke: Hoi.", "Juf: Ga zitten.")

    transcript = parse_transcript(srt, "srt")

    assert [(t.speaker, t.text) for t in transcript.turns][1] == ("Moeder", "Hallo. Lieke: Hoi.")


def test_txt_one_off_sentence_label_continues_the_turn():
    text = "Juf: Welkom.\nEen vraag vooraf: hoe gaat het thuis?\nMoeder van Sanne: Goed.\n"

    transcript = parse_transcript(text, "txt")

    assert [(t.speaker, t.text) for t in transcript.turns] == [
        ("Juf", "Welkom. Een vraag vooraf: hoe gaat het thuis?"),
        ("Moeder van Sanne", "Goed."),
    ]


def test_txt_one_off_names_are_still_speakers():
    text = "Juf: Dag.\nMoeder: Hallo.\nDaan: Hoi juf.\nkortom: klaar.\nkortom: echt.\n"

    transcript = parse_transcript(text, "txt")

    assert [t.speaker for t in transcript.turns] == ["Juf", "Moeder", "Daan", "kortom", "kortom"]


def test_vtt_entities_are_decoded_and_tag_lookalikes_kept():
    vtt = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\n"
        "<v Juf &amp; co><i>Jip &amp; Janneke</i> &lt;3&nbsp;&#233;&#x00E9;&lrm;</v>\n\n"
        "00:02.000 --> 00:03.000\n<v Moeder>Een cijfer <5 en >3\n"
    )

    transcript = parse_transcript(vtt, "vtt")

    assert [(t.speaker, t.text) for t in transcript.turns] == [
        ("Juf & co", "Jip & Janneke <3\xa0éé\u200e"),
        ("Moeder", "Een cijfer <5 en >3"),
    ]


@pytest.mark.parametrize("fmt", ["srt", "vtt", "txt", "json"])
def test_tag_lookalikes_and_entities_survive_a_round_trip(fmt: str):
    text = "Een cijfer <5 en >3, <i> & &amp; en x-->y"
    transcript = parse_transcript(
        f"[00:00:01] Juf: {text}\n[00:00:03] Moeder: Oké <b>zeker</b>.\n", "txt"
    )

    again = parse_transcript(write_transcript(transcript, fmt), fmt)

    expected = text.replace("<i>", "") if fmt == "srt" else text  # SRT has no escapes
    assert again.turns[0].text == expected
    assert again.turns[1].text == ("Oké zeker." if fmt == "srt" else "Oké <b>zeker</b>.")


def test_vtt_writer_escapes_markup():
    transcript = parse_transcript("[00:00:01] Juf <1>: a < b & c > d\n", "txt")
    assert "<v Juf &lt;1&gt;>a &lt; b &amp; c &gt; d\n" in write_transcript(transcript, "vtt")


def test_writers_keep_every_turn_on_one_line():
    data = {
        "turns": [
            {
                "speaker": "Juf\nAnouk",
                "text": "a\n\n2\n00:00:05,000 --> 00:00:06,000\nb",
                "start": 1,
            },
            {"speaker": "Moeder", "text": "Dag\u2028juf", "start": 2},
        ]
    }
    transcript = parse_transcript(json.dumps(data), "json")

    for fmt in ("txt", "srt", "vtt"):
        again = parse_transcript(write_transcript(transcript, fmt), fmt)
        assert [(t.speaker, t.text) for t in again.turns] == [
            ("Juf Anouk", "a 2 00:00:05,000 --> 00:00:06,000 b"),
            ("Moeder", "Dag juf"),
        ], fmt


# --- strict JSON (issue #14) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ('"start": NaN', "NaN is not a number JSON allows"),
        ('"start": 1e400', "turns[0].start: time inf"),
        ('"start": -2', "turns[0].start: time -2"),
        ('"start": "1:00"', "turns[0].start must be a number, not text"),
        ('"speaker": null', "turns[0].speaker must be text, not null"),
        ('"text": null', "turns[0].text must be text, not null"),
        ('"text": ["a"]', "turns[0].text must be text, not a list"),
        ('"start": ' + "1" * 101, "101 digits"),
        ('"x": ' + "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_json_that_breaks_the_schema_is_refused(fragment: str, message: str):
    data = '{"turns": [{"speaker": "Juf", "text": "Dag", ' + fragment + "}]}"
    with pytest.raises(TranscriptError) as info:
        parse_transcript(data, "json", "t.json")
    assert message in info.value.message
    assert info.value.message_nl.startswith("t.json: ")


def test_json_lone_surrogates_become_replacement_characters():
    data = '{"turns": [{"speaker": "Juf \\udc80", "text": "a\\ud800b \\ud83d\\ude00"}]}'
    turn = parse_transcript(data, "json").turns[0]
    assert (turn.speaker, turn.text) == ("Juf \ufffd", "a\ufffdb 😀")


def test_times_past_the_text_format_are_refused():
    with pytest.raises(TranscriptError, match="time"):
        parse_transcript("1\n100:00:00,000 --> 100:00:01,000\nJuf: Dag.\n", "srt")
    assert parse_transcript("[99:59:59.999] Juf: Dag.\n", "txt").turns[0].start == 359_999.999


# --- files that are no transcripts (issue #14) --------------------------------------------------


def test_pipes_and_devices_are_refused_without_reading(tmp_path: Path):
    import os

    from analysis.transcript_io import read_limited

    fifo = tmp_path / "pijp.txt"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    device = tmp_path / "nul.txt"
    device.symlink_to("/dev/zero")
    for path in (fifo, device):
        with pytest.raises(TranscriptError, match="not a regular file"):
            read_limited(path)


def test_files_over_the_cap_are_refused(tmp_path: Path):
    from analysis.transcript_io import read_limited

    path = tmp_path / "groot.txt"
    path.write_bytes(b"Juf: " + b"ja " * 40)
    assert read_limited(path, limit=200) == path.read_bytes()
    with pytest.raises(TranscriptError, match="too large"):
        read_limited(path, limit=100)


def test_srt_one_off_speech_tool_label_is_a_speaker():
    srt = _srt("Spreker 1: Welkom.", "Spreker 2: Dag.", "Spreker 1: Zit.")
    transcript = parse_transcript(srt, "srt")
    assert [t.speaker for t in transcript.turns] == ["Spreker 1", "Spreker 2", "Spreker 1"]


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_a_guessed_last_cue_end_stays_readable(fmt: str):
    transcript = parse_transcript("[99:59:59] Juf: Tot ziens allemaal.\n", "txt")
    again = parse_transcript(write_transcript(transcript, fmt), fmt)
    assert (again.turns[0].start, again.turns[0].end) == (359_999.0, 359_999.999)
