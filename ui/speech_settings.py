"""Settings of the speech recognition on the "Nieuw gesprek" page: model and names.

The model list comes from :data:`analysis.transcribe.models.CATALOGUE` (size, expected speed,
a note); a larger model is downloaded here with a progress bar when the computer is online.
Names (teacher, child) go to Whisper as hotwords so they are spelled right.
"""

from __future__ import annotations

import streamlit as st

from analysis.errors import AnalysisError
from analysis.transcribe import TranscribeOptions
from analysis.transcribe import models as whisper_models
from ui import state

CUSTOM = "eigen map"


def _minutes(rtf: float, minutes: float = 10.0) -> str:
    value = rtf * minutes
    return f"{value:.0f}" if value >= 2 else f"{value:.1f}".replace(".", ",")


def _label(name: str) -> str:
    if name == CUSTOM:
        return "Eigen map met een model (CTranslate2)"
    info = whisper_models.model_info(name)
    if info is None:
        return name
    size = (
        f"{info.size_mb / 1000:.1f} GB".replace(".", ",")
        if info.size_mb >= 1000
        else (f"{info.size_mb} MB")
    )
    kind = "ingebouwd" if info.repo is None else "download"
    return f"{name} — {size}, {kind}"


def _speed(info: whisper_models.ModelInfo) -> str:
    how = "gemeten" if info.repo is None else "schatting"
    return (
        f"Een gesprek van 10 minuten kost op een computer met 2 kernen ongeveer "
        f"{_minutes(info.rtf)} minuten ({how})."
    )


def _download(name: str) -> None:
    bar = st.progress(0.0, text=f"Model '{name}' downloaden…")

    def progress(fraction: float) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        bar.progress(fraction, text=f"Model '{name}' downloaden… {fraction:.0%}")

    try:
        whisper_models.download(name, progress)
    except AnalysisError as exc:
        bar.empty()
        state.show_error(exc)
        return
    bar.progress(1.0, text=f"Model '{name}' staat klaar.")


def speech_options(teacher: str = "") -> TranscribeOptions:
    """Render the settings block; the options for transcribing with them."""
    with st.expander("Spraakherkenning: model en namen"):
        names = [info.name for info in whisper_models.CATALOGUE] + [CUSTOM]
        choice = st.selectbox("Spraakmodel", names, format_func=_label, key="speech-model")
        model = choice
        if choice == CUSTOM:
            model = (
                st.text_input(
                    "Map met het model",
                    placeholder="/pad/naar/faster-whisper-small",
                    key="speech-model-folder",
                ).strip()
                or whisper_models.BASE_MODEL_NAME
            )
            st.caption("Een map met model.bin en config.json van een CTranslate2-Whisper-model.")
        else:
            info = whisper_models.model_info(choice)
            assert info is not None  # every choice but CUSTOM comes from the catalogue
            st.caption(f"{info.note_nl} {_speed(info)}")
            if info.repo is not None:
                if whisper_models.downloaded_path(choice) is not None:
                    st.caption(f"Het model '{choice}' staat op deze computer.")
                else:
                    st.caption(
                        f"Het model '{choice}' moet eerst één keer worden gedownload "
                        "(daarvoor is internet nodig; daarna werkt het offline)."
                    )
                    if st.button(f"Download '{choice}'", key="speech-download"):
                        _download(choice)
        child = st.text_input("Naam van het kind (optioneel)", key="speech-child")
        extra = st.text_input(
            "Andere namen of woorden (optioneel, met komma's)",
            placeholder="Bijvoorbeeld: Anouk, Sanne, Kanjertraining",
            key="speech-hotwords",
        )
        st.caption(
            "Namen van de leerkracht en het kind gaan naar het spraakmodel, zodat ze goed "
            "gespeld worden."
        )
    hotwords = ", ".join(part.strip() for part in (teacher, child, extra) if part.strip())
    return TranscribeOptions(model=model, hotwords=hotwords or None)
