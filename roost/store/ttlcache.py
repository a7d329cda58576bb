"""A small per-process cache of rows by id, each entry good for a fixed number of seconds."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

V = TypeVar("V")

MAX_ENTRIES = 100_000  # then the whole cache starts over: cheaper than tracking recency


class TtlCache(Generic[V]):
    """id -> value, remembered for ``ttl_s`` seconds (0 remembers nothing). Misses (None) are
    never remembered, so a row another process creates is seen at once."""

    def __init__(self, ttl_s: float) -> None:
        self._ttl = ttl_s
        self._entries: dict[int, tuple[float, V]] = {}

    def get(self, key: int, load: Callable[[int], V | None]) -> V | None:
        """The cached value of ``key``, or ``load(key)`` (remembered when found)."""
        now = time.monotonic()
        hit = self._entries.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = load(key)
        if value is not None and self._ttl > 0:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (now + self._ttl, value)
        return value

    def forget(self, keys: Iterable[int]) -> None:
        """Drop ``keys`` (after a write changed them)."""
        for key in keys:
            self._entries.pop(key, None)
