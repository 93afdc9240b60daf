"""Pseudonymised exports: replace the names of the people in a talk before it leaves the app.

:func:`propose_replacements` finds names (speaker names and capitalised names in the text) and
proposes neutral replacements; the user reviews that table, then :func:`pseudonymise_analysis`
applies it to the transcript, the evidence quotes and the speaker list.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from analysis.data_files import load_yaml
from analysis.records import Analysis, Finding, FormItem, Transcript
from analysis.roles import normalise_name, role_from_name, role_names

ROLE_PLACEHOLDERS = {
    "teacher": "Leerkracht",
    "parent": "Ouder",
    "child": "Kind",
    "unknown": "Spreker",
}
_WORD = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]+(?:[-'][A-Za-zà-ÿ]+)?\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:;\"“()—–-]\s*)$")
_PARTICLE = r"(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|[Hh]et|[Ii]n|'t)"
_NAME_AFTER = re.compile(
    r"\b(?i:meneer|mevrouw|juf|meester|mijnheer|heer)\s+"
    rf"((?:{_PARTICLE}\s+)*[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)"
)


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """Capitalised words that are not names (lowercased), from ``pseudonymise.yaml``."""
    words = load_yaml("pseudonymise.yaml")["not_names"]
    return frozenset(word.lower() for word in words)


def _speaker_parts(name: str) -> list[str]:
    """The personal-name part of a speaker name: "Juf Anouk" → ["Anouk"]; "Moeder" → []."""
    if role_from_name(name) is None:
        return [name]
    key = normalise_name(name)
    for entries in role_names().values():
        for entry in entries:
            if key.startswith(entry + " "):
                return [name[len(entry) + 1 :].strip()]
    return []


def _text_names(transcript: Transcript) -> Counter[str]:
    """Names in the text: after a form of address ("mevrouw De Vries"), and capitalised words
    in mid-sentence that never occur in lower case in the talk (so "Dat" or "Zo" are not)."""
    names: Counter[str] = Counter()
    not_names = _not_names()
    lowercase = {w for t in transcript.turns for w in re.findall(r"\b[a-zà-ÿ][\w'-]*", t.text)}
    for turn in transcript.turns:
        for match in _NAME_AFTER.finditer(turn.text):
            name = match.group(1)
            if name[0].islower():  # "juf van Jonas": the particle belongs to the sentence
                name = name.split()[-1]
            if name.lower() not in not_names:
                names[name] += 1
        for match in _WORD.finditer(turn.text):
            word = match.group(0)
            if word.lower() in not_names or word.lower() in lowercase:
                continue
            before = turn.text[: match.start()]
            if _SENTENCE_START.search(before) or before.endswith("'s "):
                continue
            if any(word in name.split() for name in names if " " in name):
                continue
            names[word] += 1
    return names


def propose_replacements(transcript: Transcript) -> dict[str, str]:
    """Names found in the talk → proposed replacements (for the user to review).

    Speakers become their role ("Leerkracht", "Ouder 2", ...); other names "Persoon 1", ...
    """
    proposals: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for speaker in transcript.speakers:
        label = ROLE_PLACEHOLDERS[speaker.role]
        counts[label] += 1
        placeholder = label if counts[label] == 1 else f"{label} {counts[label]}"
        proposals[speaker.name] = placeholder
        for part in _speaker_parts(speaker.name):
            if part != speaker.name:
                proposals.setdefault(part, placeholder)
    number = 0
    for name, _ in _text_names(transcript).most_common():
        if name in proposals:
            continue
        number += 1
        proposals[name] = f"Persoon {number}"
    return proposals


def _replacer(replacements: dict[str, str]) -> re.Pattern[str] | None:
    names = sorted((n for n in replacements if n.strip()), key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def pseudonymise_text(text: str, replacements: dict[str, str]) -> str:
    """``text`` with every listed name replaced (whole words, longest names first)."""
    pattern = _replacer(replacements)
    if pattern is None:
        return text
    return pattern.sub(lambda m: replacements[m.group(0)], text)


def pseudonymise_transcript(transcript: Transcript, replacements: dict[str, str]) -> Transcript:
    """A copy of ``transcript`` with names replaced in speakers and text; words dropped."""
    rename = {s.name: pseudonymise_text(s.name, replacements) for s in transcript.speakers}
    return replace(
        transcript,
        source=None,
        speakers=[
            replace(s, name=rename[s.name], reason=pseudonymise_text(s.reason, replacements))
            for s in transcript.speakers
        ],
        turns=[
            replace(
                t,
                speaker=rename.get(t.speaker, t.speaker),
                text=pseudonymise_text(t.text, replacements),
                words=[],
            )
            for t in transcript.turns
        ],
    )


def _finding(finding: Finding, replacements: dict[str, str]) -> Finding:
    """The finding with names replaced. Character offsets keep pointing into the original text,
    so the coach's review (keyed on them) still applies."""
    return replace(
        finding,
        quote=pseudonymise_text(finding.quote, replacements),
        speaker=pseudonymise_text(finding.speaker, replacements),
    )


def pseudonymise_analysis(analysis: Analysis, replacements: dict[str, str]) -> Analysis:
    """A copy of ``analysis`` with names replaced everywhere a report shows them."""
    transcript = pseudonymise_transcript(analysis.transcript, replacements)
    findings = [_finding(f, replacements) for f in analysis.detection.findings]
    form: list[FormItem] = [
        replace(item, evidence=[_finding(f, replacements) for f in item.evidence])
        for item in analysis.form
    ]
    suggestions = [
        replace(s, text=pseudonymise_text(s.text, replacements))
        for s in analysis.detection.suggestions
    ]
    detection = replace(analysis.detection, findings=findings, suggestions=suggestions)
    return Analysis(transcript=transcript, detection=detection, form=form)
