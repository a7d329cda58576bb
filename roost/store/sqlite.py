"""SQLite: WAL mode, durable pragmas, write transactions that take the write lock up front."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine

from roost.store.checkpoint import Checkpointer
from roost.store.dialect import Dialect

# WAL lets readers run beside the one writer. synchronous=NORMAL in WAL mode never loses a
# committed transaction when the process is killed (only on power loss or an OS crash);
# ROOST's "nothing accepted is lost" is about the process, so FULL's extra fsync is not needed.
_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
    "PRAGMA cache_size=-65536",
    "PRAGMA temp_store=MEMORY",
    # A file database is checkpointed by a background thread (store/checkpoint.py), never by
    # the COMMIT of a request; an in-memory one has no WAL.
    "PRAGMA wal_autocheckpoint=0",
    # When the WAL starts over, its file is cut back to 16 MB rather than kept at its peak.
    "PRAGMA journal_size_limit=16777216",
)


class SqliteDialect(Dialect):
    """The embedded default store."""

    name = "sqlite"

    def create_engine(self, url: str) -> Engine:
        """An engine whose connections are in WAL mode and begin transactions explicitly."""
        database = sa.engine.make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Hand transaction control to SQLAlchemy's "begin" event below (the documented
            # pysqlite recipe), so writes can say BEGIN IMMEDIATE.
            dbapi_conn.isolation_level = None
            cursor = dbapi_conn.cursor()
            for pragma in _PRAGMAS:
                cursor.execute(pragma)
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # A write takes the lock at BEGIN: a deferred transaction that later upgrades to a
            # writer can fail with SQLITE_BUSY at once, whatever busy_timeout says.
            immediate = conn.info.pop("roost_write", False)
            # On the driver itself: SQLAlchemy's execute path costs more than the BEGIN.
            driver: Any = conn.connection.driver_connection
            driver.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine

    def start_maintenance(self, engine: Engine) -> Callable[[], None]:
        """The WAL checkpointer of a file database."""
        database = engine.url.database
        if not database or database == ":memory:" or database.startswith("file:"):
            return super().start_maintenance(engine)
        return Checkpointer(database).stop

    def begin_write(self, conn: Connection) -> None:
        """BEGIN IMMEDIATE."""
        conn.info["roost_write"] = True
        conn.begin()

    def insert_ignore(self, table: sa.Table, **values: Any) -> Any:
        """INSERT ... ON CONFLICT DO NOTHING."""
        return sqlite_insert(table).values(**values).on_conflict_do_nothing()
