"""The Roost side every benchmark shares: the app a server process builds, the rate-limit switch,
and a Runtime on the benchmark's database for writing fixtures with Roost's own services."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.types import ASGIApp

    from roost.runtime import Runtime


def roost_app(database_url: str) -> ASGIApp:
    """The Roost application on ``database_url`` (built in the server process)."""
    from roost.app import create_app
    from roost.config import load_settings

    return create_app(load_settings(database_url=database_url))


@contextmanager
def fixture_runtime(database_url: str) -> Iterator[Runtime]:
    """A Runtime on ``database_url`` for set-up writes; its connections are closed on exit, so
    no set-up connection holds the SQLite file (or its write lock) once the server starts."""
    from roost.config import load_settings
    from roost.runtime import Runtime
    from roost.store import open_store

    rt = Runtime(load_settings(database_url=database_url), open_store(database_url))
    try:
        yield rt
    finally:
        rt.store.close()


def ensure_rate_limits_off() -> None:
    """Rate limits must be counted but never enforced; say so when the script had to set it."""
    value = os.environ.get("ROOST_RATE_LIMITS")
    if not value:
        os.environ["ROOST_RATE_LIMITS"] = "off"
        print("ROOST_RATE_LIMITS was not set: set it to 'off' for this run", file=sys.stderr)
    elif value != "off":
        print(f"warning: ROOST_RATE_LIMITS={value}: a 429 will fail the run", file=sys.stderr)


def main_in_tmp(
    name: str, run: Callable[[argparse.Namespace, str], int], args: argparse.Namespace
) -> int:
    """The benchmarks' entry: rate limits off, a throwaway directory, one line on failure."""
    from bench.harness import BenchError

    ensure_rate_limits_off()
    with tempfile.TemporaryDirectory(prefix=f"roost-bench-{name}-") as tmp:
        try:
            return run(args, tmp)
        except BenchError as exc:
            print(f"benchmark failed: {exc}", file=sys.stderr)
            return 1
