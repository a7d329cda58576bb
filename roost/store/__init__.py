"""Persistence behind one small interface (base.py), on SQLite or PostgreSQL."""

from __future__ import annotations

from roost.store.dialect import Dialect
from roost.store.migrate import upgrade
from roost.store.sql import SqlStore


class StoreError(Exception):
    """The store could not be opened (a bad URL, an unreachable server)."""


def dialect_for(url: str) -> Dialect:
    """The dialect that serves a SQLAlchemy URL."""
    if url.startswith("sqlite"):
        from roost.store.sqlite import SqliteDialect

        return SqliteDialect()
    if url.startswith(("postgresql", "postgres")):
        from roost.store.postgres import PostgresDialect

        return PostgresDialect()
    raise StoreError(f"unsupported database URL (use sqlite:/// or postgresql://): {url}")


def open_store(url: str, *, migrate: bool = True, user_cache_ttl: float = 1.0) -> SqlStore:
    """Open the database at ``url`` and bring its schema to the newest migration."""
    dialect = dialect_for(url)
    try:
        engine = dialect.create_engine(url)
        if migrate:
            upgrade(engine)
    except StoreError:
        raise
    except Exception as exc:  # the driver's own error types differ per engine
        raise StoreError(f"cannot open database {url}: {exc.__class__.__name__}: {exc}") from exc
    return SqlStore(engine, dialect, user_cache_ttl)
