"""The review flow and the player in a real browser (Playwright, Debian's Chromium): the
shortcut V opens the next item and scrolls it into view, confirming keeps the panel open and
updates the count, the player stays in view and plays from 0:00 when ▶ 0:00 is clicked, and
switching pages after a pause does not start it again.

Needs Debian's ``chromium`` and the ``playwright`` package (test extras).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .browser import CHROMIUM_FLAGS, chromium_path, running_app
from .test_review_flow import make_talk

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")

pytestmark = pytest.mark.skipif(
    chromium_path() is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)

WELCOME = "Ontvangen en welkom heten"
AUDIO = '[data-testid="stSidebar"] audio'


def _audio(page: object) -> dict[str, float | bool]:
    return page.evaluate(  # type: ignore[attr-defined]
        f"""() => {{ const a = document.querySelector('{AUDIO}');
                   const r = a.getBoundingClientRect();
                   return {{paused: a.paused, time: a.currentTime, top: r.top,
                            bottom: r.bottom, height: window.innerHeight}}; }}"""
    )


def test_review_keyboard_panel_and_player_in_chromium(tmp_path: Path):
    data_dir = tmp_path / "data"
    session_id = make_talk(data_dir, tmp_path)
    with running_app(data_dir) as url, playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(120_000)
        page.goto(f"{url}/form_page?sessie={session_id}")
        page.get_by_text("Bevestig of wijs elke vondst af").wait_for()
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text("0 van 19 beoordeeld").wait_for()
        assert _audio(page)["paused"], "nothing plays by itself"

        page.locator("body").press("v")  # Volgende item
        panel = page.locator('[data-testid="stExpander"]').filter(has_text=WELCOME).first
        panel.get_by_text("bevestigd", exact=True).wait_for()
        page.wait_for_timeout(500)
        box = panel.bounding_box()
        assert box is not None and 30 <= box["y"] < 300, (
            f"scrolled into view below the header: {box}"
        )

        started = time.perf_counter()
        panel.get_by_text("bevestigd", exact=True).click()
        sidebar.get_by_text("1 van 19 beoordeeld").wait_for()
        confirm_seconds = time.perf_counter() - started
        page.wait_for_timeout(500)
        assert panel.locator("details[open]").count() == 1 or panel.evaluate(
            "el => !!el.querySelector('details')?.open"
        ), "the panel stays open after confirming"
        assert panel.get_by_label("Notitie").is_visible(), "the note can follow at once"

        panel.get_by_role("button", name="0:00").click()  # ▶ at 0:00
        page.wait_for_function(
            f"() => {{ const a = document.querySelector('{AUDIO}');"
            " return a && !a.paused && a.currentTime > 0; }"
        )
        panel.get_by_text("afgewezen", exact=True).click()  # a rerun while it plays
        page.wait_for_function(
            "([t]) => Array.from(document.querySelectorAll('[data-testid=\"stExpander\"] summary'))"
            ".some(s => s.innerText.includes(t) && s.innerText.includes('afgewezen'))",
            arg=[WELCOME],
        )
        before = _audio(page)["time"]
        page.wait_for_function(  # a rerun does not stop or restart it
            f"([t]) => {{ const a = document.querySelector('{AUDIO}');"
            " return !a.paused && a.currentTime > t; }",
            arg=[before],
            timeout=30_000,
        )
        page.mouse.wheel(0, 5000)  # far down the form: the player is still in view
        page.wait_for_timeout(300)
        audio = _audio(page)
        assert audio["top"] >= 0 and audio["bottom"] <= audio["height"], audio

        page.evaluate(f"() => document.querySelector('{AUDIO}').pause()")
        page.get_by_role("link", name="Inzichten").click()
        page.get_by_text("Tijdlijn").first.wait_for()
        page.get_by_role("link", name="Observatieformulier").click()
        page.get_by_text("Bevestig of wijs elke vondst af").wait_for()
        page.wait_for_timeout(2000)
        assert _audio(page)["paused"], "switching pages does not start the player again"
        browser.close()
    print(f"confirm click to updated count in Chromium: {confirm_seconds:.2f} s")
