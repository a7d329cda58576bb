"""Timelines on the store (roost/timelines, roost/store/timelines.py), on SQLite and PostgreSQL.

The home timeline has two read plans (merge and scan, roost/timelines/plan.py) and a fallback
from one to the other; every property here is checked under each of them, against a model
computed in Python from what was written.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roost.domain.model import Tweet, User
from roost.domain.retweets import retweet_of
from roost.runtime import Runtime
from roost.services import timelines, tweets, users
from roost.timelines import HOME_DEPTH, MENTIONS_DEPTH, USER_DEPTH, Slice
from roost.timelines.plan import COSTS, HomePlan, plan_home
from roost.timelines.sql import SqlTimelines

_serial = itertools.count(1)
MAX = (1 << 63) - 1

PLANNERS: dict[str, Callable[[int, int, int, str], HomePlan]] = {
    "auto": plan_home,
    "merge": lambda count, followees, accounts, engine: HomePlan("merge"),
    "scan": lambda count, followees, accounts, engine: HomePlan("scan", 1_000_000),
    # a budget of one status: nearly every page is a scan cut short and a merge of the rest
    "fallback": lambda count, followees, accounts, engine: HomePlan("scan", 1),
}


def person(rt: Runtime, prefix: str = "tl", **kw: object) -> User:
    """A fresh account with a unique screen name."""
    return users.create_user(rt, f"{prefix[:4]}{next(_serial):07d}", **kw)  # type: ignore[arg-type]


def status(rt: Runtime, author: User, **kw: object) -> Tweet:
    """A plain status, not through statuses/update (no duplicate rule, no entities)."""
    text = f"status {next(_serial)}"
    return Tweet(
        id=rt.next_id(),
        user_id=author.id,
        text=text,
        display_start=0,
        display_end=len(text),
        entities={"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
        source_name="tests",
        source_url="https://roost.test/",
        **kw,  # type: ignore[arg-type]
    )


def write(rt: Runtime, *made: Tweet, mentions: dict[int, set[int]] | None = None) -> None:
    """Store statuses (and who they mention) in one unit of work."""
    with rt.store.write() as tx:
        for tweet in made:
            tx.insert_status(tweet)
        for status_id, mentioned in (mentions or {}).items():
            tx.insert_mentions(status_id, mentioned)


def post_many(rt: Runtime, author: User, n: int) -> list[int]:
    """``n`` statuses by ``author`` in one unit of work; their ids, oldest first."""
    made = [status(rt, author) for _ in range(n)]
    write(rt, *made)
    return [t.id for t in made]


def follow(rt: Runtime, follower: User, followee: User) -> None:
    """An approved follow, whether or not ``followee`` is protected."""
    users.follow(rt, follower, followee)
    if followee.protected:
        users.answer_request(rt, followee, follower, approve=True)


def page_through(fetch: Callable[[Slice], list[int]], count: int) -> list[int]:
    """Every id of a timeline, twarc's way: max_id = lowest id - 1 until an empty page."""
    seen: list[int] = []
    part = Slice(count)
    while ids := fetch(part):
        seen += ids
        part = Slice(count, max_id=min(ids) - 1)
    return seen


# ---------------------------------------------------------------------- the plan
def test_plan_scans_for_many_followees_and_merges_for_few() -> None:
    assert plan_home(20, 5000, 20_000, "sqlite").strategy == "scan"
    assert plan_home(200, 5000, 20_000, "postgresql").strategy == "scan"
    assert plan_home(200, 50, 20_000, "sqlite").strategy == "merge"
    assert plan_home(200, 300, 20_000, "postgresql").strategy == "merge"
    assert plan_home(20, 0, 1, "sqlite").strategy == "merge"  # alone on a server: one seek
    assert plan_home(20, 999, 1000, "sqlite").strategy == "scan"  # following everyone


def test_plan_budget_is_twice_the_merge() -> None:
    plan = plan_home(20, 5000, 20_000, "sqlite")
    costs = COSTS["sqlite"]
    merge_us = 5001 * costs.merge_per_account
    assert plan.scan_budget == int(2 * merge_us / costs.scan_per_status) + 20
    assert plan_home(20, 5000, 20_000, "unknown engine") == plan  # SQLite's figures


