"""The ``gesprekscoach`` program: the parser with every command, and :func:`main`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from analysis.cli import (
    agreement,
    analyse,
    batch,
    convert,
    evaluate,
    export,
    hash_password,
    transcribe,
)
from analysis.cli.args import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    PROG,
    Parser,
    fail,
    note,
)
from analysis.errors import AnalysisError

logger = logging.getLogger(__name__)

#: The commands in the order ``--help`` lists them; each module has ``register`` and ``run``.
COMMANDS = (analyse, convert, evaluate, hash_password, transcribe, batch, agreement, export)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with all subcommands."""
    parser = Parser(
        prog=PROG,
        description="Gesprekscoach: analyse Dutch parent-teacher talks for peer coaching.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if hasattr(sys.stdout, "reconfigure"):  # a character the terminal cannot show is no crash
        sys.stdout.reconfigure(errors="replace")
    try:
        return int(args.func(args))
    except AnalysisError as exc:
        fail(exc.message)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        note("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader of our output went away (``... | head``)
        _quiet_stdout()
        return EXIT_INTERNAL
    except MemoryError:
        fail("not enough memory for this input")
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: one line, and the traceback with --verbose
        if args.verbose:
            logger.exception("internal error")
        fail(f"internal error: {exc.__class__.__name__}: {exc} (details with --verbose)")
        return EXIT_INTERNAL


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so Python's exit flush cannot fail on a closed pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file behind stdout: nothing left to flush
        return
