"""What the commands write: results to stdout or a file, a progress bar on stderr."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

from analysis.errors import TranscriptError
from analysis.records import Segment

_BAR_WIDTH = 30


def write_output(content: str | bytes, output: Path | None) -> None:
    """``content`` (text, or a binary file) to stdout, or to the file ``output``
    (:class:`TranscriptError` if it cannot be written)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is None:
        if isinstance(content, str):
            sys.stdout.write(content)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise TranscriptError(
            f"cannot write {output}: {exc.strerror}", f"Kan '{output}' niet schrijven."
        ) from exc


class ProgressBar:
    """A one-line text progress bar (fraction done) on a stream, redrawn in place."""

    def __init__(self, stream: TextIO, label: str = "") -> None:
        self.stream = stream
        self.label = label
        self.started = time.monotonic()
        self.drawn = False
        self._last = -1

    def __call__(self, fraction: float, segments: list[Segment]) -> None:
        """Redraw for ``fraction`` (0..1); called by the transcription."""
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
        if percent >= 100:  # done: the line ends before anything else is printed
            self.close()

    def close(self) -> None:
        """End the bar's line (if one was drawn)."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


def progress_bar(path: Path, show: bool | None = None) -> ProgressBar | None:
    """A progress bar on stderr for transcribing ``path`` if ``show`` (default: on a tty)."""
    if show is None:
        show = sys.stderr.isatty()
    return ProgressBar(sys.stderr, f"{Path(path).name} ") if show else None
