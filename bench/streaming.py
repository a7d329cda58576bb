"""Benchmark statuses/filter: delivery latency from a post's 200 to the stream's receipt.

    python -m bench.streaming [--connections 1000] [--rate 200] [--seconds 20] [--phrases 10]
        [--warmup 2] [--seed 42] [--quick] [--profile FILE] [--no-baseline] [--no-write]

A fresh SQLite database (one App, a user with an access token per connection and a few
posters, written with Roost's own services) is served by ``roost serve`` in a subprocess
(``ROOST_RATE_LIMITS=off``, ``ROOST_STREAM_RATE=0``). This process opens ``--connections``
``POST statuses/filter`` streams, each with its own token and ``--phrases`` tracked phrases
drawn from a vocabulary sized so that a status matches about 2 % of the connections (each
status holds a few vocabulary words; a fifth of the phrases are two words, matched when both
are present), then posts ``statuses/update`` at a steady ``--rate`` for ``--seconds`` (an
open-loop schedule over keep-alive connections; requests signed with oauthlib beforehand).

A delivery's latency is its receipt time minus the time its post's 200 arrived, both on this
process's monotonic clock (negative when the stream beats the response: kept as they are).
Every delivery the phrases call for must arrive, once, and no other: a missing, duplicated or
unexpected delivery fails the run. CPU per delivery is the server process's CPU time
(``/proc/<pid>/stat``) over the steady phase, divided by the deliveries (and by the posts).

The baseline, in the same run: a bare Starlette app (``create_streaming_baseline``, uvicorn in
a child process with the same options) whose ``statuses/update`` answers 200 once it has
pushed a JSON line of the size Roost's statuses had to every connection with a matching
phrase (a naive loop over every connection; no auth, no store), driven by the same clients
and the same schedule. Reported: both sides' figures and Roost/baseline for p50, p99 and CPU
per delivery. Goal (the issue): p99 under 100 ms at 200 posts/s with 1,000 connections.
Written to bench/results/streaming.json (``--quick``, a 100-connection 5 s smoke run, and
``--profile``, the server under cProfile, write nothing).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import datetime
import itertools
import math
import os
import platform
import pstats
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.harness import BenchError, load_average
from bench.report import write_json
from bench.servers import HOST, AppSpec, Server, cpu_seconds, free_port, resolved_stack
from bench.signing import OAuthKeys, Planned, sign_planned

NAME = "streaming"
GOAL_P99_MS = 100.0
GOAL_RATE = 200.0
GOAL_CONNECTIONS = 1000
FILTER_PATH = "/1.1/statuses/filter.json"
UPDATE_PATH = "/1.1/statuses/update.json"
FORM = "application/x-www-form-urlencoded"
TARGET_FANOUT = 0.02  # the share of connections a status matches, on average
WORDS_PER_STATUS = (2, 3, 4)  # vocabulary words in a status (mean 3)
TWO_WORD_SHARE = 0.2  # phrases of a vocabulary word and a topic word
# One topic word in every status; never tracked alone, only in two-word phrases.
TOPICS = ("coffee", "music", "football", "election", "weather", "startup", "movie", "travel")
# Words of every status that nobody tracks.
FILLER = (
    "the", "and", "just", "really", "today", "with", "after", "great", "this", "that", "what",
    "again", "still", "never", "maybe", "about", "from", "into", "over", "than", "very", "some",
)  # fmt: skip
POSTERS = 8  # accounts the posts go round (each text is unique anyway)
MAX_POST_CONNECTIONS = 64  # keep-alive connections the poster may open
OPEN_CONCURRENCY = 50  # stream connections being opened at once
DRAIN_TIMEOUT = 15.0  # after the last 200, how long to wait for the last deliveries
KEEP_ALIVE = b"\r\n"
_STATUS_PREFIX = b'{"created_at"'
_ID_KEY = b',"id":'


# ---------------------------------------------------------------------- the workload
def vocabulary(size: int, rng: random.Random) -> tuple[str, ...]:
    """``size`` distinct pronounceable letter-only words (three consonant-vowel syllables),
    none of them a topic or filler word."""
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    syllables = [c + v for c in consonants for v in vowels]
    reserved = set(TOPICS) | set(FILLER)
    words: dict[str, None] = {}
    while len(words) < size:
        word = "".join(rng.choice(syllables) for _ in range(3))
        if word not in reserved:
            words[word] = None
    return tuple(words)


def vocabulary_size(phrases: int) -> int:
    """The vocabulary for which a status matches about TARGET_FANOUT of the connections: a
    connection matches with probability about (singles + doubles / topics) * words / size."""
    mean_words = sum(WORDS_PER_STATUS) / len(WORDS_PER_STATUS)
    per_connection = phrases * ((1 - TWO_WORD_SHARE) + TWO_WORD_SHARE / len(TOPICS))
    return max(4 * phrases, round(per_connection * mean_words / TARGET_FANOUT))


def connection_phrases(vocab: Sequence[str], count: int, rng: random.Random) -> tuple[str, ...]:
    """``count`` distinct phrases: vocabulary words, a fifth of them followed by a topic word."""
    out: list[str] = []
    for word in rng.sample(list(vocab), count):
        out.append(f"{word} {rng.choice(TOPICS)}" if rng.random() < TWO_WORD_SHARE else word)
    return tuple(out)


def status_text(serial: int, vocab: Sequence[str], rng: random.Random) -> str:
    """A unique status: a few vocabulary words, a topic, filler, and its serial (``n000042``,
    letters and digits: never a vocabulary word)."""
    words = rng.sample(list(vocab), rng.choice(WORDS_PER_STATUS))
    words += [rng.choice(TOPICS), *rng.sample(FILLER, rng.randint(3, 6))]
    rng.shuffle(words)
    return " ".join([*words, f"n{serial:06d}"])


class Expectation:
    """Which connections a status text matches: all of a phrase's terms among the text's
    words (its only tokens: plain lower-case letters and digits, so Roost's term rules agree)."""

    def __init__(self, phrases: Sequence[Sequence[str]]) -> None:
        self.index: dict[str, list[tuple[int, frozenset[str]]]] = collections.defaultdict(list)
        for conn, tracked in enumerate(phrases):
            for phrase in tracked:
                terms = frozenset(phrase.lower().split())
                self.index[min(terms)].append((conn, terms))

    def matches(self, text: str) -> frozenset[int]:
        words = frozenset(text.lower().split())
        out: set[int] = set()
        for word in words:
            for conn, terms in self.index.get(word, ()):
                if terms <= words:
                    out.add(conn)
        return frozenset(out)


@dataclass(frozen=True)
class Workload:
    """What every target is driven with: each connection's phrases, the texts posted (warm-up
    first), and the connections each text must reach."""

    vocabulary_size: int
    phrases: tuple[tuple[str, ...], ...]
    texts: tuple[str, ...]
    warmup_posts: int
    expected: tuple[frozenset[int], ...]


def naive_match_us(workload: Workload, sample: int = 200) -> float:
    """What the baseline's naive fan-out (every connection checked) costs a post, timed here
    on ``sample`` of the texts: the part of the baseline's CPU that grows with connections."""
    streams = [_BaselineStream(list(p)) for p in workload.phrases]
    texts = workload.texts[:sample]
    began = time.perf_counter()
    for text in texts:
        words = frozenset(text.lower().split())
        for stream in streams:
            if not stream.firsts.isdisjoint(words):
                any(terms <= words for terms in stream.phrases)
    return (time.perf_counter() - began) / max(1, len(texts)) * 1e6


def make_workload(args: argparse.Namespace) -> Workload:
    rng = random.Random(args.seed)
    vocab = vocabulary(vocabulary_size(args.phrases), rng)
    phrases = tuple(connection_phrases(vocab, args.phrases, rng) for _ in range(args.connections))
    warmup = round(args.warmup * args.rate)
    texts = tuple(
        status_text(i, vocab, rng) for i in range(warmup + round(args.seconds * args.rate))
    )
    expectation = Expectation(phrases)
    return Workload(
        len(vocab), phrases, texts, warmup, tuple(expectation.matches(t) for t in texts)
    )


# ---------------------------------------------------------------------- set-up and signing
@dataclass(frozen=True)
class Accounts:
    """The OAuth keys of each stream connection's user and of the posters."""

    streams: tuple[OAuthKeys, ...]
    posters: tuple[OAuthKeys, ...]


def create_accounts(database_url: str, connections: int) -> Accounts:
    """One App; a user with an access token per connection, and POSTERS posters."""
    from bench.stack import fixture_runtime
    from roost.services import apps, users

    with fixture_runtime(database_url) as rt:
        app, _bearer = apps.create_app(rt, "Stream Bench", website="https://bench.example")
        keys = []
        for k in range(connections + POSTERS):
            name = f"st{k:05d}" if k < connections else f"poster{k - connections}"
            user = users.create_user(rt, name, name=f"Stream Bench {k}")
            token = apps.create_access_token(rt, app, user.id)
            keys.append(OAuthKeys(app.consumer_key, app.consumer_secret, token.token, token.secret))
    return Accounts(tuple(keys[:connections]), tuple(keys[connections:]))


def stream_request(keys: OAuthKeys, base: str, phrases: Sequence[str]) -> bytes:
    """A signed ``POST statuses/filter`` with ``track`` in a form body, as raw HTTP/1.1."""
    from oauthlib.oauth1 import Client

    body = urlencode({"track": ",".join(phrases)}, quote_via=quote)
    client = Client(
        keys.consumer_key,
        client_secret=keys.consumer_secret,
        resource_owner_key=keys.token,
        resource_owner_secret=keys.token_secret,
    )
    _, headers, _ = client.sign(
        base + FILTER_PATH, http_method="POST", body=body, headers={"Content-Type": FORM}
    )
    lines = [
        f"POST {FILTER_PATH} HTTP/1.1",
        f"Host: {base.split('://', 1)[1]}",
        "User-Agent: roost-bench",
        f"Authorization: {headers['Authorization']}",
        f"Content-Type: {FORM}",
        f"Content-Length: {len(body)}",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode("latin-1")


@dataclass(frozen=True)
class PostPlan:
    """Post i: ``statuses/update`` of text i by poster i mod POSTERS (parameters in the query,
    as tweepy sends them)."""

    base: str
    texts: tuple[str, ...]
    posters: tuple[OAuthKeys, ...]

    def __call__(self, i: int) -> Planned:
        query = urlencode({"status": self.texts[i]}, quote_via=quote)
        return Planned(
            "POST", f"{self.base}{UPDATE_PATH}?{query}", self.posters[i % len(self.posters)]
        )


def signed_requests(
    base: str, workload: Workload, accounts: Accounts
) -> tuple[list[bytes], list[bytes]]:
    """Every stream request and every post, signed now (the OAuth window is 600 s)."""
    streams = [
        stream_request(keys, base, phrases)
        for keys, phrases in zip(accounts.streams, workload.phrases, strict=True)
    ]
    plan = PostPlan(base, workload.texts, accounts.posters)
    posts = sign_planned(plan, f"s{os.getpid()}-", 0, len(workload.texts))
    return streams, posts


# ---------------------------------------------------------------------- the servers
class RoostProcess:
    """``roost serve`` on a free loopback port, as a subprocess (optionally under cProfile)."""

    def __init__(self, database_url: str, data_dir: Path, profile: Path | None) -> None:
        self.port = free_port()
        self.profile = profile
        self.log_path = data_dir / "roost-serve.log"
        command = [sys.executable]
        if profile is not None:
            command += ["-m", "cProfile", "-o", str(profile)]
        command += ["-m", "roost", "serve", "--host", HOST, "--port", str(self.port)]
        command += ["--db", database_url, "--no-demo", "--log-level", "warning"]
        command += ["--rate-limits", "off"]
        env = {
            **os.environ,
            "ROOST_RATE_LIMITS": "off",
            "ROOST_STREAM_RATE": "0",
            "ROOST_DATA_DIR": str(data_dir),
        }
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            command, env=env, stdout=self._log, stderr=subprocess.STDOUT, cwd=Path.cwd()
        )
        self.pid = self.process.pid

    def wait_ready(self, timeout_s: float = 90.0) -> None:
        """Until it answers HTTP (start-up preloads the GeoNames index and language model)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(
                    f"roost serve exited with {self.process.returncode}:\n{self.log()}"
                )
            try:
                with socket.create_connection((HOST, self.port), timeout=1.0) as sock:
                    sock.sendall(b"GET /1.1/help/configuration.json HTTP/1.1\r\nHost: x\r\n\r\n")
                    if sock.recv(64).startswith(b"HTTP/1.1 "):
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise BenchError(f"roost serve did not answer on port {self.port}:\n{self.log()}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-3000:]

    def stop(self, timeout_s: float = 20.0) -> None:
        """uvicorn's graceful stop, then SIGKILL. Under cProfile SIGINT: uvicorn raises the
        signal again once stopped, and SIGTERM's default action would lose the profile."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT if self.profile else signal.SIGTERM)
            try:
                self.process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


class _BaselineStream:
    """One baseline connection: its phrases (as term sets), one term of each (a status with
    none of them cannot match: one C call rules most connections out), its queue."""

    __slots__ = ("firsts", "phrases", "queue")

    def __init__(self, phrases: list[str]) -> None:
        self.phrases = [frozenset(p.lower().split()) for p in phrases if p.strip()]
        self.firsts = frozenset(min(terms) for terms in self.phrases)
        self.queue: asyncio.Queue[bytes | None] = asyncio.Queue()


class _BaselineFilter:
    """``statuses/filter``, raw ASGI as Roost's is: parse ``track``, stream the queue (blank
    keep-alives every 20 s), stop when the client goes."""

    def __init__(self, streams: set[_BaselineStream]) -> None:
        self.streams = streams

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        params = dict(parse_qsl(scope.get("query_string", b"").decode() + "&" + body.decode()))
        stream = _BaselineStream(params.get("track", "").split(","))
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        self.streams.add(stream)

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            stream.queue.put_nowait(None)

        watcher = asyncio.ensure_future(watch())
        queue = stream.queue
        try:
            while True:
                try:
                    async with asyncio.timeout(20.0):
                        first = await queue.get()
                except TimeoutError:
                    await send(
                        {"type": "http.response.body", "body": KEEP_ALIVE, "more_body": True}
                    )
                    continue
                chunk = [first]
                while not queue.empty() and len(chunk) < 64:
                    chunk.append(queue.get_nowait())
                if None in chunk:
                    break
                data = b"".join(chunk)  # type: ignore[arg-type]
                await send({"type": "http.response.body", "body": data, "more_body": True})
        finally:
            self.streams.discard(stream)
            watcher.cancel()


def create_streaming_baseline(body_size: int) -> Starlette:
    """The baseline app: ``statuses/filter`` streams and a ``statuses/update`` that pushes a
    ``body_size``-byte JSON status to every connection tracking its words, then answers it."""
    streams: set[_BaselineStream] = set()
    ids = itertools.count(1_600_000_000_000_000_000)
    stamp = "Wed Oct 10 20:19:24 +0000 2018"

    async def update(request: Request) -> Response:
        text = request.query_params.get("status", "")
        status_id = next(ids)
        head = f'{{"created_at":"{stamp}","id":{status_id},"id_str":"{status_id}","text":"{text}"'
        pad = max(0, body_size - len(head) - len(',"pad":""}'))
        body = f'{head},"pad":"{"x" * pad}"}}'.encode()
        line = body + b"\r\n"
        words = frozenset(text.lower().split())
        for stream in streams:  # naive: every connection, every post
            if stream.firsts.isdisjoint(words):
                continue
            if any(terms <= words for terms in stream.phrases):
                stream.queue.put_nowait(line)
        return Response(body, media_type="application/json")

    return Starlette(
        routes=[
            Route(UPDATE_PATH, update, methods=["POST"]),
            Route(FILTER_PATH, _BaselineFilter(streams), methods=["GET", "POST"]),
        ]
    )


# ---------------------------------------------------------------------- the clients
def status_id(line: bytes | bytearray) -> int | None:
    """The id of a streamed or posted status: the ``"id":`` right after ``created_at``."""
    if not line.startswith(_STATUS_PREFIX):
        return None
    start = line.find(_ID_KEY, 0, 120)
    if start < 0:
        return None
    start += len(_ID_KEY)
    return int(line[start : line.find(b",", start)])


@dataclass
class Sink:
    """What every stream connection received: (connection, status id, monotonic time)."""

    received: list[tuple[int, int, float]] = field(default_factory=list)
    status_bytes: int = 0  # the statuses' lines, for the baseline's body size
    keep_alives: int = 0
    others: collections.Counter[str] = field(default_factory=collections.Counter)
    other_samples: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # connections answered other than 200
    lost: int = 0  # connections the server closed
    closing: bool = False  # the benchmark is closing them itself


class StreamClient(asyncio.Protocol):
    """One filter connection: chunked encoding undone incrementally, each line's status id
    found by a scan (no JSON parsing), timed when its bytes arrived."""

    def __init__(self, index: int, request: bytes, sink: Sink) -> None:
        self.index = index
        self.request = request
        self.sink = sink
        self.transport: asyncio.Transport | None = None
        self.ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._head: bytearray | None = bytearray()  # until the response's headers are in
        self._raw = bytearray()  # chunked bytes not yet decoded
        self._left = 0  # bytes of the current chunk still to come
        self._skip = 0  # bytes of a chunk's trailing CRLF still to skip
        self._text = bytearray()  # decoded bytes not yet split into lines

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        transport.write(self.request)  # type: ignore[attr-defined]

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.ready.done():
            self.ready.set_exception(ConnectionError(f"stream {self.index} closed: {exc}"))
        elif not self.sink.closing:
            self.sink.lost += 1

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        if self._head is not None:
            self._head += data
            end = self._head.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self._head[:end])
            rest = self._head[end + 4 :]
            self._head = None
            if not head.startswith(b"HTTP/1.1 200") or b"chunked" not in head.lower():
                self.sink.refused.append((head + b"\r\n\r\n" + rest).decode(errors="replace")[:500])
                self.ready.set_result(None)
                assert self.transport is not None
                self.transport.close()
                return
            self.ready.set_result(None)
            data = bytes(rest)
        self._raw += data
        self._dechunk()
        self._lines(now)

    def _dechunk(self) -> None:
        raw, pos, size = self._raw, 0, len(self._raw)
        text = self._text
        while pos < size:
            if self._skip:
                n = min(self._skip, size - pos)
                pos += n
                self._skip -= n
                continue
            if not self._left:
                eol = raw.find(b"\r\n", pos)
                if eol < 0:
                    break
                length = int(raw[pos:eol].split(b";", 1)[0], 16)
                pos = eol + 2
                if not length:  # the last chunk: the response ended
                    break
                self._left = length
            n = min(self._left, size - pos)
            text += raw[pos : pos + n]
            pos += n
            self._left -= n
            if not self._left:
                self._skip = 2
        del raw[:pos]

    def _lines(self, now: float) -> None:
        text = self._text
        start = 0
        sink = self.sink
        while (eol := text.find(b"\r\n", start)) >= 0:
            line = text[start:eol]
            start = eol + 2
            if not line:
                sink.keep_alives += 1
                continue
            sid = status_id(line)
            if sid is not None:
                sink.received.append((self.index, sid, now))
                sink.status_bytes += len(line)
                continue
            kind = (
                line[2 : line.find(b'"', 2)].decode(errors="replace") if line[:2] == b'{"' else "?"
            )
            sink.others[kind] += 1
            if len(sink.other_samples) < 5:
                sink.other_samples.append(line[:300].decode(errors="replace"))
        if start:
            del text[:start]


