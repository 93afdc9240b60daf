"""``batch DIR_OR_FILES... -o OUT``: the command-line subcommand (wired in by
:mod:`analysis.cli`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.batch.records import BatchConfig

EXIT_OK = 0
EXIT_NOTHING_DONE = 2
PROG = "gesprekscoach"


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from exc
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def run(args: argparse.Namespace) -> int:
    """Run ``batch``. Exit 0 when at least one talk has a result in OUT (now or from an
    earlier run), also when others failed; 2 when none has (every file failed or lacked
    consent). A batch that cannot start (nothing found, a bad consent list, no Ray cluster)
    raises :class:`~analysis.batch.records.BatchError`, which the CLI prints (exit 2)."""
    from analysis.batch.runner import run_batch, summary_line

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
    print(f"{PROG}: {summary_line(report, config.out)}", file=sys.stderr)
    return EXIT_OK if report.results else EXIT_NOTHING_DONE


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``batch`` subcommand to ``subparsers``."""
    from analysis.cli import add_speakers_option

    parser = subparsers.add_parser(
        "batch",
        help="transcribe and analyse many recordings and transcripts in parallel",
        description="Find recordings and transcripts in folders (with subfolders) or named "
        "files, and transcribe and analyse each in parallel worker processes (or on a Ray "
        "cluster). Writes OUT/<talk>.json and .md, OUT/summary.csv and OUT/failures.log; a "
        "second run skips the talks already finished. A recording needs a consent record: "
        "a sidecar <recording>.consent.json/.toml/.txt with 'by' and 'date', or a row in "
        "--consent FILE.csv (columns file,by,date).",
    )
    parser.add_argument("inputs", nargs="+", metavar="DIR_OR_FILE")
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="folder for the results"
    )
    parser.add_argument(
        "--workers",
        type=_positive,
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
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="redraw the progress bar in place (default: only on a terminal)",
    )
    progress.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        help="print one progress line per talk instead",
    )
    parser.set_defaults(func=run)
