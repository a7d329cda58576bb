"""``roost load``: plan a world, render its statuses in worker processes, write it in bulk.

The main process plans (pure Python, seeded), then writes accounts, the App and tokens, the
follow graph and, interleaved with it, the statuses the workers render (``rows.py``), then the
likes; the secondary indexes are rebuilt at the end (``writer.py``). Workers only compute: each
renders a run of statuses from self-contained entries, so the rows do not depend on how many
workers there are or which one rendered what.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
from collections import Counter, defaultdict, deque
from collections.abc import Iterator
from typing import Any

from roost.domain.signals import Signals
from roost.load.activity import RETWEET
from roost.load.manifest import build_manifest
from roost.load.progress import Progress
from roost.load.rows import (
    STATUS_FIELDS,
    Accounts,
    Chunk,
    Renderer,
    Source,
    retweet_tweet,
    row,
    start_worker,
)
from roost.load.rows import render_in_worker as render
from roost.load.tables import (
    COLUMNS,
    access_token_row,
    app_row,
    bearer_row,
    edge_rows,
    favorite_rows,
    user_rows,
)
from roost.load.world import Sizes, World, accounts_of, plan_world, source_of
from roost.load.writer import BulkWriter, Index
from roost.search.document import document_for
from roost.store import open_store

CHUNK = 2000  # statuses per worker task
PRIME = 64  # runs handed out before the likes are planned (about 10 s of two workers' work)
COMMIT_EVERY = 250_000  # rows per transaction
FOLLOWS_BLOCK = 20_000  # follow rows written between two looks at the workers' results
GRAPH = ("follows", "follow_requests")  # indexed as soon as their rows are in


class StatusFeed:
    """Rendered runs of statuses, in order, from a pool of workers (or this process).

    The pool starts as soon as the accounts are planned (``__init__``), the statuses come with
    ``attach``. A run covers statuses ``start``..``stop``; the workers render its statuses that
    are not retweets, and the caller makes the retweets (``_Load.statuses``).
    """

    def __init__(self, accounts: Accounts, source: Source, workers: int) -> None:
        self.world: World | None = None
        self.total = 0
        self.next = 0
        self._inflight: deque[tuple[int, int, Any]] = deque()
        self._window = max(1, workers) * 6
        self._pool: Any = None
        self._renderer: Renderer | None = None
        self._starting: threading.Thread | None = None
        if workers > 0:
            # Started on a thread: handing each new process its share of the accounts waits
            # until that process has imported the renderer, a second or two of planning time.
            self._starting = threading.Thread(
                target=self._start, args=(accounts, source, workers), daemon=True
            )
            self._starting.start()
        else:
            self._renderer = Renderer(accounts, source)

    def _start(self, accounts: Accounts, source: Source, workers: int) -> None:
        # spawn, not fork: the parent holds database connections and a checkpoint thread
        ctx = multiprocessing.get_context("spawn")
        self._pool = ctx.Pool(workers, initializer=start_worker, initargs=(accounts, source))

    def _started(self) -> None:
        if self._starting is not None:
            self._starting.join()
            self._starting = None
            if self._pool is None:
                raise RuntimeError("the worker processes did not start")

    def attach(self, world: World, prime: int = 0) -> None:
        """The statuses to render; ``prime`` runs are handed to the workers at once (to keep
        them busy while this process plans the likes)."""
        self.world = world
        self.total = len(world.statuses)
        self._started()
        self._fill(max(prime, self._window))

    def widen(self, runs: int) -> None:
        """Hand out up to ``runs`` runs at once (before this process is busy for a while)."""
        self._fill(runs)

    def _take(self) -> tuple[int, int, list[Any]]:
        assert self.world is not None
        start, self.next = self.next, min(self.total, self.next + CHUNK)
        kind = self.world.statuses.kind
        entries = [self.world.entry(k) for k in range(start, self.next) if kind[k] != RETWEET]
        return start, self.next, entries

    def _fill(self, window: int = 0) -> None:
        while self._pool is not None and len(self._inflight) < max(window, self._window):
            if self.next >= self.total:
                return
            start, stop, entries = self._take()
            self._inflight.append((start, stop, self._pool.apply_async(render, (entries,))))

    def ready(self) -> Iterator[tuple[int, int, Chunk]]:
        """The runs that are done now (in this process: one more run)."""
        if self._renderer is not None:
            if self.next < self.total:
                start, stop, entries = self._take()
                yield start, stop, self._renderer.render(entries)
            return
        self._fill()
        while self._inflight and self._inflight[0][2].ready():
            start, stop, result = self._inflight.popleft()
            yield start, stop, result.get()
            self._fill()

    def rest(self) -> Iterator[tuple[int, int, Chunk]]:
        """Every run not yet handed out, waiting for each."""
        if self._renderer is not None:
            while self.next < self.total:
                start, stop, entries = self._take()
                yield start, stop, self._renderer.render(entries)
            return
        self._fill()
        while self._inflight:
            start, stop, result = self._inflight.popleft()
            yield start, stop, result.get()
            self._fill()

    def close(self, ok: bool) -> None:
        """Stop the workers."""
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        if self._pool is not None:
            if ok:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()
            self._pool = None


_FAVORITES = STATUS_FIELDS.index("favorite_count")
_LANG = STATUS_FIELDS.index("lang")


class _Load:
    """One load's writing: the writer, the progress and what the rows add up to."""

    def __init__(self, world: World, writer: BulkWriter, progress: Progress) -> None:
        self.world = world
        self.writer = writer
        self.progress = progress
        self.source = world.source()
        self.renderer = Renderer(world.accounts(), self.source)  # the accounts as Users
        self.codes: set[str] = set()
        self.stats: Counter[str] = Counter()
        self.hashtags: Counter[str] = Counter()
        self.seconds: dict[str, float] = defaultdict(float)  # time spent writing each table
        # a status still to be retweeted: its row, how many retweets are left, their signals
        self.originals: dict[int, tuple[tuple[Any, ...], int, Signals]] = {}
        # likes in the order of the statuses they like: each goes in once its status is in
        # (PostgreSQL checks the foreign key at once)
        liked = world.likes.status
        self.likes = sorted(range(len(world.likes)), key=liked.__getitem__)
        self.likes_done = 0

    def put(self, table: str, rows: Any, counted: bool = True) -> None:
        began = time.perf_counter()
        written = self.writer.insert(table, COLUMNS[table], rows)
        self.stats[table] += written
        if counted:
            self.progress.advance(written)
        if self.writer.pending >= COMMIT_EVERY:
            self.writer.commit()
        self.seconds[table] += time.perf_counter() - began

    def statuses(self, start: int, stop: int, chunk: Chunk) -> None:
        """Write statuses ``start``..``stop``: the chunk's rows with the retweets between."""
        s = self.world.statuses
        ids = self.world.users.ids
        rendered = iter(chunk.statuses)
        documents = iter(chunk.documents)
        rows = []
        docs = []
        locations = self.world.users.locations
        for k in range(start, stop):
            if s.kind[k] == RETWEET:
                o = s.target[k]
                original, left, said = self.originals[o]
                author = self.renderer.user(s.author[o])
                made = retweet_tweet(original, author, ids[s.author[k]], s.ids[k], self.source)
                rows.append(row(made))
                docs.append((made.id, document_for(made, (), said, locations[s.author[k]])))
                if left > 1:
                    self.originals[o] = (original, left - 1, said)
                else:
                    del self.originals[o]
                continue
            made_row = next(rendered)
            docs.append(next(documents))
            if s.favorite_count[k]:  # the likes were planned after the entry was made
                i = _FAVORITES
                made_row = (*made_row[:i], s.favorite_count[k], *made_row[i + 1 :])
            rows.append(made_row)
            if s.retweet_count[k]:
                sid = s.ids[k]
                attitude, question = chunk.retweet_said[sid]
                lang = made_row[_LANG]
                self.originals[k] = (
                    made_row,
                    s.retweet_count[k],
                    Signals(lang, attitude, question),
                )
        self.put("statuses", rows)
        self.writer.insert_documents(docs)
        self.put("status_mentions", chunk.mentions, counted=False)
        fresh = []
        for code, url in chunk.tco:  # insert-or-ignore: the first status with a URL wins
            if code not in self.codes:
                self.codes.add(code)
                fresh.append((code, url))
        self.put("tco_links", fresh, counted=False)
        self.hashtags.update(chunk.hashtags)
        for name in ("geotagged", "with_urls", "with_symbols", "long_texts"):
            self.stats[name] += getattr(chunk, name)
        liked, first = self.world.likes.status, self.likes_done
        while self.likes_done < len(self.likes) and liked[self.likes[self.likes_done]] < stop:
            self.likes_done += 1
        if self.likes_done > first:
            self.put("favorites", favorite_rows(self.world, self.likes[first : self.likes_done]))


