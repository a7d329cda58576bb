"""The process's streams: admission (Twitter's connection limits), the matcher over every
connection's predicates, and delivery of each bus event to the connections it concerns.

Events arrive on the publisher's thread and are handed to the hub's event loop, so connections
and the matcher are only ever touched there (no locks). A status is matched once through the
index (``matcher.py``: its cost grows with the matches, not the connections), rendered once,
and offered to each matching connection's bounded queue; nothing here waits for a client.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from roost.domain.model import Tweet, User
from roost.geo import places
from roost.render.context import Viewer
from roost.render.stream import COMPAT, filter_level, stream_tweet
from roost.render.timefmt import created_at
from roost.render.tweets import TweetContext, load_tweet_context
from roost.render.users import user_v1
from roost.runtime import Runtime
from roost.stream import messages
from roost.stream.connection import Backlog, Connection, Limits, Owner
from roost.stream.events import (
    GeoScrubbed,
    StatusDeleted,
    StatusPosted,
    StatusWithheld,
    StreamEvent,
    UserUpdated,
    UserWithheld,
)
from roost.stream.filters import Box, Candidate
from roost.stream.matcher import Matcher, candidate_of, matches
from roost.stream.predicates import FilterRequest, StreamRefused

log = logging.getLogger("roost.stream")

K = TypeVar("K")
RECONNECT_WINDOW = 900.0  # connection attempts are counted over 15 minutes
_LEVELS = {"none": 0, "low": 1, "medium": 2}


@dataclass(frozen=True)
class HubLimits:
    """Twitter's connection limits, from the settings (``ROOST_STREAM_*``)."""

    per_token: int = 1  # connections per access token; a new one closes the oldest (code 7)
    per_app: int = 0  # connections per App (0: no limit); past it the oldest closes (code 2)
    attempts: int = 50  # connection attempts per token in 15 minutes before 420
    connections: int = 10_000  # connections in this process before 503
    backfill: int = 10_000  # recent statuses kept for ``count`` (0: count refused, 416)
    shed_queued: int = 1_000_000  # messages queued over all connections before shedding (12)


def place_box(place_id: str | None) -> Box | None:
    """The bounding box of a place, as ``locations`` boxes are written."""
    place = places.place_by_id(place_id) if place_id else None
    if place is None or not place.bounding_box:
        return None
    longs = [p[0] for p in place.bounding_box]
    lats = [p[1] for p in place.bounding_box]
    return Box(min(longs), min(lats), max(longs), max(lats))


def _candidate(status: Tweet, retweeted_user_id: int | None) -> Candidate:
    return candidate_of(
        status, retweeted_user_id=retweeted_user_id, place_box=place_box(status.place_id)
    )


def _unlist(index: dict[K, list[Connection]], key: K, conn: Connection) -> None:
    same = index.get(key)
    if same is not None and conn in same:
        same.remove(conn)
        if not same:
            del index[key]


