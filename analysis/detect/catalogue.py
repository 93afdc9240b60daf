"""Generate the behaviour catalogue (docs/rules.md) from the rule files.

Run ``python -m analysis.detect.catalogue --out docs/rules.md``; without ``--out`` the
Markdown goes to standard output. The catalogue is generated, never edited by hand.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import defaultdict
from pathlib import Path

from analysis.detect.lexicons import LEXICON_FILE, load_lexicons
from analysis.detect.rulefiles import (
    BEHAVIOUR_FILE,
    QUESTION_FILE,
    Constraints,
    Example,
    Rule,
    load_question_cues,
    load_rules,
)
from analysis.form import load_form

logger = logging.getLogger(__name__)

ACT_NAMES = {
    "question": "alleen in een vraag",
    "open_question": "alleen in een open vraag",
    "closed_question": "alleen in een gesloten vraag",
    "statement": "alleen in een mededeling",
    "not_open": "niet in een open vraag",
}
CONTEXT_NAMES = {
    "after_parent": "direct nadat de ouder iets vertelde (geen vraag)",
    "opening_social_question": "vraag in de opening, voor het zakelijke deel",
    "echo": "pakt woorden op uit wat de ouder net zei",
    "class_action_verb": "ik/wij doen iets in de klas, geen algemeen werkwoord of beaming",
    "feeling_with_content": "gevoel plus waar het over gaat",
    "short_paraphrase": "één korte zin over ouder of kind na hun verhaal",
    "feeling_echo_fragment": "herhaalt het gevoel dat de ouder noemde",
    "summary_structure": "lange beurt laat in het gesprek die eerdere punten herhaalt",
    "check_after_summary": "controlevraag direct na een samenvatting",
    "home_follow_up": "vervolgvraag over het kind terwijl het over thuis gaat",
    "summary_agreements": "samenvatting die een afspraak herhaalt",
    "summary_home_strengths": "samenvatting die noemt wat de ouder thuis doet",
    "summary_own_actions": "samenvatting die noemt wat de leerkracht zelf doet",
    "summary_growth": "samenvatting die noemt wat het kind leert of oefent",
    "summary_qualities": "samenvatting die een kwaliteit van het kind noemt",
    "summary_feelings": "samenvatting die een gevoel van ouder of kind herhaalt",
    "first_person_promise": "ik/wij beloven een concrete volgende stap (hoofdzin, nu of straks)",
    "praised_parent_action": "wat de ouder doet, direct gevolgd door een compliment",
    "listener_reflection": "herhaalt in de tweede persoon wat de ouder wil, denkt of verwacht",
    "child_quality_clause": "deelzin met het kind als onderwerp van een sterke kant",
    "child_strength_clause": "deelzin met een vaardigheid, superlatief of sterk punt van het kind",
    "child_with_peers": "deelzin waarin het kind met leeftijdgenoten optrekt of gewend is",
    "listener_feeling_window": 'gevoelswoord vlak bij "voor u", of "u hebt het gevoel dat"',
    "listener_feeling_clause": "deelzin met de aangesprokene als onderwerp van een gevoel",
    "declarative": "geen vraag met de persoonsvorm vooraan (een mededeling of een vraagstaartje)",
    "feeling_grammar": "gevoel van ouder of kind herkend aan de zinsbouw (uitroep, klinkt, voelt)",
    "feeling_restates": "gevoelsreflectie die een inhoudswoord uit de beurt van de ouder herhaalt",
    "paraphrase_grammar": "u/je als onderwerp van zeggen, of een vaste opening van een parafrase",
    "child_life_question": "vraag met het kind als onderwerp, niet over school of een afspraak",
    "parent_praised": "lof voor wat de ouder doet, aanbiedt of weet (zinsontleding)",
    "asks_parent_strength": "open vraag naar wat bij de ouder werkt of hoe de ouder het doet",
    "opening_small_talk": "praatje of geruststelling in de opening, niet over school",
    "asks_own_conduct": "vraagt of nodigt uit tot een oordeel over het eigen optreden",
    "teacher_class_action": "ik/wij doen iets voor het kind of in de klas (hoofdzin)",
    "first_person_next_step": "ik/wij leggen een volgende stap vast (noteren, inplannen, nagaan)",
    "child_feeling_new": "na de ouder; een gevoel dat de ouder niet noemde, geen eigen observatie",
    "child_feeling_repeated": "na de ouder; herhaalt het gevoel dat de ouder noemde",
    "approach_valued": "na wat de ouder vertelt dat die doet: lof of advies om ermee door te gaan",
    "unease_eased": "antwoord op een excuus of de spanning van de ouder over het gesprek",
    "opening_comfort": "in de opening: het gemak van de kamer, de stoel of het weer voor de ouder",
    "parent_strength_named": "mededeling die een kracht van de ouder noemt (uw kracht, uw talent)",
    "advice_returned": "na een vraag om raad: open vraag wat de ouder zelf denkt of zou doen",
    "home_practice_valued": "na wat thuis samen of door familie gebeurt: lof voor die aanpak",
    "child_outshines_peers": "het kind doet iets beter dan leeftijdgenoten (sneller dan de meeste)",
    "parent_praised_more": "ik vind het knap dat u ...; lof voor de ouder met ontkenning elders",
    "talk_plan": "de volgorde van het gesprek in twee of meer stappen (eerst ..., dan ...)",
    "home_report_follow_up": "doorvraag op wat de ouder net over het kind thuis vertelde",
    "meet_again": "ik/wij zien of spreken elkaar weer (hoofdzin, nu of straks)",
    "handover_promise": "ik/wij geven iets mee naar huis (hoofdzin, nu of straks, geen gewoonte)",
    "child_among_peers": "deelzin waarin leeftijdgenoten het kind opnemen (meedoen, gekozen)",
    "child_at_ease": "deelzin waarin het kind zijn rust of plek vindt, trots is of niet meer bang",
    "home_moment_question": "vraag naar een moment van de dag thuis of de zin in school",
    "spoken_promise": "ik/wij direct naast een werkwoord van toezeggen, ook na een aarzeling",
    "posting_promise": "ik/wij zetten iets voor de ouder op een portaal, in een app of in de cc",
    "proposal": "een voorstel met een dat-zin, niet over de volgorde van het gesprek",
    "consent_to_decision": "een ik/wij-besluit met een vraag om instemming in dezelfde beurt",
    "parent_commitment": "de ouder als onderwerp van een handeling met een tijd na het gesprek",
}


def _form_items() -> list[tuple[str, str, str]]:
    """``(phase, item id, Dutch text)`` in form order."""
    return [(item.phase, item.id, item.text) for item in load_form().items]


def _example(example: Example) -> str:
    parts = [f"“{example.text}”"]
    if example.before:
        parts.append(f"(na: “{example.before}”)")
    if example.position is not None:
        parts.append(f"(plaats {example.position:.2f})")
    return " ".join(parts)


def _where(where: Constraints) -> str:
    parts: list[str] = []
    if where.act != "any":
        parts.append(ACT_NAMES[where.act])
    if where.position is not None:
        parts.append(f"plaats in het gesprek {where.position[0]:.2f}–{where.position[1]:.2f}")
    if where.context:
        parts.append(CONTEXT_NAMES.get(where.context, where.context))
    if where.sentence_has:
        parts.append(f"zin bevat één van {len(where.sentence_has)} woorden")
    if where.sentence_lacks:
        parts.append(f"zin zonder {len(where.sentence_lacks)} uitsluitwoorden")
    if where.turn_has:
        parts.append("beurt bevat een volgordewoord")
    if where.suppressed_by:
        parts.append(f"niet samen met {', '.join(where.suppressed_by)}")
    return "; ".join(parts) or "overal"


def _kind(rule: Rule) -> str:
    kinds = []
    if rule.patterns:
        kinds.append(f"{len(rule.patterns)} tokenpatroon(en)")
    if rule.phrases:
        kinds.append(f"{len(rule.phrases)} zinsdelen")
    if rule.dependency:
        kinds.append(f"{len(rule.dependency)} ontledingspatroon(en)")
    if not kinds:
        kinds.append("gesprekscontext")
    return ", ".join(kinds)


def render() -> str:
    """The catalogue as Markdown."""
    rules_by_item: dict[str, list[Rule]] = defaultdict(list)
    for rule in load_rules():
        rules_by_item[rule.item].append(rule)
    lines = [
        "# Gedragscatalogus",
        "",
        f"Gegenereerd uit `analysis/detect/data/{BEHAVIOUR_FILE}`, `{QUESTION_FILE}` en "
        f"`{LEXICON_FILE}` door `python -m analysis.detect.catalogue --out docs/rules.md`. "
        "Niet met de hand bewerken.",
        "",
        "Elke regel zoekt in beurten van de leerkracht naar bewijs voor één item van het "
        "observatieformulier. De plaats in het gesprek loopt van 0 (begin) tot 1 (einde).",
        "",
    ]
    phase = None
    for item_phase, item, text in _form_items():
        if item_phase and item_phase != phase:
            phase = item_phase
            lines += [f"## {phase}", ""]
        lines += [f"### {text} (`{item}`)", ""]
        for rule in rules_by_item.get(item, []):
            lines.append(f"- **`{rule.id}`** — {rule.explanation}")
            lines.append(
                f"  - Werkt met: {_kind(rule)}; waar: {_where(rule.where)}; "
                f"zekerheid {rule.confidence:.2f}"
            )
            lines.append(f"  - Wel: {'; '.join(_example(e) for e in rule.positive)}")
            lines.append(f"  - Niet: {'; '.join(_example(e) for e in rule.negative)}")
        lines.append("")
    lines += ["## Vragen: open of gesloten", ""]
    for cue in load_question_cues():
        lines.append(f"- **`{cue.id}`** ({cue.kind}) — {cue.explanation}")
        lines.append(f"  - Wel: {'; '.join(_example(e) for e in cue.positive)}")
        lines.append(f"  - Niet: {'; '.join(_example(e) for e in cue.negative)}")
    lines += [
        "",
        "## Woordenlijsten",
        "",
        "| naam | woorden | voorbeelden |",
        "| --- | --- | --- |",
    ]
    for name, words in load_lexicons().items():
        lines.append(f"| `@{name}` | {len(words)} | {', '.join(words[:8])} … |")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate docs/rules.md from the rule files.")
    parser.add_argument("--out", type=Path, help="write here instead of standard output")
    args = parser.parse_args(argv)
    text = render()
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        logger.info("wrote %s", args.out)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
