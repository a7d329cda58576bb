"""Statuses and likes: the second half of the plan (pure, seeded, no text yet).

Who posts is drawn by activity (log-normal, higher for popular accounts), when is uniform over
the period; the plan walks the statuses in time order so a reply, retweet or quote always
points at an earlier status. Targets are mostly recent statuses of an account the actor
follows, sometimes a popular account's; replies to a protected account come only from its
approved followers, and protected statuses are never retweeted or quoted (Twitter's rules, as
services/engagement.py keeps them). Likes come after the status they like (a log-normal delay,
median two hours), mostly on the statuses of followed accounts, so favorite counts are
heavy-tailed too. Every count a status or account row carries is tallied here.
"""

from __future__ import annotations

import math
import random
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

from roost.load import clock
from roost.load.graph import Graph, Users
from roost.load.sampling import Alias
from roost.load.words import LANGS

ORIGINAL, REPLY, RETWEET, QUOTE = 0, 1, 2, 3
KIND_NAMES = ("original", "reply", "retweet", "quote")
P_REPLY, P_RETWEET, P_QUOTE = 0.22, 0.20, 0.03
SELF_THREAD = 0.12  # of replies: to one's own earlier status
TYPED_REPLY = 0.30  # of the other replies: "@author ..." typed, not auto_populate_reply_metadata
FROM_FOLLOWED = 0.70  # targets and mentions: an account the actor follows (else a popular one)
P_MENTION = {ORIGINAL: 0.12, REPLY: 0.06, QUOTE: 0.10}
P_GEO = 0.35  # of a geo-enabled account's statuses (not retweets)
P_PLACE_ONLY = 0.10  # of those: a place_id without coordinates
P_SENSITIVE = 0.01
P_OTHER_LANG = 0.15  # statuses of a non-English account written in English
LIKE_DELAY_MEDIAN_MS = 2 * 3_600_000
LIKE_DELAY_SIGMA = 1.6
RECENT = 20  # how far back in an account's statuses a reply or retweet reaches


@dataclass
class Statuses:
    """Status ``k`` is the ``k``-th in time (and id) order; parallel columns."""

    ids: array[int]
    times: array[int]
    author: array[int]
    kind: bytearray
    target: array[int]  # the parent (reply), original (retweet) or quoted status; -1
    lang: bytearray  # index into words.LANGS
    geo: bytearray  # 0 none, 1 coordinates, 2 place_id only
    sensitive: bytearray  # possibly_sensitive sent as true
    mentions: dict[int, tuple[int, ...]]  # accounts typed in the text (a typed reply's first)
    reply_names: dict[int, tuple[int, ...]]  # auto-populated reply mentions, in front
    retweet_count: array[int]
    favorite_count: array[int]
    reply_count: array[int]
    quote_count: array[int]
    statuses_count: array[int]  # per account
    by_author: list[list[int]] = field(default_factory=list)  # statuses one can reply to/like

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Likes:
    """Likes (rows of ``favorites``), in no particular order; ids minted from their times."""

    user: array[int]
    status: array[int]  # index into Statuses
    ids: array[int]
    times: array[int]
    favourites_count: array[int]  # per account

    def __len__(self) -> int:
        return len(self.ids)


def plan_statuses(seed: int, users: Users, graph: Graph, m: int) -> Statuses:
    """``m`` statuses over the period: originals, replies, retweets and quotes."""
    rng = random.Random(f"roost-load/{seed}/statuses")
    rnd = rng.random
    n = len(users)
    span = clock.PERIOD_END_MS - clock.PERIOD_START_MS
    times_raw = sorted(clock.PERIOD_START_MS + int(rnd() * span) for _ in range(m))
    ids, times = clock.snowflakes(times_raw, clock.WORKER_STATUSES)
    del times_raw
    active = Alias(users.activity)
    popular = Alias(users.popularity)
    zeros = array("l", [0]) * m
    plan = Statuses(
        ids=ids,
        times=times,
        author=array("l", [0]) * m,
        kind=bytearray(m),
        target=array("l", [-1]) * m,
        lang=bytearray(m),
        geo=bytearray(m),
        sensitive=bytearray(m),
        mentions={},
        reply_names={},
        retweet_count=array("l", zeros),
        favorite_count=array("l", zeros),
        reply_count=array("l", zeros),
        quote_count=array("l", zeros),
        statuses_count=array("l", [0]) * n,
        by_author=[[] for _ in range(n)],
    )
    in_text: dict[int, tuple[int, ...]] = {}  # every account a status's text mentions, in order
    retweeted: set[int] = set()  # user * m + status
    english = LANGS.index("en")
    by_author = plan.by_author
    for k in range(m):
        u = active.draw(rnd)
        plan.author[k] = u
        plan.statuses_count[u] += 1
        r = rnd()
        kind = REPLY if r < P_REPLY else RETWEET if r < P_REPLY + P_RETWEET else ORIGINAL
        if kind == ORIGINAL and r < P_REPLY + P_RETWEET + P_QUOTE:
            kind = QUOTE
        target = -1
        if kind != ORIGINAL:
            target = _target(rnd, u, kind, users, graph, popular, by_author, retweeted, m)
            if target < 0:
                kind = ORIGINAL
        plan.kind[k] = kind
        plan.target[k] = target
        if kind == RETWEET:
            retweeted.add(u * m + target)
            plan.retweet_count[target] += 1
            plan.lang[k] = plan.lang[target]
            continue
        plan.lang[k] = users.langs[u] if rnd() >= P_OTHER_LANG else english
        lead: tuple[int, ...] = ()
        names: tuple[int, ...] = ()
        if kind == REPLY:
            plan.reply_count[target] += 1
            parent_author = plan.author[target]
            if parent_author != u and rnd() < TYPED_REPLY:
                lead = (parent_author,)
            else:
                names = _reply_names(u, parent_author, in_text.get(target, ()))
                plan.reply_names[k] = names
        elif kind == QUOTE:
            plan.quote_count[target] += 1
        typed = lead + _mentions(rnd, u, kind, graph, popular, set(names) | set(lead))
        if typed:
            plan.mentions[k] = typed
        if names or typed:
            in_text[k] = names + typed
        if users.geo_enabled[u] and rnd() < P_GEO:
            plan.geo[k] = 2 if rnd() < P_PLACE_ONLY else 1
        plan.sensitive[k] = rnd() < P_SENSITIVE
        by_author[u].append(k)
    return plan


