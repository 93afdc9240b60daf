"""An unexpected error shows a Dutch message, never a traceback or a path; the log has it."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest
from streamlit import config as streamlit_config
from streamlit.config import ShowErrorDetailsConfigOptions
from streamlit.testing.v1 import AppTest

from analysis.store import SessionStore

from .conftest import REPO

SECRET_PATH = "/home/coach/.local/share/gesprekscoach/sessions.db"


def _everything_shown(at: AppTest) -> str:
    """The protobuf text of every element and block on the page (what the browser gets)."""

    def walk(node: object) -> list[str]:
        own = [str(node.proto)] if getattr(node, "proto", None) is not None else []
        children = getattr(node, "children", {}).values()
        return own + [text for child in children for text in walk(child)]

    return "\n".join(walk(at._tree))


def test_a_forced_error_shows_dutch_text_and_logs_the_details(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    def broken(self: SessionStore, teacher: str | None = None) -> list:
        raise RuntimeError(f"database disk image is malformed: {SECRET_PATH}")

    monkeypatch.setenv("GESPREKSCOACH_DATA", str(tmp_path / "data"))
    monkeypatch.setattr(SessionStore, "list_sessions", broken)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()

    with caplog.at_level(logging.ERROR, logger="ui.state"):
        at.switch_page("ui/sessions_page.py").run()

    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith("Er ging iets mis")
    shown = _everything_shown(at)
    assert "Er ging iets mis" in shown
    for detail in (SECRET_PATH, "RuntimeError", "Traceback", "malformed", str(REPO)):
        assert detail not in shown
    (record,) = [r for r in caplog.records if r.name == "ui.state"]
    assert record.exc_info is not None and SECRET_PATH in str(record.exc_info[1])
    code = record.args[-1]
    assert f"foutcode {code}" in at.error[0].value, "the page names the log entry"


def test_the_page_still_works_after_streamlits_own_control_flow(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("GESPREKSCOACH_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    at.button[0].click().run()  # "Open voorbeeld" switches page (st.switch_page → rerun)

    assert not at.exception and not at.error
    assert at.title[0].value == "Observatieformulier"


def test_streamlit_shows_no_error_details_in_the_browser():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = config["client"]["showErrorDetails"]
    assert value == ShowErrorDetailsConfigOptions.NONE.value
    assert value in {option.value for option in ShowErrorDetailsConfigOptions}


def test_error_displays_carry_no_links_to_outside_sites():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert "client.showErrorLinks" in streamlit_config._config_options_template
    assert config["client"]["showErrorLinks"] is False
