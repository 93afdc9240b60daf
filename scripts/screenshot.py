"""Take the README's screenshot of the form page: `python scripts/screenshot.py [OUT.png]`.

Starts the app on localhost with a throw-away data folder, opens the strong sample, expands one
item and saves a PNG. Needs Debian's chromium and the playwright package (test extras).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import CHROMIUM_FLAGS, chromium_path, running_app  # noqa: E402


def main(out: Path) -> None:
    """Save the screenshot to ``out``."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_app(Path(tmp) / "data") as url,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1050})
        page.set_default_timeout(120_000)
        page.goto(url)
        page.get_by_role("button", name="Open voorbeeld").click()
        page.get_by_text("Bevestig of wijs elke vondst af").wait_for()
        page.get_by_text("Luistert actief en vraagt door").first.click()
        page.wait_for_timeout(2000)
        page.screenshot(path=str(out))
        browser.close()
    print(f"saved {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshot-form.png")
