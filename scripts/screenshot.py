"""Refresh the screenshots of every page in ``docs/``: `python scripts/screenshot.py [DOCS]`.

Starts the app on localhost with a throw-away data folder, opens the strong sample twice for
the same teacher (a second role-play, so *Mijn gesprekken* shows her development), reviews a
few items, and saves one PNG per page: ``screenshot-new-talk.png``, ``screenshot-transcript.png``,
``screenshot-form.png`` (the README's), ``screenshot-insights.png``, ``screenshot-report.png`` and
``screenshot-sessions.png``. Needs Debian's chromium and the playwright package (test extras).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PIL import Image  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.browser import CHROMIUM_FLAGS, chromium_path, running_app  # noqa: E402

TEACHER = "Esther"
TITLE = "Rollenspel bedeesde ouder"
VIEWPORT = {"width": 1400, "height": 1050}


def _idle(page: Page) -> None:
    """Wait until Streamlit's script run is over and the page has settled."""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'"
    )
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)


def _nav(page: Page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title, level=1).wait_for()
    _idle(page)


def _save(page: Page, path: Path) -> None:
    """A screenshot of the view, stored with a small palette."""
    page.screenshot(path=str(path))
    Image.open(path).convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE, colors=128).save(
        path, optimize=True
    )
    print(f"saved {path} ({path.stat().st_size // 1024} kB)")


def _open_sample(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name="Nieuw gesprek", level=1).wait_for()
    _idle(page)
    for label, value in (("Titel", TITLE), ("Leerkracht", TEACHER)):
        field = page.get_by_label(label)
        field.fill(value)
        field.press("Enter")
        _idle(page)
    page.get_by_role("button", name="Open voorbeeld").click()
    page.get_by_text("Bevestig of wijs elke vondst af").wait_for()
    _idle(page)


def _review_some(page: Page, items: int) -> None:
    """*Volgende item* and *Bevestigen* in the sidebar, ``items`` times."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    for done in range(1, items + 1):
        sidebar.get_by_role("button", name="Volgende item").click()
        _idle(page)
        sidebar.get_by_role("button", name="Bevestigen").click()
        sidebar.get_by_text(f"{done} van 19 beoordeeld").wait_for()
        _idle(page)


def main(docs: Path) -> None:
    """Save the screenshots into ``docs``."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_app(Path(tmp) / "data") as url,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport=VIEWPORT)
        page.set_default_timeout(180_000)

        _open_sample(page, url)  # an earlier role-play of the same teacher
        _review_some(page, 3)
        _open_sample(page, url)
        _nav(page, "Nieuw gesprek")
        page.get_by_text("Opname (audio of video)", exact=True).click()
        _idle(page)
        _save(page, docs / "screenshot-new-talk.png")

        _nav(page, "Mijn gesprekken")
        session_url = page.url
        _nav(page, "Transcriptie")
        _save(page, docs / "screenshot-transcript.png")

        _nav(page, "Observatieformulier")
        _review_some(page, 2)
        page.locator('[data-testid="stExpander"] summary').nth(4).click()  # Luistert actief
        _idle(page)
        page.locator('[data-testid="stExpander"]').nth(4).scroll_into_view_if_needed()
        page.mouse.wheel(0, -150)
        page.wait_for_timeout(800)
        _save(page, docs / "screenshot-form.png")

        _nav(page, "Inzichten")
        page.locator("g.mark-symbol path[aria-label]").first.wait_for()
        _idle(page)
        _save(page, docs / "screenshot-insights.png")

        _nav(page, "Rapport")
        page.get_by_text("Voorbeeld van het rapport").click()
        _idle(page)
        _save(page, docs / "screenshot-report.png")

        page.goto(session_url)
        page.get_by_role("heading", name="Mijn gesprekken", level=1).wait_for()
        _idle(page)
        teacher = page.get_by_label("Filter op leerkracht")
        teacher.fill(TEACHER)
        teacher.press("Enter")
        page.get_by_text(f"Ontwikkeling van {TEACHER}").wait_for()
        _idle(page)
        chart = page.locator(
            '[data-testid="stVegaLiteChart"], [data-testid="stArrowVegaLiteChart"]'
        )
        chart.last.evaluate("box => box.scrollIntoView({block: 'end'})")  # its talk labels
        page.wait_for_timeout(800)
        _save(page, docs / "screenshot-sessions.png")
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs")