class PostClient(asyncio.Protocol):
    """A keep-alive connection for posts: one request at a time, its response's arrival timed
    in ``data_received`` (Content-Length bodies)."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self._buf = bytearray()
        self._waiter: asyncio.Future[tuple[int, bytes, float]] | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(ConnectionError(f"post connection closed: {exc}"))

    def send(self, request: bytes) -> asyncio.Future[tuple[int, bytes, float]]:
        assert self.transport is not None and self._waiter is None
        self._waiter = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return self._waiter

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        buf = self._buf
        buf += data
        end = buf.find(b"\r\n\r\n")
        if end < 0:
            return
        head = bytes(buf[:end]).lower()
        at = head.find(b"content-length:")
        eol = head.find(b"\r\n", at)
        length = int(head[at + 15 : eol if eol >= 0 else len(head)])
        if len(buf) < end + 4 + length:
            return
        body = bytes(buf[end + 4 : end + 4 + length])
        del buf[: end + 4 + length]
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result((int(head[9:12]), body, now))


@dataclass
class PostLog:
    """Each post's schedule, send time, 200 time, status and id (None until known)."""

    count: int
    scheduled: list[float] = field(default_factory=list)
    sent: list[float] = field(default_factory=list)
    answered: list[float] = field(default_factory=list)
    status: list[int] = field(default_factory=list)
    ids: list[int | None] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        nan = math.nan
        self.scheduled = [nan] * self.count
        self.sent = [nan] * self.count
        self.answered = [nan] * self.count
        self.status = [0] * self.count
        self.ids = [None] * self.count


