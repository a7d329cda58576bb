"""Ending the streams of access tokens revoked by another process.

A token revoked through this server ends its streams at once (``Hub.revoke``, disconnect code
6). One revoked elsewhere (through another server process on the same database, or by an
operator deleting the row) is found here: every ``interval`` seconds the store is asked which
of the open connections' tokens still exist, and the streams of the others end the same way.
The interval is the credential cache's lifetime, so a revoked token stops working for requests
and for streams within the same bound.
"""

from __future__ import annotations

import asyncio
import logging

from roost.runtime import Runtime
from roost.stream.hub import Hub

log = logging.getLogger("roost.stream")


def sweep(runtime: Runtime, hub: Hub) -> list[str]:
    """End the streams of every open connection's token the store no longer has: those tokens."""
    tokens = hub.access_tokens()
    if not tokens:
        return []
    with runtime.store.read() as tx:
        live = tx.live_access_tokens(tokens)
    gone = [token for token in tokens if token not in live]
    for token in gone:
        hub.revoke(token)
    return gone


async def watch(runtime: Runtime, hub: Hub, interval: float) -> None:
    """``sweep`` every ``interval`` seconds (at least half a second apart: a cache lifetime of
    0 means no caching, not a busy loop), forever (cancel to stop)."""
    while True:
        await asyncio.sleep(max(interval, 0.5))
        try:
            sweep(runtime, hub)
        except Exception:  # noqa: BLE001 - a store hiccup must not end the watch
            log.exception("checking the streams' tokens failed")
