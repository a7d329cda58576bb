"""Statements compiled once, run on a unit of work's own DB-API connection.

Building a Core statement and executing it through SQLAlchemy costs 80-400 µs; the same query on
the driver costs 7-30 µs (bench/statuses.py's profile). Queries on the hot paths (a page's
authors, viewer flags, the status being shown or posted) are therefore built once per engine
and shape here and executed with the driver's cursor, inside the same transaction as the rest of
the unit of work. An ``IN`` list is compiled for a few fixed sizes (powers of two) and padded by
repeating its last value, so a handful of statements covers every page size.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect

from roost.store.fastread import Prepared

_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)


def bucket(n: int) -> int:
    """The compiled IN-list size that holds ``n`` values."""
    for size in _SIZES:
        if n <= size:
            return size
    raise ValueError(f"IN list of {n} values: split it first (store.base.iter_chunks)")


class Statements:
    """A per-engine cache of compiled statements, keyed by a name and a shape."""

    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect
        self._compiled: dict[tuple[str, int], Prepared] = {}
        self._lock = threading.Lock()

    def get(self, name: str, size: int, build: Callable[[int], sa.Executable]) -> Prepared:
        """The statement ``name`` for ``size`` IN values, compiled on first use."""
        key = (name, size)
        prepared = self._compiled.get(key)
        if prepared is None:
            compiled = build(size).compile(dialect=self._dialect)  # type: ignore[attr-defined]
            positional = tuple(compiled.positiontup) if compiled.positiontup else None
            prepared = Prepared(str(compiled), positional)
            with self._lock:
                self._compiled[key] = prepared
        return prepared


def in_params(prefix: str, values: Sequence[Any]) -> tuple[int, dict[str, Any]]:
    """Bind parameters ``prefix0..prefixN`` for an IN list padded to its bucket size."""
    size = bucket(len(values))
    padded = list(values) + [values[-1]] * (size - len(values))
    return size, {f"{prefix}{i}": v for i, v in enumerate(padded)}


def in_binds(prefix: str, size: int) -> list[sa.BindParameter[Any]]:
    """The placeholders ``in_params`` fills."""
    return [sa.bindparam(f"{prefix}{i}") for i in range(size)]


def run(conn: Connection, prepared: Prepared, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Execute on ``conn``'s DB-API connection, in its current transaction."""
    args: Any = (
        tuple(params[name] for name in prepared.positional)
        if prepared.positional is not None
        else params
    )
    raw = conn.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        cursor.execute(prepared.sql, args)
        return list(cursor.fetchall()) if cursor.description is not None else []
    finally:
        cursor.close()
