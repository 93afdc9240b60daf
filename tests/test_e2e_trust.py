"""Trust signals in a real browser (issue #18): review two talks on the form page, then the
agreement table on the insights page shows the counts and kappa of a hand computation, the CLI
prints the same figures, and the timeline draws its marks at the right times.

Needs Debian's ``chromium`` and the ``playwright`` package (test extras).

The talks carry hand-made findings (so the figures do not move when the rules change). Reviews
in the browser, (tool, coach) per decided item:

    talk 1: welcome (yes, yes: bevestigd), procedure_proposal (yes, no: afgewezen),
            asks_home (yes, no: its only finding "klopt niet")
    talk 2: welcome (yes, yes: bevestigd), names_qualities (no, yes: bevestigd, added)

Pooled: both 2, tool only 2, coach only 1, neither 0 (n = 5): p_o = 2/5, tool yes 4/5, coach
yes 3/5, p_e = 4/5 * 3/5 + 1/5 * 2/5 = 0.56, kappa = (0.4 - 0.56) / 0.44 = -0.36.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.review import SessionMeta
from analysis.store import SessionStore

from .browser import CHROMIUM_FLAGS, REPO, chromium_path, running_app
from .handmade import analysis_with

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")

pytestmark = pytest.mark.skipif(
    chromium_path() is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)

TALK_1 = """\
[00:00:00] Juf Anouk: Goedemiddag, welkom! Gaat u zitten.
[00:00:30] Moeder: Dank u wel.
[00:01:00] Juf Anouk: We hebben tien minuten. Hoe gaat het thuis met lezen?
[00:02:00] Moeder: Ze leest veel strips.
[00:03:00] Juf Anouk: Ze is heel behulpzaam in de klas.
[00:04:00] Moeder: Fijn om te horen.
"""
TALK_2 = """\
[00:00:00] Meester Bram: Hallo, fijn dat u er bent.
[00:00:20] Vader: Goedemiddag.
[00:00:40] Meester Bram: Vertelt hij thuis over school?
[00:01:00] Vader: Soms.
"""
#: (item, turn, quote) per talk.
FOUND_1 = [
    ("welcome", 0, "Goedemiddag, welkom!"),
    ("procedure_proposal", 2, "We hebben tien minuten."),
    ("asks_home", 2, "Hoe gaat het thuis met lezen?"),
]
FOUND_2 = [("welcome", 0, "Hallo, fijn dat u er bent."), ("asks_home", 2, "Vertelt hij thuis")]


def _expander(page: object, text: str) -> object:
    return page.locator('[data-testid="stExpander"]').filter(has_text=text).first  # type: ignore[attr-defined]


def _decide(page: object, item_text: str, choice: str) -> None:
    """Open the item's expander and click a verdict or "klopt niet"."""
    box = _expander(page, item_text)
    box.locator("summary").click()
    box.get_by_text(choice, exact=True).first.click()
    page.wait_for_timeout(1500)  # type: ignore[attr-defined]


def _marks(page: object) -> list[dict[str, object]]:
    """The timeline's finding marks: aria-label and x centre of each SVG symbol."""
    return page.evaluate(  # type: ignore[attr-defined]
        """() => Array.from(document.querySelectorAll('g.mark-symbol path[aria-label]')).map(
            (el) => { const r = el.getBoundingClientRect();
                      return {label: el.getAttribute('aria-label'), x: r.x + r.width / 2}; })"""
    )


def test_review_two_talks_then_agreement_and_timeline(tmp_path: Path):
    data_dir = tmp_path / "data"
    with SessionStore(data_dir) as store:
        ids = []
        for title, source, found in (("Een", TALK_1, FOUND_1), ("Twee", TALK_2, FOUND_2)):
            session = store.create(SessionMeta(title=title, teacher="Anouk"))
            analysis = analysis_with(source, found)
            store.save_transcript(session, analysis.transcript)
            store.save_analysis(session, analysis)
            ids.append(session)
    with running_app(data_dir) as url, playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)

        page.goto(f"{url}/form_page?sessie={ids[0]}")
        page.get_by_text("Bevestig of wijs elke vondst af").wait_for()
        _decide(page, "Ontvangen en welkom heten", "bevestigd")
        _decide(page, "Doet een procedurevoorstel", "afgewezen")
        _decide(page, "Vraagt naar de ervaringen met en het gedrag", "klopt niet")

        page.goto(f"{url}/form_page?sessie={ids[1]}")
        page.get_by_text("Bevestig of wijs elke vondst af").wait_for()
        _decide(page, "Ontvangen en welkom heten", "bevestigd")
        _decide(page, "Benoemt specifieke kwaliteiten", "bevestigd")

        page.goto(f"{url}/insights?sessie={ids[0]}")
        page.get_by_text("Hoe vaak heeft de software gelijk?").wait_for()
        table = page.locator('[data-testid="stTable"]')
        table.wait_for()
        cells = table.locator("tbody tr").evaluate_all(
            "rows => rows.map(r => Array.from(r.querySelectorAll('td'))"
            ".map(c => c.innerText.trim()))"
        )
        rows = {line[0]: line for line in cells if line}
        page.locator("g.mark-symbol path[aria-label]").first.wait_for()
        marks = _marks(page)
        browser.close()

    def row(prefix: str) -> str:
        return " | ".join(next(v for k, v in rows.items() if k.startswith(prefix)))

    assert "2/2 (100%)" in row("Ontvangen en welkom heten")
    assert "0/1 (0%)" in row("Doet een procedurevoorstel")
    assert "0/1 (0%)" in row("Vraagt naar de ervaringen")
    assert "1/1 (100%)" in row("Benoemt specifieke kwaliteiten")
    overall = row("Alle onderdelen")
    assert "2/4 (50%)" in overall and "1/1 (100%)" in overall and "-0,36" in overall
    assert "te weinig gesprekken" in overall

    cli = subprocess.run(
        [sys.executable, "-m", "analysis", "agreement", "--data", str(data_dir)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert cli.returncode == 0, cli.stderr
    last = next(line for line in cli.stdout.splitlines() if line.startswith("Alle onderdelen"))
    assert "2/4 (50%)" in last and "-0,36" in last

    # Timeline of talk 1: three marks, at 0:00 (welcome) and in the turn from 1:00 to 2:00.
    assert len(marks) == 3, marks
    times = [re.search(r"tijd: (\d+:\d\d)", str(m["label"])) for m in marks]
    assert all(times), marks
    seen = sorted((t.group(1), float(m["x"])) for t, m in zip(times, marks, strict=True) if t)
    turn = TALK_1.splitlines()[2].split(": ", 1)[1]
    expected = ["0:00", "1:00", f"1:{int(60 * turn.index('Hoe') / len(turn)):02d}"]
    assert [t for t, _ in seen] == expected
    verdicts = " ".join(str(m["label"]) for m in marks)
    assert "bevestigd" in verdicts and "afgewezen" in verdicts and "klopt niet" in verdicts
    # x grows linearly with time: the 1:00 mark is 60/secs_of_third of the way to the third.
    (x0, x1, x2) = (x for _, x in seen)
    seconds = 60 * turn.index("Hoe") / len(turn) + 60
    assert (x1 - x0) / (x2 - x0) == pytest.approx(60 / seconds, rel=0.05)
