"""Uploaded media rows (part of SqlTx); the files themselves are in the blob store."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from roost.domain.model import Media
from roost.store import schema as t
from roost.store.base import IN_CHUNK, iter_chunks, json_value

_FIELDS = (
    "id",
    "user_id",
    "name",
    "kind",
    "media_type",
    "media_category",
    "state",
    "total_bytes",
    "size",
    "width",
    "height",
    "duration_ms",
    "alt_text",
    "base_url",
    "additional_owners",
    "processing_polls",
    "processing_error",
    "status_id",
    "created_at_ms",
    "finalized_at_ms",
    "expires_at_ms",
)
_COLUMNS = [t.media.c[name] for name in _FIELDS]
# Media's attribute names differ from the columns in one place: ``category``.
_ATTRS = tuple("category" if name == "media_category" else name for name in _FIELDS)
_UPDATABLE = frozenset(_FIELDS) - {"id", "user_id", "name", "created_at_ms"}


def _media(row: Any) -> Media:
    values = dict(zip(_ATTRS, row, strict=True))
    values["additional_owners"] = tuple(json_value(values["additional_owners"]) or ())
    values["processing_error"] = json_value(values["processing_error"])
    return Media(**values)


class MediaQueries:
    """Media uploads (mixed into SqlTx)."""

    conn: Connection

    def insert_media(self, media: Media) -> None:
        """Store a new upload."""
        values = {col: getattr(media, attr) for col, attr in zip(_FIELDS, _ATTRS, strict=True)}
        values["additional_owners"] = list(media.additional_owners)
        self.conn.execute(t.media.insert().values(**values))

    def media_by_id(self, media_id: int) -> Media | None:
        """One upload by id."""
        row = self.conn.execute(sa.select(*_COLUMNS).where(t.media.c.id == media_id)).first()
        return _media(row) if row else None

    def media_by_ids(self, ids: Iterable[int]) -> dict[int, Media]:
        """Uploads by id (one query per 500 ids: a page's media load in one round trip)."""
        found: dict[int, Media] = {}
        for chunk in iter_chunks(sorted(set(ids)), IN_CHUNK):
            rows = self.conn.execute(sa.select(*_COLUMNS).where(t.media.c.id.in_(chunk)))
            found.update((row[0], _media(row)) for row in rows)
        return found

    def update_media(self, media_id: int, **values: Any) -> None:
        """Change an upload's columns (``media_category`` is named ``category`` here too)."""
        if "category" in values:
            values["media_category"] = values.pop("category")
        unknown = set(values) - _UPDATABLE
        if unknown:
            raise ValueError(f"not an updatable media column: {sorted(unknown)}")
        if "additional_owners" in values:
            values["additional_owners"] = list(values["additional_owners"])
        self.conn.execute(t.media.update().where(t.media.c.id == media_id).values(**values))

    def count_polls(self, media_id: int) -> None:
        """One more STATUS poll of an async upload (simulated processing advances with them)."""
        c = t.media.c
        self.conn.execute(
            t.media.update().where(c.id == media_id).values(processing_polls=c.processing_polls + 1)
        )

    def attach_media(self, media_ids: Iterable[int], status_id: int) -> None:
        """Mark uploads as used by a status (from then on they do not expire)."""
        ids = sorted(set(media_ids))
        if ids:
            c = t.media.c
            self.conn.execute(
                t.media.update()
                .where(c.id.in_(ids), c.status_id.is_(None))
                .values(status_id=status_id)
            )

    def media_uploaded_since(self, user_id: int, since_ms: int) -> tuple[int, int | None]:
        """How many uploads the user made since ``since_ms``, and when the oldest of them was."""
        c = t.media.c
        row = self.conn.execute(
            sa.select(sa.func.count(), sa.func.min(c.created_at_ms)).where(
                c.user_id == user_id, c.created_at_ms >= since_ms
            )
        ).one()
        return int(row[0]), row[1]
