"""Command line: ``python -m analysis analyse|evaluate|convert|transcribe|batch``.

Also installed as the console script ``gesprekscoach``.

Every expected failure prints one line on stderr and exits with code 2 (control characters in
the message, such as a newline in a file name, are escaped); there are no tracebacks for bad
input. Inputs must be regular files (no pipes or devices); transcripts have the limits of
:mod:`analysis.transcript_io`.
"""

from __future__ import annotations

import argparse
import logging
import os
import stat
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from analysis.errors import AnalysisError, AudioError, TranscriptError
from analysis.records import Transcript

if TYPE_CHECKING:
    from analysis.transcribe import TranscribeOptions

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
PROG = "gesprekscoach"

logger = logging.getLogger(__name__)


def one_line(message: str) -> str:
    """``message`` with line breaks, other control characters and lone surrogates escaped
    (``\\n``, ``\\x00``, ``\\ud800``), so it prints as exactly one line."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in {"Cc", "Zl", "Zp", "Cs"}
        else ch
        for ch in message
    )


def _fail(message: str) -> None:
    _note(f"error: {message}")


def _note(message: str) -> None:
    """One line on stderr; names from the input cannot break it or send terminal escapes."""
    print(f"{PROG}: {one_line(message)}", file=sys.stderr)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr (exit 2), like bad input."""

    def error(self, message: str) -> NoReturn:
        _fail(f"{message} (see '{self.prog} --help')")
        raise SystemExit(EXIT_BAD_INPUT)


