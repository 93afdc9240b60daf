"""Dutch counts and numbers (analysis.wording) and the insights page's talk columns."""

from __future__ import annotations

import pytest

from analysis.store import HistoryPoint, SessionSummary
from analysis.wording import count, count_words, decimal, percent
from ui.insights import talk_columns


def test_count_picks_singular_for_one_and_plural_otherwise():
    assert count(1, "beurt") == "1 beurt"
    assert count(0, "beurt") == "0 beurten"
    assert count(12, "beurt") == "12 beurten"
    assert count(1, "beoordeeld gesprek") == "1 beoordeeld gesprek"
    assert count(2, "beoordeeld gesprek") == "2 beoordeelde gesprekken"
    assert count(5, "keer") == "5 keer"


def test_count_refuses_a_word_missing_from_the_list():
    with pytest.raises(KeyError, match=r"count_words\.yaml"):
        count(2, "appel")


def test_every_count_word_has_a_plural():
    words = count_words()
    assert words["minuut"] == "minuten" and all(words.values())


def test_numbers_have_a_decimal_comma():
    assert decimal(1.25, 2) == "1,25"
    assert decimal(3.0) == "3,0"
    assert decimal(-0.3636, 2) == "-0,36"
    assert percent(0.425, 1) == "42,5%"
    assert percent(0.3) == "30%"


def _summary(session_id: str, title: str, date: str, created: str) -> SessionSummary:
    return SessionSummary(
        id=session_id, title=title, teacher="Eva", group="", kind="", date=date,
        status="ready", created=created, updated=created,
        has_audio=False, has_transcript=True, has_analysis=True,
    )  # fmt: skip


def test_two_talks_with_the_same_title_and_date_get_their_own_column_and_score():
    points = [
        HistoryPoint("2026-12-04 · Rollenspel", {"welcome": True, "summary": False}),
        HistoryPoint("2026-12-04 · Rollenspel", {"welcome": True, "summary": True}),
    ]
    summaries = [  # listed newest first, as the store lists them
        _summary("b", "Rollenspel", "2026-12-04", "2026-12-04T14:30:00.000+00:00"),
        _summary("a", "Rollenspel", "2026-12-04", "2026-12-04T09:05:00.000+00:00"),
    ]
    first, second = talk_columns(points, summaries)
    assert (first.number, second.number) == (1, 2)
    assert first.score == "1/2 gezien" and second.score == "2/2 gezien"
    assert first.label[0] == "1. Rollenspel" and second.label[0] == "2. Rollenspel"
    assert first.label[1].startswith("4-12-2026 ") and first.label[1] != second.label[1]
