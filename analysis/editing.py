"""Corrections a user makes to a transcript: rename, set a role, merge speakers, move a turn,
fix a turn's text. Each function takes a transcript and returns a corrected copy; the analysis
then re-runs on the copy without transcribing again.
"""

from __future__ import annotations

from dataclasses import replace

from analysis.errors import TranscriptError
from analysis.records import ROLES, Role, Speaker, Transcript, Turn


def _known(transcript: Transcript, name: str) -> Speaker:
    speaker = transcript.speaker(name)
    if speaker is None:
        known = ", ".join(s.name for s in transcript.speakers)
        raise TranscriptError(
            f"speaker {name!r} does not occur in the transcript (speakers: {known})",
            f"Spreker '{name}' komt niet voor in het transcript (sprekers: {known}).",
        )
    return speaker


def _turn(transcript: Transcript, index: int) -> Turn:
    if not 0 <= index < len(transcript.turns):
        raise TranscriptError(
            f"turn {index} does not exist ({len(transcript.turns)} turns)",
            f"Beurt {index} bestaat niet.",
        )
    return transcript.turns[index]


def _renumbered(turns: list[Turn]) -> list[Turn]:
    return [replace(turn, index=index) for index, turn in enumerate(turns)]


def _speakers_in_use(transcript: Transcript, turns: list[Turn]) -> list[Speaker]:
    used = dict.fromkeys(turn.speaker for turn in turns)
    by_name = {speaker.name: speaker for speaker in transcript.speakers}
    return [by_name.get(name, Speaker(name=name)) for name in used]


def _valid_name(name: str) -> str:
    """``name`` stripped; an empty name or one with a colon (the text format's separator)
    raises :class:`TranscriptError`."""
    stripped = name.strip()
    if not stripped or ":" in stripped:
        raise TranscriptError(
            f"invalid speaker name {name!r}",
            "Een sprekersnaam mag niet leeg zijn en geen dubbele punt bevatten.",
        )
    return stripped


def rename_speaker(transcript: Transcript, old: str, new: str) -> Transcript:
    """Rename a speaker everywhere; renaming onto an existing speaker merges the two."""
    speaker = _known(transcript, old)
    new = _valid_name(new)
    if new != old and transcript.speaker(new) is not None:
        return merge_speakers(transcript, old, new)
    speakers = [replace(s, name=new) if s is speaker else s for s in transcript.speakers]
    turns = [replace(t, speaker=new) if t.speaker == old else t for t in transcript.turns]
    return replace(transcript, speakers=speakers, turns=turns)


def set_role(transcript: Transcript, name: str, role: Role) -> Transcript:
    """Give a speaker a role (a user decision: no longer guessed)."""
    if role not in ROLES:
        raise TranscriptError(f"unknown role {role!r}", f"Onbekende rol '{role}'.")
    speaker = _known(transcript, name)
    updated = replace(speaker, role=role, guessed=False, reason="Door de gebruiker ingesteld.")
    speakers = [updated if s is speaker else s for s in transcript.speakers]
    turns = [replace(t, role=role) if t.speaker == name else t for t in transcript.turns]
    return replace(transcript, speakers=speakers, turns=turns)


def _join(first: Turn, second: Turn) -> Turn:
    return replace(
        first,
        text=f"{first.text} {second.text}".strip(),
        end=second.end if second.end is not None else first.end,
        words=[*first.words, *second.words],
    )


def _merge_adjacent(turns: list[Turn]) -> list[Turn]:
    merged: list[Turn] = []
    for turn in turns:
        if merged and merged[-1].speaker == turn.speaker:
            merged[-1] = _join(merged[-1], turn)
        else:
            merged.append(turn)
    return _renumbered(merged)


def merge_speakers(transcript: Transcript, source: str, target: str) -> Transcript:
    """Every turn of ``source`` becomes ``target``'s; adjacent turns of one speaker are joined."""
    _known(transcript, source)
    keep = _known(transcript, target)
    turns = [
        replace(t, speaker=target, role=keep.role) if t.speaker == source else t
        for t in transcript.turns
    ]
    turns = _merge_adjacent(turns)
    return replace(transcript, turns=turns, speakers=_speakers_in_use(transcript, turns))


