"""Alternating rounds against a baseline and a subject server, medians, and the summary record.

The machine is shared and noisy, so targets run in turn (baseline, subject, baseline, subject, ...)
and each figure is the median of its rounds: a slow spell hits both sides instead of one.
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from bench.loadgen import LoadResult, run_load
from bench.servers import HOST, Server, resolved_stack

# Sign this many more requests than the last observed rate needs, so a round rarely runs dry.
_MARGIN = 1.5
_ATTEMPTS = 3  # a round that ran dry well before its deadline is run again, with a bigger batch
_FIRST_GUESS_RATE = 4000.0  # req/s, before anything is measured (only sizes the warm-up batch)


class BenchError(RuntimeError):
    """The benchmark measured something other than successful requests."""


@dataclass
class Target:
    """A server under load and where its requests come from.

    ``supply(n)`` returns at least n requests (raw bytes) the server will answer 200; with
    ``cycle`` the same requests may be sent again (no nonce to protect).
    """

    name: str
    server: Server
    supply: Callable[[int], Sequence[bytes]]
    cycle: bool = False
    rate_estimate: float = _FIRST_GUESS_RATE


@dataclass(frozen=True)
class RoundResult:
    """One timed run of one target."""

    rate: float
    p50_ms: float
    p99_ms: float
    requests: int
    seconds: float
    server_cpu_us: float  # server CPU time per request
    server_busy: float  # server CPU time / wall time (1.0 = one core saturated)
    client_cpu_us: float  # load generator CPU time per request
    exhausted: bool


@dataclass(frozen=True)
class BenchConfig:
    """How long and how hard to push."""

    seconds: float = 8.0
    connections: int = 16
    rounds: int = 3
    warmup_s: float = 1.0


def _client_cpu() -> float:
    times = os.times()
    return times.user + times.system


def measure(target: Target, seconds: float, connections: int) -> RoundResult:
    """One run against ``target``; raises BenchError if any response was not a 200."""
    count = 1 if target.cycle else math.ceil(target.rate_estimate * seconds * _MARGIN)
    requests = target.supply(count + 4 * connections)
    server_before, client_before = target.server.cpu_seconds(), _client_cpu()
    result: LoadResult = run_load(
        HOST,
        target.server.port,
        requests,
        connections=connections,
        seconds=seconds,
        cycle=target.cycle,
    )
    server_cpu = target.server.cpu_seconds() - server_before
    client_cpu = _client_cpu() - client_before
    if result.errors:
        raise BenchError(
            f"{target.name}: {result.errors} of {result.requests} responses were not 200;"
            f" the first:\n{result.first_error}"
        )
    if not result.requests:
        raise BenchError(f"{target.name}: no request completed")
    target.rate_estimate = max(target.rate_estimate if target.cycle else 0.0, result.rate)
    n = result.requests
    return RoundResult(
        rate=result.rate,
        p50_ms=result.percentile_ms(0.50),
        p99_ms=result.percentile_ms(0.99),
        requests=n,
        seconds=result.elapsed_s,
        server_cpu_us=server_cpu / n * 1e6,
        server_busy=server_cpu / result.elapsed_s if result.elapsed_s else 0.0,
        client_cpu_us=client_cpu / n * 1e6,
        exhausted=result.exhausted,
    )


def measure_round(target: Target, seconds: float, connections: int) -> RoundResult:
    """``measure``, again (with the new rate estimate) if the signed requests ran out early."""
    for _ in range(_ATTEMPTS - 1):
        result = measure(target, seconds, connections)
        if not result.exhausted or result.seconds >= 0.9 * seconds:
            return result
    return measure(target, seconds, connections)


def median_of(rounds: Sequence[RoundResult]) -> dict[str, float]:
    """The median of each figure over the rounds."""
    return {
        "req_s": statistics.median(r.rate for r in rounds),
        "p50_ms": statistics.median(r.p50_ms for r in rounds),
        "p99_ms": statistics.median(r.p99_ms for r in rounds),
        "server_cpu_us_per_req": statistics.median(r.server_cpu_us for r in rounds),
        "client_cpu_us_per_req": statistics.median(r.client_cpu_us for r in rounds),
    }


def ratios(subject: dict[str, float], baseline: dict[str, float]) -> dict[str, float]:
    """Subject / baseline for throughput, p50, p99 and server CPU per request."""
    keys = {"throughput": "req_s", "p50": "p50_ms", "p99": "p99_ms"}
    keys["server_cpu_per_req"] = "server_cpu_us_per_req"
    return {name: subject[key] / baseline[key] for name, key in keys.items() if baseline[key]}


def pair_ratios(subject: Sequence[RoundResult], baseline: Sequence[RoundResult]) -> list[float]:
    """Throughput ratio of each round to the baseline round run just before it."""
    return [round(s.rate / b.rate, 3) for s, b in zip(subject, baseline, strict=False) if b.rate]


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages (how busy the shared machine was)."""
    return [round(x, 2) for x in os.getloadavg()]


