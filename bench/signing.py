"""OAuth 1.0a requests signed ahead of time with oauthlib, serialized to raw HTTP/1.1 bytes.

oauthlib is the reference implementation, so a run of 200s also proves Roost accepts real
signatures. Signing costs a few hundred microseconds a request, far more than the server's
share, so it happens before the timed run, spread over a process pool; every request carries a
unique nonce (the server refuses replays) and a fresh timestamp (600 s window).

``Signer`` signs one GET URL over and over; ``PlanSigner`` signs whatever a ``RequestPlan``
says request ``i`` is (method, URL with its query, whose keys), for benchmarks whose requests
differ one from the next. POSTs go out as tweepy sends them: every parameter in the query
string (oauthlib signs the query of any method), an empty body and ``Content-Length: 0``.
"""

from __future__ import annotations

import math
import os
import secrets
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from urllib.parse import urlsplit

USER_AGENT = "roost-bench"


@dataclass(frozen=True)
class OAuthKeys:
    """The four OAuth 1.0a secrets of one user of one App."""

    consumer_key: str
    consumer_secret: str
    token: str
    token_secret: str


@dataclass(frozen=True)
class Planned:
    """One request to sign: ``method`` (GET or POST), ``url`` with its query, signed by ``keys``."""

    method: str
    url: str
    keys: OAuthKeys


# What request number ``i`` is. Plans travel to the signing processes, so they must pickle:
# a module-level class or function, not a lambda.
RequestPlan = Callable[[int], Planned]


def _raw(method: str, url: str, headers: dict[str, str], extra: tuple[str, ...] = ()) -> bytes:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"{method} {target} HTTP/1.1", f"Host: {parts.netloc}", f"User-Agent: {USER_AGENT}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines += extra
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def raw_get(url: str, headers: dict[str, str]) -> bytes:
    """``GET url`` as HTTP/1.1 bytes with ``Host`` from the URL; keep-alive is HTTP/1.1's default."""
    return _raw("GET", url, headers)


def raw_post(url: str, headers: dict[str, str]) -> bytes:
    """``POST url`` (parameters in its query) with an empty body: ``Content-Length: 0``."""
    return _raw("POST", url, headers, ("Content-Length: 0",))


def _signed(keys: OAuthKeys, method: str, url: str, nonce: str, timestamp: str) -> bytes:
    from oauthlib.oauth1 import Client

    client = Client(
        keys.consumer_key,
        client_secret=keys.consumer_secret,
        resource_owner_key=keys.token,
        resource_owner_secret=keys.token_secret,
        nonce=nonce,
        timestamp=timestamp,
    )
    if method == "GET":
        signed_url, headers, _ = client.sign(url)
        return raw_get(signed_url, headers)
    if method == "POST":
        # No body: oauthlib collects the parameters from the query (RFC 5849 3.4.1.3.1).
        signed_url, headers, _ = client.sign(url, http_method="POST")
        return raw_post(signed_url, headers)
    raise ValueError(f"cannot sign a {method} request")


def sign_range(keys: OAuthKeys, url: str, nonce_prefix: str, first: int, count: int) -> list[bytes]:
    """GET requests ``first .. first+count-1``, each with nonce ``<prefix><index>``."""
    timestamp = str(int(time.time()))
    return [
        _signed(keys, "GET", url, f"{nonce_prefix}{i:010d}", timestamp)
        for i in range(first, first + count)
    ]


def sign_planned(plan: RequestPlan, nonce_prefix: str, first: int, count: int) -> list[bytes]:
    """Requests ``plan(first) .. plan(first+count-1)``, each with nonce ``<prefix><index>``."""
    timestamp = str(int(time.time()))
    out = []
    for i in range(first, first + count):
        planned = plan(i)
        nonce = f"{nonce_prefix}{i:010d}"
        out.append(_signed(planned.keys, planned.method, planned.url, nonce, timestamp))
    return out


class _BatchSigner:
    """Signs batches over a process pool, numbering requests on: no index (nonce) twice."""

    def __init__(self, pool: Executor, workers: int) -> None:
        self._pool = pool
        self._workers = max(1, workers)
        self._prefix = secrets.token_hex(6)  # distinct across bench runs against one server
        self._issued = 0

    def _submit(self, first: int, count: int) -> Future[list[bytes]]:
        raise NotImplementedError

    def sign(self, count: int) -> list[bytes]:
        """``count`` freshly signed requests, in order."""
        chunk = math.ceil(count / self._workers)
        futures = []
        for first in range(self._issued, self._issued + count, chunk):
            futures.append(self._submit(first, min(chunk, self._issued + count - first)))
        self._issued += count
        return [request for future in futures for request in future.result()]


class Signer(_BatchSigner):
    """Signs batches of GET requests for one URL, each nonce used once for the signer's life."""

    def __init__(self, keys: OAuthKeys, url: str, pool: Executor, workers: int) -> None:
        super().__init__(pool, workers)
        self.keys = keys
        self.url = url

    def _submit(self, first: int, count: int) -> Future[list[bytes]]:
        return self._pool.submit(sign_range, self.keys, self.url, self._prefix, first, count)


class PlanSigner(_BatchSigner):
    """Signs batches of ``plan(i)`` for i = 0, 1, 2, ...: request i is never issued twice, so a
    plan that puts ``i`` in a status text gets a text never posted before."""

    def __init__(self, plan: RequestPlan, pool: Executor, workers: int) -> None:
        super().__init__(pool, workers)
        self.plan = plan

    def _submit(self, first: int, count: int) -> Future[list[bytes]]:
        return self._pool.submit(sign_planned, self.plan, self._prefix, first, count)


def signing_workers() -> int:
    """One signer per core: the server idles while requests are signed."""
    return os.cpu_count() or 1
