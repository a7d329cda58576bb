"""PostgreSQL through psycopg 3: a connection pool and the PostgreSQL-only statements."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Engine

from roost.store.dialect import Dialect


def normalize_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgresql://`` and ``postgres://`` URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class PostgresDialect(Dialect):
    """The store for deployments that outgrow one SQLite file."""

    name = "postgresql"

    def create_engine(self, url: str) -> Engine:
        """A pooled engine; connections are checked before use so a restarted server is survived."""
        return sa.create_engine(
            normalize_url(url), pool_size=10, max_overflow=20, pool_pre_ping=True
        )

    def insert_ignore(self, table: sa.Table, **values: Any) -> Any:
        """INSERT ... ON CONFLICT DO NOTHING."""
        return pg_insert(table).values(**values).on_conflict_do_nothing()