def test_accounts_count_is_cached(runtime: Runtime) -> None:
    now = [0.0]
    seen: list[int] = []

    def planner(count: int, followees: int, accounts: int, engine: str) -> HomePlan:
        seen.append(accounts)
        return HomePlan("merge")

    source = SqlTimelines(runtime.store, planner, clock=lambda: now[0])
    viewer = person(runtime)
    source.home(viewer.id, Slice(5))
    person(runtime)
    source.home(viewer.id, Slice(5))
    now[0] += 61
    source.home(viewer.id, Slice(5))
    assert seen[0] == seen[1] and seen[2] == seen[0] + 1
    assert seen[0] >= 1 and runtime.store.dialect in COSTS


# ---------------------------------------------------------------------- home
@dataclass
class World:
    """A viewer, the accounts they follow, others they do not, and every status written."""

    viewer: User
    followed: list[User]
    strangers: list[User]
    written: dict[int, int] = field(default_factory=dict)  # status id -> author id
    deleted: set[int] = field(default_factory=set)

    @property
    def sources(self) -> set[int]:
        """Whose statuses the home timeline holds."""
        return {self.viewer.id} | {u.id for u in self.followed}

    def everyone(self) -> list[User]:
        """Every account of the world, the viewer first."""
        return [self.viewer, *self.followed, *self.strangers]

    def home(self, part: Slice) -> list[int]:
        """The model: what home_timeline must answer for ``part`` (below HOME_DEPTH)."""
        ids = sorted(
            (
                i
                for i, author in self.written.items()
                if author in self.sources and i not in self.deleted
            ),
            reverse=True,
        )
        return [i for i in ids if part.low < i <= part.high][: part.count]


def make_world(rt: Runtime, followed: int, strangers: int) -> World:
    """Fresh accounts: one protected among the followed and one among the strangers."""
    viewer = person(rt, "view")
    world = World(
        viewer,
        [person(rt, "fol", protected=(i == 0)) for i in range(followed)],
        [person(rt, "str", protected=(i == 0)) for i in range(strangers)],
    )
    for other in world.followed:
        follow(rt, viewer, other)
    if world.strangers:  # a pending request is not a follow
        users.follow(rt, viewer, world.strangers[0])
    return world


def add(rt: Runtime, world: World, authors: list[int]) -> None:
    """One status by each of ``authors`` (indexes into ``world.everyone()``)."""
    everyone = world.everyone()
    made = [status(rt, everyone[i % len(everyone)]) for i in authors]
    write(rt, *made)
    world.written.update((t.id, t.user_id) for t in made)


