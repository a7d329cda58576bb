"""A connection per thread for read units of work (see ``SqlStore.read``)."""

from __future__ import annotations

import contextlib
import threading
import weakref

from sqlalchemy.engine import Connection, Engine


class _Reader:
    """One thread's read connection; closed when the thread ends or the store closes."""

    def __init__(self, engine: Engine) -> None:
        self.conn: Connection = engine.connect()
        self.postgres = engine.dialect.name == "postgresql"
        self.broken = False
        self._finalizer = weakref.finalize(self, _close, self.conn)

    def end(self, broken: bool = False) -> None:
        """Finish the unit: roll back whatever transaction SQLAlchemy or the driver began."""
        try:
            if self.conn.in_transaction():
                self.conn.rollback()
            elif self.postgres:  # raw prepared reads make psycopg begin one by itself
                raw = self.conn.connection.dbapi_connection
                if raw is not None and raw.info.transaction_status != 0:
                    raw.rollback()
        except Exception:  # noqa: BLE001 - a broken connection is replaced below
            broken = True
        if broken:
            self.broken = True
            self.close()

    def close(self) -> None:
        """Return the connection to the pool now."""
        self._finalizer()


def _close(conn: Connection) -> None:
    with contextlib.suppress(Exception):  # closing at shutdown or thread end
        conn.close()


class Readers:
    """Hands each thread its read connection, replacing one that broke."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._local = threading.local()
        self._all: weakref.WeakSet[_Reader] = weakref.WeakSet()

    def get(self) -> _Reader:
        """This thread's reader."""
        reader: _Reader | None = getattr(self._local, "reader", None)
        if reader is None or reader.broken:
            reader = self._local.reader = _Reader(self._engine)
            self._all.add(reader)
        return reader

    def close(self) -> None:
        """Close every thread's reader (at shutdown)."""
        self._local = threading.local()
        for reader in list(self._all):
            reader.close()
