"""Bulk inserts on the store's own engine: DB-API ``executemany`` in large transactions.

The statements are the plain ``INSERT INTO t (columns) VALUES (...)`` of each table, built once
with the engine's identifier quoting and parameter style; on PostgreSQL the same rows go in
through ``COPY ... FROM STDIN`` (psycopg's copy API) unless told otherwise, which writes the same
values several times faster. While the rows go in, the secondary
indexes of the big tables are dropped and afterwards created again from the very DDL the
database reported for them (``sqlite_master.sql``, ``pg_get_indexdef``), so the migrated schema
is exactly what it was: an index built once over sorted keys costs a fraction of keeping it up
to date row by row. On SQLite the load's own connection also skips ``fsync`` until the end and
does not check foreign keys row by row (the rows are consistent by construction; the tests run
``PRAGMA foreign_key_check``); PostgreSQL keeps checking them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, cast

import sqlalchemy as sa

from roost.store import schema as t
from roost.store.search import tsvector
from roost.store.sql import SqlStore

# Tables whose secondary indexes are rebuilt after the load (their keys, primary and unique,
# stay: they are part of the tables' definitions).
DEFERRED = ("follows", "follow_requests", "statuses", "status_mentions", "favorites")
BATCH = 20_000


class Index(NamedTuple):
    """A secondary index: its table, its name and the statement that creates it."""

    table: str
    name: str
    ddl: str


class NotEmpty(ValueError):
    """The database already holds data."""


class BulkWriter:
    """One DB-API connection of the store's engine, in one transaction at a time."""

    def __init__(self, store: SqlStore, copy: bool = True) -> None:
        self.store = store
        self.engine = store.engine
        self.dialect = store.dialect  # "sqlite" or "postgresql"
        self._raw: Any = store.engine.raw_connection()
        self.conn: Any = cast(Any, self._raw.driver_connection)
        self._statements: dict[tuple[str, tuple[str, ...]], str] = {}
        self._open = False
        self.pending = 0  # rows written since the last commit
        # PostgreSQL: COPY FROM STDIN (psycopg), several times faster than executemany
        self.copy = copy and self.dialect == "postgresql"
        if self.dialect == "sqlite":
            self.conn.execute("PRAGMA foreign_keys=OFF")
            self.conn.execute("PRAGMA synchronous=OFF")
            self.conn.execute("PRAGMA cache_size=-262144")  # 256 MB while the indexes build

    # ------------------------------------------------------------------ checks
    def counts(self) -> dict[str, int]:
        """Rows per table of the schema (the empty-database check)."""
        found = {}
        with self._cursor() as cur:
            for table in t.metadata.sorted_tables:
                cur.execute(f"SELECT COUNT(*) FROM {self._name(table.name)}")
                found[table.name] = int(cur.fetchone()[0])
        self._end()
        return found

    def check_empty(self) -> None:
        """Refuse a database that already holds any row of Roost's tables."""
        # server_secrets holds the keys migration 0013 makes in every new database.
        held = {name: n for name, n in self.counts().items() if n and name != "server_secrets"}
        if held:
            what = ", ".join(f"{n:,} {name}" for name, n in sorted(held.items()))
            raise NotEmpty(f"the database is not empty ({what}); roost load needs a new one")

    # ------------------------------------------------------------------ writing
    def _name(self, name: str) -> str:
        return str(self.engine.dialect.identifier_preparer.quote(name))

    def _sql(self, table: str, columns: Sequence[str]) -> str:
        key = (table, tuple(columns))
        sql = self._statements.get(key)
        if sql is None:
            mark = "?" if self.dialect == "sqlite" else "%s"
            names = ", ".join(self._name(c) for c in columns)
            sql = f"INSERT INTO {self._name(table)} ({names}) VALUES ({', '.join([mark] * len(columns))})"
            self._statements[key] = sql
        return sql

    @contextlib.contextmanager
    def _cursor(self) -> Iterator[Any]:
        if not self._open:
            if self.dialect == "sqlite":
                self.conn.execute("BEGIN")
            self._open = True
        cur = self.conn.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
        """Insert ``rows`` (tuples in ``columns`` order) in batches; the number written."""
        if self.copy:
            return self._copy(table, columns, rows)
        sql = self._sql(table, columns)
        written = 0
        batch: list[tuple[Any, ...]] = []
        with self._cursor() as cur:
            for r in rows:
                batch.append(r)
                if len(batch) >= BATCH:
                    cur.executemany(sql, batch)
                    written += len(batch)
                    batch = []
            if batch:
                cur.executemany(sql, batch)
                written += len(batch)
        self.pending += written
        return written

    def insert_documents(self, docs: Sequence[tuple[int, Sequence[str]]]) -> int:
        """Search documents (status id, tokens), as store/search.py's ``insert_documents``
        writes them: FTS5 rows on SQLite, tsvector text on PostgreSQL (COPY or INSERT)."""
        if self.dialect == "sqlite":
            rows = [(sid, " ".join(tokens)) for sid, tokens in docs]
            return self.insert("status_search", ("rowid", "doc"), rows)
        rows = [(sid, tsvector(tokens)) for sid, tokens in docs]
        if self.copy:
            return self._copy("status_search", ("status_id", "doc"), rows)
        sql = "INSERT INTO status_search (status_id, doc) VALUES (%s, %s::tsvector)"
        with self._cursor() as cur:
            cur.executemany(sql, rows)
        self.pending += len(rows)
        return len(rows)

    def _copy(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
        # COPY in text format hands each value to the column's input function exactly as an
        # INSERT's parameter would be (JSON as the same text, booleans as t/f): the same rows.
        names = ", ".join(self._name(c) for c in columns)
        written = 0
        with (
            self._cursor() as cur,
            cur.copy(f"COPY {self._name(table)} ({names}) FROM STDIN") as out,
        ):
            for r in rows:
                out.write_row(r)
                written += 1
        self.pending += written
        return written

    def commit(self) -> None:
        """End the open transaction."""
        self._end()
        self.pending = 0

    def rollback(self) -> None:
        """Abandon the open transaction (after a failure)."""
        if self._open:
            with contextlib.suppress(Exception):
                if self.dialect == "sqlite":
                    self.conn.execute("ROLLBACK")
                else:
                    self.conn.rollback()
            self._open = False
        self.pending = 0

    def _end(self) -> None:
        if not self._open:
            return
        if self.dialect == "sqlite":
            self.conn.execute("COMMIT")
        else:
            self.conn.commit()
        self._open = False

    # ------------------------------------------------------------------ indexes
    def secondary_indexes(self, tables: Sequence[str] = DEFERRED) -> list[Index]:
        """The tables' secondary indexes with their CREATE INDEX statements, as stored."""
        with self._cursor() as cur:
            if self.dialect == "sqlite":
                marks = ", ".join("?" * len(tables))
                cur.execute(
                    "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index'"
                    f" AND sql IS NOT NULL AND tbl_name IN ({marks}) ORDER BY name",
                    list(tables),
                )
            else:
                cur.execute(
                    "SELECT r.relname, i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x"
                    " JOIN pg_class i ON i.oid = x.indexrelid"
                    " JOIN pg_class r ON r.oid = x.indrelid"
                    " JOIN pg_namespace ns ON ns.oid = r.relnamespace"
                    " WHERE ns.nspname = current_schema() AND r.relname = ANY(%s)"
                    " AND NOT x.indisprimary AND NOT x.indisunique"
                    " ORDER BY i.relname",
                    (list(tables),),
                )
            found = [Index(str(tbl), str(name), str(ddl)) for tbl, name, ddl in cur.fetchall()]
        self._end()
        return found

    def drop_indexes(self, indexes: Sequence[Index]) -> None:
        """Drop the given indexes (their DDL kept by the caller)."""
        with self._cursor() as cur:
            for index in indexes:
                cur.execute(f"DROP INDEX {self._name(index.name)}")
        self._end()

    def create_indexes(self, indexes: Sequence[Index]) -> None:
        """Create indexes from their stored DDL (committing what was written before)."""
        self.commit()
        with self._cursor() as cur:
            for index in indexes:
                cur.execute(index.ddl)
        self._end()

    # ------------------------------------------------------------------ the end
    def finish(self) -> None:
        """Commit, make the load durable and leave the database as Roost configures it."""
        self.commit()
        if self.dialect == "sqlite":
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        else:
            self.conn.autocommit = True
            with contextlib.closing(self.conn.cursor()) as cur:
                cur.execute("ANALYZE")  # what autovacuum would do soon after a bulk load
            self.conn.autocommit = False

    def close(self) -> None:
        """Give the connection back (invalidated: its pragmas are not Roost's)."""
        with contextlib.suppress(Exception):
            self._end()
        self._raw.invalidate()


def table_columns(table: sa.Table) -> list[str]:
    """Every column of a table, in schema order."""
    return [c.name for c in table.columns]
