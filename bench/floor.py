"""How close to its goal any server in this stack could come: the floor of each measured endpoint.

    ROOST_RATE_LIMITS=off python -m bench.floor [--seconds N] [--connections C] [--rounds R]
        [--no-write]

The goals of issues 3, 4, 9 and 10 are throughput ratios to the bare Starlette ``{"ok":true}``
baseline. This benchmark runs, in alternating rounds of one run, that baseline and the floor app
(bench/floor_app.py): bare Starlette endpoints that do only what the measured endpoint cannot
skip — verify the OAuth 1.0a signature, answer the Tweets Roost renders (a real statuses/show
answer of a Tweet with a URL, a hashtag and mentions, captured from Roost before the rounds), and
for the two writes run twitter-text, the language and sentiment detection issue 7 requires at
write time, and one durable SQLite row. The requests are those of the whole-stack benchmarks
(tweepy's shape, the same texts, 16 keep-alive connections). A floor below its goal means the
goal is out of reach for any implementation on this stack and machine, Roost's included; a
floor above it bounds what Roost's own layers (store, rendering, validation) may cost.
Medians and ratios are printed beside each goal and written to bench/results/floor.json.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

import orjson

from bench.baseline import BASELINE_PATH
from bench.floor_app import ENTRIES_PAGE, HOME_PAGE, PATHS
from bench.harness import (
    BenchConfig,
    BenchError,
    Target,
    add_round_options,
    bench_record,
    load_average,
    run_rounds,
)
from bench.loadgen import send_once
from bench.report import format_subjects_summary, write_json
from bench.servers import HOST, AppSpec, Server
from bench.signing import PlanSigner, Signer, sign_planned, sign_range, signing_workers
from bench.stack import main_in_tmp
from bench.statuses_requests import ShowPlan, UpdatePlan
from bench.statuses_setup import StatusFixtures, create_fixtures
from bench.v2_tweets import CreatePlan, CreateSupply

NAME = "floor"
ENDPOINTS = {
    "show": "GET floor of statuses/show: OAuth + one rendered Tweet",
    "home": f"GET floor of home_timeline count={HOME_PAGE}: OAuth + one query + {HOME_PAGE} Tweets",
    "entries": f"GET floor of collections/entries count={ENTRIES_PAGE}: OAuth + one query"
    f" + {ENTRIES_PAGE} Tweets",
    "update": "POST floor of statuses/update: OAuth + twitter-text + lang/sentiment + one row",
    "v2": "POST floor of /2/tweets (JSON body): OAuth + twitter-text + lang/sentiment + one row",
}
# The whole-stack goals each floor is the lower bound of (issues 3, 4, 9, 10).
GOALS = {"show": 0.5, "home": 0.4, "entries": 0.3, "update": 0.25, "v2": 0.25}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__)
    add_round_options(p)
    p.add_argument("--no-write", action="store_true", help="do not write bench/results/")
    args = p.parse_args(argv)
    if args.rounds < 2:
        p.error("--rounds must be at least 2: the medians need rounds to cancel noise")
    return args


def rendered_tweet(database_url: str, fixtures: StatusFixtures) -> dict[str, Any]:
    """The showcase Tweet as Roost's statuses/show answers it (a Roost server, briefly)."""
    spec = AppSpec("bench.stack:roost_app", {"database_url": database_url})
    with Server("roost", spec) as roost:
        plan = ShowPlan(
            f"http://{HOST}:{roost.port}/1.1/statuses/show.json",
            (fixtures.showcase_id,),
            (fixtures.users[0].keys,),
        )
        status, body = send_once(HOST, roost.port, sign_planned(plan, "floor-", 0, 1)[0])
    if status != 200:
        raise BenchError(f"statuses/show answered {status}: {body[:300]!r}")
    tweet: dict[str, Any] = orjson.loads(body)
    return tweet


