"""How a home timeline is read: fan-out on read, by one of two plans chosen per request.

A home timeline is the newest ``count`` statuses written by a set of k accounts (the user and
the k - 1 accounts they follow). Nothing is copied at write time, so a deleted status, a new
follow or an unfollow shows on the next read, and a write costs the same for every author.

**merge**: one newest-first index range per account on ``statuses(user_id, id)``, merged by
the database. Cost grows with k: about one index seek per account. (SQLite stops reading an
account as soon as its next row could no longer make the page; PostgreSQL, which has no such
early exit, reads a few rows of every account first and then more of only the accounts that can
still hold part of the page: store/timelines.py.)

**scan**: walk every status newest first by primary key from max_id and keep those by the k
accounts (``user_id IN (SELECT followee_id FROM follows ...)``). Cost is about count / p
statuses, where p is the share of recent statuses written by the k accounts: small for a user
who follows many accounts, and independent of k.

The estimate must cost far less than the cheaper plan, so it reads nothing per followee: a sum
of the followees' ``statuses_count`` (the obvious estimate of p) costs one index seek per
followee, as much as the merge itself (3.6 ms for 5,000 followees on SQLite). It takes
p ~ k / (number of accounts), from the caller's ``friends_count`` and a count of accounts
cached for a minute. When that guess is wrong (the followees are quieter than average), the
scan stops after ``scan_budget`` statuses, about twice what the merge would have cost, and the
merge reads the rest of the window: a wrong choice costs at most about three times the right one.

Measured on a 1M-status store (20,000 accounts with Pareto-distributed activity; SQLite 3.40 and
PostgreSQL 15 on one shared 2-vCPU machine; the store's statements, best of 5 runs, in ms; a
max_id page reads 800 to know what is reachable, see ``SqlTimelines.home``)::

    followees (their share p of statuses)  count  SQLite scan  merge   PostgreSQL scan  merge
    5,000 random       (p = 0.26)             20          2.1   12.2              2.8   29.6
                                             200          3.1    9.7              1.6   32.3
                                             800          5.3   14.2              2.8   37.1
    5,000 quietest     (p = 0.046)            20          1.4    7.1              1.5   26.4
                                             200          3.6    6.3              2.8   50.0
                                             800         11.6    8.1              8.6   32.1
    1,000 most active  (p = 0.55)             20          0.2    0.8              0.8   13.3
                                             800          1.2    5.4              1.4   17.7
    400 most active    (p = 0.45)             20          0.1    0.3              0.5    6.4
                                             800          1.2    3.8              1.4   10.9
    300 random         (p = 0.012)            20          0.7    0.2              0.9    3.4
                                             200          7.7    0.6              5.8    4.5
                                             800         33.8    2.3             29.6    6.2
    50 random          (p = 0.0044)           20          2.8    0.1              1.9    1.2
                                             200         21.2    0.3             14.6    1.9
                                             800         91.1    1.2             57.3    3.9
    20 most active     (p = 0.22)            200          0.5    0.4              0.6    1.8

From these: a merge costs about 2.5 µs per account on SQLite and 10 µs on PostgreSQL (a LATERAL
loop; PostgreSQL's first merge, a LATERAL range of up to count rows per account, took 49 ms for
the 400 most active at 800, the two-phase one 11 ms), a scanned status about 0.7 µs on SQLite (a
primary-key step and a row lookup: ``statuses`` is not a rowid table) and 0.35 µs on
PostgreSQL; ``COSTS`` holds those figures. Through ``SqlTimelines.home`` with the plan picked
here, 42 pages (these 7 users; count 20 and 200; the newest page, a max_id page and a since_id
page) took 1.4 ms (SQLite) and 2.0 ms (PostgreSQL) at the median; the slowest were the 5,000
quietest accounts' max_id page on SQLite (13 ms: scan chosen on the average-activity guess,
merge 8 ms) and the 400 most active accounts' max_id page on PostgreSQL (11 ms: merge chosen,
scan 1.4 ms), the two ways the guess can miss.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Costs:
    """What one unit of each plan costs on an engine, in microseconds."""

    merge_per_account: float
    scan_per_status: float


COSTS = {
    "sqlite": Costs(merge_per_account=2.5, scan_per_status=0.7),
    "postgresql": Costs(merge_per_account=10.0, scan_per_status=0.35),
}
_DEFAULT = COSTS["sqlite"]


@dataclass(frozen=True)
class HomePlan:
    """How to read one home timeline page: ``"scan"`` (looking at no more than
    ``scan_budget`` statuses before merging the rest) or ``"merge"``."""

    strategy: str
    scan_budget: int = 0


def plan_home(count: int, followees: int, accounts: int, engine: str) -> HomePlan:
    """The cheaper plan for ``count`` statuses of a user following ``followees`` accounts, on a
    store of ``accounts`` accounts, by the measured costs of ``engine``."""
    costs = COSTS.get(engine, _DEFAULT)
    sources = max(followees, 0) + 1  # the user's own statuses are on the timeline too
    share = min(1.0, sources / max(accounts, sources))
    merge_us = sources * costs.merge_per_account
    scan_us = count / share * costs.scan_per_status
    if scan_us > merge_us:
        return HomePlan("merge")
    # Give the scan twice the merge's cost before the merge takes over the rest.
    return HomePlan("scan", scan_budget=int(2 * merge_us / costs.scan_per_status) + count)