def _progress(label: str, r: RoundResult, results: dict[str, list[RoundResult]]) -> str:
    line = (
        f"{label:<22} {r.rate:8.0f} req/s  p50 {r.p50_ms:6.2f} ms  p99 {r.p99_ms:6.2f} ms"
        f"  server {r.server_cpu_us:5.0f} us/req ({r.server_busy:4.0%} of a core)"
        f"  client {r.client_cpu_us:4.0f} us/req"
    )
    if r.exhausted:
        line += "  [ran out of signed requests early]"
    done = {name: median_of(rs) for name, rs in results.items() if rs}
    if len(done) > 1:
        names = list(done)
        first, last = done[names[0]], done[names[-1]]
        line += f"  | median ratio so far {last['req_s'] / first['req_s']:.2f}"
    return line


def run_rounds(
    targets: Sequence[Target], config: BenchConfig, log: TextIO = sys.stderr
) -> dict[str, list[RoundResult]]:
    """Warm every target up, then ``config.rounds`` rounds of each, alternating."""
    results: dict[str, list[RoundResult]] = {t.name: [] for t in targets}
    for target in targets:
        warm = measure(target, config.warmup_s, config.connections)
        print(_progress(f"warm-up {target.name}", warm, {}), file=log, flush=True)
    for i in range(1, config.rounds + 1):
        for target in targets:
            r = measure_round(target, config.seconds, config.connections)
            results[target.name].append(r)
            label = f"round {i}/{config.rounds} {target.name}"
            print(_progress(label, r, results), file=log, flush=True)
    return results


def round_record(r: RoundResult) -> dict[str, float]:
    """The per-round figures kept in the JSON record (rounded: the file stays small)."""
    return {
        "req_s": round(r.rate, 1),
        "p50_ms": round(r.p50_ms, 3),
        "p99_ms": round(r.p99_ms, 3),
        "server_cpu_us_per_req": round(r.server_cpu_us, 1),
        "requests": r.requests,
    }


def rounded(figures: dict[str, float], digits: int = 3) -> dict[str, Any]:
    """``figures`` with every value rounded."""
    return {k: round(v, digits) for k, v in figures.items()}


def run_config(config: BenchConfig, load_before: list[float]) -> dict[str, Any]:
    """The ``config`` block of a record: the run's settings, the machine, and its load before
    and (now) after."""
    return {
        "seconds": config.seconds,
        "connections": config.connections,
        "rounds": config.rounds,
        "warmup_s": config.warmup_s,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "stack": resolved_stack(),
        "rate_limits": os.environ.get("ROOST_RATE_LIMITS"),
        "load_average_before": load_before,
        "load_average_after": load_average(),
    }


def figures_record(
    base: dict[str, float],
    subjects: dict[str, dict[str, float]],
    results: dict[str, list[RoundResult]],
    goals: dict[str, float],
) -> dict[str, Any]:
    """The figures part of a record: baseline, each subject, their ratios, the throughput
    ratio of every round, each throughput goal (``goals``: subject -> minimum ratio) and the
    rounds themselves."""
    ratio = {name: ratios(fig, base) for name, fig in subjects.items()}
    return {
        "baseline": rounded(base),
        "subjects": {name: rounded(fig) for name, fig in subjects.items()},
        "ratio": {name: rounded(r) for name, r in ratio.items()},
        "throughput_ratio_per_round": {
            name: pair_ratios(results[name], results["baseline"]) for name in subjects
        },
        "goal": {
            name: {"throughput_ratio_min": goal, "met": ratio[name]["throughput"] >= goal}
            for name, goal in goals.items()
        },
        "rounds": {name: [round_record(r) for r in rs] for name, rs in results.items()},
    }


def bench_record(
    name: str,
    endpoints: Any,
    config: BenchConfig,
    load: list[float],
    results: dict[str, list[RoundResult]],
    subjects: Sequence[str],
    goals: dict[str, float],
    fixtures: dict[str, Any],
    **extra: Any,
) -> dict[str, Any]:
    """The record a benchmark prints and writes: what ran, when, on what, its set-up
    (``fixtures``), anything of its own (``extra``), then the figures (figures_record)."""
    import datetime

    base = median_of(results["baseline"])
    medians = {subject: median_of(results[subject]) for subject in subjects}
    return {
        "benchmark": name,
        "endpoints": endpoints,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "config": run_config(config, load),
        "fixtures": fixtures,
        **extra,
        **figures_record(base, medians, results, goals),
    }


def add_round_options(p: Any) -> None:
    """The options every round-based benchmark takes (``p`` an argparse parser)."""
    p.add_argument("--seconds", type=float, default=8.0, help="timed run per round (8)")
    p.add_argument("--connections", type=int, default=16, help="concurrent keep-alive conns (16)")
    p.add_argument("--rounds", type=int, default=3, help="rounds per target, at least 2 (3)")
    p.add_argument("--warmup", type=float, default=1.0, help="warm-up per target, seconds (1)")
