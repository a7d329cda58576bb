"""Reading the streams' outbox: events other processes wrote (``roost withhold``, ``roost users
scrub-geo``) published on this process's bus, in the order they were written.

A server starts after the newest event already there (an event is news, not history) and looks
again every ``interval`` seconds.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from roost.runtime import Runtime
from roost.stream.events import GeoScrubbed, StatusWithheld, StreamEvent, UserWithheld

log = logging.getLogger("roost.stream")
INTERVAL = 0.5


def event_of(kind: str, payload: dict[str, Any]) -> StreamEvent | None:
    """The bus event of an outbox row (None for a kind this version does not know)."""
    if kind == "status_withheld":
        return StatusWithheld(
            int(payload["status_id"]), int(payload["user_id"]), tuple(payload["countries"])
        )
    if kind == "user_withheld":
        return UserWithheld(int(payload["user_id"]), tuple(payload["countries"]))
    if kind == "scrub_geo":
        return GeoScrubbed(int(payload["user_id"]), int(payload["up_to_status_id"]))
    return None


async def poll(runtime: Runtime, interval: float = INTERVAL) -> None:
    """Publish every new outbox event on the runtime's bus, forever (cancel to stop)."""
    with runtime.store.read() as tx:
        last = tx.last_stream_event_id()
    while True:
        await asyncio.sleep(interval)
        try:
            with runtime.store.read() as tx:
                rows = tx.stream_events_after(last)
        except Exception:  # noqa: BLE001 - a store hiccup must not end the polling
            log.exception("reading the stream outbox failed")
            continue
        for row_id, kind, payload in rows:
            last = row_id
            event = event_of(kind, payload)
            if event is None:
                continue
            # REST answers the change before the streams hear of it: the row cache of this
            # process forgets what the event's writer changed (else it would within its TTL)
            if isinstance(event, StatusWithheld):
                runtime.store.forget_statuses([event.status_id])
            elif isinstance(event, UserWithheld):
                runtime.store.forget_users([event.user_id])
            runtime.stream.publish(event)