def load(
    database_url: str,
    seed: int,
    sizes: Sizes,
    *,
    workers: int = 2,
    progress: Progress | None = None,
    defer_indexes: bool = True,
    copy: bool = True,
) -> dict[str, Any]:
    """Load a synthetic world into an empty database; the manifest of what was written.
    (``defer_indexes``, ``copy``: the bulk paths, on by default; the rows are the same.)"""
    progress = progress or Progress(enabled=False)
    sizes.check()
    store = open_store(database_url)
    writer = BulkWriter(store, copy=copy)
    feeds: list[StatusFeed] = []
    ok = False
    try:
        writer.check_empty()
        world = plan_world(
            seed,
            sizes,
            step=lambda what: progress.step(f"planning {what}"),
            on_accounts=lambda users: feeds.append(
                StatusFeed(accounts_of(users), source_of(seed), workers if sizes.tweets else 0)
            ),
            on_statuses=lambda world: feeds[0].attach(world, prime=PRIME),
        )
        progress.end()
        indexes = writer.secondary_indexes() if defer_indexes else []
        writer.drop_indexes(indexes)
        try:
            job = _write(world, writer, feeds[0], progress, indexes)
        except BaseException:
            # what was written stays (the database is not empty now), but with its schema
            writer.rollback()
            for index in indexes:  # those of the graph may exist already
                with contextlib.suppress(Exception):
                    writer.create_indexes([index])
                writer.rollback()
            raise
        rest = [i for i in indexes if i.table not in GRAPH]
        progress.step(f"creating {len(rest)} indexes")
        writer.create_indexes(rest)
        writer.finish()
        progress.end()
        ok = True
    finally:
        for feed in feeds:
            feed.close(ok)
        writer.close()
        store.close()
    for table, seconds in sorted(job.seconds.items()):
        progress.timings[f"writing {table}"] = round(seconds, 2)
    return build_manifest(world, job.stats, job.hashtags)


