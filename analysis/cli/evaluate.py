"""``evaluate DIR``: score the detector on labelled talks."""

from __future__ import annotations

import argparse
import json
from functools import partial
from pathlib import Path

from analysis.cli.args import EXIT_OK, add_output_option
from analysis.cli.output import write_output
from analysis.evaluate import evaluate_folder, evaluation_to_dict, evaluation_to_text
from analysis.pipeline import analyse


def run(args: argparse.Namespace) -> int:
    """Score the talks of ``DIR`` and print the scores (text or JSON)."""
    analyse_fn = partial(analyse, second_opinion=args.second_opinion)
    evaluation = evaluate_folder(Path(args.folder), analyse_fn, split=args.split, asr=args.asr)
    if args.json:
        text = json.dumps(evaluation_to_dict(evaluation), indent=2) + "\n"
    else:
        text = evaluation_to_text(evaluation)
    write_output(text, args.output)
    return EXIT_OK


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``evaluate`` subcommand."""
    parser.add_argument("folder", metavar="DIR")
    parser.add_argument(
        "--split", metavar="PART", help="only talks of DIR/split.json's PART (test, train,dev)"
    )
    parser.add_argument(
        "--asr", action="store_true", help="score lowercase copies without punctuation"
    )
    parser.add_argument(
        "--second-opinion",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="add the statistical model's findings (default: as shipped, see "
        "docs/second-opinion.md)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_output_option(parser)
    parser.set_defaults(func=run)
