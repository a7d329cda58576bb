"""A cheap closed-loop HTTP/1.1 load generator: C keep-alive connections, one request in flight each.

Requests arrive as ready-made bytes (pre-signed, pre-serialized), so the timed loop only writes
bytes, finds the end of each response by its Content-Length and records the latency. It runs
on asyncio protocols (uvloop when installed): no streams, no HTTP library, no per-request parsing
beyond the status code and the length.
"""

from __future__ import annotations

import asyncio
import gc
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

_HEADER_END = b"\r\n\r\n"
_LENGTH = b"\r\ncontent-length:"


@dataclass
class LoadResult:
    """What one run measured."""

    latencies_ns: list[int]
    elapsed_s: float
    errors: int = 0
    first_error: str | None = None
    exhausted: bool = False  # ran out of pre-made requests before the deadline

    @property
    def requests(self) -> int:
        """Completed requests (errors included)."""
        return len(self.latencies_ns)

    @property
    def rate(self) -> float:
        """Completed requests per second."""
        return self.requests / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def percentile_ms(self, q: float) -> float:
        """Latency at quantile ``q`` (0..1, nearest rank), in milliseconds."""
        ordered = sorted(self.latencies_ns)
        if not ordered:
            return float("nan")
        rank = min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))
        return ordered[rank] / 1e6


@dataclass
class _Run:
    """State the connections share: the request supply, the deadline and the tallies."""

    requests: Sequence[bytes]
    cycle: bool
    deadline_ns: int
    latencies: list[int] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None
    next_index: int = 0
    exhausted: bool = False
    last_done_ns: int = 0

    def take(self) -> bytes | None:
        """The next request to send, or None when the run is over."""
        if time.perf_counter_ns() >= self.deadline_ns:
            return None
        i = self.next_index
        if i >= len(self.requests):
            if not self.cycle:
                self.exhausted = True
                return None
            i %= len(self.requests)
        self.next_index += 1
        return self.requests[i]


class _Connection(asyncio.Protocol):
    """One keep-alive connection: send, read the whole response, record, send the next."""

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None
        self.buffer = b""
        self.need = -1  # total bytes of the current response, once its headers are in
        self.sent_ns = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A cast, not an isinstance check: uvloop's transports do not subclass asyncio's.
        self.transport = cast(asyncio.Transport, transport)

    def send_next(self) -> None:
        """Send the next request, or finish."""
        request = self.run.take()
        if request is None:
            if not self.done.done():
                self.done.set_result(None)
            return
        assert self.transport is not None
        self.sent_ns = time.perf_counter_ns()
        self.transport.write(request)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.need < 0:
            end = self.buffer.find(_HEADER_END)
            if end < 0:
                return
            head = self.buffer[:end].lower()
            at = head.find(_LENGTH)
            if at < 0:
                self._fail("response without Content-Length: " + head[:200].decode("latin-1"))
                return
            stop = head.find(b"\r\n", at + 2)
            length = int(head[at + len(_LENGTH) : stop if stop > 0 else None])
            self.need = end + 4 + length
        if len(self.buffer) < self.need:
            return
        now = time.perf_counter_ns()
        run = self.run
        run.latencies.append(now - self.sent_ns)
        run.last_done_ns = now
        if self.buffer[9:10] != b"2":  # any 2xx is a success (POST /2/tweets answers 201)
            run.errors += 1
            if run.first_error is None:
                run.first_error = self.buffer[: self.need].decode("utf-8", "replace")
        self.buffer = self.buffer[self.need :]
        self.need = -1
        self.send_next()

    def _fail(self, message: str) -> None:
        self.run.errors += 1
        self.run.first_error = self.run.first_error or message
        if not self.done.done():
            self.done.set_result(None)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            self._fail(f"connection closed by the server mid-run ({exc!r})")


async def _drive(
    host: str, port: int, requests: Sequence[bytes], cycle: bool, connections: int, seconds: float
) -> LoadResult:
    loop = asyncio.get_running_loop()
    run = _Run(requests, cycle, deadline_ns=0)
    conns: list[_Connection] = []
    for _ in range(connections):
        _, protocol = await loop.create_connection(lambda: _Connection(run), host, port)
        conns.append(protocol)
    start = time.perf_counter_ns()
    run.deadline_ns = start + int(seconds * 1e9)
    for conn in conns:
        conn.send_next()
    await asyncio.gather(*(conn.done for conn in conns))
    for conn in conns:
        if conn.transport is not None:
            conn.transport.close()
    elapsed = max(run.last_done_ns, start) - start
    return LoadResult(run.latencies, elapsed / 1e9, run.errors, run.first_error, run.exhausted)


def _loop_factory() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def run_load(
    host: str,
    port: int,
    requests: Sequence[bytes],
    *,
    connections: int,
    seconds: float,
    cycle: bool = False,
) -> LoadResult:
    """Drive ``connections`` keep-alive connections for ``seconds`` (or until ``requests`` run out).

    Each request is used once unless ``cycle`` (for requests a server may see again, such as an
    unauthenticated baseline). The garbage collector is paused for the run to keep its pauses out
    of the client's share of the latencies.
    """
    gc.collect()
    gc.disable()
    try:
        with asyncio.Runner(loop_factory=_loop_factory) as runner:
            return runner.run(_drive(host, port, requests, cycle, connections, seconds))
    finally:
        gc.enable()


def send_once(host: str, port: int, request: bytes, timeout_s: float = 10.0) -> tuple[int, bytes]:
    """Send one raw request on a fresh connection; its status code and body (for checks made
    before a run, outside any timing)."""
    with socket.create_connection((host, port), timeout=timeout_s) as sock:
        sock.sendall(request)
        data = b""
        need = -1
        while need < 0 or len(data) < need:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError(f"connection closed after {len(data)} bytes")
            data += chunk
            end = data.find(_HEADER_END)
            if need < 0 and end >= 0:
                head = data[:end].lower()
                at = head.find(_LENGTH)
                if at < 0:
                    raise ValueError("response without Content-Length")
                stop = head.find(b"\r\n", at + 2)
                need = end + 4 + int(head[at + len(_LENGTH) : stop if stop > 0 else None])
    end = data.find(_HEADER_END)
    return int(data[9:12]), data[end + 4 : need]
