"""Progress of the long phases of a build (seeds read, pages rendered, search shards indexed).

On a terminal, one line redrawn in place (at most `REDRAWS_PER_SECOND` times a second): a bar,
the count, the rate and the time left. Any other output (CI, a log file) gets a few plain lines
instead: one at each quarter of the work. Both end with a line saying how long the phase took.
A phase that ends within `DELAY_SECONDS` shows nothing, so small builds stay quiet. Progress
goes to stderr: stdout keeps the summary.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

DELAY_SECONDS = 1.0
REDRAWS_PER_SECOND = 10
QUARTERS = (0.25, 0.5, 0.75)
BAR_WIDTH = 24


class Progress:
    """`with Progress("Reading seeds", total, "seeds") as progress: ... progress.advance()`."""

    def __init__(self, label: str, total: int, unit: str, stream: TextIO | None = None,
                 interactive: bool | None = None, clock: Callable[[], float] = time.monotonic):
        self.label, self.total, self.unit = label, total, unit
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.clock = clock
        self.started = clock()
        self.done = 0
        self._shown = False
        self._drawn_at = float("-inf")
        self._quarter = 0
        self._width = 0  # of the line on screen, to blank what a shorter redraw leaves

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if error is None:
            self.finish()
        elif self._width:
            self._write("\n")  # keep the error message off the progress line

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        now = self.clock()
        elapsed = now - self.started
        if elapsed < DELAY_SECONDS or self.done >= self.total:
            return
        if self.interactive:
            if now - self._drawn_at >= 1 / REDRAWS_PER_SECOND:
                self._drawn_at = now
                self._redraw(f"{self.label} {self._bar()} {self._status(elapsed)}")
            return
        while self._quarter < len(QUARTERS) and self.done >= QUARTERS[self._quarter] * self.total:
            self._quarter += 1
            self._write(f"{self.label}: {self._status(elapsed)}\n")

    def finish(self) -> None:
        elapsed = self.clock() - self.started
        if not self._shown and elapsed < DELAY_SECONDS:
            return
        summary = f"{self.label}: {self.done:,} {self.unit} in {elapsed:.1f} s ({self._rate(elapsed)})"
        if self._width:
            self._redraw(summary)
            self._write("\n")
        else:
            self._write(summary + "\n")

    def _status(self, elapsed: float) -> str:
        left = (self.total - self.done) * elapsed / self.done
        return f"{self.done:,}/{self.total:,} {self.unit} ({self._rate(elapsed)}, {left:.0f} s left)"

    def _bar(self) -> str:
        filled = BAR_WIDTH * self.done // self.total
        return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}]"

    def _redraw(self, text: str) -> None:
        self._write("\r" + text.ljust(self._width))
        self._width = len(text)

    def _rate(self, elapsed: float) -> str:
        return f"{self.done / elapsed:,.0f} {self.unit}/s"

    def _write(self, text: str) -> None:
        self._shown = True
        self.stream.write(text)
        self.stream.flush()


class Silent:
    """Progress that shows nothing: the library's default, for callers that print their own."""

    def __init__(self, label: str, total: int, unit: str):
        pass

    def __enter__(self) -> Silent:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


ProgressFactory = Callable[[str, int, str], "Progress | Silent"]
