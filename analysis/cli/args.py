"""What the commands share: exit codes, the argument parser, options and error lines.

Every expected failure prints one line on stderr and exits with :data:`EXIT_BAD_INPUT`
(control characters in the message, such as a newline in a file name, are escaped).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from analysis.console import EXIT_INTERRUPTED, PROG, note
from analysis.errors import AnalysisError
from analysis.transcribe import TranscribeOptions

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
# EXIT_INTERRUPTED (130, Ctrl-C) is analysis.console's: the store's exit hook leaves with it too.

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "PROG",
    "Parser",
    "add_model_options",
    "add_output_option",
    "add_progress_options",
    "add_role_options",
    "add_speakers_option",
    "add_store_options",
    "data_dir",
    "fail",
    "model_options",
    "note",
    "positive",
    "role_overrides",
]


def fail(message: str) -> None:
    """``gesprekscoach: error: message`` as one line on stderr."""
    note(f"error: {message}")


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr (exit 2), like bad input."""

    def error(self, message: str) -> NoReturn:
        fail(f"{message} (see '{self.prog} --help')")
        raise SystemExit(EXIT_BAD_INPUT)


def positive(value: str) -> int:
    """An ``argparse`` type: a whole number of 1 or more."""
    try:
        number = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from exc
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """``-o FILE``: write to a file instead of stdout."""
    parser.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")


def add_role_options(parser: argparse.ArgumentParser) -> None:
    """``--teacher/--parent/--child NAME``: the user's roles for speakers (repeatable)."""
    group = parser.add_argument_group("roles (override what the speaker names suggest)")
    for role in ("teacher", "parent", "child"):
        group.add_argument(
            f"--{role}",
            action="append",
            metavar="NAME",
            help=f"speaker NAME is the {role} (repeatable)",
        )


def role_overrides(args: argparse.Namespace) -> dict[str, list[str]]:
    """The roles given with ``--teacher/--parent/--child``: role → speaker names."""
    overrides = {
        "teacher": args.teacher or [],
        "parent": args.parent or [],
        "child": args.child or [],
    }
    return {role: names for role, names in overrides.items() if names}


def add_speakers_option(parser: argparse.ArgumentParser) -> None:
    """``--speakers N`` for commands that take a recording."""
    parser.add_argument(
        "--speakers",
        type=int,
        choices=range(1, 5),
        metavar="N",
        help="number of speakers in a recording (1-4); default: found from the audio; "
        "1 skips speaker separation",
    )


MODEL_HELP = (
    "'base' (built in, offline), small, medium, large-v3-turbo, large-v3 (downloaded once "
    "when online), or a local CTranslate2 model folder (openai-whisper: a .pt file)"
)
HOTWORDS_HELP = (
    'names and words to spell right, e.g. "Juf Anouk, Sanne" (given to Whisper as hotwords)'
)


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """``--model`` and ``--hotwords``, for commands that may transcribe a recording."""
    parser.add_argument("--model", default="base", help=MODEL_HELP)
    parser.add_argument("--hotwords", metavar="WORDS", help=HOTWORDS_HELP)


def model_options(args: argparse.Namespace) -> TranscribeOptions:
    """:class:`TranscribeOptions` with the ``--model``/``--hotwords`` of ``args``."""
    return TranscribeOptions(model=args.model, hotwords=args.hotwords)


def add_progress_options(parser: argparse.ArgumentParser, always: str, never: str) -> None:
    """``--progress``/``--no-progress`` (default: a progress bar only on a terminal)."""
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress", dest="progress", action="store_true", default=None, help=always
    )
    progress.add_argument("--no-progress", dest="progress", action="store_false", help=never)


def add_store_options(parser: argparse.ArgumentParser) -> None:
    """``--data DIR`` and ``--coach LOGIN``: which session store, whose sessions."""
    parser.add_argument("--data", metavar="DIR", help="data folder (default: the app's)")
    parser.add_argument("--coach", metavar="LOGIN", help="only this coach's sessions")


def data_dir(args: argparse.Namespace) -> Path | None:
    """The ``--data`` folder (``None``: the app's); :class:`AnalysisError` if it is missing."""
    if not args.data:
        return None
    folder = Path(args.data)
    if not folder.is_dir():
        raise AnalysisError(f"{folder}: no such data folder", f"De map '{folder}' bestaat niet.")
    return folder
