"""Reading and writing transcripts: the guide's text format, SRT, WebVTT and our own JSON.

Text format (ANNOTATION.md): one turn per line, ``Speaker: text``, an optional ``[hh:mm:ss]`` or
``[mm:ss]`` timestamp in front; a line without ``Name:`` continues the previous turn; blank lines
are ignored. Written text is canonical: ``[hh:mm:ss]`` timestamps (with milliseconds only when a
time has them) and one line per turn, so TXT → JSON → TXT gives the same text back.

Subtitles (SRT/VTT) take the speaker from a ``Name:`` prefix or a ``<v Name>`` voice tag;
consecutive cues of one speaker form one turn, a cue without a speaker continues the previous
speaker. Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, and Windows-1252/Latin-1.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from analysis.errors import TranscriptError
from analysis.records import ROLES, Speaker, Transcript, Turn, Word
from analysis.roles import apply_roles

TEXT_FORMATS: tuple[str, ...] = ("txt", "srt", "vtt", "json")
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
_TAG = re.compile(r"</?[^>]+>")
_MAX_NAME_WORDS = 4


# --- decoding -------------------------------------------------------------------------------


def decode_bytes(data: bytes, name: str = "transcript") -> str:
    """Decode transcript bytes: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252/Latin-1.

    Raises :class:`TranscriptError` for empty input and for data that is not text.
    """
    if not data.strip():
        raise TranscriptError(f"{name}: the file is empty", f"{name}: het bestand is leeg.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _not_text(name) from exc
    if b"\x00" in data:
        raise _not_text(name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
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


# --- time helpers ---------------------------------------------------------------------------


def parse_time(value: str) -> float:
    """Seconds from ``hh:mm:ss(.mmm)``, ``mm:ss`` or SRT's ``hh:mm:ss,mmm``."""
    parts = value.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return round(seconds, 3)


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