class Poster:
    """Open-loop posting: post i is sent at its scheduled time on an idle keep-alive
    connection (a new one while fewer than MAX_POST_CONNECTIONS are open), whatever the
    server's answers so far."""

    def __init__(self, port: int, requests: Sequence[bytes], log: PostLog) -> None:
        self.port = port
        self.requests = requests
        self.log = log
        self.idle: list[PostClient] = []
        self.opened = 0
        self._freed = asyncio.Condition()
        self.done = 0

    async def _connection(self) -> PostClient:
        while True:
            while self.idle:
                client = self.idle.pop()
                if not client.closed:
                    return client
            if self.opened < MAX_POST_CONNECTIONS:
                self.opened += 1
                loop = asyncio.get_running_loop()
                _, client = await loop.create_connection(PostClient, HOST, self.port)
                return client
            async with self._freed:
                await self._freed.wait()

    async def _post(self, i: int) -> None:
        log = self.log
        client = await self._connection()
        log.sent[i] = time.monotonic()
        try:
            status, body, answered = await client.send(self.requests[i])
        except ConnectionError as exc:
            log.errors.append(f"post {i}: {exc}")
            self.opened -= 1
            return
        finally:
            self.done += 1
        log.answered[i], log.status[i] = answered, status
        if status == 200:
            log.ids[i] = status_id(body)
        elif len(log.errors) < 10:
            log.errors.append(f"post {i}: {status} {body[:300]!r}")
        self.idle.append(client)
        async with self._freed:
            self._freed.notify()

    async def run(self, first: int, count: int, rate: float) -> None:
        """Posts ``first .. first+count-1`` at ``rate`` a second; returns when all are answered."""
        tasks = []
        start = time.monotonic() + 0.05
        for n, i in enumerate(range(first, first + count)):
            when = start + n / rate
            delay = when - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            self.log.scheduled[i] = when
            tasks.append(asyncio.ensure_future(self._post(i)))
        await asyncio.gather(*tasks)

    def close(self) -> None:
        for client in self.idle:
            if client.transport is not None:
                client.transport.close()


