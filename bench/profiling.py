"""Where a profiled server spent its time: the top functions of a cProfile dump."""

from __future__ import annotations

import io
import pstats


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
