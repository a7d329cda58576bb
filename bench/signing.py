"""OAuth 1.0a requests signed ahead of time with oauthlib, serialized to raw HTTP/1.1 bytes.

oauthlib is the reference implementation, so a run of 200s also proves Roost accepts real
signatures. Signing costs a few hundred microseconds a request, far more than the server's
share, so it happens before the timed run, spread over a process pool; every request carries a
unique nonce (the server refuses replays) and a fresh timestamp (600 s window).
"""

from __future__ import annotations

import math
import os
import secrets
import time
from concurrent.futures import Executor
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


def raw_get(url: str, headers: dict[str, str]) -> bytes:
    """``GET url`` as HTTP/1.1 bytes with ``Host`` from the URL; keep-alive is HTTP/1.1's default."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {target} HTTP/1.1", f"Host: {parts.netloc}", f"User-Agent: {USER_AGENT}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def sign_range(keys: OAuthKeys, url: str, nonce_prefix: str, first: int, count: int) -> list[bytes]:
    """Requests ``first .. first+count-1``, each with nonce ``<prefix><index>``."""
    from oauthlib.oauth1 import Client

    timestamp = str(int(time.time()))
    out = []
    for i in range(first, first + count):
        client = Client(
            keys.consumer_key,
            client_secret=keys.consumer_secret,
            resource_owner_key=keys.token,
            resource_owner_secret=keys.token_secret,
            nonce=f"{nonce_prefix}{i:010d}",
            timestamp=timestamp,
        )
        signed_url, headers, _ = client.sign(url)
        out.append(raw_get(signed_url, headers))
    return out


class Signer:
    """Signs batches of GET requests for one URL, each nonce used once for the signer's life."""

    def __init__(self, keys: OAuthKeys, url: str, pool: Executor, workers: int) -> None:
        self.keys = keys
        self.url = url
        self._pool = pool
        self._workers = max(1, workers)
        self._prefix = secrets.token_hex(6)  # distinct across bench runs against one server
        self._issued = 0

    def sign(self, count: int) -> list[bytes]:
        """``count`` freshly signed requests, in order."""
        chunk = math.ceil(count / self._workers)
        futures = []
        for first in range(self._issued, self._issued + count, chunk):
            n = min(chunk, self._issued + count - first)
            futures.append(
                self._pool.submit(sign_range, self.keys, self.url, self._prefix, first, n)
            )
        self._issued += count
        return [request for future in futures for request in future.result()]


def signing_workers() -> int:
    """One signer per core: the server idles while requests are signed."""
    return os.cpu_count() or 1