@pytest.mark.parametrize("plan", sorted(PLANNERS))
def test_home_holds_own_and_followed_statuses(runtime: Runtime, plan: str) -> None:
    world = make_world(runtime, followed=3, strangers=2)
    add(runtime, world, list(range(6)) * 4)
    source = SqlTimelines(runtime.store, PLANNERS[plan])
    ids = source.home(world.viewer.id, Slice(200))
    assert ids == world.home(Slice(200)) and len(ids) == 16
    assert world.followed[0].protected  # an approved follower sees the protected account


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    followed=st.integers(0, 4),
    strangers=st.integers(0, 3),
    authors=st.lists(st.integers(0, 20), max_size=40),
    cuts=st.lists(
        st.tuples(st.integers(1, 12), st.integers(0, 45), st.integers(0, 45)),
        min_size=1,
        max_size=6,
    ),
)
def test_every_plan_answers_the_model(
    runtime: Runtime,
    followed: int,
    strangers: int,
    authors: list[int],
    cuts: list[tuple[int, int, int]],
) -> None:
    world = make_world(runtime, followed, strangers)
    add(runtime, world, authors)
    ordered = sorted(world.written)
    sources = {name: SqlTimelines(runtime.store, planner) for name, planner in PLANNERS.items()}

    def at(k: int) -> int | None:  # an id from the data, one beside it, or none at all
        if k >= 2 * len(ordered):
            return None
        return ordered[k // 2] - (k % 2)

    for count, low, high in cuts:
        part = Slice(count, at(low), at(high))
        expected = world.home(part)
        for name, source in sources.items():
            assert source.home(world.viewer.id, part) == expected, name


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    followed=st.integers(0, 4),
    authors=st.lists(st.integers(0, 20), max_size=40),
    count=st.integers(1, 9),
    arrivals=st.lists(st.lists(st.integers(0, 20), max_size=3), max_size=12),
    deletions=st.lists(st.integers(0, 1000), max_size=6),
)
def test_paging_by_max_id_returns_every_status_once_while_statuses_arrive(
    runtime: Runtime,
    followed: int,
    authors: list[int],
    count: int,
    arrivals: list[list[int]],
    deletions: list[int],
) -> None:
    """twarc's and tweepy's Cursor paging (max_id = lowest id - 1 until an empty page), with new
    statuses written and old ones deleted between the pages, under every plan."""
    world = make_world(runtime, followed, strangers=2)
    add(runtime, world, authors)
    viewer = world.viewer
    for name, planner in sorted(PLANNERS.items()):
        runtime.timelines = SqlTimelines(runtime.store, planner)
        at_start = set(world.home(Slice(HOME_DEPTH)))
        seen: list[int] = []
        req = timelines.TimelineRequest(count=count)
        for step in itertools.count():
            page = [t.id for t in timelines.home(runtime, viewer, req)]
            if not page:
                break
            assert page == sorted(page, reverse=True), name
            seen += page
            if step < len(arrivals):
                add(runtime, world, arrivals[step])
            if step < len(deletions) and world.written:
                gone = sorted(world.written)[deletions[step] % len(world.written)]
                if gone not in world.deleted:
                    tweets.destroy(runtime, users.reload(runtime, world.written[gone]), gone)
                    world.deleted.add(gone)
            req = timelines.TimelineRequest(count=count, max_id=min(page) - 1)
        assert len(seen) == len(set(seen)), name  # nothing twice
        assert set(seen) <= at_start, name  # nothing that arrived while paging, nothing foreign
        assert at_start - world.deleted <= set(seen), name  # everything that is still there


@pytest.mark.parametrize("plan", sorted(PLANNERS))
@pytest.mark.parametrize("busy", [1, 2])
def test_home_with_a_few_busy_and_many_quiet_accounts(
    runtime: Runtime, plan: str, busy: int
) -> None:
    """Busy accounts hold more of the page than the first rows read of each account (the second
    phase of PostgreSQL's merge), whether or not the first rows fill a page."""
    source = SqlTimelines(runtime.store, PLANNERS[plan])
    world = make_world(runtime, followed=10, strangers=1)
    quiet, loud = world.followed[busy:], world.followed[:busy]
    for _ in range(5):  # older: five each from the quiet accounts
        add(runtime, world, [world.everyone().index(u) for u in quiet])
    for _ in range(20):  # newer: twenty each from the busy ones, the stranger between them
        add(runtime, world, [world.everyone().index(u) for u in [*loud, world.strangers[0]]])
    for count in (5, 25, 60):
        for part in (Slice(count), Slice(count, max_id=max(world.written) - 3)):
            assert source.home(world.viewer.id, part) == world.home(part), (count, part)


@pytest.mark.parametrize("plan", sorted(PLANNERS))
def test_home_follows_unfollows_and_deletes_show_at_once(runtime: Runtime, plan: str) -> None:
    runtime.timelines = SqlTimelines(runtime.store, PLANNERS[plan])
    viewer, author = person(runtime), person(runtime)
    first, second = status(runtime, author), status(runtime, author)
    write(runtime, first, second)

    def home() -> list[int]:
        return [t.id for t in timelines.home(runtime, viewer, timelines.TimelineRequest())]

    assert home() == []
    follow(runtime, viewer, author)
    assert home() == [second.id, first.id]
    tweets.destroy(runtime, author, second.id)
    assert home() == [first.id]
    users.unfollow(runtime, viewer, author)
    assert home() == []


