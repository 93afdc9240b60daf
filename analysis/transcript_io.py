"""Reading and writing transcripts: the guide's text format, SRT, WebVTT and our own JSON.

Text format (ANNOTATION.md): one turn per line, ``Speaker: text``, an optional ``[hh:mm:ss]`` or
``[mm:ss]`` timestamp in front; a line without ``Name:`` continues the previous turn; blank lines
are ignored. A label that occurs only once, is no role name and does not look like a name
("Een vraag vooraf: ...") is text, not a speaker. Written text is canonical: ``[hh:mm:ss]``
timestamps (with milliseconds only when a time has them) and one line per turn, so
TXT → JSON → TXT gives the same text back.

Subtitles (SRT/VTT) take the speaker from a ``<v Name>`` voice tag or a ``Name:`` prefix; a
prefix counts only when it is a role name (``roles.yaml``), a speech tool's label ("Spreker 2"),
recurs as a speaker in another cue, or is a voice name elsewhere in the file. Every cue that
names its speaker starts a turn; a cue without one continues the previous turn. WebVTT character
references (``&amp;``, ``&lt;``, ``&nbsp;``, numeric, ...) are decoded on read and ``&``, ``<``,
``>`` escaped on write; only known formatting tags (``<i>``, ``<b>``, ``<c.x>``, ``<font ...>``,
...) are removed, so "<5 en >3" stays text.

Writers put each turn's text on one line with its whitespace collapsed to single spaces (so no
text can break a line, a cue or a timing line). JSON keeps the text as it is.

Limits (bad input is refused with a :class:`TranscriptError`): files up to 20 MB, regular files
only (no pipes or devices), at most 10,000 turns, 50,000 characters in one turn and 300,000
characters of text in all (about seven hours of talk), times from 0 up to 99:59:59.999. Lone
UTF-16 surrogates (``"\\ud800"`` in JSON) are replaced by U+FFFD.
Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, and Windows-1252/Latin-1.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import stat
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from analysis.data_files import load_yaml
from analysis.errors import RuleFileError, TranscriptError
from analysis.records import ROLES, Speaker, Transcript, Turn, Word
from analysis.role_names import is_anonymous_label, normalise_name, role_from_name
from analysis.roles import apply_roles

JSON_FORMAT_NAME = "gesprekscoach-transcript"
JSON_VERSION = 1

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_TURN_LINE = re.compile(
    rf"^(?:\[(?P<time>{_TIME})\]\s*)?(?P<name>[^:\[\]]{{1,40}}):\s*(?P<text>.*)$"
)
_TIME_ONLY = re.compile(rf"^\[(?P<time>{_TIME})\]\s*(?P<text>.*)$")
_CUE_TIME = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*"
    r"(?P<end>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
_VOICE = re.compile(r"^<v(?:\.[\w.-]+)?\s+(?P<name>[^>]+)>(?P<text>.*)$", re.DOTALL)
# Only tags a subtitle format defines are markup; any other "<...>" is text ("<5 en >3").
_SRT_TAG = re.compile(r"</?(?:b|i|u|s|font|v)(?:\s[^<>]*)?>", re.IGNORECASE)
_VTT_TAG = re.compile(
    r"</?(?:c|i|b|u|v|lang|ruby|rt)(?:[.\s][^<>]*)?>|<(?:\d+:)?\d{2}:\d{2}\.\d{3}>"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_NAME_WORDS = 4

#: Largest transcript file read (bytes); a bigger file is refused before it is read whole.
MAX_FILE_BYTES = 20_000_000
#: Most turns in one transcript (a two-hour talk has one or two thousand).
MAX_TURNS = 10_000
#: Most characters in one turn (over an hour of uninterrupted speech).
MAX_TURN_CHARS = 50_000
#: Most characters of text in a whole transcript (about seven hours of talk at the pace of
#: the samples, 11 characters a second; a two-hour talk has about 80,000).
MAX_TEXT_CHARS = 300_000
#: Latest time in seconds: 99:59:59.999, the most the text format's ``[hh:mm:ss]`` can hold.
MAX_SECONDS = 359_999.999
#: Longest integer read from JSON (in digits).
MAX_JSON_DIGITS = 100


# --- decoding -------------------------------------------------------------------------------


def decode_bytes(data: bytes, name: str = "transcript") -> str:
    """Decode transcript bytes: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252/Latin-1.

    Raises :class:`TranscriptError` for empty input and for data that is not text.
    """
    if not data.strip():
        raise TranscriptError(f"{name}: the file is empty", f"{name}: het bestand is leeg.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _not_text(name) from exc
        if _control_share(text) > 0.01:
            raise _not_text(name)
        return text
    if b"\x00" in data:
        raise _not_text(name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        if _control_share(text) > 0.01:
            raise _not_text(name)
        return text
    guess = from_bytes(data).best()
    encoding = (guess.encoding if guess else "").lower().replace("_", "-")
    if encoding not in {"cp1252", "latin-1", "iso-8859-1", "iso-8859-15", "windows-1252"}:
        encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if _control_share(text) > 0.01:
        raise _not_text(name)
    return text


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    return controls / max(len(text), 1)


def _not_text(name: str) -> TranscriptError:
    return TranscriptError(
        f"{name}: not a readable text file (unknown encoding or binary data)",
        f"{name}: dit is geen leesbaar tekstbestand (onbekende codering of geen tekst). "
        "Sla het transcript op als UTF-8-tekst.",
    )


def clean_text(text: str) -> str:
    """``text`` with every lone UTF-16 surrogate (from JSON's ``"\\ud800"`` or an undecodable
    file name) replaced by U+FFFD, so it can always be written as UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


