"""The summary block a benchmark prints, and its JSON record under bench/results/."""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def format_summary(summary: dict[str, Any]) -> str:
    """A fixed-width table: baseline, subject and their ratio, then the goal."""
    base, subj = summary["baseline"], summary["subject"]
    ratio, cfg = summary["ratio"], summary["config"]
    name = summary["subject_name"]
    lines = [
        f"== {summary['benchmark']}: {summary['endpoint']}",
        f"   {cfg['connections']} connections, median of {cfg['rounds']} alternating rounds"
        f" of {cfg['seconds']:g} s, {cfg['stack']['server']} ({cfg['stack']['loop']},"
        f" {cfg['stack']['http']}), {cfg['cpus']} CPUs",
        f"{'':22}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'server us/req':>15}",
    ]
    rows = [("baseline", base)]
    if "baseline_same_size" in summary:
        rows.append(("baseline, same size", summary["baseline_same_size"]))
    for label, fig in (*rows, (name, subj)):
        lines.append(
            f"{label:<22}{fig['req_s']:>10.0f}{fig['p50_ms']:>10.2f}{fig['p99_ms']:>10.2f}"
            f"{fig['server_cpu_us_per_req']:>15.0f}"
        )
    lines.append(
        f"{name + ' / baseline':<22}{ratio['throughput']:>10.2f}{ratio['p50']:>10.2f}"
        f"{ratio['p99']:>10.2f}{ratio.get('server_cpu_per_req', float('nan')):>15.2f}"
    )
    same = summary.get("ratio_same_size")
    if same:
        lines.append(
            f"{name + ' / same size':<22}{same['throughput']:>10.2f}{same['p50']:>10.2f}"
            f"{same['p99']:>10.2f}{same.get('server_cpu_per_req', float('nan')):>15.2f}"
        )
    per_round = ", ".join(f"{r:.2f}" for r in summary.get("throughput_ratio_per_round", []))
    load = cfg.get("load_average_before")
    lines.append(f"throughput ratio per round: {per_round}; load average before: {load}")
    goal = summary["goal"]
    verdict = "met" if goal["met"] else "NOT met"
    lines.append(f"goal: throughput ratio >= {goal['throughput_ratio_min']:g} -- {verdict}")
    return "\n".join(lines)


def write_json(summary: dict[str, Any], name: str) -> Path:
    """Write ``summary`` to bench/results/<name>.json (created if missing); returns the path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(summary, indent=1, sort_keys=False) + "\n")
    return path


def _row(label: str, figures: dict[str, float], keys: tuple[str, ...], spec: str) -> str:
    a, b, c, d = (figures.get(k, float("nan")) for k in keys)
    return f"{label:<22}{a:>10{spec}}{b:>10.2f}{c:>10.2f}{d:>15{spec}}"


def format_subjects_summary(summary: dict[str, Any]) -> str:
    """The summary of a benchmark with several subjects against one baseline: a row of figures
    each, a row of ratios each, the per-round ratios, then each subject's goal."""
    cfg, subjects, ratio = summary["config"], summary["subjects"], summary["ratio"]
    lines = [f"== {summary['benchmark']}: " + ", ".join(summary["endpoints"].values())]
    lines += [
        f"   {cfg['connections']} connections, median of {cfg['rounds']} alternating rounds"
        f" of {cfg['seconds']:g} s, {cfg['stack']['server']} ({cfg['stack']['loop']},"
        f" {cfg['stack']['http']}), {cfg['cpus']} CPUs",
        f"{'':22}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'server us/req':>15}",
    ]
    keys = ("req_s", "p50_ms", "p99_ms", "server_cpu_us_per_req")
    for label, fig in (("baseline", summary["baseline"]), *subjects.items()):
        lines.append(_row(label, fig, keys, ".0f"))
    keys = ("throughput", "p50", "p99", "server_cpu_per_req")
    for name, r in ratio.items():
        lines.append(_row(f"{name} / baseline", r, keys, ".2f"))
    per_round = "; ".join(
        f"{name} " + ", ".join(f"{x:.2f}" for x in xs)
        for name, xs in summary["throughput_ratio_per_round"].items()
    )
    lines.append(f"throughput ratio per round: {per_round}")
    lines.append(f"load average before: {cfg['load_average_before']}")
    for name, goal in summary["goal"].items():
        verdict = "met" if goal["met"] else "NOT met"
        lines.append(
            f"goal: {name} throughput ratio >= {goal['throughput_ratio_min']:g}"
            f" (measured {ratio[name]['throughput']:.2f}) -- {verdict}"
        )
    return "\n".join(lines)


def conclude(
    make: Callable[[], dict[str, Any]],
    summary: Callable[[dict[str, Any]], str],
    name: str,
    write: bool,
    aborted: type[Exception],
) -> int:
    """Run a benchmark (``make`` gives its record), print its summary and write the record
    (unless ``write`` is false): the exit status, 1 when it raised ``aborted``."""
    try:
        record = make()
    except aborted as e:
        print(f"ABORTED: {e}", file=sys.stderr, flush=True)
        return 1
    print(summary(record))
    if write:
        print(f"written to {write_json(record, name)}", file=sys.stderr, flush=True)
    return 0


def heading(name: str, subject: str) -> dict[str, str]:
    """A record's first keys: the benchmark, what it measures, when (UTC)."""
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    return {"benchmark": name, "subject": subject, "date": now}