class Hub:
    """Every statuses/filter connection of this process."""

    def __init__(
        self,
        runtime: Runtime,
        limits: HubLimits,
        connection_limits: Limits,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.runtime = runtime
        self.limits = limits
        self.connection_limits = connection_limits
        self.clock = clock
        self.connections: dict[int, Connection] = {}
        # the open connections of each access token and each App, oldest first: admission
        # looks only at the newcomer's own
        self._by_token: dict[str, list[Connection]] = {}
        self._by_app: dict[int, list[Connection]] = {}
        self.backlog = Backlog()
        self._loop_thread: int | None = None
        self.matcher = Matcher()
        self._keys = itertools.count(1)
        self._attempts: dict[str, collections.deque[float]] = {}
        self._backlog: collections.deque[StatusPosted] = collections.deque(
            maxlen=max(limits.backfill, 1)
        )
        self.loop: asyncio.AbstractEventLoop | None = None
        self._unsubscribe = runtime.stream.subscribe(self._hear)

    # ------------------------------------------------------------------ admission
    def admit(self, owner: Owner, request: FilterRequest) -> Connection:
        """A new connection, or StreamRefused (420, 503); closes what it displaces (7, 2)."""
        self.bind(asyncio.get_running_loop())
        now = self.clock()
        attempts = self._attempts.setdefault(owner.token, collections.deque())
        while attempts and now - attempts[0] > RECONNECT_WINDOW:
            attempts.popleft()
        attempts.append(now)  # a refused attempt counts too: retrying at once prolongs a 420
        if len(attempts) > self.limits.attempts:
            raise StreamRefused(420, "Exceeded connection limit for user")
        if len(self.connections) >= self.limits.connections:
            raise StreamRefused(503, "Service Unavailable")
        self._displace(
            self._by_token.get(owner.token, []), self.limits.per_token - 1, messages.ADMIN_LOGOUT
        )
        if self.limits.per_app:
            self._displace(
                self._by_app.get(owner.app_id, []),
                self.limits.per_app - 1,
                messages.DUPLICATE_STREAM,
            )
        conn = Connection(
            next(self._keys), owner, request, self.connection_limits, backlog=self.backlog
        )
        conn.on_close = self.release  # closing, for whatever reason, ends its matching
        self.connections[conn.key] = conn
        self._by_token.setdefault(owner.token, []).append(conn)
        self._by_app.setdefault(owner.app_id, []).append(conn)
        self.matcher.add(conn.key, request.filter)
        if request.count is not None:
            self._backfill(conn, request.count)
        return conn

    def _displace(self, same: list[Connection], keep: int, code: int) -> None:
        for conn in same[: max(0, len(same) - keep)]:  # oldest first
            self._drop(conn, code)

    def _drop(self, conn: Connection, code: int, *, drain: bool = False) -> None:
        """Close a connection with ``code`` (which stops its matching)."""
        conn.close(code, drain=drain)
        self.release(conn)

    def release(self, conn: Connection) -> None:
        """The connection is closing or its response has ended: no more matching."""
        if self.connections.get(conn.key) is conn:
            del self.connections[conn.key]
            self.matcher.remove(conn.key)
            _unlist(self._by_token, conn.owner.token, conn)
            _unlist(self._by_app, conn.owner.app_id, conn)

    def access_tokens(self) -> list[str]:
        """The OAuth 1.0a access tokens open connections were made with."""
        return [token for token, conns in self._by_token.items() if conns[0].owner.oauth1]

    def revoke(self, token: str) -> None:
        """An access token was revoked: its streams end with disconnect code 6."""
        for conn in list(self._by_token.get(token, ())):
            self._drop(conn, messages.TOKEN_REVOKED)

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """The event loop the connections live on (the server's)."""
        self.loop = loop
        self._loop_thread = threading.get_ident()

    def _backfill(self, conn: Connection, count: int) -> None:
        """``count``: the last |count| matching statuses this process saw, queued at once; a
        negative count disconnects (code 9) once they are delivered."""
        found: list[StatusPosted] = []
        for event in reversed(self._backlog):
            if len(found) >= abs(count):
                break
            author = self.runtime.store.user_by_id(event.author.id)
            if author is None or author.protected:
                continue
            candidate = _candidate(event.status, event.retweeted_user_id)
            if matches(conn.request.filter, candidate) and self._wants(conn, event):
                found.append(event)
        for event in reversed(found):
            if self.runtime.store.status_by_id(event.status.id) is not None:  # not deleted
                conn.offer(self._render(event.status, conn.request.include_ext_edit_control))
        if count < 0:
            self._drop(conn, messages.MAX_MESSAGE_LIMIT, drain=True)

    # ------------------------------------------------------------------ events
    def _hear(self, event: StreamEvent) -> None:
        """Called on the publisher's thread: keep for backfill, hand to the loop."""
        if isinstance(event, StatusPosted) and not event.author.protected:
            self._backlog.append(event)
        loop = self.loop
        if loop is None or loop.is_closed() or not self.connections:
            return
        if threading.get_ident() == self._loop_thread:
            self._dispatch(event)  # a request handler on the loop: queue before it answers
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(self._dispatch, event)

    def _dispatch(self, event: StreamEvent) -> None:
        try:
            if isinstance(event, StatusPosted):
                self._posted(event)
            elif isinstance(event, StatusDeleted):
                self._deleted(event)
            elif isinstance(event, UserUpdated):
                self._user_updated(event)
            else:
                self._compliance(event)
        except Exception:  # noqa: BLE001 - one bad event must not stop the streams
            log.exception("stream dispatch of %s failed", type(event).__name__)

    def _wants(self, conn: Connection, event: StatusPosted) -> bool:
        """The connection's ``language`` and ``filter_level`` (they narrow; not predicates)."""
        request = conn.request
        status = event.status
        if request.languages and status.lang not in request.languages:
            return False
        if request.filter_level != "none":
            level = filter_level(status, event.author)
            return _LEVELS[level] >= _LEVELS[request.filter_level]
        return True

    def _render(
        self, status: Tweet, edit_control: bool = False, author: User | None = None
    ) -> bytes:
        if author is not None and not (
            status.retweeted_status_id or status.quoted_status_id or status.media_ids
        ):
            # a plain status and its author (as stored now: the post counted itself) are all
            # there is to show
            current = self.runtime.store.user_by_id(author.id) or author
            ctx = TweetContext(Viewer(), {current.id: current})
        else:
            with self.runtime.store.read() as tx:
                ctx = load_tweet_context(tx, None, [status], COMPAT)
        return messages.encode(stream_tweet(status, ctx, edit_control))

    def _posted(self, event: StatusPosted) -> None:
        if event.author.protected:
            return  # the seeds: statuses/filter "returns public statuses" only
        keys = self.matcher.match(_candidate(event.status, event.retweeted_user_id))
        bodies: dict[bool, bytes] = {}  # rendered once for each include_ext_edit_control
        for key in sorted(keys):
            conn = self.connections.get(key)
            if conn is None or not self._wants(conn, event):
                continue
            edit = conn.request.include_ext_edit_control
            body = bodies.get(edit)
            if body is None:
                body = bodies[edit] = self._render(event.status, edit, event.author)
            conn.offer_status(body)
        self._shed()

    def _deleted(self, event: StatusDeleted) -> None:
        if event.author_protected:
            return  # never streamed, so nothing to take back
        status = event.status
        keys = self.matcher.match(_candidate(status, event.retweeted_user_id))
        if not keys:
            return
        now_ms = time.time_ns() // 1_000_000
        body = messages.encode(messages.delete(status.id, status.user_id, now_ms))
        for key in sorted(keys):
            conn = self.connections.get(key)
            if conn is not None:
                conn.offer(body)

    def _user_updated(self, event: UserUpdated) -> None:
        user = event.user
        if user.protected:
            return
        keys = self.matcher.match(Candidate(status_id=0, user_id=user.id, text=""))
        if not keys:
            return
        now_ms = time.time_ns() // 1_000_000
        rendered = user_v1(user, Viewer())
        body = messages.encode(messages.user_update(created_at(now_ms), rendered))
        for key in sorted(keys):
            conn = self.connections.get(key)
            if conn is not None:
                conn.offer(body)

    def _compliance(self, event: StreamEvent) -> None:
        """scrub_geo and withheld notices go to every connection: any may hold the data."""
        if isinstance(event, GeoScrubbed):
            message = messages.scrub_geo(event.user_id, event.up_to_status_id)
        elif isinstance(event, StatusWithheld):
            message = messages.status_withheld(event.status_id, event.user_id, event.countries)
        elif isinstance(event, UserWithheld):
            message = messages.user_withheld(event.user_id, event.countries)
        else:
            return
        body = messages.encode(message)
        for conn in list(self.connections.values()):
            conn.offer(body)

    def _shed(self) -> None:
        """Past the process's queue budget, the connections with the longest queues go (12)."""
        budget = self.limits.shed_queued
        if not budget or self.backlog.total <= budget:
            return
        total = self.backlog.total
        for conn in sorted(self.connections.values(), key=lambda c: -c.queued):
            if total <= budget:
                break
            total -= conn.queued
            self._drop(conn, messages.SHED_LOAD)

    # ------------------------------------------------------------------ shutdown
    async def shutdown(self, timeout: float = 5.0) -> None:
        """Disconnect every stream with code 1 and wait (up to ``timeout``) for them to end."""
        conns = list(self.connections.values())
        for conn in conns:
            self._drop(conn, messages.SHUTDOWN)
        waiting = [asyncio.ensure_future(c.done.wait()) for c in conns if not c.done.is_set()]
        if waiting:
            await asyncio.wait(waiting, timeout=timeout)
            for w in waiting:
                w.cancel()

    def close(self) -> None:
        """Stop hearing the bus."""
        self._unsubscribe()
