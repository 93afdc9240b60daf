"""``transcribe AUDIO``: the command-line subcommand (wired in by :mod:`analysis.cli`)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from analysis.errors import AnalysisError, AudioError
from analysis.records import Segment, Transcript
from analysis.transcribe.backends import BACKENDS
from analysis.transcribe.options import TranscribeOptions

FORMATS = ("json", "txt", "srt", "vtt")
EXIT_OK = 0
EXIT_BAD_INPUT = 2
PROG = "gesprekscoach"
_BAR_WIDTH = 30


class ProgressBar:
    """A one-line text progress bar (fraction done) on a stream, redrawn in place."""

    def __init__(self, stream: TextIO, label: str = "") -> None:
        self.stream = stream
        self.label = label
        self.started = time.monotonic()
        self.drawn = False
        self._last = -1

    def __call__(self, fraction: float, segments: list[Segment]) -> None:
        """Redraw for ``fraction`` (0..1); called by :func:`transcribe`."""
        percent = int(fraction * 100)
        if percent == self._last:
            return
        self._last = percent
        filled = int(fraction * _BAR_WIDTH)
        bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
        elapsed = time.monotonic() - self.started
        self.stream.write(f"\r{self.label}[{bar}] {percent:3d}%  {elapsed:5.0f} s")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """End the bar's line (if one was drawn)."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


def transcribe_with_progress(
    path: Path, options: TranscribeOptions | None = None, show: bool | None = None
) -> Transcript:
    """Transcribe ``path``, drawing a progress bar on stderr if ``show`` (default: on a tty)."""
    from analysis.transcribe.engine import transcribe

    if show is None:
        show = sys.stderr.isatty()
    bar = ProgressBar(sys.stderr, f"{Path(path).name} ") if show else None
    try:
        return transcribe(Path(path), options, bar)
    finally:
        if bar is not None:
            bar.close()


def _language(value: str) -> str | None:
    value = value.strip().lower()
    return None if value == "auto" else value


def options_from_args(args: argparse.Namespace) -> TranscribeOptions:
    """:class:`TranscribeOptions` from parsed command-line arguments."""
    return TranscribeOptions(
        backend=args.backend,
        model=args.model,
        language=args.language,
        beam_size=args.beam_size,
        threads=args.threads,
        hotwords=args.hotwords,
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


def run(args: argparse.Namespace) -> int:
    """Run ``transcribe``; errors print one line on stderr and return 2."""
    from analysis.cli import check_input_file, one_line
    from analysis.transcript_io import write_transcript

    try:
        check_input_file(Path(args.audio), AudioError)
        transcript = transcribe_with_progress(
            Path(args.audio), options_from_args(args), show=args.progress
        )
        from analysis.cli import report_speakers, warn_other_language

        warn_other_language(transcript)
        if args.speakers != 1:
            from analysis.diarize import separate_speakers

            transcript = separate_speakers(Path(args.audio), transcript, args.speakers)
        report_speakers(transcript)
        text = write_transcript(transcript, args.format)
        if args.output is None:
            sys.stdout.write(text)
        else:
            try:
                Path(args.output).write_text(text, encoding="utf-8")
            except OSError as exc:
                message = f"cannot write {args.output}: {exc.strerror}"
                print(f"{PROG}: error: {one_line(message)}", file=sys.stderr)
                return EXIT_BAD_INPUT
    except AnalysisError as exc:
        print(f"{PROG}: error: {one_line(exc.message)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``transcribe`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "transcribe",
        help="transcribe a recording with a local Whisper model",
        description="Transcribe a recording (wav, mp3, m4a, ogg, opus, flac, webm, mp4, ...) "
        "offline with Whisper.",
    )
    parser.add_argument("audio", metavar="AUDIO", help="the recording")
    parser.add_argument("--format", choices=FORMATS, default="json", help="output format")
    parser.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")
    parser.add_argument("--backend", choices=BACKENDS, default="faster-whisper")
    add_model_options(parser)
    parser.add_argument(
        "--language",
        type=_language,
        default="nl",
        help="language code such as nl, or 'auto' to detect it (default: nl)",
    )
    parser.add_argument("--beam-size", type=_positive, default=5, help="beam size (default 5)")
    from analysis.cli import add_speakers_option

    add_speakers_option(parser)
    parser.add_argument("--threads", type=_positive, default=2, help="CPU threads (default 2)")
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="always show the progress bar on stderr (default: only on a terminal)",
    )
    progress.add_argument(
        "--no-progress", dest="progress", action="store_false", help="never show it"
    )
    parser.set_defaults(func=run)