def parse_text(text: str, name: str = "transcript") -> Transcript:
    """Parse the guide's text format into a transcript (roles not yet assigned)."""
    raw: list[tuple[str, str, float | None]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        match = _speaker_match(stripped)
        if match:
            time = match.group("time")
            raw.append(
                (
                    match.group("name").strip(),
                    match.group("text").strip(),
                    parse_time(time) if time else None,
                )
            )
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
    for index, (speaker, said, start) in enumerate(raw):
        following = next((s for s in starts[index + 1 :] if s is not None), None)
        end = following if start is not None and following is not None else None
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


def _cues(text: str) -> list[_Cue]:
    cues: list[_Cue] = []
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    for block in blocks:
        lines = [line.rstrip() for line in block.strip().split("\n") if line.strip()]
        for position, line in enumerate(lines):
            timing = _CUE_TIME.match(line)
            if timing:
                body = " ".join(lines[position + 1 :]).strip()
                cues.append(
                    _Cue(parse_time(timing.group("start")), parse_time(timing.group("end")), body)
                )
                break
    return cues


def _split_speaker(body: str) -> tuple[str | None, str]:
    voice = _VOICE.match(body)
    if voice:
        return voice.group("name").strip(), _TAG.sub("", voice.group("text")).strip()
    plain = _TAG.sub("", body).strip()
    match = _speaker_match(plain)
    if match and match.group("time") is None:
        return match.group("name").strip(), match.group("text").strip()
    return None, plain


def parse_subtitles(text: str, name: str = "transcript") -> Transcript:
    """Parse SRT or WebVTT cues into turns; speakers from ``Name:`` or ``<v Name>``.

    Like a speaker line in the text format, a cue that names its speaker starts a turn; a cue
    without a speaker continues the previous turn.
    """
    cues = _cues(text)
    if not cues:
        raise TranscriptError(
            f"{name}: no subtitle cues found",
            f"{name}: geen ondertitels met tijden gevonden in dit bestand.",
        )
    parts = [(cue, *_split_speaker(cue.text)) for cue in cues]
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


# --- JSON -----------------------------------------------------------------------------------


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def transcript_from_dict(data: Any, name: str = "transcript") -> Transcript:
    """Build a transcript from our JSON (a transcript file or an ``analyse`` result)."""
    try:
        turns = [
            Turn(
                index=index,
                speaker=str(raw["speaker"]),
                text=str(raw["text"]),
                role=raw.get("role", "unknown") if raw.get("role") in ROLES else "unknown",
                start=_optional_float(raw.get("start")),
                end=_optional_float(raw.get("end")),
                words=[
                    Word(
                        start=float(w["start"]),
                        end=float(w["end"]),
                        text=str(w["text"]),
                        probability=_optional_float(w.get("probability")),
                    )
                    for w in raw.get("words") or []
                ],
            )
            for index, raw in enumerate(data["turns"])
        ]
        speakers = [
            Speaker(
                name=str(raw["name"]),
                role=raw.get("role", "unknown") if raw.get("role") in ROLES else "unknown",
                guessed=bool(raw.get("guessed", True)),
                reason=str(raw.get("reason", "")),
            )
            for raw in data.get("speakers") or []
        ]
        return Transcript(
            turns=turns,
            speakers=speakers,
            source=data.get("source", name),
            duration=_optional_float(data.get("duration")),
            language=str(data.get("language", "nl")),
            detected_language=data.get("detected_language"),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise TranscriptError(
            f"{name}: not a Gesprekscoach transcript JSON ({exc.__class__.__name__}: {exc})",
            f"{name}: dit JSON-bestand is geen Gesprekscoach-transcript.",
        ) from exc


def transcript_to_dict(transcript: Transcript) -> dict[str, Any]:
    """Our JSON shape of a transcript."""
    return {
        "format": JSON_FORMAT_NAME,
        "version": JSON_VERSION,
        "source": transcript.source,
        "duration": transcript.duration,
        "language": transcript.language,
        "detected_language": transcript.detected_language,
        "speakers": [asdict(speaker) for speaker in transcript.speakers],
        "turns": [
            {
                "index": turn.index,
                "speaker": turn.speaker,
                "role": turn.role,
                "start": turn.start,
                "end": turn.end,
                "text": turn.text,
                "words": [asdict(word) for word in turn.words],
            }
            for turn in transcript.turns
        ],
    }


def parse_json(text: str, name: str = "transcript") -> Transcript:
    """Parse our JSON transcript (or the ``turns`` of an ``analyse`` result)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptError(
            f"{name}: invalid JSON (line {exc.lineno}: {exc.msg})",
            f"{name}: ongeldig JSON-bestand (regel {exc.lineno}).",
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

_PARSERS: dict[str, Callable[[str, str], Transcript]] = {
    "txt": parse_text,
    "srt": parse_subtitles,
    "vtt": parse_subtitles,
    "json": parse_json,
}


def detect_format(text: str, suffix: str = "") -> str:
    """The format of a transcript from its file suffix, else from its content."""
    suffix = suffix.lower().lstrip(".")
    if suffix in _PARSERS:
        return suffix
    head = text.lstrip()
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith("{"):
        return "json"
    if _CUE_TIME.search(text[:2000]) and re.search(r"-->", text[:2000]):
        return "srt"
    return "txt"


def parse_transcript(
    text: str,
    fmt: str | None = None,
    name: str = "transcript",
    roles: dict[str, list[str]] | None = None,
) -> Transcript:
    """Parse transcript text in ``fmt`` (detected when ``None``) and assign roles."""
    if not text.strip():
        raise TranscriptError(f"{name}: the file is empty", f"{name}: het bestand is leeg.")
    fmt = fmt or detect_format(text, Path(name).suffix)
    if fmt not in _PARSERS:
        raise TranscriptError(
            f"{name}: unknown transcript format {fmt!r}",
            f"{name}: onbekend transcriptformaat '{fmt}'.",
        )
    transcript = _PARSERS[fmt](text, name)
    return apply_roles(transcript, roles)


def read_transcript(
    path: str | Path, fmt: str | None = None, roles: dict[str, list[str]] | None = None
) -> Transcript:
    """Read a transcript file (txt, srt, vtt or json) and assign roles."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise TranscriptError(
            f"{path}: file not found", f"Het bestand '{path.name}' bestaat niet."
        ) from exc
    except IsADirectoryError as exc:
        raise TranscriptError(
            f"{path}: is a folder, not a file", f"'{path.name}' is een map, geen bestand."
        ) from exc
    except OSError as exc:
        raise TranscriptError(
            f"{path}: cannot be read ({exc.strerror})",
            f"Het bestand '{path.name}' kan niet gelezen worden.",
        ) from exc
    text = decode_bytes(data, path.name)
    return parse_transcript(text, fmt or detect_format(text, path.suffix), path.name, roles)


# --- writers --------------------------------------------------------------------------------


def to_text(transcript: Transcript) -> str:
    """The guide's text format, one line per turn."""
    lines = []
    for turn in transcript.turns:
        stamp = f"[{format_time(turn.start)}] " if turn.start is not None else ""
        lines.append(f"{stamp}{turn.speaker}: {turn.text}")
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
        times.append((start, max(end, start)))
    return times


def to_srt(transcript: Transcript) -> str:
    """SubRip subtitles, one cue per turn with a ``Name:`` prefix."""
    blocks = []
    for number, (turn, (start, end)) in enumerate(
        zip(transcript.turns, _cue_times(transcript), strict=True), start=1
    ):
        blocks.append(
            f"{number}\n{format_time(start, ',', True)} --> {format_time(end, ',', True)}\n"
            f"{turn.speaker}: {turn.text}\n"
        )
    return "\n".join(blocks)


def to_vtt(transcript: Transcript) -> str:
    """WebVTT subtitles, one cue per turn with a ``<v Name>`` voice tag."""
    blocks = ["WEBVTT\n"]
    for turn, (start, end) in zip(transcript.turns, _cue_times(transcript), strict=True):
        blocks.append(
            f"{format_time(start, '.', True)} --> {format_time(end, '.', True)}\n"
            f"<v {turn.speaker}>{turn.text}\n"
        )
    return "\n".join(blocks)


def to_json(transcript: Transcript) -> str:
    """Our JSON transcript (lossless for everything a transcript holds)."""
    return json.dumps(transcript_to_dict(transcript), ensure_ascii=False, indent=2) + "\n"


_WRITERS: dict[str, Callable[[Transcript], str]] = {
    "txt": to_text,
    "srt": to_srt,
    "vtt": to_vtt,
    "json": to_json,
}


def write_transcript(transcript: Transcript, fmt: str) -> str:
    """The transcript as text in ``fmt`` (txt, srt, vtt or json)."""
    try:
        writer = _WRITERS[fmt]
    except KeyError as exc:
        raise TranscriptError(
            f"unknown output format {fmt!r} (choose from {', '.join(_WRITERS)})",
            f"Onbekend formaat '{fmt}'.",
        ) from exc
    return writer(transcript)
