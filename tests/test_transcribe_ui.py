"""The speech settings block of "Nieuw gesprek": model choice, download offline, names."""

from __future__ import annotations

from pathlib import Path

import huggingface_hub.constants
import pytest
from streamlit.testing.v1 import AppTest

from analysis.transcribe import models

SCRIPT = """
import streamlit as st
from ui.speech_settings import speech_options

options = speech_options("Juf Anouk")
st.session_state["chosen"] = (options.model, options.hotwords)
"""


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv(models.CACHE_ENV, str(tmp_path / "cache"))
    # Offline for real: huggingface_hub refuses every request (its own switch, read per call).
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def test_base_is_the_default_and_the_teacher_is_a_hotword(app: AppTest):
    assert app.session_state["chosen"] == ("base", "Juf Anouk")
    labels = app.selectbox(key="speech-model").options
    assert labels[0].startswith("base — 145 MB, ingebouwd")
    assert any(label.startswith("large-v3-turbo — 1,6 GB") for label in labels)
    assert any("gemeten" in caption.value for caption in app.caption)


def test_child_and_other_names_are_added(app: AppTest):
    app.text_input(key="speech-child").input("Sanne").run()
    app.text_input(key="speech-hotwords").input("Kanjertraining").run()
    assert app.session_state["chosen"] == ("base", "Juf Anouk, Sanne, Kanjertraining")


def test_downloading_offline_shows_a_dutch_message(app: AppTest):
    app.selectbox(key="speech-model").select("small").run()
    assert any("schatting" in caption.value for caption in app.caption)
    assert any("eerst één keer worden gedownload" in caption.value for caption in app.caption)
    app.button(key="speech-download").click().run()
    assert not app.exception
    (error,) = app.error
    assert "geen internetverbinding" in error.value and "small" in error.value
    assert app.session_state["chosen"][0] == "small"


def test_a_model_folder_can_be_chosen(app: AppTest, tmp_path: Path):
    app.selectbox(key="speech-model").select("eigen map").run()
    app.text_input(key="speech-model-folder").input(str(tmp_path)).run()
    assert app.session_state["chosen"][0] == str(tmp_path)
