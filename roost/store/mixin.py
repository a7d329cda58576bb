"""What every query mixin of SqlTx (statuses.py, engagement.py, timelines.py) may use of it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from roost.store.dialect import Dialect
from roost.store.prepared import Statements
from roost.store.ttlcache import TtlCache


class TxQueries:
    """The unit of work's connection, dialect and bookkeeping, and its prepared-statement runners;
    SqlTx (store/sql.py) provides them all."""

    conn: Connection
    dialect: Dialect
    prepared: Statements | None
    touched_users: set[int]  # accounts changed: the user cache forgets them at commit
    touched_statuses: set[int]  # statuses changed or deleted: likewise the status cache
    # The store's status cache on read units (None on writes, which must read their own rows).
    status_cache: TtlCache[Any] | None

    def _rows(
        self, name: str, build: Callable[[int], Any], values: Sequence[Any], **fixed: Any
    ) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _one(self, name: str, build: Callable[[], Any], **params: Any) -> tuple[Any, ...] | None:
        raise NotImplementedError

    def _page(
        self, table: sa.Table, key: str, value_col: str, owner: int, cursor: int, count: int
    ) -> Any:
        raise NotImplementedError

    def unindex_statuses(self, status_ids: Sequence[int]) -> None:
        raise NotImplementedError
