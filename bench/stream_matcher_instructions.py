"""The stream matcher's cost per status in instructions, counted by valgrind's cachegrind.

    python -m bench.stream_matcher_instructions [--statuses N] [--warmup N] [--seed S]
        [--no-write]

bench/stream_matcher.py times the matcher by the clock, and on this shared machine the clock
drifts by 2x within minutes (its ``sum(range(1000))`` calibration went from 12.5 to 26 us in
one afternoon): two runs minutes apart cannot tell a 5 % change from the weather. What a CPU
executes does not drift: for the same code, world and ``PYTHONHASHSEED`` the count is the same
in every run, so this is how a change to the matcher is judged before the clock confirms it.

The world is bench/stream_matcher.py's (same seed, same subscriptions and statuses), built
once here and handed through a pickle to child processes run under cachegrind:

- ``base``: build the index and ``Floor``, match ``--warmup`` statuses (the steady state);
- ``match``: the same, then ``Matcher.match`` on ``--statuses`` statuses never seen before;
- ``floor``: the same as ``base``, then ``Floor.match`` on those statuses.

(match - base) / statuses is one steady status's cost, (floor - base) / statuses the floor's;
reported with the level-1 instruction and data misses cachegrind simulates (memory behaviour,
which instructions alone do not show). Needs ``valgrind`` (Debian's package); takes a few
minutes. Written to bench/results/stream_matcher_instructions.json.
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import BenchError
from bench.report import conclude, heading
from bench.stream_matcher import Floor, _accounts, candidates, log, subscriptions, vocabulary
from roost.stream.matcher import Matcher

NAME = "stream_matcher_instructions"
_COUNTS = {
    "instructions": re.compile(r"I\s+refs:\s+([\d,]+)"),
    "i1_misses": re.compile(r"I1\s+misses:\s+([\d,]+)"),
    "d1_misses": re.compile(r"D1\s+misses:\s+([\d,]+)"),
    "ll_misses": re.compile(r"LL misses:\s+([\d,]+)"),
}


def child(mode: str, world: str) -> None:
    """What one process under cachegrind does (see the module)."""
    with open(world, "rb") as f:
        warmup, fresh, subs = pickle.load(f)
    m = Matcher()
    for key, flt in subs:
        m.add(key, flt)
    floor = Floor(subs)
    for c in warmup:
        m.match(c)
    gc.collect()
    gc.freeze()
    if mode == "match":
        for c in fresh:
            m.match(c)
    elif mode == "floor":
        for c in fresh:
            floor.match(c)


def counted(mode: str, world: str) -> dict[str, int]:
    """Run ``child(mode)`` under cachegrind: its counts."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=yes",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "bench.stream_matcher_instructions",
        "--child",
        mode,
        world,
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BenchError(f"{mode} under cachegrind failed: {done.stderr[-2000:]}")
    counts = {}
    for name, pattern in _COUNTS.items():
        found = pattern.search(done.stderr)
        if found is None:
            raise BenchError(f"cachegrind printed no {name}: {done.stderr[-2000:]}")
        counts[name] = int(found.group(1).replace(",", ""))
    return counts


def run(args: argparse.Namespace) -> dict[str, Any]:
    if shutil.which("valgrind") is None:
        raise BenchError("valgrind is not installed (apt-get install valgrind)")
    began = time.perf_counter()
    accounts = _accounts(random.Random(f"{args.seed}/accounts"))
    # the same stream as bench/stream_matcher.py: a batch (the vocabulary's source), the
    # warm-up, then statuses never matched
    batch = 3_000
    stream = candidates(batch + args.warmup + args.statuses, args.seed, accounts)
    cs, warmup = stream[:batch], stream[batch : batch + args.warmup]
    fresh = stream[batch + args.warmup :]
    subs = list(enumerate(subscriptions(10_000, args.seed, vocabulary(cs, args.seed), accounts)))
    log(f"world: {len(subs):,} subscriptions, {len(fresh):,} statuses to count over")
    counts: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        world = str(Path(tmp) / "world.pickle")
        with open(world, "wb") as f:
            pickle.dump((warmup, fresh, subs), f)
        for i, mode in enumerate(("base", "match", "floor"), 1):
            t0 = time.perf_counter()
            log(f"  {i}/3 {mode} under cachegrind ...")
            counts[mode] = counted(mode, world)
            log(
                f"  {i}/3 {mode}: {counts[mode]['instructions']:,} instructions"
                f" ({time.perf_counter() - t0:.0f} s)"
            )

    def per_status(mode: str) -> dict[str, float]:
        return {
            name: round((counts[mode][name] - counts["base"][name]) / len(fresh), 1)
            for name in _COUNTS
        }

    matcher, floor = per_status("match"), per_status("floor")
    return {
        **heading(NAME, "roost.stream.matcher.Matcher.match"),
        "config": {
            "seed": args.seed,
            "subscriptions": len(subs),
            "warmup": len(warmup),
            "statuses": len(fresh),
            "python": sys.version.split()[0],
            "seconds": round(time.perf_counter() - began),
        },
        "matcher_per_status": matcher,
        "floor_per_status": floor,
        "matcher_over_floor": round(matcher["instructions"] / floor["instructions"], 2),
    }


def summary(r: dict[str, Any]) -> str:
    m, f = r["matcher_per_status"], r["floor_per_status"]
    lines = [
        f"== {r['benchmark']}: {r['subject']} ({r['config']['statuses']:,} statuses after"
        f" {r['config']['warmup']:,}, cachegrind)",
        f"{'per status':<20}{'instructions':>14}{'I1 misses':>12}{'D1 misses':>12}"
        f"{'LL misses':>12}",
    ]
    for name, row in (("matcher (steady)", m), ("floor (see Floor)", f)):
        lines.append(
            f"{name:<20}{row['instructions']:>14,.0f}{row['i1_misses']:>12,.0f}"
            f"{row['d1_misses']:>12,.0f}{row['ll_misses']:>12,.1f}"
        )
    lines.append(f"matcher / floor (instructions): {r['matcher_over_floor']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statuses", type=int, default=2_000, help="statuses counted over")
    parser.add_argument("--warmup", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "WORLD"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    return conclude(lambda: run(args), summary, NAME, not args.no_write, BenchError)


if __name__ == "__main__":
    sys.exit(main())
