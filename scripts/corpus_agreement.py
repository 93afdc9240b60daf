"""Inter-annotator agreement between two labelling passes of the corpus (issue #13).

Compares pass 1 (the ``cNN-*.labels.json`` files beside the talks, or those files as they were
at a git revision with ``--first-rev``) with pass 2 (``second-pass/``) over every teacher turn:
per item and per act Cohen's kappa, percent agreement and positive agreement, turns labelled
identically, and form-level agreement (observed or not, per item per talk). A teacher turn that a
file does not list counts as labelled with nothing. Prints the tables; ``--write FILE`` puts them
between the markers ``<!-- agreement:NAME:start -->`` and ``<!-- agreement:NAME:end -->`` of a
Markdown file (``--marker NAME``; the rest of the file is kept), and ``--disagreements`` lists
every turn on which the passes differ. ``--first-rev`` takes one revision for all talks or
``GLOB=REV`` pairs (the first glob matching a talk's name wins); ``--only GLOB`` limits the talks.

    python scripts/corpus_agreement.py --first-rev 'c0*=48c673c' --first-rev 'c1*=48c673c' \
        --first-rev 'c20-*=48c673c' --first-rev '*=845bfad' --write docs/corpus-agreement.md
    python scripts/corpus_agreement.py --first-rev 48c673c --only 'c0*' --disagreements
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.errors import AnalysisError
from analysis.form import load_form
from analysis.records import ACTS
from analysis.role_names import role_from_name
from analysis.transcript_io import parse_text

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "corpus"
MARKER = "<!-- agreement:{name}:{end} -->"


class InputError(Exception):
    """Bad input: reported on one line, exit code 2."""


@dataclass(frozen=True, slots=True)
class Turn:
    """One teacher turn as a pass labelled it."""

    index: int
    speaker: str
    text: str
    items: frozenset[str]
    acts: frozenset[str]


@dataclass(frozen=True, slots=True)
class Talk:
    """One talk with both passes' labels on each of its teacher turns."""

    name: str
    first: tuple[Turn, ...]
    second: tuple[Turn, ...]
    first_rev: str | None = None


