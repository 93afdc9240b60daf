"""Shared fixtures and paths for the test suite."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATA = TESTS / "data"
TRANSCRIPTS = DATA / "transcripts"
SHARED = REPO.parent / "shared"
DEV_SET = SHARED / "dev-set"
SAMPLES = REPO / "samples"


def dev_set_files() -> list[Path]:
    """The labelled dev-set talks (read by path from ../shared; never copied)."""
    return sorted(DEV_SET.glob("*.txt"))
