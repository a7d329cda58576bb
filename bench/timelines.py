"""Benchmark the timelines on a synthetic world, against the baseline endpoint, in one run.

    ROOST_RATE_LIMITS=off python -m bench.timelines [--users N] [--tweets M] [--seed S]
        [--world DIR] [--seconds N] [--connections C] [--rounds R] [--no-write]

The world is made by ``roost load`` (100k users, 1M statuses by default) into
``DIR/world.sqlite3`` with its manifest beside it, and reused by later runs with the same sizes
and seed (``var/bench-world-<users>-<tweets>-<seed>/`` by default: loading takes minutes).
Measured in alternating rounds against the bare Starlette ``{"ok":true}`` baseline:
``home_timeline`` (count=20) for the account of median following and the one at the 99th
percentile, ``user_timeline`` of the most prolific account and ``mentions_timeline`` of the
most followed one, each as that account (the manifest holds their tokens). Goals (issue 4):
throughput >= 0.4 of the baseline and p99 under 20 ms. Written to bench/results/timelines.json.
"""

from __future__ import annotations

import argparse
import datetime
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from bench.baseline import BASELINE_PATH
from bench.harness import (
    BenchConfig,
    BenchError,
    RoundResult,
    Target,
    add_round_options,
    load_average,
    median_of,
    pair_ratios,
    ratios,
    round_record,
    rounded,
    run_config,
    run_rounds,
)
from bench.loadgen import send_once
from bench.report import format_subjects_summary, write_json
from bench.servers import HOST, AppSpec, Server
from bench.signing import OAuthKeys, Planned, PlanSigner, sign_range, signing_workers
from bench.stack import ensure_rate_limits_off

NAME = "timelines"
GOAL_RATIO = 0.4
GOAL_P99_MS = 20.0
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Subject:
    """One measured request: ``path?query`` as the manifest account ``role``."""

    name: str
    role: str
    path: str
    query: str


SUBJECTS = (
    Subject("home_median", "median_following", "/1.1/statuses/home_timeline.json", "count=20"),
    Subject("home_p99", "p99_following", "/1.1/statuses/home_timeline.json", "count=20"),
    Subject("user_timeline", "most_statuses", "/1.1/statuses/user_timeline.json", "count=20"),
    Subject("mentions", "most_followers", "/1.1/statuses/mentions_timeline.json", "count=20"),
)


@dataclass(frozen=True)
class FixedPlan:
    """Request i: the same GET, signed afresh (a new nonce each time)."""

    url: str
    keys: OAuthKeys

    def __call__(self, i: int) -> Planned:
        return Planned("GET", self.url, self.keys)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(prog="python -m bench.timelines", description=__doc__)
    p.add_argument("--users", type=int, default=100_000, help="accounts in the world (100000)")
    p.add_argument("--tweets", type=int, default=1_000_000, help="statuses (1000000)")
    p.add_argument("--seed", type=int, default=42, help="the world's seed (42)")
    p.add_argument("--world", type=Path, help="where the world is kept (var/bench-world-…)")
    add_round_options(p)
    p.add_argument("--no-write", action="store_true", help="do not write bench/results/")
    args = p.parse_args(argv)
    if args.rounds < 2:
        p.error("--rounds must be at least 2: the medians need rounds to cancel noise")
    if args.world is None:
        args.world = ROOT / "var" / f"bench-world-{args.users}-{args.tweets}-{args.seed}"
    return args


