"""Proposing roles (teacher, parent, child) from the talk itself, for unnamed speakers.

Used after speaker separation, when speakers are called "Spreker 1", "Spreker 2", …. The cues:
the teacher usually opens and welcomes, asks the most questions, talks most and speaks about "de
klas" and "uw zoon"; a parent speaks about "thuis" and "mijn dochter" and addresses "juf" or
"meester"; a child has short turns, says "papa"/"mama" and has the highest voice. Every proposal
is ``guessed=True`` with a Dutch reason; roles the user set (``guessed=False``) and roles known
from the speaker's name are never changed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from analysis.records import Role, Speaker, Transcript
from analysis.roles import role_from_name

_WORD = re.compile(r"[\wÀ-ÿ']+")
_QUESTION_WORDS = frozenset(
    [
        "wat",
        "hoe",
        "waarom",
        "wanneer",
        "wie",
        "welke",
        "welk",
        "waar",
        "waarover",
        "waarmee",
        "hoeveel",
    ]
)
_QUESTION_STARTS = re.compile(
    r"^(heeft|hebt|heb|kunt|kun|kan|zou|zouden|wilt|wil|vindt|vind|herkent|herken|merkt|"
    r"is|zijn|gaat|doet|weet|klopt|mag)\s+(u|je|jij|jullie|hij|zij|ze|het|dat|er|ik)\b",
    re.IGNORECASE,
)
_WELCOME = re.compile(
    r"\b(welkom|goedemorgen|goedemiddag|goedenavond|kom (maar )?binnen|kom verder|"
    r"ga (maar )?(lekker )?zitten|gaat u zitten|fijn dat (u|jullie)|leuk dat (u|jullie)|"
    r"bedankt dat (u|jullie))\b",
    re.IGNORECASE,
)
_TEACHER_TALK = re.compile(
    r"\b(in de klas|in de groep|uw (zoon|dochter|kind)|de leerlingen|klasgenoten|"
    r"toets(en)?|rapport|cito|ik zie (dat|in)|op school zie)\b",
    re.IGNORECASE,
)
_PARENT_TALK = re.compile(
    r"\b(mijn (zoon|dochter|man|vrouw|partner)|onze (zoon|dochter)|ons kind|thuis|bij ons|"
    r"juf|meester|mijn kind)\b",
    re.IGNORECASE,
)
_CHILD_TALK = re.compile(r"\b(papa|mama|pap|mam|juf|meester)\b", re.IGNORECASE)
#: A speaker whose median pitch is at least this high (Hz) and highest of all sounds like a child.
CHILD_PITCH = 240.0


@dataclass
class _Stats:
    name: str
    turns: int = 0
    words: int = 0
    questions: int = 0
    welcomes: int = 0
    teacher_talk: int = 0
    parent_talk: int = 0
    child_talk: int = 0
    first_turn: int = 10**9

    @property
    def words_per_turn(self) -> float:
        return self.words / self.turns if self.turns else 0.0


def count_questions(text: str) -> int:
    """Questions in ``text``: question marks, else sentences that start like a question."""
    marks = text.count("?")
    if marks:
        return marks
    count = 0
    for sentence in re.split(r"[.!]+", text):
        sentence = sentence.strip()
        words = _WORD.findall(sentence.lower())
        if words and (words[0] in _QUESTION_WORDS or _QUESTION_STARTS.match(sentence)):
            count += 1
    return count


def _stats(transcript: Transcript) -> dict[str, _Stats]:
    stats: dict[str, _Stats] = {}
    for position, turn in enumerate(transcript.turns):
        entry = stats.setdefault(turn.speaker, _Stats(turn.speaker, first_turn=position))
        entry.turns += 1
        entry.words += len(_WORD.findall(turn.text))
        entry.questions += count_questions(turn.text)
        entry.teacher_talk += len(_TEACHER_TALK.findall(turn.text))
        entry.parent_talk += len(_PARENT_TALK.findall(turn.text))
        entry.child_talk += len(_CHILD_TALK.findall(turn.text))
        if position < 4:
            entry.welcomes += len(_WELCOME.findall(turn.text))
    return stats


def _percent(part: float, whole: float) -> int:
    return round(100 * part / whole) if whole else 0


def _teacher_score(entry: _Stats, total_words: int, total_questions: int) -> float:
    score = 3.0 * (entry.questions / total_questions if total_questions else 0.0)
    score += 2.0 * (entry.words / total_words if total_words else 0.0)
    score += 1.0 if entry.first_turn == 0 else 0.0
    score += 1.5 * min(entry.welcomes, 2)
    score += 0.3 * min(entry.teacher_talk, 5) - 0.3 * min(entry.parent_talk, 5)
    return score


def _teacher_reason(entry: _Stats, stats: dict[str, _Stats]) -> str:
    total_words = sum(s.words for s in stats.values())
    total_questions = sum(s.questions for s in stats.values())
    parts: list[str] = []
    if entry.first_turn == 0 and entry.welcomes:
        parts.append("opent het gesprek en heet welkom")
    elif entry.first_turn == 0:
        parts.append("opent het gesprek")
    elif entry.welcomes:
        parts.append("heet welkom")
    if total_questions and entry.questions == max(s.questions for s in stats.values()):
        parts.append(f"stelt de meeste vragen ({entry.questions} van {total_questions})")
    if entry.words == max(s.words for s in stats.values()):
        parts.append(f"spreekt het meest ({_percent(entry.words, total_words)}% van de woorden)")
    if entry.teacher_talk:
        parts.append("praat over de klas of over 'uw kind'")
    if not parts:
        parts.append("heeft van alle sprekers de meeste kenmerken van de leerkracht")
    return "Vermoedelijk de leerkracht: " + "; ".join(parts) + "."


def _child_evidence(
    entry: _Stats, others: list[_Stats], pitch: Mapping[str, float]
) -> tuple[float, list[str]]:
    score, parts = 0.0, []
    other_wpt = [s.words_per_turn for s in others if s.turns]
    if other_wpt and entry.words_per_turn < 0.6 * min(other_wpt):
        score += 1.0
        parts.append(f"korte beurten (gemiddeld {entry.words_per_turn:.0f} woorden)")
    if entry.child_talk:
        score += 1.0
        parts.append("zegt 'papa', 'mama', 'juf' of 'meester'")
    mine = pitch.get(entry.name)
    other_pitch = [pitch[s.name] for s in others if s.name in pitch]
    if mine is not None and mine >= CHILD_PITCH and all(mine > p + 20 for p in other_pitch):
        score += 1.0
        parts.append(f"de hoogste stem (ongeveer {mine:.0f} Hz)")
    return score, parts


def propose_roles(
    transcript: Transcript, pitch: Mapping[str, float] | None = None, refresh: bool = False
) -> Transcript:
    """A copy of ``transcript`` with roles proposed for speakers whose role is still open.

    A speaker's role is open when it is unknown, was not set by the user and does not follow from
    the name. ``pitch`` (median Hz per speaker name, optional) helps to find a child. A talk with
    one speaker gets no proposal. With ``refresh`` earlier guesses from the talk are dropped and
    made again (e.g. after the user set one speaker's role: the others are proposed around it).
    """
    pitch = pitch or {}
    existing = {speaker.name: speaker for speaker in transcript.speakers}
    order = list(dict.fromkeys(turn.speaker for turn in transcript.turns))
    speakers: list[Speaker] = []
    for name in [*order, *(n for n in existing if n not in order)]:
        speaker = replace(existing[name]) if name in existing else Speaker(name=name)
        if refresh and speaker.guessed and role_from_name(name) is None:
            speaker.role, speaker.reason = "unknown", ""
        if speaker.guessed and speaker.role == "unknown":
            named = role_from_name(name)
            if named is not None:
                speaker.role = named
                speaker.reason = f"De naam '{name}' betekent deze rol."
        speakers.append(speaker)
    by_name = {speaker.name: speaker for speaker in speakers}
    stats = _stats(transcript)
    open_names = [s.name for s in speakers if s.role == "unknown" and s.guessed and s.name in stats]
    talking = [name for name in order if stats[name].words > 0]
    if open_names and len(talking) >= 2:
        _propose(by_name, stats, [n for n in open_names if n in talking], pitch)
    roles: dict[str, Role] = {speaker.name: speaker.role for speaker in speakers}
    turns = [replace(turn, role=roles.get(turn.speaker, turn.role)) for turn in transcript.turns]
    return replace(transcript, turns=turns, speakers=speakers)


def _propose(
    by_name: dict[str, Speaker],
    stats: dict[str, _Stats],
    open_names: list[str],
    pitch: Mapping[str, float],
) -> None:
    known = {speaker.role for speaker in by_name.values()}
    total_words = sum(s.words for s in stats.values())
    total_questions = sum(s.questions for s in stats.values())
    remaining = list(open_names)
    teacher_name = next((s.name for s in by_name.values() if s.role == "teacher"), None)
    if "teacher" not in known and remaining:
        scores = {n: _teacher_score(stats[n], total_words, total_questions) for n in remaining}
        teacher_name = max(remaining, key=lambda n: (scores[n], -stats[n].first_turn))
        speaker = by_name[teacher_name]
        speaker.role, speaker.guessed = "teacher", True
        speaker.reason = _teacher_reason(stats[teacher_name], stats)
        remaining.remove(teacher_name)
    if not remaining:
        return
    others_of = {n: [stats[m] for m in stats if m != n and m != teacher_name] for n in remaining}
    child_name: str | None = None
    if "child" not in known:
        evidence = {n: _child_evidence(stats[n], others_of[n], pitch) for n in remaining}
        candidates = [n for n in remaining if evidence[n][0] >= 1.0]
        # A lone remaining speaker is the parent unless a parent is already known.
        if candidates and (len(remaining) > 1 or "parent" in known):
            child_name = max(candidates, key=lambda n: evidence[n][0])
            speaker = by_name[child_name]
            speaker.role, speaker.guessed = "child", True
            speaker.reason = "Vermoedelijk het kind: " + "; ".join(evidence[child_name][1]) + "."
            remaining.remove(child_name)
    teacher_note = f"naast de leerkracht ({teacher_name})" if teacher_name else ""
    for name in remaining:
        entry = stats[name]
        if "parent" in known and child_name is None and "child" not in known:
            role: Role = "child"
            reason = f"Vermoedelijk het kind: de spreker {teacher_note} en de ouder.".replace(
                "  ", " "
            )
        else:
            role = "parent"
            parts = [f"een andere spreker {teacher_note}".strip()]
            if entry.parent_talk:
                parts.append("praat over thuis of 'mijn kind', of spreekt de leerkracht aan")
            if child_name:
                parts.append(f"langere beurten dan het kind ({child_name})")
            reason = "Vermoedelijk een ouder: " + "; ".join(parts) + "."
        speaker = by_name[name]
        speaker.role, speaker.guessed, speaker.reason = role, True, reason
