"""A progress bar on stderr: redrawn in place on a terminal, a line per tenth when piped.

Hand-written (a dozen lines of drawing) rather than a dependency: the CLI has one bar to show.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


class Progress:
    """Steps with an elapsed time, and one counted phase at a time."""

    def __init__(self, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and self.stream.isatty()
        self.started = time.perf_counter()
        self.timings: dict[str, float] = {}
        self._label = ""
        self._since = self.started
        self._total = 0
        self._done = 0
        self._drawn_at = 0.0
        self._tenth = -1

    def _write(self, text: str) -> None:
        if self.enabled:
            self.stream.write(text)
            self.stream.flush()

    def step(self, label: str) -> None:
        """A new phase without a count (planning); ends the previous one."""
        self.end()
        self._label, self._total, self._done = label, 0, 0
        self._since = time.perf_counter()
        self._tenth = -1
        self._write(f"roost load: {label} …" + ("" if self.tty else "\n"))

    def count(self, label: str, total: int) -> None:
        """A new phase of ``total`` items; ``advance`` moves it."""
        self.step(label)
        self._total = max(total, 1)
        self._draw(force=True)

    def advance(self, n: int = 1) -> None:
        """``n`` more items done."""
        self._done += n
        self._draw()

    def end(self) -> None:
        """Finish the current phase: its time is kept in ``timings``."""
        if not self._label:
            return
        elapsed = time.perf_counter() - self._since
        self.timings[self._label] = round(elapsed, 2)
        if self._total:
            self._done = max(self._done, 0)
            self._draw(force=True)
        if self.tty:
            self._write(f"  done in {elapsed:.1f}s\n")
        else:
            self._write(f"roost load: {self._label} done in {elapsed:.1f}s\n")
        self._label = ""

    def _draw(self, force: bool = False) -> None:
        if not self.enabled or not self._total:
            return
        now = time.perf_counter()
        share = min(self._done / self._total, 1.0)
        if self.tty:
            if not force and now - self._drawn_at < 0.2:
                return
            self._drawn_at = now
            elapsed = now - self._since
            rate = self._done / elapsed if elapsed > 0 else 0.0
            eta = (self._total - self._done) / rate if rate > 0 else 0.0
            bar = "#" * int(share * 30)
            self._write(
                f"\rroost load: {self._label} [{bar:<30}] {share:4.0%} "
                f"{self._done:,}/{self._total:,} {rate:,.0f}/s ETA {_clock(eta)} "
            )
            return
        tenth = int(share * 10)
        if tenth > self._tenth:
            self._tenth = tenth
            self._write(
                f"roost load: {self._label} {share:4.0%} ({self._done:,}/{self._total:,}) "
                f"{now - self._since:.1f}s\n"
            )

    def total_seconds(self) -> float:
        """Seconds since the progress started."""
        return time.perf_counter() - self.started
