"""Run many command lines of the CLI in one process, each as a process of its own would see it.

Used by the bad-input suite (``tests/test_hostile_inputs.py``) so that 200 invocations load the
language model once. Each command line gets fresh stdout/stderr (UTF-8, strict, as a real pipe),
a deadline (SIGALRM), and whatever escapes ``analysis.cli.main`` is printed as the interpreter
would print it: a traceback.

    python -m tests.cli_batch MANIFEST.json RESULTS.json

MANIFEST is a list of ``{"id": ..., "argv": [...]}``; RESULTS a list of ``{"id", "code",
"stdout", "stderr", "seconds"}`` in the same order.
"""

from __future__ import annotations

import io
import json
import logging
import signal
import sys
import time
import traceback
from pathlib import Path
from types import FrameType
from typing import Any

DEADLINE_SECONDS = 60


class Deadline(BaseException):
    """Raised by SIGALRM when a command line runs past its deadline (not an ``Exception``, so
    the CLI's own handler cannot swallow it)."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Deadline(f"still running after {DEADLINE_SECONDS} s")


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]
    """A log handler writing to whatever ``sys.stderr`` is at the time, like a new process."""

    @property
    def stream(self) -> Any:  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def run_one(argv: list[str]) -> dict[str, Any]:
    """Run ``analysis.cli.main(argv)`` with captured streams; its exit code and output."""
    from analysis.cli import main

    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="backslashreplace")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    started = time.monotonic()
    signal.alarm(DEADLINE_SECONDS)
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc(file=err)
        code = 1
    finally:
        signal.alarm(0)
        seconds = time.monotonic() - started
        for stream in (out, err):
            try:
                stream.flush()
            except (OSError, ValueError, UnicodeError):
                traceback.print_exc(file=sys.__stderr__)
        sys.stdout, sys.stderr = saved
    return {
        "code": code,
        "stdout": out_bytes.getvalue().decode("utf-8", "replace"),
        "stderr": err_bytes.getvalue().decode("utf-8", "replace"),
        "seconds": round(seconds, 3),
    }


def main(args: list[str]) -> int:
    """Run every command line of the manifest ``args[0]``; write the results to ``args[1]``."""
    manifest, results_path = Path(args[0]), Path(args[1])
    signal.signal(signal.SIGALRM, _alarm)
    root = logging.getLogger()
    root.addHandler(_CurrentStderr())
    root.setLevel(logging.WARNING)
    results = []
    for case in json.loads(manifest.read_text(encoding="utf-8")):
        results.append({"id": case["id"], **run_one(case["argv"])})
    results_path.write_text(json.dumps(results), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
