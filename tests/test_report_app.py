"""The report in the app (AppTest): one "Suggestie:", no quote marked klopt niet in the
compliment, the sample line, the Concept notice, the export buttons and the Afspraken note."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.export import SAMPLE_LINE
from analysis.review import finding_key
from analysis.store import SessionStore

from .conftest import REPO

APP = str(REPO / "app.py")
TIMEOUT = 180


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("GESPREKSCOACH_DATA", str(folder))
    return folder


@pytest.fixture
def download_names(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The file names of the download buttons, as Streamlit stores them (recorded, not faked)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    names: list[str] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if filename:
            names.append(filename)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    # Word and PDF are built when their button is clicked (ui/report_page.py: ON_CLICK).
    from streamlit.runtime.media_file_manager import MediaFileManager

    deferred = MediaFileManager.add_deferred

    def record_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        if file_name:
            names.append(file_name)
        return deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return names


def test_review_then_report_in_the_app(data_dir: Path, download_names: list[str]):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.button[0].click().run()  # open the first sample
    assert not at.exception, at.exception
    session_id = at.session_state["session_id"]
    assert any(SAMPLE_LINE in c.value for c in at.caption), "the form page says: sample"

    compliment = at.text_area(key=f"compliment-{session_id}").value
    assert compliment.startswith("Suggestie: ") and "Suggestie: Suggestie" not in compliment
    quote = re.search(r'"(.+)"$', compliment).group(1)
    analysis = SessionStore(data_dir).get(session_id).analysis
    finding = next(f for f in analysis.detection.findings if f.quote.strip() == quote)
    at.session_state[f"item-{session_id}-{finding.item}"] = True  # open the item's panel
    at.run()
    at.checkbox(key=f"reject-{session_id}-{finding.item}-{finding_key(finding)}").check().run()

    assert not at.exception, at.exception
    compliment = at.text_area(key=f"compliment-{session_id}").value
    assert compliment.startswith("Suggestie: ") and quote not in compliment

    at.switch_page("ui/report_page.py").run()
    assert not at.exception, at.exception
    assert any(SAMPLE_LINE in c.value.replace("\\", "") for c in at.caption), "sample line"
    assert any("concept" in info.value for info in at.info)
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"JSON (formulier)", "JSON (analyse)", "Afspraken (.docx)", "Afspraken (PDF)"} <= set(
        labels
    )
    kinds = {name.split("-")[0] + "." + name.rsplit(".", 1)[-1] for name in download_names}
    assert {"transcript.txt", "transcript.srt", "transcript.vtt"} <= kinds
    assert {"observatieformulier.json", "analyse.json", "afspraken.docx", "afspraken.pdf"} <= kinds
    assert "observatieformulier.txt" not in kinds

    agreements = at.text_area(key=f"agreements-{session_id}")
    assert agreements.value.strip(), "the sample's agreements are proposed"
    agreements.set_value("Ik app u vrijdag.\nTekenen na school blijft.").run()
    assert not at.exception, at.exception
    stored = SessionStore(data_dir).get(session_id)
    saved = next(p for p in stored.exports if p.name == "afspraken.txt")
    assert saved.read_text(encoding="utf-8") == "Ik app u vrijdag.\nTekenen na school blijft."

    fresh = AppTest.from_file(APP, default_timeout=TIMEOUT)
    fresh.query_params["sessie"] = session_id
    fresh.switch_page("ui/report_page.py").run()
    assert not fresh.exception, fresh.exception
    assert fresh.text_area(key=f"agreements-{session_id}").value.startswith("Ik app u vrijdag.")
