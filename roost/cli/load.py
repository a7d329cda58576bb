"""``roost load``: fill an empty database with a deterministic synthetic world (roost/load/)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from roost.config import Settings

DESCRIPTION = """\
Fill an EMPTY database with a synthetic Twitter: accounts in six languages (en es fr de ja pt)
with names, bios and home towns; a power-law follow graph (Pareto popularity, log-normal
following counts, follow-backs); protected accounts with approved followers and pending follow
requests; statuses over 2025 with hashtags, cashtags, mentions, URLs (t.co-wrapped), replies
(auto-populated and typed), quotes, retweets, geotags with places; likes. Every row is what
Roost's own code writes (domain.text compose/entities, retweet_of, the geo rules), every count
is kept right, ids are Snowflakes of the rows' times. The same --seed and sizes give the same
rows, ids, keys and tokens: anyone who knows the seed knows the credentials, so never expose a
loaded database. A database that already holds any row is refused; a load that fails leaves
what it wrote (the schema intact): delete the database and start again."""

EPILOG = """\
manifest (--manifest PATH, also printed on stdout with the timings): a JSON object
  format            "roost-load-manifest/1"
  seed, sizes       the arguments (users, tweets, likes, avg_following)
  period            accounts_from, start, end (UTC): accounts before start, activity in [start, end)
  counts            users, protected_users, verified_users, geo_enabled_users, follows,
                    follow_requests, statuses, originals, replies, retweets, quotes, geotagged,
                    with_urls, with_mentions, with_cashtags, longer_than_140, status_mentions,
                    tco_links, favorites, access_tokens, statuses_by_lang {lang: n}
  distributions     {followers_count, friends_count, statuses_count, favourites_count,
                    retweet_count, favorite_count}: {median, p90, p99, max}
  app               id, id_str, name, consumer_key, consumer_secret, bearer_token
  accounts          {role: {id, id_str, screen_name, protected, followers_count, friends_count,
                    statuses_count, favourites_count, access_token, access_token_secret}} for
                    the roles median_following, p99_following (by friends_count: home timeline
                    cost), median_followers, p99_followers, most_followers (fan-out),
                    most_statuses, protected (most pending requests), protected_follower
                    (an approved follower of it)
  statuses          first_id, last_id, most_retweeted, most_liked, most_replied
                    ({id, id_str, count, user_id, screen_name})
  top_hashtags      [[text, statuses], ...] the 20 most used
"""


def add_parser(nouns: Any, db_flag: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``roost load`` on the ``roost`` parser's sub-commands."""
    p = nouns.add_parser(
        "load",
        help="fill an empty database with a deterministic synthetic world",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--users", type=int, required=True, metavar="N", help="accounts")
    p.add_argument(
        "--tweets", type=int, required=True, metavar="M", help="statuses (retweets included)"
    )
    p.add_argument("--seed", type=int, default=0, metavar="S", help="the world's seed (0)")
    p.add_argument("--likes", type=int, metavar="L", help="likes (default: as many as --tweets)")
    p.add_argument(
        "--avg-following",
        type=float,
        default=40.0,
        metavar="F",
        help="mean accounts followed per account (40)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=2,
        metavar="W",
        help="processes rendering statuses (2; 0: all in this one; the rows are the same)",
    )
    p.add_argument("--manifest", type=Path, metavar="PATH", help="also write the manifest here")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    db_flag(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """roost load: prints the manifest with the time each phase took."""
    from roost.load.progress import Progress
    from roost.load.run import load
    from roost.load.world import Sizes

    if args.workers < 0:
        raise ValueError("--workers cannot be negative")
    sizes = Sizes(
        users=args.users,
        tweets=args.tweets,
        likes=args.tweets if args.likes is None else args.likes,
        avg_following=args.avg_following,
    )
    progress = Progress(enabled=not args.quiet)
    manifest = load(
        settings.database_url, args.seed, sizes, workers=args.workers, progress=progress
    )
    if args.manifest is not None:
        args.manifest.parent.mkdir(parents=True, exist_ok=True)
        args.manifest.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n")
    return {
        **manifest,
        "elapsed_seconds": round(progress.total_seconds(), 1),
        "timings": progress.timings,
    }