# ---------------------------------------------------------------------- one target
def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of sorted values (nan when empty)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


async def _open_streams(
    label: str, port: int, requests: Sequence[bytes], sink: Sink
) -> list[StreamClient]:
    loop = asyncio.get_running_loop()
    gate = asyncio.Semaphore(OPEN_CONCURRENCY)
    clients: list[StreamClient] = []
    began = time.monotonic()
    last = began

    async def open_one(index: int) -> None:
        nonlocal last
        async with gate:
            _, client = await loop.create_connection(
                lambda: StreamClient(index, requests[index], sink), HOST, port
            )
            await client.ready
        clients.append(client)
        now = time.monotonic()
        if now - last >= 1.0 or len(clients) == len(requests):
            last = now
            say(f"{label}: {len(clients)}/{len(requests)} connections open ({now - began:.1f} s)")

    await asyncio.gather(*(open_one(i) for i in range(len(requests))))
    if sink.refused:
        raise BenchError(f"{label}: {len(sink.refused)} streams refused, e.g. {sink.refused[0]}")
    return clients


async def _progress(label: str, began: float, poster: Poster, sink: Sink) -> None:
    while True:
        await asyncio.sleep(2.0)
        say(
            f"{label}: {time.monotonic() - began:5.1f} s  {poster.done} posts answered"
            f"  {len(sink.received)} deliveries"
        )