def _reply_names(
    user: int, parent_author: int, parent_mentions: tuple[int, ...]
) -> tuple[int, ...]:
    """auto_populate_reply_metadata's leading mentions (services/tweets.py ``_reply_names``):
    the parent's author, then the accounts the parent mentions, never the replier."""
    names: list[int] = []
    seen = {user}
    for account in (parent_author, *parent_mentions):
        if account not in seen:
            seen.add(account)
            names.append(account)
    return tuple(names[:50])


def _target(
    rnd: Callable[[], float],
    u: int,
    kind: int,
    users: Users,
    graph: Graph,
    popular: Alias,
    by_author: list[list[int]],
    retweeted: set[int],
    m: int,
) -> int:
    """An earlier status ``u`` may reply to, retweet or quote; -1 if none was found."""
    followees = graph.followees[u]
    for _ in range(4):
        r = rnd()
        if kind == REPLY and r < SELF_THREAD:
            f = u
        elif followees and r < FROM_FOLLOWED:
            f = followees[int(rnd() * len(followees))]
        else:
            f = popular.draw(rnd)
            if users.protected[f] and f != u:
                continue  # not visible to ``u`` unless followed: only followees' are
        if kind != REPLY and (users.protected[f] or f == u):
            continue  # protected statuses cannot be retweeted or quoted; nor one's own here
        recent = by_author[f]
        if not recent:
            continue
        back = min(len(recent), RECENT)
        status = recent[len(recent) - 1 - int(rnd() ** 2 * back)]
        if kind == RETWEET and u * m + status in retweeted:
            continue  # one retweet per account and status
        return status
    return -1


def _mentions(
    rnd: Callable[[], float],
    u: int,
    kind: int,
    graph: Graph,
    popular: Alias,
    already: set[int],
) -> tuple[int, ...]:
    if rnd() >= P_MENTION[kind]:
        return ()
    want = 1 if rnd() < 0.75 else 2 if rnd() < 0.8 else 3
    followees = graph.followees[u]
    chosen: list[int] = []
    for _ in range(want * 3):
        if len(chosen) == want:
            break
        if followees and rnd() < FROM_FOLLOWED:
            v = followees[int(rnd() * len(followees))]
        else:
            v = popular.draw(rnd)
        if v != u and v not in already and v not in chosen:
            chosen.append(v)
    return tuple(chosen)


def plan_likes(seed: int, users: Users, graph: Graph, statuses: Statuses, count: int) -> Likes:
    """``count`` likes (fewer if the world has too few statuses to like)."""
    rng = random.Random(f"roost-load/{seed}/likes")
    rnd = rng.random
    n = len(users)
    m = len(statuses)
    likers = Alias([a**0.7 for a in users.activity])
    popular = Alias(users.popularity)
    minter = clock.Minter(clock.WORKER_FAVORITES)
    out = Likes(array("l"), array("l"), array("q"), array("q"), array("l", [0]) * n)
    if m == 0:
        return out
    seen: set[int] = set()
    mu = math.log(LIKE_DELAY_MEDIAN_MS)
    end = clock.PERIOD_END_MS
    times = statuses.times
    by_author = statuses.by_author
    attempts = 0
    while len(out.ids) < count and attempts < 20 * count + 1000:
        attempts += 1
        u = likers.draw(rnd)
        followees = graph.followees[u]
        if followees and rnd() < 0.8:
            f = followees[int(rnd() * len(followees))]  # protected ones too: u is approved
        else:
            f = popular.draw(rnd)
            if users.protected[f]:
                continue
        own = by_author[f]
        if f == u or not own:
            continue
        s = own[int(rnd() * len(own))]
        key = u * m + s
        if key in seen:
            continue
        seen.add(key)
        posted = times[s]
        at = posted + 1 + int(rng.lognormvariate(mu, LIKE_DELAY_SIGMA))
        if at >= end:
            at = posted + 1 + int(rnd() * max(0, end - posted - 2))
        like_id, at = minter.mint(at)
        out.user.append(u)
        out.status.append(s)
        out.ids.append(like_id)
        out.times.append(at)
        out.favourites_count[u] += 1
        statuses.favorite_count[s] += 1
    return out
