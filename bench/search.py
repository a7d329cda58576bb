"""Benchmark GET search/tweets on synthetic worlds of two sizes, beside the raw engine.

    ROOST_RATE_LIMITS=off python -m bench.search [--small N] [--large N] [--seconds S]
        [--rounds R] [--connections C] [--no-write]

For each world (``roost load``: 10k users / 100k statuses and 100k / 1M by default, seed 42,
kept under ``var/`` and reused), each query class of issue 7 is measured two ways in the same
run: through the whole stack (HTTP, OAuth, the parser and planner, the index, visibility,
rendering 15 Tweets; 16 connections, alternating rounds with the bare Starlette baseline), and
as the same text query run directly on the raw engine (the plan's FTS5 MATCH on a sqlite3
connection, newest 15, timed in this process). Reported: req/s and p50/p99 of each, the stack's
p99 over the raw engine's, its throughput over the baseline's, and the growth of p99 from the
small world to the large. Goals (issue 7): p99 under 50 ms for every class at 1M on SQLite,
within 3x of the raw engine, p99 growing less than 2x from 100k to 1M.
Written to bench/results/search.json.
"""

from __future__ import annotations

import argparse
import datetime
import multiprocessing
import os
import sqlite3
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import orjson

from bench.baseline import BASELINE_PATH
from bench.harness import (
    BenchConfig,
    BenchError,
    Target,
    load_average,
    median_of,
    pair_ratios,
    ratios,
    rounded,
    run_config,
    run_rounds,
)
from bench.loadgen import send_once
from bench.report import write_json
from bench.servers import HOST, AppSpec, Server
from bench.signing import OAuthKeys, PlanSigner, sign_range, signing_workers
from bench.stack import ensure_rate_limits_off
from bench.timelines import FixedPlan, ensure_world, keys_of

NAME = "search"
GOAL_P99_MS = 50.0
GOAL_RAW_RATIO = 3.0
GOAL_GROWTH = 2.0
ROOT = Path(__file__).resolve().parent.parent
ROLE = "median_following"  # who searches (user context)
RAW_RUNS = 200  # timed raw-engine queries per class


@dataclass(frozen=True)
class QueryClass:
    """One class of query: its ``q`` and any other parameters."""

    name: str
    q: str
    params: tuple[tuple[str, str], ...] = ()


def classes(manifest: dict[str, Any]) -> list[QueryClass]:
    """The query classes of issue 7, in words the synthetic worlds use."""
    author = manifest["accounts"]["most_statuses"]["screen_name"]
    return [
        QueryClass("term", "podcast"),
        QueryClass("and", "weird bug"),
        QueryClass("or", "podcast OR soundtrack"),
        QueryClass("phrase", '"weird bug"'),
        QueryClass("negation", "bug -weird"),
        QueryClass("from_term", f"from:{author} today"),
        QueryClass("hashtag", "#NowPlaying"),
        QueryClass("filter_links", "album filter:links"),
        QueryClass("geocode", "today", (("geocode", "40.7128,-74.0060,25km"),)),
        QueryClass("lang", "lang:es hoy"),
        QueryClass("popular", "incredible", (("result_type", "popular"),)),
    ]


def url_of(port: int, c: QueryClass) -> str:
    params = [("q", c.q), ("result_type", "recent"), *c.params]
    merged = dict(params)  # a class's own result_type wins
    # %20 for spaces, as tweepy sends them (the bench signer reads "+" literally)
    return f"http://{HOST}:{port}/1.1/search/tweets.json?{urlencode(merged, quote_via=quote)}"


