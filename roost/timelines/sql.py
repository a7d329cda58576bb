"""Timelines read from the store when asked (fan-out on read): the first ``TimelineSource``."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from roost.store.sql import SqlStore, SqlTx
from roost.timelines.base import HOME_DEPTH, MAX_STATUS_ID, MENTIONS_DEPTH, USER_DEPTH, Slice
from roost.timelines.plan import HomePlan, plan_home

ACCOUNTS_TTL = 60.0  # seconds the account count behind the home plan's estimate is reused

Planner = Callable[[int, int, int, str], HomePlan]


class SqlTimelines:
    """Home, user and mentions timelines straight from ``statuses``, ``follows`` and
    ``status_mentions``: a deleted status or a new follow shows on the very next read."""

    def __init__(
        self,
        store: SqlStore,
        planner: Planner = plan_home,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self._planner = planner
        self._clock = clock
        self._accounts = (0, float("-inf"))  # (count, when it was read)
        self._lock = threading.Lock()

    def home(self, user_id: int, part: Slice) -> list[int]:
        """The user's and their followees' statuses, within the newest HOME_DEPTH."""
        if part.max_id is None:  # count <= 200 < 800: the newest slice is always reachable
            return self._home(user_id, part.low, part.high, part.count)
        # With max_id, only what lies among the newest 800 (above since_id) is reachable.
        reachable = self._home(user_id, part.low, MAX_STATUS_ID, HOME_DEPTH)
        return [i for i in reachable if i <= part.max_id][: part.count]

    def user(self, user_id: int, part: Slice) -> list[int]:
        """The account's statuses and retweets, within its newest USER_DEPTH."""
        depth = USER_DEPTH if part.max_id is not None else None
        with self.store.read() as tx:
            return tx.user_timeline_ids(user_id, part.low, part.high, part.count, depth)

    def mentions(self, user_id: int, part: Slice) -> list[int]:
        """Visible statuses mentioning the user, within the newest MENTIONS_DEPTH."""
        depth = MENTIONS_DEPTH if part.max_id is not None else None
        with self.store.read() as tx:
            return tx.mention_ids(user_id, part.low, part.high, part.count, depth)

    def _home(self, user_id: int, since: int, max_id: int, count: int) -> list[int]:
        user = self.store.user_by_id(user_id)
        followees = user.friends_count if user is not None else 0
        with self.store.read() as tx:
            plan = self._planner(count, followees, self._accounts_count(tx), self.store.dialect)
            if plan.strategy == "merge":
                return tx.home_merge(user_id, since, max_id, count, followees + 1)
            found, rest = tx.home_scan(user_id, since, max_id, count, plan.scan_budget)
            if len(found) < count and rest is not None:  # the budget ran out: merge the rest
                found += tx.home_merge(user_id, since, rest, count - len(found), followees + 1)
            return found

    def _accounts_count(self, tx: SqlTx) -> int:
        count, read_at = self._accounts
        now = self._clock()
        if now - read_at > ACCOUNTS_TTL:
            count = tx.count_users()
            with self._lock:
                self._accounts = (count, now)
        return count
