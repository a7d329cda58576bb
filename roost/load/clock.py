"""The synthetic world's calendar and its Snowflake ids.

Nothing reads the wall clock: every time is drawn from the seed inside a fixed period, and every
id is minted from its row's own time (``roost.domain.ids`` layout), so two loads with the same
seed and sizes produce the same ids. Each kind of row mints with its own worker number, as if a
separate Roost process had written it; within a kind, ids follow the times (rows sorted by time,
a sequence number for rows in the same millisecond), so ids increase in time order everywhere.
The period ends well before any real clock a server would run on: ids a server mints later on
the same database are newer than every loaded one.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from roost.domain.ids import SEQUENCE_BITS, TWITTER_EPOCH_MS, WORKER_BITS

DAY_MS = 86_400_000
USERS_FROM_MS = 1_325_376_000_000  # 2012-01-01T00:00:00Z: the oldest account
PERIOD_START_MS = 1_735_689_600_000  # 2025-01-01T00:00:00Z: every account exists by then
PERIOD_END_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z: statuses, likes and follows before

# Snowflake worker numbers, one per kind of row (Roost's own processes default to worker 0).
WORKER_USERS = 1001
WORKER_APPS = 1002
WORKER_FOLLOWS = 1003
WORKER_REQUESTS = 1004
WORKER_STATUSES = 1005
WORKER_FAVORITES = 1006

_SEQ_MAX = (1 << SEQUENCE_BITS) - 1
_TIME_SHIFT = WORKER_BITS + SEQUENCE_BITS


def snowflakes(times: Sequence[int], worker: int) -> tuple[array[int], array[int]]:
    """(ids, times) for rows whose times are sorted ascending: the id of each row carries its
    time, rows in the same millisecond take sequence numbers, and the 4097th row of a
    millisecond moves to the next one (as ``SnowflakeGenerator`` does); the returned times are
    the ids' own, so a row's ``created_at_ms`` always equals its id's timestamp."""
    ids: array[int] = array("q")
    out: array[int] = array("q")
    tag = worker << SEQUENCE_BITS
    last = -1
    seq = 0
    for t in times:
        if t <= last:
            t = last
            seq += 1
            if seq > _SEQ_MAX:
                t += 1
                seq = 0
        else:
            seq = 0
        last = t
        ids.append(((t - TWITTER_EPOCH_MS) << _TIME_SHIFT) | tag | seq)
        out.append(t)
    return ids, out


class Minter:
    """Ids for rows that come in any time order: a sequence number per millisecond already
    used (the 4097th row of a millisecond moves to the next one). Ids then increase with time
    (rows of the same millisecond in the order they were minted), without sorting the rows."""

    def __init__(self, worker: int) -> None:
        self.tag = worker << SEQUENCE_BITS
        self.used: dict[int, int] = {}

    def mint(self, t: int) -> tuple[int, int]:
        """(id, time) for a row made at ``t``; the time is the id's (``t`` or a bit later)."""
        used = self.used
        seq = used.get(t, 0)
        while seq > _SEQ_MAX:
            t += 1
            seq = used.get(t, 0)
        used[t] = seq + 1
        return ((t - TWITTER_EPOCH_MS) << _TIME_SHIFT) | self.tag | seq, t
