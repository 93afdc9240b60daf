"""``analyse INPUT``: find the behaviours in a transcript or recording and print the form."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from analysis import workflow
from analysis.cli.args import (
    EXIT_OK,
    add_model_options,
    add_output_option,
    add_role_options,
    add_speakers_option,
    model_options,
    note,
    role_overrides,
)
from analysis.cli.output import progress_bar, write_output
from analysis.records import Transcript
from analysis.report import RENDERERS
from analysis.transcribe import TranscribeOptions
from analysis.transcript_io import TRANSCRIPT_FORMATS


def load_input(
    path: Path,
    roles: dict[str, list[str]],
    num_speakers: int | None = None,
    options: TranscribeOptions | None = None,
) -> Transcript:
    """The talk at ``path`` (:func:`analysis.workflow.read_talk`), with a progress bar while a
    recording is transcribed and its speakers and roles on stderr."""
    bar = progress_bar(path) if workflow.is_recording(path) else None
    try:
        transcript = workflow.read_talk(
            path, roles=roles, num_speakers=num_speakers, options=options, progress=bar
        )
    finally:
        if bar is not None:
            bar.close()
    for line in workflow.read_notes(path, transcript):
        note(line)
    return transcript


def run(args: argparse.Namespace) -> int:
    """Read or transcribe the input, analyse it and write the form in ``--format``."""
    # One talk per process: Whisper's memory goes before separation and spaCy need theirs.
    options = replace(model_options(args), keep_model=False)
    transcript = load_input(Path(args.input), role_overrides(args), args.speakers, options)
    missing = workflow.teacher_missing(transcript)
    if missing:
        note(f"{missing}, so no behaviour can be found; name one with --teacher NAME")
    write_output(RENDERERS[args.format](workflow.analyse(transcript)), args.output)
    return EXIT_OK


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``analyse`` subcommand's options."""
    parser.description = (
        f"Analyse a transcript ({'/'.join(TRANSCRIPT_FORMATS)}) or a recording: findings, "
        "metrics and the pre-filled form."
    )
    parser.add_argument("input", metavar="INPUT")
    parser.add_argument("--format", choices=tuple(RENDERERS), default="json", help="output format")
    add_output_option(parser)
    add_role_options(parser)
    add_speakers_option(parser)
    add_model_options(parser)  # for a recording: which Whisper model, names to spell right
    parser.set_defaults(func=run)
