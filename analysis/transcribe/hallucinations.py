"""Known Dutch silence hallucinations of Whisper, removed from recognised segments.

The phrases live in ``hallucinations.yaml`` (see the comment at its top): subtitle credits
("Ondertitels ingediend door de Amara.org gemeenschap", "Ondertiteling door TV GELDERLAND"),
"Bedankt voor het kijken", calls to subscribe, sound labels. The file is validated when it is
loaded: unknown or missing keys and bad patterns are errors naming the file and line.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from analysis.errors import RuleFileError
from analysis.records import Segment

logger = logging.getLogger(__name__)

DATA_PACKAGE = "analysis.transcribe"
DATA_FILE = "hallucinations.yaml"
_REQUIRED = frozenset({"id", "pattern", "explanation", "examples"})
_OPTIONAL = frozenset({"anywhere", "not_examples"})
_EDGES = r"[\W_]*"


@dataclass(frozen=True, slots=True)
class Hallucination:
    """One known made-up text: its id, pattern and Dutch explanation, with examples."""

    id: str
    pattern: re.Pattern[str]
    explanation: str
    anywhere: bool = False
    examples: tuple[str, ...] = ()
    not_examples: tuple[str, ...] = ()
    line: int = 0

    def matches_whole(self, text: str) -> bool:
        """True when ``text`` is only this phrase (punctuation around it ignored)."""
        return _whole(self.pattern.pattern).fullmatch(text.strip()) is not None


@lru_cache(maxsize=64)
def _whole(pattern: str) -> re.Pattern[str]:
    return re.compile(f"{_EDGES}(?:{pattern}){_EDGES}", re.I | re.S)


def _error(line: int, problem: str) -> RuleFileError:
    return RuleFileError(
        f"{DATA_FILE}:{line}: {problem}",
        f"Fout in {DATA_FILE}, regel {line}: {problem}",
    )


def _strings(node: yaml.Node, what: str) -> tuple[str, ...]:
    value = yaml.SafeLoader(yaml.serialize(node)).get_single_data()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _error(node.start_mark.line + 1, f"{what} must be a list of texts")
    return tuple(value)


def parse(text: str) -> tuple[Hallucination, ...]:
    """Validate and compile the entries of a hallucination file's ``text``."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise _error(mark.line + 1 if mark else 0, str(exc.problem)) from exc
    if not isinstance(root, yaml.SequenceNode):
        raise _error(1, "the file must be a list of entries")
    entries: list[Hallucination] = []
    seen: set[str] = set()
    for node in root.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise _error(line, "each entry must be a mapping")
        fields = {key.value: value for key, value in node.value}
        unknown = fields.keys() - _REQUIRED - _OPTIONAL
        if unknown:
            allowed = ", ".join(sorted(_REQUIRED | _OPTIONAL))
            raise _error(line, f"unknown key(s) {', '.join(sorted(unknown))} (allowed: {allowed})")
        missing = _REQUIRED - fields.keys()
        if missing:
            raise _error(line, f"missing key(s) {', '.join(sorted(missing))}")
        scalars = {
            key: str(fields[key].value).strip()
            for key in ("id", "pattern", "explanation")
            if isinstance(fields[key], yaml.ScalarNode)
        }
        if len(scalars) < 3 or not all(scalars.values()):
            raise _error(line, "id, pattern and explanation must be non-empty texts")
        if scalars["id"] in seen:
            raise _error(line, f"duplicate id {scalars['id']!r}")
        seen.add(scalars["id"])
        try:
            pattern = re.compile(scalars["pattern"], re.I | re.S)
        except re.error as exc:
            raise _error(fields["pattern"].start_mark.line + 1, f"bad pattern: {exc}") from exc
        anywhere = fields.get("anywhere")
        if anywhere is not None and anywhere.value not in ("true", "false"):
            raise _error(anywhere.start_mark.line + 1, "anywhere must be true or false")
        entries.append(
            Hallucination(
                id=scalars["id"],
                pattern=pattern,
                explanation=scalars["explanation"],
                anywhere=anywhere is not None and anywhere.value == "true",
                examples=_strings(fields["examples"], "examples"),
                not_examples=(
                    _strings(fields["not_examples"], "not_examples")
                    if "not_examples" in fields
                    else ()
                ),
                line=line,
            )
        )
    return tuple(entries)


@lru_cache(maxsize=1)
def load() -> tuple[Hallucination, ...]:
    """The entries of the package's ``hallucinations.yaml``."""
    try:
        text = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RuleFileError(f"{DATA_FILE}: data file missing") from exc
    return parse(text)


def _cut(segment: Segment, span: tuple[int, int], text: str) -> Segment | None:
    """``segment`` without the characters ``span`` of ``text`` (its words joined by spaces)."""
    if not segment.words:
        rest = (text[: span[0]] + " " + text[span[1] :]).strip()
        return dataclasses.replace(segment, text=" ".join(rest.split())) if rest else None
    words, position = [], 0
    for word in segment.words:
        begin, position = position, position + len(word.text)
        if position <= span[0] or begin >= span[1]:
            words.append(word)
        position += 1  # the joining space
    if not words:
        return None
    return dataclasses.replace(
        segment,
        start=words[0].start,
        end=words[-1].end,
        text=" ".join(word.text for word in words),
        words=tuple(words),
    )


def clean_segment(
    segment: Segment, entries: Iterable[Hallucination] | None = None
) -> Segment | None:
    """``segment`` without known hallucinations, or ``None`` when nothing real is left."""
    for entry in load() if entries is None else entries:
        if entry.matches_whole(segment.text):
            logger.info("dropped %r at %.1f s (%s)", segment.text, segment.start, entry.id)
            return None
        if entry.anywhere:
            text = " ".join(word.text for word in segment.words) if segment.words else segment.text
            found = entry.pattern.search(text)
            if found:
                logger.info("cut %r at %.1f s (%s)", found.group(0), segment.start, entry.id)
                cleaned = _cut(segment, found.span(), text)
                if cleaned is None or not re.search(r"\w", cleaned.text):
                    return None
                segment = cleaned
    return segment


def clean_segments(
    segments: Iterable[Segment], entries: Iterable[Hallucination] | None = None
) -> list[Segment]:
    """The segments that hold real text, with known hallucinations removed."""
    listed = None if entries is None else tuple(entries)
    return [
        cleaned for segment in segments if (cleaned := clean_segment(segment, listed)) is not None
    ]