@dataclass(slots=True)
class Table:
    """A 2x2 table of two raters' yes/no decisions on one label."""

    both: int = 0
    first_only: int = 0
    second_only: int = 0
    neither: int = 0

    def add(self, first: bool, second: bool) -> None:
        """Count one decision pair."""
        self.both += first and second
        self.first_only += first and not second
        self.second_only += second and not first
        self.neither += not first and not second

    @property
    def total(self) -> int:
        """Number of decision pairs."""
        return self.both + self.first_only + self.second_only + self.neither

    @property
    def observed(self) -> float:
        """Share of decisions on which the raters agree."""
        return (self.both + self.neither) / self.total if self.total else 1.0

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa; ``None`` when chance agreement is already perfect (no variation)."""
        n = self.total
        if not n:
            return None
        yes_first = (self.both + self.first_only) / n
        yes_second = (self.both + self.second_only) / n
        expected = yes_first * yes_second + (1 - yes_first) * (1 - yes_second)
        if expected >= 1.0:
            return None
        return (self.observed - expected) / (1 - expected)

    @property
    def positive(self) -> float | None:
        """Positive specific agreement 2a / (2a + b + c) (the F1 of one pass against the other)."""
        denominator = 2 * self.both + self.first_only + self.second_only
        return 2 * self.both / denominator if denominator else None


@dataclass(slots=True)
class Report:
    """Agreement over a set of talks."""

    talks: list[Talk]
    items: dict[str, Table] = field(default_factory=dict)
    acts: dict[str, Table] = field(default_factory=dict)
    form: dict[str, Table] = field(default_factory=dict)
    same_items: int = 0
    same_acts: int = 0
    turns: int = 0
    form_differences: list[tuple[str, str, bool, bool]] = field(default_factory=list)


def _read_json(text: str, where: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"{where}: not JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("turns"), list):
        raise InputError(f"{where}: no 'turns' list")
    return data


def _from_git(rev: str, path: Path) -> str:
    relative = path.resolve().relative_to(REPO).as_posix()
    done = subprocess.run(
        ["git", "show", f"{rev}:{relative}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if done.returncode:
        raise InputError(f"{relative} is not in git revision {rev}")
    return done.stdout


def _labelled(
    data: dict[str, Any],
    teacher: dict[int, tuple[str, str]],
    where: str,
    items: tuple[str, ...],
) -> tuple[Turn, ...]:
    given: dict[int, dict[str, Any]] = {}
    for entry in data["turns"]:
        index = entry.get("i")
        if not isinstance(index, int) or index not in teacher:
            raise InputError(f"{where}: turn {index!r} is not a teacher turn of the talk")
        if entry.get("speaker") != teacher[index][0]:
            raise InputError(f"{where}: turn {index} is {teacher[index][0]!r}, not {entry!r}")
        unknown = set(entry.get("items", [])) - set(items) | set(entry.get("acts", [])) - set(ACTS)
        if unknown:
            raise InputError(f"{where}: turn {index}: unknown labels {sorted(unknown)}")
        given[index] = entry
    seen = {item for entry in given.values() for item in entry.get("items", [])}
    form = data.get("form", {})
    wrong = [item for item in items if form.get(item) is not (item in seen)]
    if wrong:
        raise InputError(f"{where}: form disagrees with the turn labels on {', '.join(wrong)}")
    return tuple(
        Turn(
            index=index,
            speaker=speaker,
            text=text,
            items=frozenset(given.get(index, {}).get("items", [])),
            acts=frozenset(given.get(index, {}).get("acts", [])),
        )
        for index, (speaker, text) in sorted(teacher.items())
    )


def revision_for(name: str, revisions: list[str]) -> str | None:
    """The git revision pass 1 of talk ``name`` is read from (``None``: the working tree)."""
    for entry in revisions:
        pattern, sep, rev = entry.rpartition("=")
        if not sep:
            return entry
        if fnmatch.fnmatchcase(name, pattern):
            return rev
    return None


def _talk_order(path: Path) -> tuple[str, int, str]:
    """Sort key for talk files by number, so c100 comes after c99 (not after c10)."""
    match = re.match(r"([a-z]*)(\d*)", path.name)
    prefix, digits = match.groups() if match else ("", "")
    return (prefix, int(digits) if digits else -1, path.name)


def load_talks(
    corpus: Path,
    second: Path,
    revisions: list[str] | None = None,
    only: list[str] | None = None,
) -> list[Talk]:
    """Talks that have a pass-2 file, with both passes' labels on every teacher turn."""
    items = load_form().item_ids
    talks: list[Talk] = []
    for second_file in sorted(second.glob("*.labels.json"), key=_talk_order):
        name = second_file.name.removesuffix(".labels.json")
        if only and not any(fnmatch.fnmatchcase(name, pattern) for pattern in only):
            continue
        first_rev = revision_for(name, revisions or [])
        txt = corpus / f"{name}.txt"
        first_file = corpus / second_file.name
        if not txt.is_file():
            raise InputError(f"{second_file.name}: no {txt.name} in {corpus}")
        transcript = parse_text(txt.read_text(encoding="utf-8"), txt.name)
        teacher = {
            turn.index: (turn.speaker, turn.text)
            for turn in transcript.turns
            if role_from_name(turn.speaker) == "teacher"
        }
        if first_rev:
            first_text = _from_git(first_rev, first_file)
        elif first_file.is_file():
            first_text = first_file.read_text(encoding="utf-8")
        else:
            raise InputError(f"{first_file.name}: pass 1 is missing")
        first = _labelled(_read_json(first_text, f"pass 1 {first_file.name}"), teacher, name, items)
        second_data = _read_json(second_file.read_text(encoding="utf-8"), str(second_file))
        second_turns = _labelled(second_data, teacher, name, items)
        talks.append(Talk(name, first, second_turns, first_rev))
    if not talks:
        raise InputError(f"{second}: no *.labels.json files (of talks matching --only)")
    return talks


