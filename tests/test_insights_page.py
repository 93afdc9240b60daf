"""The insights shown for a teacher's development over role-plays (AppTest, the real store):
two talks with the same title and date stay apart, every item keeps its full name, and each
talk has its score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.form import fill_form, load_form
from analysis.records import Analysis, Detection
from analysis.review import SessionMeta
from analysis.store import HistoryPoint, SessionStore
from analysis.transcript_io import parse_transcript
from ui.insights import development_chart

from .conftest import REPO

TALK = """\
Juf Esther: Goedemiddag, welkom.
Vader: Dag juf.
"""


def _analysis() -> Analysis:
    transcript = parse_transcript(TALK, "txt")
    return Analysis(transcript, Detection(), fill_form([]))


def test_two_role_plays_with_the_same_title_and_date_are_two_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    data_dir = tmp_path / "data"
    monkeypatch.setenv("GESPREKSCOACH_DATA", str(data_dir))
    with SessionStore(data_dir) as store:
        for _ in range(2):
            meta = SessionMeta(title="Rollenspel", teacher="Esther", date="2026-12-04")
            session = store.create(meta)
            analysis = _analysis()
            store.save_transcript(session, analysis.transcript)
            store.save_analysis(session, analysis)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("ui/sessions_page.py").run()
    at.text_input[0].input("Esther").run()
    assert not at.exception, at.exception
    (spec,) = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    labels = spec["encoding"]["x"]["axis"]["labelExpr"]
    assert "1. Rollenspel" in labels and "2. Rollenspel" in labels
    assert "4-12-2026" in labels and "0/19 gezien" in labels
    assert spec["encoding"]["y"]["axis"]["labelLimit"] == 0  # full item names


def test_the_development_chart_holds_every_item_by_its_full_name():
    form = load_form()
    point = HistoryPoint("x", {item.id: item.id == "welcome" for item in form.items})
    spec = development_chart([point, point], [], form).to_dict()
    rows = next(iter(spec["datasets"].values())) if "datasets" in spec else spec["data"]["values"]
    assert {row["item"] for row in rows} == {item.text for item in form.items}
    assert {row["gesprek"] for row in rows} == {1, 2}
    assert {row["score"] for row in rows} == {"1/19 gezien"}
    assert "Stelt ouders op het gemak (door af te stemmen op ouder, social talk, non-verbaal)" in {
        row["item"] for row in rows
    }
