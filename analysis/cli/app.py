"""The ``gesprekscoach`` program: the parser with every command, and :func:`main`."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

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


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, the module that adds its options and runs it, its summary."""

    name: str
    module: str
    summary: str
    aliases: tuple[str, ...] = ()


#: The command registry, in the order ``--help`` lists them. Each module has ``register(parser)``
#: (adds the command's options, sets ``func``) and ``run(args)``. A module is imported only when
#: its command runs (as pip does): most commands load the Dutch language model, and
#: ``gesprekscoach --help`` or a mistyped command should not wait seconds for it.
COMMANDS = (
    Command(
        "analyse",
        "analysis.cli.analyse",
        "analyse a transcript or a recording",
        aliases=("analyze",),
    ),
    Command("convert", "analysis.cli.convert", "rewrite a transcript in another format"),
    Command("evaluate", "analysis.cli.evaluate", "score the detector on labelled talks"),
    Command(
        "hash-password",
        "analysis.cli.hash_password",
        "make a password hash for the users file (shared installations)",
    ),
    Command(
        "transcribe", "analysis.cli.transcribe", "transcribe a recording with a local Whisper model"
    ),
    Command(
        "batch",
        "analysis.cli.batch",
        "transcribe and analyse many recordings and transcripts in parallel",
    ),
    Command(
        "agreement",
        "analysis.cli.agreement",
        "how often the tool agrees with the coach's reviews, per item",
    ),
    Command(
        "export",
        "analysis.cli.export",
        "write the reviewed form of a stored talk (Word, PDF, Markdown, JSON)",
    ),
)


def command_module(command: Command) -> ModuleType:
    """The module of ``command`` (imported on first use)."""
    return importlib.import_module(command.module)


def _chosen(argv: Sequence[str]) -> Command | None:
    """The command named first in ``argv`` (before it only the global options), or None."""
    for arg in argv:
        if arg.startswith("-"):
            continue
        return next((c for c in COMMANDS if arg == c.name or arg in c.aliases), None)
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``argv``, only the command it names gets its options.

    Without ``argv`` every command is complete (for tests and documentation). With it, the
    other commands are listed by name and summary only, so that their modules (and the
    language model most of them need) are not loaded.
    """
    chosen = None if argv is None else _chosen(argv)
    parser = Parser(
        prog=PROG,
        description="Gesprekscoach: analyse Dutch parent-teacher talks for peer coaching.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        subparser = sub.add_parser(
            command.name, aliases=list(command.aliases), help=command.summary
        )
        if argv is None or command is chosen:
            command_module(command).register(subparser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
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
