"""OAuth 1.0a replay protection: a nonce may be used once per consumer, token and timestamp.

Behind a small interface so a shared implementation (Redis SET NX with expiry) can replace the
in-process one when several processes serve the same API.
"""

from __future__ import annotations

from collections import deque
from typing import Protocol


class NonceStore(Protocol):
    """Remembers nonces for as long as their timestamp could still be accepted."""

    def claim(self, key: str, now_s: float) -> bool:
        """True the first time ``key`` is seen within the window, False on a replay."""


class MemoryNonceStore:
    """Nonces of this process; forgets each once its timestamp is out of the window anyway."""

    def __init__(self, window_s: int) -> None:
        self._ttl = 2 * window_s  # a timestamp may be window_s in the past or in the future
        self._seen: set[str] = set()
        self._expiry: deque[tuple[float, str]] = deque()

    def claim(self, key: str, now_s: float) -> bool:
        """Record ``key``; False if it was already recorded."""
        expiry = self._expiry
        while expiry and expiry[0][0] <= now_s:
            self._seen.discard(expiry.popleft()[1])
        if key in self._seen:
            return False
        self._seen.add(key)
        expiry.append((now_s + self._ttl, key))
        return True
