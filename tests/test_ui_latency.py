"""What keeps a click in the app fast (the times themselves: ``benchmarks/ui_latency.py``).

With the Dutch model in memory a full garbage collection took 0.1-0.3 s on a loaded 2-core
machine; Streamlit ran one after every script run, so each click's last messages waited for
it. The app switches that off, and the model's objects are exempt from later collections.
Every element of a page is sent and drawn again on each click: the transcript shows its
turns a page at a time, and the report builds Word and PDF files only when one is asked for.
"""

from __future__ import annotations

import gc
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from analysis.model_loader import ModelLoader
from analysis.review import ItemReview
from analysis.store import SessionStore
from ui.transcript_page import turn_pages

from .conftest import REPO


def _sample_on(page: str) -> tuple[AppTest, str]:
    """The app with the 77-turn sample open on ``page``; the app and the session id."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.run()
    at.button[0].click().run()  # the 77-turn sample
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at, at.session_state["session_id"]


def test_streamlit_runs_no_full_garbage_collection_after_each_click():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False


class _Node:
    """A container object the collector tracks (as a model's objects are)."""

    def __init__(self, number: int) -> None:
        self.number = number


def test_the_loaded_model_is_exempt_from_later_collections():
    gc.unfreeze()
    try:
        model = ModelLoader(lambda: [_Node(n) for n in range(50_000)]).get(timeout=60)
        frozen = gc.get_freeze_count()
        assert frozen >= len(model)
        assert not any(isinstance(o, _Node) for o in gc.get_objects())  # not walked any more

        plain = ModelLoader(lambda: [_Node(n) for n in range(10)], freeze=False).get(timeout=60)
        assert gc.get_freeze_count() == frozen
        assert sum(isinstance(o, _Node) for o in gc.get_objects()) == len(plain)
    finally:
        gc.unfreeze()


def test_the_transcript_page_draws_one_page_of_turns_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("GESPREKSCOACH_DATA", str(tmp_path / "data"))
    assert [(p.start, p.stop) for p in turn_pages(77)] == [(0, 25), (25, 50), (50, 75), (75, 77)]
    assert turn_pages(0) == [] and turn_pages(25) == [range(25)]

    at, session_id = _sample_on("ui/transcript_page.py")

    def turns_shown() -> list[int]:
        prefix = f"edit-turn-{session_id}-"
        return [int(b.key.removeprefix(prefix)) for b in at.button if b.key.startswith(prefix)]

    assert turns_shown() == list(range(25))
    pages = at.radio(key=f"turn-page-{session_id}")
    assert pages.options == ["0–24", "25–49", "50–74", "75–76"]
    pages.set_value(3).run()
    assert turns_shown() == [75, 76]
    at.button(key=f"edit-turn-{session_id}-76").click().run()  # corrected where it stands
    assert at.text_area(key=f"turn-text-{session_id}-76").value
    assert turns_shown() == [75, 76], "a correction keeps the page"


def test_the_report_page_builds_word_and_pdf_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("GESPREKSCOACH_DATA", str(tmp_path / "data"))
    deferred: dict[str, Callable[[], bytes]] = {}
    register = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        deferred[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    at, _ = _sample_on("ui/report_page.py")

    on_click = {b.proto.label for b in at.get("download_button") if b.proto.deferred_file_id}
    assert on_click == {"Word (.docx)", "PDF", "Afspraken (.docx)", "Afspraken (PDF)"}
    assert len(deferred) == 4
    for name, build in deferred.items():  # what the click hands over
        data = build()
        assert data.startswith(b"%PDF" if name.endswith(".pdf") else b"PK"), name


def test_insights_charts_are_built_once_per_content_and_follow_every_verdict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    data_dir = tmp_path / "data"
    monkeypatch.setenv("GESPREKSCOACH_DATA", str(data_dir))
    at, session_id = _sample_on("ui/insights.py")

    def timeline() -> str:
        (spec,) = [c.proto.spec for c in at.get("vega_lite_chart") if '"vondst"' in c.proto.spec]
        return spec

    before = timeline()
    assert '"bevestigd"' not in before
    at.run()
    assert timeline() == before
    with SessionStore(data_dir) as store:
        store.save_item_review(session_id, "welcome", ItemReview("confirmed"))
    at.run()
    assert '"bevestigd"' in timeline(), "a cached chart is never an old one"