def ensure_world(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """The world's database URL and manifest, loading it first when it is not there yet."""
    db = args.world / "world.sqlite3"
    manifest_path = args.world / "manifest.json"
    if manifest_path.exists() and db.exists():
        print(f"reusing the world in {args.world}", file=sys.stderr)
        return f"sqlite:///{db}", orjson.loads(manifest_path.read_bytes())
    from roost.load.progress import Progress
    from roost.load.run import load
    from roost.load.world import Sizes

    args.world.mkdir(parents=True, exist_ok=True)
    for leftover in args.world.glob("world.sqlite3*"):  # an interrupted load: start over
        leftover.unlink()
    print(f"loading {args.users} users and {args.tweets} statuses into {db}", file=sys.stderr)
    sizes = Sizes(users=args.users, tweets=args.tweets, likes=args.tweets, avg_following=40.0)
    manifest = load(f"sqlite:///{db}", args.seed, sizes, progress=Progress(enabled=True))
    manifest_path.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    return f"sqlite:///{db}", manifest


def keys_of(manifest: dict[str, Any], role: str) -> OAuthKeys:
    """The OAuth keys of the manifest's account ``role``."""
    app, account = manifest["app"], manifest["accounts"][role]
    return OAuthKeys(
        app["consumer_key"],
        app["consumer_secret"],
        account["access_token"],
        account["access_token_secret"],
    )


def subject_url(port: int, subject: Subject, manifest: dict[str, Any]) -> str:
    """The URL of a subject against a server on ``port``."""
    query = subject.query
    if subject.name == "user_timeline":  # the account's own timeline, named as clients do
        query += f"&user_id={manifest['accounts'][subject.role]['id']}"
    return f"http://{HOST}:{port}{subject.path}?{query}"


def preflight(port: int, manifest: dict[str, Any]) -> dict[str, int]:
    """Each subject once: a 200 with a full page (or the whole timeline), and its size."""
    sizes = {}
    for subject in SUBJECTS:
        url = subject_url(port, subject, manifest)
        request = sign_range(keys_of(manifest, subject.role), url, "pre", 0, 1)[0]
        status, body = send_once(HOST, port, request)
        if status != 200:
            raise BenchError(f"{subject.name}: answered {status}: {body[:300]!r}")
        page = orjson.loads(body)
        if not page:
            raise BenchError(f"{subject.name}: an empty page (the world has nothing to show)")
        sizes[subject.name] = len(page)
    return sizes


def summarize(
    config: BenchConfig,
    results: dict[str, list[RoundResult]],
    load: list[float],
    manifest: dict[str, Any],
    checks: dict[str, int],
) -> dict[str, Any]:
    """The record printed and written."""
    base = median_of(results["baseline"])
    subjects = {s.name: median_of(results[s.name]) for s in SUBJECTS}
    ratio = {name: ratios(fig, base) for name, fig in subjects.items()}
    accounts = manifest["accounts"]
    return {
        "benchmark": NAME,
        "endpoints": {s.name: f"GET {s.path}?{s.query} as {s.role}" for s in SUBJECTS},
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "config": run_config(config, load),
        "world": {
            "seed": manifest.get("seed"),
            "counts": {k: manifest["counts"].get(k) for k in ("users", "statuses", "follows")},
            "accounts": {
                s.role: {k: accounts[s.role].get(k) for k in ("friends_count", "followers_count")}
                for s in SUBJECTS
            },
            "page_sizes": checks,
        },
        "baseline": rounded(base),
        "subjects": {name: rounded(fig) for name, fig in subjects.items()},
        "ratio": {name: rounded(r) for name, r in ratio.items()},
        "throughput_ratio_per_round": {
            s.name: pair_ratios(results[s.name], results["baseline"]) for s in SUBJECTS
        },
        "goal": {
            name: {
                "throughput_ratio_min": GOAL_RATIO,
                "p99_ms_max": GOAL_P99_MS,
                "met": ratio[name]["throughput"] >= GOAL_RATIO
                and subjects[name]["p99_ms"] < GOAL_P99_MS,
            }
            for name in subjects
        },
        "rounds": {name: [round_record(r) for r in rs] for name, rs in results.items()},
    }


def run(args: argparse.Namespace) -> int:
    """World, servers, a preflight, alternating rounds, summary."""
    database_url, manifest = ensure_world(args)
    config = BenchConfig(args.seconds, args.connections, args.rounds, args.warmup)
    roost = Server("roost", AppSpec("bench.stack:roost_app", {"database_url": database_url}))
    baseline = Server("baseline", AppSpec("bench.baseline:create_baseline_app"))
    load = load_average()
    ctx = multiprocessing.get_context("spawn")
    workers = signing_workers()
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool, roost, baseline:
        checks = preflight(roost.port, manifest)
        targets = [
            Target(
                s.name,
                roost,
                PlanSigner(
                    FixedPlan(subject_url(roost.port, s, manifest), keys_of(manifest, s.role)),
                    pool,
                    workers,
                ).sign,
            )
            for s in SUBJECTS
        ]
        url = f"http://{HOST}:{baseline.port}{BASELINE_PATH}"
        request = sign_range(keys_of(manifest, SUBJECTS[0].role), url, "b", 0, 1)
        base = Target("baseline", baseline, lambda n: request, cycle=True)
        results = run_rounds([base, *targets], config)
    summary = summarize(config, results, load, manifest, checks)
    print(format_subjects_summary(summary))
    for name in summary["goal"]:
        p99 = summary["subjects"][name]["p99_ms"]
        print(f"goal: {name} p99 < {GOAL_P99_MS:g} ms (measured {p99:.1f})")
    if not args.no_write:
        print(f"written to {write_json(summary, NAME)}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m bench.timelines``."""
    ensure_rate_limits_off()
    args = parse_args(argv)
    try:
        return run(args)
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    os.environ.setdefault("ROOST_RATE_LIMITS", "off")
    sys.exit(main())
