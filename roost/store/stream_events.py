"""The streams' outbox (``stream_events``), withheld content and scrubbing a user's geotags.

A mixin of SqlTx, dialect-neutral Core. The outbox carries events from processes that are not a
server (the ``roost`` admin commands) to every server process, which polls it
(``stream/outbox.py``); a server's own writes reach its streams through the bus directly.
"""

from __future__ import annotations

from typing import Any

import orjson
import sqlalchemy as sa

from roost.store import schema as t
from roost.store.base import json_value
from roost.store.mixin import TxQueries


class StreamEventQueries(TxQueries):
    """Outbox, withheld and scrub_geo queries, a mixin of SqlTx."""

    def append_stream_event(self, kind: str, payload: dict[str, Any], now_ms: int) -> None:
        """Queue an event for the servers' streams (visible once this unit commits)."""
        self.conn.execute(
            t.stream_events.insert().values(
                kind=kind, payload=orjson.dumps(payload).decode(), created_at_ms=now_ms
            )
        )

    def stream_events_after(
        self, last_id: int, limit: int = 100
    ) -> list[tuple[int, str, dict[str, Any]]]:
        """Events written after ``last_id``, oldest first: (id, kind, payload)."""
        e = t.stream_events
        rows = self.conn.execute(
            sa.select(e.c.id, e.c.kind, e.c.payload)
            .where(e.c.id > last_id)
            .order_by(e.c.id)
            .limit(limit)
        ).all()
        return [(row[0], row[1], orjson.loads(row[2])) for row in rows]

    def last_stream_event_id(self) -> int:
        """The newest event's id (0 when there is none)."""
        return int(self.conn.execute(sa.select(sa.func.max(t.stream_events.c.id))).scalar() or 0)

    def set_withheld(self, kind: str, target_id: int, countries: list[str]) -> None:
        """Withhold a status or an account in ``countries`` (replacing what was set; none:
        nowhere). The caches forget the row at commit, other processes within their TTL."""
        table = _withheld_table(kind)
        self.conn.execute(
            table.update()
            .where(table.c.id == target_id)
            .values(withheld_in_countries=countries or None)
        )
        (self.touched_statuses if kind == "status" else self.touched_users).add(target_id)

    def withheld_in(self, kind: str, target_id: int) -> list[str]:
        """The countries a status or an account is withheld in."""
        table = _withheld_table(kind)
        codes = self.conn.execute(
            sa.select(table.c.withheld_in_countries).where(table.c.id == target_id)
        ).scalar()
        return list(json_value(codes) or [])

    def scrub_geo(self, user_id: int) -> tuple[int | None, list[int]]:
        """Remove the coordinates and places of every status of the user: (the user's newest
        status id, the ids of the statuses that had a location)."""
        s = t.statuses
        located = [
            row[0]
            for row in self.conn.execute(
                sa.select(s.c.id).where(
                    s.c.user_id == user_id,
                    sa.or_(s.c.lat.is_not(None), s.c.long.is_not(None), s.c.place_id.is_not(None)),
                )
            )
        ]
        if located:
            self.conn.execute(
                s.update().where(s.c.id.in_(located)).values(lat=None, long=None, place_id=None)
            )
            self.touched_statuses.update(located)
        newest = self.conn.execute(sa.select(sa.func.max(s.c.id)).where(s.c.user_id == user_id))
        return newest.scalar(), located


def _withheld_table(kind: str) -> sa.Table:
    """Where a withholding of ``kind`` ("status" or "user") is stored: on the row itself."""
    return t.statuses if kind == "status" else t.users