async def drive(
    label: str,
    port: int,
    pid: int,
    workload: Workload,
    stream_requests: Sequence[bytes],
    post_requests: Sequence[bytes],
    rate: float,
) -> tuple[Sink, PostLog, dict[str, float]]:
    """Connect every stream, post the warm-up then the steady phase, wait for the deliveries;
    the CPU times and wall time of the steady phase (with its drain)."""
    sink = Sink()
    clients = await _open_streams(label, port, stream_requests, sink)
    log = PostLog(len(post_requests))
    poster = Poster(port, post_requests, log)
    idle_before = cpu_seconds(pid)
    await asyncio.sleep(1.0)  # the streams open and nothing posted: the server's idle cost
    idle = cpu_seconds(pid) - idle_before
    warm = workload.warmup_posts
    steady = len(post_requests) - warm
    expected_total = sum(len(e) for e in workload.expected)
    say(f"{label}: warm-up, {warm} posts at {rate:g}/s")
    await poster.run(0, warm, rate)
    await asyncio.sleep(1.0)
    say(f"{label}: steady phase, {steady} posts at {rate:g}/s")
    server_before, client_before = cpu_seconds(pid), time.process_time()
    began = time.monotonic()
    ticker = asyncio.ensure_future(_progress(label, began, poster, sink))
    try:
        await poster.run(warm, steady, rate)
        last_answer = time.monotonic()
        while (
            len(sink.received) < expected_total and time.monotonic() - last_answer < DRAIN_TIMEOUT
        ):
            await asyncio.sleep(0.05)
    finally:
        ticker.cancel()
    wall = time.monotonic() - began
    cpu = {
        "server_s": cpu_seconds(pid) - server_before,
        "client_s": time.process_time() - client_before,
        "wall_s": wall,
        "drain_s": time.monotonic() - last_answer,
        "server_idle_busy": idle,
    }
    say(
        f"{label}: done in {wall:.1f} s: {poster.done} posts answered, {len(sink.received)}"
        f" deliveries of {expected_total} expected"
    )
    sink.closing = True
    poster.close()
    for client in clients:
        if client.transport is not None:
            client.transport.close()
    await asyncio.sleep(0.2)
    return sink, log, cpu


