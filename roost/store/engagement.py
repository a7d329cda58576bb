"""Likes and retweets: the queries of favorites/* and statuses/retweet* (part of SqlTx)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.engine import Connection

from roost.store.dialect import Dialect


class EngagementQueries:
    """Likes and retweets (mixed into SqlTx)."""

    conn: Connection
    dialect: Dialect
    touched_users: set[int]
    touched_statuses: set[int]

    # provided by SqlTx (store/sql.py): prepared statements on this unit's connection
    def _rows(
        self, name: str, build: Callable[[int], Any], values: Sequence[Any], **fixed: Any
    ) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _one(self, name: str, build: Callable[[], Any], **params: Any) -> tuple[Any, ...] | None:
        raise NotImplementedError
