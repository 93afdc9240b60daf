"""``transcribe AUDIO``: a recording as a transcript, with its speakers separated."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from analysis import workflow
from analysis.cli.args import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_model_options,
    add_output_option,
    add_progress_options,
    add_speakers_option,
    fail,
    model_options,
    note,
    positive,
)
from analysis.cli.output import progress_bar, write_output
from analysis.errors import AnalysisError, AudioError
from analysis.transcribe import BACKENDS, TranscribeOptions
from analysis.transcript_io import TRANSCRIPT_FORMATS, write_transcript


def _language(value: str) -> str | None:
    value = value.strip().lower()
    return None if value == "auto" else value


def options_from_args(args: argparse.Namespace) -> TranscribeOptions:
    """:class:`TranscribeOptions` from parsed command-line arguments."""
    chosen = {"language": args.language, "beam_size": args.beam_size, "threads": args.threads}
    return replace(model_options(args), backend=args.backend, **chosen)


def run(args: argparse.Namespace) -> int:
    """Transcribe and separate the speakers; errors print one line on stderr and return 2."""
    path = Path(args.audio)
    try:
        workflow.check_input_file(path, AudioError)
        bar = progress_bar(path, args.progress)
        try:
            transcript = workflow.transcribe_recording(path, options_from_args(args), bar)
        finally:
            if bar is not None:
                bar.close()
        transcript = workflow.separate_speakers(path, transcript, args.speakers)
        warning = workflow.language_warning(transcript)
        for line in ([warning] if warning else []) + workflow.speaker_lines(transcript):
            note(line)
        write_output(write_transcript(transcript, args.format), args.output)
    except AnalysisError as exc:
        fail(exc.message)
        return EXIT_BAD_INPUT
    return EXIT_OK


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``transcribe`` subcommand's options."""
    parser.description = (
        "Transcribe a recording (wav, mp3, m4a, ogg, opus, flac, webm, mp4, ...) offline with "
        "Whisper."
    )
    parser.add_argument("audio", metavar="AUDIO", help="the recording")
    parser.add_argument(
        "--format", choices=tuple(TRANSCRIPT_FORMATS), default="json", help="output format"
    )
    add_output_option(parser)
    parser.add_argument("--backend", choices=tuple(BACKENDS), default="faster-whisper")
    add_model_options(parser)
    parser.add_argument(
        "--language",
        type=_language,
        default="nl",
        help="language code such as nl, or 'auto' to detect it (default: nl)",
    )
    parser.add_argument("--beam-size", type=positive, default=5, help="beam size (default 5)")
    add_speakers_option(parser)
    parser.add_argument("--threads", type=positive, default=2, help="CPU threads (default 2)")
    add_progress_options(
        parser,
        always="always show the progress bar on stderr (default: only on a terminal)",
        never="never show it",
    )
    parser.set_defaults(func=run)
