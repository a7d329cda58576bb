"""Rate-limit counters behind a small interface; in-process now, Redis with the scale-out work.

Windows are fixed and start at the first counted request (the seeds: "a rolling clock, beginning
at the time of the first request"); ``reset`` is when the window ends.
"""

from __future__ import annotations

from typing import Protocol


class Counters(Protocol):
    """Counts of requests per key and window."""

    def peek(self, key: str, seconds: int, now: float) -> tuple[int, float]:
        """(requests counted, reset time) of the window ``key`` is in at ``now``."""

    def add(self, key: str, seconds: int, now: float) -> tuple[int, float]:
        """Count one request and answer like ``peek`` after it."""


class MemoryCounters:
    """Counters of this process (a dict of key -> [window start, count])."""

    def __init__(self) -> None:
        self._windows: dict[str, list[float]] = {}

    def peek(self, key: str, seconds: int, now: float) -> tuple[int, float]:
        """Requests counted in the current window of ``key``."""
        window = self._windows.get(key)
        if window is None or now >= window[0] + seconds:
            return 0, now + seconds
        return int(window[1]), window[0] + seconds

    def add(self, key: str, seconds: int, now: float) -> tuple[int, float]:
        """Count one request against ``key``."""
        window = self._windows.get(key)
        if window is None or now >= window[0] + seconds:
            if len(self._windows) > 200_000:
                self._expire(now)
            window = self._windows[key] = [now, 0]
        window[1] += 1
        return int(window[1]), window[0] + seconds

    def _expire(self, now: float) -> None:
        # Windows are at most a day long; drop every window that has ended.
        self._windows = {k: w for k, w in self._windows.items() if now < w[0] + 86_400}
