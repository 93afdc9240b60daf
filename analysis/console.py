"""What the command-line tools print: the program's name and one-line messages.

Shared by the command line (:mod:`analysis.cli`) and the batch runner (:mod:`analysis.batch`),
which both write messages such as ``gesprekscoach: error: …`` on stderr.
"""

from __future__ import annotations

import sys
import unicodedata
from typing import TextIO

#: The program's name: the console script, and the first word of every message.
PROG = "gesprekscoach"

#: The exit code of a process ended by Ctrl-C (SIGINT), the shell's code: the command line and
#: the store's exit hook for an interrupted transcription both leave with it.
EXIT_INTERRUPTED = 130


def one_line(message: str) -> str:
    """``message`` with line breaks, other control characters and lone surrogates escaped
    (``\\n``, ``\\x00``, ``\\ud800``), so it prints as exactly one line."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in {"Cc", "Zl", "Zp", "Cs"}
        else ch
        for ch in message
    )


def note(message: str, stream: TextIO | None = None) -> None:
    """One line ``gesprekscoach: message`` on ``stream`` (default stderr); names from the input
    cannot break it or send terminal escapes."""
    stream = stream if stream is not None else sys.stderr
    stream.write(f"{PROG}: {one_line(message)}\n")
    stream.flush()