@pytest.mark.parametrize("plan", ["auto", "merge", "fallback"])
def test_home_reaches_the_newest_800(runtime: Runtime, plan: str) -> None:
    source = SqlTimelines(runtime.store, PLANNERS[plan])
    viewer, author = person(runtime), person(runtime)
    follow(runtime, viewer, author)
    ids = post_many(runtime, author, HOME_DEPTH + 10)
    newest = ids[::-1]
    assert source.home(viewer.id, Slice(200)) == newest[:200]
    assert page_through(lambda part: source.home(viewer.id, part), 200) == newest[:HOME_DEPTH]
    # a since_id older than the reachable part is "forced to the oldest ID available"
    deep = Slice(200, since_id=ids[0], max_id=newest[700])
    assert source.home(viewer.id, deep) == newest[700:HOME_DEPTH]
    assert source.home(viewer.id, Slice(5, max_id=newest[HOME_DEPTH])) == []


# ---------------------------------------------------------------------- user
def test_user_timeline_slices(runtime: Runtime) -> None:
    source = runtime.timelines
    author, other = person(runtime), person(runtime)
    ids = post_many(runtime, author, 30)
    post_many(runtime, other, 5)
    newest = ids[::-1]
    assert source.user(author.id, Slice(20)) == newest[:20]
    assert source.user(author.id, Slice(200, since_id=ids[24])) == newest[:5]  # exclusive
    assert source.user(author.id, Slice(3, max_id=ids[10])) == newest[19:22]  # inclusive
    assert source.user(author.id, Slice(200, ids[5], ids[10])) == newest[19:24]
    assert source.user(author.id, Slice(200, max_id=ids[0] - 1)) == []
    assert source.user(person(runtime).id, Slice(20)) == []


def test_user_timeline_reaches_the_newest_3200(runtime: Runtime) -> None:
    author = person(runtime)
    ids = post_many(runtime, author, USER_DEPTH + 5)
    newest = ids[::-1]
    source = runtime.timelines
    seen = page_through(lambda part: source.user(author.id, part), 200)
    assert seen == newest[:USER_DEPTH]
    assert (
        source.user(author.id, Slice(10, since_id=ids[0], max_id=newest[3195]))
        == (newest[3195:USER_DEPTH])
    )


def test_user_timeline_counts_before_filtering(runtime: Runtime) -> None:
    """include_rts=false and exclude_replies drop statuses *after* count (the seeds)."""
    author, other = person(runtime), person(runtime)
    original = status(runtime, other)
    write(runtime, original)
    plain = status(runtime, author)
    reply = status(
        runtime,
        author,
        in_reply_to_status_id=original.id,
        in_reply_to_user_id=other.id,
        in_reply_to_screen_name=other.screen_name,
    )
    retweet = retweet_of(original, other, author.id, runtime.next_id(), "tests", "https://r.t/")
    newest = status(runtime, author)
    write(runtime, plain, reply, retweet, newest)

    def ids(**kw: object) -> list[int]:
        req = timelines.TimelineRequest(**kw)  # type: ignore[arg-type]
        return [t.id for t in timelines.user(runtime, None, req, user_id=author.id)]

    assert ids() == [newest.id, retweet.id, reply.id, plain.id]
    assert ids(count=3) == [newest.id, retweet.id, reply.id]
    assert ids(count=3, include_rts=False) == [newest.id, reply.id]
    assert ids(count=3, exclude_replies=True) == [newest.id, retweet.id]
    assert ids(count=3, exclude_replies=True, include_rts=False) == [newest.id]
    assert ids(count=4, exclude_replies=True, include_rts=False) == [newest.id, plain.id]


