"""What the browser does: the real app in Debian's Chromium, every request recorded.

Every page of the navigation is visited, with a sample and with a session whose user text is
full of Markdown, Streamlit directives, LaTeX and HTML; every request (and websocket) must go
to the app's own origin (``data:`` and ``blob:`` URLs never leave the page), and that text must
be shown literally. The app runs with an empty temporary home folder and without the telemetry
guard in its environment, so its own guard (``analysis.offline``) must keep onnxruntime's
telemetry files out of it.

Needs Debian's ``chromium`` (``.ci/run`` installs it) and the ``playwright`` package.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from analysis.offline import TELEMETRY_OFF_ENV
from analysis.review import Consent, ItemReview, SessionMeta
from analysis.store import SessionStore
from analysis.transcribe.models import cache_dir
from analysis.transcript_io import parse_transcript
from analysis.workflow import analyse_into_session

from .browser import CHROMIUM_FLAGS, chromium_path, running_app
from .test_privacy import CI_ENV, TWO_VOICES, telemetry_files

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        chromium_path() is None, reason="Debian's chromium is not installed (.ci/run installs it)"
    ),
]

NAVIGATION = (
    "Nieuw gesprek",
    "Transcriptie",
    "Observatieformulier",
    "Inzichten",
    "Rapport",
    "Mijn gesprekken",
)
#: Generous: the machine may be busy (a script run, a transcription of 20 s of speech).
TIMEOUT_MS = 240_000
#: A host that is not the app: anything fetched from it is a leak.
OTHER = "http://127.0.0.2:9"
IMAGE = f"![]({OTHER}/p.png?naam=Sanne)"
LINK = f"[Sanne]({OTHER}/link?naam=Sanne)"
TEACHER = "Juf **Anouk**"
PARENT = "Moeder <b>Sanne</b>"
TRANSCRIPT = f"""\
[00:00:01] {TEACHER}: Goedemiddag, welkom {IMAGE}! Hoe gaat het thuis met {LINK} en :red[x]?
[00:00:08] {PARENT}: Goed hoor, ze is :blue-background[erg] blij, zegt $x^2$ en :material/warning: \
en :smile: en <img src="{OTHER}/i.png"> en {OTHER}/kaal en www.example.com.
[00:00:16] {TEACHER}: Wat fijn om te horen. Hoe voelt dat voor u, nu ze zo blij is?
[00:00:22] {PARENT}: # Heel goed
[00:00:25] {TEACHER}: Dan spreken we af dat we over zes weken weer praten. Bedankt en tot ziens!
"""
TITLE = f"Gesprek {IMAGE}"
META = SessionMeta(
    title=TITLE,
    teacher=":red[Anouk]",
    group=f"[groep 4]({OTHER}/groep)",
    kind="kennismakingsgesprek",
    date="2026-11-28",
)
CONSENT = Consent(confirmed=True, confirmed_at="2026-11-28", by=f"moeder $x$ {IMAGE}")
NOTE = f"Let op :material/warning: {OTHER}/notitie ![x]({OTHER}/n.png)"
#: The text of the last element each page renders (the script run has reached it).
LAST_ELEMENT = {
    "Nieuw gesprek": "Open voorbeeld",
    "Transcriptie": "Transcript",
    "Observatieformulier": "Reflectie",
    "Inzichten": "Hoe vaak heeft de software gelijk?",
    "Rapport": "Voorbeeld van het rapport",
    "Mijn gesprekken": "Privacy-instellingen",
}
#: Text that must appear literally, per page (after the invisible word joiners are removed).
LITERAL = {
    "Transcriptie": [IMAGE, LINK, ":red[x]", TEACHER, PARENT, "$x^2$", ":smile:", "# Heel goed"],
    # the page's caption, and a finding's quote (asks_home) with its speaker
    "Observatieformulier": [TITLE, ":red[Anouk]", f"[Sanne]({OTHER}/link", TEACHER],
    "Rapport": [TITLE, NOTE],
    "Mijn gesprekken": [TITLE, ":red[Anouk]", META.group],
}


@dataclass
class App:
    """The running app: its URL, its home folder and the session with hostile text."""

    url: str
    home: Path
    session_id: str
    requests: list[str] = field(default_factory=list)


def _hostile_session(data_dir: Path) -> str:
    from analysis.detect import build_nlp

    store = SessionStore(data_dir)
    session_id = store.create(META, CONSENT)
    analyse_into_session(
        store, session_id, parse_transcript(TRANSCRIPT, None, "x.txt"), build_nlp()
    )
    store.save_item_review(session_id, "welcome", ItemReview(status="confirmed", note=NOTE))
    return session_id


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    root = tmp_path_factory.mktemp("browser-privacy")
    home = root / "home"
    home.mkdir()
    data_dir = root / "data"
    session_id = _hostile_session(data_dir)
    with contextlib.ExitStack() as stack:
        # The app's environment: a user's shell with an empty home, no telemetry guard.
        patch = pytest.MonkeyPatch()
        try:
            # No CI variables either: onnxruntime sends nothing when it sees one.
            xdg = [k for k in os.environ if k.startswith("XDG_")]
            for key in [*TELEMETRY_OFF_ENV, *CI_ENV, *xdg]:
                patch.delenv(key, raising=False)
            patch.setenv("HOME", str(home))
            patch.setenv("GESPREKSCOACH_CACHE", str(cache_dir()))
            url = stack.enter_context(running_app(data_dir))
        finally:
            patch.undo()
        yield App(url, home, session_id)


@contextlib.contextmanager
def _browser(app: App) -> Iterator[object]:
    """A fresh Chromium page that records every request and websocket into ``app.requests``."""
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.on("request", lambda request: app.requests.append(request.url))
        page = context.new_page()
        page.on("websocket", lambda socket: app.requests.append(socket.url))
        page.set_default_timeout(TIMEOUT_MS)
        try:
            yield page
        finally:
            browser.close()


def _foreign(app: App) -> list[str]:
    """Recorded URLs that leave the app's origin (``ws:`` to the app's host and port is the
    app's own websocket; ``data:``/``blob:`` stay in the page)."""
    own = urlsplit(app.url)
    foreign = []
    for url in app.requests:
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob"}:
            continue
        if parts.scheme in {"http", "ws"} and parts.netloc == own.netloc:
            continue
        foreign.append(url)
    return foreign