def analyze(workload: Workload, sink: Sink, log: PostLog, cpu: dict[str, float]) -> dict[str, Any]:
    """The steady phase's figures, and every way the deliveries differ from the expected."""
    warm = workload.warmup_posts
    steady = range(warm, log.count)
    by_id: dict[int, int] = {}
    for i in range(log.count):
        sid = log.ids[i]
        if sid is not None:
            by_id[sid] = i
    got: dict[int, dict[int, float]] = collections.defaultdict(dict)
    duplicates = unknown = 0
    for conn, sid, at in sink.received:
        i = by_id.get(sid)
        if i is None:
            unknown += 1
            continue
        if conn in got[i]:
            duplicates += 1
            continue
        got[i][conn] = at
    latencies: list[float] = []
    missing = unexpected = 0
    missing_samples: list[str] = []
    fanouts = []
    for i in steady:
        expected = workload.expected[i]
        fanouts.append(len(expected))
        if log.status[i] != 200:
            continue
        answered = log.answered[i]
        received = got.get(i, {})
        for conn, at in received.items():
            if conn in expected:
                latencies.append((at - answered) * 1000)
            else:
                unexpected += 1
        lost = expected - received.keys()
        missing += len(lost)
        if lost and len(missing_samples) < 5:
            missing_samples.append(f"post {i} (id {log.ids[i]}) to connections {sorted(lost)[:5]}")
    warm_missing = sum(
        len(workload.expected[i] - got.get(i, {}).keys()) for i in range(warm) if log.ids[i]
    )
    latencies.sort()
    posts_ok = sum(1 for i in steady if log.status[i] == 200)
    sends = [log.sent[i] for i in steady if not math.isnan(log.sent[i])]
    answers = [log.answered[i] for i in steady if log.status[i] == 200]
    post_ms = sorted((log.answered[i] - log.sent[i]) * 1000 for i in steady if log.status[i] == 200)
    lag_ms = sorted(
        (log.sent[i] - log.scheduled[i]) * 1000 for i in steady if not math.isnan(log.sent[i])
    )
    span = (max(answers) - min(sends)) if answers and sends else math.nan
    deliveries = len(latencies)
    n = len(latencies)
    mean_fanout = sum(fanouts) / len(fanouts) if fanouts else 0.0
    return {
        "posts": len(steady),
        "posts_ok": posts_ok,
        "post_errors": log.errors[:5],
        "achieved_post_rate": posts_ok / span if span else math.nan,
        "send_rate": (len(sends) - 1) / (max(sends) - min(sends)) if len(sends) > 1 else math.nan,
        "post_p50_ms": _percentile(post_ms, 50),
        "post_p99_ms": _percentile(post_ms, 99),
        "schedule_lag_p99_ms": _percentile(lag_ms, 99),
        "schedule_lag_max_ms": lag_ms[-1] if lag_ms else math.nan,
        "expected_deliveries": sum(fanouts),
        "deliveries": deliveries,
        "deliveries_per_s": deliveries / cpu["wall_s"],
        "mean_fanout": mean_fanout,
        "max_fanout": max(fanouts, default=0),
        "p50_ms": _percentile(latencies, 50),
        "p99_ms": _percentile(latencies, 99),
        "max_ms": latencies[-1] if latencies else math.nan,
        "mean_ms": sum(latencies) / n if n else math.nan,
        "negative_share": sum(1 for x in latencies if x < 0) / n if n else math.nan,
        "missing": missing,
        "missing_samples": missing_samples,
        "missing_in_warmup": warm_missing,
        "unexpected": unexpected,
        "duplicates": duplicates,
        "unknown_ids": unknown,
        "other_messages": dict(sink.others),
        "other_samples": sink.other_samples,
        "keep_alives": sink.keep_alives,
        "streams_lost": sink.lost,
        "mean_status_bytes": sink.status_bytes / len(sink.received) if sink.received else 0.0,
        "server_cpu_s": cpu["server_s"],
        "server_busy": cpu["server_s"] / cpu["wall_s"],
        "server_cpu_us_per_delivery": cpu["server_s"] / deliveries * 1e6
        if deliveries
        else math.nan,
        "server_cpu_us_per_post": cpu["server_s"] / posts_ok * 1e6 if posts_ok else math.nan,
        "server_idle_busy": cpu["server_idle_busy"],  # before posting, streams open
        "client_cpu_s": cpu["client_s"],
        "client_busy": cpu["client_s"] / cpu["wall_s"],
        "client_cpu_us_per_delivery": cpu["client_s"] / deliveries * 1e6
        if deliveries
        else math.nan,
        "steady_wall_s": cpu["wall_s"],
        "drain_s": cpu["drain_s"],
    }