def flat_text(text: str) -> str:
    """``text`` on one line: every run of whitespace (line breaks included) becomes one space."""
    return " ".join(text.split())


# --- time helpers ---------------------------------------------------------------------------


def parse_time(value: str) -> float:
    """Seconds from ``hh:mm:ss(.mmm)``, ``mm:ss`` or SRT's ``hh:mm:ss,mmm``."""
    parts = value.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return round(seconds, 3)


def _time_error(name: str, where: str, value: object) -> TranscriptError:
    return TranscriptError(
        f"{name}: {where}: time {value!s:.40} is not a number of seconds from 0 to "
        f"{MAX_SECONDS} (99:59:59.999)",
        f"{name}: {where}: de tijd {value!s:.40} is geen geldige tijd (0 tot 99:59:59).",
    )


def _checked_time(seconds: float, name: str, where: str) -> float:
    if not math.isfinite(seconds) or not 0 <= seconds <= MAX_SECONDS:
        raise _time_error(name, where, seconds)
    return seconds


def _read_time(value: str, name: str, where: str) -> float:
    return _checked_time(parse_time(value), name, where)


def format_time(seconds: float, sep: str = ".", always_ms: bool = False) -> str:
    """``hh:mm:ss`` (or with milliseconds when needed or asked for)."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    text = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    if ms or always_ms:
        text += f"{sep}{ms:03d}"
    return text


# --- text format ----------------------------------------------------------------------------


def _speaker_match(line: str) -> re.Match[str] | None:
    match = _TURN_LINE.match(line)
    if match is None:
        return None
    name = match.group("name").strip()
    if not name or len(name.split()) > _MAX_NAME_WORDS or name[0] in "(*-":
        return None
    return match


@lru_cache(maxsize=1)
def _name_particles() -> frozenset[str]:
    data = load_yaml("speaker_labels.yaml")
    if not isinstance(data, dict) or set(data) != {"name_particles"}:
        raise RuleFileError("analysis/speaker_labels.yaml: expected exactly 'name_particles'")
    return frozenset(str(word).lower() for word in data["name_particles"])


def looks_like_name(label: str) -> bool:
    """Whether a label reads as a person's name or title ("Juf Anouk", "Moeder van Sanne",
    "Spreker 2") rather than words of a sentence ("Een vraag vooraf"): it has a letter and every
    lowercase word is a name particle (van, de, ter, ...)."""
    if not any(ch.isalpha() for ch in label):
        return False
    particles = _name_particles()
    return all(not word[0].islower() or word.lower() in particles for word in label.split())


def _label_counts(labels: list[str]) -> Counter[str]:
    return Counter(normalise_name(label) for label in labels)


def _is_known_label(label: str, counts: Counter[str], voices: frozenset[str]) -> bool:
    """A role name, a speech tool's label ("Spreker 2", "SPEAKER_01"), a label used as a
    speaker more than once, or a voice-tag name."""
    key = normalise_name(label)
    return (
        counts[key] >= 2
        or key in voices
        or role_from_name(label) is not None
        or is_anonymous_label(label)
    )


def _too_many_turns(name: str, count: int) -> TranscriptError:
    return TranscriptError(
        f"{name}: too many turns (more than {MAX_TURNS:,}; found at least {count:,})",
        f"{name}: te veel beurten (meer dan {MAX_TURNS:,}). Splits het transcript op.",
    )


def parse_text(text: str, name: str = "transcript") -> Transcript:
    """Parse the guide's text format into a transcript (roles not yet assigned).

    A ``Name:`` line starts a turn unless its label occurs only once, is no role name and does
    not look like a name (:func:`looks_like_name`): then, like a line without a label, it
    continues the previous turn.
    """
    lines = [line.strip() for line in text.splitlines()]
    matches = [_speaker_match(line) if line else None for line in lines]
    counts = _label_counts([m.group("name").strip() for m in matches if m])
    raw: list[tuple[str, str, float | None]] = []
    for number, (stripped, match) in enumerate(zip(lines, matches, strict=True), start=1):
        if not stripped:
            continue
        label = match.group("name").strip() if match else ""
        if match and (
            not raw or _is_known_label(label, counts, frozenset()) or looks_like_name(label)
        ):
            time = match.group("time")
            start = _read_time(time, name, f"line {number}") if time else None
            raw.append((label, match.group("text").strip(), start))
            if len(raw) > MAX_TURNS:
                raise _too_many_turns(name, len(raw))
        elif raw:
            continuation = _TIME_ONLY.match(stripped)
            addition = continuation.group("text") if continuation else stripped
            speaker, said, start = raw[-1]
            raw[-1] = (speaker, f"{said} {addition}".strip(), start)
        else:
            raise TranscriptError(
                f"{name}:{number}: text before the first speaker line "
                "(expected 'Speaker: text' lines)",
                f"{name}, regel {number}: tekst zonder spreker. Elke beurt begint met "
                "'Naam: tekst', bijvoorbeeld 'Leerkracht: Goedemiddag'.",
            )
    if not raw:
        raise _no_speakers(name)
    starts = [start for _, _, start in raw]
    turns = []
    following: float | None = None
    ends: list[float | None] = []
    for start in reversed(starts):
        ends.append(following if start is not None else None)
        if start is not None:
            following = start
    ends.reverse()
    for index, ((speaker, said, start), end) in enumerate(zip(raw, ends, strict=True)):
        turns.append(Turn(index=index, speaker=speaker, text=said, start=start, end=end))
    return Transcript(turns=turns, source=name)


def _no_speakers(name: str) -> TranscriptError:
    return TranscriptError(
        f"{name}: no speaker lines found (expected 'Speaker: text')",
        f"{name}: geen sprekers gevonden. Zet voor elke beurt de naam van de spreker, "
        "bijvoorbeeld 'Leerkracht: Goedemiddag' en 'Moeder: Dag juf'.",
    )


# --- subtitles ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Cue:
    start: float
    end: float
    text: str


def _cues(text: str, name: str) -> list[_Cue]:
    cues: list[_Cue] = []
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    for block in blocks:
        lines = [line.rstrip() for line in block.strip().split("\n") if line.strip()]
        timings = [(n, match) for n, line in enumerate(lines) if (match := _CUE_TIME.match(line))]
        # Cues written without a blank line between them: a timing line starts the next cue,
        # and an SRT cue number just before it is not text.
        ends = [*(n for n, _ in timings[1:]), len(lines)] if timings else []
        for (position, timing), following in zip(timings, ends, strict=True):
            end_of_body = following
            if following < len(lines) and end_of_body - 1 > position:
                end_of_body -= lines[following - 1].strip().isdigit()
            where = f"cue {len(cues) + 1}"
            body = " ".join(lines[position + 1 : end_of_body]).strip()
            start = _read_time(timing.group("start"), name, where)
            end = _read_time(timing.group("end"), name, where)
            cues.append(_Cue(start, end, body))
            if len(cues) > 5 * MAX_TURNS:
                raise _too_many_turns(name, len(cues))
    return cues


@dataclass(slots=True)
class _CueText:
    """A cue's body split into a voice-tag name, a ``Name:`` label candidate and the text."""

    voice: str | None
    label: str | None
    rest: str
    plain: str