def move_turn(transcript: Transcript, index: int, speaker: str) -> Transcript:
    """Give one turn to another (existing or new) speaker; turn numbers stay as they are."""
    turn = _turn(transcript, index)
    name = _valid_name(speaker)
    target = transcript.speaker(name)
    speakers = list(transcript.speakers)
    if target is None:
        target = Speaker(name=name, role="unknown", guessed=False, reason="Nieuwe spreker.")
        speakers.append(target)
    turns = list(transcript.turns)
    turns[index] = replace(turn, speaker=name, role=target.role)
    moved = replace(transcript, turns=turns, speakers=speakers)
    return replace(moved, speakers=_speakers_in_use(moved, turns))


def edit_text(transcript: Transcript, index: int, text: str) -> Transcript:
    """Replace a turn's text (fixing a misheard word). Word timings no longer match and go."""
    turn = _turn(transcript, index)
    text = " ".join(text.split())
    if not text:
        raise TranscriptError("a turn cannot be empty", "Een beurt mag niet leeg zijn.")
    if text == turn.text:
        return transcript
    turns = list(transcript.turns)
    turns[index] = replace(turn, text=text, words=[])
    return replace(transcript, turns=turns)


def split_points(text: str) -> list[int]:
    """Where a turn's text can be split: the character offset of every word but the first."""
    points: list[int] = []
    in_word = False
    for offset, char in enumerate(text):
        if char.isspace():
            in_word = False
        elif not in_word:
            in_word = True
            if offset > 0:
                points.append(offset)
    return points


def split_turn(
    transcript: Transcript, index: int, at: int, speaker: str | None = None
) -> Transcript:
    """Split a turn in two at character offset ``at`` (the start of a word); the second part
    goes to ``speaker`` (default: the same speaker). Word times are split with the text, so
    the second part starts at its first word's time; later turns are numbered on."""
    turn = _turn(transcript, index)
    first_text, second_text = turn.text[:at].strip(), turn.text[at:].strip()
    if not first_text or not second_text:
        raise TranscriptError(
            f"cannot split turn {index} at {at}: one part would be empty",
            "Een beurt splitsen kan alleen tussen twee woorden.",
        )
    count = len(first_text.split())
    first_words, second_words = turn.words[:count], turn.words[count:]
    if turn.words and len(turn.words) != len(turn.text.split()):
        first_words, second_words = [], []  # words no longer match the text: drop the times
    if second_words:  # times from the words: the second part starts at its first word
        first = replace(turn, text=first_text, words=first_words, end=first_words[-1].end)
        second = replace(turn, text=second_text, words=second_words, start=second_words[0].start)
    else:  # no word times: both parts keep the turn's times
        first = replace(turn, text=first_text, words=[])
        second = replace(turn, text=second_text, words=[])
    turns = [*transcript.turns[:index], first, second, *transcript.turns[index + 1 :]]
    split = replace(transcript, turns=_renumbered(turns))
    if speaker is not None and speaker != turn.speaker:
        return move_turn(split, index + 1, speaker)
    return split


def default_merge_pair(transcript: Transcript) -> tuple[str, str] | None:
    """The two speakers most likely to be one person, as (merged, kept): two speakers with
    the same role if there are (the one with fewer turns goes into the other), else the
    speaker with the fewest turns into the speaker with the most turns of another role that
    is not the teacher's, if any. ``None`` with fewer than two speakers."""
    counts = {speaker.name: 0 for speaker in transcript.speakers}
    for turn in transcript.turns:
        counts[turn.speaker] = counts.get(turn.speaker, 0) + 1
    speakers = sorted(transcript.speakers, key=lambda s: counts.get(s.name, 0))
    if len(speakers) < 2:
        return None
    for i, small in enumerate(speakers):
        for big in reversed(speakers[i + 1 :]):
            if big.role == small.role:
                return small.name, big.name
    small = speakers[0]
    others = [s for s in reversed(speakers[1:]) if s.role != "teacher"] or list(
        reversed(speakers[1:])
    )
    return small.name, others[0].name


def correct_turn(transcript: Transcript, index: int, speaker: str, text: str) -> Transcript:
    """One turn's speaker and text corrected at once (see :func:`move_turn`, :func:`edit_text`)."""
    corrected = edit_text(transcript, index, text)
    if speaker.strip() != corrected.turns[index].speaker:
        corrected = move_turn(corrected, index, speaker)
    return corrected
