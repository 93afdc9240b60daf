"""The review flow on the form page (AppTest, the real app and store): a panel stays open when
the coach decides on it, *Volgende item* opens the next unreviewed item, the sidebar counts the
reviewed items and decides on the current item with keyboard shortcuts; the player sits in
the sidebar and plays only right after a ▶ click (also at 0:00), never on a rerun."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.review import ItemReview, SessionMeta
from analysis.store import SessionStore
from ui.form_page import SHORTCUTS, next_item

from .conftest import REPO
from .handmade import analysis_with

APP = str(REPO / "app.py")
FORM_PAGE = "ui/form_page.py"
TIMEOUT = 180

TALK = """\
[00:00:00] Juf Anouk: Goedemiddag, welkom! Gaat u zitten.
[00:00:04] Moeder: Dank u wel.
[00:00:06] Juf Anouk: We hebben tien minuten. Hoe gaat het thuis met lezen?
[00:00:09] Moeder: Ze leest veel strips.
"""
#: (item, turn, quote): welcome at 0:00, so its ▶ asks for 0:00.
FOUND = [
    ("welcome", 0, "Goedemiddag, welkom!"),
    ("procedure_proposal", 2, "We hebben tien minuten."),
    ("asks_home", 2, "Hoe gaat het thuis met lezen?"),
]


def write_tone(path: Path, seconds: float = 12.0, rate: int = 8000) -> bytes:
    """A real WAV file: a quiet 440 Hz tone."""
    frames = b"".join(
        struct.pack("<h", int(3000 * math.sin(2 * math.pi * 440 * n / rate)))
        for n in range(int(seconds * rate))
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return path.read_bytes()


def make_talk(data_dir: Path, tmp_path: Path, audio: bool = True) -> str:
    """A stored, analysed talk with hand-made findings (and a recording)."""
    analysis = analysis_with(TALK, FOUND)
    transcript = analysis.transcript
    with SessionStore(data_dir) as store:
        session_id = store.create(SessionMeta(title="Proef", teacher="Anouk"))
        store.save_transcript(session_id, transcript)
        store.save_analysis(session_id, analysis)
        if audio:
            store.save_audio(session_id, "gesprek.wav", write_tone(tmp_path / "toon.wav"))
    return session_id


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("GESPREKSCOACH_DATA", str(folder))
    return folder


def form_page(session_id: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["sessie"] = session_id
    at.switch_page(FORM_PAGE).run()
    assert not at.exception, at.exception
    return at


def open_panels(at: AppTest) -> list[str]:
    return [e.label for e in at.get("expander") if e.proto.expanded]


def count(at: AppTest) -> str:
    return at.sidebar.get("progress")[0].proto.text


def play_requests(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.sidebar.get("html") if "play()" in h.proto.body]


def test_next_item_is_the_next_unreviewed_one_wrapping_round():
    order = ["a", "b", "c", "d"]
    statuses = {"a": "pending", "b": "confirmed", "c": "pending", "d": "rejected"}
    assert next_item(order, statuses, None) == "a"
    assert next_item(order, statuses, "a") == "c"
    assert next_item(order, statuses, "c") == "a"
    assert next_item(order, statuses, "d") == "a"
    assert next_item(order, dict.fromkeys(order, "confirmed"), "b") is None


def test_confirm_keeps_the_panel_open_and_next_item_moves_on(data_dir: Path, tmp_path: Path):
    session_id = make_talk(data_dir, tmp_path)
    at = form_page(session_id)
    assert open_panels(at) == [] and count(at) == "0 van 19 beoordeeld"
    assert not at.radio, "a closed panel draws no widgets"
    next_button = at.sidebar.button(key=f"next-item-{session_id}")
    assert next_button.proto.shortcut.lower() == SHORTCUTS["next"].lower()

    next_button.click().run()  # opens the first unreviewed item and scrolls to it
    assert [label.split(" — ")[1].split("  ·")[0] for label in open_panels(at)] == [
        "Ontvangen en welkom heten"
    ]
    assert any(f"st-key-item-{session_id}-welcome" in h.proto.body for h in at.get("html"))

    at.radio(key=f"status-{session_id}-welcome").set_value("confirmed").run()
    assert not at.exception, at.exception
    (label,) = open_panels(at)  # still open, now marked confirmed: the note can follow
    assert "Ontvangen en welkom heten" in label and "bevestigd" in label
    assert count(at) == "1 van 19 beoordeeld"
    at.text_area(key=f"note-{session_id}-welcome").set_value("Warm begin.").run()
    assert open_panels(at) == [label]
    review = SessionStore(data_dir).get(session_id).review.item("welcome")
    assert (review.status, review.note) == ("confirmed", "Warm begin.")

    at.sidebar.button(key=f"next-item-{session_id}").click().run()
    (label,) = open_panels(at)
    assert "Stelt ouders op het gemak" in label  # the next pending item; welcome closed

    # The sidebar decides on the current item (keyboard B / A); a closed panel keeps its note.
    at.sidebar.button(key=f"decide-rejected-{session_id}").click().run()
    assert not at.exception, at.exception
    (radio,) = [r for r in at.radio if r.key.startswith(f"status-{session_id}-put_at_ease")]
    assert radio.value == "rejected"  # the panel shows it (a radio drawn anew with it)
    stored = SessionStore(data_dir).get(session_id).review
    assert stored.item("put_at_ease").status == "rejected"
    assert (stored.item("welcome").status, stored.item("welcome").note) == (
        "confirmed",
        "Warm begin.",
    )
    assert count(at) == "2 van 19 beoordeeld"
    shortcuts = {
        b.proto.shortcut.lower() for b in at.sidebar.button if b.key and b.key.startswith("decide-")
    }
    assert shortcuts == {SHORTCUTS["confirmed"].lower(), SHORTCUTS["rejected"].lower()}

    fresh = form_page(session_id)  # a reload: the work is there, the count too
    assert count(fresh) == "2 van 19 beoordeeld"


def test_next_item_and_a_verdict_arriving_together_go_in_the_coach_s_order(
    data_dir: Path, tmp_path: Path
):
    """Two quick clicks can reach the app in one run (Streamlit merges a waiting request
    with the next one), their callbacks in no telling order."""
    session_id = make_talk(data_dir, tmp_path, audio=False)
    at = form_page(session_id)
    at.sidebar.button(key=f"next-item-{session_id}").click().run()  # welcome: current, pending

    # B then V: the pending current item gets the verdict, then the next item opens.
    at.sidebar.button(key=f"decide-confirmed-{session_id}").click()
    at.sidebar.button(key=f"next-item-{session_id}").click().run()
    assert not at.exception, at.exception
    stored = SessionStore(data_dir).get(session_id).review
    assert {k: v.status for k, v in stored.items.items()} == {"welcome": "confirmed"}
    assert "Stelt ouders op het gemak" in at.sidebar.caption[-1].value

    at.sidebar.button(key=f"decide-rejected-{session_id}").click().run()
    # V then B with the current item decided: the next item opens and gets the verdict.
    at.sidebar.button(key=f"next-item-{session_id}").click()
    at.sidebar.button(key=f"decide-confirmed-{session_id}").click().run()
    stored = SessionStore(data_dir).get(session_id).review
    assert {k: v.status for k, v in stored.items.items()} == {
        "welcome": "confirmed",
        "put_at_ease": "rejected",
        "procedure_proposal": "confirmed",
    }
    assert count(at) == "3 van 19 beoordeeld"
    (label,) = open_panels(at)
    assert "Doet een procedurevoorstel" in label


def test_player_in_the_sidebar_plays_only_right_after_a_click(data_dir: Path, tmp_path: Path):
    session_id = make_talk(data_dir, tmp_path)
    at = form_page(session_id)
    (audio,) = at.sidebar.get("audio")
    assert not audio.proto.autoplay and audio.proto.start_time == 0
    assert not at.main.get("audio"), "the player is in the sidebar, not at the top of the page"
    assert play_requests(at) == []

    at.session_state[f"item-{session_id}-welcome"] = True  # open the panel
    at.run()
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("play-"))).click()
    at.run()
    (request,) = play_requests(at)  # ▶ at 0:00 plays from 0:00
    assert "const at = 0.0;" in request

    at.radio(key=f"status-{session_id}-welcome").set_value("confirmed").run()
    assert play_requests(at) == [], "a rerun does not start the player again"
    (audio,) = at.sidebar.get("audio")
    assert not audio.proto.autoplay and audio.proto.start_time == 0

    at.switch_page("ui/insights.py").run()
    at.switch_page(FORM_PAGE).run()
    assert not at.exception, at.exception
    assert play_requests(at) == [], "a page switch does not start the player"
    assert not any(a.proto.autoplay for a in at.sidebar.get("audio"))


def test_next_item_when_every_item_is_reviewed_says_so(data_dir: Path, tmp_path: Path):
    session_id = make_talk(data_dir, tmp_path, audio=False)
    with SessionStore(data_dir) as store:
        ids = [item.id for item in store.get(session_id).analysis.form]
        for item_id in ids:
            store.save_item_review(session_id, item_id, ItemReview("confirmed"))
    at = form_page(session_id)
    assert count(at) == "19 van 19 beoordeeld"
    assert not at.sidebar.get("audio"), "no recording, no player"

    at.sidebar.button(key=f"next-item-{session_id}").click().run()

    assert not at.exception, at.exception
    assert open_panels(at) == []
    assert [t.proto.body for t in at.toast] == ["Alle items zijn beoordeeld."]
