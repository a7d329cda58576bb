"""One statuses/filter connection: its bounded queue, its delivery rate and its writer.

The hub offers messages from the event loop; the writer sends them as the client reads. Nothing
here waits for the client except the writer, so a slow client never slows the poster or the
other connections. The seeds' rules for a connection that falls behind: with
``stall_warnings``, a FALLING_BEHIND warning once the queue is over 60 % full (at most once per
``WARNING_INTERVAL``); when the queue is full, ``disconnect`` code 4 and the connection is
closed. Statuses matched beyond the delivery rate are counted, not queued, and reported in
``limit`` notices (at most one a second).
"""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from roost.stream import messages
from roost.stream.predicates import FilterRequest

WARNING_PERCENT = 60
WARNING_INTERVAL = 300.0  # the seeds: "at a maximum rate of about once every 5 minutes"
LIMIT_INTERVAL = 1.0  # limit notices at most once a second
ABORT_GRACE = 5.0  # after a stall disconnect, how long the writer may still be blocked
BATCH = 64  # queued messages sent in one write


@dataclass(frozen=True)
class Owner:
    """Who opened a connection: the credentials Twitter counted connections by."""

    user_id: int
    screen_name: str
    token: str  # the access token
    app_id: int
    oauth1: bool = True  # ``token`` is an OAuth 1.0a access token (else "user@app", OAuth 2.0)


class Backlog:
    """Messages queued over all of a hub's connections, kept as they are queued and sent, so
    the hub's load-shedding check costs the same at 10 connections as at 10,000."""

    __slots__ = ("total",)

    def __init__(self) -> None:
        self.total = 0


@dataclass(frozen=True)
class Limits:
    """A connection's sizes, from the settings."""

    queue: int = 1000  # messages queued for a client before it is disconnected (code 4)
    rate: float = 0.0  # statuses delivered per second (0: no limit); more become limit notices
    keep_alive: float = 20.0  # seconds of silence before a blank line


Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]


