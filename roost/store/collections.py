"""Twitter Collections: the queries of collections/* (part of SqlTx).

Every write to a collection's entries starts with ``lock_collection``, an UPDATE of the
collection's row: on PostgreSQL it holds the row lock until the unit commits, so two writers of
one collection never pick the same new ``sort_index`` (SQLite has one writer anyway). Entries
leave with their status, their collection or its owner by ON DELETE CASCADE (schema.py), so no
delete path needs to know about collections.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from roost.domain.collections import CollectionRow, Entry
from roost.store import schema as t
from roost.store.mixin import TxQueries

__all__ = ["CollectionQueries", "CollectionRow", "Entry"]

_C = t.collections.c
_E = t.collection_entries.c
_COLUMNS = [
    _C[name]
    for name in (
        "id",
        "owner_id",
        "name",
        "description",
        "url",
        "timeline_order",
        "visibility",
        "created_at_ms",
        "updated_at_ms",
    )
]


class CollectionQueries(TxQueries):
    """Collections and their entries (mixed into SqlTx)."""

    # ------------------------------------------------------------------ collections
    def insert_collection(self, row: CollectionRow) -> None:
        """Store a new, empty collection."""
        self.conn.execute(
            t.collections.insert().values({c.name: getattr(row, c.name) for c in _COLUMNS})
        )

    def collection_by_id(self, collection_id: int) -> CollectionRow | None:
        """One collection by id."""
        row = self.conn.execute(sa.select(*_COLUMNS).where(_C.id == collection_id)).first()
        return CollectionRow(*row) if row is not None else None

    def update_collection(
        self, collection_id: int, *, name: str, description: str, url: str, now_ms: int
    ) -> None:
        """Overwrite the editable texts (collections/update has no partial updates)."""
        self.conn.execute(
            t.collections.update()
            .where(_C.id == collection_id)
            .values(name=name, description=description, url=url, updated_at_ms=now_ms)
        )

    def delete_collection(self, collection_id: int) -> bool:
        """Remove a collection (its entries cascade); False if there was none."""
        gone = self.conn.execute(
            t.collections.delete().where(_C.id == collection_id).returning(_C.id)
        ).first()
        return gone is not None

    def lock_collection(self, collection_id: int, now_ms: int) -> bool:
        """Mark the collection changed and hold its row until commit (see the module's
        docstring); False if it does not exist."""
        done = self.conn.execute(
            t.collections.update()
            .where(_C.id == collection_id)
            .values(updated_at_ms=now_ms)
            .returning(_C.id)
        ).first()
        return done is not None

    def collections_page(
        self, owner_id: int | None, tweet_id: int | None, before: int | None, count: int
    ) -> tuple[list[CollectionRow], bool]:
        """Up to ``count`` collections, newest first, of ``owner_id`` and/or holding
        ``tweet_id``, with ids below ``before``; and whether more follow."""
        query = sa.select(*_COLUMNS)
        if tweet_id is not None:
            query = query.join(
                t.collection_entries,
                sa.and_(_E.collection_id == _C.id, _E.status_id == tweet_id),
            )
        if owner_id is not None:
            query = query.where(_C.owner_id == owner_id)
        if before is not None:
            query = query.where(_C.id < before)
        rows = self.conn.execute(query.order_by(_C.id.desc()).limit(count + 1)).all()
        return [CollectionRow(*r) for r in rows[:count]], len(rows) > count

    # ------------------------------------------------------------------ entries
    def entry(self, collection_id: int, status_id: int) -> Entry | None:
        """The entry of ``status_id`` in the collection, if it is there."""
        row = self.conn.execute(
            sa.select(_E.status_id, _E.sort_index).where(
                _E.collection_id == collection_id, _E.status_id == status_id
            )
        ).first()
        return Entry(row[0], row[1]) if row is not None else None

    def entry_keys_around(
        self, collection_id: int, sort_index: int
    ) -> tuple[int | None, int | None]:
        """The keys nearest below and above ``sort_index`` in the collection (None: none)."""
        where = _E.collection_id == collection_id
        below = self.conn.execute(
            sa.select(sa.func.max(_E.sort_index)).where(where, _E.sort_index < sort_index)
        ).scalar()
        above = self.conn.execute(
            sa.select(sa.func.min(_E.sort_index)).where(where, _E.sort_index > sort_index)
        ).scalar()
        return below, above

    def top_sort_index(self, collection_id: int) -> int | None:
        """The highest key of the collection (None when it is empty)."""
        return self.conn.execute(
            sa.select(sa.func.max(_E.sort_index)).where(_E.collection_id == collection_id)
        ).scalar()

    def insert_entry(
        self, collection_id: int, status_id: int, sort_index: int, entry_id: int, now_ms: int
    ) -> bool:
        """Add a tweet at ``sort_index``; False if it was already in the collection."""
        stmt = self.dialect.insert_ignore(
            t.collection_entries,
            collection_id=collection_id,
            status_id=status_id,
            sort_index=sort_index,
            id=entry_id,
            added_at_ms=now_ms,
        ).returning(_E.status_id)
        return self.conn.execute(stmt).first() is not None

    def delete_entry(self, collection_id: int, status_id: int) -> bool:
        """Take a tweet out of the collection; False if it was not there."""
        gone = self.conn.execute(
            t.collection_entries.delete()
            .where(_E.collection_id == collection_id, _E.status_id == status_id)
            .returning(_E.status_id)
        ).first()
        return gone is not None

    def move_entry(self, collection_id: int, status_id: int, sort_index: int) -> None:
        """Give an entry a new key (entries/move; the key must be free)."""
        self.conn.execute(
            t.collection_entries.update()
            .where(_E.collection_id == collection_id, _E.status_id == status_id)
            .values(sort_index=sort_index)
        )

    def entry_count(self, collection_id: int) -> int:
        """How many tweets the collection holds."""
        return int(
            self.conn.execute(
                sa.select(sa.func.count()).where(_E.collection_id == collection_id)
            ).scalar()
            or 0
        )

    def trim_entries(self, collection_id: int, limit: int) -> list[int]:
        """Drop the entries added longest ago until at most ``limit`` remain; their tweet ids."""
        excess = self.entry_count(collection_id) - limit
        if excess <= 0:
            return []
        oldest = [
            r[0]
            for r in self.conn.execute(
                sa.select(_E.status_id)
                .where(_E.collection_id == collection_id)
                .order_by(_E.id.asc())
                .limit(excess)
            )
        ]
        self.conn.execute(
            t.collection_entries.delete().where(
                _E.collection_id == collection_id, _E.status_id.in_(oldest)
            )
        )
        return oldest

    def entry_ids_desc(self, collection_id: int) -> list[int]:
        """Every tweet id of the collection, highest ``sort_index`` first (renumbering)."""
        return [
            r[0]
            for r in self.conn.execute(
                sa.select(_E.status_id)
                .where(_E.collection_id == collection_id)
                .order_by(_E.sort_index.desc())
            )
        ]

    def set_sort_indexes(self, collection_id: int, keys: dict[int, int]) -> None:
        """Give every entry of the collection a new key at once (``keys`` must name them all).
        The keys are first negated (every stored key is
        positive, so no two collide) and then set, so the unique index never sees a clash
        midway on either engine."""
        self.conn.execute(
            t.collection_entries.update()
            .where(_E.collection_id == collection_id)
            .values(sort_index=-_E.sort_index)
        )
        if not keys:
            return
        stmt = (
            t.collection_entries.update()
            .where(
                _E.collection_id == sa.bindparam("cid"),
                _E.status_id == sa.bindparam("sid"),
            )
            .values(sort_index=sa.bindparam("key"))
        )
        self.conn.execute(
            stmt, [{"cid": collection_id, "sid": s, "key": k} for s, k in keys.items()]
        )

    def entries_page(
        self,
        collection_id: int,
        viewer_id: int | None,
        max_position: int | None,
        min_position: int | None,
        count: int,
    ) -> tuple[list[Entry], bool]:
        """Up to ``count`` entries, highest key first, with ``min_position < sort_index <=
        max_position``, of tweets the viewer may see (protected authors only for themselves and
        their approved followers: policy.can_view_status, in the query); and whether more
        entries lie in that range."""
        s, u, f = t.statuses.c, t.users.c, t.follows.c
        viewer = viewer_id or 0
        follows = sa.exists().where(f.follower_id == viewer, f.followee_id == u.id)
        query = (
            sa.select(_E.status_id, _E.sort_index)
            .select_from(
                t.collection_entries.join(t.statuses, s.id == _E.status_id).join(
                    t.users, u.id == s.user_id
                )
            )
            .where(
                _E.collection_id == collection_id,
                sa.or_(sa.not_(u.protected), u.id == viewer, follows),
            )
        )
        if max_position is not None:
            query = query.where(_E.sort_index <= max_position)
        if min_position is not None:
            query = query.where(_E.sort_index > min_position)
        rows = self.conn.execute(query.order_by(_E.sort_index.desc()).limit(count + 1)).all()
        return [Entry(r[0], r[1]) for r in rows[:count]], len(rows) > count

    def collection_ids_with(self, status_ids: Sequence[int]) -> dict[int, list[int]]:
        """For each status, the collections holding it (a status's deletion, tests)."""
        out: dict[int, list[int]] = {}
        if not status_ids:
            return out
        rows: Any = self.conn.execute(
            sa.select(_E.status_id, _E.collection_id).where(_E.status_id.in_(list(status_ids)))
        )
        for sid, cid in rows:
            out.setdefault(sid, []).append(cid)
        return out
