"""The batch's progress on stderr: a plain-text bar with the talks done and the time left."""

from __future__ import annotations

import time
from typing import TextIO

_WIDTH = 24


def clock(seconds: float) -> str:
    """``m:ss`` or ``h:mm:ss``."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class BatchProgress:
    """Progress over ``total`` talks of ``total_weight`` expected work.

    The time left is the time so far scaled by the work left over the work done (a
    recording weighs by its length, see :func:`analysis.batch.inputs.weight_of`), so it
    accounts for the number of workers by itself. On a terminal (``live``) the bar is
    redrawn in place; otherwise each finished talk prints one line.
    """

    def __init__(
        self, stream: TextIO, total: int, total_weight: float, live: bool, prog: str
    ) -> None:
        self.stream = stream
        self.total = total
        self.total_weight = max(total_weight, 1e-9)
        self.live = live
        self.prog = prog
        self.started = time.monotonic()
        self.done = 0
        self.done_weight = 0.0
        self._drawn = False

    def remaining(self, now: float | None = None) -> float | None:
        """Estimated seconds left; ``None`` before the first talk is done."""
        if self.done_weight <= 0:
            return None
        elapsed = (now if now is not None else time.monotonic()) - self.started
        left = max(self.total_weight - self.done_weight, 0.0)
        return elapsed * left / self.done_weight

    def line(self, now: float | None = None) -> str:
        """The bar as text."""
        fraction = min(self.done_weight / self.total_weight, 1.0) if self.total else 1.0
        filled = int(fraction * _WIDTH)
        elapsed = (now if now is not None else time.monotonic()) - self.started
        left = self.remaining(now)
        eta = "estimating" if left is None else f"~{clock(left)} left"
        return (
            f"[{'#' * filled}{'-' * (_WIDTH - filled)}] {self.done}/{self.total} talks "
            f"{fraction:4.0%}  {clock(elapsed)} elapsed, {eta}"
        )

    def start(self) -> None:
        """Show the empty bar (on a terminal)."""
        if self.live and self.total:
            self._draw()

    def advance(self, weight: float, label: str) -> None:
        """One more talk finished (``label`` says which and how)."""
        self.done += 1
        self.done_weight += weight
        if self.live:
            self._draw()
        else:
            self.stream.write(f"{self.prog}: {self.line()}  {label}\n")
            self.stream.flush()

    def message(self, text: str) -> None:
        """Print a line of its own without breaking the bar."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
        self.stream.write(text + "\n")
        if self._drawn:
            self._draw()
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False

    def _draw(self) -> None:
        self.stream.write(f"\r\x1b[K{self.prog}: {self.line()}")
        self.stream.flush()
        self._drawn = True
