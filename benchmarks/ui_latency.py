"""How long the coach waits for a click in the app, measured through a real browser.

Run: ``python benchmarks/ui_latency.py [--rounds 7]``. Starts the app on localhost with a
throw-away data folder, opens the 77-turn sample ``bedeesde-ouder-sterk`` in Debian's Chromium
(Playwright, as ``tests/browser.py``), waits until the Dutch model is loaded and does every
action once as a warm-up (reported as *eerste*), then measures in rounds, the actions in
alternating order (reversed every other round) so that the machine's load falls on all alike:

- review clicks (target ≤ 300 ms): confirm / reject an item in its open panel, *Bevestigen* /
  *Afwijzen* in the sidebar, *Volgende item*;
- transcript corrections (target ≤ 500 ms): change a speaker's role (and back), merge two
  speakers (the confirming click) and *Ongedaan maken*;
- page switches (review, target ≤ 300 ms): to *Observatieformulier*, *Transcriptie*,
  *Inzichten*, *Rapport*.

A time runs in the page itself: from the ``pointerdown`` event (captured before Streamlit sees it)
until the expected result is on screen (checked at every change of the page; it must not be
there before the click) and Streamlit's script run is over (``data-test-script-state`` of
``stApp`` is ``notRunning``). It prints
a table of medians (with the fastest and slowest) and the load average before and after: on a
shared, loaded machine the numbers say more about the machine than about the app.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.browser import CHROMIUM_FLAGS, chromium_path, running_app  # noqa: E402

TIMEOUT_MS = 120_000
REVIEW_MS = 300
CORRECTION_MS = 500

#: Installed before a click: times from the click to ``done()`` and the end of the script run.
WATCH = """(doneSource) => {
  const done = new Function("return (" + doneSource + ");");
  const app = document.querySelector('[data-testid="stApp"]');
  const test = () => { try { return !!done(); } catch (e) { return false; } };
  if (test()) throw new Error("already shown before the click: " + doneSource);
  const watch = {t0: null, t1: null};
  window.__latency = watch;
  const onInput = () => { if (watch.t0 === null) watch.t0 = performance.now(); };
  document.addEventListener("pointerdown", onInput, true);
  const check = () => {
    if (watch.t0 === null || watch.t1 !== null) return;
    if (app.getAttribute("data-test-script-state") === "notRunning" && test()) {
      watch.t1 = performance.now();
      observer.disconnect();
      document.removeEventListener("pointerdown", onInput, true);
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement,
    {subtree: true, childList: true, attributes: true, characterData: true});
}"""


@dataclass
class Action:
    """One kind of click: what to do, how to know it is done, and its target."""

    name: str
    kind: str  # "review" or "correctie"
    prepare: Callable[[Page], None]
    click: Callable[[Page], None]
    done: Callable[[], str]  # a JavaScript expression, true when the result is shown
    arm: Callable[[Page], None] | None = None  # right before the click, after the page is idle
    times: list[float] = field(default_factory=list)
    first: float | None = None

    @property
    def target(self) -> int:
        return REVIEW_MS if self.kind == "review" else CORRECTION_MS


def _idle(page: Page) -> None:
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=TIMEOUT_MS,
    )
    page.wait_for_timeout(300)


def measure(page: Page, action: Action) -> float:
    """One timed click of ``action``, in milliseconds."""
    print(f"  {action.name}", file=sys.stderr)
    action.prepare(page)
    _idle(page)
    if action.arm is not None:
        action.arm(page)
    page.evaluate(WATCH, action.done())
    action.click(page)
    page.wait_for_function(
        "() => window.__latency && window.__latency.t1 !== null", timeout=TIMEOUT_MS
    )
    elapsed = page.evaluate("() => window.__latency.t1 - window.__latency.t0")
    _idle(page)
    return float(elapsed)


#: The sidebar's "Huidig item: …" caption (the item *Bevestigen*/*Afwijzen* act on).
CURRENT = (
    "[...document.querySelectorAll('[data-testid=stSidebar] p')]"
    ".map(p => p.innerText).find(t => t.startsWith('Huidig item:'))"
)


def _sidebar(page: Page) -> Any:
    return page.locator('[data-testid="stSidebar"]')


def _nav(title: str) -> Callable[[Page], None]:
    def click(page: Page) -> None:
        _sidebar(page).locator('[data-testid="stSidebarNav"]').get_by_role(
            "link", name=title
        ).click()

    return click


def _goto(title: str, shown: str) -> Callable[[Page], None]:
    def prepare(page: Page) -> None:
        heading = page.get_by_role("heading", name=title, level=1)
        if not heading.is_visible():
            _nav(title)(page)
            heading.wait_for()
            page.get_by_text(shown).first.wait_for()

    return prepare


def _page_shown(title: str, shown: str) -> Callable[[], str]:
    heading = f"h => h.innerText.trim() === {json.dumps(title)}"
    return lambda: (
        f"[...document.querySelectorAll('h1')].some({heading})"
        f" && document.body.innerText.includes({json.dumps(shown)})"
    )


def _away_then(title: str, other: str) -> Callable[[Page], None]:
    """Before a page switch to ``title``: be on another page."""

    def prepare(page: Page) -> None:
        if page.get_by_role("heading", name=title, level=1).is_visible():
            _nav(other)(page)
            page.get_by_role("heading", name=other, level=1).wait_for()

    return prepare


def actions(session_id: str) -> list[Action]:
    """The measured actions on the open sample ``session_id``."""
    form = _goto("Observatieformulier", "Bevestig of wijs elke vondst af")
    transcript = _goto("Transcriptie", "Sprekers")
    panel = f".st-key-item-{session_id}-welcome"
    summary = f"(document.querySelector('{panel} summary')?.innerText || '')"
    #: What the next click of each alternating action does (set in its prepare).
    now: dict[str, Any] = {"panel": "afgewezen", "side": "", "role": "ouder", "merged": False}

    def open_panel(page: Page) -> None:
        form(page)
        if not page.locator(panel).get_by_text("Oordeel van de coach").is_visible():
            page.locator(f"{panel} summary").click()
            page.locator(panel).get_by_text("Oordeel van de coach").wait_for()

    def panel_arm(page: Page) -> None:  # the other verdict than the one it has
        shown = page.locator(f"{panel} summary").inner_text()
        now["panel"] = "afgewezen" if "bevestigd" in shown else "bevestigd"

    def side_prepare(page: Page) -> None:
        form(page)

    def side_arm(page: Page) -> None:
        confirm = _sidebar(page).get_by_role("button", name="Bevestigen")
        now["side"] = "Afwijzen" if confirm.get_attribute("kind") == "primary" else "Bevestigen"

    def next_arm(page: Page) -> None:
        now["current"] = page.evaluate(f"() => {CURRENT} || ''")

    def merge(page: Page) -> None:
        start = page.get_by_role("button", name="Voeg samen…")
        if not start.is_visible():  # the panel may still be open from the last merge
            page.get_by_text("Twee sprekers samenvoegen").click()
        start.click()
        page.get_by_role("button", name="Ja, voeg samen").wait_for()

    def unmerged(page: Page) -> None:
        transcript(page)
        if now["merged"]:  # undo the merge first, untimed
            page.get_by_role("button", name="Ongedaan maken").click()
            page.get_by_text("Ongedaan gemaakt:").first.wait_for()
            _idle(page)
            now["merged"] = False

    def role_prepare(page: Page) -> None:
        unmerged(page)
        now["role"] = "ouder" if now["role"] == "kind" else "kind"

    def role_arm(page: Page) -> None:
        page.get_by_label("Rol").nth(1).click()  # the second speaker: the parent
        page.get_by_role("option", name=now["role"], exact=True).wait_for()

    def merge_prepare(page: Page) -> None:
        unmerged(page)
        merge(page)

    def merge_click(page: Page) -> None:
        page.get_by_role("button", name="Ja, voeg samen").click()
        now["merged"] = True

    def undo_prepare(page: Page) -> None:
        transcript(page)
        if not now["merged"]:  # merge first, untimed
            merge(page)
            merge_click(page)
            page.get_by_text("samengevoegd met").first.wait_for()
            _idle(page)

    def undo_click(page: Page) -> None:
        page.get_by_role("button", name="Ongedaan maken").click()
        now["merged"] = False

    def text(needle: str) -> str:
        return f"document.body.innerText.includes({json.dumps(needle)})"

    return [
        Action(
            "oordeel in paneel (bevestigd/afgewezen)",
            "review",
            open_panel,
            lambda page: page.locator(panel).get_by_text(now["panel"], exact=True).last.click(),
            lambda: f"{summary}.includes({json.dumps(now['panel'])})",
            arm=panel_arm,
        ),
        Action(
            "Bevestigen/Afwijzen in zijbalk",
            "review",
            side_prepare,
            lambda page: _sidebar(page).get_by_role("button", name=now["side"]).click(),
            lambda: (
                "[...document.querySelectorAll('[data-testid=\"stSidebar\"] button')]"
                f".some(b => b.innerText.includes({json.dumps(now['side'])})"
                " && b.getAttribute('kind') === 'primary')"
            ),
            arm=side_arm,
        ),
        Action(
            "Volgende item",
            "review",
            form,
            lambda page: _sidebar(page).get_by_role("button", name="Volgende item").click(),
            lambda: f"({CURRENT} || {json.dumps(now['current'])}) !== {json.dumps(now['current'])}",
            arm=next_arm,
        ),
        Action(
            "rol wijzigen (77 beurten)",
            "correctie",
            role_prepare,
            lambda page: page.get_by_role("option", name=now["role"], exact=True).click(),
            lambda: text(f"Gedaan: rol van 'Vader' is nu {now['role']}"),
            arm=role_arm,
        ),
        Action(
            "sprekers samenvoegen (bevestigen)",
            "correctie",
            merge_prepare,
            merge_click,
            lambda: (
                f"{text('samengevoegd met')} && {text('Gedaan: ')} && !{text('Ongedaan gemaakt')}"
            ),
        ),
        Action(
            "ongedaan maken (samenvoegen)",
            "correctie",
            undo_prepare,
            undo_click,
            lambda: text("Ongedaan gemaakt:"),
        ),
        Action(
            "naar Observatieformulier",
            "review",
            _away_then("Observatieformulier", "Inzichten"),
            _nav("Observatieformulier"),
            _page_shown("Observatieformulier", "Bevestig of wijs elke vondst af"),
        ),
        Action(
            "naar Transcriptie",
            "review",
            _away_then("Transcriptie", "Inzichten"),
            _nav("Transcriptie"),
            _page_shown("Transcriptie", "Sprekers"),
        ),
        Action(
            "naar Inzichten",
            "review",
            _away_then("Inzichten", "Rapport"),
            _nav("Inzichten"),
            _page_shown("Inzichten", "Hoe vaak heeft de software gelijk?"),
        ),
        Action(
            "naar Rapport",
            "review",
            _away_then("Rapport", "Inzichten"),
            _nav("Rapport"),
            _page_shown("Rapport", "Word (.docx)"),
        ),
    ]


def _table(rows: list[Action], rounds: int) -> str:
    header = f"{'actie':<42} {'doel':>6} {'eerste':>7} {'mediaan':>8} {'min':>6} {'max':>6}  ok"
    lines = [header, "-" * len(header)]
    for action in rows:
        median = statistics.median(action.times)
        first = f"{action.first:.0f}" if action.first is not None else "—"
        lines.append(
            f"{action.name:<42} {action.target:>6} {first:>7} {median:>8.0f}"
            f" {min(action.times):>6.0f} {max(action.times):>6.0f}"
            f"  {'ja' if median <= action.target else 'NEE'}"
        )
    lines.append(f"(ms; {rounds} rondes; mediaan, snelste en traagste per actie)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    if chromium_path() is None:
        print("ui_latency: needs Debian's chromium", file=sys.stderr)
        return 2
    load_before = os.getloadavg()
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_app(Path(tmp) / "data") as url,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url)
        page.get_by_role("button", name="Open voorbeeld").click()  # loads the model if needed
        page.get_by_text("Bevestig of wijs elke vondst af").wait_for()
        _idle(page)
        session_id = page.url.split("sessie=")[1].split("&")[0]
        todo = actions(session_id)
        try:
            for action in todo:
                action.first = measure(page, action)
            for number in range(args.rounds):
                for action in todo if number % 2 == 0 else list(reversed(todo)):
                    action.times.append(measure(page, action))
                print(f"ronde {number + 1}/{args.rounds} klaar", file=sys.stderr)
        except Exception:
            shot = Path(tempfile.gettempdir()) / "ui_latency_failure.png"
            page.screenshot(path=str(shot), full_page=True)
            print(f"ui_latency: failed; the page is in {shot}", file=sys.stderr)
            raise
        browser.close()
    load_after = os.getloadavg()
    print(_table(todo, args.rounds))
    print(
        f"belasting (load average 1 min) vooraf {load_before[0]:.1f}, achteraf "
        f"{load_after[0]:.1f}, op {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