def test_user_timeline_of_protected_suspended_and_unknown_accounts(runtime: Runtime) -> None:
    from roost.domain.errors import NotAuthorized, PageNotFound

    owner = person(runtime, protected=True)
    fan, stranger = person(runtime), person(runtime)
    follow(runtime, fan, owner)
    users.follow(runtime, stranger, owner)  # pending only
    mine = post_many(runtime, owner, 2)[::-1]
    req = timelines.TimelineRequest()

    def read(viewer_id: int | None, **who: object) -> list[int]:
        found = timelines.user(runtime, viewer_id, req, **who)  # type: ignore[arg-type]
        return [t.id for t in found]

    assert read(owner.id) == mine  # no user named: the authenticating user
    assert read(fan.id, screen_name=owner.screen_name.upper()) == mine
    for viewer_id in (stranger.id, None):
        with pytest.raises(NotAuthorized) as err:
            read(viewer_id, user_id=owner.id)
        assert err.value.body() == {
            "request": "/1.1/statuses/user_timeline.json",
            "error": "Not authorized.",
        }
    for who in ({"user_id": 12345}, {"screen_name": "nobody_here_x"}, {"screen_name": "bad name"}):
        with pytest.raises(PageNotFound):
            read(fan.id, **who)
    with pytest.raises(PageNotFound):
        read(None)  # app-only and no account named
    with runtime.store.write() as tx:
        tx.update_user(owner.id, suspended=True)
    with pytest.raises(NotAuthorized):
        read(fan.id, user_id=owner.id)


# ---------------------------------------------------------------------- mentions
def test_mentions_visible_newest_first(runtime: Runtime) -> None:
    me, friend, stranger = person(runtime), person(runtime), person(runtime)
    locked, locked_friend = person(runtime, protected=True), person(runtime, protected=True)
    follow(runtime, me, locked_friend)
    by = {u.id: status(runtime, u) for u in (friend, stranger, locked, locked_friend)}
    unrelated = status(runtime, friend)
    retweet = retweet_of(by[friend.id], friend, stranger.id, runtime.next_id(), "t", "https://t/")
    write(
        runtime,
        *by.values(),
        unrelated,
        retweet,
        mentions={**{i: {me.id} for i in (t.id for t in by.values())}, retweet.id: {me.id}},
    )
    expected = sorted((by[u.id].id for u in (friend, stranger, locked_friend)), reverse=True)
    assert runtime.timelines.mentions(me.id, Slice(20)) == expected  # not locked's, no retweet
    assert runtime.timelines.mentions(me.id, Slice(1, max_id=expected[1])) == [expected[1]]
    assert runtime.timelines.mentions(me.id, Slice(20, since_id=expected[1])) == [expected[0]]
    assert runtime.timelines.mentions(friend.id, Slice(20)) == []
    tweets.destroy(runtime, friend, by[friend.id].id)
    assert by[friend.id].id not in runtime.timelines.mentions(me.id, Slice(20))


def test_mentions_reach_the_newest_800(runtime: Runtime) -> None:
    me, author = person(runtime), person(runtime)
    made = [status(runtime, author) for _ in range(MENTIONS_DEPTH + 3)]
    write(runtime, *made, mentions={t.id: {me.id} for t in made})
    newest = [t.id for t in made][::-1]
    seen = page_through(lambda part: runtime.timelines.mentions(me.id, part), 200)
    assert seen == newest[:MENTIONS_DEPTH]


def test_service_leaves_out_suspended_authors_after_the_count(runtime: Runtime) -> None:
    viewer, good, banned = person(runtime), person(runtime), person(runtime)
    for other in (good, banned):
        follow(runtime, viewer, other)
    a, b, c = status(runtime, good), status(runtime, banned), status(runtime, good)
    write(runtime, a, b, c)
    with runtime.store.write() as tx:
        tx.update_user(banned.id, suspended=True)
    found = timelines.home(runtime, viewer, timelines.TimelineRequest(count=2))
    assert [t.id for t in found] == [c.id]  # count 2 took c and b; b is dropped after it


