"""Benchmark statuses/show and statuses/update through the whole stack, against a baseline.

    ROOST_RATE_LIMITS=off python -m bench.statuses [--seconds N] [--connections C] [--rounds R]
        [--no-write] [--profile show|update]

In one run, in alternating rounds: the bare Starlette ``{"ok":true}`` baseline (the one
verify_credentials measures against), ``GET /1.1/statuses/show.json?id=`` over 50 statuses of 8
users (URLs, hashtags, mentions, plain text; a user context each time), and ``POST
/1.1/statuses/update.json`` as tweepy sends it (parameters in the query string, empty body), a
unique text per request, round robin over the 8 users. Set-up data is written with Roost's own
services before the server starts. Medians and ratios are printed with the goals (show >= 0.5,
update >= 0.25 of the baseline's throughput) and written to bench/results/statuses.json.
``--profile show|update`` instead runs one round of that endpoint under cProfile and prints
where the server's time went.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

from bench.baseline import BASELINE_PATH
from bench.harness import (
    BenchConfig,
    RoundResult,
    Target,
    add_round_options,
    bench_record,
    load_average,
    run_rounds,
)
from bench.report import format_subjects_summary, write_json
from bench.servers import HOST, AppSpec, Server
from bench.signing import PlanSigner, sign_range, signing_workers
from bench.stack import main_in_tmp
from bench.statuses_profile import profile_report
from bench.statuses_requests import plans, preflight
from bench.statuses_setup import StatusFixtures, create_fixtures

NAME = "statuses"
ENDPOINTS = {
    "show": "GET /1.1/statuses/show.json?id=<id>",
    "update": "POST /1.1/statuses/update.json?status=<text>",
}
GOALS = {"show": 0.5, "update": 0.25}  # whole-stack throughput / the baseline's


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(prog="python -m bench.statuses", description=__doc__)
    add_round_options(p)
    p.add_argument("--profile", choices=sorted(GOALS), help="one cProfile'd round of one endpoint")
    p.add_argument("--no-write", action="store_true", help="do not write bench/results/")
    args = p.parse_args(argv)
    if args.rounds < 2 and not args.profile:
        p.error("--rounds must be at least 2: the medians need rounds to cancel noise")
    return args


def subject_targets(fixtures: StatusFixtures, roost: Server, pool: Executor) -> list[Target]:
    """show and update against ``roost``, each request signed just before its round."""
    show, update = plans(roost.port, fixtures)
    workers = signing_workers()
    return [
        Target("show", roost, PlanSigner(show, pool, workers).sign),
        Target("update", roost, PlanSigner(update, pool, workers).sign),
    ]


def baseline_target(fixtures: StatusFixtures, baseline: Server) -> Target:
    """The baseline, sent a request of the same shape: a signed (ignored) Authorization header."""
    url = f"http://{HOST}:{baseline.port}{BASELINE_PATH}"
    request = sign_range(fixtures.users[0].keys, url, "b", 0, 1)
    return Target("baseline", baseline, lambda n: request, cycle=True)


def summarize(
    config: BenchConfig,
    results: dict[str, list[RoundResult]],
    load: list[float],
    fixtures: StatusFixtures,
    checks: dict[str, object],
) -> dict[str, Any]:
    """The record printed and written: medians, ratios, goals and the per-round figures."""
    return bench_record(
        NAME,
        ENDPOINTS,
        config,
        load,
        results,
        list(GOALS),
        GOALS,
        {
            "users": len(fixtures.users),
            "statuses": len(fixtures.status_ids),
            "preflight": checks,
        },
    )


def run(args: argparse.Namespace, tmp: str) -> int:
    """Fixtures, servers, a preflight, rounds (or one profiled round), summary."""
    database_url = f"sqlite:///{tmp}/bench.sqlite3"
    fixtures = create_fixtures(database_url)
    config = BenchConfig(args.seconds, args.connections, args.rounds, args.warmup)
    profile_path = os.path.join(tmp, "roost.prof") if args.profile else None
    spec = AppSpec("bench.stack:roost_app", {"database_url": database_url})
    roost = Server("roost", spec, profile_path)
    baseline = Server("baseline", AppSpec("bench.baseline:create_baseline_app"))
    load = load_average()
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(signing_workers(), mp_context=ctx) as pool, roost:
        checks = preflight(roost.port, fixtures)
        targets = subject_targets(fixtures, roost, pool)
        if args.profile:
            chosen = [t for t in targets if t.name == args.profile]
            run_rounds(chosen, BenchConfig(args.seconds, args.connections, 1, args.warmup))
        else:
            with baseline:
                results = run_rounds([baseline_target(fixtures, baseline), *targets], config)
    if profile_path:
        print("(figures above are under cProfile: only the proportions below mean anything)")
        print(profile_report(profile_path, args.profile))
        return 0
    summary = summarize(config, results, load, fixtures, checks)
    print(format_subjects_summary(summary))
    if not args.no_write:
        print(f"written to {write_json(summary, NAME)}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m bench.statuses``."""
    return main_in_tmp("statuses", run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
