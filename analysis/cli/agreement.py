"""``gesprekscoach agreement``: the tool-vs-coach agreement table, and the labelled export."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from analysis.agreement import (
    agreement,
    export_labelled,
    reviewed_sessions,
    table_to_dict,
    table_to_text,
)
from analysis.cli.args import EXIT_OK, add_store_options, data_dir, note
from analysis.store import SessionStore


def run(args: argparse.Namespace) -> int:
    """Print the agreement table of the session store; with ``--export DIR`` also write the
    reviewed talks as pseudonymised labelled data."""
    with SessionStore(data_dir(args), owner=args.coach) as store:
        sessions = reviewed_sessions(store, args.teacher)
    table = agreement(sessions)
    if args.json:
        sys.stdout.write(json.dumps(table_to_dict(table), indent=2) + "\n")
    else:
        sys.stdout.write(table_to_text(table))
    if args.export:
        written = export_labelled(sessions, Path(args.export))
        note(f"wrote {len(written)} labelled talks to {args.export}")
    return EXIT_OK


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``agreement`` subcommand."""
    add_store_options(parser)
    parser.add_argument("--teacher", metavar="NAME", help="only talks of this teacher")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--export", metavar="DIR", help="also write the reviewed talks as labelled data"
    )
    parser.set_defaults(func=run)
