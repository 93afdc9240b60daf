"""End to end in a real headless browser: open the sample, confirm an item, write a tip,
download the Word report and check what it says; Streamlit's own English texts (the upload
area, the connection error) show in Dutch.

Needs Debian's ``chromium`` (``.ci/run`` installs it) and the ``playwright`` package.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from urllib.parse import urlsplit

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


def _app_pid(url: str) -> int:
    """The process id of the app this test started on ``url``'s port (a child of this one)."""
    port = str(urlsplit(url).port)
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == os.getpid() and b"streamlit" in args and port.encode() in args:
            return int(proc.name)
    raise AssertionError(f"no app process on port {port}")


def test_streamlits_own_texts_are_dutch(tmp_path: Path):
    with running_app(tmp_path / "data") as url, playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        page.goto(url)
        page.get_by_text("Transcript", exact=True).click()
        zone = page.locator('[data-testid="stFileUploaderDropzone"]').first
        zone.get_by_text("Kies een bestand").wait_for()
        shown = zone.inner_text()
        assert "max. 500 MB per bestand" in shown, shown
        assert "Upload" not in shown and "per file" not in shown, shown

        os.kill(_app_pid(url), signal.SIGTERM)  # the app stops answering
        dialog = page.get_by_role("dialog")
        dialog.get_by_text("Geen verbinding met de app").wait_for()
        assert "uw werk tot nu toe is bewaard" in dialog.inner_text()
        body = page.inner_text("body")
        assert "Connection error" not in body and "not responding" not in body
        browser.close()