class Connection:
    """A connected client and what is waiting to be sent to it."""

    def __init__(
        self,
        key: int,
        owner: Owner,
        request: FilterRequest,
        limits: Limits,
        clock: Callable[[], float] = time.monotonic,
        wall_ms: Callable[[], int] = lambda: time.time_ns() // 1_000_000,
        backlog: Backlog | None = None,
    ) -> None:
        self.key = key
        self.owner = owner
        self.request = request
        self.limits = limits
        self.stream_name = f"{owner.screen_name}-statuses{key}"
        self._clock = clock
        self._wall_ms = wall_ms
        self._queue: collections.deque[bytes] = collections.deque()
        self.backlog = backlog or Backlog()
        self._wake = asyncio.Event()
        self._tokens = limits.rate
        self._refilled = clock()
        self._last_warning = -WARNING_INTERVAL
        self.undelivered = 0  # statuses over the delivery rate, since the connection opened
        self._reported = 0
        self._last_limit = -LIMIT_INTERVAL
        self.closing: int | None = None  # the disconnect code, once closing
        self._drain = False  # send what is queued before the disconnect message
        self.gone = False  # the client went away
        self.done = asyncio.Event()  # the writer has finished
        self._task: asyncio.Task[Any] | None = None
        self.delivered = 0
        # the hub stops matching: called on close() and when the response ends (idempotent)
        self.on_close: Callable[[Connection], None] | None = None
        self._urgent: bytes | None = None  # a stall warning, sent before anything queued

    # ------------------------------------------------------------------ offered by the hub
    @property
    def queued(self) -> int:
        """Messages waiting for the client."""
        return len(self._queue)

    def offer_status(self, body: bytes) -> None:
        """A matching status: queued, or counted as undelivered over the delivery rate."""
        if self.closing is not None:
            return
        rate = self.limits.rate
        if rate > 0:
            now = self._clock()
            self._tokens = min(rate, self._tokens + (now - self._refilled) * rate)
            self._refilled = now
            if self._tokens < 1.0:
                self.undelivered += 1
                self._wake.set()
                return
            self._tokens -= 1.0
        self._enqueue(body)

    def offer(self, body: bytes) -> None:
        """A compliance or other message (not subject to the delivery rate)."""
        if self.closing is None:
            self._enqueue(body)

    def _enqueue(self, body: bytes) -> None:
        queue = self._queue
        if len(queue) >= self.limits.queue:
            self.close(messages.STALL)
            return
        queue.append(messages.frame(body, self.request.delimited))
        self.backlog.total += 1
        self._wake.set()
        if self.request.stall_warnings and len(queue) * 100 >= self.limits.queue * WARNING_PERCENT:
            now = self._clock()
            if now - self._last_warning >= WARNING_INTERVAL:
                self._last_warning = now
                percent = len(queue) * 100 // self.limits.queue
                warning = messages.encode(messages.warning(max(WARNING_PERCENT, percent)))
                # ahead of the queue, and kept if the queue is dropped: it explains the disconnect
                self._urgent = messages.frame(warning, self.request.delimited)

    def close(self, code: int, *, drain: bool = False) -> None:
        """Disconnect with one of the seeds' codes: the ``disconnect`` message is sent (after
        what is queued only with ``drain``), then the response ends."""
        if self.closing is not None:
            return
        self.closing = code
        self._drain = drain
        if not drain:
            self.backlog.total -= len(self._queue)
            self._queue.clear()
        self._wake.set()
        if self.on_close is not None:
            self.on_close(self)
        if code == messages.STALL and self._task is not None:
            # the client is not reading: a writer blocked in send() is cut off after a grace
            asyncio.get_running_loop().call_later(ABORT_GRACE, self._abort)

    def _abort(self) -> None:
        if not self.done.is_set() and self._task is not None:
            self._task.cancel()

    # ------------------------------------------------------------------ the writer
    async def run(self, send: Send, receive: Receive) -> None:
        """Send the stream until it is closed or the client goes away (the response has been
        started by the caller)."""
        self._task = asyncio.current_task()
        watcher = asyncio.ensure_future(self._watch(receive))
        try:
            await self._write(send)
        except asyncio.CancelledError:
            if self.closing is None:
                raise  # not an abort of ours: the server is cancelling the request
        finally:
            watcher.cancel()
            self.done.set()
            if self.on_close is not None:  # the client may have gone without a close()
                self.on_close(self)

    async def _watch(self, receive: Receive) -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                self.gone = True
                self._wake.set()
                return

    async def _write(self, send: Send) -> None:
        queue = self._queue
        wake = self._wake
        keep_alive = self.limits.keep_alive
        while not self.gone:
            if self._urgent is not None:
                chunk, self._urgent = self._urgent, None
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
                continue
            if queue and (self.closing is None or self._drain):
                n = min(len(queue), BATCH)
                chunk = b"".join(queue.popleft() for _ in range(n))
                self.backlog.total -= n
                self.delivered += n
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
                continue
            if self.closing is not None:
                body = messages.encode(messages.disconnect(self.closing, self.stream_name))
                chunk = messages.frame(body, self.request.delimited)
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            if self.undelivered > self._reported:
                now = self._clock()
                if now - self._last_limit >= LIMIT_INTERVAL:
                    self._last_limit = now
                    self._reported = self.undelivered
                    body = messages.encode(messages.limit(self.undelivered, self._wall_ms()))
                    chunk = messages.frame(body, self.request.delimited)
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                    continue
                wait = min(keep_alive, LIMIT_INTERVAL - (now - self._last_limit))
            else:
                wait = keep_alive
            wake.clear()
            try:
                async with asyncio.timeout(wait):
                    await wake.wait()
            except TimeoutError:
                if not (self.undelivered > self._reported):
                    await send(
                        {
                            "type": "http.response.body",
                            "body": messages.KEEP_ALIVE,
                            "more_body": True,
                        }
                    )
