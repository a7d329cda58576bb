"""SQLite WAL checkpoints on a background thread instead of inside a request's COMMIT.

With SQLite's default, the COMMIT that pushes the WAL past 1000 pages runs the checkpoint
itself: it copies the WAL into the database file and fsyncs both, 10-20 ms during which the
server's event loop stands still (measured: median COMMIT 135 µs, p99 13.6 ms, mean 375 µs on
statuses/update). Roost's connections therefore say ``wal_autocheckpoint=0`` and this thread
runs a PASSIVE checkpoint twice a second on a connection of its own: PASSIVE never waits for
readers or writers, the sqlite3 module releases the GIL while it copies and syncs, and a commit
is as durable as before (synchronous=NORMAL in WAL mode: committed means in the WAL file).

PASSIVE alone lets the WAL *file* grow without bound under steady load: SQLite starts writing it
from the beginning again only when a writer finds every frame copied back and no reader still
on the WAL, and with busy clients some reader always is (a kill -9 test saw 415 MB of WAL for
an 8.7 MB database, and a slower restart for it). So once the file passes ``truncate_bytes``
the thread asks for a TRUNCATE checkpoint instead, which waits (at most ``TRUNCATE_WAIT_MS``,
then gives up until next time) for the readers of the moment to finish, resets the WAL and
truncates the file; connections also say ``journal_size_limit`` (store/sqlite.py), so a WAL
reset in the ordinary way is cut back to that size too.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading

log = logging.getLogger(__name__)

INTERVAL_S = 0.5
TRUNCATE_BYTES = 64 * 1024 * 1024  # a WAL past this is reset and truncated
TRUNCATE_WAIT_MS = 200  # how long a TRUNCATE checkpoint may wait for readers (and writers)


class Checkpointer:
    """Runs ``PRAGMA wal_checkpoint(PASSIVE)`` on ``path`` every ``interval_s`` until stopped,
    ``TRUNCATE`` instead while the WAL file is larger than ``truncate_bytes``."""

    def __init__(
        self, path: str, interval_s: float = INTERVAL_S, truncate_bytes: int = TRUNCATE_BYTES
    ) -> None:
        self._path = path
        self._wal = path + "-wal"
        self._interval = interval_s
        self._truncate_bytes = truncate_bytes
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="roost-wal-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conn: sqlite3.Connection | None = None
        try:
            while not self._stop.wait(self._interval):
                try:
                    if conn is None:
                        conn = sqlite3.connect(self._path, isolation_level=None)
                        conn.execute(f"PRAGMA busy_timeout={TRUNCATE_WAIT_MS}")
                    conn.execute(f"PRAGMA wal_checkpoint({self._mode()})").fetchall()
                except sqlite3.Error as exc:  # a busy or vanished file: try again next time
                    log.debug("WAL checkpoint of %s skipped: %s", self._path, exc)
                    if conn is not None:
                        conn.close()
                    conn = None
        finally:
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()

    def _mode(self) -> str:
        try:
            size = os.path.getsize(self._wal)
        except OSError:  # no WAL file (yet): nothing to truncate
            return "PASSIVE"
        return "TRUNCATE" if size > self._truncate_bytes else "PASSIVE"

    def stop(self) -> None:
        """Stop the thread, then checkpoint what is left so the WAL does not outlive the store."""
        self._stop.set()
        self._thread.join()
        with contextlib.suppress(sqlite3.Error):
            conn = sqlite3.connect(self._path, isolation_level=None)
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            finally:
                conn.close()