def failures(label: str, fig: dict[str, Any]) -> list[str]:
    """What makes a target's run wrong, loudly."""
    out = []
    if fig["posts_ok"] != fig["posts"]:
        out.append(f"{label}: {fig['posts'] - fig['posts_ok']} posts failed: {fig['post_errors']}")
    if fig["missing"]:
        out.append(
            f"{label}: {fig['missing']} of {fig['expected_deliveries']} deliveries MISSING,"
            f" e.g. {fig['missing_samples']}"
        )
    for key in ("missing_in_warmup", "unexpected", "duplicates", "streams_lost"):
        if fig[key]:
            out.append(f"{label}: {fig[key]} {key.replace('_', ' ')}")
    if fig["other_messages"]:
        out.append(f"{label}: other messages {fig['other_messages']}: {fig['other_samples']}")
    return out


def _print_profile(path: Path, top: int = 30) -> None:
    stats = pstats.Stats(str(path), stream=sys.stderr)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def run_roost(args: argparse.Namespace, tmp: Path, workload: Workload) -> dict[str, Any]:
    database_url = f"sqlite:///{tmp / 'roost.sqlite3'}"
    began = time.monotonic()
    accounts = create_accounts(database_url, args.connections)
    say(f"roost: {args.connections + POSTERS} users and tokens in {time.monotonic() - began:.1f} s")
    server = RoostProcess(database_url, tmp, args.profile)
    try:
        server.wait_ready()
        base = f"http://{HOST}:{server.port}"
        began = time.monotonic()
        streams, posts = signed_requests(base, workload, accounts)
        say(
            f"roost: {len(streams) + len(posts)} requests signed in {time.monotonic() - began:.1f} s"
        )
        sink, log, cpu = asyncio.run(
            drive("roost", server.port, server.pid, workload, streams, posts, args.rate)
        )
    finally:
        server.stop()
    if args.profile is not None:
        _print_profile(args.profile)
    return analyze(workload, sink, log, cpu)


def run_baseline(args: argparse.Namespace, workload: Workload, body_size: int) -> dict[str, Any]:
    spec = AppSpec("bench.streaming:create_streaming_baseline", {"body_size": body_size})
    # the same requests as Roost's, signed with keys nobody checks
    keys = OAuthKeys("baseline-consumer", "secret", "0-baseline", "secret")
    accounts = Accounts((keys,) * len(workload.phrases), (keys,) * POSTERS)
    with Server("baseline", spec) as server:
        streams, posts = signed_requests(f"http://{HOST}:{server.port}", workload, accounts)
        sink, log, cpu = asyncio.run(
            drive("baseline", server.port, server.pid, workload, streams, posts, args.rate)
        )
    return analyze(workload, sink, log, cpu)


# ---------------------------------------------------------------------- summary
def _rounded(fig: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in fig.items()}


def summarize(
    args: argparse.Namespace, workload: Workload, roost: dict[str, Any], base: dict[str, Any] | None,
    load_before: list[float], problems: list[str],
) -> dict[str, Any]:  # fmt: skip
    ratio = None
    if base is not None:
        ratio = {
            "p50": roost["p50_ms"] / base["p50_ms"] if base["p50_ms"] > 0 else math.nan,
            "p99": roost["p99_ms"] / base["p99_ms"] if base["p99_ms"] > 0 else math.nan,
            "server_cpu_per_delivery": roost["server_cpu_us_per_delivery"]
            / base["server_cpu_us_per_delivery"],
            "server_cpu_per_post": roost["server_cpu_us_per_post"] / base["server_cpu_us_per_post"],
        }
    full = args.connections >= GOAL_CONNECTIONS and args.rate >= GOAL_RATE
    met = (
        roost["p99_ms"] < GOAL_P99_MS
        and not problems
        and roost["achieved_post_rate"] >= 0.98 * args.rate
    )
    return {
        "benchmark": NAME,
        "endpoint": "POST /1.1/statuses/filter.json, fed by POST /1.1/statuses/update.json",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "config": {
            "connections": args.connections,
            "rate": args.rate,
            "seconds": args.seconds,
            "warmup_s": args.warmup,
            "phrases_per_connection": args.phrases,
            "two_word_phrase_share": TWO_WORD_SHARE,
            "vocabulary": workload.vocabulary_size,
            "words_per_status": list(WORDS_PER_STATUS),
            "target_fanout": TARGET_FANOUT,
            "posters": POSTERS,
            "seed": args.seed,
            "profiled": args.profile is not None,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "stack": resolved_stack(),
            "env": {"ROOST_RATE_LIMITS": "off", "ROOST_STREAM_RATE": "0"},
            "load_average_before": load_before,
            "load_average_after": load_average(),
        },
        "roost": _rounded(roost),
        "baseline": _rounded(base) if base is not None else None,
        "ratio": _rounded(ratio) if ratio is not None else None,
        "problems": problems,
        "goal": {
            "p99_ms_max": GOAL_P99_MS,
            "at_rate": GOAL_RATE,
            "with_connections": GOAL_CONNECTIONS,
            "applies": full,
            "p99_ms": round(roost["p99_ms"], 3),
            "met": met if full else None,
        },
    }


