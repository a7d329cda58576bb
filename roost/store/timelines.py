"""The queries behind home, user and mentions timelines (part of SqlTx).

Every query answers status ids, newest first, inside ``(since, max_id]`` (Twitter's since_id is
exclusive, max_id inclusive). Which home query runs is decided in roost/timelines/plan.py; the
plans each statement must get are checked by tests/contract/test_timelines_store.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from roost.store import schema as t
from roost.store.mixin import TxQueries
from roost.store.prepared import Statements, run

_ZERO: Any = sa.literal_column("0")
_ONE: Any = sa.literal_column("1")


class TimelineQueries(TxQueries):
    """Timeline reads (mixed into SqlTx)."""

    def _all(self, name: str, build: Callable[[], Any], **params: Any) -> list[tuple[Any, ...]]:
        """Every row of the prepared statement ``name`` (no IN list)."""
        if self.prepared is None:
            self.prepared = Statements(self.conn.dialect)
        return run(self.conn, self.prepared.get(name, 0, lambda _: build()), params)

    # ------------------------------------------------------------------ home
    def home_merge(
        self, user_id: int, since: int, max_id: int, count: int, accounts: int = 1
    ) -> list[int]:
        """Newest ``count`` statuses of the user and the accounts they follow (about
        ``accounts`` of them in all), read one index range per account on ix_statuses_user
        (the "merge" plan)."""
        if self.dialect.name == "postgresql":
            return self._home_merge_two_phase(user_id, since, max_id, count, accounts)
        # SQLite: CROSS JOIN fixes the loop order (accounts outside, their statuses inside), and
        # its ORDER BY ... LIMIT optimization leaves an account's inner loop as soon as a row can
        # no longer make the page: about one index seek per account, not its whole history.
        rows = self._all(
            "home_merge", _home_merge, uid=user_id, since=since, max=max_id, count=count
        )
        return [row[0] for row in rows]

    def _home_merge_two_phase(
        self, user_id: int, since: int, max_id: int, count: int, accounts: int
    ) -> list[int]:
        # PostgreSQL has no such early exit: a LATERAL range per account would read up to count
        # rows of every account (the 400 busiest of 20,000 accounts, count 800: 49 ms; this way 11 ms). So each account gives
        # only its newest ``per_account`` first; the count-th newest of those, ``floor``, is a
        # lower bound of the page, and only the accounts whose every row read so far lies above
        # it can hold more of the page: they alone are read again, down to the floor.
        per_account = max(1, -(-2 * count // max(accounts, 1)))
        params = {"uid": user_id, "since": since, "max": max_id}
        rows = self._all("home_heads_pg", _home_heads, per_account=per_account, **params)
        found = sorted((row[1] for row in rows), reverse=True)
        if per_account >= count:
            return found[:count]
        floor = found[count - 1] if len(found) >= count else since + 1
        read: dict[int, list[int]] = {}
        for uid, status_id in rows:
            read.setdefault(uid, []).append(status_id)
        more = [(uid, min(got)) for uid, got in read.items() if len(got) == per_account]
        more = [(uid, lowest) for uid, lowest in more if lowest > floor]
        if more:
            again = self._all(
                "home_more_pg",
                _home_more,
                uids=[uid for uid, _ in more],
                bounds=[lowest for _, lowest in more],
                floor=floor,
                count=count,
            )
            found = sorted({*found, *(row[0] for row in again)}, reverse=True)
        return found[:count]

    def home_scan(
        self, user_id: int, since: int, max_id: int, count: int, budget: int
    ) -> tuple[list[int], int | None]:
        """Newest ``count`` statuses of the user and the accounts they follow, found by walking
        every status newest first and keeping the followed authors' (the "scan" plan).

        The walk looks at no more than ``budget`` statuses. Answers the ids and, when the budget
        ran out before the window did, the max_id of the part of the window left unread.
        """
        if self.dialect.name == "postgresql":
            return self._home_scan_windowed(user_id, since, max_id, count, budget)
        # SQLite sorts a LIMITed subquery's rows even when they arrive in order, so the walk is
        # bounded by its lowest id instead: an index-only step down the primary key (~35 ns a
        # status, against ~0.7 µs a status for the filtered walk itself).
        floor = self._one("home_scan_floor", _scan_floor, since=since, max=max_id, budget=budget)
        bound = max(since, floor[0]) if floor else since
        rows = self._all("home_scan", _home_scan, uid=user_id, since=bound, max=max_id, count=count)
        ids = [row[0] for row in rows]
        return ids, (floor[0] if floor and len(ids) < count else None)

    def _home_scan_windowed(
        self, user_id: int, since: int, max_id: int, count: int, budget: int
    ) -> tuple[list[int], int | None]:
        # PostgreSQL runs the LIMITed walk lazily (Limit -> Subquery Scan -> Index Scan Backward),
        # so the budget costs nothing unless it is used up.
        params = {"uid": user_id, "since": since, "max": max_id, "budget": budget}
        rows = self._all("home_scan_pg", _home_scan_windowed, count=count, **params)
        ids = [row[0] for row in rows]
        if len(ids) == count:
            return ids, None
        params.pop("uid")
        seen = self._one("home_scan_window_pg", _scan_window, **params)
        if seen is None or seen[0] < budget:
            return ids, None
        return ids, int(seen[1]) - 1

    # ------------------------------------------------------------------ user
    def user_timeline_ids(
        self, user_id: int, since: int, max_id: int, count: int, depth: int | None
    ) -> list[int]:
        """Newest ``count`` statuses (retweets included) of one account; with ``depth``, only
        among its newest ``depth`` (Twitter's 3,200)."""
        if depth is not None:
            floor = self._one("user_timeline_floor", _user_floor, uid=user_id, skip=depth - 1)
            if floor is not None:
                since = max(since, floor[0] - 1)
        rows = self._all(
            "user_timeline", _user_timeline, uid=user_id, since=since, max=max_id, count=count
        )
        return [row[0] for row in rows]

    # ------------------------------------------------------------------ mentions
    def mention_ids(
        self, user_id: int, since: int, max_id: int, count: int, depth: int | None
    ) -> list[int]:
        """Newest ``count`` statuses that mention the user and that the user may see (protected
        authors only if followed); with ``depth``, only among the newest ``depth`` of those."""
        if depth is not None:
            floor = self._one("mentions_floor", _mentions_floor, uid=user_id, skip=depth - 1)
            if floor is not None:
                since = max(since, floor[0] - 1)
        rows = self._all("mentions", _mentions, uid=user_id, since=since, max=max_id, count=count)
        return [row[0] for row in rows]

    def count_users(self) -> int:
        """How many accounts there are (the home plan's estimate of a followee's share)."""
        row = self._one("count_users", _count_users)
        return int(row[0]) if row else 0


def _followees() -> Any:
    f = t.follows.c
    uid: Any = sa.bindparam("uid")
    return sa.select(f.followee_id).where(f.follower_id == uid, f.followee_id != uid)


def _home_merge() -> Any:
    return sa.text(
        "SELECT s.id FROM ("
        "SELECT followee_id AS uid FROM follows WHERE follower_id = :uid AND followee_id != :uid"
        " UNION ALL SELECT :uid"
        ") AS f CROSS JOIN statuses AS s ON s.user_id = f.uid"
        " WHERE s.id <= :max AND s.id > :since ORDER BY s.id DESC LIMIT :count"
    )


def _home_heads() -> Any:
    """PostgreSQL: (account, status id) of the newest ``per_account`` statuses of the user and
    of each account they follow, one LATERAL index range each."""
    s, f = t.statuses.c, t.follows.c
    uid: Any = sa.bindparam("uid")
    sources = sa.union_all(
        sa.select(f.followee_id.label("uid")).where(f.follower_id == uid, f.followee_id != uid),
        sa.select(sa.cast(uid, sa.BigInteger).label("uid")),
    ).subquery("f")
    newest = (
        sa.select(s.user_id, s.id)
        .where(
            s.user_id == sources.c.uid,
            s.id <= sa.bindparam("max"),
            s.id > sa.bindparam("since"),
        )
        .order_by(s.id.desc())
        .limit(sa.bindparam("per_account"))
        .lateral("s")
    )
    return sa.select(newest.c.user_id, newest.c.id).select_from(sources.join(newest, sa.true()))


def _home_more() -> Any:
    """PostgreSQL: up to ``count`` more statuses of each of ``uids``, below its ``bounds`` entry
    and at or above ``floor``."""
    return sa.text(
        "SELECT s.id FROM unnest(CAST(:uids AS BIGINT[]), CAST(:bounds AS BIGINT[]))"
        " AS h(uid, bound) CROSS JOIN LATERAL (SELECT id FROM statuses WHERE user_id = h.uid"
        " AND id < h.bound AND id >= :floor ORDER BY id DESC LIMIT :count) AS s"
    )


def _home_filter(author: Any) -> Any:
    return sa.or_(author.in_(_followees()), author == sa.bindparam("uid"))


def _home_scan() -> Any:
    s = t.statuses.c
    # ``user_id + 0``: an expression, so the planner keeps to the primary key's order instead of
    # reaching for ix_statuses_user (that would be the merge plan).
    return (
        sa.select(s.id)
        .where(
            s.id <= sa.bindparam("max"),
            s.id > sa.bindparam("since"),
            _home_filter(s.user_id + _ZERO),
        )
        .order_by(s.id.desc())
        .limit(sa.bindparam("count"))
        .offset(_ZERO)
    )


def _window() -> Any:
    s = t.statuses.c
    return (
        sa.select(s.id, s.user_id)
        .where(s.id <= sa.bindparam("max"), s.id > sa.bindparam("since"))
        .order_by(s.id.desc())
        .limit(sa.bindparam("budget"))
        .subquery("w")
    )


def _home_scan_windowed() -> Any:
    w = _window()
    return (
        sa.select(w.c.id)
        .where(_home_filter(w.c.user_id))
        .order_by(w.c.id.desc())
        .limit(sa.bindparam("count"))
    )


def _scan_window() -> Any:
    w = _window()
    return sa.select(sa.func.count(), sa.func.min(w.c.id))


def _scan_floor() -> Any:
    s = t.statuses.c
    return (
        sa.select(s.id)
        .where(s.id <= sa.bindparam("max"), s.id > sa.bindparam("since"))
        .order_by(s.id.desc())
        .limit(_ONE)
        .offset(sa.bindparam("budget"))
    )


def _user_timeline() -> Any:
    s = t.statuses.c
    return (
        sa.select(s.id)
        .where(
            s.user_id == sa.bindparam("uid"),
            s.id <= sa.bindparam("max"),
            s.id > sa.bindparam("since"),
        )
        .order_by(s.id.desc())
        .limit(sa.bindparam("count"))
        .offset(_ZERO)
    )


def _user_floor() -> Any:
    s = t.statuses.c
    return (
        sa.select(s.id)
        .where(s.user_id == sa.bindparam("uid"))
        .order_by(s.id.desc())
        .limit(_ONE)
        .offset(sa.bindparam("skip"))
    )


def _mentions_query() -> Any:
    m, s, u, f = t.status_mentions.c, t.statuses.c, t.users.c, t.follows.c
    uid: Any = sa.bindparam("uid")
    visible = sa.or_(
        u.protected == sa.false(),
        u.id == uid,
        sa.exists().where(f.follower_id == uid, f.followee_id == u.id),
    )
    return (
        sa.select(m.status_id)
        .select_from(
            t.status_mentions.join(t.statuses, s.id == m.status_id).join(t.users, u.id == s.user_id)
        )
        # A native retweet repeats the original's mentions; Twitter listed only the original.
        .where(m.user_id == uid, s.retweeted_status_id.is_(None), visible)
        .order_by(m.status_id.desc())
    )


def _mentions() -> Any:
    m = t.status_mentions.c
    return (
        _mentions_query()
        .where(m.status_id <= sa.bindparam("max"), m.status_id > sa.bindparam("since"))
        .limit(sa.bindparam("count"))
        .offset(_ZERO)
    )


def _mentions_floor() -> Any:
    return _mentions_query().limit(_ONE).offset(sa.bindparam("skip"))


def _count_users() -> Any:
    return sa.select(sa.func.count()).select_from(t.users)