def _cue_text(body: str, vtt: bool) -> _CueText:
    tags = _VTT_TAG if vtt else _SRT_TAG

    def plain(value: str) -> str:
        value = tags.sub("", value)
        return (html.unescape(value) if vtt else value).strip()

    voice = _VOICE.match(body)
    if voice:
        said = plain(voice.group("text"))
        return _CueText(plain(voice.group("name")) or None, None, said, said)
    text = plain(body)
    match = _speaker_match(text)
    if match and match.group("time") is None:
        return _CueText(None, match.group("name").strip(), match.group("text").strip(), text)
    return _CueText(None, None, text, text)


def parse_subtitles(text: str, name: str = "transcript", vtt: bool | None = None) -> Transcript:
    """Parse SRT or WebVTT cues into turns; speakers from ``<v Name>`` or ``Name:``.

    ``vtt`` (default: whether the text starts with ``WEBVTT``) decodes character references.
    A ``Name:`` prefix names the speaker only when it is a role name, a speech tool's label,
    recurs as a speaker in another cue, or is a voice name elsewhere; otherwise it is part of
    the text. Like a speaker
    line in the text format, a cue that names its speaker starts a turn; a cue without a
    speaker continues the previous turn. Cues without text are skipped.
    """
    if vtt is None:
        vtt = text.lstrip("\ufeff \t\r\n").startswith("WEBVTT")
    cues = _cues(text, name)
    if not cues:
        raise TranscriptError(
            f"{name}: no subtitle cues found",
            f"{name}: geen ondertitels met tijden gevonden in dit bestand.",
        )
    parsed = [_cue_text(cue.text, vtt) for cue in cues]
    voices = frozenset(normalise_name(p.voice) for p in parsed if p.voice)
    counts = _label_counts([p.label for p in parsed if p.label])
    parts: list[tuple[_Cue, str | None, str]] = []
    for cue, part in zip(cues, parsed, strict=True):
        if part.voice:
            parts.append((cue, part.voice, part.rest))
        elif part.label and _is_known_label(part.label, counts, voices):
            parts.append((cue, part.label, part.rest))
        else:
            parts.append((cue, None, part.plain))
    first = next((speaker for _, speaker, _ in parts if speaker), None)
    if first is None:
        raise _no_speakers(name)
    turns: list[Turn] = []
    for cue, speaker, said in parts:
        if not said:
            continue
        if speaker is None and turns:
            turns[-1].text = f"{turns[-1].text} {said}"
            turns[-1].end = cue.end
            continue
        if len(turns) >= MAX_TURNS:
            raise _too_many_turns(name, len(turns) + 1)
        turns.append(
            Turn(
                index=len(turns),
                speaker=speaker or first,
                text=said,
                start=cue.start,
                end=cue.end,
            )
        )
    if not turns:
        raise _no_speakers(name)
    return Transcript(turns=turns, source=name, duration=turns[-1].end)


