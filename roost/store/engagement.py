"""Likes and retweets: the queries of favorites/* and statuses/retweet* (part of SqlTx)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from roost.store import schema as t
from roost.store.base import IN_CHUNK, iter_chunks
from roost.store.mixin import TxQueries
from roost.store.prepared import in_binds


class EngagementQueries(TxQueries):
    """Likes and retweets (mixed into SqlTx)."""

    # ------------------------------------------------------------------------------ likes

    def insert_favorite(self, user_id: int, status_id: int, like_id: int, now_ms: int) -> bool:
        """Record a like; False if the user already liked the status."""
        dialect = self.dialect

        def build() -> Any:  # insert-or-ignore that says whether it inserted (RETURNING)
            return dialect.insert_ignore(
                t.favorites,
                user_id=sa.bindparam("uid"),
                status_id=sa.bindparam("sid"),
                id=sa.bindparam("id"),
                created_at_ms=sa.bindparam("at"),
            ).returning(t.favorites.c.id)

        row = self._one("insert_favorite", build, uid=user_id, sid=status_id, id=like_id, at=now_ms)
        return row is not None

    def delete_favorite(self, user_id: int, status_id: int) -> bool:
        """Remove a like; False if there was none."""
        return (
            self._one("delete_favorite", _delete_favorite, uid=user_id, sid=status_id) is not None
        )

    def favorited_among(self, user_id: int, status_ids: Iterable[int]) -> set[int]:
        """The statuses among ``status_ids`` the user liked (``favorited``, one query a page)."""
        found: set[int] = set()
        for chunk in iter_chunks(sorted(set(status_ids)), IN_CHUNK):
            found.update(
                r[0] for r in self._rows("favorited_among", _favorited_among, chunk, uid=user_id)
            )
        return found

    def favorite_status_ids(
        self, user_id: int, since_id: int | None, max_id: int | None, count: int
    ) -> list[int]:
        """Ids of statuses the user liked, newest status first (favorites/list)."""
        c = t.favorites.c
        query = sa.select(c.status_id).where(c.user_id == user_id)
        if since_id is not None:
            query = query.where(c.status_id > since_id)
        if max_id is not None:
            query = query.where(c.status_id <= max_id)
        rows = self.conn.execute(query.order_by(c.status_id.desc()).limit(count))
        return [r[0] for r in rows]

    def favoriters_of(self, status_ids: Sequence[int]) -> list[tuple[int, int]]:
        """(status id, user id) of every like of the given statuses (deleting them)."""
        c = t.favorites.c
        out: list[tuple[int, int]] = []
        for chunk in iter_chunks(list(status_ids), IN_CHUNK):
            rows = self.conn.execute(
                sa.select(c.status_id, c.user_id).where(c.status_id.in_(chunk))
            )
            out.extend((r[0], r[1]) for r in rows)
        return out

    def delete_favorites_of(self, status_ids: Sequence[int]) -> None:
        """Remove every like of the given statuses."""
        for chunk in iter_chunks(list(status_ids), IN_CHUNK):
            self.conn.execute(t.favorites.delete().where(t.favorites.c.status_id.in_(chunk)))

    # --------------------------------------------------------------------------- retweets

    def retweet_ids_by(self, status_id: int, since_id: int | None, count: int) -> list[int]:
        """Ids of the newest ``count`` retweets of a status (statuses/retweets/:id)."""
        c = t.statuses.c
        query = sa.select(c.id).where(c.retweeted_status_id == status_id)
        if since_id is not None:
            query = query.where(c.id > since_id)
        return [r[0] for r in self.conn.execute(query.order_by(c.id.desc()).limit(count))]

    def retweeter_page(self, status_id: int, cursor: int, count: int) -> Any:
        """Who retweeted a status, newest retweet first, cursored by retweet id."""
        return self._page(t.statuses, "retweeted_status_id", "user_id", status_id, cursor, count)

    def retweeted_statuses_of(
        self, user_id: int, since_id: int | None, max_id: int | None, count: int
    ) -> list[int]:
        """Ids of the user's own statuses that others retweeted, newest first (retweets_of_me)."""
        c = t.statuses.c
        query = sa.select(c.id).where(
            c.user_id == user_id, c.retweet_count > 0, c.retweeted_status_id.is_(None)
        )
        if since_id is not None:
            query = query.where(c.id > since_id)
        if max_id is not None:
            query = query.where(c.id <= max_id)
        return [r[0] for r in self.conn.execute(query.order_by(c.id.desc()).limit(count))]


def _delete_favorite() -> Any:
    c = t.favorites.c
    return (
        t.favorites.delete()
        .where(c.user_id == sa.bindparam("uid"), c.status_id == sa.bindparam("sid"))
        .returning(c.id)
    )


def _favorited_among(n: int) -> Any:
    c = t.favorites.c
    return sa.select(c.status_id).where(
        c.user_id == sa.bindparam("uid"), c.status_id.in_(in_binds("v", n))
    )
