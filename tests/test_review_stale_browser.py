"""Quick sidebar clicks in a real browser (Playwright, Debian's Chromium) are never lost.

A coach who presses *Volgende item* and then *Bevestigen* (V, B) before the browser has drawn
the app's answer to the first click still sends the values of the widgets it shows: the panel
the app has just closed. Streamlit calls those widgets' callbacks again; they used to save
that item once more and make it the current item, so *Bevestigen* went to the old item and the
one *Volgende item* opened stayed unreviewed (about one in 19 with fast clicks on a loaded
machine). The test makes the browser that slow on purpose: it holds the app's messages to the
page (``page.route_web_socket``) until the app has finished the first click's run, then clicks
again, then lets the messages through. Both orders: V then B, and B then V.

Needs Debian's ``chromium`` and the ``playwright`` package (test extras).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from analysis.store import SessionStore

from .browser import CHROMIUM_FLAGS, chromium_path, running_app
from .test_review_flow import make_talk

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")

pytestmark = pytest.mark.skipif(
    chromium_path() is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)

IDLE = (
    "() => document.querySelector('[data-testid=\"stApp\"]')"
    "?.getAttribute('data-test-script-state') === 'notRunning'"
)


class SlowBrowser:
    """Holds the app's messages to the page while :attr:`holding`; counts finished runs."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.holding = False
        self.held: list[str | bytes] = []
        self.finished = 0
        self._page_side: Any = None
        page.route_web_socket(re.compile(r".*/_stcore/stream"), self._route)

    def _route(self, ws: Any) -> None:
        self._page_side = ws
        server = ws.connect_to_server()
        server.on_message(self._from_app)

    def _from_app(self, message: str | bytes) -> None:
        if isinstance(message, bytes):
            forward = ForwardMsg()
            forward.ParseFromString(message)
            if forward.WhichOneof("type") == "script_finished":
                self.finished += 1
        if self.holding:
            self.held.append(message)
        else:
            self._page_side.send(message)

    def click_then_click_again_before_the_answer(self, first: Any, second: Any) -> None:
        """``first`` is handled by the app completely; ``second`` is clicked on the page as
        it was before that answer arrived."""
        self.holding = True
        finished = self.finished
        first.click()
        while self.finished == finished:  # the app has finished the first click's run
            self.page.wait_for_timeout(50)
        second.click()
        self.page.wait_for_timeout(300)
        self.holding = False
        for message in self.held:
            self._page_side.send(message)
        self.held.clear()
        self.settle()

    def settle(self) -> None:
        self.page.wait_for_timeout(300)
        self.page.wait_for_function(IDLE)
        self.page.wait_for_timeout(500)
        self.page.wait_for_function(IDLE)


def _statuses(data_dir: Path, session_id: str) -> dict[str, str]:
    with SessionStore(data_dir) as store:
        review = store.get(session_id).review
    return {item_id: item.status for item_id, item in review.items.items()}


def test_quick_sidebar_clicks_decide_on_the_item_they_mean(tmp_path: Path):
    data_dir = tmp_path / "data"
    session_id = make_talk(data_dir, tmp_path, audio=False)
    with running_app(data_dir) as url, playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(120_000)
        slow = SlowBrowser(page)
        page.goto(f"{url}/form_page?sessie={session_id}")
        page.get_by_text("Bevestig of wijs elke vondst af").wait_for()
        sidebar = page.locator('[data-testid="stSidebar"]')
        next_item = sidebar.get_by_role("button", name="Volgende item")
        confirm = sidebar.get_by_role("button", name="Bevestigen")
        reject = sidebar.get_by_role("button", name="Afwijzen")

        next_item.click()  # opens "welcome"
        slow.settle()
        confirm.click()
        slow.settle()
        assert _statuses(data_dir, session_id) == {"welcome": "confirmed"}

        # V, then B before the browser has seen V's answer: B decides on the item V opened.
        slow.click_then_click_again_before_the_answer(next_item, confirm)
        assert _statuses(data_dir, session_id) == {
            "welcome": "confirmed",
            "put_at_ease": "confirmed",
        }
        sidebar.get_by_text("2 van 19 beoordeeld").wait_for()
        sidebar.get_by_text("Huidig item: Stelt ouders op het gemak", exact=False).wait_for()

        # B (on an open panel), then V before the browser has seen B's answer: the panel's
        # radio, still showing the old verdict, does not take the verdict back.
        slow.click_then_click_again_before_the_answer(reject, next_item)
        assert _statuses(data_dir, session_id) == {
            "welcome": "confirmed",
            "put_at_ease": "rejected",
        }
        sidebar.get_by_text("Huidig item: Doet een procedurevoorstel", exact=False).wait_for()
        slow.click_then_click_again_before_the_answer(confirm, next_item)
        assert _statuses(data_dir, session_id)["procedure_proposal"] == "confirmed"
        sidebar.get_by_text("3 van 19 beoordeeld").wait_for()
        browser.close()
