"""The whole journey of a new coach, in a real headless Chromium against the running app.

One app and one browser for the module; the steps run in order and build on each other, as a
coach would work: open a sample, refresh and move through the sidebar without losing the talk,
confirm an item (its panel stays open), see the report marked *Concept* until every item is
reviewed (and then not), paste a typed transcript, merge two speakers and undo it, and upload a
short recording (made here with espeak-ng) whose transcription runs as a server job that goes
on through a page reload and shows its progress again.

Needs Debian's ``chromium``, ``espeak-ng`` (for the recording step) and ``playwright``.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from analysis.form import load_form
from analysis.review import ItemReview
from analysis.store import SessionStore

from .browser import CHROMIUM_FLAGS, chromium_path, running_app

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")
expect = playwright.expect

pytestmark = pytest.mark.skipif(
    chromium_path() is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)

TIMEOUT_MS = 180_000
#: A typed talk in which the parent was written down under two names: one to merge.
TYPED = """\
Juf Mirjam: Goedemorgen, welkom. Gaat u zitten, wilt u koffie?
Moeder: Graag, dank u wel.
Juf Mirjam: We hebben een kwartier. Eerst vertel ik hoe het in de klas gaat, dan u thuis.
Moeder: Prima.
Juf Mirjam: Daan is een vrolijke jongen die graag helpt. Hoe gaat het thuis met hem?
Mama: Thuis is hij druk, vooral na school. Hij wil dan meteen naar buiten.
Juf Mirjam: Wat fijn dat u dat vertelt. Dus na school heeft hij vooral ruimte nodig?
Moeder: Ja, precies.
Juf Mirjam: Zullen we afspreken dat ik over drie weken laat weten hoe het gaat?
Moeder: Dat is goed. Dank u wel.
Juf Mirjam: Dank u wel voor uw komst, ik loop even met u mee naar de deur.
"""
#: The recording: two espeak-ng voices (a lower teacher, a higher parent), about half a minute.
SPOKEN = [
    ("nl", "Goedemiddag en welkom. Fijn dat u er bent, gaat u zitten."),
    ("nl+f3", "Dank u wel. Ik was wel een beetje zenuwachtig."),
    ("nl", "Dat begrijp ik. We hebben tien minuten. Hoe gaat het thuis met lezen?"),
    ("nl+f3", "Hij leest elke avond een stukje voor het slapen gaan."),
    ("nl", "Wat mooi om te horen. Zullen we afspreken dat hij in de klas ook voorleest?"),
    ("nl+f3", "Ja, dat lijkt me een goed plan. Dank u wel."),
]


def _espeak_recording(path: Path) -> Path:
    """A WAV of :data:`SPOKEN`, each line in its own voice with a pause in between."""
    rate, parts = 22_050, []
    for voice, line in SPOKEN:
        raw = subprocess.run(
            ["espeak-ng", "-v", voice, "-s", "150", "--stdout", line],
            check=True,
            capture_output=True,
        ).stdout
        with wave.open(io.BytesIO(raw)) as clip:
            rate = clip.getframerate()
            parts.append(np.frombuffer(clip.readframes(clip.getnframes()), dtype="<i2"))
        parts.append(np.zeros(int(0.6 * rate), dtype="<i2"))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.concatenate(parts).tobytes())
    return path


class Journey:
    """The shared app, browser page and what the steps learned along the way."""

    def __init__(self, url: str, page: Any, data_dir: Path, tmp: Path) -> None:
        self.url = url
        self.page = page
        self.data_dir = data_dir
        self.tmp = tmp
        self.sample_id = ""
        self.typed_id = ""

    def settle(self) -> None:
        """Wait until the script run is over."""
        self.page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
            timeout=TIMEOUT_MS,
        )
        self.page.wait_for_timeout(500)

    def nav(self, title: str) -> None:
        """Click a page in the sidebar and wait for its heading."""
        self.page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
        self.page.get_by_role("heading", name=title, level=1).wait_for()
        self.settle()

    def session_in_url(self) -> str:
        return parse_qs(urlsplit(self.page.url).query).get("sessie", [""])[0]

    def text(self) -> str:
        return self.page.inner_text("body").replace("\u2060", "")

    def docx_text(self, name: str) -> str:
        """Download the Word report from the report page; its text."""
        from docx import Document

        button = self.page.get_by_role("button", name="Word (.docx)")
        button.wait_for()
        with self.page.expect_download() as download:
            button.click()
        target = self.tmp / name
        download.value.save_as(target)
        document = Document(str(target))
        return "\n".join(p.text for p in document.paragraphs)


@pytest.fixture(scope="module")
def journey(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journey]:
    tmp = tmp_path_factory.mktemp("journey")
    data_dir = tmp / "data"
    with running_app(data_dir) as url, playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(accept_downloads=True, viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(TIMEOUT_MS)
        try:
            yield Journey(url, page, data_dir, tmp)
        finally:
            browser.close()


def test_a_sample_opens_on_the_form(journey: Journey):
    page = journey.page
    page.goto(journey.url)
    page.get_by_role("button", name="Open voorbeeld").click()
    page.get_by_text("Bevestig of wijs elke vondst af").wait_for()
    journey.settle()
    journey.sample_id = journey.session_in_url()
    assert journey.sample_id
    assert "oefenmateriaal" in journey.text().lower()


def test_refresh_then_sidebar_navigation_keeps_the_talk(journey: Journey):
    page = journey.page
    page.reload()
    page.get_by_text("Bevestig of wijs elke vondst af").wait_for()
    journey.settle()
    for title, shown in (
        ("Transcriptie", "Sprekers"),
        ("Inzichten", "Aandeel ouder"),
        ("Rapport", "Word (.docx)"),
        ("Observatieformulier", "Bevestig of wijs elke vondst af"),
    ):
        journey.nav(title)
        page.get_by_text(shown).first.wait_for()
        assert "Open eerst een gesprek" not in journey.text(), title
        assert journey.session_in_url() == journey.sample_id, title


def _panel(journey: Journey, item_id: str) -> Any:
    return journey.page.locator(f".st-key-item-{journey.sample_id}-{item_id}")


def test_confirming_an_item_keeps_its_panel_open(journey: Journey):
    page = journey.page
    panel = _panel(journey, "welcome")
    panel.get_by_text("Ontvangen en welkom heten").first.click()
    panel.get_by_text("Oordeel van de coach").wait_for()
    journey.settle()
    panel.get_by_text("bevestigd", exact=True).first.click()
    journey.settle()
    # Still open: the note box is right there, and the sidebar counts the verdict.
    panel.get_by_label("Notitie").wait_for()
    assert panel.get_by_label("Notitie").is_visible()
    page.locator('[data-testid="stSidebar"]').get_by_text("1 van 19 beoordeeld").wait_for()
    with SessionStore(journey.data_dir) as store:
        assert store.get(journey.sample_id).review.item("welcome").status == "confirmed"


def test_the_report_is_a_concept_until_every_item_is_reviewed(journey: Journey):
    page = journey.page
    journey.nav("Rapport")
    assert "concept" in journey.text().lower()
    draft = journey.docx_text("concept.docx")
    assert "Concept" in draft.splitlines()[0] + draft[:400]

    # All but one item are decided outside this page (the sidebar flow has its own browser
    # test, tests/test_review_browser.py); the last verdict is given here, in its panel.
    form = load_form()
    with SessionStore(journey.data_dir) as store:
        review = store.get(journey.sample_id).review
        pending = [i.id for i in form.items if review.item(i.id).status == "pending"]
        for item_id in pending[:-1]:
            store.save_item_review(journey.sample_id, item_id, ItemReview(status="confirmed"))
    journey.nav("Observatieformulier")
    journey.nav("Rapport")
    assert "concept" in journey.text().lower()  # one item still open

    journey.nav("Observatieformulier")
    last = form.item(pending[-1])
    panel = _panel(journey, last.id)
    panel.get_by_text(last.text).first.click()
    panel.get_by_text("Oordeel van de coach").wait_for()
    journey.settle()
    panel.get_by_text("bevestigd", exact=True).first.click()
    journey.settle()
    page.locator('[data-testid="stSidebar"]').get_by_text("19 van 19 beoordeeld").wait_for()

    journey.nav("Rapport")
    assert "concept" not in journey.text().lower()
    final = journey.docx_text("definitief.docx")
    assert "Concept" not in final
    with SessionStore(journey.data_dir) as store:
        review = store.get(journey.sample_id).review
    assert all(item.status != "pending" for item in review.items.values())
    assert len(review.items) == 19


def _new_talk(journey: Journey, source: str) -> None:
    page = journey.page
    journey.nav("Nieuw gesprek")
    page.get_by_text(source, exact=True).click()
    journey.settle()
    page.get_by_text("Iedereen op de opname heeft toestemming").click()
    journey.settle()
    consent_by = page.get_by_label("Toestemming gegeven door")
    consent_by.fill("moeder en leerkracht")
    consent_by.press("Enter")
    journey.settle()


def test_a_typed_transcript_is_analysed(journey: Journey):
    page = journey.page
    _new_talk(journey, "Transcript")
    title = page.get_by_label("Titel")
    title.fill("Getypt gesprek")
    title.press("Enter")
    journey.settle()
    pasted = page.get_by_label("…of plak het transcript", exact=False)
    pasted.fill(TYPED)
    pasted.press("Control+Enter")
    journey.settle()
    page.get_by_role("button", name="Analyseer").click()
    page.get_by_text("Bevestig of wijs elke vondst af").wait_for()
    journey.settle()
    journey.typed_id = journey.session_in_url()
    assert journey.typed_id and journey.typed_id != journey.sample_id


def _speaker_names(journey: Journey) -> list[str]:
    with SessionStore(journey.data_dir) as store:
        transcript = store.get(journey.typed_id).transcript
    assert transcript is not None
    return sorted(speaker.name for speaker in transcript.speakers)


def test_merging_two_speakers_asks_first_and_can_be_undone(journey: Journey):
    page = journey.page
    journey.nav("Transcriptie")
    before = _speaker_names(journey)
    assert before == ["Juf Mirjam", "Mama", "Moeder"]
    page.get_by_text("Twee sprekers samenvoegen").click()
    journey.settle()
    page.get_by_role("button", name="Voeg samen…").click()
    journey.settle()
    confirm = page.get_by_role("button", name="Ja, voeg samen")
    confirm.wait_for()
    assert _speaker_names(journey) == before  # nothing merged before the confirmation
    confirm.click()
    journey.settle()
    page.get_by_text("samengevoegd met").first.wait_for()
    merged = _speaker_names(journey)
    assert len(merged) == 2

    page.get_by_role("button", name="Ongedaan maken").click()
    journey.settle()
    page.get_by_text("Ongedaan gemaakt").first.wait_for()
    assert _speaker_names(journey) == before

    def shown() -> list[str]:  # the speakers' name boxes on the page
        fields = page.get_by_label("Naam", exact=True)
        return sorted(fields.evaluate_all("boxes => boxes.map(box => box.value)"))

    for _ in range(120):
        if shown() == before:
            break
        page.wait_for_timeout(500)
    assert shown() == before


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng makes the recording")
def test_a_recording_is_transcribed_by_a_job_that_survives_a_reload(journey: Journey):
    page = journey.page
    recording = _espeak_recording(journey.tmp / "gesprek.wav")
    _new_talk(journey, "Opname (audio of video)")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(recording)
    page.get_by_text("gesprek.wav").wait_for()
    journey.settle()
    page.get_by_role("button", name="Transcribeer en analyseer").click()
    page.get_by_role("heading", name="Transcriptie", level=1).wait_for()
    recording_id = journey.session_in_url()
    assert recording_id not in ("", journey.sample_id, journey.typed_id)

    with SessionStore(journey.data_dir) as store:
        assert store.get(recording_id).status in ("queued", "transcribing")
    page.reload()  # while the server transcribes: the talk and its job stay
    page.get_by_role("heading", name="Transcriptie", level=1).wait_for()
    progress = page.get_by_text(re.compile(r"Transcriberen… \d+%|in de wachtrij"))
    sprekers = page.get_by_role("heading", name="Sprekers")
    progress.or_(sprekers).first.wait_for()
    assert "Open eerst een gesprek" not in journey.text()
    with SessionStore(journey.data_dir) as store:
        status = store.get(recording_id).status
    if status in ("queued", "transcribing"):
        assert progress.first.is_visible()
    sprekers.wait_for(timeout=2 * TIMEOUT_MS)
    with SessionStore(journey.data_dir) as store:
        session = store.get(recording_id)
    assert session.transcript is not None and session.analysis is not None
    assert len(session.transcript.turns) >= 2
    journey.nav("Observatieformulier")
    page.get_by_text("Bevestig of wijs elke vondst af").wait_for()