def compare(talks: list[Talk]) -> Report:
    """Count agreement per item, per act and per form item over ``talks``."""
    items = load_form().item_ids
    report = Report(
        talks=talks,
        items={item: Table() for item in items},
        acts={act: Table() for act in ACTS},
        form={item: Table() for item in items},
    )
    for talk in talks:
        for first, second in zip(talk.first, talk.second, strict=True):
            report.turns += 1
            report.same_items += first.items == second.items
            report.same_acts += first.acts == second.acts
            for item in items:
                report.items[item].add(item in first.items, item in second.items)
            for act in ACTS:
                report.acts[act].add(act in first.acts, act in second.acts)
        for item in items:
            seen_first = any(item in turn.items for turn in talk.first)
            seen_second = any(item in turn.items for turn in talk.second)
            report.form[item].add(seen_first, seen_second)
            if seen_first != seen_second:
                report.form_differences.append((talk.name, item, seen_first, seen_second))
    return report


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _pooled(tables: list[Table]) -> Table:
    pooled = Table()
    for table in tables:
        pooled.both += table.both
        pooled.first_only += table.first_only
        pooled.second_only += table.second_only
        pooled.neither += table.neither
    return pooled


def _rows(tables: dict[str, Table], first_column: str) -> list[str]:
    header = "pass 1 | pass 2 | both | only 1 | only 2 | agree % | kappa | pos. agr."
    rows = [
        f"| {first_column} | {header} |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, t in tables.items():
        rows.append(
            f"| `{key}` | {t.both + t.first_only} | {t.both + t.second_only} | {t.both} "
            f"| {t.first_only} | {t.second_only} | {100 * t.observed:.1f} | {_num(t.kappa)} "
            f"| {_num(t.positive)} |"
        )
    return rows


def _mean(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return sum(known) / len(known) if known else None


def _short(name: str) -> str:
    return name.split("-", 1)[0]


def first_source(talks: list[Talk]) -> str:
    """Where pass 1 was read from, per run of talks: "git `48c673c` (c01–c20)"."""
    runs: list[tuple[str | None, str, str]] = []
    for talk in talks:
        if runs and runs[-1][0] == talk.first_rev:
            runs[-1] = (talk.first_rev, runs[-1][1], _short(talk.name))
        else:
            runs.append((talk.first_rev, _short(talk.name), _short(talk.name)))
    parts = []
    for rev, first, last in runs:
        where = f"git `{rev}`" if rev else "the working tree"
        span = first if first == last else f"{first}–{last}"
        parts.append(f"{where} ({span})")
    return "the files beside the talks as in " + ", ".join(parts)


def shown(folder: Path) -> str:
    """``folder`` as the tables name it: relative to the repository when inside it."""
    folder = folder.resolve()
    inside = folder.is_relative_to(REPO)
    return f"{(folder.relative_to(REPO) if inside else folder).as_posix()}/"


def to_markdown(
    report: Report,
    first_label: str | None = None,
    second_label: str = "tests/data/corpus/second-pass/",
) -> str:
    """The agreement tables as Markdown (``second_label`` names where pass 2 was read)."""
    first_label = first_label or first_source(report.talks)
    item_kappas = [table.kappa for table in report.items.values()]
    act_kappas = [table.kappa for table in report.acts.values()]
    pooled = _pooled(list(report.items.values()))
    form = _pooled(list(report.form.values()))
    lines = [
        f"Pass 1: {first_label}. Pass 2: `{second_label}` (blind). "
        f"{len(report.talks)} talks, {report.turns} teacher turns; a turn a file does not list "
        "counts as labelled with nothing. Kappa is Cohen's kappa over teacher turns; "
        "positive agreement is 2·both / (2·both + only 1 + only 2).",
        "",
        "| summary | value |",
        "| --- | ---: |",
        f"| item kappa, mean over the 19 items | {_num(_mean(item_kappas))} |",
        f"| item kappa, pooled over all item decisions | {_num(pooled.kappa)} |",
        f"| item decisions agreeing | {100 * pooled.observed:.1f} % of {pooled.total} |",
        f"| turns with identical items | {report.same_items} of {report.turns} "
        f"({100 * report.same_items / report.turns:.1f} %) |",
        f"| act kappa, mean over the two acts | {_num(_mean(act_kappas))} |",
        f"| turns with identical acts | {report.same_acts} of {report.turns} "
        f"({100 * report.same_acts / report.turns:.1f} %) |",
        f"| form decisions agreeing (talk x item) | {form.both + form.neither} of {form.total} "
        f"({100 * form.observed:.1f} %), kappa {_num(form.kappa)} |",
        "",
        "Per item (teacher turns):",
        "",
        *_rows(report.items, "item"),
        "",
        "Per act (teacher turns):",
        "",
        *_rows(report.acts, "act"),
        "",
        "Form level (per talk: item observed at least once), per item:",
        "",
        *_rows(report.form, "item"),
    ]
    if report.form_differences:
        lines += ["", "Form decisions on which the passes differ:", ""]
        lines += [
            f"- {talk}: `{item}` pass 1 {'seen' if first else 'not seen'}, "
            f"pass 2 {'seen' if second else 'not seen'}"
            for talk, item, first, second in report.form_differences
        ]
    return "\n".join(lines) + "\n"


def disagreements(talks: list[Talk]) -> str:
    """Every teacher turn on which the passes differ, with its text."""
    out: list[str] = []
    for talk in talks:
        for first, second in zip(talk.first, talk.second, strict=True):
            if first.items == second.items and first.acts == second.acts:
                continue
            parts = []
            if first.items != second.items:
                parts.append(
                    f"items only 1: {sorted(first.items - second.items)} "
                    f"only 2: {sorted(second.items - first.items)}"
                )
            if first.acts != second.acts:
                parts.append(f"acts 1: {sorted(first.acts)} 2: {sorted(second.acts)}")
            out.append(f"{talk.name} #{first.index} {'; '.join(parts)}\n    {first.text}")
    return "\n".join(out) + "\n"


def write_between_markers(path: Path, body: str, name: str = "all") -> None:
    """Replace the text between the ``name`` markers of ``path`` (create it if needed)."""
    start = MARKER.format(name=name, end="start")
    end = MARKER.format(name=name, end="end")
    block = f"{start}\n{body}{end}"
    if not path.exists():
        path.write_text(f"# Corpus agreement\n\n{block}\n", encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    if start not in text or end not in text:
        raise InputError(f"{path}: no {start} ... {end} markers")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(head + block + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="talks and pass-1 labels")
    parser.add_argument("--second", type=Path, default=None, help="pass-2 labels folder")
    parser.add_argument(
        "--first-rev",
        action="append",
        default=[],
        help="read pass 1 from this git revision, or GLOB=REV per talk name (repeatable)",
    )
    parser.add_argument("--only", action="append", default=[], help="talk name glob (repeatable)")
    parser.add_argument("--write", type=Path, default=None, help="Markdown file to update")
    parser.add_argument("--marker", default="all", help="marker name in the Markdown file")
    parser.add_argument("--disagreements", action="store_true", help="list differing turns")
    args = parser.parse_args(argv)
    second = args.second or args.corpus / "second-pass"
    try:
        talks = load_talks(args.corpus, second, args.first_rev, args.only)
        if args.disagreements:
            sys.stdout.write(disagreements(talks))
            return 0
        body = to_markdown(compare(talks), second_label=shown(second))
        sys.stdout.write(body)
        if args.write:
            write_between_markers(args.write, body, args.marker)
    except (InputError, AnalysisError, OSError) as exc:
        message = " ".join(str(exc).split())
        sys.stderr.write(f"corpus_agreement: {message}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
