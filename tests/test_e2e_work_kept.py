"""Work is never lost, in a real headless browser: the open talk survives F5 and the sidebar,
a merge asks first and is undone, and a recording goes on transcribing through a reload.

Needs Debian's ``chromium`` (``.ci/run`` installs it) and the ``playwright`` package.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.store import SessionStore

from .browser import CHROMIUM_FLAGS, chromium_path, running_app
from .conftest import REPO

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")

pytestmark = pytest.mark.skipif(
    chromium_path() is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)

HALLO = REPO / "tests/data/audio/hallo.wav"


def _speakers(data_dir: Path, session_id: str) -> list[str]:
    with SessionStore(data_dir) as store:
        transcript = store.get(session_id).transcript
    assert transcript is not None
    return [speaker.name for speaker in transcript.speakers]


def test_refresh_navigation_merge_undo_and_a_reload_while_transcribing(tmp_path: Path):
    data_dir = tmp_path / "data"
    with running_app(data_dir) as url, playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        page.goto(url)

        page.get_by_role("button", name="Open voorbeeld").click()
        page.get_by_role("heading", name="Observatieformulier").wait_for()
        (summary,) = SessionStore(data_dir).list_sessions()
        before = _speakers(data_dir, summary.id)

        # F5 on the transcript page, then the sidebar: the talk stays open.
        page.get_by_role("link", name="Transcriptie").click()
        page.get_by_role("heading", name="Sprekers").wait_for()
        page.reload()
        page.get_by_role("heading", name="Sprekers").wait_for()
        assert f"sessie={summary.id}" in page.url
        page.get_by_role("link", name="Inzichten").click()
        page.get_by_text("Aandeel ouder (woorden)").first.wait_for()
        assert page.get_by_text("Open eerst een gesprek").count() == 0

        # Merging asks first, naming both speakers; Ongedaan maken brings them back.
        page.get_by_role("link", name="Transcriptie").click()
        page.get_by_text("Twee sprekers samenvoegen").click()
        page.get_by_role("button", name="Voeg samen…").click()
        page.get_by_text("Samenvoegen?").wait_for()
        assert _speakers(data_dir, summary.id) == before
        page.get_by_role("button", name="Ja, voeg samen").click()
        page.get_by_text("Gedaan:").wait_for()
        assert len(_speakers(data_dir, summary.id)) == len(before) - 1
        page.get_by_role("button", name="Ongedaan maken").click()
        page.get_by_text("Ongedaan gemaakt").wait_for()
        assert _speakers(data_dir, summary.id) == before

        # A recording: the server transcribes it; a reload shows the job, then its result.
        page.get_by_role("link", name="Nieuw gesprek").click()
        page.get_by_text("Opname (audio of video)").click()
        page.get_by_text("Iedereen op de opname heeft toestemming gegeven").click()
        by = page.get_by_label("Toestemming gegeven door")
        by.fill("moeder en leerkracht")
        by.press("Enter")
        page.wait_for_timeout(1500)  # the rerun after the consent field
        with page.expect_file_chooser() as chooser:
            page.get_by_text("Kies een bestand").click()
        chooser.value.set_files(str(HALLO))
        page.get_by_text("hallo.wav").first.wait_for()
        page.get_by_role("button", name="Transcribeer en analyseer").click()
        page.get_by_role("heading", name="Transcriptie").wait_for()
        page.reload()
        page.get_by_role("heading", name="Transcriptie").wait_for()
        shown = page.get_by_text("Transcriberen…").or_(page.get_by_text("in de wachtrij"))
        shown = shown.or_(page.get_by_role("heading", name="Sprekers"))
        shown.first.wait_for()
        page.get_by_role("heading", name="Sprekers").wait_for(timeout=600_000)
        browser.close()

    recordings = [s for s in SessionStore(data_dir).list_sessions() if s.id != summary.id]
    assert [s.status for s in recordings] == ["ready"]
