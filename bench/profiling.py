"""Where a profiled server spent its time: the top functions of a cProfile dump, and a per-request
breakdown over chosen functions."""

from __future__ import annotations

import io
import pstats
from collections.abc import Sequence
from dataclasses import dataclass


def hotspots(path: str, focus: str = "/roost/", limit: int = 25) -> str:
    """The top functions by own time (all code, then ``focus``), and ``focus`` by cumulative time."""
    out = io.StringIO()
    stats = pstats.Stats(path, stream=out)
    out.write(f"-- top {limit} functions by own time (tottime), all code\n")
    stats.sort_stats(pstats.SortKey.TIME).print_stats(limit)
    out.write(f"-- top {limit} functions under {focus} by own time\n")
    stats.print_stats(focus, limit)
    out.write(f"-- top {limit} functions under {focus} by cumulative time\n")
    stats.sort_stats(pstats.SortKey.CUMULATIVE).print_stats(focus, limit)
    return out.getvalue()


@dataclass(frozen=True)
class Probe:
    """Functions whose file ends with ``file`` named ``function``; for C functions ``file`` is
    "~" and ``function`` a part of cProfile's name (``method 'commit' of 'sqlite3.Connection'``)."""

    label: str
    file: str
    function: str


def _cumulative(stats: pstats.Stats, probe: Probe) -> tuple[int, float]:
    calls, seconds = 0, 0.0
    table = stats.stats  # type: ignore[attr-defined]  # (file, line, name) -> (cc, nc, tt, ct, _)
    for (file, _line, name), (_cc, nc, _tt, ct, _callers) in table.items():
        c_function = file == "~" == probe.file and probe.function in name
        if c_function or (name == probe.function and file.endswith(probe.file)):
            calls, seconds = calls + nc, seconds + ct
    return calls, seconds


def breakdown(path: str, count: Probe, per: Probe, probes: Sequence[Probe]) -> str:
    """Cumulative time of ``per`` and of each probe per request, in microseconds, calls per
    request, and the share of ``per``'s time. ``count`` is called once a request: a plain
    function, as cProfile counts every resumption of a coroutine or generator as a call."""
    stats = pstats.Stats(path)
    requests = _cumulative(stats, count)[0]
    total = _cumulative(stats, per)[1]
    if not requests or not total:
        return f"-- breakdown: {count.function} or {per.function} was never called"
    width = max(len(p.label) for p in (per, *probes)) + 2
    lines = [
        f"-- per request ({requests} requests, cumulative time under cProfile;"
        " nested rows are part of the row above them)",
        f"{'':{width}}{'us/req':>9}{'calls/req':>11}{'share':>8}",
    ]
    for probe in (per, *probes):
        calls, seconds = _cumulative(stats, probe)
        lines.append(
            f"{probe.label:<{width}}{seconds / requests * 1e6:>9.0f}{calls / requests:>11.2f}"
            f"{seconds / total:>8.0%}"
        )
    return "\n".join(lines)
