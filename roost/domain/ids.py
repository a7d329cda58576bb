"""Snowflake ids: Twitter's 64-bit, time-ordered identifiers.

Layout (Twitter's): 41 bits of milliseconds since the Twitter epoch, 5 bits datacenter,
5 bits worker, 12 bits sequence. Roost folds datacenter and worker into one 10-bit worker id,
so up to 1024 processes can mint ids without coordination.
"""

from __future__ import annotations

import threading

TWITTER_EPOCH_MS = 1288834974657
WORKER_BITS = 10
SEQUENCE_BITS = 12
MAX_WORKER = (1 << WORKER_BITS) - 1
_SEQUENCE_MASK = (1 << SEQUENCE_BITS) - 1
_TIME_SHIFT = WORKER_BITS + SEQUENCE_BITS


MAX_ID = (1 << 63) - 1  # ids are signed 64-bit integers in every store and client
_MAX_ID_DIGITS = len(str(MAX_ID))


def parse_id(value: object, *, minimum: int = 0) -> int | None:
    """An id written as ASCII digits, from ``minimum`` to ``MAX_ID``; None for anything else.

    The length is checked before ``int()``: CPython refuses to convert a string of more than
    4,300 digits (a ValueError nothing expects), and a 20-digit number would overflow every
    store's 64-bit column. ``str.isdigit`` alone also accepts ``²`` and ``①``.
    """
    if not isinstance(value, str):
        return None
    digits = value.lstrip("0") or ("0" if value else "")
    if not digits or len(digits) > _MAX_ID_DIGITS or not (digits.isascii() and digits.isdigit()):
        return None
    number = int(digits)
    return number if minimum <= number <= MAX_ID else None


def timestamp_ms(snowflake: int) -> int:
    """Unix milliseconds at which a Snowflake id was minted."""
    return (snowflake >> _TIME_SHIFT) + TWITTER_EPOCH_MS


def lowest_id_at(unix_ms: int) -> int:
    """The smallest id that could be minted at ``unix_ms`` (for since/until by time)."""
    return max(0, unix_ms - TWITTER_EPOCH_MS) << _TIME_SHIFT


class SnowflakeGenerator:
    """Mints strictly increasing ids for one worker; thread-safe.

    The clock is injected (a callable returning Unix ms) so the rules stay testable; if the clock
    goes backwards, ids keep increasing from the last one minted rather than repeating.
    """

    def __init__(self, worker_id: int, clock) -> None:  # noqa: ANN001 - any ms clock
        if not 0 <= worker_id <= MAX_WORKER:
            raise ValueError(f"worker id must be between 0 and {MAX_WORKER}")
        self._worker = worker_id << SEQUENCE_BITS
        self._clock = clock
        self._lock = threading.Lock()
        self._last_ms = -1
        self._sequence = 0

    def next_id(self) -> int:
        """A new id, greater than every id this generator minted before."""
        with self._lock:
            now = max(self._clock(), self._last_ms)
            if now == self._last_ms:
                self._sequence = (self._sequence + 1) & _SEQUENCE_MASK
                if self._sequence == 0:  # 4096 ids in one ms: borrow the next millisecond
                    now += 1
            else:
                self._sequence = 0
            self._last_ms = now
            return ((now - TWITTER_EPOCH_MS) << _TIME_SHIFT) | self._worker | self._sequence