def raw_engine(db: Path, manifest: dict[str, Any], cs: list[QueryClass]) -> dict[str, Any]:
    """Each class's plan as FTS5 MATCH text, run directly on sqlite3: p50/p99 (ms) and the
    newest 15 ids, RAW_RUNS times after a warm-up."""
    from roost.search.parser import parse
    from roost.search.plan import AllOf, Tokens, plan
    from roost.search.tokens import tag
    from roost.store.search import fts5_query

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

    def user_id(name: str) -> int | None:
        row = conn.execute(
            "SELECT id FROM users WHERE screen_name_lower = ?", (name.lower(),)
        ).fetchone()
        return row[0] if row else None

    out: dict[str, Any] = {}
    sql = "SELECT rowid FROM status_search WHERE status_search MATCH ? ORDER BY rowid DESC LIMIT 15"
    for c in cs:
        match = plan(parse(c.q), user_id, lambda o, s: None).match
        lang = dict(c.params).get("lang")
        if lang:
            match = AllOf((match, Tokens((tag("l", lang),))))
        text = fts5_query(match)
        for _ in range(10):
            conn.execute(sql, (text,)).fetchall()
        times = []
        for _ in range(RAW_RUNS):
            began = time.perf_counter()
            conn.execute(sql, (text,)).fetchall()
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        out[c.name] = {
            "match": text,
            "p50_ms": statistics.median(times),
            "p99_ms": times[int(len(times) * 0.99) - 1],
            "req_s": 1000 / statistics.mean(times),
        }
        print(f"raw engine {c.name:13} p50 {out[c.name]['p50_ms']:7.3f} ms", file=sys.stderr)
    conn.close()
    return out


def preflight(port: int, keys: OAuthKeys, cs: list[QueryClass]) -> dict[str, int]:
    """Each class once: a 200 with statuses, and how many."""
    found = {}
    for c in cs:
        request = sign_range(keys, url_of(port, c), f"pre-{c.name}-", 0, 1)[0]
        status, body = send_once(HOST, port, request)
        if status != 200:
            raise BenchError(f"{c.name}: answered {status}: {body[:300]!r}")
        page = orjson.loads(body)
        if not page["statuses"]:
            raise BenchError(f"{c.name}: no results for {c.q!r}")
        found[c.name] = len(page["statuses"])
    return found


def measure_world(args: argparse.Namespace, users: int, tweets: int) -> dict[str, Any]:
    """One world: the raw engine, then the stack against the baseline."""
    world = argparse.Namespace(
        users=users, tweets=tweets, seed=args.seed, world=None, rounds=args.rounds
    )
    world.world = ROOT / "var" / f"bench-world-{users}-{tweets}-{args.seed}"
    database_url, manifest = ensure_world(world)
    db = world.world / "world.sqlite3"
    # opening the store migrates it: an older world gets its search index built here
    from roost.store import open_store

    print(f"opening {db} (builds the search index if the world predates it)", file=sys.stderr)
    open_store(database_url).close()
    cs = classes(manifest)
    raw = raw_engine(db, manifest, cs)
    config = BenchConfig(args.seconds, args.connections, args.rounds, args.warmup)
    os.environ["ROOST_SEARCH_WINDOW_DAYS"] = "0"  # the worlds are a year of statuses
    roost = Server("roost", AppSpec("bench.stack:roost_app", {"database_url": database_url}))
    baseline = Server("baseline", AppSpec("bench.baseline:create_baseline_app"))
    load = load_average()
    keys = keys_of(manifest, ROLE)
    ctx = multiprocessing.get_context("spawn")
    workers = signing_workers()
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool, roost, baseline:
        found = preflight(roost.port, keys, cs)
        targets = [
            Target(
                c.name,
                roost,
                PlanSigner(FixedPlan(url_of(roost.port, c), keys), pool, workers).sign,
            )
            for c in cs
        ]
        url = f"http://{HOST}:{baseline.port}{BASELINE_PATH}"
        request = sign_range(keys, url, "b", 0, 1)
        base = Target("baseline", baseline, lambda n: request, cycle=True)
        results = run_rounds([base, *targets], config)
    base_fig = median_of(results["baseline"])
    stack = {c.name: median_of(results[c.name]) for c in cs}
    return {
        "world": {"users": users, "statuses": tweets, "seed": args.seed},
        "config": run_config(config, load),
        "queries": {c.name: {"q": c.q, **dict(c.params)} for c in cs},
        "results_on_first_page": found,
        "baseline": rounded(base_fig),
        "stack": {name: rounded(fig) for name, fig in stack.items()},
        "raw_engine": {
            name: rounded({k: v for k, v in r.items() if k != "match"}) for name, r in raw.items()
        },
        "raw_match": {name: r["match"] for name, r in raw.items()},
        "ratio_to_baseline": {name: rounded(ratios(fig, base_fig)) for name, fig in stack.items()},
        "p99_over_raw": {
            name: round(stack[name]["p99_ms"] / raw[name]["p99_ms"], 2) for name in stack
        },
        "throughput_ratio_per_round": {
            c.name: pair_ratios(results[c.name], results["baseline"]) for c in cs
        },
    }