def test_retweets_of_statuses_gone_protected_leave_home(runtime: Runtime) -> None:
    viewer, retweeter, author, fan = (person(runtime) for _ in range(4))
    follow(runtime, viewer, retweeter)
    follow(runtime, fan, retweeter)
    original = status(runtime, author)
    write(runtime, original)
    made = retweet_of(original, author, retweeter.id, runtime.next_id(), "t", "https://t/")
    write(runtime, made)
    req = timelines.TimelineRequest()

    def home(who: User) -> list[int]:
        return [t.id for t in timelines.home(runtime, who, req)]

    assert home(viewer) == [made.id]
    users.update_settings(runtime, author, protected=True)
    follow(runtime, fan, users.reload(runtime, author.id))
    assert home(viewer) == []  # the original is no longer visible to the viewer
    assert home(fan) == [made.id, original.id]  # an approved follower of its author sees both


# ---------------------------------------------------------------------- query plans
def _plan(runtime: Runtime, sql: str, params: dict[str, object]) -> str:
    with runtime.store.read() as tx:
        if runtime.store.dialect == "sqlite":
            rows = tx.conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
            return "\n".join(str(r[3]) for r in rows)
        tx.conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # tiny tables: seq scans win
        rows = tx.conn.exec_driver_sql("EXPLAIN " + sql, params).all()
        return "\n".join(str(r[0]) for r in rows)


def _compiled(runtime: Runtime, build: Callable[[], object]) -> str:
    compiled = build().compile(dialect=runtime.store.engine.dialect)  # type: ignore[attr-defined]
    return str(compiled)


def test_each_query_uses_its_index(runtime: Runtime) -> None:
    """merge and user timeline: ix_statuses_user; scan: the primary key; mentions: the
    (user_id, status_id) key of status_mentions."""
    from roost.store import timelines as q

    sqlite = runtime.store.dialect == "sqlite"
    values = {"uid": 1, "since": 0, "max": MAX, "count": 20, "budget": 100, "skip": 5}
    if sqlite:
        qmark = [values[k] for k in ("uid", "uid", "uid", "max", "since", "count")]
        merge = _plan(runtime, _compiled(runtime, q._home_merge), tuple(qmark))  # type: ignore[arg-type]
        assert "SEARCH f USING COVERING INDEX" in merge or "follows" in merge
        assert "ix_statuses_user (user_id=? AND id>? AND id<?)" in merge
        scan_args = tuple(values[k] for k in ("max", "since", "uid", "uid", "uid", "count"))
        scan = _plan(runtime, _compiled(runtime, q._home_scan), scan_args)  # type: ignore[arg-type]
        assert "SEARCH statuses USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)" in scan
        assert "ix_statuses_user" not in scan and "TEMP B-TREE" not in scan
        user_args = tuple(values[k] for k in ("uid", "max", "since", "count"))
        user = _plan(runtime, _compiled(runtime, q._user_timeline), user_args)  # type: ignore[arg-type]
        assert "COVERING INDEX ix_statuses_user" in user and "TEMP B-TREE" not in user
        m_args = tuple(values[k] for k in ("uid", "uid", "uid", "max", "since", "count"))
        mentions = _plan(runtime, _compiled(runtime, q._mentions), m_args)  # type: ignore[arg-type]
        assert "SEARCH status_mentions USING" in mentions.splitlines()[0]
        assert "TEMP B-TREE" not in mentions
        return
    heads = _plan(runtime, _compiled(runtime, q._home_heads), {**values, "per_account": 2})
    assert "Index Only Scan Backward using ix_statuses_user" in heads
    more = _plan(
        runtime,
        _compiled(runtime, q._home_more),
        {**values, "uids": [1], "bounds": [9], "floor": 0},
    )
    assert "Index Only Scan Backward using ix_statuses_user" in more
    scan = _plan(runtime, _compiled(runtime, q._home_scan_windowed), values)
    assert "Index Scan Backward using pk_statuses" in scan and "ix_statuses_user" not in scan
    assert "Sort" not in scan
    user = _plan(runtime, _compiled(runtime, q._user_timeline), values)
    assert "Backward using ix_statuses_user" in user and "Sort" not in user
    mentions = _plan(runtime, _compiled(runtime, q._mentions), values)
    assert "pk_status_mentions" in mentions and "Sort" not in mentions
