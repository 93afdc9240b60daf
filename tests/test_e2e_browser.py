"""End to end in a real headless browser: open the sample, confirm an item, write a tip,
download the Word report and check what it says.

Needs Debian's ``chromium`` (``.ci/run`` installs it) and the ``playwright`` package.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.store import SessionStore

from .browser import CHROMIUM_FLAGS, chromium_path, running_app

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")

pytestmark = pytest.mark.skipif(
    chromium_path() is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)

TIP = "Vat het gesprek aan het eind samen en check dat bij de vader."


def test_sample_to_word_report(tmp_path: Path):
    from docx import Document

    data_dir = tmp_path / "data"
    with running_app(data_dir) as url, playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(accept_downloads=True, viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        page.goto(url)

        page.get_by_role("button", name="Open voorbeeld").click()
        page.get_by_text("Bevestig of wijs elke vondst af").wait_for()

        page.get_by_text("Ontvangen en welkom heten").first.click()
        page.get_by_text("bevestigd").first.click()
        page.wait_for_timeout(1500)

        tip = page.get_by_label("Formuleer 1 tip")
        tip.fill(TIP)
        tip.press("Control+Enter")
        page.wait_for_timeout(1500)

        page.get_by_role("link", name="Rapport").click()
        page.get_by_role("button", name="Word (.docx)").wait_for()
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Word (.docx)").click()
        target = tmp_path / "rapport.docx"
        download_info.value.save_as(target)
        browser.close()

    document = Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert TIP in text + cells
    assert "Ontvangen en welkom heten" in cells
    assert "bevestigd door coach" in cells

    (session,) = SessionStore(data_dir).list_sessions()
    review = SessionStore(data_dir).get(session.id).review
    assert review.item("welcome").status == "confirmed"
    assert review.tip == TIP
