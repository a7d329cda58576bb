"""(Re)building the search index from the statuses table, in id order, with progress.

The migration that adds the index runs this over the statuses already stored, and ``roost load``
runs it over the world it wrote (its bulk rows bypass statuses/update, which indexes each status
as it is written). Documents are made in worker processes when there are many.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from roost.domain.model import Tweet
from roost.search.document import document_for
from roost.store import schema as t
from roost.store.search import insert_documents
from roost.store.statuses import STATUS_COLUMNS, tweet_from_driver

BATCH = 5000
PARALLEL_OVER = 20_000  # statuses: below this, one process is quicker than starting a pool

Progress = Callable[[int, int], None]


def stderr_progress(label: str = "search index") -> Progress:
    """A progress line on stderr, rewritten in place (at most a few times a second)."""
    last = [0.0]

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < 0.5:
            return
        last[0] = now
        pct = 100 * done / total if total else 100.0
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r{label}: {done}/{total} statuses ({pct:.0f}%){end}")
        sys.stderr.flush()

    return show


Row = tuple[Tweet, list[str], str | None]  # a status, its media's kinds, its author's location


def _documents(batch: list[Row]) -> list[tuple[int, list[str]]]:
    return [
        (tweet.id, document_for(tweet, kinds, author_location=location))
        for tweet, kinds, location in batch
    ]


def _batches(conn: Connection) -> Iterator[list[Row]]:
    """Every status with its media's kinds and its author's location, BATCH at a time, by id."""
    after = -1
    # Migration 0009 runs this before later migrations add columns: those read as NULL.
    present = {c["name"] for c in sa.inspect(conn).get_columns("statuses")}
    columns = [c if c.name in present else sa.null().label(c.name) for c in STATUS_COLUMNS]
    while True:
        rows = conn.execute(
            sa.select(*columns)
            .where(t.statuses.c.id > after)
            .order_by(t.statuses.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        tweets = [tweet_from_driver(tuple(r)) for r in rows]
        after = tweets[-1].id
        wanted = sorted({m for tw in tweets for m in tw.media_ids or ()})
        kinds: dict[int, str] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            query = sa.select(t.media.c.id, t.media.c.kind).where(t.media.c.id.in_(chunk))
            kinds.update((row[0], row[1]) for row in conn.execute(query))
        authors = sorted({tw.user_id for tw in tweets})
        where: dict[int, str | None] = {}
        for i in range(0, len(authors), 500):
            chunk = authors[i : i + 500]
            query = sa.select(t.users.c.id, t.users.c.location).where(t.users.c.id.in_(chunk))
            where.update((row[0], row[1]) for row in conn.execute(query))
        yield [
            (tw, [kinds[m] for m in tw.media_ids or () if m in kinds], where.get(tw.user_id))
            for tw in tweets
        ]


def build(conn: Connection, progress: Progress | None = None, workers: int | None = None) -> int:
    """Index every status on ``conn`` (the index must hold none of them yet); the count."""
    total = conn.execute(sa.select(sa.func.count()).select_from(t.statuses)).scalar_one()
    if not total:
        return 0
    dialect = conn.dialect.name
    done = 0
    pool = None
    if total > PARALLEL_OVER:
        pool = ProcessPoolExecutor(max_workers=workers or min(4, os.cpu_count() or 1))
    try:
        pending: list[Any] = []
        for batch in _batches(conn):
            if pool is None:
                docs: Sequence[tuple[int, list[str]]] = _documents(batch)
                insert_documents(conn, dialect, docs)
                done += len(docs)
            else:
                pending.append(pool.submit(_documents, batch))
                while len(pending) > 4 or (pending and pending[0].done()):
                    docs = pending.pop(0).result()
                    insert_documents(conn, dialect, docs)
                    done += len(docs)
                    if progress:
                        progress(done, total)
                continue
            if progress:
                progress(done, total)
        for future in pending:
            docs = future.result()
            insert_documents(conn, dialect, docs)
            done += len(docs)
            if progress:
                progress(done, total)
    finally:
        if pool is not None:
            pool.shutdown()
    return done