def summarize(small: dict[str, Any], large: dict[str, Any]) -> dict[str, Any]:
    """Both worlds, the growth from one to the other, and the goals."""
    growth = {
        name: round(large["stack"][name]["p99_ms"] / small["stack"][name]["p99_ms"], 2)
        for name in large["stack"]
    }
    goal = {
        name: {
            "p99_ms": large["stack"][name]["p99_ms"],
            "p99_over_raw": large["p99_over_raw"][name],
            "p99_growth": growth[name],
            "met": large["stack"][name]["p99_ms"] < GOAL_P99_MS
            and large["p99_over_raw"][name] <= GOAL_RAW_RATIO
            and growth[name] < GOAL_GROWTH,
        }
        for name in large["stack"]
    }
    return {
        "benchmark": NAME,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "small": small,
        "large": large,
        "p99_growth_small_to_large": growth,
        "goal": goal,
    }


def format_summary(summary: dict[str, Any]) -> str:
    lines = []
    for which in ("small", "large"):
        w = summary[which]
        lines.append(
            f"== search on {w['world']['statuses']} statuses ({w['world']['users']} users):"
            f" baseline {w['baseline']['req_s']:.0f} req/s"
        )
        lines.append(
            f"{'':14}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'raw p50':>9}{'raw p99':>9}"
            f"{'p99/raw':>9}{'thr/base':>9}"
        )
        for name, fig in w["stack"].items():
            raw = w["raw_engine"][name]
            lines.append(
                f"{name:14}{fig['req_s']:8.0f}{fig['p50_ms']:9.2f}{fig['p99_ms']:9.2f}"
                f"{raw['p50_ms']:9.3f}{raw['p99_ms']:9.3f}{w['p99_over_raw'][name]:9.1f}"
                f"{w['ratio_to_baseline'][name]['throughput']:9.2f}"
            )
    for name, g in summary["goal"].items():
        verdict = "met" if g["met"] else "NOT met"
        lines.append(
            f"goal {name}: p99 {g['p99_ms']:.1f} ms (< {GOAL_P99_MS:g}), {g['p99_over_raw']:.1f}x"
            f" raw (<= {GOAL_RAW_RATIO:g}), growth {g['p99_growth']:.2f}x (< {GOAL_GROWTH:g})"
            f" -- {verdict}"
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    p.add_argument("--small", type=int, default=100_000, help="statuses of the small world")
    p.add_argument("--large", type=int, default=1_000_000, help="statuses of the large world")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--seconds", type=float, default=4.0, help="timed run per round (4)")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--warmup", type=float, default=0.5)
    p.add_argument("--no-write", action="store_true")
    args = p.parse_args(argv)
    if args.rounds < 2:
        p.error("--rounds must be at least 2")
    return args


def main(argv: list[str] | None = None) -> int:
    ensure_rate_limits_off()
    args = parse_args(argv)
    try:
        small = measure_world(args, args.small // 10, args.small)
        large = measure_world(args, args.large // 10, args.large)
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    summary = summarize(small, large)
    print(format_summary(summary))
    if not args.no_write:
        print(f"written to {write_json(summary, NAME)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("ROOST_RATE_LIMITS", "off")
    sys.exit(main())