def _visit(page: object, title: str, url: str | None = None) -> None:
    """Open navigation page ``title`` (by its sidebar link, or at ``url``), wait until it has
    rendered to its last element, and open its expanders."""
    if url is None:
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
    else:
        page.goto(url)
    page.get_by_role("heading", name=title, level=1).wait_for()
    page.locator(f'text="{LAST_ELEMENT[title]}"').first.wait_for()  # exact text
    _settle(page)
    for summary in page.locator('[data-testid="stExpander"] summary').all():
        summary.click()
    _settle(page)


def _settle(page: object) -> None:
    """Wait until the script run is over and late assets (icons, charts) are loaded."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS
    )
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)


def _shown_text(page: object) -> str:
    return page.inner_text("body").replace("\u2060", "")


def test_every_page_requests_only_the_apps_own_origin(app: App):
    with _browser(app) as page:
        page.goto(app.url)
        page.get_by_role("button", name="Open voorbeeld").click()
        page.get_by_text("Bevestig of wijs elke vondst af").wait_for()
        nav = page.locator('[data-testid="stSidebarNav"] a')
        links = [link.inner_text().strip() for link in nav.all()]  # icon name, then title
        assert len(links) == len(NAVIGATION)
        assert all(link.endswith(title) for link, title in zip(links, NAVIGATION, strict=True))
        for title in NAVIGATION:
            _visit(page, title)
        icon = page.eval_on_selector("link[rel='shortcut icon']", "link => link.href")

    assert len(app.requests) > 10
    assert _foreign(app) == []
    # Headless Chromium may not fetch the tab icon; a desktop browser does, on every page load.
    assert urlsplit(icon).netloc == urlsplit(app.url).netloc, icon


def test_markdown_in_user_text_is_shown_literally_and_fetches_nothing(app: App):
    shown: dict[str, str] = {}
    with _browser(app) as page:
        page.goto(app.url)
        page.get_by_role("heading", name="Nieuw gesprek", level=1).wait_for()
        for title in NAVIGATION[1:]:
            _visit(page, title, f"{app.url}/{_path(page, title)}?sessie={app.session_id}")
            shown[title] = _shown_text(page)
            assert page.locator(f'img[src*="{OTHER}"], a[href*="127.0.0.2"]').count() == 0
            assert page.locator('[data-testid="stMarkdownContainer"] .katex').count() == 0

    for title, needles in LITERAL.items():
        for needle in needles:
            assert needle in shown[title], f"{needle!r} not shown literally on {title}"
    assert _foreign(app) == []


def _path(page: object, title: str) -> str:
    """The URL path of a navigation page, as its sidebar link has it."""
    link = page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title)
    return urlsplit(link.get_attribute("href") or "").path.lstrip("/")


def test_a_recording_transcribed_in_the_app_leaves_no_telemetry(app: App):
    """Transcription and speaker separation load onnxruntime (Silero VAD) in the app process."""
    with _browser(app) as page:
        page.goto(app.url)
        page.get_by_role("heading", name="Nieuw gesprek", level=1).wait_for()
        page.get_by_text("Opname (audio of video)").click()
        _settle(page)
        page.get_by_text("Iedereen op de opname heeft toestemming").click()
        _settle(page)
        consent_by = page.get_by_label("Toestemming gegeven door")
        consent_by.fill("moeder en leerkracht")
        consent_by.press("Enter")
        _settle(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(TWO_VOICES)
        page.get_by_text("two_voices.ogg").wait_for()
        _settle(page)
        page.get_by_role("button", name="Transcribeer en analyseer").click()
        page.get_by_role("heading", name="Transcriptie", level=1).wait_for(timeout=3 * TIMEOUT_MS)
        page.get_by_text("Spreker 2").first.wait_for()
        _settle(page)

    assert telemetry_files(app.home) == []
    assert _foreign(app) == []
