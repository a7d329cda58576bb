"""The manifest: what a load wrote, and the accounts and statuses benchmarks start from.

Everything in it follows from the seed and the sizes (no timings), so two loads with the same
arguments write the same manifest. Ids appear as numbers and, as Twitter gave them, as strings
(``id_str``: a JavaScript number cannot hold a Snowflake exactly). The format is described in
``roost load --help`` and versioned by ``format``.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from roost.load import clock
from roost.load.activity import ORIGINAL, QUOTE, REPLY, RETWEET
from roost.load.words import LANGS
from roost.load.world import World

FORMAT = "roost-load-manifest/1"


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _spread(values: Any) -> dict[str, int]:
    ordered = sorted(values)
    if not ordered:
        return {"median": 0, "p90": 0, "p99": 0, "max": 0}
    n = len(ordered)
    return {
        "median": ordered[n // 2],
        "p90": ordered[min(n - 1, int(n * 0.9))],
        "p99": ordered[min(n - 1, int(n * 0.99))],
        "max": ordered[-1],
    }


def _top_status(world: World, counts: Any) -> dict[str, Any] | None:
    if not len(world.statuses):
        return None
    k = max(range(len(counts)), key=lambda i: (counts[i], -i))
    sid = world.statuses.ids[k]
    author = world.statuses.author[k]
    return {
        "id": sid,
        "id_str": str(sid),
        "count": counts[k],
        "user_id": world.users.ids[author],
        "screen_name": world.users.screen_names[author],
    }


def build_manifest(world: World, stats: Counter[str], hashtags: Counter[str]) -> dict[str, Any]:
    """The manifest of a written world (``stats``: rows written per table, and tallies)."""
    u, g, s = world.users, world.graph, world.statuses
    kinds = Counter(s.kind)
    langs = Counter(LANGS[x] for x in s.lang)
    accounts = {}
    for role, i in world.samples.items():
        token = world.tokens[i]
        accounts[role] = {
            "id": u.ids[i],
            "id_str": str(u.ids[i]),
            "screen_name": u.screen_names[i],
            "protected": bool(u.protected[i]),
            "followers_count": g.followers_count[i],
            "friends_count": g.friends_count[i],
            "statuses_count": s.statuses_count[i],
            "favourites_count": world.likes.favourites_count[i],
            "access_token": token.token,
            "access_token_secret": token.secret,
        }
    return {
        "format": FORMAT,
        "seed": world.seed,
        "sizes": {
            "users": world.sizes.users,
            "tweets": world.sizes.tweets,
            "likes": world.sizes.likes,
            "avg_following": world.sizes.avg_following,
        },
        "period": {
            "accounts_from": _iso(clock.USERS_FROM_MS),
            "start": _iso(clock.PERIOD_START_MS),
            "end": _iso(clock.PERIOD_END_MS),
        },
        "counts": {
            "users": len(u),
            "protected_users": sum(u.protected),
            "verified_users": sum(u.verified),
            "geo_enabled_users": sum(u.geo_enabled),
            "follows": len(g.follows),
            "follow_requests": len(g.requests),
            "statuses": len(s),
            "originals": kinds.get(ORIGINAL, 0),
            "replies": kinds.get(REPLY, 0),
            "retweets": kinds.get(RETWEET, 0),
            "quotes": kinds.get(QUOTE, 0),
            "geotagged": stats["geotagged"],
            "with_urls": stats["with_urls"],
            "with_mentions": len(set(s.mentions) | {k for k, v in s.reply_names.items() if v}),
            "with_cashtags": stats["with_symbols"],
            "longer_than_140": stats["long_texts"],
            "status_mentions": stats["status_mentions"],
            "tco_links": stats["tco_links"],
            "favorites": len(world.likes),
            "access_tokens": len(world.tokens),
            "statuses_by_lang": dict(sorted(langs.items())),
        },
        "distributions": {
            "followers_count": _spread(g.followers_count),
            "friends_count": _spread(g.friends_count),
            "statuses_count": _spread(s.statuses_count),
            "favourites_count": _spread(world.likes.favourites_count),
            "retweet_count": _spread(s.retweet_count),
            "favorite_count": _spread(s.favorite_count),
        },
        "app": {
            "id": world.app.id,
            "id_str": str(world.app.id),
            "name": world.app.name,
            "consumer_key": world.app.consumer_key,
            "consumer_secret": world.app.consumer_secret,
            "bearer_token": world.bearer.token,
        },
        "accounts": accounts,
        "statuses": {
            "first_id": s.ids[0] if len(s) else None,
            "last_id": s.ids[-1] if len(s) else None,
            "most_retweeted": _top_status(world, s.retweet_count),
            "most_liked": _top_status(world, s.favorite_count),
            "most_replied": _top_status(world, s.reply_count),
        },
        "top_hashtags": [[tag, n] for tag, n in sorted(hashtags.items(), key=_by_count)[:20]],
    }


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]
