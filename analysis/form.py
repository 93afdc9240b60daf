"""The observation form as data: loaded from ``form.yaml``, filled from findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from analysis.data_files import load_yaml
from analysis.errors import RuleFileError
from analysis.records import Finding, FormItem

FORM_FILE = "form.yaml"
_TOP_KEYS = {"title", "examples_header", "phases", "feedback", "reflection_questions"}
_PHASE_KEYS = {"name", "items"}
_ITEM_KEYS = {"id", "text", "hint", "visibility", "visibility_note"}


@dataclass(frozen=True, slots=True)
class ItemDefinition:
    """One item as the form defines it."""

    id: str
    phase: str
    text: str
    hint: str
    visibility: Literal["full", "partial"] = "full"
    visibility_note: str = ""


@dataclass(frozen=True, slots=True)
class FormDefinition:
    """The whole form: items in form order, feedback prompts and reflection questions."""

    title: str
    examples_header: str
    items: tuple[ItemDefinition, ...]
    compliment_prompt: str
    tip_prompt: str
    reflection_questions: tuple[str, ...]

    @property
    def phases(self) -> tuple[str, ...]:
        """Phase names in form order."""
        return tuple(dict.fromkeys(item.phase for item in self.items))

    @property
    def item_ids(self) -> tuple[str, ...]:
        """Item ids in form order."""
        return tuple(item.id for item in self.items)

    def item(self, item_id: str) -> ItemDefinition:
        """The definition of ``item_id``; :class:`KeyError` if the form has no such item."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


def _form_error(problem: str, probleem: str) -> RuleFileError:
    """An error in the form file, in English (``problem``) and Dutch (``probleem``)."""
    return RuleFileError(
        f"{FORM_FILE}: {problem}", f"Het formulierbestand {FORM_FILE} klopt niet: {probleem}."
    )


def _check_keys(where: str, data: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        keys = ", ".join(sorted(unknown))
        raise _form_error(f"{where}: unknown keys {sorted(unknown)}", f"{where}: onbekend: {keys}")


def parse_form(data: Any) -> FormDefinition:
    """Validate the parsed YAML of the form and build its definition."""
    if not isinstance(data, dict):
        raise _form_error("expected a mapping at the top", "het begint niet met een mapping")
    _check_keys("top level", data, _TOP_KEYS)
    items: list[ItemDefinition] = []
    for phase in data["phases"]:
        _check_keys(f"phase {phase.get('name')!r}", phase, _PHASE_KEYS)
        for raw in phase["items"]:
            _check_keys(f"item {raw.get('id')!r}", raw, _ITEM_KEYS)
            visibility = raw.get("visibility", "full")
            if visibility not in ("full", "partial"):
                raise _form_error(
                    f"item {raw['id']!r}: bad visibility",
                    f"onderdeel '{raw['id']}' heeft een onbekende zichtbaarheid",
                )
            items.append(
                ItemDefinition(
                    id=raw["id"],
                    phase=phase["name"],
                    text=raw["text"],
                    hint=raw.get("hint", ""),
                    visibility=visibility,
                    visibility_note=raw.get("visibility_note", ""),
                )
            )
    ids = [item.id for item in items]
    if len(set(ids)) != len(ids):
        raise _form_error("duplicate item ids", "een onderdeel staat er twee keer in")
    feedback = data["feedback"]
    return FormDefinition(
        title=data["title"],
        examples_header=data["examples_header"],
        items=tuple(items),
        compliment_prompt=feedback["compliment"],
        tip_prompt=feedback["tip"],
        reflection_questions=tuple(data["reflection_questions"]),
    )


@lru_cache(maxsize=1)
def load_form() -> FormDefinition:
    """The observation form shipped with the package (parsed once)."""
    return parse_form(load_yaml(FORM_FILE))


def fill_form(findings: Iterable[Finding], form: FormDefinition | None = None) -> list[FormItem]:
    """The form's items in order, each observed when at least one finding supports it."""
    form = form or load_form()
    by_item: dict[str, list[Finding]] = {item_id: [] for item_id in form.item_ids}
    for finding in findings:
        if finding.item not in by_item:
            raise RuleFileError(
                f"finding for unknown form item {finding.item!r}",
                f"Een bevinding hoort bij een onbekend onderdeel van het formulier: "
                f"'{finding.item}'.",
            )
        by_item[finding.item].append(finding)
    return [
        FormItem(
            id=item.id,
            phase=item.phase,
            text=item.text,
            observed=bool(by_item[item.id]),
            evidence=sorted(by_item[item.id], key=lambda f: (f.turn, f.char_start)),
            visibility=item.visibility,
            visibility_note=item.visibility_note,
        )
        for item in form.items
    ]
