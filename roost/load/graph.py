"""Accounts and who follows whom: the first half of the plan (pure, seeded, no database).

Popularity is Pareto-distributed (``POPULARITY_ALPHA``). Each account follows a log-normal
number of others (``--avg-following`` on average, the median a little over half of that, a long
tail up to ``MAX_FOLLOWING``), chosen with probability proportional to popularity, so followers
counts follow a power law: a few accounts followed by a large share of everyone, most by a
handful. A quarter of the follows of ordinary accounts are followed back. About 6% of accounts
are protected: most of their would-be followers were approved (rows in ``follows``), the rest
are still pending (``follow_requests``).
"""

from __future__ import annotations

import math
import random
from array import array
from dataclasses import dataclass

from roost.load import clock
from roost.load.people import FOLK, HANDLE_WORDS, RESERVED, Folk
from roost.load.sampling import Alias
from roost.load.words import EMOJI, LANG_WEIGHTS, LANGS

POPULARITY_ALPHA = 1.25
FOLLOWING_SIGMA = 1.1
MAX_FOLLOWING = 5000
FOLLOW_BACK = 0.25
PROTECTED = 0.06
PENDING = 0.12  # of the follows of a protected account, still waiting for approval
GEO_ENABLED = 0.15
SENSITIVE = 0.01  # accounts whose statuses are possibly_sensitive by default


@dataclass
class Users:
    """Account ``i`` is the ``i``-th created; parallel columns."""

    ids: array[int]
    created: array[int]
    screen_names: list[str]
    names: list[str]
    descriptions: list[str]
    locations: list[str]
    urls: list[str | None]
    langs: bytearray  # index into words.LANGS
    home: bytearray  # index into the language's cities
    protected: bytearray
    verified: bytearray
    geo_enabled: bytearray
    sensitive: bytearray
    popularity: list[float]
    activity: list[float]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Edges:
    """Follow edges (or pending requests) as parallel columns, ids minted from their times."""

    source: array[int]
    target: array[int]
    ids: array[int]
    times: array[int]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Graph:
    """Approved follows, pending requests, and each account's followees (approved)."""

    follows: Edges
    requests: Edges
    followees: list[list[int]]
    followers_count: array[int]
    friends_count: array[int]


