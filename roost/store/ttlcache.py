"""A small per-process cache of rows by id, each entry good for a fixed number of seconds."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

V = TypeVar("V")

MAX_ENTRIES = 100_000  # then the whole cache starts over: cheaper than tracking recency


class TtlCache(Generic[V]):
    """id -> value, remembered for ``ttl_s`` seconds (0 remembers nothing). Misses (None) are
    never remembered, so a row another process creates is seen at once.

    A load that overlaps a ``forget`` is not remembered: it may have read the row before the
    write that the forget follows committed (threads share the cache).
    """

    def __init__(self, ttl_s: float) -> None:
        self._ttl = ttl_s
        self._entries: dict[int, tuple[float, V]] = {}
        self._forgets = 0  # how many times anything was forgotten

    def get(self, key: int, load: Callable[[int], V | None]) -> V | None:
        """The cached value of ``key``, or ``load(key)`` (remembered when found)."""
        now = time.monotonic()
        hit = self._entries.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        forgets = self._forgets
        value = load(key)
        if value is not None and self._ttl > 0 and forgets == self._forgets:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (now + self._ttl, value)
        return value

    def get_many(
        self, keys: Iterable[int], load: Callable[[list[int]], dict[int, V]]
    ) -> dict[int, V]:
        """The cached values of ``keys``; the misses are loaded together by ``load`` (which
        answers the ones it found) and remembered."""
        now = time.monotonic()
        found: dict[int, V] = {}
        missing: list[int] = []
        entries = self._entries
        for key in keys:
            hit = entries.get(key)
            if hit is not None and hit[0] > now:
                found[key] = hit[1]
            else:
                missing.append(key)
        if missing:
            forgets = self._forgets
            loaded = load(missing)
            found.update(loaded)
            if self._ttl > 0 and forgets == self._forgets:
                if len(entries) + len(loaded) > MAX_ENTRIES:
                    entries.clear()
                until = now + self._ttl
                for key, value in loaded.items():
                    entries[key] = (until, value)
        return found

    def forget(self, keys: Iterable[int]) -> None:
        """Drop ``keys`` (after a write changed them)."""
        for key in keys:
            self._forgets += 1
            self._entries.pop(key, None)
