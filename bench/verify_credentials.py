"""Benchmark ``GET /1.1/account/verify_credentials.json`` through the whole stack, against a baseline.

    ROOST_RATE_LIMITS=off python -m bench.verify_credentials [--seconds N] [--connections C]

The whole stack is OAuth 1.0a verification of an oauthlib-signed request, rate-limit accounting
(counted, never a 429), the SQLite store and rendering. The baseline is a bare Starlette JSON
endpoint on the same uvicorn settings. Both run in their own server process, one worker each;
rounds alternate and the medians are printed and written to bench/results/verify_credentials.json.
``--profile`` instead runs one round against a Roost server under cProfile and prints its hotspots.
"""

from __future__ import annotations

import argparse
import datetime
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from bench.baseline import BASELINE_PATH
from bench.harness import (
    BenchConfig,
    Target,
    load_average,
    median_of,
    pair_ratios,
    ratios,
    round_record,
    rounded,
    run_config,
    run_rounds,
)
from bench.profiling import hotspots
from bench.report import format_summary, write_json
from bench.servers import HOST, AppSpec, Server
from bench.signing import OAuthKeys, Signer, sign_range, signing_workers
from bench.stack import main_in_tmp

NAME = "verify_credentials"
PATH = "/1.1/account/verify_credentials.json"
GOAL = 0.5  # DESIGN: whole-stack throughput at least half the baseline's


def create_fixtures(database_url: str) -> tuple[OAuthKeys, int]:
    """An App, a user @bench and that user's access token, written with Roost's services;
    and the size in bytes of the answer Roost will send (for the same-size baseline)."""
    from roost.config import load_settings
    from roost.runtime import Runtime
    from roost.services import apps, users
    from roost.store import open_store

    settings = load_settings(database_url=database_url)
    rt = Runtime(settings, open_store(database_url))
    try:
        user = users.create_user(rt, "bench")
        app, _bearer = apps.create_app(rt, "Bench")
        token = apps.create_access_token(rt, app, user.id)
    finally:
        rt.store.close()
    import orjson

    from roost.render.context import Viewer
    from roost.render.users import user_v1

    size = len(orjson.dumps(user_v1(user, Viewer(user.id), verify_credentials=True)))
    return OAuthKeys(app.consumer_key, app.consumer_secret, token.token, token.secret), size


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(prog="python -m bench.verify_credentials", description=__doc__)
    p.add_argument("--seconds", type=float, default=8.0, help="timed run per round (8)")
    p.add_argument("--connections", type=int, default=16, help="concurrent keep-alive conns (16)")
    p.add_argument("--rounds", type=int, default=3, help="rounds per server, at least 2 (3)")
    p.add_argument("--warmup", type=float, default=1.0, help="warm-up per server, seconds (1)")
    p.add_argument("--profile", action="store_true", help="one cProfile'd Roost round instead")
    p.add_argument("--no-write", action="store_true", help="do not write bench/results/")
    args = p.parse_args(argv)
    if args.rounds < 2 and not args.profile:
        p.error("--rounds must be at least 2: the medians need rounds to cancel noise")
    return args


def summarize(config: BenchConfig, results: dict[str, Any], load: list[float]) -> dict[str, Any]:
    """The record printed and written: medians, ratios, the goal and the per-round figures."""
    base, roost = median_of(results["baseline"]), median_of(results["roost"])
    ratio = ratios(roost, base)
    sized = median_of(results["baseline_same_size"])
    return {
        "benchmark": NAME,
        "endpoint": f"GET {PATH}",
        "subject_name": "roost",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "config": run_config(config, load),
        "baseline": rounded(base),
        "subject": rounded(roost),
        "ratio": rounded(ratio),
        "baseline_same_size": rounded(sized),
        "ratio_same_size": rounded(ratios(roost, sized)),
        "throughput_ratio_per_round": pair_ratios(results["roost"], results["baseline"]),
        "goal": {"throughput_ratio_min": GOAL, "met": ratio["throughput"] >= GOAL},
        "rounds": {name: [round_record(r) for r in rs] for name, rs in results.items()},
    }


def _targets(
    keys: OAuthKeys, roost: Server, baseline: Server, sized: Server, pool: ProcessPoolExecutor
) -> list[Target]:
    signer = Signer(keys, f"http://{HOST}:{roost.port}{PATH}", pool, signing_workers())
    # The baseline gets a request of the same shape and size: a (signed, ignored) Authorization
    # header, so the HTTP parsing both servers do is alike.
    base_request = sign_range(keys, f"http://{HOST}:{baseline.port}{BASELINE_PATH}", "b", 0, 1)
    sized_request = sign_range(keys, f"http://{HOST}:{sized.port}{BASELINE_PATH}", "s", 0, 1)
    return [
        Target("baseline", baseline, lambda n: base_request, cycle=True),
        Target("baseline_same_size", sized, lambda n: sized_request, cycle=True),
        Target("roost", roost, signer.sign),
    ]


def run(args: argparse.Namespace, tmp: str) -> int:
    """Fixtures, servers, rounds, summary."""
    database_url = f"sqlite:///{tmp}/bench.sqlite3"
    keys, size = create_fixtures(database_url)
    config = BenchConfig(args.seconds, args.connections, args.rounds, args.warmup)
    profile_path = os.path.join(tmp, "roost.prof") if args.profile else None
    # By module name, not __name__: under ``python -m`` this module is __main__.
    spec = AppSpec("bench.stack:roost_app", {"database_url": database_url})
    roost = Server("roost", spec, profile_path)
    baseline = Server("baseline", AppSpec("bench.baseline:create_baseline_app"))
    sized = Server(
        "baseline_same_size", AppSpec("bench.baseline:create_sized_baseline_app", {"size": size})
    )
    load = load_average()
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(signing_workers(), mp_context=ctx) as pool, roost, baseline, sized:
        targets = _targets(keys, roost, baseline, sized, pool)
        if args.profile:
            run_rounds(targets[2:], BenchConfig(args.seconds, args.connections, 1, args.warmup))
        else:
            results = run_rounds(targets, config)
    if profile_path:
        print("(figures above are under cProfile: only the proportions below mean anything)")
        print(hotspots(profile_path))
        return 0
    summary = summarize(config, results, load)
    print(format_summary(summary))
    if not args.no_write:
        print(f"written to {write_json(summary, NAME)}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m bench.verify_credentials``."""
    return main_in_tmp("verify_credentials", run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