def parse_srt(text: str, name: str = "transcript") -> Transcript:
    """Parse SubRip subtitles (no character references; ``<i>``-style tags removed)."""
    return parse_subtitles(text, name, vtt=False)


def parse_vtt(text: str, name: str = "transcript") -> Transcript:
    """Parse WebVTT subtitles (character references decoded, cue tags removed)."""
    return parse_subtitles(text, name, vtt=True)


# --- JSON -----------------------------------------------------------------------------------


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _schema_error(name: str, where: str, problem: str) -> TranscriptError:
    return TranscriptError(
        f"{name}: not a Gesprekscoach transcript JSON ({where} {problem})",
        f"{name}: dit JSON-bestand is geen geldig Gesprekscoach-transcript (veld {where}).",
    )


def _json_object(value: Any, name: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _schema_error(name, where, f"must be an object, not {_json_type(value)}")
    return value


def _json_list(value: Any, name: str, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _schema_error(name, where, f"must be a list, not {_json_type(value)}")
    return value


def _json_text(value: Any, name: str, where: str) -> str:
    if not isinstance(value, str):
        raise _schema_error(name, where, f"must be text, not {_json_type(value)}")
    return clean_text(value)


def _json_speaker(value: Any, name: str, where: str) -> str:
    speaker = flat_text(_json_text(value, name, where))
    if not speaker:
        raise _schema_error(name, where, "is empty")
    return speaker


def _json_number(value: Any, name: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _schema_error(name, where, f"must be a number, not {_json_type(value)}")
    return float(value)


def _json_time(value: Any, name: str, where: str) -> float:
    return _checked_time(_json_number(value, name, where), name, where)


def _json_optional_time(value: Any, name: str, where: str) -> float | None:
    return None if value is None else _json_time(value, name, where)


def _json_probability(value: Any, name: str, where: str) -> float | None:
    if value is None:
        return None
    number = _json_number(value, name, where)
    if not 0.0 <= number <= 1.0:  # also false for NaN
        raise _schema_error(name, where, "must be a number from 0 to 1")
    return number


def _json_role(value: Any) -> Any:
    return value if isinstance(value, str) and value in ROLES else "unknown"


def _json_word(value: Any, name: str, where: str) -> Word:
    raw = _json_object(value, name, where)
    return Word(
        start=_json_time(raw.get("start"), name, f"{where}.start"),
        end=_json_time(raw.get("end"), name, f"{where}.end"),
        text=_json_text(raw.get("text"), name, f"{where}.text"),
        probability=_json_probability(raw.get("probability"), name, f"{where}.probability"),
    )


def _json_turn(index: int, value: Any, name: str) -> Turn:
    where = f"turns[{index}]"
    raw = _json_object(value, name, where)
    return Turn(
        index=index,
        speaker=_json_speaker(raw.get("speaker"), name, f"{where}.speaker"),
        text=_json_text(raw.get("text"), name, f"{where}.text"),
        role=_json_role(raw.get("role")),
        start=_json_optional_time(raw.get("start"), name, f"{where}.start"),
        end=_json_optional_time(raw.get("end"), name, f"{where}.end"),
        words=[
            _json_word(word, name, f"{where}.words[{number}]")
            for number, word in enumerate(_json_list(raw.get("words"), name, f"{where}.words"))
        ],
    )


def _json_speaker_record(index: int, value: Any, name: str) -> Speaker:
    where = f"speakers[{index}]"
    raw = _json_object(value, name, where)
    guessed = raw.get("guessed", True)
    if not isinstance(guessed, bool):
        raise _schema_error(name, f"{where}.guessed", "must be true or false")
    reason = raw.get("reason")
    return Speaker(
        name=_json_speaker(raw.get("name"), name, f"{where}.name"),
        role=_json_role(raw.get("role")),
        guessed=guessed,
        reason="" if reason is None else _json_text(reason, name, f"{where}.reason"),
    )


def transcript_from_dict(data: Any, name: str = "transcript") -> Transcript:
    """Build a transcript from our JSON (a transcript file or an ``analyse`` result).

    Every field is checked: a speaker is non-empty text (whitespace collapsed), a text is text
    (``null`` is refused, not read as "None"), a time is ``null`` or a number of seconds from 0
    to :data:`MAX_SECONDS`; lone surrogates in text become U+FFFD. Unknown fields are ignored.
    Raises :class:`TranscriptError` naming the first bad field (``turns[3].start``).
    """
    root = _json_object(data, name, "the top level")
    raw_turns = _json_list(root.get("turns"), name, "turns")
    if len(raw_turns) > MAX_TURNS:
        raise _too_many_turns(name, len(raw_turns))
    turns = [_json_turn(index, raw, name) for index, raw in enumerate(raw_turns)]
    speakers = [
        _json_speaker_record(index, raw, name)
        for index, raw in enumerate(_json_list(root.get("speakers"), name, "speakers"))
    ]
    source, language, detected = (
        root.get("source"),
        root.get("language"),
        root.get("detected_language"),
    )
    return Transcript(
        turns=turns,
        speakers=speakers,
        source=clean_text(source) if isinstance(source, str) else name,
        duration=_json_optional_time(root.get("duration"), name, "duration"),
        language=clean_text(language) if isinstance(language, str) and language else "nl",
        detected_language=clean_text(detected) if isinstance(detected, str) else None,
    )


def speaker_to_dict(speaker: Speaker) -> dict[str, Any]:
    """A speaker in our JSON (read back by :func:`transcript_from_dict`)."""
    return asdict(speaker)


def turn_to_dict(turn: Turn, words: bool = True) -> dict[str, Any]:
    """A turn in our JSON; without ``words`` as the ``analyse`` contract lists it."""
    data: dict[str, Any] = {
        "index": turn.index,
        "speaker": turn.speaker,
        "role": turn.role,
        "start": turn.start,
        "end": turn.end,
        "text": turn.text,
    }
    if words:
        data["words"] = [asdict(word) for word in turn.words]
    return data


def transcript_to_dict(transcript: Transcript) -> dict[str, Any]:
    """Our JSON shape of a transcript (read back by :func:`transcript_from_dict`)."""
    return {
        "format": JSON_FORMAT_NAME,
        "version": JSON_VERSION,
        "source": transcript.source,
        "duration": transcript.duration,
        "language": transcript.language,
        "detected_language": transcript.detected_language,
        "speakers": [speaker_to_dict(speaker) for speaker in transcript.speakers],
        "turns": [turn_to_dict(turn) for turn in transcript.turns],
    }


def parse_json(text: str, name: str = "transcript") -> Transcript:
    """Parse our JSON transcript (or the ``turns`` of an ``analyse`` result).

    Strict JSON only: ``NaN``/``Infinity`` and integers of more than :data:`MAX_JSON_DIGITS`
    digits are refused, and so is nesting too deep to decode.
    """

    def no_constant(value: str) -> Any:
        raise TranscriptError(
            f"{name}: invalid JSON ({value} is not a number JSON allows)",
            f"{name}: ongeldig JSON-bestand ('{value}' is geen getal).",
        )

    def checked_int(digits: str) -> int:
        if len(digits.lstrip("-")) > MAX_JSON_DIGITS:
            raise TranscriptError(
                f"{name}: invalid JSON (a number of {len(digits):,} digits; "
                f"at most {MAX_JSON_DIGITS} allowed)",
                f"{name}: ongeldig JSON-bestand (een getal van {len(digits):,} cijfers).",
            )
        return int(digits)

    try:
        data = json.loads(text, parse_constant=no_constant, parse_int=checked_int)
    except json.JSONDecodeError as exc:
        raise TranscriptError(
            f"{name}: invalid JSON (line {exc.lineno}: {exc.msg})",
            f"{name}: ongeldig JSON-bestand (regel {exc.lineno}).",
        ) from exc
    except RecursionError as exc:
        raise TranscriptError(
            f"{name}: invalid JSON (nested too deeply)",
            f"{name}: ongeldig JSON-bestand (te diep genest).",
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("turns"), list):
        raise TranscriptError(
            f"{name}: JSON without a 'turns' list",
            f"{name}: dit JSON-bestand bevat geen beurten ('turns').",
        )
    transcript = transcript_from_dict(data, name)
    if not transcript.turns:
        raise _no_speakers(name)
    return transcript


# --- entry points ---------------------------------------------------------------------------


def detect_format(text: str, suffix: str = "") -> str:
    """The format of a transcript from its file suffix, else from its content."""
    suffix = suffix.lower().lstrip(".")
    if suffix in TRANSCRIPT_FORMATS:
        return suffix
    head = text.lstrip()
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith("{"):
        return "json"
    if re.search(_CUE_TIME.pattern, text[:2000], re.MULTILINE):
        return "srt"
    return "txt"


def check_limits(transcript: Transcript, name: str = "transcript") -> Transcript:
    """``transcript`` if it is within the limits analysis is made for, else
    :class:`TranscriptError`: at most :data:`MAX_TURNS` turns, :data:`MAX_TURN_CHARS`
    characters in a turn and :data:`MAX_TEXT_CHARS` in all."""
    if len(transcript.turns) > MAX_TURNS:
        raise _too_many_turns(name, len(transcript.turns))
    total = 0
    for turn in transcript.turns:
        size = len(turn.text)
        if size > MAX_TURN_CHARS:
            raise TranscriptError(
                f"{name}: turn {turn.index + 1} is too long ({size:,} characters; "
                f"at most {MAX_TURN_CHARS:,} in one turn)",
                f"{name}: beurt {turn.index + 1} is te lang ({size:,} tekens; "
                f"hoogstens {MAX_TURN_CHARS:,}).",
            )
        total += size
    if total > MAX_TEXT_CHARS:
        raise TranscriptError(
            f"{name}: too much text ({total:,} characters; at most {MAX_TEXT_CHARS:,}, "
            "about seven hours of talk)",
            f"{name}: te veel tekst ({total:,} tekens; hoogstens {MAX_TEXT_CHARS:,}, "
            "ongeveer zeven uur gesprek). Splits het transcript op.",
        )
    return transcript


def parse_transcript(
    text: str,
    fmt: str | None = None,
    name: str = "transcript",
    roles: dict[str, list[str]] | None = None,
) -> Transcript:
    """Parse transcript text in ``fmt`` (detected when ``None``) and assign roles.

    Raises :class:`TranscriptError` for anything that is not a transcript within the limits
    (:func:`check_limits`); never another exception.
    """
    if not text.strip():
        raise TranscriptError(f"{name}: the file is empty", f"{name}: het bestand is leeg.")
    fmt = fmt or detect_format(text, Path(name).suffix)
    if fmt not in TRANSCRIPT_FORMATS:
        raise TranscriptError(
            f"{name}: unknown transcript format {fmt!r}",
            f"{name}: onbekend transcriptformaat '{fmt}'.",
        )
    transcript = check_limits(TRANSCRIPT_FORMATS[fmt].parse(clean_text(text), name), name)
    return apply_roles(transcript, roles)


def read_limited(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Pipes, devices, sockets and folders are refused before anything is read (a pipe is opened
    without blocking), and so is a file over ``limit`` bytes, without reading it whole.
    Raises :class:`TranscriptError`.
    """
    path = Path(path)
    shown = clean_text(path.name)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError as exc:
        raise TranscriptError(
            f"{path}: file not found", f"Het bestand '{shown}' bestaat niet."
        ) from exc
    except IsADirectoryError as exc:
        raise TranscriptError(
            f"{path}: is a folder, not a file", f"'{shown}' is een map, geen bestand."
        ) from exc
    except OSError as exc:
        raise TranscriptError(
            f"{path}: cannot be read ({exc.strerror})",
            f"Het bestand '{shown}' kan niet gelezen worden.",
        ) from exc
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise TranscriptError(
                f"{path}: is a folder, not a file", f"'{shown}' is een map, geen bestand."
            )
        if not stat.S_ISREG(mode):
            raise TranscriptError(
                f"{path}: not a regular file (a pipe, device or socket)",
                f"'{shown}' is geen gewoon bestand.",
            )
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise TranscriptError(
            f"{path}: cannot be read ({exc.strerror})",
            f"Het bestand '{shown}' kan niet gelezen worden.",
        ) from exc
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise TranscriptError(
            f"{path}: too large for a transcript (over {limit / 1e6:g} MB)",
            f"'{shown}' is te groot voor een transcript (meer dan {limit / 1e6:g} MB).",
        )
    return data


def read_transcript(
    path: str | Path, fmt: str | None = None, roles: dict[str, list[str]] | None = None
) -> Transcript:
    """Read a transcript file (txt, srt, vtt or json) and assign roles.

    Only regular files of at most :data:`MAX_FILE_BYTES` bytes are read (:func:`read_limited`).
    """
    path = Path(path)
    data = read_limited(path)
    name = clean_text(path.name)
    text = decode_bytes(data, name)
    return parse_transcript(text, fmt or detect_format(text, path.suffix), name, roles)


# --- writers --------------------------------------------------------------------------------


def to_text(transcript: Transcript) -> str:
    """The guide's text format, one line per turn (whitespace collapsed)."""
    lines = []
    for turn in transcript.turns:
        stamp = f"[{format_time(turn.start)}] " if turn.start is not None else ""
        lines.append(f"{stamp}{flat_text(turn.speaker)}: {flat_text(turn.text)}".rstrip())
    return "\n".join(lines) + "\n"


def _cue_times(transcript: Transcript) -> list[tuple[float, float]]:
    if not transcript.has_times:
        raise TranscriptError(
            "subtitles need a start time on every turn",
            "Ondertitels (SRT/VTT) kunnen alleen gemaakt worden als elke beurt een tijd heeft.",
        )
    times = []
    turns = transcript.turns
    for index, turn in enumerate(turns):
        start = float(turn.start or 0.0)
        end = turn.end
        if end is None:
            following = turns[index + 1].start if index + 1 < len(turns) else None
            end = (
                following
                if following is not None
                else start + max(1.0, 0.4 * len(turn.text.split()))
            )
        # A guessed end never passes the latest time the readers accept.
        times.append((start, max(start, min(end, MAX_SECONDS))))
    return times


def to_srt(transcript: Transcript) -> str:
    """SubRip subtitles, one cue per turn with a ``Name:`` prefix (text on one line)."""
    blocks = []
    for number, (turn, (start, end)) in enumerate(
        zip(transcript.turns, _cue_times(transcript), strict=True), start=1
    ):
        line = f"{flat_text(turn.speaker)}: {flat_text(turn.text)}".rstrip()
        blocks.append(
            f"{number}\n{format_time(start, ',', True)} --> {format_time(end, ',', True)}\n{line}\n"
        )
    return "\n".join(blocks)


def _vtt_escape(text: str) -> str:
    return flat_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(transcript: Transcript) -> str:
    """WebVTT subtitles, one cue per turn with a ``<v Name>`` voice tag; ``&``, ``<`` and
    ``>`` written as character references."""
    blocks = ["WEBVTT\n"]
    for turn, (start, end) in zip(transcript.turns, _cue_times(transcript), strict=True):
        blocks.append(
            f"{format_time(start, '.', True)} --> {format_time(end, '.', True)}\n"
            f"<v {_vtt_escape(turn.speaker)}>{_vtt_escape(turn.text)}\n"
        )
    return "\n".join(blocks)


def to_json(transcript: Transcript) -> str:
    """Our JSON transcript (lossless for everything a transcript holds)."""
    return json.dumps(transcript_to_dict(transcript), ensure_ascii=False, indent=2) + "\n"


def write_transcript(transcript: Transcript, fmt: str) -> str:
    """The transcript as text in ``fmt`` (txt, srt, vtt or json)."""
    try:
        writer = TRANSCRIPT_FORMATS[fmt].write
    except KeyError as exc:
        raise TranscriptError(
            f"unknown output format {fmt!r} (choose from {', '.join(TRANSCRIPT_FORMATS)})",
            f"Onbekend formaat '{fmt}'.",
        ) from exc
    return writer(transcript)


# --- the formats ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TranscriptFormat:
    """A transcript format: its name (also the file extension without the dot), MIME type,
    reader and writer. Adding a format is one entry in :data:`TRANSCRIPT_FORMATS`."""

    name: str
    mime: str
    parse: Callable[[str, str], Transcript]
    write: Callable[[Transcript], str]

    @property
    def extension(self) -> str:
        """The file extension with its dot (``.srt``)."""
        return f".{self.name}"


#: Every transcript format the app, the command line and the batch read and write, in the
#: order they are offered.
TRANSCRIPT_FORMATS: dict[str, TranscriptFormat] = {
    fmt.name: fmt
    for fmt in (
        TranscriptFormat("txt", "text/plain", parse_text, to_text),
        TranscriptFormat("srt", "application/x-subrip", parse_srt, to_srt),
        TranscriptFormat("vtt", "text/vtt", parse_vtt, to_vtt),
        TranscriptFormat("json", "application/json", parse_json, to_json),
    )
}

#: The file extensions of :data:`TRANSCRIPT_FORMATS` (``.txt``, ``.srt``, ...).
TRANSCRIPT_EXTENSIONS: frozenset[str] = frozenset(f.extension for f in TRANSCRIPT_FORMATS.values())