def check(port: int, fixtures: StatusFixtures) -> dict[str, object]:
    """Untimed: each floor endpoint answers, and a request signed with another path is 401."""
    keys = fixtures.users[0].keys
    sizes: dict[str, object] = {}
    for name in ("show", "home", "entries"):
        url = f"http://{HOST}:{port}{PATHS[name]}"
        status, body = send_once(HOST, port, sign_range(keys, url, f"check-{name}-", 0, 1)[0])
        if status != 200:
            raise BenchError(f"floor {name} answered {status}: {body[:300]!r}")
        sizes[f"{name}_bytes"] = len(body)
    forged = sign_range(keys, f"http://{HOST}:{port}{PATHS['home']}", "check-forged-", 0, 1)[0]
    forged = forged.replace(PATHS["home"].encode(), PATHS["show"].encode(), 1)
    status, _ = send_once(HOST, port, forged)
    if status != 401:
        raise BenchError(f"a request signed for another path got {status}, not 401")
    sizes["forged"] = status
    return sizes


def targets(
    fixtures: StatusFixtures, floor: Server, baseline: Server, pool: Executor
) -> list[Target]:
    """The baseline and the five floors, requests shaped as the whole-stack benchmarks'."""
    keys = tuple(u.keys for u in fixtures.users)
    names = tuple(u.screen_name for u in fixtures.users)
    base = f"http://{HOST}:{floor.port}"
    workers = signing_workers()
    show = ShowPlan(base + PATHS["show"], fixtures.status_ids, keys)
    update = UpdatePlan(base + PATHS["update"], keys, names, "floor-")
    v2 = CreatePlan(base + PATHS["v2"], keys, names, "floor-v2-")
    baseline_url = f"http://{HOST}:{baseline.port}{BASELINE_PATH}"
    baseline_request = sign_range(keys[0], baseline_url, "b", 0, 1)
    return [
        Target("baseline", baseline, lambda n: baseline_request, cycle=True),
        Target("show", floor, PlanSigner(show, pool, workers).sign),
        Target("home", floor, Signer(keys[0], base + PATHS["home"], pool, workers).sign),
        Target("entries", floor, Signer(keys[0], base + PATHS["entries"], pool, workers).sign),
        Target("update", floor, PlanSigner(update, pool, workers).sign),
        Target("v2", floor, CreateSupply(v2, pool)),
    ]


def run(args: argparse.Namespace, tmp: str) -> int:
    """Fixtures, the captured Tweet, the servers, a check, the rounds, the summary."""
    database_url = f"sqlite:///{tmp}/bench.sqlite3"
    fixtures = create_fixtures(database_url)
    tweet = rendered_tweet(database_url, fixtures)
    secrets = {u.keys.token: [u.keys.consumer_secret, u.keys.token_secret] for u in fixtures.users}
    spec = AppSpec(
        "bench.floor_app:create_floor_app",
        {"database_path": os.path.join(tmp, "floor.sqlite3"), "secrets": secrets, "tweet": tweet},
    )
    config = BenchConfig(args.seconds, args.connections, args.rounds, args.warmup)
    load = load_average()
    ctx = multiprocessing.get_context("spawn")
    floor = Server("floor", spec)
    baseline = Server("baseline", AppSpec("bench.baseline:create_baseline_app"))
    with ProcessPoolExecutor(signing_workers(), mp_context=ctx) as pool, floor, baseline:
        checks = check(floor.port, fixtures)
        results = run_rounds(targets(fixtures, floor, baseline, pool), config)
    summary = bench_record(
        NAME,
        ENDPOINTS,
        config,
        load,
        results,
        list(GOALS),
        GOALS,
        {"tweet_bytes": len(orjson.dumps(tweet)), "check": checks},
    )
    print(
        format_subjects_summary(summary)
        .replace("-- met", "-- within reach of a floor")
        .replace("-- NOT met", "-- OUT OF REACH: the floor itself is below the goal")
    )
    if not args.no_write:
        print(f"written to {write_json(summary, NAME)}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m bench.floor``."""
    return main_in_tmp(NAME, run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
