"""Command line: ``python -m analysis analyse|convert|evaluate|hash-password|transcribe|batch|
agreement|export``, also installed as the console script ``gesprekscoach``.

One module per command (``register`` adds its subparser, ``run`` runs it), one module the
commands share (:mod:`.args`: exit codes, parser, options) and their output (:mod:`.output`).
The steps themselves are :mod:`analysis.workflow`'s. Every expected failure prints one line
on stderr and exits with code 2 (control characters in the message, such as a newline in a
file name, are escaped); there are no tracebacks for bad input. Inputs must be regular files
(no pipes or devices); transcripts have the limits of :mod:`analysis.transcript_io`.
"""

from __future__ import annotations

from analysis.cli.app import build_parser, main

__all__ = ["build_parser", "main"]
