"""``convert INPUT --to FORMAT``: rewrite a transcript in another format."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis import transcript_io
from analysis.cli.args import (
    EXIT_OK,
    add_output_option,
    add_role_options,
    role_overrides,
)
from analysis.cli.output import write_output
from analysis.transcript_io import TRANSCRIPT_FORMATS


def run(args: argparse.Namespace) -> int:
    """Read the transcript (roles as given) and write it in ``--to``."""
    transcript = transcript_io.read_transcript(Path(args.input), roles=role_overrides(args))
    write_output(transcript_io.write_transcript(transcript, args.to), args.output)
    return EXIT_OK


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``convert`` subcommand."""
    names = tuple(TRANSCRIPT_FORMATS)
    parser.description = f"Rewrite a transcript as {', '.join(names[:-1])} or {names[-1]}."
    parser.add_argument("input", metavar="INPUT")
    parser.add_argument("--to", choices=names, required=True)
    add_output_option(parser)
    add_role_options(parser)
    parser.set_defaults(func=run)
