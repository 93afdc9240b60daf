"""Agreement between the tool and the coach, from reviews saved through the session store.

Two talks with hand-made findings (so the figures do not move when the rules change) are
reviewed through the store API; the table is checked against a hand computation, the CLI prints
it, and the labelled export re-reads with ``python -m analysis evaluate``.

Hand computation (tool verdict, coach verdict) per reviewed item:

    talk 1: welcome (yes, yes), procedure_proposal (yes, no: afgewezen),
            asks_home (yes, no: its only finding "klopt niet"), names_qualities (no, yes: added),
            closing (no, no)
    talk 2: welcome (yes, yes), asks_home (yes, yes), names_qualities (no, no),
            procedure_proposal (no, yes: added)

All 9 decisions: both 3, tool only 2, coach only 2, neither 2: p_o = 5/9, both say yes 5/9 of
the time, p_e = (5/9)^2 + (4/9)^2 = 41/81, kappa = (45/81 - 41/81) / (40/81) = 0.1.
procedure_proposal: (yes, no), (no, yes): p_o = 0, p_e = 0.5, kappa = -1.
asks_home: (yes, no), (yes, yes): p_o = 0.5, p_e = 1 * 0.5 = 0.5, kappa = 0.
welcome: always (yes, yes): kappa undefined.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.agreement import (
    MIN_TALKS,
    cohen_kappa,
    export_labelled,
    reviewed_sessions,
    store_agreement,
    table_to_text,
)
from analysis.evaluate import read_labels
from analysis.form import fill_form
from analysis.records import Analysis, Detection, Finding
from analysis.review import ItemReview, SessionMeta, finding_key
from analysis.store import SessionStore
from analysis.transcript_io import parse_transcript

from .conftest import REPO

TALK_1 = """\
[00:00:01] Juf Anouk: Goedemiddag, welkom! Gaat u zitten.
[00:00:05] Moeder: Dank u wel.
[00:00:08] Juf Anouk: We hebben tien minuten. Hoe gaat het thuis met lezen?
[00:00:14] Moeder: Ze leest veel strips.
[00:00:18] Juf Anouk: Ze is heel behulpzaam in de klas.
"""
TALK_2 = """\
[00:00:01] Meester Bram: Hallo, fijn dat u er bent.
[00:00:04] Vader: Goedemiddag.
[00:00:07] Meester Bram: Vertelt hij thuis over school?
[00:00:12] Vader: Soms.
[00:00:15] Meester Bram: Zullen we eerst de toets bespreken?
"""


def _finding(item: str, turn: int, quote: str, text: str, start: float) -> Finding:
    at = text.index(quote)
    return Finding(item, turn, quote, at, at + len(quote), f"test.{item}", "test", 0.9, "", start)


def _analysis(source: str, found: list[tuple[str, int, str]]) -> Analysis:
    transcript = parse_transcript(source, "txt")
    findings = [
        _finding(
            item,
            turn,
            quote,
            transcript.turns[turn].text,
            transcript.turns[turn].start or 0.0,
        )
        for item, turn, quote in found
    ]
    return Analysis(transcript, Detection(findings=findings), fill_form(findings))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A store with the two talks analysed and reviewed as in the module docstring."""
    data = tmp_path / "data"
    with SessionStore(data) as store:
        one = _analysis(
            TALK_1,
            [
                ("welcome", 0, "Goedemiddag, welkom!"),
                ("procedure_proposal", 2, "We hebben tien minuten."),
                ("asks_home", 2, "Hoe gaat het thuis met lezen?"),
            ],
        )
        two = _analysis(
            TALK_2,
            [
                ("welcome", 0, "Hallo, fijn dat u er bent."),
                ("asks_home", 2, "Vertelt hij thuis over school?"),
            ],
        )
        for analysis, title in ((one, "Gesprek een"), (two, "Gesprek twee")):
            session = store.create(SessionMeta(title=title, teacher="Anouk"))
            store.save_transcript(session, analysis.transcript)
            store.save_analysis(session, analysis)
            if analysis is one:
                home = next(f for f in one.detection.findings if f.item == "asks_home")
                reviews = {
                    "welcome": ItemReview("confirmed"),
                    "procedure_proposal": ItemReview("rejected"),
                    "asks_home": ItemReview(rejected_findings=[finding_key(home)]),
                    "names_qualities": ItemReview("confirmed"),
                    "closing": ItemReview("rejected"),
                }
            else:
                reviews = {
                    "welcome": ItemReview("confirmed"),
                    "asks_home": ItemReview("confirmed"),
                    "names_qualities": ItemReview("rejected"),
                    "procedure_proposal": ItemReview("confirmed"),
                    "put_at_ease": ItemReview("pending"),  # touched but undecided: no label
                }
            for item_id, review in reviews.items():
                store.save_item_review(session, item_id, review)
        store.create(SessionMeta(title="Nog niet beoordeeld"))
    return data


