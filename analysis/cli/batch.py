"""``batch DIR_OR_FILES... -o OUT``: transcribe and analyse many talks in parallel."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.batch import BatchConfig, run_batch, summary_line
from analysis.cli.args import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_progress_options,
    add_speakers_option,
    note,
    positive,
)


def run(args: argparse.Namespace) -> int:
    """Run ``batch``. Exit 0 when at least one talk has a result in OUT (now or from an
    earlier run), also when others failed; 2 when none has (every file failed or lacked
    consent). A batch that cannot start (nothing found, a bad consent list, no Ray cluster)
    raises :class:`~analysis.batch.records.BatchError`, which the CLI prints (exit 2)."""
    config = BatchConfig(
        inputs=[Path(item) for item in args.inputs],
        out=Path(args.output),
        workers=args.workers,
        ray_address=args.ray,
        consent_csv=Path(args.consent) if args.consent else None,
        num_speakers=args.speakers,
        force=args.force,
        progress=args.progress,
        verbose=args.verbose,
    )
    report = run_batch(config, sys.stderr)
    note(summary_line(report, config.out))
    return EXIT_OK if report.results else EXIT_BAD_INPUT


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``batch`` subcommand's options."""
    parser.description = (
        "Find recordings and transcripts in folders (with subfolders) or named "
        "files, and transcribe and analyse each in parallel worker processes (or on a Ray "
        "cluster). Writes OUT/<talk>.json and .md, OUT/summary.csv and OUT/failures.log; a "
        "second run skips the talks already finished. A recording needs a consent record: "
        "a sidecar <recording>.consent.json/.toml/.txt with 'by' and 'date', or a row in "
        "--consent FILE.csv (columns file,by,date)."
    )
    parser.add_argument("inputs", nargs="+", metavar="DIR_OR_FILE")
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="folder for the results"
    )
    parser.add_argument(
        "--workers",
        type=positive,
        metavar="N",
        help="parallel workers (default: min(2, cores); with --ray one per cluster CPU)",
    )
    parser.add_argument(
        "--ray",
        metavar="ADDRESS",
        help="run on the Ray cluster at ADDRESS (host:port of 'ray start --head', or auto)",
    )
    parser.add_argument(
        "--consent", metavar="FILE.csv", help="consent list with the columns file,by,date"
    )
    add_speakers_option(parser)
    parser.add_argument(
        "--force", action="store_true", help="process talks an earlier run finished again"
    )
    add_progress_options(
        parser,
        always="redraw the progress bar in place (default: only on a terminal)",
        never="print one progress line per talk instead",
    )
    parser.set_defaults(func=run)