def _write(
    world: World, writer: BulkWriter, feed: StatusFeed, progress: Progress, indexes: list[Index]
) -> _Load:
    g = world.graph
    total = (
        len(world.users)
        + 2
        + len(world.tokens)
        + len(g.follows)
        + len(g.requests)
        + len(world.statuses)
        + len(world.likes)
    )
    progress.count("writing rows", total)
    job = _Load(world, writer, progress)
    job.put("users", user_rows(world))
    job.put("apps", [app_row(world.app)])
    job.put("bearer_tokens", [bearer_row(world.bearer)])
    job.put("access_tokens", [access_token_row(tok) for tok in world.tokens.values()])
    for edges, table in ((g.follows, "follows"), (g.requests, "follow_requests")):
        for start in range(0, len(edges), FOLLOWS_BLOCK):
            job.put(table, edge_rows(world, edges, start, start + FOLLOWS_BLOCK))
            for run in feed.ready():
                job.statuses(*run)
    # The graph is complete: index it now, while the workers render ahead, rather than at the
    # end when nothing else is left to do.
    began = time.perf_counter()
    feed.widen(PRIME)
    writer.create_indexes([i for i in indexes if i.table in GRAPH])
    job.seconds["indexes of follows"] += time.perf_counter() - began
    for run in feed.rest():
        job.statuses(*run)
    assert job.likes_done == len(job.likes)
    writer.commit()
    progress.end()
    return job