def test_kappa_of_a_two_by_two_table():
    assert cohen_kappa(3, 2, 2, 2) == pytest.approx(0.1)
    assert cohen_kappa(0, 1, 1, 0) == pytest.approx(-1.0)
    assert cohen_kappa(5, 0, 0, 5) == pytest.approx(1.0)
    assert cohen_kappa(4, 0, 0, 0) is None
    assert cohen_kappa(0, 0, 0, 0) is None


def test_table_matches_the_hand_computation(data_dir: Path):
    with SessionStore(data_dir) as store:
        table = store_agreement(store)
    assert len(table.sessions) == 2
    rows = {row.item: row for row in table.items}
    welcome, proposal, home = rows["welcome"], rows["procedure_proposal"], rows["asks_home"]
    assert (welcome.talks, welcome.prefilled, welcome.confirmed, welcome.kappa) == (2, 2, 2, None)
    assert (proposal.talks, proposal.prefilled, proposal.confirmed) == (2, 1, 0)
    assert (proposal.tool_missed, proposal.added) == (1, 1)
    assert proposal.kappa == pytest.approx(-1.0)
    assert (home.talks, home.prefilled, home.confirmed, home.added) == (2, 2, 1, 0)
    assert home.kappa == pytest.approx(0.0)
    qualities = rows["names_qualities"]
    assert (qualities.talks, qualities.tool_missed, qualities.added) == (2, 2, 1)
    assert (rows["closing"].talks, rows["closing"].added) == (1, 0)
    assert rows["put_at_ease"].talks == 0  # pending: not a decision
    overall = table.overall
    assert (overall.talks, overall.decisions, overall.prefilled, overall.confirmed) == (2, 9, 5, 3)
    assert (overall.tool_missed, overall.added) == (4, 2)
    assert overall.kappa == pytest.approx(0.1)
    assert overall.too_few and MIN_TALKS > 2
    text = table_to_text(table)
    assert "te weinig gesprekken" in text and "2 beoordeelde gesprekken" in text


def test_cli_prints_the_same_table(data_dir: Path):
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "agreement", "--data", str(data_dir)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    with SessionStore(data_dir) as store:
        assert done.stdout == table_to_text(store_agreement(store))
    proposal = next(line for line in done.stdout.splitlines() if "procedurevoorstel" in line)
    assert "0/1 (0%)" in proposal and "1/1 (100%)" in proposal and "-1,00" in proposal
    as_json = subprocess.run(
        [sys.executable, "-m", "analysis", "agreement", "--data", str(data_dir), "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert json.loads(as_json.stdout)["overall"]["kappa"] == pytest.approx(0.1)


def test_cli_with_a_missing_data_folder_is_one_line_exit_2(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "agreement", "--data", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


def test_labelled_export_is_pseudonymised_and_rereads_with_evaluate(data_dir: Path, tmp_path: Path):
    out = tmp_path / "export"
    with SessionStore(data_dir) as store:
        written = export_labelled(reviewed_sessions(store), out)
    assert [p.name for p in written] == ["gesprek-01.txt", "gesprek-02.txt"]
    texts = {p.name: p.read_text(encoding="utf-8") for p in written}
    assert not any("Anouk" in t or "Bram" in t for t in texts.values())
    labels = {p.name: read_labels(p.with_name(p.stem + ".labels.json")) for p in written}
    by_talk = {
        name: {item for items in lab.items.values() for item in items}
        for name, lab in labels.items()
    }
    # Exactly one export has the rejected proposal gone and the confirmed one kept.
    assert {"welcome"} in by_talk.values()  # talk 1: asks_home "klopt niet", proposal rejected
    assert {"welcome", "asks_home"} in by_talk.values()  # talk 2: both confirmed
    forms = [lab.form for lab in labels.values()]
    # Items the coach added have no quote: in the form, on no turn.
    assert any(f["names_qualities"] and not f["asks_home"] for f in forms)
    assert any(f["procedure_proposal"] and f["asks_home"] for f in forms)
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "evaluate", str(out), "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["conversations"] == ["gesprek-01", "gesprek-02"]
    assert not [w for w in result.get("warnings", []) if "is not" in w]