def plan_users(seed: int, n: int) -> Users:
    """``n`` accounts created between 2012 and the start of the period, oldest first."""
    rng = random.Random(f"roost-load/{seed}/users")
    times = sorted(
        clock.USERS_FROM_MS + int(rng.random() * (clock.PERIOD_START_MS - clock.USERS_FROM_MS))
        for _ in range(n)
    )
    ids, created = clock.snowflakes(times, clock.WORKER_USERS)
    langs = bytearray(rng.choices(range(len(LANGS)), weights=LANG_WEIGHTS, k=n))
    users = Users(
        ids=ids,
        created=created,
        screen_names=[],
        names=[],
        descriptions=[],
        locations=[],
        urls=[],
        langs=langs,
        home=bytearray(n),
        protected=bytearray(n),
        verified=bytearray(n),
        geo_enabled=bytearray(n),
        sensitive=bytearray(n),
        popularity=[],
        activity=[],
    )
    taken = set(RESERVED)
    for i in range(n):
        folk = FOLK[LANGS[langs[i]]]
        given = rng.choice(folk.given)
        family = rng.choice(folk.family)
        screen_name = _screen_name(rng, given[1], family[1], taken)
        taken.add(screen_name.lower())
        users.screen_names.append(screen_name)
        users.names.append(_display_name(rng, folk, given[0], family[0]))
        users.home[i] = rng.randrange(len(folk.cities))
        users.descriptions.append(_description(rng, folk))
        users.locations.append(folk.cities[users.home[i]].label if rng.random() < 0.65 else "")
        users.urls.append(
            f"https://example.com/{screen_name.lower()}" if rng.random() < 0.08 else None
        )
        # older accounts are somewhat more popular; active accounts tend to be popular ones
        popularity = rng.paretovariate(POPULARITY_ALPHA) * (1.5 - i / n)
        users.popularity.append(popularity)
        users.activity.append(rng.lognormvariate(0.0, 1.0) * popularity**0.4)
        users.geo_enabled[i] = rng.random() < GEO_ENABLED
        users.sensitive[i] = rng.random() < SENSITIVE
    ranked = sorted(range(n), key=lambda i: (-users.popularity[i], i))
    for rank, i in enumerate(ranked):
        users.verified[i] = rank < max(1, n // 200)  # the most followed half percent
        # the most popular 2% are public figures; others are protected now and then
        users.protected[i] = rank >= n // 50 and rng.random() < PROTECTED
    return users


def _screen_name(rng: random.Random, given: str, family: str, taken: set[str]) -> str:
    r = rng.random()
    if r < 0.18:
        parts = [given, family]
    elif r < 0.32:
        parts = [given, "_", family]
    elif r < 0.42:
        parts = [given, family[0]]
    elif r < 0.52:
        parts = [given[0], family]
    elif r < 0.70:
        parts = [given, str(rng.randint(1, 9999))]
    elif r < 0.78:
        parts = [family, given[0], str(rng.randint(1, 99))]
    elif r < 0.84:
        parts = ["the", "real" if rng.random() < 0.5 else "", given]
    else:
        parts = [given, "_", rng.choice(HANDLE_WORDS)]
    if rng.random() < 0.3:
        parts = [p.capitalize() for p in parts]
    name = "".join(parts)[:15]
    while name.lower() in taken:
        digits = str(rng.randint(1, 99999))
        name = name[: 15 - len(digits)] + digits
    return name


def _display_name(rng: random.Random, folk: Folk, given: str, family: str) -> str:
    spaced = not folk.family_first
    full = f"{given} {family}" if spaced else f"{family}{given}"
    r = rng.random()
    if r < 0.70:
        return full
    if r < 0.82:
        return given
    if r < 0.88 and spaced:
        return full.lower()
    if r < 0.94:
        return f"{given} {rng.choice(EMOJI)}"
    return f"{given} {family[0]}." if spaced else family


def _description(rng: random.Random, folk: Folk) -> str:
    if rng.random() < 0.35:
        return ""
    pieces = [rng.choice(folk.roles)]
    if rng.random() < 0.5:
        a, b = rng.sample(folk.interests, 2)
        pieces.append(f"{a} {folk.connector} {b}")
    if rng.random() < 0.4:
        pieces.append(rng.choice(folk.extras))
    if rng.random() < 0.2:
        pieces.append(rng.choice(EMOJI))
    return " | ".join(pieces)[:160]


def plan_graph(seed: int, users: Users, avg_following: float) -> Graph:
    """Follows by popularity, follow-backs, and the protected accounts' pending requests."""
    rng = random.Random(f"roost-load/{seed}/follows")
    rnd = rng.random
    n = len(users)
    everyone = range(n)
    table = Alias(users.popularity)
    prob, alias = table.prob, table.alias
    cap = min(n - 1, MAX_FOLLOWING)
    mu = math.log(max(avg_following, 1.0)) - FOLLOWING_SIGMA**2 / 2  # the mean is avg_following
    out: list[dict[int, None]] = []
    for u in everyone:
        want = min(cap, int(rng.lognormvariate(mu, FOLLOWING_SIGMA)))
        chosen: dict[int, None] = {}
        for _ in range(6):  # popular accounts come up again and again: draw a few rounds
            need = want - len(chosen)
            if need <= 0:
                break
            for _ in range(need + 1):
                i = int(rnd() * n)
                v = i if rnd() < prob[i] else alias[i]
                if v != u:
                    chosen[v] = None
        if len(chosen) > want:
            chosen = dict.fromkeys(list(chosen)[:want])
        out.append(chosen)
    ranked = sorted(everyone, key=lambda i: (-users.popularity[i], i))
    famous = set(ranked[: n // 20])
    backs: list[tuple[int, int]] = []
    for u in everyone:
        for v in out[u]:
            if rnd() < FOLLOW_BACK and v not in famous and u not in out[v]:
                backs.append((v, u))
    for v, u in backs:
        out[v][u] = None
    follows = _Columns(clock.WORKER_FOLLOWS)
    requests = _Columns(clock.WORKER_REQUESTS)
    followees: list[list[int]] = []
    created = users.created
    protected = users.protected
    end_ms, start_ms = clock.PERIOD_END_MS, clock.PERIOD_START_MS
    add_follow, add_request = follows.add, requests.add
    for u in everyone:
        mine: list[int] = []
        for v in out[u]:
            start = created[u if u > v else v] + 1000  # accounts are numbered oldest first
            if protected[v]:
                if rnd() < PENDING:
                    add_request(u, v, start + int(rnd() * (end_ms - start)))
                    continue
                # an approved follower of a protected account was one before the period
                # began, so every reply or like of theirs is to a status they could see
                add_follow(u, v, start + int(rnd() * (start_ms - start)))
            else:
                add_follow(u, v, start + int(rnd() * (end_ms - start)))
            mine.append(v)
        followees.append(mine)
        out[u] = {}  # done with it: free the memory as we go
    followers_count = array("l", [0]) * n
    friends_count = array("l", [0]) * n
    for u, mine in enumerate(followees):
        friends_count[u] = len(mine)
        for v in mine:
            followers_count[v] += 1
    return Graph(
        follows=follows.edges(),
        requests=requests.edges(),
        followees=followees,
        followers_count=followers_count,
        friends_count=friends_count,
    )


class _Columns:
    """Edges being collected, each minted an id from its time as it is added."""

    def __init__(self, worker: int) -> None:
        self.source: array[int] = array("l")
        self.target: array[int] = array("l")
        self.ids: array[int] = array("q")
        self.times: array[int] = array("q")
        self._minter = clock.Minter(worker)

    def add(self, source: int, target: int, at: int) -> None:
        edge_id, at = self._minter.mint(at)
        self.source.append(source)
        self.target.append(target)
        self.ids.append(edge_id)
        self.times.append(at)

    def edges(self) -> Edges:
        return Edges(self.source, self.target, self.ids, self.times)
