"""A shared installation in a real browser: a sign-in survives a reload, signing out ends it;
Ctrl-C to the app server during a transcription leaves the session *onderbroken*.

Needs Debian's ``chromium`` (``.ci/run`` installs it) and the ``playwright`` package.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from analysis.auth import USERS_ENV, hash_password
from analysis.store import SessionStore

from .browser import CHROMIUM_FLAGS, _free_port, chromium_path, running_app
from .conftest import REPO
from .test_interrupt import _long_recording

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")

pytestmark = pytest.mark.skipif(
    chromium_path() is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)

COOKIE = "gesprekscoach_login"


def _users_file(tmp_path: Path) -> Path:
    path = tmp_path / "users.toml"
    path.write_text(
        '[users.anouk]\nname = "Anouk de Vries"\n'
        f'password_hash = "{hash_password("appel", 1000)}"\n',
        encoding="utf-8",
    )
    return path


def _sign_in_form_shown(page) -> bool:
    return page.get_by_label("Gebruikersnaam").count() > 0


def test_sign_in_survives_a_reload_until_signing_out(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(USERS_ENV, str(_users_file(tmp_path)))
    data_dir = tmp_path / "data"
    with running_app(data_dir) as url, playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(120_000)
        page.goto(url)

        page.get_by_label("Gebruikersnaam").fill("anouk")
        page.get_by_label("Wachtwoord", exact=True).fill("appel")
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_text("Ingelogd als Anouk de Vries").wait_for()
        page.wait_for_function(f"document.cookie.includes('{COOKIE}=')")
        (cookie,) = [c for c in context.cookies() if c["name"] == COOKIE]

        page.reload()
        page.get_by_text("Ingelogd als Anouk de Vries").wait_for()
        page.get_by_role("heading", name="Nieuw gesprek").wait_for()
        assert not _sign_in_form_shown(page)

        page.get_by_role("button", name="Uitloggen").click()
        page.get_by_role("button", name="Inloggen").wait_for()
        page.wait_for_function(f"!document.cookie.includes('{COOKIE}=')")
        page.reload()
        page.get_by_role("button", name="Inloggen").wait_for()
        assert page.get_by_text("Ingelogd als").count() == 0
        left = [c for c in context.cookies() if c["name"] == COOKIE]
        browser.close()

    assert cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert 11.9 * 3600 < cookie["expires"] - time.time() <= 12 * 3600
    assert "appel" not in cookie["value"]
    assert left == []
    assert (data_dir / "sign-in-secret").exists()


def _upload(page, path: Path) -> None:
    """Choose ``path`` in the file uploader (again if a rerun replaced the widget meanwhile)."""
    for _ in range(3):
        page.wait_for_timeout(1000)  # let the rerun of the last input finish
        page.locator("input[type=file]").set_input_files(str(path))
        try:
            page.get_by_text(path.name).first.wait_for(timeout=15_000)
            return
        except playwright.TimeoutError:
            continue
    raise AssertionError(f"the uploader did not take {path.name}")


@contextmanager
def _server(data_dir: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run app.py`` on a free port, with the process to send signals to."""
    port = _free_port()
    log = data_dir.parent / f"streamlit-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
            ],
            cwd=REPO, env={**os.environ, "GESPREKSCOACH_DATA": str(data_dir)},
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(log.read_text()[-2000:]) from None
                    time.sleep(0.5)
            yield url, process
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


def test_ctrl_c_to_the_app_server_while_transcribing_leaves_the_session_interrupted(
    tmp_path: Path,
):
    data_dir = tmp_path / "data"
    recording = tmp_path / "gesprek.wav"
    _long_recording(recording)
    with wave.open(str(recording)) as clip:
        assert clip.getnframes() / clip.getframerate() > 90
    with _server(data_dir) as (url, server), playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        page.goto(url)
        page.get_by_text("Opname (audio of video)").click()
        page.get_by_text("Iedereen op de opname heeft toestemming gegeven").click()
        page.get_by_label("Toestemming gegeven door").fill("moeder en leerkracht")
        page.get_by_label("Toestemming gegeven door").press("Enter")
        _upload(page, recording)
        page.get_by_role("button", name="Transcribeer en analyseer").click()
        page.get_by_text("kom binnen").first.wait_for()  # words are coming in
        (summary,) = SessionStore(data_dir).list_sessions()
        assert summary.status == "transcribing"

        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
        browser.close()

    assert SessionStore(data_dir).get(summary.id).status == "interrupted"
