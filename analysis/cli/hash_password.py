"""``hash-password``: a password hash for the users file of a shared installation."""

from __future__ import annotations

import argparse
import getpass
import sys

from analysis.auth import AuthError, hash_password
from analysis.cli.args import EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Ask for the password twice on a terminal (else read one line) and print its hash."""
    if sys.stdin.isatty():
        password = getpass.getpass("Wachtwoord: ")
        if getpass.getpass("Nog een keer: ") != password:
            raise AuthError("the passwords differ", "De wachtwoorden verschillen.")
    else:
        password = sys.stdin.readline().rstrip("\n")
    sys.stdout.write(hash_password(password) + "\n")
    return EXIT_OK


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``hash-password`` subcommand."""
    parser.set_defaults(func=run)
