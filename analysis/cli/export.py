"""``export SESSION``: the reviewed form of a stored talk as Word, PDF, Markdown or JSON."""

from __future__ import annotations

import argparse

from analysis.cli.args import (
    EXIT_OK,
    add_output_option,
    add_store_options,
    data_dir,
)
from analysis.cli.output import write_output
from analysis.errors import AnalysisError
from analysis.export import EXPORT_FORMATS, ReportInput
from analysis.store import SessionStore


def run(args: argparse.Namespace) -> int:
    """Write the session's reviewed form (the coach's verdicts where given) in ``--format``."""
    with SessionStore(data_dir(args), owner=args.coach) as store:
        session = store.get(args.session)
    if session.analysis is None:
        raise AnalysisError(
            f"session {args.session} has no analysis yet",
            "Dit gesprek is nog niet geanalyseerd.",
        )
    fmt = EXPORT_FORMATS[args.format]
    source = ReportInput(session.analysis, session.review, session.meta, session.consent)
    write_output(fmt.write(source), args.output)
    return EXIT_OK


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``export`` subcommand."""
    parser.add_argument("session", metavar="SESSION", help="the session id")
    parser.add_argument(
        "--format", choices=tuple(EXPORT_FORMATS), default="docx", help="file format"
    )
    add_output_option(parser)
    add_store_options(parser)
    parser.set_defaults(func=run)