def check_input_file(path: Path, error: type[AnalysisError] = TranscriptError) -> None:
    """Raise ``error`` unless ``path`` is a regular file (not missing, a folder, a pipe or a
    device), before anything tries to open it: opening a pipe would wait forever."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError as exc:
        raise error(f"{path}: file not found", f"Het bestand '{path.name}' bestaat niet.") from exc
    except OSError as exc:
        raise error(
            f"{path}: cannot be read ({exc.strerror})",
            f"Het bestand '{path.name}' kan niet gelezen worden.",
        ) from exc
    if stat.S_ISDIR(mode):
        raise error(f"{path}: is a folder, not a file", f"'{path.name}' is een map, geen bestand.")
    if not stat.S_ISREG(mode):
        raise error(
            f"{path}: not a regular file (a pipe, device or socket)",
            f"'{path.name}' is geen gewoon bestand.",
        )


def _role_overrides(args: argparse.Namespace) -> dict[str, list[str]]:
    overrides = {
        "teacher": args.teacher or [],
        "parent": args.parent or [],
        "child": args.child or [],
    }
    return {role: names for role, names in overrides.items() if names}


def _add_role_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("roles (override what the speaker names suggest)")
    for role, label in (("teacher", "teacher"), ("parent", "parent"), ("child", "child")):
        group.add_argument(
            f"--{role}",
            action="append",
            metavar="NAME",
            help=f"speaker NAME is the {label} (repeatable)",
        )


def _is_audio(path: Path) -> bool:
    from analysis.transcribe import AUDIO_EXTENSIONS

    return path.suffix.lower() in AUDIO_EXTENSIONS


def load_input(
    path: Path,
    roles: dict[str, list[str]],
    num_speakers: int | None = None,
    options: TranscribeOptions | None = None,
) -> Transcript:
    """A transcript from a transcript file or, for audio/video, by transcribing it, separating
    the speakers (unless ``num_speakers`` is 1) and proposing their roles."""
    from analysis.roles import apply_roles, proposed_from_talk
    from analysis.transcript_io import read_transcript

    if not _is_audio(path):
        transcript = read_transcript(path, roles=roles)
        if any(proposed_from_talk(speaker) for speaker in transcript.speakers):
            report_speakers(transcript)  # roles guessed from the talk: say which and why
        return transcript
    check_input_file(path, AudioError)
    from analysis.diarize import propose_roles, separate_speakers
    from analysis.transcribe.command import transcribe_with_progress

    transcript = transcribe_with_progress(path, options)
    warn_other_language(transcript)
    if num_speakers != 1:
        transcript = separate_speakers(path, transcript, num_speakers)
    transcript = apply_roles(transcript, roles)
    if any(roles.values()):  # guess the others around what the user set
        transcript = propose_roles(transcript, refresh=True)
    report_speakers(transcript)
    return transcript


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


def warn_other_language(transcript: Transcript) -> None:
    """One warning line on stderr when the recording sounds like another language."""
    if transcript.other_language:
        _note(
            f"warning: the recording sounds like '{transcript.detected_language}', "
            f"not '{transcript.language}'; the transcript and analysis may be unreliable"
        )


def report_speakers(transcript: Transcript) -> None:
    """The speakers of a transcribed recording and their proposed roles, on stderr."""
    for speaker in transcript.speakers:
        turns = sum(1 for turn in transcript.turns if turn.speaker == speaker.name)
        how = "proposed" if speaker.guessed else "set"
        reason = f" — {speaker.reason}" if speaker.reason else ""
        _note(f"{speaker.name}: {speaker.role} ({how}; {turns} turns){reason}")


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise TranscriptError(
            f"cannot write {output}: {exc.strerror}", f"Kan '{output}' niet schrijven."
        ) from exc


def cmd_analyse(args: argparse.Namespace) -> int:
    """``analyse INPUT``: find the behaviours and print the pre-filled form."""
    from analysis.pipeline import analyse
    from analysis.report import RENDERERS
    from analysis.transcribe.command import model_options

    transcript = load_input(
        Path(args.input), _role_overrides(args), args.speakers, model_options(args)
    )
    if not any(speaker.role == "teacher" for speaker in transcript.speakers):
        names = ", ".join(speaker.name for speaker in transcript.speakers)
        _note(
            f"warning: no speaker is a teacher ({names}), so no behaviour can be found; "
            "name one with --teacher NAME"
        )
    _write(RENDERERS[args.format](analyse(transcript)), args.output)
    return EXIT_OK


def cmd_convert(args: argparse.Namespace) -> int:
    """``convert INPUT --to FORMAT``: rewrite a transcript in another format."""
    from analysis.transcript_io import read_transcript, write_transcript

    transcript = read_transcript(Path(args.input), roles=_role_overrides(args))
    _write(write_transcript(transcript, args.to), args.output)
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    """``evaluate DIR``: score the detector on labelled conversations."""
    import json

    from analysis.evaluate import evaluate_folder, evaluation_to_dict, evaluation_to_text

    evaluation = evaluate_folder(Path(args.folder), split=args.split, asr=args.asr)
    if args.json:
        text = json.dumps(evaluation_to_dict(evaluation), indent=2) + "\n"
    else:
        text = evaluation_to_text(evaluation)
    _write(text, args.output)
    return EXIT_OK


def cmd_hash_password(args: argparse.Namespace) -> int:
    """``hash-password``: print a password hash for the users file of a shared installation."""
    import getpass

    from analysis.auth import AuthError, hash_password

    if sys.stdin.isatty():
        password = getpass.getpass("Wachtwoord: ")
        if getpass.getpass("Nog een keer: ") != password:
            raise AuthError("the passwords differ", "De wachtwoorden verschillen.")
    else:
        password = sys.stdin.readline().rstrip("\n")
    print(hash_password(password))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with all subcommands."""
    parser = _Parser(
        prog=PROG,
        description="Gesprekscoach: analyse Dutch parent-teacher talks for peer coaching.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyse_p = sub.add_parser(
        "analyse",
        aliases=["analyze"],
        help="analyse a transcript (txt/srt/vtt/json) or a recording",
    )
    analyse_p.add_argument("input", metavar="INPUT")
    analyse_p.add_argument(
        "--format", choices=("json", "markdown", "text"), default="json", help="output format"
    )
    analyse_p.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")
    _add_role_options(analyse_p)
    add_speakers_option(analyse_p)
    from analysis.transcribe.command import add_model_options

    add_model_options(analyse_p)  # for a recording: which Whisper model, names to spell right
    analyse_p.set_defaults(func=cmd_analyse)

    convert_p = sub.add_parser("convert", help="rewrite a transcript as txt, srt, vtt or json")
    convert_p.add_argument("input", metavar="INPUT")
    convert_p.add_argument("--to", choices=("txt", "srt", "vtt", "json"), required=True)
    convert_p.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")
    _add_role_options(convert_p)
    convert_p.set_defaults(func=cmd_convert)

    evaluate_p = sub.add_parser("evaluate", help="score the detector on labelled talks")
    evaluate_p.add_argument("folder", metavar="DIR")
    evaluate_p.add_argument(
        "--split", metavar="PART", help="only talks of DIR/split.json's PART (test, train,dev)"
    )
    evaluate_p.add_argument(
        "--asr", action="store_true", help="score lowercase copies without punctuation"
    )
    evaluate_p.add_argument("--json", action="store_true", help="print JSON")
    evaluate_p.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")
    evaluate_p.set_defaults(func=cmd_evaluate)

    hash_p = sub.add_parser(
        "hash-password", help="make a password hash for the users file (shared installations)"
    )
    hash_p.set_defaults(func=cmd_hash_password)

    from analysis.transcribe.command import register

    register(sub)
    from analysis.batch.command import register as register_batch

    register_batch(sub)
    from analysis.agreement_command import register as register_agreement

    register_agreement(sub)
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
        _fail(exc.message)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of our output went away (``... | head``)
        _quiet_stdout()
        return EXIT_INTERNAL
    except MemoryError:
        _fail("not enough memory for this input")
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: one line, and the traceback with --verbose
        if args.verbose:
            logger.exception("internal error")
        _fail(f"internal error: {exc.__class__.__name__}: {exc} (details with --verbose)")
        return EXIT_INTERNAL


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so Python's exit flush cannot fail on a closed pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file behind stdout: nothing left to flush
        return


if __name__ == "__main__":
    sys.exit(main())
