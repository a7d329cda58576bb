"""The whole plan of a synthetic world, and the handful of facts benchmarks want from it.

``plan_world`` runs the planners in order (accounts, follows, statuses, likes), each on its own
seeded generator, then makes the one App every status is posted with and access tokens for the
sample accounts the manifest names. Keys and tokens are drawn from the seed too (a load is
reproducible to the byte), which also means anyone who knows the seed knows them: a loaded
database is for benchmarks and tests, never for a server others can reach.
"""

from __future__ import annotations

import random
import string
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

from roost.domain.model import AccessToken, App, BearerToken, Permission
from roost.load import clock
from roost.load.activity import QUOTE, REPLY, RETWEET, Likes, Statuses, plan_likes, plan_statuses
from roost.load.graph import Graph, Users, plan_graph, plan_users
from roost.load.rows import Accounts, Entry, Source

APP_NAME = "Roost Load"
APP_WEBSITE = "https://github.com/roost/roost"
_ALNUM = string.ascii_letters + string.digits


@dataclass(frozen=True)
class Sizes:
    """How big a world to make."""

    users: int
    tweets: int
    likes: int
    avg_following: float = 40.0

    def check(self) -> None:
        """Refuse sizes the planner cannot honour."""
        if self.users < 2:
            raise ValueError("--users must be at least 2")
        if self.tweets < 0 or self.likes < 0:
            raise ValueError("--tweets and --likes cannot be negative")
        if not 0 < self.avg_following <= 5000:
            raise ValueError("--avg-following must be between 0 and 5000")


@dataclass
class World:
    """Everything a load writes, planned; rows are made from it on demand."""

    seed: int
    sizes: Sizes
    users: Users
    graph: Graph
    statuses: Statuses
    likes: Likes
    app: App
    bearer: BearerToken
    samples: dict[str, int] = field(default_factory=dict)  # role -> account index
    tokens: dict[int, AccessToken] = field(default_factory=dict)  # account index -> token

    def accounts(self) -> Accounts:
        """What the workers need to know of every account."""
        return accounts_of(self.users)

    def source(self) -> Source:
        """The App's source label and the seed of the texts."""
        return source_of(self.seed)

    def entry(self, k: int) -> Entry:
        """Status ``k`` (not a retweet) as a self-contained entry (see ``rows.py``)."""
        s = self.statuses
        kind = s.kind[k]
        if kind == RETWEET:
            raise ValueError(f"status {k} is a retweet: it is made from its original's row")
        t = s.target[k]
        reply = (s.ids[t], s.author[t], s.reply_names.get(k)) if kind == REPLY else None
        quote = (s.ids[t], s.author[t]) if kind == QUOTE else None
        # favorite_count is filled in by the loader: rendering may start before likes exist
        counts = (s.retweet_count[k], 0, s.reply_count[k], s.quote_count[k])
        return (
            k,
            s.ids[k],
            s.author[k],
            kind,
            s.lang[k],
            s.mentions.get(k, ()),
            reply,
            quote,
            s.geo[k],
            s.sensitive[k],
            counts,
        )


def plan_world(
    seed: int,
    sizes: Sizes,
    step: Callable[[str], None] | None = None,
    *,
    on_accounts: Callable[[Users], None] | None = None,
    on_statuses: Callable[[World], None] | None = None,
) -> World:
    """Plan every row of the world; ``step(name)`` is called as each planner starts. The
    loader starts work between the steps: ``on_accounts`` once the accounts are planned,
    ``on_statuses`` once everything but the likes is (statuses can be rendered from then on;
    their ``favorite_count`` is the only column the likes change)."""
    sizes.check()
    say = step or (lambda _: None)
    say("accounts")
    users = plan_users(seed, sizes.users)
    if on_accounts is not None:
        on_accounts(users)
    say("follows")
    graph = plan_graph(seed, users, sizes.avg_following)
    say("statuses")
    statuses = plan_statuses(seed, users, graph, sizes.tweets)
    rng = random.Random(f"roost-load/{seed}/keys")
    app_id, app_at = clock.Minter(clock.WORKER_APPS).mint(clock.USERS_FROM_MS - clock.DAY_MS)
    app = App(
        id=app_id,
        name=APP_NAME,
        website=APP_WEBSITE,
        consumer_key=_token(rng, 25),
        consumer_secret=_token(rng, 50),
        client_id=_token(rng, 34),
        client_secret=_token(rng, 50),
        permission=Permission.READ_WRITE,
        created_at_ms=app_at,
    )
    bearer = BearerToken("AAAAAAAAAAAAAAAAAAAAA" + _token(rng, 91), app.id, app_at)
    world = World(seed, sizes, users, graph, statuses, no_likes(len(users)), app, bearer)
    world.samples = sample_accounts(world)
    for i in sorted(set(world.samples.values())):
        world.tokens[i] = AccessToken(
            f"{users.ids[i]}-{_token(rng, 30)}",
            _token(rng, 45),
            app.id,
            users.ids[i],
            Permission.READ_WRITE,
            clock.PERIOD_END_MS,
        )
    if on_statuses is not None:
        on_statuses(world)
    say("likes")
    world.likes = plan_likes(seed, users, graph, statuses, sizes.likes)
    return world


def no_likes(n: int) -> Likes:
    """Likes of a world whose likes are not planned yet."""
    return Likes(array("l"), array("l"), array("q"), array("q"), array("l", [0]) * n)


def accounts_of(users: Users) -> Accounts:
    """What the workers need to know of every account."""
    return Accounts(
        ids=list(users.ids),
        screen_names=users.screen_names,
        names=users.names,
        langs=bytes(users.langs),
        home=bytes(users.home),
        geo_enabled=bytes(users.geo_enabled),
        sensitive=bytes(users.sensitive),
        locations=list(users.locations),
    )


def source_of(seed: int) -> Source:
    """The App's source label (``services/tweets.py: source_label``) and the text seed."""
    return Source(seed, APP_NAME, APP_WEBSITE)


def _token(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_ALNUM) for _ in range(n))


def sample_accounts(world: World) -> dict[str, int]:
    """Accounts benchmarks start from: by how many they follow (median, 99th percentile), by
    followers (median, 99th percentile, most), the busiest poster, a protected account with
    pending requests and one of its approved followers."""
    n = len(world.users)
    g = world.graph
    by_friends = sorted(range(n), key=lambda i: (g.friends_count[i], i))
    by_followers = sorted(range(n), key=lambda i: (g.followers_count[i], i))
    p99 = min(n - 1, int(n * 0.99))
    samples = {
        "median_following": by_friends[n // 2],
        "p99_following": by_friends[p99],
        "median_followers": by_followers[n // 2],
        "p99_followers": by_followers[p99],
        "most_followers": by_followers[-1],
        "most_statuses": max(range(n), key=lambda i: (world.statuses.statuses_count[i], -i)),
    }
    pending: dict[int, int] = {}
    for target in g.requests.target:
        pending[target] = pending.get(target, 0) + 1
    protected = [i for i in range(n) if world.users.protected[i]]
    if protected:
        best = max(protected, key=lambda i: (pending.get(i, 0), g.followers_count[i], -i))
        samples["protected"] = best
        for follower, followee in zip(g.follows.source, g.follows.target, strict=True):
            if followee == best:
                samples["protected_follower"] = follower
                break
    return samples
