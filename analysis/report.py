"""Render an :class:`Analysis` as the CLI's JSON contract, Markdown or plain text."""

from __future__ import annotations

import json
from typing import Any

from analysis.codec import form_item_to_dict, metrics_to_dict, suggestion_to_dict
from analysis.form import load_form
from analysis.records import Analysis, Finding
from analysis.transcript_io import format_time, speaker_to_dict, turn_to_dict
from analysis.verdicts import verdict_words


def turn_items(analysis: Analysis) -> dict[int, list[str]]:
    """Item ids found per turn, in form order."""
    order = {item.id: position for position, item in enumerate(analysis.form)}
    found: dict[int, set[str]] = {}
    for finding in analysis.detection.findings:
        found.setdefault(finding.turn, set()).add(finding.item)
    return {turn: sorted(items, key=order.__getitem__) for turn, items in found.items()}


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    """The JSON contract of ``python -m analysis analyse --format json``."""
    transcript = analysis.transcript
    items = turn_items(analysis)
    return {
        "source": transcript.source,
        "duration": transcript.duration,
        "language": transcript.language,
        "speakers": [speaker_to_dict(s) for s in transcript.speakers],
        "turns": [
            {
                **turn_to_dict(turn, words=False),
                "items": items.get(turn.index, []),
                "acts": sorted(analysis.detection.acts.get(turn.index, [])),
            }
            for turn in transcript.turns
        ],
        "form": [form_item_to_dict(item, contract=True) for item in analysis.form],
        "metrics": metrics_to_dict(analysis.detection.metrics),
        "suggestions": [suggestion_to_dict(s) for s in analysis.detection.suggestions],
    }


def to_json(analysis: Analysis) -> str:
    """The JSON contract as text."""
    return json.dumps(analysis_to_dict(analysis), ensure_ascii=False, indent=2) + "\n"


def _stamp(seconds: float | None) -> str:
    return f"[{format_time(seconds)}] " if seconds is not None else ""


def _uncertain_note(finding: Finding) -> str:
    """Markdown note on words the recogniser was unsure of (empty when there are none)."""
    if not finding.uncertain_words:
        return ""
    words = ", ".join(f"{w.text} ({w.probability:.0%})" for w in finding.uncertain_words)
    held = "te controleren, telt niet mee; " if finding.held_back else ""
    return f" — {held}onzeker verstaan: {words}"


def to_markdown(analysis: Analysis) -> str:
    """A Markdown report laid out like the paper form."""
    form = load_form()
    lines = [f"# {form.title}", ""]
    if analysis.transcript.source:
        lines += [f"Gesprek: {analysis.transcript.source}", ""]
    for phase in form.phases:
        lines += [f"## {phase}", ""]
        for item in (i for i in analysis.form if i.phase == phase):
            tick = "x" if item.observed else " "
            lines.append(f"- [{tick}] **{item.text}** — {verdict_words(item)}")
            for finding in item.evidence:
                lines.append(
                    f"  - {_stamp(finding.start)}beurt {finding.turn}: “{finding.quote}” "
                    f"({finding.explanation}; regel `{finding.rule}`, "
                    f"zekerheid {finding.confidence:.0%})" + _uncertain_note(finding)
                )
            if not item.observed and item.visibility_note:
                lines.append(f"  - _{item.visibility_note}_")
        lines.append("")
    suggestions = analysis.detection.suggestions
    lines += [f"## {form.compliment_prompt} en {form.tip_prompt[len('Formuleer ') :]}", ""]
    if suggestions:
        lines += [f"- {s.text} ({s.kind})" for s in suggestions]  # the text says "Suggestie: "
    else:
        lines.append("- (nog geen suggesties)")
    lines.append("")
    lines += ["## Reflectie", ""]
    lines += [f"{n}. {q}" for n, q in enumerate(form.reflection_questions, start=1)]
    return "\n".join(lines) + "\n"


def to_text(analysis: Analysis) -> str:
    """A compact plain-text report: the turns with their items, then the form."""
    items = turn_items(analysis)
    lines = []
    for turn in analysis.transcript.turns:
        tags = items.get(turn.index, []) + sorted(analysis.detection.acts.get(turn.index, []))
        suffix = f"  [{', '.join(tags)}]" if tags else ""
        lines.append(
            f"{turn.index:>3} {_stamp(turn.start)}{turn.speaker} ({turn.role}): {turn.text}{suffix}"
        )
    lines.append("")
    for item in analysis.form:
        mark = "x" if item.observed else " "
        turns = ", ".join(str(f.turn) for f in item.evidence)
        lines.append(
            f"[{mark}] {item.phase:<10} {item.text}" + (f" (beurten {turns})" if turns else "")
        )
    return "\n".join(lines) + "\n"


RENDERERS = {"json": to_json, "markdown": to_markdown, "text": to_text}