def format_summary(s: dict[str, Any]) -> str:
    cfg = s["config"]
    lines = [
        f"== {s['benchmark']}: {s['endpoint']}",
        f"   {cfg['connections']} connections x {cfg['phrases_per_connection']} phrases"
        f" (vocabulary {cfg['vocabulary']}), {cfg['rate']:g} posts/s for {cfg['seconds']:g} s,"
        f" {cfg['stack']['server']} ({cfg['stack']['loop']}, {cfg['stack']['http']}),"
        f" {cfg['cpus']} CPUs, load before {cfg['load_average_before']}",
        f"{'':10}{'posts/s':>8}{'fan-out':>8}{'deliv/s':>9}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'max ms':>8}{'neg':>6}{'post p99':>9}{'srv us/dl':>10}{'srv us/post':>12}"
        f"{'srv busy':>9}{'cli busy':>9}",
    ]
    for label in ("baseline", "roost"):
        f = s[label]
        if f is None:
            continue
        lines.append(
            f"{label:10}{f['achieved_post_rate']:8.1f}{f['mean_fanout']:8.1f}"
            f"{f['deliveries_per_s']:9.0f}{f['p50_ms']:8.2f}{f['p99_ms']:8.2f}{f['max_ms']:8.1f}"
            f"{f['negative_share']:6.1%}{f['post_p99_ms']:9.2f}"
            f"{f['server_cpu_us_per_delivery']:10.1f}{f['server_cpu_us_per_post']:12.0f}"
            f"{f['server_busy']:9.0%}{f['client_busy']:9.0%}"
        )
    if s["ratio"]:
        r = s["ratio"]
        lines.append(
            f"roost / baseline: p50 {r['p50']:.2f}x, p99 {r['p99']:.2f}x, server CPU per delivery"
            f" {r['server_cpu_per_delivery']:.2f}x, per post {r['server_cpu_per_post']:.2f}x"
        )
    if s["baseline"] is not None:
        lines.append(
            f"baseline's naive fan-out (every connection checked): about"
            f" {s['baseline']['naive_match_us_per_post']:.0f} us of CPU a post (timed here)"
        )
    f = s["roost"]
    lines.append(
        f"roost: {f['deliveries']} of {f['expected_deliveries']} expected deliveries"
        f" (mean fan-out {f['mean_fanout']:.1f} = {f['mean_fanout'] / cfg['connections']:.1%}"
        f" of the connections, max {f['max_fanout']}), {f['missing']} missing"
    )
    for problem in s["problems"]:
        lines.append(f"PROBLEM: {problem}")
    g = s["goal"]
    if g["applies"]:
        verdict = "met" if g["met"] else "NOT met"
        lines.append(
            f"goal: p99 < {g['p99_ms_max']:g} ms at {g['at_rate']:g} posts/s with"
            f" {g['with_connections']} connections: p99 {g['p99_ms']:.1f} ms -- {verdict}"
        )
    else:
        lines.append(
            f"goal (p99 < {g['p99_ms_max']:g} ms at {g['at_rate']:g} posts/s with"
            f" {g['with_connections']} connections) not evaluated at these parameters"
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.streaming", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("--connections", type=int, default=None, help="streams (1000)")
    p.add_argument("--rate", type=float, default=None, help="posts per second (200)")
    p.add_argument("--seconds", type=float, default=None, help="steady phase (20)")
    p.add_argument("--phrases", type=int, default=10, help="phrases tracked per connection (10)")
    p.add_argument("--warmup", type=float, default=None, help="warm-up posting, seconds (2)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--quick", action="store_true", help="smoke run: 100 connections, 5 s")
    p.add_argument("--profile", type=Path, help="run the server under cProfile, stats to FILE")
    p.add_argument("--no-baseline", action="store_true", help="measure Roost only")
    p.add_argument("--no-write", action="store_true")
    args = p.parse_args(argv)
    defaults = (100, 200.0, 5.0, 1.0) if args.quick else (1000, 200.0, 20.0, 2.0)
    for name, value in zip(("connections", "rate", "seconds", "warmup"), defaults, strict=True):
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.connections < 1 or args.rate <= 0 or args.seconds <= 0 or not 1 <= args.phrases <= 400:
        p.error("--connections, --rate, --seconds must be positive and --phrases 1-400")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ["ROOST_RATE_LIMITS"] = "off"
    with contextlib.suppress(ImportError):
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    load_before = load_average()
    workload = make_workload(args)
    mean_fanout = sum(len(e) for e in workload.expected) / len(workload.expected)
    say(
        f"workload: {args.connections} connections x {args.phrases} phrases, vocabulary"
        f" {workload.vocabulary_size}, {len(workload.texts)} posts, mean fan-out {mean_fanout:.1f}"
    )
    try:
        with tempfile.TemporaryDirectory(prefix="roost-bench-streaming-") as tmp:
            roost = run_roost(args, Path(tmp), workload)
        problems = failures("roost", roost)
        base = None
        if not args.no_baseline:
            base = run_baseline(args, workload, round(roost["mean_status_bytes"]))
            problems += failures("baseline", base)
            base["naive_match_us_per_post"] = naive_match_us(workload)
    except BenchError as exc:
        say(f"benchmark failed: {exc}")
        return 1
    summary = summarize(args, workload, roost, base, load_before, problems)
    print(format_summary(summary))
    if args.quick or args.profile is not None or args.no_write:
        say("not written (--quick, --profile or --no-write)")
    else:
        say(f"written to {write_json(summary, NAME)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
